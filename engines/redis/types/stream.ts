/**
 * Stream values (Redis t_stream.c / stream.h).
 *
 * Entries live in nodes that mirror Redis's listpack nodes: a node starts
 * with the entry that created it (its "master" ID and master fields), takes
 * entries until stream-node-max-entries (live + deleted) or
 * stream-node-max-bytes (its estimated listpack size, computed with
 * listpack's exact element sizes) is reached, keeps deleted entries as
 * tombstones (flag) and is dropped when its last live entry goes. So node
 * counts, approximate (~) trimming and XINFO's radix-tree-keys behave as in
 * Redis. Range reads binary-search the node array, then the node.
 *
 * IDs are two unsigned 64-bit halves held as U64: a JS number while
 * <= 2^53-1, a bigint above (always normalized, so === works and mixed
 * < / > comparisons are exact). Fields and values are latin1 strings.
 *
 * Consumer groups keep a PEL (sorted array + map by "ms-seq") per group and
 * per consumer sharing the same Nack objects, as Redis's rax PELs do.
 */
import { registerType, type Entry } from '../keyspace.js';

export type U64 = number | bigint;
export interface SID { ms: U64; seq: U64 }

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const U64_MAX = 0xffffffffffffffffn;
export const ID_MIN: SID = { ms: 0, seq: 0 };
export const ID_MAX: SID = { ms: U64_MAX, seq: U64_MAX };
/** SCG_INVALID_ENTRIES_READ */
export const INVALID_READ = -1;

export function norm(b: bigint): U64 { return b <= 9007199254740991n && b >= -9007199254740991n ? Number(b) : b; }
export function toBig(x: U64): bigint { return typeof x === 'bigint' ? x : BigInt(x); }
export function addU(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= MAX_SAFE && r >= -MAX_SAFE) return r; }
  return norm(toBig(a) + toBig(b));
}
export function subU(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return norm(toBig(a) - toBig(b));
}
export function cmpId(a: SID, b: SID): number {
  return a.ms < b.ms ? -1 : a.ms > b.ms ? 1 : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0;
}
function cmp4(am: U64, as: U64, bm: U64, bs: U64): number {
  return am < bm ? -1 : am > bm ? 1 : as < bs ? -1 : as > bs ? 1 : 0;
}
export const isMax = (x: U64): boolean => typeof x === 'bigint' && x === U64_MAX;
export function idEqZero(id: SID): boolean { return id.ms === 0 && id.seq === 0; }
/** streamIncrID: false (id becomes max) on overflow of 2^64-1 - 2^64-1. */
export function incrId(id: SID): SID | null {
  if (isMax(id.seq)) {
    if (isMax(id.ms)) return null;
    return { ms: addU(id.ms, 1), seq: 0 };
  }
  return { ms: id.ms, seq: addU(id.seq, 1) };
}
/** streamDecrID: null on underflow of 0-0. */
export function decrId(id: SID): SID | null {
  if (id.seq === 0) {
    if (id.ms === 0) return null;
    return { ms: subU(id.ms, 1), seq: U64_MAX };
  }
  return { ms: id.ms, seq: subU(id.seq, 1) };
}
export function idStr(id: SID): string { return `${id.ms}-${id.seq}`; }

// ---- listpack element sizes (exact, as listpack.c encodes them) ----

function backlenSize(l: number): number { return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5; }
/** Bytes of an integer element including its backlen byte. */
export function lpIntSize(v: U64): number {
  if (typeof v === 'bigint') return 10;
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}
/** lpStringToInt64: the value if `s` is stored as an integer element, else null. */
function lpInt(s: string): U64 | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) { if (n === 1) return null; i = 1; }
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return n === 1 ? 0 : null;
  if (c0 < 49 || c0 > 57) return null;
  for (let j = i + 1; j < n; j++) { const c = s.charCodeAt(j); if (c < 48 || c > 57) return null; }
  if (n - i < 16) return Number(s);
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  return norm(b);
}
export function lpStrSize(s: string): number {
  const v = lpInt(s);
  if (v !== null) return lpIntSize(v);
  const l = s.length;
  const enc = l < 64 ? 1 + l : l < 4096 ? 2 + l : 5 + l;
  return enc + backlenSize(enc);
}
/** int64 delta as listpack stores (ms - master.ms), for its size. */
function deltaSize(a: U64, b: U64): number {
  if (typeof a === 'number' && typeof b === 'number') return lpIntSize(a - b);
  return lpIntSize(norm(BigInt.asIntN(64, toBig(a) - toBig(b))));
}

