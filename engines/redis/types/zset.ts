/**
 * Sorted-set values (Redis t_zset.c): the skiplist + dictionary of
 * ds/sortedset.ts (O(log n) insert/delete/rank, members are latin1 strings
 * compared by bytes) plus the Redis encoding label. Redis keeps small zsets
 * in a listpack; the element order and every reply are identical, so one
 * structure serves both and `enc` only records what OBJECT ENCODING reports
 * (listpack until zset-max-listpack-entries / zset-max-listpack-value are
 * exceeded; never back, except where Redis converts: ZUNIONSTORE & co.).
 */
import { registerType, type Entry } from '../keyspace.js';
import type { Server } from '../server.js';
import { SortedSet, type ScoreRange, type LexRange, type LexBound } from '../ds/sortedset.js';
import { ListpackZset, type ZsetImpl } from './zset-listpack.js';

export type { ScoreRange, LexRange, LexBound, ZsetImpl };

export class ZsetValue {
  /** ListpackZset while enc is 'listpack', the skiplist SortedSet afterwards. */
  zs: ZsetImpl;
  enc: 'listpack' | 'skiplist';
  /** Sum of member lengths (memory accounting). */
  data = 0;
  /** Insertion-ordered member snapshot for ZSCAN cursors of skiplist zsets. */
  keysCache: string[] | null = null;

  constructor(enc: 'listpack' | 'skiplist' = 'listpack') {
    this.enc = enc;
    this.zs = enc === 'listpack' ? new ListpackZset() : new SortedSet<string>();
  }

  /** zsetConvert(…, OBJ_ENCODING_SKIPLIST). */
  toSkiplist(): void {
    if (this.enc === 'skiplist') return;
    const lp = this.zs as ListpackZset;
    const sl = new SortedSet<string>();
    for (let i = 0; i < lp.m.length; i++) sl.add(lp.m[i], lp.s[i]);
    this.zs = sl;
    this.enc = 'skiplist';
  }

  get size(): number { return this.zs.size; }

  /** Insert a new member or change its score (no encoding checks). Returns true when new. */
  set(member: string, score: number): boolean {
    // a listpack stores the score as text: -0 comes back as 0
    const added = this.zs.add(member, this.enc === 'listpack' ? score + 0 : score);
    if (added) {
      this.data += member.length;
      if (this.keysCache !== null) this.keysCache.push(member);
    }
    return added;
  }
  delete(member: string): boolean {
    if (!this.zs.delete(member)) return false;
    this.data -= member.length;
    return true;
  }
  /** Adjust counters after range deletions done on `zs` directly. */
  removed(member: string): void { this.data -= member.length; }

  /** listpack → skiplist when the limits are exceeded (zsetAdd's pre-insert check). */
  fitAdd(lim: ZsetLimits, member: string): void {
    if (this.enc === 'listpack' && (this.zs.size + 1 > lim.entries || member.length > lim.value)) this.toSkiplist();
  }

  memory(): number {
    const n = this.zs.size;
    return this.enc === 'listpack' ? 24 + this.data + n * 12 : 96 + this.data + n * 80;
  }

  /** Member order for ZSCAN cursors of skiplist zsets. */
  scanKeys(cursor: number): string[] {
    if (this.keysCache === null || (cursor === 0 && this.keysCache.length > 2 * this.zs.size + 16)) this.keysCache = [...this.zs.members()];
    return this.keysCache;
  }

  clone(): ZsetValue {
    const z = new ZsetValue(this.enc);
    if (this.enc === 'listpack') {
      const a = this.zs as ListpackZset, b = z.zs as ListpackZset;
      b.m = a.m.slice(); b.s = a.s.slice();
    } else for (const e of this.zs.entries()) z.zs.add(e.member, e.score);
    z.data = this.data;
    return z;
  }
}

export interface ZsetLimits { entries: number; value: number }
const limitsCache = new WeakMap<Server, ZsetLimits>();
/** Live zset-max-listpack-entries / -value of a server. */
export function zsetLimits(s: Server): ZsetLimits {
  let l = limitsCache.get(s);
  if (l === undefined) {
    const lim: ZsetLimits = { entries: s.config.num('zset-max-listpack-entries'), value: s.config.num('zset-max-listpack-value') };
    s.config.listeners.push((name, v) => {
      if (name === 'zset-max-listpack-entries' || name === 'zset-max-ziplist-entries') lim.entries = Number(v);
      else if (name === 'zset-max-listpack-value' || name === 'zset-max-ziplist-value') lim.value = Number(v);
    });
    limitsCache.set(s, lim);
    l = lim;
  }
  return l;
}

// ---------------------------------------------------------------------------
// strtod emulation

const FLOAT_RE = /^[+-]?(?:(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|(inf|infinity)|(nan)(?:\([0-9A-Za-z_]*\))?|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP]([+-]?\d+))?)$/i;

