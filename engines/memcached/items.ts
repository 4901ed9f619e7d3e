// Item storage: every item is a slot number into parallel arrays (struct of
// arrays) plus its own hash index, so an item costs two strings (key and
// value, one char per byte) and about 50 bytes of typed-array fields instead
// of an object, a Map entry and their headers. Slot numbers are reused after
// an item is removed; a caller must not keep one across a store call.

/** Item `meta` word: low byte flags, then the slab class id and LRU segment. */
export const ITEM_FETCHED = 1;
export const ITEM_STALE = 2;
export const ITEM_TOKEN_SENT = 4;
export const ITEM_KEY_BINARY = 8;
/** Stored without a CAS id (memcached -C / cas_disabled): 8 bytes smaller. */
export const ITEM_NO_CAS = 16;
/** Fetched at least twice since it last moved (memcached's ITEM_ACTIVE). */
export const ITEM_ACTIVE = 32;
export const ITEM_FLAG_MASK = 0xff;
const CLASS_SHIFT = 8;
const LRU_SHIFT = 14;

export const enum Lru { Hot = 0, Warm = 1, Cold = 2 }

/** LRU list id of a class and segment (memcached's `slabs_clsid | lru`). */
export function lruId(cls: number, lru: Lru): number {
  return (cls << 2) | lru;
}

export function metaWord(flags: number, cls: number, lru: Lru): number {
  return (flags & ITEM_FLAG_MASK) | (cls << CLASS_SHIFT) | (lru << LRU_SHIFT);
}

export function metaClass(meta: number): number {
  return (meta >> CLASS_SHIFT) & 0x3f;
}

export function metaLru(meta: number): Lru {
  return (meta >> LRU_SHIFT) & 3;
}

const INITIAL_CAPACITY = 1024;

/** FNV-1a over the key's bytes (one char per byte). */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
}

export class ItemTable {
  count = 0;
  capacity = 0;
  keys: Array<string | undefined> = [];
  values: string[] = [];
  flags = new Uint32Array(0);
  /** Absolute Unix seconds, 0 = never (unsigned: binary clients may send up to 2^32-1). */
  exptime = new Uint32Array(0);
  /** Last access (memcached's it->time), Unix seconds. */
  atime = new Int32Array(0);
  cas = new Float64Array(0);
  meta = new Int32Array(0);
  /** LRU neighbours: `prev` is towards the head (more recent), `next` towards the tail. */
  prev = new Int32Array(0);
  next = new Int32Array(0);
  /** Hash chain, and the free list for unused slots. */
  hnext = new Int32Array(0);
  private buckets = new Int32Array(0);
  private mask = 0;
  private freeHead = -1;
  /** Slots never used yet start here. */
  private fresh = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.count = 0;
    this.capacity = 0;
    this.keys = [];
    this.values = [];
    this.freeHead = -1;
    this.fresh = 0;
    this.resize(INITIAL_CAPACITY);
    this.buckets = new Int32Array(INITIAL_CAPACITY).fill(-1);
    this.mask = INITIAL_CAPACITY - 1;
  }

  /** The slot holding `key`, or -1. */
  lookup(key: string): number {
    const keys = this.keys;
    const hnext = this.hnext;
    for (let s = this.buckets[hashKey(key) & this.mask]; s >= 0; s = hnext[s]) {
      if (keys[s] === key) return s;
    }
    return -1;
  }

  /** A new slot for `key` (which must not be present), indexed by it. */
  insert(key: string): number {
    let s = this.freeHead;
    if (s >= 0) {
      this.freeHead = this.hnext[s];
    } else {
      if (this.fresh === this.capacity) this.resize(this.capacity * 2);
      s = this.fresh++;
    }
    if (++this.count > this.buckets.length) this.rehash(this.buckets.length * 2);
    const b = hashKey(key) & this.mask;
    this.hnext[s] = this.buckets[b];
    this.buckets[b] = s;
    this.keys[s] = key;
    return s;
  }

  /** Drop the slot from the index and free it. */
  remove(s: number): void {
    const key = this.keys[s]!;
    const b = hashKey(key) & this.mask;
    let p = this.buckets[b];
    if (p === s) {
      this.buckets[b] = this.hnext[s];
    } else {
      while (this.hnext[p] !== s) p = this.hnext[p];
      this.hnext[p] = this.hnext[s];
    }
    this.keys[s] = undefined;
    this.values[s] = '';
    this.hnext[s] = this.freeHead;
    this.freeHead = s;
    this.count--;
  }

  /** Every slot in use. */
  *slots(): IterableIterator<number> {
    for (let s = 0; s < this.fresh; s++) if (this.keys[s] !== undefined) yield s;
  }

  private resize(capacity: number): void {
    const grow = <T extends Int32Array | Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const a = make(capacity);
      a.set(old.subarray(0, Math.min(old.length, capacity)));
      return a;
    };
    this.flags = grow(this.flags, (n) => new Uint32Array(n));
    this.exptime = grow(this.exptime, (n) => new Uint32Array(n));
    this.atime = grow(this.atime, (n) => new Int32Array(n));
    this.cas = grow(this.cas, (n) => new Float64Array(n));
    this.meta = grow(this.meta, (n) => new Int32Array(n));
    this.prev = grow(this.prev, (n) => new Int32Array(n));
    this.next = grow(this.next, (n) => new Int32Array(n));
    this.hnext = grow(this.hnext, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  private rehash(size: number): void {
    const buckets = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const keys = this.keys;
    const hnext = this.hnext;
    for (let s = 0; s < this.fresh; s++) {
      const key = keys[s];
      if (key === undefined) continue;
      const b = hashKey(key) & mask;
      hnext[s] = buckets[b];
      buckets[b] = s;
    }
    this.buckets = buckets;
    this.mask = mask;
  }
}
