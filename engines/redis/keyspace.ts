/**
 * The keyspace: N databases of key → Entry, lazy + active expiry, memory
 * accounting, maxmemory eviction, and the hooks later features plug into
 * (key changes → WATCH / notifications / tracking; key ready → blocking ops;
 * propagation → replication/AOF).
 *
 * Keys are latin1 strings (one byte per char, binary safe). A string value is
 * either a latin1 string or, once a command modified it in place, a StrBuf
 * (mutable sds-like buffer): read it with strValue()/strBytes()/strLength(),
 * modify it with bytesValue() — never cast `e.value` directly.
 */
import { E } from './errors.js';
import { StrBuf } from './types/strbuf.js';

export type RedisType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | (string & {});

/**
 * Per-type behaviour the keyspace needs: OBJECT ENCODING and memory
 * estimation. Data-type modules register one of these with registerType().
 */
export interface TypeInfo {
  /** TYPE reply, e.g. 'hash'. */
  name: RedisType;
  /** OBJECT ENCODING reply for a value of this type. */
  encoding(e: Entry): string;
  /** Estimated bytes used by the value (not counting key/entry overhead). */
  memory(e: Entry): number;
  /** Deep copy of the value (COPY). */
  copy(value: unknown): unknown;
}

const types = new Map<string, TypeInfo>();
export function registerType(t: TypeInfo): void { types.set(t.name, t); }
export function typeInfo(name: string): TypeInfo | undefined { return types.get(name); }

/** Bytes per key beyond key and value: dictEntry + robj + sds headers + expire entry. */
export const KEY_OVERHEAD = 56;

/** Seconds offset for Entry's LRU clock, so it stays a small integer (Smi) until ~2090. */
const LRU_BASE_S = 1_700_000_000;

/** Expiry metadata, allocated only for volatile keys. */
class Volatile {
  constructor(public at: number, public vslot: number) {}
}

/**
 * One key. Kept small (memory per key): the LRU clock is a Smi in seconds
 * (Redis's LRU clock resolution is 1 s too), LFU counter and the raw flag are
 * packed into `bits`, and expireAt/vslot live in a side object only for keys
 * with a TTL. The accessors keep the plain-field API.
 */
export class Entry {
  /** Slot in Db.slots (stable while the key exists: SCAN cursor guarantee). */
  slot = -1;
  /** Expiry + slot in Db.volatile, or null for persistent keys. */
  private vol: Volatile | null = null;
  /** LRU clock in seconds since LRU_BASE_S (see `lru`). */
  private lruS = 0;
  /** LFU counter (bits 0-7, LFU_INIT_VAL 5) | raw flag (bit 8). */
  private bits = 5;
  /** Estimated memory of this entry (key + value + overhead), kept by Keyspace. */
  mem = 0;
  // No clock read here: every creator sets the LRU clock (Keyspace.initAccess, or copied from a source entry).
  constructor(public readonly key: string, public type: RedisType, public value: unknown) {}
  /** Absolute unix ms expiry, 0 = persistent. */
  get expireAt(): number { const v = this.vol; return v === null ? 0 : v.at; }
  set expireAt(at: number) {
    const v = this.vol;
    if (v !== null) { v.at = at; if (at === 0 && v.vslot < 0) this.vol = null; }
    else if (at !== 0) this.vol = new Volatile(at, -1);
  }
  /** Slot in Db.volatile (only when expireAt > 0). */
  get vslot(): number { const v = this.vol; return v === null ? -1 : v.vslot; }
  set vslot(i: number) {
    const v = this.vol;
    if (v !== null) { v.vslot = i; if (i < 0 && v.at === 0) this.vol = null; }
    else if (i >= 0) this.vol = new Volatile(0, i);
  }
  /** LRU clock (unix ms, 1 s resolution) of last access; also the LFU decrement time. */
  get lru(): number { return (this.lruS + LRU_BASE_S) * 1000; }
  set lru(ms: number) { const t = Math.floor(ms / 1000) - LRU_BASE_S; this.lruS = t > -1e9 ? (t < 1e9 ? t : 1e9) : -1e9; /* stay a Smi */ }
  /** LFU logarithmic counter. */
  get lfu(): number { return this.bits & 255; }
  set lfu(n: number) { this.bits = (this.bits & 256) | (n & 255); }
  /** String encoding pin: true once APPEND/SETRANGE made it "raw". */
  get raw(): boolean { return (this.bits & 256) !== 0; }
  set raw(r: boolean) { this.bits = r ? this.bits | 256 : this.bits & 255; }
}