function isSpace(c: number): boolean { return c === 32 || (c >= 9 && c <= 13); }

/**
 * C strtod over the whole string: returns the value, or null when strtod
 * would not consume everything. `range` receives true on ERANGE overflow /
 * underflow-to-zero. Leading whitespace is accepted (as strtod does).
 */
function strtodAll(s: string, out?: { erange: boolean }): number | null {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return s.length === 0 ? 0 : null; // "" → 0 with eptr at end; "  " → eptr at start
  const t = i ? s.slice(i) : s;
  const m = FLOAT_RE.exec(t);
  if (m === null) return null;
  const neg = t.charCodeAt(0) === 45;
  if (m[2] !== undefined) return neg ? -Infinity : Infinity;
  if (m[3] !== undefined) return NaN;
  if (m[4] !== undefined) {
    const dot = m[4].indexOf('.');
    const digits = dot < 0 ? m[4] : m[4].slice(0, dot) + m[4].slice(dot + 1);
    const frac = dot < 0 ? 0 : m[4].length - dot - 1;
    const e2 = Number(m[5] ?? 0) - 4 * frac;
    const mant = digits.length <= 13 ? parseInt(digits || '0', 16) : Number(BigInt('0x' + digits));
    let v = mant === 0 ? 0 : mant * Math.pow(2, e2);
    if (!Number.isFinite(v) && Number.isFinite(mant)) { if (out) out.erange = true; }
    if (v === 0 && mant !== 0 && out) out.erange = true;
    if (neg) v = -v;
    return v;
  }
  const v = Number(t);
  if (out) {
    if (!Number.isFinite(v)) out.erange = true;
    else if (v === 0 && /[1-9]/.test(m[1] ?? '')) out.erange = true;
  }
  return v;
}

/** getDoubleFromObject: the score argument of ZADD/ZINCRBY/WEIGHTS; null when invalid. */
export function parseScore(s: string): number | null {
  if (s.length === 0) return null;
  const c0 = s.charCodeAt(0);
  // fast path: [-]digits[.digits] (coordinates, geohash scores). Number() rounds
  // correctly like strtod, and under 64 characters it can neither overflow nor underflow.
  if (s.length < 64) {
    let digits = 0, dots = 0, k = c0 === 45 ? 1 : 0;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 48 && c <= 57) digits++;
      else if (c === 46 && dots === 0) dots++;
      else break;
    }
    if (k === s.length && digits > 0) return Number(s);
  }
  if (isSpace(c0)) return null;
  const r = { erange: false };
  const v = strtodAll(s, r);
  if (v === null || Number.isNaN(v) || r.erange) return null;
  return v;
}

/** zslParseRange bound: "(" exclusive prefix, strtod rules, NaN rejected. */
export function parseRangeBound(s: string): { v: number; ex: boolean } | null {
  let ex = false;
  if (s.charCodeAt(0) === 40) { ex = true; s = s.slice(1); }
  const v = strtodAll(s);
  if (v === null || Number.isNaN(v)) return null;
  return { v, ex };
}

export function parseScoreRange(min: string, max: string): ScoreRange | null {
  const a = parseRangeBound(min), b = parseRangeBound(max);
  if (a === null || b === null) return null;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

function parseLexItem(s: string): LexBound<string> | null {
  const c = s.charCodeAt(0);
  if (c === 43 && s.length === 1) return '+';
  if (c === 45 && s.length === 1) return '-';
  if (c === 40) return { value: s.slice(1), exclusive: true };
  if (c === 91) return { value: s.slice(1), exclusive: false };
  return null;
}
export function parseLexRange(min: string, max: string): LexRange<string> | null {
  const a = parseLexItem(min), b = parseLexItem(max);
  if (a === null || b === null) return null;
  return { min: a, max: b };
}

registerType({
  name: 'zset',
  encoding: (e: Entry) => (e.value as ZsetValue).enc,
  memory: (e: Entry) => (e.value as ZsetValue).memory(),
  copy: (v) => (v as ZsetValue).clone(),
});

/** RDB / DUMP helper: the elements in (score, member) order. */
export function zsetEntries(z: ZsetValue): { member: string; score: number }[] { return [...z.zs.entries()]; }

/** RDB / RESTORE helper: a value built as Redis loads one (listpack while within the limits). */
export function zsetFromEntries(entries: Iterable<{ member: string; score: number }>, lim: ZsetLimits): ZsetValue {
  const list = [...entries];
  let small = list.length <= lim.entries;
  if (small) for (const e of list) if (e.member.length > lim.value) { small = false; break; }
  const z = new ZsetValue(small ? 'listpack' : 'skiplist');
  for (const e of list) z.set(e.member, e.score);
  return z;
}
