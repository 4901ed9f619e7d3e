/**
 * sin, cos and asin computed the way redis-server's libm computes them, so that
 * geo distances (STOREDIST scores, GEODIST, radius/rounding boundaries) come
 * out bit-identical to redis-server on Debian 12 (glibc 2.36, x86-64) — except
 * ~0.1 % of distances between ~1 597 and ~16 818 km (asin's table range, below).
 *
 * glibc's double sin/cos/asin (IBM Accurate Mathematical Library, s_sin.c,
 * e_asin.c) are not correctly rounded: they are table-driven polynomials with
 * a final error of up to ~0.55 ulp, so 0.1–0.3 % of results (by range) differ
 * in the last bit from the correctly rounded value. On CPUs with FMA (every x86-64 with
 * AVX2, where the ifunc picks the `-mfma` build) GCC fuses most `a*b + c` of
 * that C code into fused multiply-adds, which round once. The functions below
 * follow that compiled code operation for operation: same splits, same
 * polynomial constants, same table, same fusions (emulated exactly by fma()).
 *
 * The sin/cos table is sin/cos at k/128, k = 0..109, as (rounded, rounded
 * remainder) pairs; it is computed once at startup with exact BigInt
 * arithmetic (glibc's own table has 18 slightly inexact lo parts, applied as
 * corrections), which reproduces glibc's table bit for bit. asin (e_asin.c)
 * is reproduced for |x| < 0.125 and |x| ≥ 0.96875, whose polynomial
 * coefficients are minimax fits recomputed here (remez.ts) and whose 1/√ seed
 * table is recomputed too; its middle range evaluates a 2 568-value table of
 * per-interval fitted coefficients that we do not copy: there glibcAsin is
 * the correctly rounded asin, which differs from glibc's in ~0.1 % of cases.
 */

import { minimax } from './remez.js';

// ---- exact fused multiply-add ----------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: [0] low word, [1] high word
const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split)

/**
 * fma(a, b, c) = a·b + c rounded once. Dekker's product gives a·b = p + e
 * exactly; RN(c + p + e) then follows Boldo & Melquiond ("Emulation of FMA
 * and correctly rounded sums", 2008): two exact sums and one round-to-odd
 * addition. Valid while nothing over- or underflows (true for every call here).
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const th = c + p, bb = th - c;
  const tl = (c - (th - bb)) + (p - bb);
  const v = tl + e, vb = v - tl;
  const verr = (tl - (v - vb)) + (e - vb);
  return th + (verr === 0 ? v : roundToOdd(v, verr));
}

/** v = RN(x) for an exact x = v + err (err ≠ 0): the odd one of v and its neighbour towards err. */
function roundToOdd(v: number, err: number): number {
  F64[0] = v;
  if ((U32[0] & 1) !== 0) return v;
  // an even low word: +1 never carries; −1 borrows from the high word only at 0
  if ((err > 0) === (v > 0)) U32[0]++;
  else if (U32[0] === 0) { U32[0] = 0xffffffff; U32[1]--; } else U32[0]--;
  return F64[0];
}

// ---- constants (s_sin.c / usncs.h) -----------------------------------------

const S1 = -0.16666666666666666, S2 = 0.008333333333332329, S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-06, S5 = -2.5022014848318398e-08;
const SN3 = -0.16666666666666488, SN5 = 0.008333332142857223;
const CS2 = 0.5, CS4 = -0.04166666666666644, CS6 = 0.001388888740079376;
const BIG = 52776558133248; // 1.5·2^45: adding it rounds to a multiple of 1/128
const HP0 = 1.5707963267948966, HP1 = 6.123233995736766e-17; // π/2 = HP0 + HP1
const MP1 = 1.5707963407039642, MP2 = -1.3909067564377153e-08;
const PP3 = -4.97899623147991e-17, PP4 = -1.9034889620193266e-25;
const HPINV = 0.6366197723675814, TOINT = 6755399441055744; // 2/π, 1.5·2^52
const TINY_SIN = 2 ** -26, TINY_COS = 2 ** -27;
const LIM1 = 0.85546875, LIM2 = 2.4262638092041016, LIM3 = 105414336;