/** Array of entries with holes and a free list: entries never move while present. */
class SlotArray {
  items: (Entry | undefined)[] = [];
  free: number[] = [];
  count = 0;
  add(e: Entry, vol: boolean): void {
    const idx = this.free.length ? this.free.pop()! : this.items.length;
    if (idx === this.items.length) this.items.push(e); else this.items[idx] = e;
    if (vol) e.vslot = idx; else e.slot = idx;
    this.count++;
  }
  remove(e: Entry, vol: boolean): void {
    const idx = vol ? e.vslot : e.slot;
    if (idx < 0) return;
    this.items[idx] = undefined;
    if (vol) e.vslot = -1; else e.slot = -1;
    this.count--;
    if (this.count === 0) { this.items = []; this.free = []; }
    else if (idx === this.items.length - 1) {
      // trim trailing holes (keeps cursor guarantee: nothing moves)
      this.items.pop();
      while (this.items.length && this.items[this.items.length - 1] === undefined) this.items.pop();
      if (this.free.length) this.free = this.free.filter((i) => i < this.items.length);
    } else this.free.push(idx);
  }
  random(): Entry | undefined {
    if (this.count === 0) return undefined;
    const n = this.items.length;
    for (let t = 0; t < 64; t++) { const e = this.items[(Math.random() * n) | 0]; if (e) return e; }
    let i = (Math.random() * n) | 0;
    for (let k = 0; k < n; k++, i = (i + 1) % n) { const e = this.items[i]; if (e) return e; }
    return undefined;
  }
}

export class Db {
  map = new Map<string, Entry>();
  slots = new SlotArray();
  volatile = new SlotArray();
  /** Sum of TTLs sampled by active expiry (INFO keyspace avg_ttl). */
  avgTtl = 0;
  constructor(public readonly id: number, private readonly ks: Keyspace) {}

  get size(): number { return this.map.size; }
  get expiresCount(): number { return this.volatile.count; }

  /** Lookup without expiry check or LRU touch. */
  peek(key: string): Entry | undefined { return this.map.get(key); }

