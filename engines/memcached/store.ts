// The item store of one node, modelled on memcached 1.6's items.c/slabs.c:
// items live in slab classes that get 1 MiB pages while the memory limit
// allows (a class always gets its first page), each class has a segmented
// LRU (HOT, WARM, COLD), a store that finds no free chunk evicts from its
// class's COLD tail, and an LRU maintainer moves items between segments in
// the background (lru.ts). CAS ids, expiry and flush live here too.
//
// Items are slots of an ItemTable (items.ts); an `Item` is a slot number,
// valid until the next call that can store or evict.

import {
  ITEM_ACTIVE, ITEM_FETCHED, ITEM_FLAG_MASK, ITEM_KEY_BINARY, ITEM_NO_CAS, ITEM_STALE, ITEM_TOKEN_SENT,
  ItemTable, Lru, lruId, metaClass, metaLru, metaWord,
} from './items.js';
import {
  SLAB_CHUNK_MAX, SLAB_PAGE_BYTES, chunkPlan, chunksPerPage, itemTotalSize, slabClassOf,
} from './slabs.js';
import { safeStrtoull, UINT64_MODULUS } from './numbers.js';
import { LruMaintainer, pullTail, PULL_EVICT } from './lru.js';
import { ClassCounters, StoreCounters, type CLASS_TOTALS } from './counters.js';

export {
  ITEM_ACTIVE, ITEM_FETCHED, ITEM_KEY_BINARY, ITEM_NO_CAS, ITEM_STALE, ITEM_TOKEN_SENT, Lru,
} from './items.js';

/** A stored item: its slot number. */
export type Item = number;
export const NO_ITEM = -1;

/** 30 days: relative exptimes up to this, absolute Unix time beyond. */
export const REALTIME_MAXDELTA = 60 * 60 * 24 * 30;
/** An exptime in the past, used for "expire immediately". */
export const EXPIRED_TIME = 1;

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

/** refreshClock with a Date.now() the caller already has. */
export function refreshClockAt(nowMs: number): void {
  currentSecond = Math.floor(nowMs / 1000);
}

export function nowSeconds(): number {
  return currentSecond;
}

const NUM_CLASSES = 64;

export class Store {
  readonly table = new ItemTable();
  /** LRU lists by lruId(class, segment): head = most recent, tail = next to leave. */
  readonly heads = new Int32Array(NUM_CLASSES * 4).fill(-1);
  readonly tails = new Int32Array(NUM_CLASSES * 4).fill(-1);
  readonly lruItems = new Int32Array(NUM_CLASSES * 4);
  readonly lruBytes = new Float64Array(NUM_CLASSES * 4);
  /** Slab pages and chunks in use per class. */
  readonly pages = new Int32Array(NUM_CLASSES);
  readonly usedChunks = new Int32Array(NUM_CLASSES);
  mallocedBytes = 0;
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
  /** CAS id of the item the last store() linked, 0 if none. */
  lastCas = 0;
  /** An item being rewritten (append/prepend): the evictor skips it, like a refcounted item. */
  busy = NO_ITEM;
  readonly maintainer = new LruMaintainer(this);

  constructor(public maxBytes: number, public maxItemSize: number) {
    // memcached's process_started is 62s before the start; absolute exptimes
    // at or before it mean "already expired".
    this.startedAt = refreshClock() - 62;
  }

  // ---- item fields ----

  get count(): number { return this.table.count; }
  keyOf(it: Item): string { return this.table.keys[it]!; }
  valueOf(it: Item): string { return this.table.values[it]; }
  flagsOf(it: Item): number { return this.table.flags[it]; }
  casOf(it: Item): number { return this.table.cas[it]; }
  setCas(it: Item, cas: number): void { this.table.cas[it] = cas; }
  exptimeOf(it: Item): number { return this.table.exptime[it]; }
  setExptime(it: Item, t: number): void { this.table.exptime[it] = t; }
  atimeOf(it: Item): number { return this.table.atime[it]; }
  bitsOf(it: Item): number { return this.table.meta[it] & ITEM_FLAG_MASK; }
  setBits(it: Item, bits: number): void { this.table.meta[it] |= bits & ITEM_FLAG_MASK; }
  clearBits(it: Item, bits: number): void { this.table.meta[it] &= ~(bits & ITEM_FLAG_MASK); }
  classOf(it: Item): number { return metaClass(this.table.meta[it]); }
  lruOf(it: Item): Lru { return metaLru(this.table.meta[it]); }