// ---- sin/cos table ------------------------------------------------------------

/** SINCOS[4k..4k+3] = sin(k/128) hi, lo, cos(k/128) hi, lo (hi = RN(f), lo ≈ RN(f − hi)). */
const SINCOS = new Float64Array(440);
/**
 * [index, ulps]: lo parts of glibc's table that are off the exactly rounded
 * remainder (presumably generated with less precision); the hi parts
 * and the other 202 lo parts are exactly rounded.
 */
const SINCOS_LO_FIX = [
  [9, -1], [41, -1], [93, -39], [107, 1], [109, -1], [133, -1], [137, -1], [145, 1], [161, -2],
  [179, -1], [283, 1], [301, -1], [303, 2], [319, 1], [341, -1], [361, -2], [377, 1], [429, 1],
];
(function buildTable() {
  const BITS = 240n, ONE = 1n << BITS, SCALE = 2 ** 240;
  const split = (v: bigint, out: number) => {
    const hi = Number(v) / SCALE; // Number(bigint) rounds to nearest
    SINCOS[out] = hi;
    SINCOS[out + 1] = Number(v - BigInt(hi * SCALE)) / SCALE;
  };
  for (let k = 0; k < 110; k++) {
    const x = BigInt(k) * (ONE / 128n); // exact: k/128 in fixed point
    let s = 0n, c = 0n, term = ONE; // term = x^n / n!
    for (let n = 0; term !== 0n; n++) {
      if (n > 0) term = (term * x) / ONE / BigInt(n);
      switch (n & 3) {
        case 0: c += term; break;
        case 1: s += term; break;
        case 2: c -= term; break;
        default: s -= term;
      }
    }
    split(s, 4 * k);
    split(c, 4 * k + 2);
  }
  for (const [i, d] of SINCOS_LO_FIX) SINCOS[i] += d * ulp(SINCOS[i]);
})();

/** The spacing of doubles at x (normal, non-zero x). */
function ulp(x: number): number {
  F64[0] = x;
  return 2 ** (((U32[1] >>> 20) & 0x7ff) - 1075);
}

// ---- do_sin / do_cos: sin/cos of x + dx (|x| ≤ ~0.86, |dx| tiny) -------------

function doSin(x: number, dx: number): number {
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(xx, fma(xx, fma(xx, fma(xx, S5, S4), S3), S2), S1);
    return x + fma(xx, fma(poly, x, -(0.5 * dx)), dx);
  }
  const neg = x < 0;
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = ((u - BIG) * 512) | 0; // 4 · (table index)
  const r = ax - (u - BIG);
  const xx = r * r;
  const s = r + fma(r * xx, fma(xx, SN5, SN3), dx);
  const c = fma(r, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const sn = SINCOS[k];
  const cor = fma(s, SINCOS[k + 2], fma(-c, sn, fma(s, SINCOS[k + 3], SINCOS[k + 1])));
  const res = sn + cor;
  return neg ? -res : res;
}

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = ((u - BIG) * 512) | 0;
  const r = (ax - (u - BIG)) + dx;
  const xx = r * r;
  const s = fma(r * xx, fma(xx, SN5, SN3), r);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const cs = SINCOS[k + 2];
  const cor = fma(-s, SINCOS[k], fma(-c, cs, fma(-s, SINCOS[k + 1], SINCOS[k + 3])));
  return cs + cor;
}