  /** Lookup for read: lazily expires, updates LRU/LFU, counts hits/misses. */
  lookupRead(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e === undefined) { this.ks.misses++; if (this.ks.keyMissHook !== null) this.ks.keyMissHook(this, key); return undefined; }
    if (e.expireAt !== 0 && e.expireAt <= this.ks.now()) {
      this.expireOnRead(e);
      this.ks.misses++;
      if (this.ks.keyMissHook !== null) this.ks.keyMissHook(this, key);
      return undefined;
    }
    this.ks.hits++;
    this.ks.touchAccess(e);
    return e;
  }
  /** LOOKUP_NOTOUCH read (EXISTS, TYPE, TTL): expiry, hit/miss stats and keymiss (unless !notify: OBJECT), no LRU/LFU update. */
  lookupReadNoTouch(key: string, notify = true): Entry | undefined {
    const e = this.map.get(key);
    if (e !== undefined && (e.expireAt === 0 || e.expireAt > this.ks.now())) { this.ks.hits++; return e; }
    if (e !== undefined) this.expireOnRead(e);
    this.ks.misses++;
    if (notify && this.ks.keyMissHook !== null) this.ks.keyMissHook(this, key);
    return undefined;
  }
  /** Lookup for write: lazily expires, updates LRU/LFU (no hit/miss stats). */
  lookupWrite(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (e.expireAt !== 0 && e.expireAt <= this.ks.now()) { this.expireEntry(e); return undefined; }
    this.ks.touchAccess(e);
    return e;
  }
  /** Existence check without touching LRU (EXISTS/TYPE semantics use lookupRead). */
  has(key: string): boolean {
    const e = this.map.get(key);
    if (e === undefined) return false;
    if (e.expireAt !== 0 && e.expireAt <= this.ks.now()) { this.expireOnRead(e); return false; }
    return true;
  }

  /** Create a new key (caller checked it does not exist). */
  add(key: string, type: RedisType, value: unknown): Entry {
    const e = new Entry(key, type, value);
    this.map.set(key, e);
    this.slots.add(e, false);
    this.ks.initAccess(e);
    this.ks.updateMem(e);
    const h = this.ks.newKeyHooks;
    for (let i = 0; i < h.length; i++) h[i](this, key);
    return e;
  }

  /**
   * SET semantics: overwrite whatever is there (type may change). Clears
   * the TTL unless keepTtl. Returns the entry.
   */
  setKey(key: string, type: RedisType, value: unknown, keepTtl = false): Entry {
    let e = this.map.get(key);
    // setKey's lookupKeyWrite: a logically expired key is expired ("expired", DEL) and re-created ("new")
    if (e !== undefined && e.expireAt !== 0 && e.expireAt <= this.ks.now()) { this.expireEntry(e); e = undefined; }
    if (e === undefined) return this.add(key, type, value);
    if (this.ks.lazyServerDel) this.ks.freeAsync(e); // dbOverwrite frees the old value
    e.type = type;
    e.value = value;
    e.raw = false;
    if (!keepTtl && e.expireAt !== 0) this.setExpire(e, 0);
    this.ks.touchAccess(e);
    this.ks.updateMem(e);
    return e;
  }

  /**
   * Delete a key; returns true if it existed (does not check expiry). Redis dbDelete: the
   * value is freed lazily under lazyfree-lazy-server-del, `lazy` overrides (UNLINK, DEL).
   */
  delete(key: string, lazy = this.ks.lazyServerDel): boolean {
    const e = this.map.get(key);
    if (e === undefined) return false;
    if (lazy) this.ks.freeAsync(e);
    this.removeEntry(e);
    return true;
  }
  removeEntry(e: Entry): void {
    this.map.delete(e.key);
    this.slots.remove(e, false);
    if (e.expireAt !== 0) { this.volatile.remove(e, true); e.expireAt = 0; }
    this.ks.usedMemory -= e.mem;
    e.mem = 0;
  }

  /** Set (ms > 0) or clear (0) the absolute expiry of an entry. */
  setExpire(e: Entry, at: number): void {
    if (at === 0) {
      if (e.expireAt !== 0) { e.expireAt = 0; this.volatile.remove(e, true); }
      return;
    }
    if (e.expireAt === 0) this.volatile.add(e, true);
    e.expireAt = at;
  }

  /** A read found e expired: delete it, unless CLIENT PAUSE holds expiry (the key only reads as missing). */
  private expireOnRead(e: Entry): void {
    if (!this.ks.expiryPaused) this.expireEntry(e);
  }

  /** Delete an expired entry and fire expiry side effects (notify, propagate DEL). */
  expireEntry(e: Entry): void {
    if (this.ks.lazyExpire) this.ks.freeAsync(e);
    this.removeEntry(e);
    this.ks.expiredKeys++;
    this.ks.onExpired(this, e.key);
  }

  /** Add `key` holding a copy of src's value/metadata (RENAME/MOVE/COPY); expiry copied too. */
  addFrom(key: string, src: Entry, value: unknown = src.value): Entry {
    const e = new Entry(key, src.type, value);
    e.raw = src.raw; e.lru = src.lru; e.lfu = src.lfu;
    this.map.set(key, e);
    this.slots.add(e, false);
    if (src.expireAt !== 0) this.setExpire(e, src.expireAt);
    this.ks.updateMem(e);
    const h = this.ks.newKeyHooks;
    for (let i = 0; i < h.length; i++) h[i](this, key);
    return e;
  }

  /** SWAPDB: exchange contents (clients keep their db index). */
  swapWith(o: Db): void {
    const m = this.map, s = this.slots, v = this.volatile, a = this.avgTtl;
    this.map = o.map; this.slots = o.slots; this.volatile = o.volatile; this.avgTtl = o.avgTtl;
    o.map = m; o.slots = s; o.volatile = v; o.avgTtl = a;
  }

  clear(): void {
    for (const e of this.map.values()) this.ks.usedMemory -= e.mem;
    this.map.clear();
    this.slots.items = []; this.slots.free = []; this.slots.count = 0;
    this.volatile.items = []; this.volatile.free = []; this.volatile.count = 0;
  }

  /** All live (non-expired) keys — KEYS. */
  *liveKeys(): IterableIterator<Entry> {
    const now = this.ks.now();
    for (const e of this.map.values()) if (e.expireAt === 0 || e.expireAt > now) yield e;
  }

  /**
   * One SCAN step. Cursor = slot index; entries never move while they exist,
   * so every key present during the whole scan is returned exactly once
   * (slots freed and reused later may yield new keys, as Redis may).
   */
  scan(cursor: number, count: number, visit: (e: Entry) => void): number {
    const items = this.slots.items;
    let i = cursor;
    let seen = 0;
    const now = this.ks.now();
    while (i < items.length && seen < count) {
      const e = items[i++];
      if (e === undefined) continue;
      seen++;
      if (e.expireAt !== 0 && e.expireAt <= now) { this.expireOnRead(e); continue; }
      visit(e);
    }
    return i >= items.length ? 0 : i;
  }

  randomKey(): Entry | undefined {
    const now = this.ks.now();
    for (let tries = 0; tries < 100; tries++) {
      const e = this.slots.random();
      if (e === undefined) return undefined;
      if (e.expireAt !== 0 && e.expireAt <= now) {
        if (this.volatile.count === this.map.size && tries > 50) return e; // all volatile: like Redis, give up expiring
        this.expireEntry(e);
        continue;
      }
      return e;
    }
    return undefined;
  }

  /** Active expiry sampling cycle (Redis activeExpireCycle, "slow" flavour). */
  activeExpire(deadline: number): void {
    const now = this.ks.now();
    for (;;) {
      if (this.volatile.count === 0) return;
      let sampled = 0, expired = 0, ttlSum = 0, ttlN = 0;
      const n = Math.min(20, this.volatile.count);
      for (let k = 0; k < n; k++) {
        const e = this.volatile.random();
        if (!e) break;
        sampled++;
        if (e.expireAt <= now) { this.expireEntry(e); expired++; }
        else { ttlSum += e.expireAt - now; ttlN++; }
      }
      if (ttlN) {
        const avg = ttlSum / ttlN;
        this.avgTtl = this.avgTtl ? (this.avgTtl / 50) * 49 + avg / 50 : avg;
      }
      if (sampled === 0 || expired * 4 <= sampled) return; // <= 25% expired: stop
      if (Date.now() > deadline) return;
    }
  }
}

