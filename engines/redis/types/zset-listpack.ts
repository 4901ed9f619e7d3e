/**
 * The "listpack" representation of small sorted sets (at most
 * zset-max-listpack-entries members of at most zset-max-listpack-value
 * bytes): two parallel arrays kept in (score, member) order, like Redis's
 * listpack. A 3-member zset costs ~150 B here instead of the ~2 KB of
 * typed-array arenas a skiplist SortedSet starts with, and with ≤ 128
 * elements a linear/binary search plus splice beats pointer chasing.
 * Range walks follow Redis's zzl* functions (scan from head/tail), so the
 * results equal those of the skiplist, also for lex ranges over mixed scores.
 */
import type { ZEntry, ScoreRange, LexRange, LexBound, RangeOptions } from '../ds/sortedset.js';

/** The operations the zset commands use; SortedSet<string> (skiplist) and ListpackZset both provide them. */
export interface ZsetImpl {
  readonly size: number;
  add(member: string, score: number): boolean;
  score(member: string): number | undefined;
  delete(member: string): boolean;
  rank(member: string, reverse?: boolean): number | undefined;
  at(rank: number, reverse?: boolean): ZEntry<string> | undefined;
  first(): ZEntry<string> | undefined;
  last(): ZEntry<string> | undefined;
  rangeByRank(start: number, stop: number, reverse?: boolean): ZEntry<string>[];
  rangeByScore(r: ScoreRange, opts?: RangeOptions): ZEntry<string>[];
  /** Visits min <= score < max in order until `visit` returns false. */
  scanScore(min: number, max: number, visit: (member: string, score: number) => boolean): void;
  countByScore(r: ScoreRange): number;
  deleteRangeByScore(r: ScoreRange, onRemove?: (e: ZEntry<string>) => void): number;
  rangeByLex(r: LexRange<string>, opts?: RangeOptions): ZEntry<string>[];
  countByLex(r: LexRange<string>): number;
  deleteRangeByLex(r: LexRange<string>, onRemove?: (e: ZEntry<string>) => void): number;
  deleteRangeByRank(start: number, stop: number, onRemove?: (e: ZEntry<string>) => void): number;
  entries(reverse?: boolean): IterableIterator<ZEntry<string>>;
  members(): IterableIterator<string>;
}

const gteMin = (s: number, r: ScoreRange) => (r.minex ? s > r.min : s >= r.min);
const lteMax = (s: number, r: ScoreRange) => (r.maxex ? s < r.max : s <= r.max);
function lexGte(m: string, b: LexBound<string>): boolean {
  if (b === '-') return true;
  if (b === '+') return false;
  return b.exclusive ? m > b.value : m >= b.value;
}
function lexLte(m: string, b: LexBound<string>): boolean {
  if (b === '+') return true;
  if (b === '-') return false;
  return b.exclusive ? m < b.value : m <= b.value;
}
function scoreEmpty(r: ScoreRange): boolean { return r.min > r.max || (r.min === r.max && (!!r.minex || !!r.maxex)); }
function lexEmpty(r: LexRange<string>): boolean {
  const { min, max } = r;
  if (min === '+' || max === '-') return true;
  if (min === '-' || max === '+') return false;
  return min.value > max.value || (min.value === max.value && (min.exclusive || max.exclusive));
}

export class ListpackZset implements ZsetImpl {
  m: string[] = [];
  s: number[] = [];

  get size(): number { return this.m.length; }

