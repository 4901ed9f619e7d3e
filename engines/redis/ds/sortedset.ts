/**
 * The sorted-set structure behind ZSETs: Redis's skiplist (t_zset.c zsl*)
 * plus a dictionary member -> node. Ordering is exactly Redis's: by score,
 * then by member bytes (memcmp).
 *
 * Members: the engine keeps keys and values as latin1 strings (one char per
 * byte), so the default member type is `string`, compared with the native
 * `<` operator — UTF-16 code-unit order of one-byte chars is memcmp order,
 * and it is the fastest comparison available in V8 (no call, no allocation),
 * and strings are directly usable as Map keys. For Buffer members use
 * `SortedSet.forBuffers()` (Buffer.compare + latin1 dictionary keys), or pass
 * any `compare` / `keyOf` pair.
 *
 * Complexity: add / delete / update score / rank / element at rank / count in
 * range: O(log n); range queries O(log n + m). Ranks are 0-based here
 * (Redis's internal ones are 1-based).
 */

const MAX_LEVEL = 32;
const P = 0.25;
const NIL = -1;
const HEAD = 0;

/** Score interval; `minex`/`maxex` make the bound exclusive (Redis's "(" prefix). */
export interface ScoreRange { min: number; max: number; minex?: boolean; maxex?: boolean }

/** Lex bound: '-' (minus infinity), '+' (plus infinity), or a member with inclusive "[" / exclusive "(". */
export type LexBound<M> = '-' | '+' | { value: M; exclusive: boolean };
export interface LexRange<M> { min: LexBound<M>; max: LexBound<M> }

export interface RangeOptions { reverse?: boolean; offset?: number; count?: number }
export interface ZEntry<M> { member: M; score: number }

export interface SortedSetOptions<M> {
  /** memcmp-like member order (default: native `<` for latin1 strings). */
  compare?: (a: M, b: M) => number;
  /** Dictionary key of a member (default: the member itself). */
  keyOf?: (m: M) => unknown;
  /** Random source for node levels (default Math.random); tests pass a seeded one. */
  random?: () => number;
}

