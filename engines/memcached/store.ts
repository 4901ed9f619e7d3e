// The item store of one node: items, strict LRU (an intrusive doubly linked
// list, so a hit or an overwrite costs no hash-table reordering), memory
// accounting in memcached's item sizes, CAS ids, expiry and flush.
//
// Representation: keys and values are one-byte ("latin1") strings, one char
// per byte. They are binary-safe, compact in V8 (no per-value Buffer object)
// and text replies can be concatenated and written with one latin1 write.

import { itemTotalSize, slabClassOf } from './slabs.js';
import { safeStrtoull, UINT64_MODULUS } from './numbers.js';

export const ITEM_FETCHED = 1;
export const ITEM_STALE = 2;
export const ITEM_TOKEN_SENT = 4;
export const ITEM_KEY_BINARY = 8;
/** Stored without a CAS id (memcached -C / cas_disabled): 8 bytes smaller. */
export const ITEM_NO_CAS = 16;

/** 30 days: relative exptimes up to this, absolute Unix time beyond. */
export const REALTIME_MAXDELTA = 60 * 60 * 24 * 30;
/** An exptime in the past, used for "expire immediately". */
export const EXPIRED_TIME = 1;

export class Item {
  /** LRU neighbours: `prev` is more recently used, `next` less. */
  prev: Item | null = null;
  next: Item | null = null;

  constructor(
    public key: string,
    public value: string,
    public flags: number,
    public exptime: number, // absolute Unix seconds, 0 = never
    public cas: number,
    public atime: number, // last access, Unix seconds
    public bits: number,
  ) {}

  get size(): number {
    return itemTotalSize(this.key.length, this.value.length, this.flags, (this.bits & ITEM_NO_CAS) === 0);
  }
}

export const enum StoreMode { Set, Add, Replace, Append, Prepend, Cas }
export const enum StoreResult { Stored, Exists, NotFound, NotStored }
export const enum AllocResult { Ok, TooLarge, NoMemory }
export const enum DeltaResult { Ok, NotFound, NonNumeric, CasMismatch }

// Like memcached's current_time: one clock reading per batch of input
// (refreshClock), not one per command.
let currentSecond = Math.floor(Date.now() / 1000);

export function refreshClock(): number {
  currentSecond = Math.floor(Date.now() / 1000);
  return currentSecond;
}

export function nowSeconds(): number {
  return currentSecond;
}

export class StoreCounters {
  cmd_get = 0; cmd_set = 0; cmd_flush = 0; cmd_touch = 0; cmd_meta = 0;
  get_hits = 0; get_misses = 0; get_expired = 0; get_flushed = 0;
  delete_misses = 0; delete_hits = 0;
  incr_misses = 0; incr_hits = 0; decr_misses = 0; decr_hits = 0;
  cas_misses = 0; cas_hits = 0; cas_badval = 0;
  touch_hits = 0; touch_misses = 0;
  store_too_large = 0; store_no_memory = 0;
  auth_cmds = 0; auth_errors = 0;
  total_items = 0; evictions = 0; reclaimed = 0;
  expired_unfetched = 0; evicted_unfetched = 0; evicted_active = 0;
}

/** Per slab class counters reported by `stats slabs` / `stats items`. */
export class ClassCounters {
  get_hits = 0; cmd_set = 0; delete_hits = 0; incr_hits = 0; decr_hits = 0;
  cas_hits = 0; cas_badval = 0; touch_hits = 0;
  evicted = 0; evicted_nonzero = 0; evicted_time = 0; outofmemory = 0;
  reclaimed = 0; expired_unfetched = 0; evicted_unfetched = 0;
}

export class Store {
  readonly items = new Map<string, Item>();
  /** Most recently used item; `tail` is the eviction candidate. */
  private head: Item | null = null;
  private tail: Item | null = null;
  bytes = 0;
  private casCounter = 0;
  private oldestLive = 0;
  private oldestCas = 0;
  readonly counters = new StoreCounters();
  private readonly classCounters: Array<ClassCounters | undefined> = [];
  readonly startedAt: number;
  /** memcached -M (error_on_memory_exhausted): refuse to store instead of evicting live items. */
  evictionsDisabled = false;
  /** memcached -C (cas_disabled): items carry no CAS id; every CAS reads as 0. */
  casEnabled = true;