  /** Index of the first element ordered after-or-at (score, member). */
  private lowerBound(score: number, member: string): number {
    const s = this.s, m = this.m;
    let lo = 0, hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < score || (s[mid] === score && m[mid] < member)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  private insert(member: string, score: number): void {
    const i = this.lowerBound(score, member);
    if (i === this.m.length) { this.m.push(member); this.s.push(score); }
    else { this.m.splice(i, 0, member); this.s.splice(i, 0, score); }
  }
  private removeAt(i: number): void {
    if (i === this.m.length - 1) { this.m.pop(); this.s.pop(); }
    else if (i === 0) { this.m.shift(); this.s.shift(); }
    else { this.m.splice(i, 1); this.s.splice(i, 1); }
  }

  add(member: string, score: number): boolean {
    const i = this.m.indexOf(member);
    if (i < 0) { this.insert(member, score); return true; }
    if (this.s[i] !== score) { this.removeAt(i); this.insert(member, score); }
    return false;
  }
  score(member: string): number | undefined { const i = this.m.indexOf(member); return i < 0 ? undefined : this.s[i]; }
  delete(member: string): boolean {
    const i = this.m.indexOf(member);
    if (i < 0) return false;
    this.removeAt(i);
    return true;
  }
  rank(member: string, reverse = false): number | undefined {
    const i = this.m.indexOf(member);
    if (i < 0) return undefined;
    return reverse ? this.m.length - 1 - i : i;
  }
  private e(i: number): ZEntry<string> { return { member: this.m[i], score: this.s[i] }; }
  at(rank: number, reverse = false): ZEntry<string> | undefined {
    const n = this.m.length;
    if (rank < 0 || rank >= n) return undefined;
    return this.e(reverse ? n - 1 - rank : rank);
  }
  first(): ZEntry<string> | undefined { return this.m.length ? this.e(0) : undefined; }
  last(): ZEntry<string> | undefined { return this.m.length ? this.e(this.m.length - 1) : undefined; }

  private normRank(start: number, stop: number): [number, number] | null {
    const n = this.m.length;
    if (start < 0) start = n + start;
    if (stop < 0) stop = n + stop;
    if (start < 0) start = 0;
    if (start > stop || start >= n) return null;
    if (stop >= n) stop = n - 1;
    return [start, stop];
  }
  rangeByRank(start: number, stop: number, reverse = false): ZEntry<string>[] {
    const r = this.normRank(start, stop);
    if (!r) return [];
    const out: ZEntry<string>[] = [];
    const n = this.m.length;
    for (let k = r[0]; k <= r[1]; k++) out.push(this.e(reverse ? n - 1 - k : k));
    return out;
  }

  // zzlFirstInRange / zzlLastInRange: index or -1
  private firstScore(r: ScoreRange): number {
    if (scoreEmpty(r)) return -1;
    const s = this.s;
    for (let i = 0; i < s.length; i++) if (gteMin(s[i], r)) return lteMax(s[i], r) ? i : -1;
    return -1;
  }
  private lastScore(r: ScoreRange): number {
    if (scoreEmpty(r)) return -1;
    const s = this.s;
    for (let i = s.length - 1; i >= 0; i--) if (lteMax(s[i], r)) return gteMin(s[i], r) ? i : -1;
    return -1;
  }
  /** zzlIsInLexRange: the last member must be >= min and the first <= max (matters when scores differ). */
  private lexEdges(r: LexRange<string>): boolean {
    const m = this.m;
    return !lexEmpty(r) && m.length > 0 && lexGte(m[m.length - 1], r.min) && lexLte(m[0], r.max);
  }
  private firstLex(r: LexRange<string>): number {
    if (!this.lexEdges(r)) return -1;
    const m = this.m;
    for (let i = 0; i < m.length; i++) if (lexGte(m[i], r.min)) return lexLte(m[i], r.max) ? i : -1;
    return -1;
  }
  private lastLex(r: LexRange<string>): number {
    if (!this.lexEdges(r)) return -1;
    const m = this.m;
    for (let i = m.length - 1; i >= 0; i--) if (lexLte(m[i], r.max)) return lexGte(m[i], r.min) ? i : -1;
    return -1;
  }
  private collect(i: number, opts: RangeOptions, inRange: (i: number) => boolean): ZEntry<string>[] {
    if (i < 0) return [];
    const offset = opts.offset ?? 0;
    let count = opts.count ?? -1;
    if (offset < 0) return [];
    const rev = !!opts.reverse;
    i = rev ? i - offset : i + offset;
    const out: ZEntry<string>[] = [];
    const n = this.m.length;
    while (i >= 0 && i < n && count !== 0 && inRange(i)) {
      out.push(this.e(i));
      if (count > 0) count--;
      i = rev ? i - 1 : i + 1;
    }
    return out;
  }
  rangeByScore(r: ScoreRange, opts: RangeOptions = {}): ZEntry<string>[] {
    const s = this.s;
    return opts.reverse
      ? this.collect(this.lastScore(r), opts, (i) => gteMin(s[i], r))
      : this.collect(this.firstScore(r), opts, (i) => lteMax(s[i], r));
  }
  scanScore(min: number, max: number, visit: (member: string, score: number) => boolean): void {
    const s = this.s, m = this.m;
    for (let i = this.firstScore({ min, max, maxex: true }); i >= 0 && i < s.length && s[i] < max; i++) if (!visit(m[i], s[i])) return;
  }
  countByScore(r: ScoreRange): number {
    let i = this.firstScore(r);
    if (i < 0) return 0;
    let n = 0;
    for (const s = this.s; i < s.length && lteMax(s[i], r); i++) n++;
    return n;
  }
  rangeByLex(r: LexRange<string>, opts: RangeOptions = {}): ZEntry<string>[] {
    const m = this.m;
    return opts.reverse
      ? this.collect(this.lastLex(r), opts, (i) => lexGte(m[i], r.min))
      : this.collect(this.firstLex(r), opts, (i) => lexLte(m[i], r.max));
  }
  countByLex(r: LexRange<string>): number {
    let i = this.firstLex(r);
    if (i < 0) return 0;
    let n = 0;
    for (const m = this.m; i < m.length && lexLte(m[i], r.max); i++) n++;
    return n;
  }
  private deleteSpan(from: number, to: number, onRemove?: (e: ZEntry<string>) => void): number {
    if (onRemove) for (let i = from; i < to; i++) onRemove(this.e(i));
    this.m.splice(from, to - from);
    this.s.splice(from, to - from);
    return to - from;
  }
  deleteRangeByScore(r: ScoreRange, onRemove?: (e: ZEntry<string>) => void): number {
    const f = this.firstScore(r);
    if (f < 0) return 0;
    let t = f;
    while (t < this.s.length && lteMax(this.s[t], r)) t++;
    return this.deleteSpan(f, t, onRemove);
  }
  deleteRangeByLex(r: LexRange<string>, onRemove?: (e: ZEntry<string>) => void): number {
    const f = this.firstLex(r);
    if (f < 0) return 0;
    let t = f;
    while (t < this.m.length && lexLte(this.m[t], r.max)) t++;
    return this.deleteSpan(f, t, onRemove);
  }
  deleteRangeByRank(start: number, stop: number, onRemove?: (e: ZEntry<string>) => void): number {
    const r = this.normRank(start, stop);
    if (!r) return 0;
    return this.deleteSpan(r[0], r[1] + 1, onRemove);
  }
  *entries(reverse = false): IterableIterator<ZEntry<string>> {
    const n = this.m.length;
    if (reverse) for (let i = n - 1; i >= 0; i--) yield this.e(i);
    else for (let i = 0; i < n; i++) yield this.e(i);
  }
  *members(): IterableIterator<string> { for (let i = 0; i < this.m.length; i++) yield this.m[i]; }
}