/** `internal`: the change was not made by a client command (expiry, eviction) — tracking's NOLOOP needs to know. */
export type KeyHook = (db: Db, key: string, internal?: boolean) => void;
export type PropagateHook = (dbIndex: number, argv: string[]) => void;

export interface EvictionConfig {
  maxmemory: number;
  policy: string;
  samples: number;
  lfuLogFactor: number;
  lfuDecayTime: number;
}

export class Keyspace {
  readonly dbs: Db[];
  /** Estimated bytes used by keys and values. */
  usedMemory = 0;
  /** Fixed overhead counted against maxmemory (server baseline, like Redis's startup memory). */
  baseMemory = 876168;
  /** Incremented by write commands (Redis server.dirty). */
  dirty = 0;
  hits = 0;
  misses = 0;
  expiredKeys = 0;
  evictedKeys = 0;
  /** CLIENT PAUSE in effect: expired keys read as missing but are not deleted (checkClientPauseTimeoutAndReturnIfPaused). */
  expiryPaused = false;
  /** Frozen clock while a command/EXEC runs (Redis uses a cached mstime). */
  private frozenNow = 0;

  readonly keyChangeHooks: KeyHook[] = [];
  /** FLUSHDB/FLUSHALL happened (signalFlushedDb: client tracking). */
  readonly flushHooks: (() => void)[] = [];
  /** A key was created (dbAdd) — "new" keyspace events. */
  readonly newKeyHooks: KeyHook[] = [];
  readonly keyReadyHooks: KeyHook[] = [];
  readonly expiredHooks: KeyHook[] = [];
  readonly evictedHooks: KeyHook[] = [];
  /** A read lookup missed (Redis "keymiss" event); set only while notify-keyspace-events has 'm'. */
  keyMissHook: KeyHook | null = null;
  readonly propagateHooks: PropagateHook[] = [];
  // ---- lazy free (lazyfree.c; see lazyfree.ts) ----
  /** INFO lazyfree_pending_objects / lazyfreed_objects (the latter reset by CONFIG RESETSTAT). */
  lazyfreePending = 0;
  lazyfreed = 0;
  /** lazyfree-lazy-server-del / -expire / -eviction, mirrored from CONFIG by the server. */
  lazyServerDel = false;
  lazyExpire = false;
  lazyEviction = false;
  /** lazyfreeGetFreeEffort (installed by the server, it knows the value types). */
  freeEffort: ((e: Entry) => number) | null = null;
  private lazyfreeScheduled = false;
  /** freeObjAsync: a value whose free effort exceeds 64 (LAZYFREE_THRESHOLD) is freed "in the background". */
  freeAsync(e: Entry): void {
    if (this.freeEffort !== null && this.freeEffort(e) > 64) this.lazyfreeQueue(1);
  }
  /** `n` objects handed to the background free; it completes on the next event-loop turn. */
  lazyfreeQueue(n: number): void {
    this.lazyfreePending += n;
    if (this.lazyfreeScheduled || n === 0) return;
    this.lazyfreeScheduled = true;
    setImmediate(() => { this.lazyfreeScheduled = false; this.lazyfreed += this.lazyfreePending; this.lazyfreePending = 0; });
  }