function strCompare(a: unknown, b: unknown): number {
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

/** Parses a ZRANGEBYSCORE bound: "1.5", "(1.5", "-inf", "+inf", "inf". Returns null when invalid. */
export function parseScoreBound(s: string): { value: number; exclusive: boolean } | null {
  let exclusive = false;
  if (s.startsWith('(')) { exclusive = true; s = s.slice(1); }
  const t = s.toLowerCase();
  let v: number;
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') v = Infinity;
  else if (t === '-inf' || t === '-infinity') v = -Infinity;
  else {
    if (t === '' || /^\s|\s$/.test(t) || t.startsWith('0x') || t.startsWith('-0x') || t.startsWith('+0x')) return null;
    v = Number(t);
    if (Number.isNaN(v)) return null;
  }
  return { value: v, exclusive };
}

/** Parses a ZRANGEBYLEX bound ("-", "+", "[x", "(x") over latin1 strings. Returns null when invalid. */
export function parseLexBound(s: string): LexBound<string> | null {
  if (s === '-') return '-';
  if (s === '+') return '+';
  if (s.startsWith('[')) return { value: s.slice(1), exclusive: false };
  if (s.startsWith('(')) return { value: s.slice(1), exclusive: true };
  return null;
}

/**
 * Layout: struct-of-arrays. A node is an integer id; its score, member,
 * backward link and level live in parallel arrays, and its forward links and
 * spans for levels 0..L-1 are a block of L slots in two Int32Array pools.
 * Compared with one object + two arrays per node this is 2-3x faster on
 * large sets (fewer pointer hops and far less GC work). Node id 0 is the
 * header (32 levels).
 */
export class SortedSet<M = string> {
  private scores = new Float64Array(0);
  private mem: (M | undefined)[] = [];
  private back = new Int32Array(0);
  private lvl = new Uint8Array(0);
  private base = new Int32Array(0);
  private nxt = new Int32Array(0);
  private spn = new Int32Array(0);
  private poolTop = 0;
  private poolFree: number[][] = [];
  private nodeTop = 0;
  private nodeFree: number[] = [];
  private tailId = NIL;
  private level = 1;
  private len = 0;
  private readonly dict = new Map<unknown, number>();
  private readonly cmp: (a: M, b: M) => number;
  private readonly keyOf: ((m: M) => unknown) | null;
  private readonly random: () => number;
  private readonly update = new Int32Array(MAX_LEVEL);
  private readonly rankAt = new Float64Array(MAX_LEVEL);

  constructor(opts: SortedSetOptions<M> = {}) {
    this.cmp = opts.compare ?? (strCompare as (a: M, b: M) => number);
    this.keyOf = opts.keyOf ?? null;
    this.random = opts.random ?? Math.random;
    this.reset();
  }

  /** A set of Buffer members (memcmp order, latin1 dictionary keys). */
  static forBuffers(random?: () => number): SortedSet<Buffer> {
    return new SortedSet<Buffer>({ compare: Buffer.compare, keyOf: (b) => b.toString('latin1'), random });
  }

  private reset(): void {
    this.scores = new Float64Array(16);
    this.mem = [];
    this.back = new Int32Array(16);
    this.lvl = new Uint8Array(16);
    this.base = new Int32Array(16);
    this.nxt = new Int32Array(64);
    this.spn = new Int32Array(64);
    this.poolTop = 0;
    this.poolFree = Array.from({ length: MAX_LEVEL + 1 }, () => []);
    this.nodeTop = 0;
    this.nodeFree = [];
    this.tailId = NIL; this.level = 1; this.len = 0;
    this.dict.clear();
    const h = this.alloc(undefined as unknown as M, 0, MAX_LEVEL);
    if (h !== HEAD) throw new Error('header must be node 0');
  }

  private alloc(member: M, score: number, level: number): number {
    let id: number;
    if (this.nodeFree.length) id = this.nodeFree.pop()!;
    else {
      id = this.nodeTop++;
      if (id >= this.scores.length) {
        const cap = this.scores.length * 2;
        const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, C: new (n: number) => T): T => { const b = new C(cap); b.set(a); return b; };
        this.scores = g(this.scores, Float64Array);
        this.back = g(this.back, Int32Array);
        this.lvl = g(this.lvl, Uint8Array);
        this.base = g(this.base, Int32Array);
      }
    }
    let b: number;
    const fl = this.poolFree[level];
    if (fl.length) b = fl.pop()!;
    else {
      b = this.poolTop;
      this.poolTop += level;
      if (this.poolTop > this.nxt.length) {
        let cap = this.nxt.length * 2;
        while (cap < this.poolTop) cap *= 2;
        const n = new Int32Array(cap); n.set(this.nxt); this.nxt = n;
        const s = new Int32Array(cap); s.set(this.spn); this.spn = s;
      }
    }
    this.scores[id] = score;
    this.mem[id] = member;
    this.back[id] = NIL;
    this.lvl[id] = level;
    this.base[id] = b;
    this.nxt.fill(NIL, b, b + level);
    this.spn.fill(0, b, b + level);
    return id;
  }

  private free(id: number): void {
    this.poolFree[this.lvl[id]].push(this.base[id]);
    this.mem[id] = undefined;
    this.nodeFree.push(id);
  }

  get size(): number { return this.len; }

  private k(m: M): unknown { return this.keyOf ? this.keyOf(m) : m; }

  /** Node order: (score, member). */
  private before(id: number, score: number, member: M): boolean {
    const s = this.scores[id];
    return s < score || (s === score && this.cmp(this.mem[id] as M, member) < 0);
  }

  private randomLevel(): number {
    let l = 1;
    while (l < MAX_LEVEL && this.random() < P) l++;
    return l;
  }

  private insertNode(score: number, member: M): number {
    const lv = this.randomLevel();
    const id = this.alloc(member, score, lv); // may grow the arrays: read them after
    const update = this.update, rank = this.rankAt;
    const nxt = this.nxt, spn = this.spn, base = this.base;
    let x = HEAD;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let p = base[x] + i;
      let nx = nxt[p];
      while (nx !== NIL && this.before(nx, score, member)) {
        rank[i] += spn[p];
        x = nx;
        p = base[x] + i;
        nx = nxt[p];
      }
      update[i] = x;
    }
    if (lv > this.level) {
      for (let i = this.level; i < lv; i++) {
        rank[i] = 0;
        update[i] = HEAD;
        spn[base[HEAD] + i] = this.len;
      }
      this.level = lv;
    }
    const nb = base[id];
    for (let i = 0; i < lv; i++) {
      const ub = base[update[i]] + i;
      nxt[nb + i] = nxt[ub];
      nxt[ub] = id;
      spn[nb + i] = spn[ub] - (rank[0] - rank[i]);
      spn[ub] = rank[0] - rank[i] + 1;
    }
    for (let i = lv; i < this.level; i++) spn[base[update[i]] + i]++;
    this.back[id] = update[0] === HEAD ? NIL : update[0];
    const n0 = nxt[nb];
    if (n0 !== NIL) this.back[n0] = id; else this.tailId = id;
    this.len++;
    return id;
  }

  /** Unlinks and frees node `id` (zslDelete). */
  private deleteNode(id: number): void {
    const update = this.update, nxt = this.nxt, spn = this.spn, base = this.base;
    const score = this.scores[id], member = this.mem[id] as M;
    let x = HEAD;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = nxt[base[x] + i];
      while (nx !== NIL && nx !== id && this.before(nx, score, member)) { x = nx; nx = nxt[base[x] + i]; }
      update[i] = x;
    }
    const ib = base[id];
    for (let i = 0; i < this.level; i++) {
      const ub = base[update[i]] + i;
      if (nxt[ub] === id) {
        spn[ub] += spn[ib + i] - 1;
        nxt[ub] = nxt[ib + i];
      } else {
        spn[ub] -= 1;
      }
    }
    const n0 = nxt[ib];
    if (n0 !== NIL) this.back[n0] = this.back[id]; else this.tailId = this.back[id];
    while (this.level > 1 && nxt[base[HEAD] + this.level - 1] === NIL) this.level--;
    this.len--;
    this.free(id);
  }

  /** Adds or updates. Returns true when the member is new. NaN scores are rejected. */
  add(member: M, score: number): boolean {
    if (Number.isNaN(score)) throw new RangeError('score is NaN');
    const key = this.k(member);
    const id = this.dict.get(key);
    if (id === undefined) {
      this.dict.set(key, this.insertNode(score, member));
      return true;
    }
    if (this.scores[id] !== score) this.updateScore(id, key, score);
    return false;
  }

  /** zslUpdateScore: in place when the order does not change, else delete + insert. */
  private updateScore(id: number, key: unknown, score: number): void {
    const prev = this.back[id], next = this.nxt[this.base[id]];
    const m = this.mem[id] as M;
    if ((prev === NIL || this.scores[prev] < score || (this.scores[prev] === score && this.cmp(this.mem[prev] as M, m) < 0)) &&
        (next === NIL || this.scores[next] > score || (this.scores[next] === score && this.cmp(this.mem[next] as M, m) > 0))) {
      this.scores[id] = score;
      return;
    }
    this.deleteNode(id);
    this.dict.set(key, this.insertNode(score, m));
  }

  /** ZINCRBY: returns the new score (throws if it would be NaN). */
  incrBy(member: M, delta: number): number {
    const cur = this.score(member);
    const s = (cur ?? 0) + delta;
    if (Number.isNaN(s)) throw new RangeError('resulting score is not a number (NaN)');
    this.add(member, s);
    return s;
  }

  score(member: M): number | undefined {
    const id = this.dict.get(this.k(member));
    return id === undefined ? undefined : this.scores[id];
  }
  has(member: M): boolean { return this.dict.has(this.k(member)); }

  delete(member: M): boolean {
    const key = this.k(member);
    const id = this.dict.get(key);
    if (id === undefined) return false;
    this.dict.delete(key);
    this.deleteNode(id);
    return true;
  }

  clear(): void { this.reset(); }

  /** 0-based rank (ZRANK / ZREVRANK with reverse). */
  rank(member: M, reverse = false): number | undefined {
    const id = this.dict.get(this.k(member));
    if (id === undefined) return undefined;
    const nxt = this.nxt, spn = this.spn, base = this.base;
    const score = this.scores[id], m = this.mem[id] as M;
    let r = 0;
    let x = HEAD;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = nxt[base[x] + i];
      while (nx !== NIL && (nx === id || this.before(nx, score, m))) {
        r += spn[base[x] + i];
        x = nx;
        if (x === id) return reverse ? this.len - r : r - 1;
        nx = nxt[base[x] + i];
      }
    }
    return undefined;
  }

  /** Node at 1-based rank (zslGetElementByRank), or NIL. */
  private nodeAtRank1(rank: number): number {
    if (rank < 1 || rank > this.len) return NIL;
    const nxt = this.nxt, spn = this.spn, base = this.base;
    let traversed = 0;
    let x = HEAD;
    for (let i = this.level - 1; i >= 0; i--) {
      while (nxt[base[x] + i] !== NIL && traversed + spn[base[x] + i] <= rank) {
        traversed += spn[base[x] + i];
        x = nxt[base[x] + i];
      }
      if (traversed === rank) return x;
    }
    return NIL;
  }

  private entry(id: number): ZEntry<M> { return { member: this.mem[id] as M, score: this.scores[id] }; }
  private fwd(id: number): number { return this.nxt[this.base[id]]; }
  private get firstId(): number { return this.nxt[this.base[HEAD]]; }

  /** Element at 0-based rank (from the top with reverse). */
  at(rank: number, reverse = false): ZEntry<M> | undefined {
    const n = this.nodeAtRank1(reverse ? this.len - rank : rank + 1);
    return n === NIL ? undefined : this.entry(n);
  }

  first(): ZEntry<M> | undefined { const n = this.firstId; return n === NIL ? undefined : this.entry(n); }
  last(): ZEntry<M> | undefined { return this.tailId === NIL ? undefined : this.entry(this.tailId); }

  /** ZPOPMIN / ZPOPMAX. */
  popMin(count = 1): ZEntry<M>[] { return this.pop(count, false); }
  popMax(count = 1): ZEntry<M>[] { return this.pop(count, true); }
  private pop(count: number, max: boolean): ZEntry<M>[] {
    const out: ZEntry<M>[] = [];
    while (out.length < count && this.len > 0) {
      const n = max ? this.tailId : this.firstId;
      const e = this.entry(n);
      out.push(e);
      this.delete(e.member);
    }
    return out;
  }

  /** Normalises Redis-style start/stop (negative from the end) to a 0-based inclusive range, or null when empty. */
  private normRank(start: number, stop: number): [number, number] | null {
    const n = this.len;
    if (start < 0) start = n + start;
    if (stop < 0) stop = n + stop;
    if (start < 0) start = 0;
    if (start > stop || start >= n) return null;
    if (stop >= n) stop = n - 1;
    return [start, stop];
  }

  /** ZRANGE start stop [REV]: Redis index semantics (negative indexes count from the end). */
  rangeByRank(start: number, stop: number, reverse = false): ZEntry<M>[] {
    const r = this.normRank(start, stop);
    if (!r) return [];
    const out: ZEntry<M>[] = [];
    let n = this.nodeAtRank1(reverse ? this.len - r[0] : r[0] + 1);
    for (let k = r[1] - r[0]; k >= 0 && n !== NIL; k--) {
      out.push(this.entry(n));
      n = reverse ? this.back[n] : this.fwd(n);
    }
    return out;
  }

  // ---- score ranges ----
  private gteMin(s: number, r: ScoreRange): boolean { return r.minex ? s > r.min : s >= r.min; }
  private lteMax(s: number, r: ScoreRange): boolean { return r.maxex ? s < r.max : s <= r.max; }
  private scoreRangeEmpty(r: ScoreRange): boolean {
    return r.min > r.max || (r.min === r.max && (!!r.minex || !!r.maxex));
  }
  /** zslFirstInRange: [node, 1-based rank] or null. */
  private firstInScore(r: ScoreRange): [number, number] | null {
    if (this.scoreRangeEmpty(r) || this.tailId === NIL || !this.gteMin(this.scores[this.tailId], r) || !this.lteMax(this.scores[this.firstId], r)) return null;
    const nxt = this.nxt, spn = this.spn, base = this.base, scores = this.scores;
    let x = HEAD, rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = nxt[base[x] + i];
      while (nx !== NIL && !this.gteMin(scores[nx], r)) { rank += spn[base[x] + i]; x = nx; nx = nxt[base[x] + i]; }
    }
    const n = nxt[base[x]];
    if (n === NIL || !this.lteMax(scores[n], r)) return null;
    return [n, rank + 1];
  }
  private lastInScore(r: ScoreRange): [number, number] | null {
    const f = this.firstId;
    if (this.scoreRangeEmpty(r) || f === NIL || !this.lteMax(this.scores[f], r)) return null;
    const nxt = this.nxt, spn = this.spn, base = this.base, scores = this.scores;
    let x = HEAD, rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = nxt[base[x] + i];
      while (nx !== NIL && this.lteMax(scores[nx], r)) { rank += spn[base[x] + i]; x = nx; nx = nxt[base[x] + i]; }
    }
    if (x === HEAD || !this.gteMin(scores[x], r)) return null;
    return [x, rank];
  }

  /** ZRANGEBYSCORE / ZREVRANGEBYSCORE with LIMIT offset count (count < 0 = all). */
  rangeByScore(r: ScoreRange, opts: RangeOptions = {}): ZEntry<M>[] {
    const hit = opts.reverse ? this.lastInScore(r) : this.firstInScore(r);
    return this.collect(hit, opts, (n) => (opts.reverse ? this.gteMin(this.scores[n], r) : this.lteMax(this.scores[n], r)));
  }

  /** Visits min <= score < max in order until `visit` returns false; no allocation per element (GEOSEARCH scans). */
  scanScore(min: number, max: number, visit: (member: M, score: number) => boolean): void {
    const hit = this.firstInScore({ min, max, maxex: true });
    if (hit === null) return;
    const scores = this.scores;
    for (let n = hit[0]; n !== NIL && scores[n] < max; n = this.fwd(n)) if (!visit(this.mem[n] as M, scores[n])) return;
  }

  /** ZCOUNT. */
  countByScore(r: ScoreRange): number {
    const f = this.firstInScore(r);
    if (!f) return 0;
    const l = this.lastInScore(r)!;
    return l[1] - f[1] + 1;
  }

  /** ZREMRANGEBYSCORE; onRemove sees every removed element. */
  deleteRangeByScore(r: ScoreRange, onRemove?: (e: ZEntry<M>) => void): number {
    const f = this.firstInScore(r);
    if (!f) return 0;
    return this.deleteFrom(f[0], (n) => this.lteMax(this.scores[n], r), onRemove);
  }

  // ---- lex ranges (meaningful when all scores are equal, as in Redis) ----
  private lexGteMin(m: M, b: LexBound<M>): boolean {
    if (b === '-') return true;
    if (b === '+') return false;
    const c = this.cmp(m, b.value);
    return b.exclusive ? c > 0 : c >= 0;
  }
  private lexLteMax(m: M, b: LexBound<M>): boolean {
    if (b === '+') return true;
    if (b === '-') return false;
    const c = this.cmp(m, b.value);
    return b.exclusive ? c < 0 : c <= 0;
  }
  private lexRangeEmpty(r: LexRange<M>): boolean {
    const { min, max } = r;
    if (min === '+' || max === '-') return true;
    if (min === '-' || max === '+') return false;
    const c = this.cmp(min.value, max.value);
    return c > 0 || (c === 0 && (min.exclusive || max.exclusive));
  }
  private lexEdgesOk(r: LexRange<M>): boolean {
    if (this.lexRangeEmpty(r) || this.tailId === NIL) return false;
    return this.lexGteMin(this.mem[this.tailId] as M, r.min) && this.lexLteMax(this.mem[this.firstId] as M, r.max);
  }
  private firstInLex(r: LexRange<M>): [number, number] | null {
    if (!this.lexEdgesOk(r)) return null;
    const nxt = this.nxt, spn = this.spn, base = this.base;
    let x = HEAD, rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = nxt[base[x] + i];
      while (nx !== NIL && !this.lexGteMin(this.mem[nx] as M, r.min)) { rank += spn[base[x] + i]; x = nx; nx = nxt[base[x] + i]; }
    }
    const n = nxt[base[x]];
    if (n === NIL || !this.lexLteMax(this.mem[n] as M, r.max)) return null;
    return [n, rank + 1];
  }
  private lastInLex(r: LexRange<M>): [number, number] | null {
    if (!this.lexEdgesOk(r)) return null;
    const nxt = this.nxt, spn = this.spn, base = this.base;
    let x = HEAD, rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = nxt[base[x] + i];
      while (nx !== NIL && this.lexLteMax(this.mem[nx] as M, r.max)) { rank += spn[base[x] + i]; x = nx; nx = nxt[base[x] + i]; }
    }
    if (x === HEAD || !this.lexGteMin(this.mem[x] as M, r.min)) return null;
    return [x, rank];
  }

  /** ZRANGEBYLEX / ZREVRANGEBYLEX with LIMIT. */
  rangeByLex(r: LexRange<M>, opts: RangeOptions = {}): ZEntry<M>[] {
    const hit = opts.reverse ? this.lastInLex(r) : this.firstInLex(r);
    return this.collect(hit, opts, (n) => (opts.reverse ? this.lexGteMin(this.mem[n] as M, r.min) : this.lexLteMax(this.mem[n] as M, r.max)));
  }

  /** ZLEXCOUNT. */
  countByLex(r: LexRange<M>): number {
    const f = this.firstInLex(r);
    if (!f) return 0;
    const l = this.lastInLex(r)!;
    return Math.max(0, l[1] - f[1] + 1);
  }

  /** ZREMRANGEBYLEX. */
  deleteRangeByLex(r: LexRange<M>, onRemove?: (e: ZEntry<M>) => void): number {
    const f = this.firstInLex(r);
    if (!f) return 0;
    return this.deleteFrom(f[0], (n) => this.lexLteMax(this.mem[n] as M, r.max), onRemove);
  }

  /** ZREMRANGEBYRANK (Redis index semantics). */
  deleteRangeByRank(start: number, stop: number, onRemove?: (e: ZEntry<M>) => void): number {
    const r = this.normRank(start, stop);
    if (!r) return 0;
    let left = r[1] - r[0] + 1;
    return this.deleteFrom(this.nodeAtRank1(r[0] + 1), () => left-- > 0, onRemove);
  }

  private deleteFrom(start: number, keep: (n: number) => boolean, onRemove?: (e: ZEntry<M>) => void): number {
    let removed = 0;
    let n = start;
    while (n !== NIL && keep(n)) {
      const next = this.fwd(n);
      const e = this.entry(n);
      this.dict.delete(this.k(e.member));
      this.deleteNode(n);
      onRemove?.(e);
      removed++;
      n = next;
    }
    return removed;
  }

  private collect(hit: [number, number] | null, opts: RangeOptions, inRange: (n: number) => boolean): ZEntry<M>[] {
    if (!hit) return [];
    const offset = opts.offset ?? 0;
    let count = opts.count ?? -1;
    if (offset < 0) return [];
    let n = hit[0];
    if (offset > 0) n = this.nodeAtRank1(opts.reverse ? hit[1] - offset : hit[1] + offset); // jump by rank
    const out: ZEntry<M>[] = [];
    while (n !== NIL && count !== 0 && inRange(n)) {
      out.push(this.entry(n));
      if (count > 0) count--;
      n = opts.reverse ? this.back[n] : this.fwd(n);
    }
    return out;
  }

  /** Ascending (or descending) iteration. Do not mutate while iterating. */
  *entries(reverse = false): IterableIterator<ZEntry<M>> {
    let n = reverse ? this.tailId : this.firstId;
    while (n !== NIL) {
      yield this.entry(n);
      n = reverse ? this.back[n] : this.fwd(n);
    }
  }
  *members(): IterableIterator<M> { for (let n = this.firstId; n !== NIL; n = this.fwd(n)) yield this.mem[n] as M; }
  [Symbol.iterator](): IterableIterator<ZEntry<M>> { return this.entries(); }

  /** Checks every invariant (order, spans, backward links, dict); for tests. Throws on violation. */
  verify(): void {
    let count = 0;
    let prev = NIL;
    const pos = new Map<number, number>();
    for (let n = this.firstId; n !== NIL; n = this.fwd(n)) {
      if (this.back[n] !== prev) throw new Error('backward link broken');
      if (prev !== NIL && !this.before(prev, this.scores[n], this.mem[n] as M)) throw new Error('order broken');
      if (this.dict.get(this.k(this.mem[n] as M)) !== n) throw new Error('dict mismatch');
      pos.set(n, ++count);
      prev = n;
    }
    if (this.tailId !== prev) throw new Error('tail broken');
    if (count !== this.len || this.dict.size !== this.len) throw new Error('length mismatch');
    for (let i = 0; i < this.level; i++) {
      let x = HEAD, p = 0;
      while (this.nxt[this.base[x] + i] !== NIL) {
        const nx = this.nxt[this.base[x] + i];
        if (this.lvl[nx] <= i) throw new Error(`node linked above its level at ${i}`);
        if (pos.get(nx)! - p !== this.spn[this.base[x] + i]) throw new Error(`span broken at level ${i}`);
        p = pos.get(nx)!; x = nx;
      }
    }
  }
}
