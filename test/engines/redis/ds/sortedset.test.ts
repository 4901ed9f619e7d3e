import { describe, it, expect } from 'vitest';
import { SortedSet, parseLexBound, parseScoreBound, type LexBound, type LexRange, type ScoreRange, type ZEntry } from '../../../../engines/redis/ds/sortedset.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Naive reference: a sorted array with Redis's order. */
class Model<M> {
  a: ZEntry<M>[] = [];
  constructor(private cmp: (x: M, y: M) => number, private eq: (x: M, y: M) => boolean) {}
  private sort(): void { this.a.sort((x, y) => x.score - y.score || (x.score === y.score ? this.cmp(x.member, y.member) : 0)); }
  idx(m: M): number { return this.a.findIndex((e) => this.eq(e.member, m)); }
  add(m: M, s: number): boolean {
    const i = this.idx(m);
    if (i >= 0) { this.a[i] = { member: m, score: s }; this.sort(); return false; }
    this.a.push({ member: m, score: s }); this.sort(); return true;
  }
  del(m: M): boolean { const i = this.idx(m); if (i < 0) return false; this.a.splice(i, 1); return true; }
  norm(start: number, stop: number): [number, number] | null {
    const n = this.a.length;
    if (start < 0) start += n; if (stop < 0) stop += n; if (start < 0) start = 0;
    if (start > stop || start >= n) return null; if (stop >= n) stop = n - 1;
    return [start, stop];
  }
  inScore(s: number, r: ScoreRange): boolean {
    return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
  }
  inLex(m: M, r: LexRange<M>): boolean {
    const lo = r.min === '-' ? true : r.min === '+' ? false : r.min.exclusive ? this.cmp(m, r.min.value) > 0 : this.cmp(m, r.min.value) >= 0;
    const hi = r.max === '+' ? true : r.max === '-' ? false : r.max.exclusive ? this.cmp(m, r.max.value) < 0 : this.cmp(m, r.max.value) <= 0;
    return lo && hi;
  }
  limit(list: ZEntry<M>[], reverse: boolean, offset: number, count: number): ZEntry<M>[] {
    if (offset < 0) return [];
    const l = reverse ? [...list].reverse() : list;
    return l.slice(offset, count < 0 ? undefined : offset + count);
  }
}

const strCmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const SCORES = [-Infinity, -3, -1.5, -1, 0, 0, 0.25, 1, 1, 2, 2, 3, 7.5, 100, Infinity];
const MEMBERS = ['', 'a', 'aa', 'ab', 'b', 'ba', 'c', '\x00', '\x00a', '\xff', '\xfe\xff', 'zzz', 'm1', 'm2', 'm10', 'x', 'y'];

function randomScoreRange(r: () => number): ScoreRange {
  const pick = (): number => SCORES[Math.floor(r() * SCORES.length)] + (r() < 0.2 ? 0.5 : 0);
  let min = pick(), max = pick();
  if (r() < 0.8 && min > max) [min, max] = [max, min];
  return { min, max, minex: r() < 0.3, maxex: r() < 0.3 };
}
function randomLexBound(r: () => number): LexBound<string> {
  const x = r();
  if (x < 0.1) return '-';
  if (x < 0.2) return '+';
  const v = MEMBERS[Math.floor(r() * MEMBERS.length)] + (r() < 0.2 ? 'a' : '');
  return { value: v, exclusive: r() < 0.5 };
}

