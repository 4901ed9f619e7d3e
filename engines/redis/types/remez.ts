/**
 * Minimax polynomial fitting (Remez exchange) in BigInt fixed point, used
 * to compute libm-style polynomial coefficients at startup instead of
 * keeping them as copied data: a libm constant that is "the best degree-n
 * polynomial for f on [a, b]" is a mathematical fact we can recompute, and
 * rounding the exact minimax coefficients to double reproduces it.
 *
 * f is given by its power series at 0 (exact rationals), which converges
 * fast on the small intervals this is used for.
 */

const P = 192n; // fixed-point fraction bits
const ONE = 1n << P;

const mul = (a: bigint, b: bigint) => (a * b) >> P;
const div = (a: bigint, b: bigint) => (a << P) / b;
const abs = (a: bigint) => (a < 0n ? -a : a);
const fromNumber = (x: number) => BigInt(Math.round(x * 2 ** 60)) << (P - 60n);

/** Σ c[k]·t^k (Horner); with d = 1 or 2, the first or second derivative. */
function series(c: bigint[], t: bigint, d = 0): bigint {
  let s = 0n;
  for (let k = c.length - 1; k >= d; k--) {
    const w = d === 0 ? 1n : d === 1 ? BigInt(k) : BigInt(k * (k - 1));
    s = mul(s, t) + w * c[k];
  }
  return s;
}

/** Solves A·x = y (Gaussian elimination with partial pivoting; A is overwritten). */
function solve(A: bigint[][], y: bigint[]): bigint[] {
  const n = y.length;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (abs(A[r][col]) > abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    [y[col], y[piv]] = [y[piv], y[col]];
    for (let r = col + 1; r < n; r++) {
      const f = div(A[r][col], A[col][col]);
      for (let k = col; k < n; k++) A[r][k] -= mul(f, A[col][k]);
      y[r] -= mul(f, y[col]);
    }
  }
  const x = new Array<bigint>(n).fill(0n);
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r];
    for (let k = r + 1; k < n; k++) s -= mul(A[r][k], x[k]);
    x[r] = div(s, A[r][r]);
  }
  return x;
}

/**
 * The n coefficients (degree n − 1, in increasing powers, rounded to
 * double) of the polynomial minimising max |p(t) − f(t)| over [a, b], where
 * f(t) = Σ num[k]/den[k] · t^k. The error then equioscillates at n + 1 points;
 * both ends are among them for the (monotone-derivative) functions used here.
 */
export function minimax(num: bigint[], den: bigint[], n: number, a: number, b: number): number[] {
  const f = num.map((v, k) => (v << P) / den[k]);
  const A = fromNumber(a), B = fromNumber(b);
  // start from the Chebyshev extrema; each exchange moves the inner points onto the error's extrema
  let pts: bigint[] = [];
  for (let i = 0; i <= n; i++) pts.push(fromNumber((a + b) / 2 - ((b - a) / 2) * Math.cos((Math.PI * i) / n)));
  pts[0] = A; pts[n] = B;
  let c: bigint[] = [];
  for (let iter = 0; iter < 40; iter++) {
    const M = pts.map((t, i) => {
      const row: bigint[] = [];
      let tk = ONE;
      for (let j = 0; j < n; j++) { row.push(tk); tk = mul(tk, t); }
      row.push(i % 2 === 0 ? ONE : -ONE);
      return row;
    });
    c = solve(M, pts.map((t) => series(f, t))).slice(0, n);
    const e = f.map((v, k) => (k < n ? c[k] : 0n) - v); // error series p − f
    let moved = 0n;
    for (let i = 1; i < n; i++) {
      let t = pts[i];
      for (let k = 0; k < 60; k++) { // Newton on e'(t) = 0
        const step = div(series(e, t, 1), series(e, t, 2));
        t -= step;
        if (abs(step) < 1n << (P - 120n)) break;
      }
      if (!(t > pts[i - 1] && t < B)) throw new Error('minimax: exchange failed');
      moved = abs(t - pts[i]) > moved ? abs(t - pts[i]) : moved;
      pts[i] = t;
    }
    if (moved < 1n << (P - 100n)) break;
  }
  return c.map((v) => Number(v) / 2 ** Number(P)); // Number(bigint) rounds to nearest; the scaling is exact
}
