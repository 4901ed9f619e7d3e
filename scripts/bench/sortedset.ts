/**
 * Sorted-set benchmark: inserting N members (random scores) into
 *   - SortedSet<string> (skiplist + Map, latin1 strings, native compare)
 *   - SortedSet<Buffer> (Buffer.compare, latin1 dict keys)
 *   - a naive sorted array (binary search + splice) with a Map for lookups
 * then ZRANK / ZRANGEBYSCORE LIMIT / ZSCORE / updates on the skiplist.
 *
 *   npx tsx scripts/bench/sortedset.ts [N=1000000] [--full]
 * The naive array is O(n) per insert; without --full it runs up to 200k and
 * the 1M figure is extrapolated (quadratic).
 */
import { SortedSet } from '../../engines/redis/ds/sortedset.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const full = process.argv.includes('--full');

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

function time<T>(label: string, n: number, f: () => T): T {
  const t0 = process.hrtime.bigint();
  const r = f();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${label.padEnd(46)} ${ms.toFixed(1).padStart(9)} ms  ${((n / ms) * 1000).toFixed(0).padStart(10)} ops/s`);
  return r;
}

const r = rng(1);
const members = Array.from({ length: N }, (_, i) => `member:${i}:${Math.floor(r() * 1e9)}`);
const scores = Array.from({ length: N }, () => Math.floor(r() * 1e6) / 10);

class NaiveArray {
  m: string[] = []; s: number[] = []; dict = new Map<string, number>();
  private pos(score: number, member: string): number {
    let lo = 0, hi = this.m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.s[mid] < score || (this.s[mid] === score && this.m[mid] < member)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  add(member: string, score: number): void {
    const old = this.dict.get(member);
    if (old !== undefined) { const p = this.pos(old, member); this.m.splice(p, 1); this.s.splice(p, 1); }
    const p = this.pos(score, member);
    this.m.splice(p, 0, member); this.s.splice(p, 0, score);
    this.dict.set(member, score);
  }
}

console.log(`N = ${N}`);
const z = time(`SortedSet<string> insert ${N}`, N, () => {
  const z = new SortedSet<string>({ random: rng(2) });
  for (let i = 0; i < N; i++) z.add(members[i], scores[i]);
  return z;
});
const bufs = members.map((m) => Buffer.from(m, 'latin1'));
time(`SortedSet<Buffer> insert ${N}`, N, () => {
  const zb = SortedSet.forBuffers(rng(2));
  for (let i = 0; i < N; i++) zb.add(bufs[i], scores[i]);
  return zb;
});
const Q = Math.min(N, 200_000);
time(`ZRANK x${Q}`, Q, () => { let s = 0; for (let i = 0; i < Q; i++) s += z.rank(members[(i * 7919) % N])!; return s; });
time(`ZSCORE x${Q}`, Q, () => { let s = 0; for (let i = 0; i < Q; i++) s += z.score(members[(i * 7919) % N])!; return s; });
time(`element at rank x${Q}`, Q, () => { let s = 0; for (let i = 0; i < Q; i++) s += z.at((i * 7919) % N)!.score; return s; });
time(`ZRANGEBYSCORE LIMIT 100 10 x${Q / 10}`, Q / 10, () => { let s = 0; for (let i = 0; i < Q / 10; i++) s += z.rangeByScore({ min: (i * 13) % 100000, max: Infinity }, { offset: 100, count: 10 }).length; return s; });
time(`ZADD update score x${Q}`, Q, () => { for (let i = 0; i < Q; i++) z.add(members[(i * 7919) % N], scores[i] + 0.5); });
time(`ZREM x${Q}`, Q, () => { for (let i = 0; i < Q; i++) z.delete(members[(i * 7919) % N]); });

const naiveSizes = full ? [N] : [Math.min(N, 100_000), Math.min(N, 200_000)];
let last: [number, number] = [0, 0];
for (const n of naiveSizes) {
  const t0 = process.hrtime.bigint();
  const a = new NaiveArray();
  for (let i = 0; i < n; i++) a.add(members[i], scores[i]);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${`naive sorted array insert ${n}`.padEnd(46)} ${ms.toFixed(1).padStart(9)} ms  ${((n / ms) * 1000).toFixed(0).padStart(10)} ops/s`);
  last = [n, ms];
}
if (!full && last[0] < N) {
  const est = last[1] * (N / last[0]) ** 2;
  console.log(`naive sorted array insert ${N} (extrapolated, O(n^2)) ~ ${(est / 1000).toFixed(0)} s`);
}
