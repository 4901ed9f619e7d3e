/**
 * glibcmath.ts against the real thing: redis-server's Lua calls the same libm
 * sin/cos/asin that its geo code uses, and `%.17g` shows every bit. Inputs
 * are seeded and cover every branch (Taylor / table / π/2-shifted / reduced
 * ranges of sin and cos; asin's polynomial, table and √ ranges).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { haveRedis, startRealRedis, type RealRedis } from './diff.js';
import { glibcSin, glibcCos, glibcAsin, crAsin, fma } from '../../../engines/redis/types/glibcmath.js';
import { minimax } from '../../../engines/redis/types/remez.js';

function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** A random double with 53 random bits in [0, 1). */
const r53 = (r: () => number) => (Math.floor(r() * 2 ** 26) * 2 ** 27 + Math.floor(r() * 2 ** 27)) / 2 ** 53;

/** The spacing of doubles at |x| (normal x). */
function ulp(x: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return 2 ** (((b.getUint16(0) >> 4) & 0x7ff) - 1075);
}
/** x (a double ≥ 2^-300) in 400-bit fixed point, exactly. */
const P = 400n;
function fix(x: number): bigint {
  let k = 0;
  while (!Number.isInteger(x * 2 ** k)) k++;
  return (BigInt(x * 2 ** k) << P) >> BigInt(k);
}
/** sin of a fixed-point t (|t| < 2), by its Taylor series; off by far less than 2^-390. */
function sinFixed(t: bigint): bigint {
  let s = 0n, term = t;
  for (let n = 1; term !== 0n; n += 2) {
    s += term;
    term = -((((term * t) >> P) * t) >> P) / BigInt((n + 1) * (n + 2));
  }
  return s;
}
/** True when the exact asin(x) rounds to y: sin(y − ½ulp) < x < sin(y + ½ulp) (sin increases on [0, π/2]). */
function roundsTo(x: number, y: number): boolean {
  const h = fix(ulp(y) / 2), X = fix(x), Y = fix(y);
  return sinFixed(Y - h) < X && X < sinFixed(Y + h);
}

const SCRIPT = `local f = math[ARGV[1]] local r = {}
for i = 2, #ARGV do r[i - 1] = string.format('%.17g', f(tonumber(ARGV[i]))) end
return r`;