export const FLAG_DELETED = 1, FLAG_SAMEFIELDS = 2;

/**
 * One listpack node: entries with absolute IDs, tombstones kept until the
 * node empties. Entry contents sit in one flat array per node (no array per
 * entry: fewer objects for the GC to copy, as a listpack holds them inline):
 * an entry with the master's fields (SAMEFIELDS) stores only its values, any
 * other entry its field, value pairs; `off[j]` is where entry j starts.
 */
export class SNode {
  ms: U64[] = [];
  seq: U64[] = [];
  vals: string[] = [];
  off: number[] = [];
  flags: number[] = [];
  live = 0;
  deleted = 0;
  /** Estimated listpack bytes of the master fields part and of all entries. */
  masterBytes: number;
  entBytes = 0;
  constructor(readonly masterFields: string[]) {
    let b = lpIntSize(masterFields.length) + lpIntSize(0);
    for (const f of masterFields) b += lpStrSize(f);
    this.masterBytes = b;
  }
  get lpBytes(): number { return 7 + lpIntSize(this.live) + lpIntSize(this.deleted) + this.masterBytes + this.entBytes; }
  get masterMs(): U64 { return this.ms[0]; }
  get masterSeq(): U64 { return this.seq[0]; }
  id(j: number): SID { return { ms: this.ms[j], seq: this.seq[j] }; }
  /** Number of field-value pairs of entry j. */
  pairs(j: number): number {
    if (this.flags[j] & FLAG_SAMEFIELDS) return this.masterFields.length;
    return ((j + 1 < this.off.length ? this.off[j + 1] : this.vals.length) - this.off[j]) >> 1;
  }
  /** Entry j as field, value, field, value … (a new array). */
  fieldsValues(j: number): string[] {
    const n = this.pairs(j), o = this.off[j], v = this.vals;
    const out = new Array<string>(2 * n);
    if (this.flags[j] & FLAG_SAMEFIELDS) {
      const mf = this.masterFields;
      for (let i = 0; i < n; i++) { out[2 * i] = mf[i]; out[2 * i + 1] = v[o + i]; }
    } else for (let i = 0; i < 2 * n; i++) out[i] = v[o + i];
    return out;
  }
  /** Add entry contents `fv[from..]` (field, value pairs); `same`: its fields are the master's. */
  push(ms: U64, seq: U64, fv: readonly string[], from: number, same: boolean, flags: number): void {
    this.ms.push(ms); this.seq.push(seq); this.flags.push(flags);
    const v = this.vals;
    this.off.push(v.length);
    if (same) for (let i = from + 1; i < fv.length; i += 2) v.push(fv[i]);
    else for (let i = from; i < fv.length; i++) v.push(fv[i]);
  }
  /** First index with id >= (ms, seq). */
  lower(ms: U64, seq: U64): number {
    let lo = 0, hi = this.ms.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cmp4(this.ms[m], this.seq[m], ms, seq) < 0) lo = m + 1; else hi = m; }
    return lo;
  }
}

export class Nack {
  constructor(public id: SID, public key: string, public consumer: Consumer | null, public time: number, public count: number) {}
}

const PEL_CHUNK = 256;

/** First index in a sorted Nack array with id >= `id`. */
function lowerIn(a: Nack[], id: SID): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (cmpId(a[m].id, id) < 0) lo = m + 1; else hi = m; }
  return lo;
}

/**
 * A PEL: Nacks ordered by ID (chunks of up to 2×256, so inserts and removals
 * anywhere stay cheap, like Redis's rax) plus a map by "ms-seq".
 */