/** reduce_sincos + do_sincos for 2.43 ≤ |x| < 1.05e8: quadrant n of x − n·π/2 (136-bit π/2). */
function reduced(x: number, quadrantShift: number): number {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  const n = (xn + quadrantShift) & 3;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const t2 = fma(-xn, PP3, y);
  const db = fma(-PP3, xn, y - t2);
  const a = fma(-xn, PP4, t2);
  const da = db + fma(-xn, PP4, t2 - a);
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

/** glibc 2.36 sin() (FMA build), for finite |x| < 1.05e8 (falls back to Math.sin beyond). */
export function glibcSin(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_SIN) return x;
  if (ax < LIM1) return doSin(x, 0);
  if (ax < LIM2) { const r = doCos(HP0 - ax, HP1); return x < 0 ? -r : r; }
  if (ax < LIM3) return reduced(x, 0);
  return Math.sin(x);
}

/** glibc 2.36 cos() (FMA build), for finite |x| < 1.05e8 (falls back to Math.cos beyond). */
export function glibcCos(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_COS) return 1;
  if (ax < LIM1) return doCos(x, 0);
  if (ax < LIM2) {
    const y = HP0 - ax;
    const a = y + HP1;
    return doSin(a, (y - a) + HP1);
  }
  if (ax < LIM3) return reduced(x, 1);
  return Math.cos(x);
}

// ---- asin (e_asin.c) -----------------------------------------------------------

/** Taylor coefficients of (1 − r)^(−1/2) and of (asin(x) − x)/x in t = x²: C(2k,k)/4^k (÷ (2k+1)). */
function asinSeries(divide: boolean): [bigint[], bigint[]] {
  const num: bigint[] = [], den: bigint[] = [];
  let c = 1n; // C(2k, k)
  for (let k = 0; k < 40; k++) {
    if (k > 0) c = (c * BigInt(2 * (2 * k - 1))) / BigInt(k);
    num.push(divide && k === 0 ? 0n : c);
    den.push((1n << BigInt(2 * k)) * (divide ? BigInt(2 * k + 1) : 1n));
  }
  return [num, den];
}
/**
 * e_asin.c's two polynomials are minimax fits, which we recompute (remez.ts)
 * and which round to glibc's constants bit for bit:
 * F1..F6: asin(x) ≈ x + x·(F1·t + … + F6·t⁶), t = x² — the best degree-6
 *   polynomial (with a constant term, dropped: ~4e-19) for (asin(x) − x)/x on t ∈ [0, 1/64];
 * RT0..RT3: (1 − r)^(−1/2) ≈ cubic, the best one on r ∈ [−0.008, 0.008] (refines 1/√z).
 */
const [, F1, F2, F3, F4, F5, F6] = minimax(...asinSeries(true), 7, 0, 1 / 64);
const [RT0, RT1, RT2, RT3] = minimax(...asinSeries(false), 4, -0.008, 0.008);
const T24 = 16777216;

/**
 * inroot[i]: 1/√m at the centre of 128 sub-intervals of [0.5, 2) (i < 64:
 * m = 0.5 + (i + ½)/128, else m = 1 + (i − 64 + ½)/64), rounded to 14
 * decimals as in the glibc source; the seed of the Newton steps for √z.
 */
const INROOT = new Float64Array(128);
(function buildInroot() {
  const isqrt = (n: bigint) => { let x = n, y = (x + 1n) >> 1n; while (y < x) { x = y; y = (x + n / x) >> 1n; } return x; };
  for (let i = 0; i < 128; i++) {
    // m = p/q exactly; 10^14/√m = √(10^28·q/p), with 20 spare bits for the rounding
    const p = BigInt(i < 64 ? 129 + 2 * i : 129 + 2 * (i - 64)), q = i < 64 ? 256n : 128n;
    const r = isqrt((10n ** 28n * q << 40n) / p);
    INROOT[i] = Number((r + (1n << 19n)) >> 20n) / 1e14;
  }
})();

/**
 * asin(x) rounded correctly, for 0 < x ≤ 0.97 (used on [0.125, 0.96875)): one
 * Newton step z0 + (x − sin z0)/cos z0 from V8's asin (within an ulp), with
 * sin z0 in double-double (Taylor), so the step's only rounding is the final
 * one. (Closer to 1 the division by cos z0 → 0 loses that guarantee.) glibc
 * agrees with this on ~99.9 % of its table-driven range (see glibcAsin).
 */