describe.skipIf(!haveRedis)('glibc sin/cos/asin emulation', () => {
  let real: RealRedis;
  let cli: Redis;
  beforeAll(async () => {
    real = await startRealRedis();
    cli = new Redis({ port: real.port, host: '127.0.0.1', lazyConnect: true, connectTimeout: 5000, commandTimeout: 10000, maxRetriesPerRequest: 0 });
    await cli.connect();
  });
  afterAll(async () => { cli?.disconnect(); await real?.stop(); });

  const check = async (name: 'sin' | 'cos' | 'asin', ours: (x: number) => number, xs: number[]) => {
    const bad: string[] = [];
    for (let i = 0; i < xs.length; i += 5000) {
      const chunk = xs.slice(i, i + 5000);
      const got = (await cli.eval(SCRIPT, 0, name, ...chunk.map((x) => (Object.is(x, -0) ? '-0' : x.toPrecision(17))))) as string[];
      chunk.forEach((x, j) => { const want = Number(got[j]); if (!Object.is(ours(x), want)) bad.push(`${name}(${x}) = ${want}, ours ${ours(x)}`); });
    }
    expect(bad.slice(0, 5)).toEqual([]);
  };

  it('sin and cos, bit for bit, over geo argument ranges', async () => {
    const r = rng(11);
    const xs: number[] = [];
    for (let i = 0; i < 12000; i++) xs.push((r53(r) * 2 - 1) * Math.PI); // half longitude differences: up to π (reduced range)
    for (let i = 0; i < 8000; i++) xs.push((r53(r) * 2 - 1) * 1.5); // latitudes in radians
    for (let i = 0; i < 4000; i++) xs.push((r53(r) * 2 - 1) * 2 ** -Math.floor(r() * 30)); // small: Taylor branches
    xs.push(0, -0, 0.126, -0.126, 0.85546875, 2.4262638092041016, Math.PI, -Math.PI, Math.PI / 2, 1e-9);
    await check('sin', glibcSin, xs);
    await check('cos', glibcCos, xs);
  });

  it('asin, bit for bit where e_asin.c is reproduced: |x| < 0.125 and |x| ≥ 0.96875', async () => {
    const r = rng(12);
    const xs: number[] = [];
    for (let i = 0; i < 8000; i++) xs.push(r53(r) * 0.125 * (i % 2 ? 1 : -1));
    for (let i = 0; i < 4000; i++) xs.push(-r53(r) * 2 ** -Math.floor(3 + r() * 30)); // down to the tiny branch
    for (let i = 0; i < 4000; i++) xs.push(0.96875 + r53(r) * 0.03125);
    for (let i = 0; i < 6000; i++) xs.push(1 - r53(r) * 2 ** -Math.floor(5 + r() * 40)); // near 1: the √ branch
    xs.push(0, -0, 1, -1, 0.125 - 2 ** -56, -0.96875, 0.96875, 2 ** -26, -(2 ** -27));
    await check('asin', glibcAsin, xs);
  });

  it('asin between 0.125 and 0.96875: correctly rounded, so glibc differs by at most one ulp, rarely', async () => {
    // glibc evaluates this range from asincos.tbl, a table of fitted coefficients we do not ship;
    // ours is crAsin, the correctly rounded asin. glibc is not correctly rounded (≤ ~0.52 ulp),
    // so on ~0.1 % of inputs the two differ — by exactly one ulp, never more.
    const r = rng(13);
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) xs.push((0.125 + r53(r) * 0.84375) * (i % 4 === 3 ? -1 : 1));
    xs.push(0.125, 0.25, 0.5, 0.75, 0.921875, 0.953125, 0.96875 - 2 ** -53);
    const got: number[] = [];
    for (let i = 0; i < xs.length; i += 5000) {
      const chunk = xs.slice(i, i + 5000);
      got.push(...((await cli.eval(SCRIPT, 0, 'asin', ...chunk.map((x) => x.toPrecision(17)))) as string[]).map(Number));
    }
    let differ = 0;
    const bad: string[] = [];
    xs.forEach((x, i) => {
      const ours = glibcAsin(x), want = got[i];
      if (ours === want) return;
      differ++;
      if (Math.abs(ours - want) !== ulp(want)) bad.push(`asin(${x}) = ${want}, ours ${ours}`);
    });
    expect(bad.slice(0, 5)).toEqual([]);
    expect(differ).toBeGreaterThan(0); // the range really is glibc's table code, not ours
    expect(differ).toBeLessThan(xs.length * 0.004);
  });

  it('crAsin is correctly rounded (exact BigInt sin at the midpoints around its result)', () => {
    const r = rng(14);
    const bad: number[] = [];
    for (let i = 0; i < 300; i++) {
      const x = 0.125 + r53(r) * 0.84375;
      if (!roundsTo(x, crAsin(x))) bad.push(x);
    }
    expect(bad).toEqual([]);
  });

  it('fma rounds once', () => {
    expect(fma(1 + 2 ** -30, 1 + 2 ** -30, -1)).toBe(2 ** -29 + 2 ** -60); // a·b + c exact, a·b alone not
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17); // the rounding error of 0.1·10
    expect(fma(2, 3, 4)).toBe(10);
    // c + RN(a·b) is exactly halfway between 1 and 1 + 2^-52; the product's own rounding error
    // (2^-54) decides: rounding twice gives 1 (ties to even), once gives 1 + 2^-52
    expect(fma(1 + 2 ** -27, 1 + 2 ** -27, 2 ** -53 - 2 ** -26)).toBe(1 + 2 ** -52);
    expect((1 + 2 ** -27) * (1 + 2 ** -27) + (2 ** -53 - 2 ** -26)).toBe(1);
  });

  it('minimax() finds the textbook best line for e^x on [0, 1]', () => {
    // p(x) = (e − 1)·x + (e − (e − 1)·ln(e − 1))/2 (Chebyshev); e^x = Σ x^k/k!
    const num: bigint[] = [], den: bigint[] = [];
    let f = 1n;
    for (let k = 0; k < 60; k++) { if (k > 0) f *= BigInt(k); num.push(1n); den.push(f); }
    const [c0, c1] = minimax(num, den, 2, 0, 1);
    expect(c1).toBeCloseTo(Math.E - 1, 14);
    expect(c0).toBeCloseTo((Math.E - (Math.E - 1) * Math.log(Math.E - 1)) / 2, 14);
  });
});