  constructor(n: number, public evict: EvictionConfig) {
    this.dbs = [];
    for (let i = 0; i < n; i++) this.dbs.push(new Db(i, this));
  }

  now(): number { return this.frozenNow || Date.now(); }
  /** Freeze "now" while a batch of commands runs (keys don't expire mid-command; saves clock reads). */
  freeze(): void { this.frozenNow = Date.now(); this.clockMark = 0; }
  unfreeze(): void { this.frozenNow = 0; this.clockMark = 0; }
  /**
   * performance.now() at the end of the last top-level command of the current
   * frozen batch, reused as the next command's start time (Server.call): one
   * clock read per command instead of two. 0 = read the clock.
   */
  clockMark = 0;
  get frozen(): boolean { return this.frozenNow !== 0; }

  get policy(): string { return this.evict.policy; }
  get isLfu(): boolean { return this.lfuMode; }
  /** Cached "policy is *-lfu" (set by the server when maxmemory-policy changes). */
  lfuMode = false;

  initAccess(e: Entry): void {
    e.lru = this.now();
    if (this.isLfu) e.lfu = 5;
  }
  touchAccess(e: Entry): void {
    if (this.isLfu) {
      this.lfuDecr(e);
      e.lfu = lfuLogIncr(e.lfu, this.evict.lfuLogFactor);
    }
    e.lru = this.now();
  }
  private lfuDecr(e: Entry): void {
    if (this.evict.lfuDecayTime <= 0) return;
    const periods = Math.floor((Date.now() - e.lru) / 60000 / this.evict.lfuDecayTime);
    if (periods > 0) e.lfu = periods > e.lfu ? 0 : e.lfu - periods;
  }
  /** OBJECT FREQ value. */
  freq(e: Entry): number { this.lfuDecr(e); return e.lfu; }

  /** Recompute an entry's memory estimate (call after modifying a value in place). */
  updateMem(e: Entry): void {
    const m = KEY_OVERHEAD + e.key.length + (e.type === 'string' ? strMemory(e.value) : valueMemory(e));
    this.usedMemory += m - e.mem;
    e.mem = m;
  }

  // ---- hooks ----
  /** signalModifiedKey: WATCH invalidation, client tracking. */
  signalModified(db: Db, key: string, internal = false): void {
    const h = this.keyChangeHooks;
    for (let i = 0; i < h.length; i++) h[i](db, key, internal);
  }
  /** signalFlushedDb: call after FLUSHDB/FLUSHALL emptied databases. */
  signalFlushed(): void { for (const h of this.flushHooks) h(); }
  /** signalKeyAsReady: wake clients blocked on this key (BLPOP etc.). */
  signalReady(db: Db, key: string): void {
    const h = this.keyReadyHooks;
    for (let i = 0; i < h.length; i++) h[i](db, key);
  }
  onExpired(db: Db, key: string): void {
    // Like Redis 7.0 deleteExpiredKeyAndPropagate: signalModifiedKey + propagate DEL.
    this.signalModified(db, key, true);
    this.propagate(db.id, [this.lazyExpire ? 'UNLINK' : 'DEL', key]); // propagateDeletion
    for (const h of this.expiredHooks) h(db, key);
  }
  /** While EXEC runs, propagated commands are collected here and wrapped in MULTI/EXEC. */
  txBuffer: [number, string[]][] | null = null;
  propagate(dbIndex: number, argv: string[]): void {
    if (this.txBuffer !== null) { this.txBuffer.push([dbIndex, argv]); return; }
    const h = this.propagateHooks;
    if (h.length === 0) return;
    for (let i = 0; i < h.length; i++) h[i](dbIndex, argv);
  }