  constructor(public maxBytes: number, public maxItemSize: number) {
    // memcached's process_started is 62s before the start; absolute exptimes
    // at or before it mean "already expired".
    this.startedAt = refreshClock() - 62;
  }

  classCounter(total: number): ClassCounters {
    const id = slabClassOf(total);
    let c = this.classCounters[id];
    if (c === undefined) {
      c = new ClassCounters();
      this.classCounters[id] = c;
    }
    return c;
  }

  classCountersById(id: number): ClassCounters | undefined {
    return this.classCounters[id];
  }

  resetCounters(): void {
    Object.assign(this.counters, new StoreCounters());
    this.classCounters.length = 0;
  }

  /** Items from most to least recently used. */
  *lruOrder(): IterableIterator<Item> {
    for (let it = this.head; it !== null; it = it.next) yield it;
  }

  private listRemove(it: Item): void {
    if (it.prev !== null) it.prev.next = it.next;
    else this.head = it.next;
    if (it.next !== null) it.next.prev = it.prev;
    else this.tail = it.prev;
    it.prev = it.next = null;
  }

  private listPushHead(it: Item): void {
    it.prev = null;
    it.next = this.head;
    if (this.head !== null) this.head.prev = it;
    else this.tail = it;
    this.head = it;
  }

  private moveToHead(it: Item): void {
    if (this.head === it) return;
    this.listRemove(it);
    this.listPushHead(it);
  }

  nextCas(): number {
    return this.casEnabled ? ++this.casCounter : 0;
  }

  /** Item bits every stored item starts with. */
  private baseBits(keyBinary: boolean): number {
    return (keyBinary ? ITEM_KEY_BINARY : 0) | (this.casEnabled ? 0 : ITEM_NO_CAS);
  }

  /** memcached's realtime(): client exptime -> absolute seconds (0 = never). */
  expiryFromClient(exptime: number, now: number): number {
    if (exptime === 0) return 0;
    if (exptime < 0) return EXPIRED_TIME;
    if (exptime > REALTIME_MAXDELTA) return exptime <= this.startedAt ? EXPIRED_TIME : exptime;
    return now + exptime;
  }

  private isFlushed(it: Item, now: number): boolean {
    const oldest = this.oldestLive;
    if (oldest === 0 || oldest > now) return false;
    return it.atime <= oldest || (this.oldestCas !== 0 && it.cas < this.oldestCas);
  }

  /** do_item_get without bump: the live item, dropping expired or flushed ones. */
  find(key: string, now: number): Item | undefined {
    const it = this.items.get(key);
    if (it === undefined) return undefined;
    if (this.oldestLive !== 0 && this.isFlushed(it, now)) {
      this.unlink(it);
      this.counters.get_flushed++;
      return undefined;
    }
    if (it.exptime !== 0 && it.exptime <= now) {
      this.unlink(it);
      this.counters.get_expired++;
      return undefined;
    }
    return it;
  }

  /** Move to the most recently used end and mark fetched. */
  bump(it: Item, now: number): void {
    this.moveToHead(it);
    it.atime = now;
    it.bits |= ITEM_FETCHED;
  }

  /** Bump without marking fetched (add on an existing item). */
  touchLru(it: Item, now: number): void {
    this.moveToHead(it);
    it.atime = now;
  }

  /** Link a new item (replacing any item under its key) with a fresh CAS id. */
  private link(it: Item): void {
    const prev = this.items.get(it.key);
    if (prev !== undefined) {
      this.bytes -= prev.size;
      this.listRemove(prev);
    }
    it.cas = this.nextCas();
    this.items.set(it.key, it);
    this.listPushHead(it);
    this.bytes += it.size;
    this.counters.total_items++;
  }

  /**
   * Store new contents into a linked item in place: what memcached does by
   * linking a new item under the key, without a new object or hash update.
   */
  private relink(it: Item, value: string, flags: number, exptime: number, bits: number, now: number): void {
    this.bytes -= it.size;
    it.value = value;
    it.flags = flags;
    it.exptime = exptime;
    it.bits = bits;
    it.atime = now;
    it.cas = this.nextCas();
    this.bytes += it.size;
    this.moveToHead(it);
    this.counters.total_items++;
  }

  unlink(it: Item): void {
    if (this.items.get(it.key) !== it) return;
    this.items.delete(it.key);
    this.listRemove(it);
    this.bytes -= it.size;
  }

