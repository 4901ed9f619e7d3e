// memcached's slab classes (slabs_init with -n 48 -f 1.25, 1 MiB pages,
// 512 KiB slab_chunk_max): the class and chunks an item of a given shape
// takes. The store counts pages and chunks per class against the memory
// limit as memcached does (the bytes themselves live in V8 strings).

export const ITEM_HEADER_BYTES = 48; // sizeof(item) on 64-bit
export const CAS_BYTES = 8;
/** sizeof(item_chunk): the header of each chunk of a large item. */
export const ITEM_CHUNK_BYTES = 48;
export const SLAB_PAGE_BYTES = 1024 * 1024;
export const SLAB_CHUNK_MAX = SLAB_PAGE_BYTES / 2;
const GROWTH_FACTOR = 1.25;
const CHUNK_SIZE = 48;
const CHUNK_ALIGN = 8;

function buildClassSizes(): number[] {
  const sizes: number[] = [0]; // class ids start at 1
  let size = ITEM_HEADER_BYTES + CHUNK_SIZE;
  while (sizes.length < 63 && size < SLAB_CHUNK_MAX / GROWTH_FACTOR) {
    if (size % CHUNK_ALIGN) size += CHUNK_ALIGN - (size % CHUNK_ALIGN);
    sizes.push(size);
    size = Math.floor(size * GROWTH_FACTOR);
  }
  sizes.push(SLAB_CHUNK_MAX);
  return sizes;
}

export const SLAB_CLASS_SIZES: readonly number[] = buildClassSizes();
export const LARGEST_SLAB_CLASS = SLAB_CLASS_SIZES.length - 1;

/** Total bytes memcached accounts for an item (ITEM_ntotal). */
export function itemTotalSize(keyLength: number, valueLength: number, flags: number, withCas = true): number {
  return ITEM_HEADER_BYTES + (withCas ? CAS_BYTES : 0) + keyLength + 1 + valueLength + 2 + (flags !== 0 ? 4 : 0);
}

function searchClass(total: number): number {
  let lo = 1;
  let hi = LARGEST_SLAB_CLASS;
  if (total > SLAB_CLASS_SIZES[hi]) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (SLAB_CLASS_SIZES[mid] >= total) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Class ids of item sizes up to 16 KiB, looked up on every store instead of searched. */
const CLASS_BY_SIZE = new Uint8Array(16 * 1024 + 1);
for (let n = 0; n < CLASS_BY_SIZE.length; n++) CLASS_BY_SIZE[n] = searchClass(n);

/** Slab class id for an item of `total` bytes; chunked items report the largest. */
export function slabClassOf(total: number): number {
  return total < CLASS_BY_SIZE.length ? CLASS_BY_SIZE[total] : searchClass(total);
}

const CHUNKS_PER_PAGE = SLAB_CLASS_SIZES.map((size, cls) => (cls === 0 ? 0 : Math.floor(SLAB_PAGE_BYTES / size)));

export function chunksPerPage(cls: number): number {
  return CHUNKS_PER_PAGE[cls];
}

/** Chunks an item of this shape takes: [class, count] pairs (large items are chunked). */
export function chunkPlan(keyLength: number, valueLength: number, flags: number, withCas: boolean): number[] {
  const total = itemTotalSize(keyLength, valueLength, flags, withCas);
  if (total <= SLAB_CHUNK_MAX) return [slabClassOf(total), 1];
  // A header in a small class, then the data in chunk_max chunks with the
  // last one in the class that fits it (do_item_alloc / do_item_alloc_chunk).
  const plan = [slabClassOf(total - valueLength - 2 + ITEM_CHUNK_BYTES), 1];
  let remain = valueLength + 2;
  const full = Math.floor(remain / (SLAB_CHUNK_MAX - ITEM_CHUNK_BYTES));
  if (full > 0) plan.push(LARGEST_SLAB_CLASS, full);
  remain -= full * (SLAB_CHUNK_MAX - ITEM_CHUNK_BYTES);
  if (remain > 0) plan.push(slabClassOf(remain + ITEM_CHUNK_BYTES), 1);
  return plan;
}