function runProperty(seed: number, steps: number, lexOnly: boolean): void {
  const r = rng(seed);
  const z = new SortedSet<string>({ random: rng(seed * 31 + 7) });
  const m = new Model<string>(strCmp, (a, b) => a === b);
  const mem = (): string => MEMBERS[Math.floor(r() * MEMBERS.length)] + (r() < 0.5 ? String(Math.floor(r() * 40)) : '');
  const score = (): number => (lexOnly ? 0 : SCORES[Math.floor(r() * SCORES.length)]);
  for (let step = 0; step < steps; step++) {
    const op = Math.floor(r() * 16);
    const ctx = `seed ${seed} step ${step} op ${op}`;
    switch (op) {
      case 0: case 1: case 2: case 3: { const k = mem(), s = score(); expect(z.add(k, s), ctx).toBe(m.add(k, s)); break; }
      case 4: { const k = mem(); expect(z.delete(k), ctx).toBe(m.del(k)); break; }
      case 5: {
        const k = mem();
        const i = m.idx(k);
        expect(z.rank(k), ctx).toBe(i < 0 ? undefined : i);
        expect(z.rank(k, true), ctx).toBe(i < 0 ? undefined : m.a.length - 1 - i);
        expect(z.score(k), ctx).toBe(i < 0 ? undefined : m.a[i].score);
        break;
      }
      case 6: {
        const i = Math.floor(r() * (m.a.length + 2)) - 1;
        expect(z.at(i), ctx).toEqual(i >= 0 && i < m.a.length ? m.a[i] : undefined);
        expect(z.at(i, true), ctx).toEqual(i >= 0 && i < m.a.length ? m.a[m.a.length - 1 - i] : undefined);
        break;
      }
      case 7: {
        const n = m.a.length + 3;
        const a = Math.floor(r() * 2 * n) - n, b = Math.floor(r() * 2 * n) - n;
        const rev = r() < 0.5;
        const nr = m.norm(a, b);
        const exp = nr ? (rev ? [...m.a].reverse() : m.a).slice(nr[0], nr[1] + 1) : [];
        expect(z.rangeByRank(a, b, rev), ctx).toEqual(exp);
        break;
      }
      case 8: {
        if (lexOnly) break;
        const rg = randomScoreRange(r);
        const rev = r() < 0.5;
        const offset = r() < 0.3 ? Math.floor(r() * 5) - (r() < 0.1 ? 1 : 0) : 0;
        const count = r() < 0.3 ? Math.floor(r() * 5) - 1 : -1;
        const inr = m.a.filter((e) => m.inScore(e.score, rg));
        expect(z.rangeByScore(rg, { reverse: rev, offset, count }), ctx).toEqual(m.limit(inr, rev, offset, count));
        expect(z.countByScore(rg), ctx).toBe(inr.length);
        break;
      }
      case 9: {
        if (lexOnly || r() < 0.7) break;
        const rg = randomScoreRange(r);
        const inr = m.a.filter((e) => m.inScore(e.score, rg));
        const seen: string[] = [];
        expect(z.deleteRangeByScore(rg, (e) => seen.push(e.member)), ctx).toBe(inr.length);
        expect(seen).toEqual(inr.map((e) => e.member));
        m.a = m.a.filter((e) => !m.inScore(e.score, rg));
        break;
      }
      case 10: {
        if (r() < 0.7) break;
        const n = m.a.length + 2;
        const a = Math.floor(r() * 2 * n) - n, b = Math.floor(r() * 2 * n) - n;
        const nr = m.norm(a, b);
        expect(z.deleteRangeByRank(a, b), ctx).toBe(nr ? nr[1] - nr[0] + 1 : 0);
        if (nr) m.a.splice(nr[0], nr[1] - nr[0] + 1);
        break;
      }
      case 11: {
        const k = mem(); const d = lexOnly ? 0 : [1, -2, 0.5, Infinity][Math.floor(r() * 4)];
        const i = m.idx(k);
        const cur = i < 0 ? 0 : m.a[i].score;
        if (Number.isNaN(cur + d)) { expect(() => z.incrBy(k, d)).toThrow(); break; }
        expect(z.incrBy(k, d), ctx).toBe(cur + d);
        m.add(k, cur + d);
        break;
      }
      case 12: {
        if (r() < 0.8) break;
        const c = Math.floor(r() * 3) + 1;
        const max = r() < 0.5;
        const exp = max ? m.a.slice(-c).reverse() : m.a.slice(0, c);
        expect(max ? z.popMax(c) : z.popMin(c), ctx).toEqual(exp);
        if (max) m.a.splice(Math.max(0, m.a.length - c)); else m.a.splice(0, c);
        break;
      }
      case 13: case 14: {
        if (!lexOnly) break;
        const rg: LexRange<string> = { min: randomLexBound(r), max: randomLexBound(r) };
        const rev = r() < 0.5;
        const offset = r() < 0.3 ? Math.floor(r() * 5) : 0;
        const count = r() < 0.3 ? Math.floor(r() * 5) - 1 : -1;
        const inr = m.a.filter((e) => m.inLex(e.member, rg));
        expect(z.rangeByLex(rg, { reverse: rev, offset, count }), ctx).toEqual(m.limit(inr, rev, offset, count));
        expect(z.countByLex(rg), ctx).toBe(inr.length);
        if (op === 14 && r() < 0.3) {
          expect(z.deleteRangeByLex(rg), ctx).toBe(inr.length);
          m.a = m.a.filter((e) => !m.inLex(e.member, rg));
        }
        break;
      }
      case 15: {
        expect([...z.entries()], ctx).toEqual(m.a);
        expect([...z.entries(true)], ctx).toEqual([...m.a].reverse());
        break;
      }
    }
    expect(z.size, ctx).toBe(m.a.length);
    if (step % 97 === 0) z.verify();
  }
  z.verify();
  expect([...z]).toEqual(m.a);
}

describe('SortedSet vs naive model (property-based, deterministic seeds)', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`scores: seed ${seed}, 4000 random steps`, () => runProperty(seed, 4000, false));
  }
  for (const seed of [11, 12, 13]) {
    it(`lex (all scores equal): seed ${seed}, 4000 random steps`, () => runProperty(seed, 4000, true));
  }
});