  /** Whether an item of this shape can ever be stored (item_size_ok). */
  sizeOk(keyLength: number, valueLength: number, flags: number): boolean {
    return itemTotalSize(keyLength, valueLength, flags, this.casEnabled) <= this.maxItemSize;
  }

  /** Make room for `total` bytes, evicting from the LRU tail (item_alloc). */
  allocate(keyLength: number, valueLength: number, flags: number, now: number): AllocResult {
    const total = itemTotalSize(keyLength, valueLength, flags, this.casEnabled);
    if (total > this.maxItemSize) return AllocResult.TooLarge;
    if (total > this.maxBytes) {
      this.classCounter(total).outofmemory++;
      return AllocResult.NoMemory;
    }
    while (this.bytes + total > this.maxBytes && this.tail !== null) {
      const tail = this.tail;
      if (this.evictionsDisabled && !(tail.exptime !== 0 && tail.exptime <= now) && !this.isFlushed(tail, now)) {
        this.classCounter(total).outofmemory++;
        return AllocResult.NoMemory;
      }
      this.evict(tail, now);
    }
    return AllocResult.Ok;
  }

  private evict(it: Item, now: number): void {
    const cls = this.classCounter(it.size);
    const expired = (it.exptime !== 0 && it.exptime <= now) || this.isFlushed(it, now);
    this.unlink(it);
    if (expired) {
      this.counters.reclaimed++;
      cls.reclaimed++;
      if ((it.bits & ITEM_FETCHED) === 0) {
        this.counters.expired_unfetched++;
        cls.expired_unfetched++;
      }
      return;
    }
    this.counters.evictions++;
    cls.evicted++;
    if (it.exptime !== 0) cls.evicted_nonzero++;
    cls.evicted_time = now - it.atime;
    if ((it.bits & ITEM_FETCHED) === 0) {
      this.counters.evicted_unfetched++;
      cls.evicted_unfetched++;
    }
  }

  /**
   * do_store_item. `exptime` is already absolute. `casIn` 0 = no CAS given.
   * `setStale` is meta's I flag: a lower CAS is accepted but marks the item stale.
   * Returns the result and the stored item's CAS (0 when not stored).
   */
  store(
    mode: StoreMode,
    key: string,
    value: string,
    flags: number,
    exptime: number,
    casIn: number,
    now: number,
    setStale = false,
    keyBinary = false,
  ): { result: StoreResult; cas: number } {
    const counters = this.counters;
    counters.cmd_set++;
    this.classCounter(itemTotalSize(key.length, value.length, flags, this.casEnabled)).cmd_set++;
    const old = this.find(key, now);
    const bits = this.baseBits(keyBinary);
    if (old !== undefined) {
      const oldCls = this.classCounter(old.size);
      let casMatch = casIn === 0 ? 'none' : casIn === old.cas ? 'match' : setStale && casIn < old.cas ? 'stale' : 'bad';
      switch (mode) {
        case StoreMode.Add:
          this.touchLru(old, now);
          return { result: StoreResult.NotStored, cas: 0 };
        case StoreMode.Cas: {
          if (casMatch === 'match' || casMatch === 'stale') {
            oldCls.cas_hits++;
            counters.cas_hits++;
            if (casMatch === 'stale') {
              // Keep the TTL; mark stale, keep a sent win token.
              this.relink(old, value, flags, old.exptime, bits | ITEM_STALE | (old.bits & ITEM_TOKEN_SENT), now);
            } else {
              this.relink(old, value, flags, exptime, bits, now);
            }
            return { result: StoreResult.Stored, cas: old.cas };
          }
          oldCls.cas_badval++;
          counters.cas_badval++;
          return { result: StoreResult.Exists, cas: 0 };
        }
        case StoreMode.Append:
        case StoreMode.Prepend: {
          if (casMatch !== 'none' && casMatch !== 'match') return { result: StoreResult.Exists, cas: 0 };
          const combined = mode === StoreMode.Append ? old.value + value : value + old.value;
          if (this.allocate(key.length, combined.length, old.flags, now) !== AllocResult.Ok) {
            return { result: StoreResult.NotStored, cas: 0 };
          }
          this.relink(old, flattenString(combined), old.flags, old.exptime, old.bits & (ITEM_KEY_BINARY | ITEM_NO_CAS), now);
          return { result: StoreResult.Stored, cas: old.cas };
        }
        default:
          this.relink(old, value, flags, exptime, bits, now);
          return { result: StoreResult.Stored, cas: old.cas };
      }
    }
    switch (mode) {
      case StoreMode.Add:
      case StoreMode.Set: {
        const it = new Item(key, value, flags, exptime, 0, now, bits);
        this.link(it);
        return { result: StoreResult.Stored, cas: it.cas };
      }
      case StoreMode.Cas:
        counters.cas_misses++;
        return { result: StoreResult.NotFound, cas: 0 };
      default:
        return { result: StoreResult.NotStored, cas: 0 };
    }
  }