export class Pel {
  private chunks: Nack[][] = [];
  map = new Map<string, Nack>();
  get size(): number { return this.map.size; }
  get(key: string): Nack | undefined { return this.map.get(key); }
  first(): Nack | undefined { return this.chunks.length ? this.chunks[0][0] : undefined; }
  last(): Nack | undefined { const c = this.chunks[this.chunks.length - 1]; return c === undefined ? undefined : c[c.length - 1]; }
  /** Index of the last chunk whose first id <= id (0 if none). */
  private chunkFor(id: SID): number {
    const cs = this.chunks;
    let lo = 0, hi = cs.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cmpId(cs[m][0].id, id) <= 0) lo = m + 1; else hi = m; }
    return lo > 0 ? lo - 1 : 0;
  }
  insert(n: Nack): void {
    this.map.set(n.key, n);
    const cs = this.chunks;
    const tail = cs[cs.length - 1];
    if (tail === undefined) { cs.push([n]); return; }
    if (cmpId(tail[tail.length - 1].id, n.id) < 0) { if (tail.length >= PEL_CHUNK) cs.push([n]); else tail.push(n); return; }
    const ci = this.chunkFor(n.id);
    const c = cs[ci];
    c.splice(lowerIn(c, n.id), 0, n);
    if (c.length > 2 * PEL_CHUNK) cs.splice(ci + 1, 0, c.splice(PEL_CHUNK));
  }
  remove(n: Nack): void {
    if (!this.map.delete(n.key)) return;
    const cs = this.chunks;
    const ci = this.chunkFor(n.id);
    const c = cs[ci];
    const i = lowerIn(c, n.id);
    if (c[i] !== n) return;
    c.splice(i, 1);
    if (c.length === 0) cs.splice(ci, 1);
  }
  /** Nacks with id >= `id` in order; the yielded Nack may be removed while iterating. */
  *from(id: SID): Generator<Nack> {
    const cs = this.chunks;
    if (cs.length === 0) return;
    let ci = this.chunkFor(id);
    let i = lowerIn(cs[ci], id);
    for (;;) {
      if (ci >= cs.length) return;
      const c = cs[ci];
      if (i >= c.length) { ci++; i = 0; continue; }
      const n = c[i];
      yield n;
      if (cs[ci] === c && c[i] === n) { i++; continue; }
      if (cs[ci] === c && this.map.get(n.key) !== n && (i >= c.length || cmpId(c[i].id, n.id) > 0)) continue; // n was removed
      // the structure changed around us: seek the first id after n
      if (cs.length === 0) return;
      ci = this.chunkFor(n.id);
      i = lowerIn(cs[ci], n.id);
      if (i < cs[ci].length && cs[ci][i] === n) i++;
    }
  }
  /** The first `count` Nacks (0 = all). */
  take(count: number): Nack[] {
    const out: Nack[] = [];
    for (const c of this.chunks) {
      for (const n of c) { if (count && out.length >= count) return out; out.push(n); }
    }
    return out;
  }
  toArray(): Nack[] { return this.take(0); }
}

export class Consumer {
  pel = new Pel();
  constructor(readonly name: string, public seenTime: number) {}
}

export class CGroup {
  pel = new Pel();
  consumers = new Map<string, Consumer>();
  constructor(readonly name: string, public lastId: SID, public entriesRead: U64) {}
  /** Consumers in rax (byte) order. */
  sortedConsumers(): Consumer[] { return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); }
}

export class StreamValue {
  nodes: SNode[] = [];
  length = 0;
  lastId: SID = ID_MIN;
  firstId: SID = ID_MIN;
  maxDelId: SID = ID_MIN;
  entriesAdded: U64 = 0;
  groups = new Map<string, CGroup>();
  /** Sum of node listpack estimates (memory accounting). */
  lpTotal = 0;