  // ---- eviction ----
  /**
   * Evict keys until used memory <= maxmemory. Returns false if memory is
   * still above the limit (noeviction, or nothing evictable): the caller
   * then rejects denyoom commands with OOM.
   */
  performEvictions(): boolean {
    const { maxmemory, policy } = this.evict;
    if (maxmemory <= 0 || this.usedMemory + this.baseMemory <= maxmemory) return true;
    if (policy === 'noeviction') return false;
    const volatileOnly = policy.startsWith('volatile');
    const samples = Math.max(1, this.evict.samples);
    while (this.usedMemory + this.baseMemory > maxmemory) {
      let best: Entry | undefined;
      let bestDb: Db | undefined;
      let bestScore = -Infinity;
      let any = false;
      for (const db of this.dbs) {
        const set = volatileOnly ? db.volatile : db.slots;
        if (set.count === 0) continue;
        any = true;
        for (let s = 0; s < samples; s++) {
          const e = set.random();
          if (!e) break;
          let score: number;
          if (policy.endsWith('random')) score = Math.random();
          else if (policy.endsWith('lru')) score = Date.now() - e.lru;
          else if (policy.endsWith('lfu')) { this.lfuDecr(e); score = 255 - e.lfu; }
          else score = -e.expireAt; // volatile-ttl: soonest expiry first
          if (score > bestScore) { bestScore = score; best = e; bestDb = db; }
        }
      }
      if (!any || !best || !bestDb) return false;
      const key = best.key;
      if (this.lazyEviction) this.freeAsync(best);
      bestDb.removeEntry(best);
      this.evictedKeys++;
      this.propagate(bestDb.id, [this.lazyEviction ? 'UNLINK' : 'DEL', key]);
      this.signalModified(bestDb, key, true);
      for (const h of this.evictedHooks) h(bestDb, key);
    }
    return true;
  }
}

/** Redis LFULogIncr. */
export function lfuLogIncr(counter: number, factor: number): number {
  if (counter === 255) return 255;
  const r = Math.random();
  const base = counter - 5;
  const p = 1.0 / ((base < 0 ? 0 : base) * factor + 1);
  return r < p ? counter + 1 : counter;
}

/** Value memory estimate: strings exact (sds + alloc rounding), other types via TypeInfo. */
export function valueMemory(e: Entry): number {
  if (e.type === 'string') return strMemory(e.value);
  const t = types.get(e.type);
  return t ? t.memory(e) : 64;
}

// ---- string encodings (OBJECT ENCODING) ----

/** True if s is the canonical decimal form of a signed 64-bit integer (Redis string2ll round-trip). */
export function isCanonicalInt(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) { if (n === 1) return false; i = 1; }
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return n === 1;
  if (c0 < 49 || c0 > 57) return false;
  for (i++; i < n; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) return false; }
  if (n >= 19) { try { const b = BigInt(s); return b >= -(1n << 63n) && b < (1n << 63n); } catch { return false; } }
  return true;
}

// ---- string values: latin1 string or StrBuf ----

/** The value of a string entry as a latin1 string (a StrBuf materialises and caches it). */
export function strValue(e: Entry): string {
  const v = e.value;
  return typeof v === 'string' ? v : (v as StrBuf).toString();
}
/** Length of a string entry's value, without materialising it. */
export function strLength(e: Entry): number {
  const v = e.value;
  return typeof v === 'string' ? v.length : (v as StrBuf).len;
}
/** The value for byte-wise readers (bitops, HLL): the string itself or a view of the buffer (valid until the next write). */
export function strBytes(e: Entry): string | Buffer {
  const v = e.value;
  return typeof v === 'string' ? v : (v as StrBuf).bytes();
}
/**
 * For in-place writers: the entry's value as a StrBuf, converting a latin1
 * string into a fresh exact-size one first (dbUnshareStringValue). The
 * encoding becomes raw; the cached string form is dropped (the caller writes).
 * Call Keyspace.updateMem after writing.
 */
export function bytesValue(e: Entry): StrBuf {
  let v = e.value;
  if (typeof v === 'string') e.value = v = StrBuf.from(v);
  e.raw = true;
  (v as StrBuf).touch();
  return v as StrBuf;
}
/** Entry.mem part of a string value (latin1 string: exact length; StrBuf: its allocation). */
function strMemory(v: unknown): number {
  return typeof v === 'string' ? v.length + 9 : (v as StrBuf).zsize + 1;
}

registerType({
  name: 'string',
  encoding(e) {
    const v = e.value;
    if (typeof v !== 'string') return 'raw'; // modified in place: always raw in Redis
    if (!e.raw && v.length <= 20 && isCanonicalInt(v)) return 'int';
    if (e.raw) return 'raw';
    return v.length <= 44 ? 'embstr' : 'raw';
  },
  memory(e) { return strMemory(e.value); },
  // dupStringObject: an exact-size copy
  copy(v) { return typeof v === 'string' ? v : (v as StrBuf).clone(); },
});

export function wrongType(): string { return E.WRONGTYPE; }