  /** memcached's ITEM_ntotal. */
  sizeOf(it: Item): number {
    const t = this.table;
    return itemTotalSize(t.keys[it]!.length, t.values[it].length, t.flags[it], (t.meta[it] & ITEM_NO_CAS) === 0);
  }

  // ---- counters ----

  classCounter(total: number): ClassCounters {
    return this.classCountersFor(slabClassOf(total));
  }

  classCountersFor(id: number): ClassCounters {
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

  /** Sum of a per-class counter over all classes. */
  classTotal(name: typeof CLASS_TOTALS[number]): number {
    let n = 0;
    for (const c of this.classCounters) if (c !== undefined) n += c[name];
    return n;
  }

  resetCounters(): void {
    Object.assign(this.counters, new StoreCounters());
    this.classCounters.length = 0;
  }

  /** A get hit: counted by the LRU segment the item is in (hits_to_hot/warm/cold). */
  countHit(it: Item): void {
    const cc = this.classCountersFor(this.classOf(it));
    cc.get_hits++;
    const lru = this.lruOf(it);
    if (lru === Lru.Hot) cc.hits_to_hot++;
    else if (lru === Lru.Warm) cc.hits_to_warm++;
    else cc.hits_to_cold++;
  }

  // ---- LRU lists ----

  /** Items of one LRU list from head (most recent) to tail. */
  *lruOrder(cls: number, lru: Lru): IterableIterator<Item> {
    const next = this.table.next;
    for (let it = this.heads[lruId(cls, lru)]; it >= 0; it = next[it]) yield it;
  }

  /** Unlink from its LRU list (do_item_unlink_q). */
  listRemove(it: Item, size = this.sizeOf(it)): void {
    const t = this.table;
    const id = lruId(metaClass(t.meta[it]), metaLru(t.meta[it]));
    const p = t.prev[it];
    const n = t.next[it];
    if (p >= 0) t.next[p] = n;
    else this.heads[id] = n;
    if (n >= 0) t.prev[n] = p;
    else this.tails[id] = p;
    this.lruItems[id]--;
    this.lruBytes[id] -= size;
  }

  /** Link at the head of segment `lru` of its class (do_item_link_q). */
  listPush(it: Item, lru: Lru, size = this.sizeOf(it)): void {
    const t = this.table;
    const m = t.meta[it];
    t.meta[it] = metaWord(m, metaClass(m), lru);
    const id = lruId(metaClass(m), lru);
    const h = this.heads[id];
    t.prev[it] = -1;
    t.next[it] = h;
    if (h >= 0) t.prev[h] = it;
    else this.tails[id] = it;
    this.heads[id] = it;
    this.lruItems[id]++;
    this.lruBytes[id] += size;
  }

  // ---- slabs ----

  private freeChunks(cls: number): number {
    return this.pages[cls] * chunksPerPage(cls) - this.usedChunks[cls];
  }

  /** do_slabs_newslab: a class always gets its first page, later ones within the limit. */
  private newPage(cls: number): boolean {
    if (this.mallocedBytes + SLAB_PAGE_BYTES > this.maxBytes && this.pages[cls] > 0) return false;
    this.pages[cls]++;
    this.mallocedBytes += SLAB_PAGE_BYTES;
    return true;
  }

  /** do_item_alloc_pull: make `need` chunks of `cls` free, evicting from its COLD tail. */
  private reserve(cls: number, need: number): boolean {
    let i = 0;
    let ok = false;
    for (; i < 10 * need; i++) {
      if (this.freeChunks(cls) >= need || this.newPage(cls)) {
        if (this.freeChunks(cls) >= need) { ok = true; break; }
        continue;
      }
      if (pullTail(this, cls, Lru.Cold, 0, PULL_EVICT, 0) <= 0) pullTail(this, cls, Lru.Hot, 0, 0, 0);
    }
    if (i > 0) this.classCountersFor(cls).direct_reclaims += i;
    return ok;
  }

  /** Reserve room for an item of this shape (the common case without a plan array). */
  private reserveFor(keyLength: number, valueLength: number, flags: number, withCas: boolean): boolean {
    const total = itemTotalSize(keyLength, valueLength, flags, withCas);
    if (total > SLAB_CHUNK_MAX) return this.reservePlan(chunkPlan(keyLength, valueLength, flags, withCas));
    const cls = slabClassOf(total);
    if (this.freeChunks(cls) > 0) return true;
    if (this.reserve(cls, 1)) return true;
    this.classCountersFor(cls).outofmemory++;
    return false;
  }

  private reservePlan(plan: number[]): boolean {
    for (let i = 0; i < plan.length; i += 2) {
      if (!this.reserve(plan[i], plan[i + 1])) {
        this.classCountersFor(plan[0]).outofmemory++;
        return false;
      }
    }
    return true;
  }

  private takeChunks(plan: number[], sign: number): void {
    for (let i = 0; i < plan.length; i += 2) this.usedChunks[plan[i]] += sign * plan[i + 1];
  }


  /** Whether an item of this shape can ever be stored (item_size_ok). */
  sizeOk(keyLength: number, valueLength: number, flags: number): boolean {
    return itemTotalSize(keyLength, valueLength, flags, this.casEnabled) <= this.maxItemSize;
  }

  /** item_alloc: make room for an item of this shape (evicting), before its data is read. */
  allocate(keyLength: number, valueLength: number, flags: number, _now?: number): AllocResult {
    const total = itemTotalSize(keyLength, valueLength, flags, this.casEnabled);
    if (total > this.maxItemSize) return AllocResult.TooLarge;
    // memcached cannot run with -m below twice the item size limit; a limit
    // smaller than the item itself is out of memory here.
    if (total > this.maxBytes) {
      this.classCounter(total).outofmemory++;
      return AllocResult.NoMemory;
    }
    return this.reserveFor(keyLength, valueLength, flags, this.casEnabled) ? AllocResult.Ok : AllocResult.NoMemory;
  }

  // ---- linking ----

  nextCas(): number {
    return this.casEnabled ? ++this.casCounter : 0;
  }

  /** memcached's realtime(): client exptime -> absolute seconds (0 = never). */
  expiryFromClient(exptime: number, now: number): number {
    if (exptime === 0) return 0;
    if (exptime < 0) return EXPIRED_TIME;
    if (exptime > REALTIME_MAXDELTA) return exptime <= this.startedAt ? EXPIRED_TIME : exptime;
    return now + exptime;
  }

  isFlushed(it: Item, now: number): boolean {
    const oldest = this.oldestLive;
    if (oldest === 0 || oldest > now) return false;
    const cas = this.table.cas[it];
    return this.table.atime[it] <= oldest || (this.oldestCas !== 0 && cas !== 0 && cas < this.oldestCas);
  }

  isExpired(it: Item, now: number): boolean {
    const e = this.table.exptime[it];
    return e !== 0 && e <= now;
  }

  /** do_item_get without bump: the live item, dropping expired or flushed ones. */
  find(key: string, now: number): Item {
    const it = this.table.lookup(key);
    if (it < 0) return NO_ITEM;
    if (this.oldestLive !== 0 && this.isFlushed(it, now)) {
      this.unlink(it);
      this.counters.get_flushed++;
      return NO_ITEM;
    }
    const e = this.table.exptime[it];
    if (e !== 0 && e <= now) {
      this.unlink(it);
      this.counters.get_expired++;
      return NO_ITEM;
    }
    return it;
  }

  /**
   * do_item_bump (a fetch): the first fetch marks the item fetched, the second
   * active; an active item in COLD moves to WARM (memcached queues this bump
   * to its maintainer, which does it within a millisecond).
   */
  bump(it: Item, now: number): void {
    const t = this.table;
    const m = t.meta[it];
    if ((m & ITEM_ACTIVE) !== 0) return;
    if ((m & ITEM_FETCHED) === 0) {
      t.meta[it] = m | ITEM_FETCHED;
      return;
    }
    t.meta[it] = m | ITEM_ACTIVE;
    if (metaLru(m) !== Lru.Cold) t.atime[it] = now;
    else this.update(it, now);
  }

  /** do_item_update: refresh the access time; an active COLD item moves to WARM. */
  update(it: Item, now: number): void {
    const t = this.table;
    t.atime[it] = now;
    const m = t.meta[it];
    if (metaLru(m) === Lru.Cold && (m & ITEM_ACTIVE) !== 0) {
      this.listRemove(it);
      t.meta[it] = m & ~ITEM_ACTIVE;
      this.listPush(it, Lru.Warm);
      this.classCountersFor(metaClass(m)).moves_to_warm++;
    }
  }

  /** do_item_link of a new item into HOT, with a fresh CAS id; the chunks must be reserved. */
  private link(key: string, value: string, flags: number, exptime: number, bits: number, now: number): Item {
    const it = this.table.insert(key);
    this.fill(it, value, flags, exptime, bits, now);
    return it;
  }

  /** The linking half shared by new and replaced items: fields, CAS, chunks, HOT head. */
  private fill(it: Item, value: string, flags: number, exptime: number, bits: number, now: number): void {
    const t = this.table;
    const keyLength = t.keys[it]!.length;
    const withCas = (bits & ITEM_NO_CAS) === 0;
    t.values[it] = value;
    t.flags[it] = flags;
    t.exptime[it] = exptime;
    t.atime[it] = now;
    t.cas[it] = this.nextCas();
    const total = itemTotalSize(keyLength, value.length, flags, withCas);
    const cls = slabClassOf(total);
    // A chunked item sits in the LRU of the class its total size maps to.
    t.meta[it] = metaWord(bits, cls, Lru.Hot);
    if (total <= SLAB_CHUNK_MAX) this.usedChunks[cls]++;
    else this.takeChunks(chunkPlan(keyLength, value.length, flags, withCas), 1);
    this.listPush(it, Lru.Hot, total);
    this.bytes += total;
    this.counters.total_items++;
    this.maintainer.wake();
  }

  /** do_item_unlink: remove from the index and LRU, free its chunks. */
  unlink(it: Item): void {
    this.release(it);
    this.table.remove(it);
  }

  /** Out of its LRU list, its chunks and bytes freed; the slot stays indexed. */
  private release(it: Item): void {
    const t = this.table;
    const size = this.sizeOf(it);
    this.listRemove(it, size);
    if (size <= SLAB_CHUNK_MAX) this.usedChunks[metaClass(t.meta[it])]--;
    else this.takeChunks(chunkPlan(t.keys[it]!.length, t.values[it].length, t.flags[it], (t.meta[it] & ITEM_NO_CAS) === 0), -1);
    this.bytes -= size;
  }

  /**
   * Replace an item with new contents under the same key (do_item_replace):
   * the same slot, so the key's index entry stays.
   */
  private replace(old: Item, value: string, flags: number, exptime: number, bits: number, now: number): Item {
    this.release(old);
    this.fill(old, value, flags, exptime, bits, now);
    return old;
  }

  /** Item bits every stored item starts with. */
  private baseBits(keyBinary: boolean): number {
    return (keyBinary ? ITEM_KEY_BINARY : 0) | (this.casEnabled ? 0 : ITEM_NO_CAS);
  }

  /**
   * do_store_item. `exptime` is already absolute. `casIn` 0 = no CAS given.
   * `setStale` is meta's I flag: a lower CAS is accepted but marks the item stale.
   * The stored item's CAS is left in `lastCas` (0 when not stored).
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
  ): StoreResult {
    const counters = this.counters;
    counters.cmd_set++;
    this.classCounter(itemTotalSize(key.length, value.length, flags, this.casEnabled)).cmd_set++;
    this.lastCas = 0;
    // The new item's memory was reserved when the command line was read;
    // another connection may have used it since.
    if (!this.reserveFor(key.length, value.length, flags, this.casEnabled)) return StoreResult.NotStored;
    const old = this.find(key, now);
    const bits = this.baseBits(keyBinary);
    if (old >= 0) {
      if (mode === StoreMode.Set || mode === StoreMode.Replace) {
        // The common case first: no CAS, no merge.
        this.replace(old, value, flags, exptime, bits, now);
        this.lastCas = this.table.cas[old];
        return StoreResult.Stored;
      }
      const oldCas = this.table.cas[old];
      const oldCls = this.classCountersFor(this.classOf(old));
      const casMatch = casIn === 0 ? 'none' : casIn === oldCas ? 'match' : setStale && casIn < oldCas ? 'stale' : 'bad';
      switch (mode) {
        case StoreMode.Add:
          // add on an existing item promotes it (do_item_update).
          this.update(old, now);
          return StoreResult.NotStored;
        case StoreMode.Cas: {
          if (casMatch === 'match' || casMatch === 'stale') {
            oldCls.cas_hits++;
            counters.cas_hits++;
            const it = casMatch === 'stale'
              // Keep the TTL; mark stale, keep a sent win token.
              ? this.replace(old, value, flags, this.table.exptime[old], bits | ITEM_STALE | (this.bitsOf(old) & ITEM_TOKEN_SENT), now)
              : this.replace(old, value, flags, exptime, bits, now);
            this.lastCas = this.table.cas[it];
            return StoreResult.Stored;
          }
          oldCls.cas_badval++;
          counters.cas_badval++;
          return StoreResult.Exists;
        }
        case StoreMode.Append:
        case StoreMode.Prepend: {
          if (casMatch !== 'none' && casMatch !== 'match') return StoreResult.Exists;
          const oldValue = this.table.values[old];
          const combined = mode === StoreMode.Append ? oldValue + value : value + oldValue;
          const oldFlags = this.table.flags[old];
          // The old item is referenced while the combined one is allocated.
          this.busy = old;
          const ok = this.allocate(key.length, combined.length, oldFlags, now) === AllocResult.Ok;
          this.busy = NO_ITEM;
          if (!ok) return StoreResult.NotStored;
          const it = this.replace(old, flattenString(combined), oldFlags, this.table.exptime[old], this.bitsOf(old) & (ITEM_KEY_BINARY | ITEM_NO_CAS), now);
          this.lastCas = this.table.cas[it];
          return StoreResult.Stored;
        }
        default: {
          const it = this.replace(old, value, flags, exptime, bits, now);
          this.lastCas = this.table.cas[it];
          return StoreResult.Stored;
        }
      }
    }
    switch (mode) {
      case StoreMode.Add:
      case StoreMode.Set: {
        const it = this.link(key, value, flags, exptime, bits, now);
        this.lastCas = this.table.cas[it];
        return StoreResult.Stored;
      }
      case StoreMode.Cas:
        counters.cas_misses++;
        return StoreResult.NotFound;
      default:
        return StoreResult.NotStored;
    }
  }

  /** Link a freshly created item (meta vivify, binary/meta incr auto-create); allocate() first. */
  insertNew(key: string, value: string, flags: number, exptime: number, now: number, keyBinary = false): Item {
    this.reserveFor(key.length, value.length, flags, this.casEnabled);
    return this.link(key, value, flags, exptime, this.baseBits(keyBinary), now);
  }

  /** item_touch: fetch, bump, set a new expiry. */
  touch(key: string, exptime: number, now: number): Item {
    const it = this.find(key, now);
    if (it < 0) return NO_ITEM;
    this.bump(it, now);
    this.table.exptime[it] = exptime;
    return it;
  }

  delete(key: string, now: number): boolean {
    const it = this.find(key, now);
    if (it < 0) return false;
    this.unlink(it);
    return true;
  }

  /**
   * do_add_delta. Decrement stops at 0, increment wraps at 2^64. When the
   * new number fits in the old length it is written in place padded with
   * spaces, as memcached does.
   */
  delta(key: string, incr: boolean, delta: bigint, casIn: number, now: number): { result: DeltaResult; value: string; item: Item } {
    const it = this.find(key, now);
    if (it < 0) return { result: DeltaResult.NotFound, value: '', item: NO_ITEM };
    const t = this.table;
    const old = t.values[it];
    if (old.length === 0) return { result: DeltaResult.NonNumeric, value: '', item: NO_ITEM };
    if (casIn !== 0 && t.cas[it] !== casIn) return { result: DeltaResult.CasMismatch, value: '', item: NO_ITEM };
    const current = safeStrtoull(old);
    if (current === null) return { result: DeltaResult.NonNumeric, value: '', item: NO_ITEM };
    let next: bigint;
    if (incr) next = (current + delta) % UINT64_MODULUS;
    else next = delta > current ? 0n : current - delta;
    const cls = this.classCountersFor(this.classOf(it));
    if (incr) { this.counters.incr_hits++; cls.incr_hits++; }
    else { this.counters.decr_hits++; cls.decr_hits++; }
    const text = next.toString();
    if (text.length <= old.length) {
      t.cas[it] = this.nextCas();
      t.values[it] = text.length === old.length ? text : text + ' '.repeat(old.length - text.length);
      this.update(it, now);
      return { result: DeltaResult.Ok, value: text, item: it };
    }
    const flags = t.flags[it];
    if (this.allocate(key.length, text.length, flags, now) !== AllocResult.Ok || this.find(key, now) !== it) {
      return { result: DeltaResult.NotFound, value: '', item: NO_ITEM };
    }
    const fresh = this.replace(it, text, flags, t.exptime[it], this.bitsOf(it) & (ITEM_KEY_BINARY | ITEM_NO_CAS), now);
    return { result: DeltaResult.Ok, value: text, item: fresh };
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
    for (const it of [...this.table.slots()]) {
      if (this.isFlushed(it, now)) this.unlink(it);
    }
  }

  /** Drop every item; slab pages stay with their classes, as in memcached. */
  clear(): void {
    this.table.reset();
    this.heads.fill(-1);
    this.tails.fill(-1);
    this.lruItems.fill(0);
    this.lruBytes.fill(0);
    this.usedChunks.fill(0);
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