  sortedGroups(): CGroup[] { return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); }

  /**
   * Append the entry `fv[from..]` (field, value pairs; the caller validated
   * id > lastId). streamAppendItem's node logic.
   */
  append(id: SID, fv: readonly string[], maxBytes: number, maxEntries: number, from = 0): void {
    let totelelen = 0;
    for (let i = from; i < fv.length; i++) totelelen += fv[i].length;
    let n: SNode | undefined = this.nodes[this.nodes.length - 1];
    if (n !== undefined) {
      const nodeMax = maxBytes === 0 || maxBytes > 1 << 30 ? 1 << 30 : maxBytes;
      if (n.lpBytes + totelelen >= nodeMax) n = undefined;
      else if (maxEntries && n.live + n.deleted >= maxEntries) n = undefined;
    }
    const nf = (fv.length - from) >> 1;
    let same = false;
    if (n === undefined) {
      const fields = new Array<string>(nf);
      for (let i = 0; i < nf; i++) fields[i] = fv[from + 2 * i];
      n = new SNode(fields);
      this.nodes.push(n);
      this.lpTotal += n.lpBytes;
      same = true;
    } else if (n.masterFields.length === nf) {
      same = true;
      const mf = n.masterFields;
      for (let i = 0; i < nf; i++) if (mf[i] !== fv[from + 2 * i]) { same = false; break; }
    }
    const before = n.lpBytes;
    let b = 2 /* flags */ + (n.ms.length === 0 ? 4 : deltaSize(id.ms, n.masterMs) + deltaSize(id.seq, n.masterSeq));
    if (!same) b += lpIntSize(nf);
    for (let i = from; i < fv.length; i += 2) {
      if (!same) b += lpStrSize(fv[i]);
      b += lpStrSize(fv[i + 1]);
    }
    b += lpIntSize(same ? nf + 3 : 2 * nf + 4);
    n.push(id.ms, id.seq, fv, from, same, same ? FLAG_SAMEFIELDS : 0);
    n.live++;
    n.entBytes += b;
    this.lpTotal += n.lpBytes - before;
    this.length++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the last node whose master ID <= id, or -1. */
  nodeFor(id: SID): number {
    const ns = this.nodes;
    let lo = 0, hi = ns.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cmp4(ns[m].masterMs, ns[m].masterSeq, id.ms, id.seq) <= 0) lo = m + 1; else hi = m; }
    return lo - 1;
  }

  /** Location of a live (or, with tombstones, any) entry with exactly this id. */
  find(id: SID, tombstones = false): [SNode, number] | null {
    const i = this.nodeFor(id);
    if (i < 0) return null;
    const n = this.nodes[i];
    const j = n.lower(id.ms, id.seq);
    if (j >= n.ms.length || n.ms[j] !== id.ms || n.seq[j] !== id.seq) return null;
    if (!tombstones && (n.flags[j] & FLAG_DELETED)) return null;
    return [n, j];
  }
  exists(id: SID): boolean { return this.find(id) !== null; }

  /**
   * Visit live entries with start <= id <= end (reverse: from end down),
   * stopping when fn returns false.
   */
  range(start: SID, end: SID, rev: boolean, fn: (n: SNode, j: number) => boolean, tombstones = false): void {
    if (cmpId(start, end) > 0) return;
    const ns = this.nodes;
    if (!rev) {
      let i = this.nodeFor(start);
      if (i < 0) i = 0;
      let j = i < ns.length ? ns[i].lower(start.ms, start.seq) : 0;
      for (; i < ns.length; i++, j = 0) {
        const n = ns[i];
        for (; j < n.ms.length; j++) {
          if (cmp4(n.ms[j], n.seq[j], end.ms, end.seq) > 0) return;
          if (!tombstones && (n.flags[j] & FLAG_DELETED)) continue;
          if (!fn(n, j)) return;
        }
      }
    } else {
      let i = this.nodeFor(end);
      if (i < 0) return;
      let j = ns[i].lower(end.ms, end.seq);
      if (j < ns[i].ms.length && ns[i].ms[j] === end.ms && ns[i].seq[j] === end.seq) j++;
      j--;
      for (; i >= 0; i--, j = i >= 0 ? ns[i].ms.length - 1 : 0) {
        const n = ns[i];
        for (; j >= 0; j--) {
          if (cmp4(n.ms[j], n.seq[j], start.ms, start.seq) < 0) return;
          if (!tombstones && (n.flags[j] & FLAG_DELETED)) continue;
          if (!fn(n, j)) return;
        }
      }
    }
  }

  /** streamGetEdgeID: first/last entry (live only unless tombstones); none → max (first) / 0-0 (last). */
  edge(first: boolean, tombstones: boolean): SID {
    const ns = this.nodes;
    if (first) {
      for (let i = 0; i < ns.length; i++) {
        const n = ns[i];
        for (let j = 0; j < n.ms.length; j++) if (tombstones || !(n.flags[j] & FLAG_DELETED)) return n.id(j);
      }
      return ID_MAX;
    }
    for (let i = ns.length - 1; i >= 0; i--) {
      const n = ns[i];
      for (let j = n.ms.length - 1; j >= 0; j--) if (tombstones || !(n.flags[j] & FLAG_DELETED)) return n.id(j);
    }
    return ID_MIN;
  }
  lastValidId(): SID { return this.edge(false, false); }

  /** Mark entry j of node n deleted; drop the node when nothing live remains. */
  private markDeleted(n: SNode, j: number): void {
    const before = n.lpBytes;
    n.flags[j] |= FLAG_DELETED;
    n.live--; n.deleted++;
    this.length--;
    if (n.live === 0) {
      this.lpTotal -= before;
      const i = this.nodes.indexOf(n);
      this.nodes.splice(i, 1);
    } else this.lpTotal += n.lpBytes - before;
  }

  /** streamDeleteItem. */
  deleteId(id: SID): boolean {
    const f = this.find(id);
    if (f === null) return false;
    this.markDeleted(f[0], f[1]);
    return true;
  }

  /** streamTrim. `limit` 0 = no limit. Returns the number of entries removed. */
  trim(strategy: 'maxlen' | 'minid', maxlen: number, minid: SID, approx: boolean, limit: number): number {
    let deleted = 0;
    const ns = this.nodes;
    let drop = 0;
    for (let i = 0; i < ns.length; i++) {
      if (strategy === 'maxlen' && this.length <= maxlen) break;
      const n = ns[i];
      const entries = n.live;
      if (limit && deleted + entries > limit) break;
      let remove: boolean;
      if (strategy === 'maxlen') remove = this.length - entries >= maxlen;
      else { const last = n.ms.length - 1; remove = cmp4(n.ms[last], n.seq[last], minid.ms, minid.seq) < 0; }
      if (remove) {
        this.lpTotal -= n.lpBytes;
        this.length -= entries;
        deleted += entries;
        drop++;
        continue;
      }
      if (approx) break;
      const before = n.lpBytes;
      for (let j = 0; j < n.ms.length; j++) {
        const stop = strategy === 'maxlen' ? this.length <= maxlen : cmp4(n.ms[j], n.seq[j], minid.ms, minid.seq) >= 0;
        if (stop) break;
        if (n.flags[j] & FLAG_DELETED) continue;
        n.flags[j] |= FLAG_DELETED;
        n.live--; n.deleted++;
        this.length--;
        deleted++;
      }
      this.lpTotal += n.lpBytes - before;
      break;
    }
    if (drop) ns.splice(0, drop);
    if (deleted) this.firstId = this.length === 0 ? ID_MIN : this.edge(true, false);
    return deleted;
  }

  /** The group's read counter estimate (streamEstimateDistanceFromFirstEverEntry). */
  estimateDistance(id: SID): U64 {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && cmpId(id, this.lastId) < 1) return this.entriesAdded;
    const cl = cmpId(id, this.lastId);
    if (cl === 0) return this.entriesAdded;
    if (cl > 0) return INVALID_READ;
    const cf = cmpId(id, this.firstId);
    if (idEqZero(this.maxDelId) || cmpId(this.maxDelId, this.firstId) < 0) {
      if (cf < 0) return subU(this.entriesAdded, this.length);
      if (cf === 0) return addU(subU(this.entriesAdded, this.length), 1);
    }
    return INVALID_READ;
  }

  /** streamRangeHasTombstones (end = +inf). */
  hasTombstonesFrom(start: SID): boolean {
    if (this.length === 0 || idEqZero(this.maxDelId)) return false;
    if (cmpId(this.firstId, this.maxDelId) > 0) return false;
    return cmpId(start, this.maxDelId) <= 0;
  }

  /** Lag of a group, or null when it cannot be computed (streamReplyWithCGLag). */
  lag(g: CGroup): U64 | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== INVALID_READ && !this.hasTombstonesFrom(g.lastId)) return subU(this.entriesAdded, g.entriesRead);
    const er = this.estimateDistance(g.lastId);
    if (er !== INVALID_READ) return subU(this.entriesAdded, er);
    return null;
  }

  /** rax->numnodes of the node tree: a compressed trie over the 16-byte big-endian master IDs. */
  raxNodes(): number {
    if (this.nodes.length === 0) return 1;
    const keys = this.nodes.map((n) => keyBytes(n.masterMs, n.masterSeq));
    const count = (lo: number, hi: number, d: number): number => {
      if (d === 16) return 1;
      // longest common run from d over keys[lo..hi)
      let l = 0;
      while (d + l < 16 && keys[lo][d + l] === keys[hi - 1][d + l]) l++;
      if (l > 0) return 1 + count(lo, hi, d + l);
      let total = 1;
      for (let i = lo; i < hi;) {
        let k = i + 1;
        while (k < hi && keys[k][d] === keys[i][d]) k++;
        total += count(i, k, d + 1);
        i = k;
      }
      return total;
    };
    return count(0, keys.length, 0);
  }

  memory(): number {
    let m = 64 + this.lpTotal + this.nodes.length * 48;
    if (this.groups.size === 0) return m;
    for (const g of this.groups.values()) m += 96 + g.name.length + g.pel.size * 64 + g.consumers.size * 80;
    return m;
  }
}

