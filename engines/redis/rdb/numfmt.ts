/**
 * Number <-> string conversions with Redis's exact rules: string2ll (strict
 * decimal integers: no '+', no leading zeros, no "-0", fits int64) and
 * d2string / "%.17g" for doubles.
 */

/**
 * Redis string2ll / lpStringToInt64: the integer value of `b` if it is the
 * canonical decimal form of an int64, else null. Returns a number when the
 * text has at most 15 digits (always exact), otherwise a bigint.
 */
export function parseStrictInt(b: Uint8Array, start = 0, end = b.length): number | bigint | null {
  const len = end - start;
  if (len === 0 || len >= 21) return null;
  if (len === 1 && b[start] === 0x30) return 0;
  let p = start;
  let neg = false;
  if (b[p] === 0x2d) { neg = true; p++; if (p === end) return null; }
  const c0 = b[p];
  if (c0 < 0x31 || c0 > 0x39) return null;
  for (let i = p + 1; i < end; i++) { const c = b[i]; if (c < 0x30 || c > 0x39) return null; }
  if (end - p <= 15) {
    let v = 0;
    for (let i = p; i < end; i++) v = v * 10 + (b[i] - 0x30);
    return neg ? -v : v;
  }
  let s = '';
  for (let i = p; i < end; i++) s += String.fromCharCode(b[i]);
  let v = BigInt(s);
  if (neg) v = -v;
  if (v > 0x7fffffffffffffffn || v < -0x8000000000000000n) return null;
  return v;
}

export function intToBuffer(v: number | bigint): Buffer { return Buffer.from(String(v), 'latin1'); }

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Exact decimal digits of a positive finite double: value = 0.DIGITS x 10^point. */
function exactDecimal(x: number): { digits: string; point: number } {
  f64[0] = x;
  const lo = u32[0], hi = u32[1];
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074; else { m |= 1n << 52n; e2 = bexp - 1075; }
  if (e2 >= 0) {
    const d = (m << BigInt(e2)).toString();
    return { digits: d, point: d.length };
  }
  const d = (m * 5n ** BigInt(-e2)).toString();
  return { digits: d, point: d.length + e2 };
}

/**
 * glibc-compatible "%.17g": exact round-half-to-even on the binary value
 * (JS toExponential rounds exact ties up, glibc does not).
 */
export function formatG17(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  let { digits, point } = exactDecimal(Math.abs(x));
  const P = 17;
  let head = digits.slice(0, P).padEnd(P, '0');
  const rest = digits.slice(P);
  let up = false;
  if (rest.length) {
    const c = rest.charCodeAt(0);
    if (c > 53) up = true;
    else if (c === 53) {
      up = /[1-9]/.test(rest.slice(1)) || (head.charCodeAt(P - 1) - 48) % 2 === 1;
    }
  }
  if (up) {
    const n = (BigInt(head) + 1n).toString();
    if (n.length > P) { head = n.slice(0, P); point++; } else head = n;
  }
  const e = point - 1;
  if (e < -4 || e >= P) {
    const frac = head.slice(1).replace(/0+$/, '');
    const ae = Math.abs(e);
    return `${sign}${head[0]}${frac ? '.' + frac : ''}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  }
  let out: string;
  if (e >= 0) {
    const ip = head.slice(0, e + 1);
    const fp = head.slice(e + 1).replace(/0+$/, '');
    out = fp ? `${ip}.${fp}` : ip;
  } else {
    out = `0.${('0'.repeat(-e - 1) + head).replace(/0+$/, '')}`;
  }
  return sign + out;
}

/** Redis double2ll: integral doubles within +-2^62 are printed as integers. */
export function doubleIsLongLong(d: number): boolean {
  return d >= -4611686018427387904 && d <= 4611686018427387904 && Number.isInteger(d);
}

/** Redis d2string (zset listpack scores, RDB_TYPE_ZSET string scores). */
export function d2string(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d < 0 ? '-inf' : 'inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (doubleIsLongLong(d)) return BigInt(d).toString();
  return formatG17(d);
}

/** strtod for the strings Redis writes (and the usual forms: inf, -inf, nan, hex is not needed). */
export function parseDouble(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan' || t === '+nan') return NaN;
  const v = Number(t);
  if (Number.isNaN(v)) {
    const p = parseFloat(t);
    return Number.isNaN(p) ? 0 : p; // strtod returns 0 on no conversion
  }
  return v;
}
