// memcached's slab classes (slabs_init with -n 48 -f 1.25, 1 MiB pages,
// 512 KiB slab_chunk_max). We do not allocate by slab, but `stats slabs`,
// `stats items` and `me ... cls=` report items by the class memcached would
// have put them in, so monitoring output keeps its shape.

export const ITEM_HEADER_BYTES = 48; // sizeof(item) on 64-bit
export const CAS_BYTES = 8;
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

/** Slab class id for an item of `total` bytes; chunked items report the largest. */
export function slabClassOf(total: number): number {
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