function keyBytes(ms: U64, seq: U64): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(toBig(ms), 0); b.writeBigUInt64BE(toBig(seq), 8);
  return b;
}

// ---- parsing ----

/** Redis string2ull: strict integer first, then strtoull rules (spaces, sign, leading zeros). */
export function parseU64(s: string): U64 | null {
  const len = s.length;
  if (len > 0 && len <= 15) {
    // plain digits below 10^15 (every ms and seq in practice): no regex, no BigInt
    let v = 0, i = 0;
    for (; i < len; i++) { const ch = s.charCodeAt(i); if (ch < 48 || ch > 57) break; v = v * 10 + (ch - 48); }
    if (i === len) return v;
  }
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return null;
  let v = BigInt(m[2]);
  if (v > U64_MAX) return null;
  if (m[1] === '-') {
    // string2ll accepts a plain negative number and string2ull then rejects it; strtoull wraps otherwise
    if (/^-[1-9][0-9]*$/.test(s) && v <= 9223372036854775808n) return null;
    v = BigInt.asUintN(64, -v);
  }
  return norm(v);
}

/**
 * streamGenericParseIDOrReply: returns the id, or null if invalid. `seqGiven`
 * (non-null) enables the `<ms>-*` form and reports whether the seq was given.
 */
export function parseId(s: string, missingSeq: U64, strict: boolean, seqGiven?: { v: boolean }): SID | null {
  if (s.length > 127) return null;
  if (strict && (s === '-' || s === '+')) return null;
  if (seqGiven) seqGiven.v = true;
  if (s === '-') return { ms: 0, seq: 0 };
  if (s === '+') return ID_MAX;
  const dot = s.indexOf('-');
  const ms = parseU64(dot < 0 ? s : s.slice(0, dot));
  if (ms === null) return null;
  if (dot < 0) return { ms, seq: missingSeq };
  const rest = s.slice(dot + 1);
  if (seqGiven && rest === '*') { seqGiven.v = false; return { ms, seq: 0 }; }
  const seq = parseU64(rest);
  if (seq === null) return null;
  return { ms, seq };
}

