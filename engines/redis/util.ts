/** Number parsing/formatting helpers with Redis's exact rules. */

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/**
 * Redis string2ll: strict signed 64-bit decimal (no '+', spaces or leading
 * zeros). Returns a number when it is a safe integer, a bigint beyond that,
 * null when invalid/out of range.
 */
export function parseI64(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) { if (n === 1) return null; i = 1; }
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return n === 1 ? 0 : null;
  if (c0 < 49 || c0 > 57) return null;
  // Up to 15 digits the value is exact in a double: accumulate it in the validation loop (no Number(s) conversion).
  let v = c0 - 48;
  for (let k = i + 1; k < n; k++) { const c = s.charCodeAt(k); if (c < 48 || c > 57) return null; v = v * 10 + (c - 48); }
  if (n - i <= 15) return i === 1 ? -v : v;
  const b = BigInt(s);
  if (b < I64_MIN || b > I64_MAX) return null;
  if (b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(b);
  return b;
}

/** parseI64 narrowed to a JS number (clamped to safe range for huge values); null when invalid. */
export function parseIntArg(s: string): number | null {
  const v = parseI64(s);
  if (v === null) return null;
  return typeof v === 'number' ? v : Number(v);
}

/** Exact 64-bit add with overflow detection; null on overflow. */
export function addI64(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(a) + BigInt(b);
  if (r < I64_MIN || r > I64_MAX) return null;
  if (r >= BigInt(Number.MIN_SAFE_INTEGER) && r <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(r);
  return r;
}

/** Redis strtod-based float parse for arguments (rejects spaces, empty, nan). */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null;
  const c = s.charCodeAt(0);
  if (c === 32 || (c >= 9 && c <= 13)) return null;
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

/** sdscatrepr: quoted, escaped representation (MONITOR, CLIENT LIST, DEBUG). */
export function reprArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c >= 32 && c < 127) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

// ---------------------------------------------------------------------------
// x87 80-bit long double emulation for INCRBYFLOAT (Redis computes in long
// double and prints with "%.17Lf" then trims zeros). Value = sign * m * 2^e,
// m a 64-bit mantissa (BigInt), exact round-half-even.

export interface LD { neg: boolean; m: bigint; e: number; inf?: boolean }
const MANT_BITS = 64n;

function bitLen(x: bigint): number { return x === 0n ? 0 : x.toString(2).length; }

/** Round exact rational num/den (>0) to a 64-bit mantissa. */
function roundRational(neg: boolean, num: bigint, den: bigint): LD {
  if (num === 0n) return { neg, m: 0n, e: 0 };
  // choose e so that num/den / 2^e in [2^63, 2^64)
  let e = bitLen(num) - bitLen(den) - 64;
  let q: bigint, r: bigint, d: bigint;
  for (;;) {
    const n2 = e < 0 ? num << BigInt(-e) : num;
    d = e > 0 ? den << BigInt(e) : den;
    q = n2 / d; r = n2 % d;
    if (q >= (1n << MANT_BITS)) { e++; continue; }
    if (q < (1n << (MANT_BITS - 1n))) { e--; continue; }
    break;
  }
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
  if (q === (1n << MANT_BITS)) { q >>= 1n; e++; }
  if (e + 64 > 16384) return { neg, m: 0n, e: 0, inf: true };
  return { neg, m: q, e };
}

/** strtold of a decimal string; null if invalid (Redis string2ld rules). */
export function parseLD(s: string): LD | null {
  if (s.length === 0 || s.length >= 5120) return null;
  const c = s.charCodeAt(0);
  if (c === 32 || (c >= 9 && c <= 13)) return null;
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return { neg: false, m: 0n, e: 0, inf: true };
  if (l === '-inf' || l === '-infinity') return { neg: true, m: 0n, e: 0, inf: true };
  const hx = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(s);
  if (hx && (hx[2] !== '' || hx[3] !== '')) {
    const mant = BigInt('0x' + ((hx[2] + hx[3]) || '0'));
    const e2 = Number(hx[4] ?? 0) - 4 * hx[3].length;
    if (mant === 0n) return { neg: hx[1] === '-', m: 0n, e: 0 };
    return e2 >= 0 ? roundRational(hx[1] === '-', mant << BigInt(e2), 1n) : roundRational(hx[1] === '-', mant, 1n << BigInt(-e2));
  }
  const mm = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!mm || (mm[2] === '' && mm[3] === '')) return null;
  const neg = mm[1] === '-';
  const digits = BigInt((mm[2] + mm[3]) || '0');
  let exp10 = Number(mm[4] ?? 0) - mm[3].length;
  if (digits === 0n) return { neg, m: 0n, e: 0 };
  if (exp10 > 5000) return { neg, m: 0n, e: 0, inf: true };
  if (exp10 < -5000) return { neg, m: 0n, e: 0 };
  let num = digits, den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10); else den = 10n ** BigInt(-exp10);
  return roundRational(neg, num, den);
}

export function addLD(a: LD, b: LD): LD {
  if (a.inf || b.inf) return { neg: a.inf ? a.neg : b.neg, m: 0n, e: 0, inf: true };
  const e = Math.min(a.e, b.e);
  const av = (a.neg ? -a.m : a.m) << BigInt(a.e - e);
  const bv = (b.neg ? -b.m : b.m) << BigInt(b.e - e);
  const sum = av + bv;
  if (sum === 0n) return { neg: false, m: 0n, e: 0 };
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  if (e >= 0) return roundRational(neg, abs << BigInt(e), 1n);
  return roundRational(neg, abs, 1n << BigInt(-e));
}

/** "%.17Lf" then trim trailing zeros (Redis ld2string LD_STR_HUMAN). */
export function formatLDHuman(v: LD): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  // exact value = m * 2^e ; scaled = round(value * 10^17)
  let num = v.m * 10n ** 17n, den = 1n;
  if (v.e >= 0) num <<= BigInt(v.e); else den <<= BigInt(-v.e);
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q++;
  let str = q.toString().padStart(18, '0');
  let s = str.slice(0, -17) + '.' + str.slice(-17);
  s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (v.neg && s !== '0') s = '-' + s;
  return s;
}