describe('SortedSet basics', () => {
  it('orders by score then memcmp of members (latin1 strings)', () => {
    const z = new SortedSet();
    z.add('b', 1); z.add('a', 1); z.add('\xff', 0); z.add('\x00', 1); z.add('A', 1); z.add('ab', 1); z.add('c', -Infinity);
    expect([...z.members()]).toEqual(['c', '\xff', '\x00', 'A', 'a', 'ab', 'b']);
    expect(z.first()).toEqual({ member: 'c', score: -Infinity });
    expect(z.last()).toEqual({ member: 'b', score: 1 });
  });
  it('update in place and with reordering', () => {
    const z = new SortedSet();
    for (let i = 0; i < 100; i++) z.add(`m${i}`, i);
    expect(z.add('m50', 50.5)).toBe(false); // stays in place
    expect(z.rank('m50')).toBe(50);
    z.add('m50', -1);
    expect(z.rank('m50')).toBe(0);
    z.add('m50', 1000);
    expect(z.rank('m50', true)).toBe(0);
    z.verify();
    expect(() => z.add('x', NaN)).toThrow();
    z.add('inf', Infinity);
    expect(() => z.incrBy('inf', -Infinity)).toThrow();
  });
  it('Buffer members via forBuffers (memcmp, binary safe)', () => {
    const z = SortedSet.forBuffers(rng(5));
    z.add(Buffer.from([0x80]), 1); z.add(Buffer.from([0x7f]), 1); z.add(Buffer.from([0x7f, 0]), 1); z.add(Buffer.from('x'), 0);
    expect([...z.members()].map((b) => b.toString('hex'))).toEqual(['78', '7f', '7f00', '80']);
    expect(z.add(Buffer.from([0x80]), 2)).toBe(false);
    expect(z.rank(Buffer.from([0x80]))).toBe(3);
    expect(z.rangeByLex({ min: { value: Buffer.from([0x7f]), exclusive: true }, max: '+' }).length).toBe(2);
    expect(z.delete(Buffer.from([0x7f]))).toBe(true);
    z.verify();
  });
  it('parses Redis bounds', () => {
    expect(parseScoreBound('(1.5')).toEqual({ value: 1.5, exclusive: true });
    expect(parseScoreBound('-inf')).toEqual({ value: -Infinity, exclusive: false });
    expect(parseScoreBound('+inf')).toEqual({ value: Infinity, exclusive: false });
    expect(parseScoreBound('(inf')).toEqual({ value: Infinity, exclusive: true });
    expect(parseScoreBound('abc')).toBeNull();
    expect(parseScoreBound('')).toBeNull();
    expect(parseScoreBound('1e3')).toEqual({ value: 1000, exclusive: false });
    expect(parseLexBound('-')).toBe('-');
    expect(parseLexBound('+')).toBe('+');
    expect(parseLexBound('[a')).toEqual({ value: 'a', exclusive: false });
    expect(parseLexBound('(a')).toEqual({ value: 'a', exclusive: true });
    expect(parseLexBound('a')).toBeNull();
  });
  it('empty and inverted ranges', () => {
    const z = new SortedSet();
    expect(z.rangeByScore({ min: -Infinity, max: Infinity })).toEqual([]);
    expect(z.rangeByRank(0, -1)).toEqual([]);
    z.add('a', 1); z.add('b', 2);
    expect(z.rangeByScore({ min: 2, max: 1 })).toEqual([]);
    expect(z.rangeByScore({ min: 1, max: 1, minex: true })).toEqual([]);
    expect(z.countByLex({ min: '+', max: '-' })).toBe(0);
    expect(z.rangeByRank(5, 10)).toEqual([]);
    expect(z.rangeByScore({ min: -Infinity, max: Infinity }, { offset: 1 })).toEqual([{ member: 'b', score: 2 }]);
    expect(z.rangeByScore({ min: -Infinity, max: Infinity }, { reverse: true, offset: 1, count: 5 })).toEqual([{ member: 'a', score: 1 }]);
    z.clear();
    expect(z.size).toBe(0);
    z.verify();
  });
  it('large set: ranks and element-at-rank agree (100k)', () => {
    const z = new SortedSet({ random: rng(9) });
    const r = rng(10);
    for (let i = 0; i < 100_000; i++) z.add(`k${i}`, Math.floor(r() * 1000));
    let i = 0;
    for (const e of z) {
      if (i % 997 === 0) { expect(z.rank(e.member)).toBe(i); expect(z.at(i)).toEqual(e); }
      i++;
    }
    expect(i).toBe(100_000);
    expect(z.countByScore({ min: 0, max: 499 }) + z.countByScore({ min: 500, max: 999 })).toBe(100_000);
  });
});