// ---- type registration and COPY (the RDB codec is in stream-rdb.ts) ----

function copyStream(v: unknown): StreamValue {
  const s = v as StreamValue;
  const d = new StreamValue();
  for (const n of s.nodes) {
    const c = new SNode(n.masterFields);
    c.ms = n.ms.slice(); c.seq = n.seq.slice(); c.vals = n.vals.slice(); c.off = n.off.slice(); c.flags = n.flags.slice();
    c.live = n.live; c.deleted = n.deleted; c.entBytes = n.entBytes;
    d.nodes.push(c);
  }
  d.length = s.length; d.lastId = s.lastId; d.firstId = s.firstId; d.maxDelId = s.maxDelId;
  d.entriesAdded = s.entriesAdded; d.lpTotal = s.lpTotal;
  for (const g of s.groups.values()) {
    const ng = new CGroup(g.name, g.lastId, g.entriesRead);
    const map = new Map<Nack, Nack>();
    for (const n of g.pel.toArray()) { const x = new Nack(n.id, n.key, null, n.time, n.count); map.set(n, x); ng.pel.insert(x); }
    for (const c of g.consumers.values()) {
      const nc = new Consumer(c.name, c.seenTime);
      for (const n of c.pel.toArray()) { const x = map.get(n)!; x.consumer = nc; nc.pel.insert(x); }
      ng.consumers.set(c.name, nc);
    }
    d.groups.set(g.name, ng);
  }
  return d;
}

registerType({
  name: 'stream',
  encoding: () => 'stream',
  memory: (e: Entry) => (e.value as StreamValue).memory(),
  copy: copyStream,
});