  /** Link a freshly created item (meta vivify, binary/meta incr auto-create). */
  insertNew(key: string, value: string, flags: number, exptime: number, now: number, keyBinary = false): Item {
    const it = new Item(key, value, flags, exptime, 0, now, this.baseBits(keyBinary));
    this.link(it);
    return it;
  }

  /** item_touch: fetch, bump, set a new expiry. */
  touch(key: string, exptime: number, now: number): Item | undefined {
    const it = this.find(key, now);
    if (it === undefined) return undefined;
    this.bump(it, now);
    it.exptime = exptime;
    return it;
  }

  delete(key: string, now: number): boolean {
    const it = this.find(key, now);
    if (it === undefined) return false;
    this.unlink(it);
    return true;
  }

  /**
   * do_add_delta. Decrement stops at 0, increment wraps at 2^64. When the
   * new number fits in the old length it is written in place padded with
   * spaces, as memcached does.
   */
  delta(key: string, incr: boolean, delta: bigint, casIn: number, now: number): { result: DeltaResult; value: string; item?: Item } {
    const it = this.find(key, now);
    if (it === undefined) return { result: DeltaResult.NotFound, value: '' };
    if (it.value.length === 0) return { result: DeltaResult.NonNumeric, value: '' };
    if (casIn !== 0 && it.cas !== casIn) return { result: DeltaResult.CasMismatch, value: '' };
    const current = safeStrtoull(it.value);
    if (current === null) return { result: DeltaResult.NonNumeric, value: '' };
    let next: bigint;
    if (incr) next = (current + delta) % UINT64_MODULUS;
    else next = delta > current ? 0n : current - delta;
    const cls = this.classCounter(it.size);
    if (incr) { this.counters.incr_hits++; cls.incr_hits++; }
    else { this.counters.decr_hits++; cls.decr_hits++; }
    const text = next.toString();
    if (text.length <= it.value.length) {
      it.cas = this.nextCas();
      it.value = text.length === it.value.length ? text : text + ' '.repeat(it.value.length - text.length);
      this.touchLru(it, now);
      return { result: DeltaResult.Ok, value: text, item: it };
    }
    this.relink(it, text, it.flags, it.exptime, it.bits & (ITEM_KEY_BINARY | ITEM_NO_CAS), now);
    return { result: DeltaResult.Ok, value: text, item: it };
  }

  /** flush_all [delay]: invalidate items now, or those last used before the deadline. */
  flush(delay: number, now: number): void {
    const newOldest = delay > 0 ? this.expiryFromClient(delay, now) : now;
    if (!this.casEnabled) {
      // Without CAS ids memcached can only compare times: everything last
      // used up to and including the flush second goes, even items stored
      // later in that same second.
      if (delay <= 0) this.clear();
      this.oldestLive = newOldest;
      this.oldestCas = 0;
      return;
    }
    const oldestLive = newOldest - 1;
    if (oldestLive <= now) {
      // Immediate: drop everything now (memcached drops lazily; same replies).
      this.nextCas();
      this.clear();
      return;
    }
    this.oldestLive = oldestLive;
    this.oldestCas = 0;
  }

  /** Drop items a passed delayed flush has invalidated, so counts are right. */
  sweepFlushed(now: number): void {
    if (this.oldestLive === 0 || this.oldestLive > now) return;
    for (const it of [...this.items.values()]) {
      if (this.isFlushed(it, now)) this.unlink(it);
    }
  }

  clear(): void {
    this.items.clear();
    this.head = this.tail = null;
    this.bytes = 0;
    this.oldestLive = 0;
    this.oldestCas = 0;
  }
}

/**
 * Concatenations produce V8 cons-strings; flatten once when storing so reads
 * and later appends don't pay for it each time.
 */
export function flattenString(s: string): string {
  if (s.length < 13) return s;
  // Number() on a non-numeric string forces V8 to flatten it in place.
  void Number(s);
  return s;
}