export function crAsin(x: number): number {
  const z = Math.asin(x);
  // x2 = z² as a double-double (Dekker product)
  let t = SPLITTER * z;
  const zh = t - (t - z), zl = z - zh;
  const x2h = z * z, x2l = ((zh * zh - x2h) + 2 * zh * zl) + zl * zl;
  // Σ (−1)^n z^(2n+1)/(2n+1)!; term and sum as double-doubles
  let th = z, tl = 0, sh = z, sl = 0;
  for (let n = 1; n < 30; n++) {
    // term ·= −z²/((2n)(2n+1))
    let ph = th * x2h;
    t = SPLITTER * th;
    const ah = t - (t - th), al = th - ah;
    t = SPLITTER * x2h;
    const bh = t - (t - x2h), bl = x2h - bh;
    let pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl + (th * x2l + tl * x2h);
    let q = ph + pl; pl = pl - (q - ph); ph = q;
    const d = -(2 * n) * (2 * n + 1);
    const q1 = ph / d;
    t = SPLITTER * q1;
    const qh = t - (t - q1), ql = q1 - qh;
    const rp = q1 * d, re = ((qh * d - rp) + ql * d); // q1·d = rp + re exactly (d has ≤ 11 bits)
    const q2 = (((ph - rp) - re) + pl) / d;
    th = q1 + q2; tl = q2 - (th - q1);
    // sum += term (two-sum, then renormalise)
    const s = sh + th, bb = s - sh;
    const e = ((sh - (s - bb)) + (th - bb)) + sl + tl;
    sh = s + e; sl = e - (sh - s);
    if (Math.abs(th) < 1e-34) break;
  }
  return z + (((x - sh) - sl) / Math.cos(z));
}

/**
 * asin as redis-server's glibc 2.36 (FMA build) computes it, wherever that is
 * computable: |x| < 0.125 (distances under ~1 597 km) and 0.96875 ≤ |x| ≤ 1
 * (over ~16 820 km) follow e_asin.c operation for operation and match glibc
 * bit for bit. In between glibc evaluates per-interval fitted polynomials from
 * a 2 568-value table (asincos.tbl) we do not ship; there this returns the
 * correctly rounded asin, which is glibc's result except where glibc itself
 * is one ulp off (~0.05–0.1 % of inputs, see docs/redis-engine.md).
 */
export function glibcAsin(x: number): number {
  F64[0] = x;
  const m = U32[1] | 0, k = m & 0x7fffffff;
  if (k < 0x3e500000) return x;
  if (k < 0x3fc00000) {
    const x2 = x * x;
    const p = fma(x2, fma(x2, fma(x2, fma(x2, fma(x2, F6, F5), F4), F3), F2), F1);
    return fma(p, x * x2, x);
  }
  const ax = Math.abs(x);
  let res: number;
  if (k < 0x3fef0000) res = crAsin(ax);
  else if (k < 0x3ff00000) {
    // asin(x) = π/2 − 2·asin(√z), z = (1 − |x|)/2; √z from a table seed and Newton steps
    const z = 0.5 * (1 - ax);
    F64[0] = z;
    const kz = U32[1];
    let t = INROOT[(kz & 0x1fffff) >> 14] * 2 ** (511 - (kz >> 21));
    const r = fma(-(t * t), z, 1);
    t = t * fma(r, fma(r, fma(r, RT3, RT2), RT1), RT0);
    const c = t * z;
    const y = (c + T24) - T24;
    const cc = fma(-y, y, z) / fma(fma(-(t * 0.5), c, 1.5), c, y);
    const p = fma(z, fma(z, fma(z, fma(z, fma(z, F6, F5), F4), F3), F2), F1) * z;
    res = fma(-2 * (y + cc), p, fma(-2, cc, HP1)) + fma(-2, y, HP0);
  } else if (k === 0x3ff00000 && U32[0] === 0) res = HP0;
  else return NaN;
  return m > 0 ? res : -res;
}
