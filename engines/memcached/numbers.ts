// Number parsing exactly as memcached's safe_strto* helpers (util.c) behave
// on a 64-bit Linux build: C strtol/strtoul semantics (leading whitespace,
// optional sign), the value must be followed by whitespace or the end of the
// token, and results are truncated to the C target type.

const UINT64 = 1n << 64n;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/** Value of a token of 1-9 plain digits (the common case), else -1. */
function simpleDigits(token: string): number {
  const len = token.length;
  if (len === 0 || len > 9) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const d = token.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
const C_NUMBER = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)(.*)$/s;

function isCSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

interface CParse { negative: boolean; magnitude: bigint; rest: string }

function parseC(token: string): CParse | null {
  const m = C_NUMBER.exec(token);
  if (!m) return null;
  const rest = m[3];
  if (rest.length > 0 && !isCSpace(rest[0]) && rest[0] !== '\0') return null;
  return { negative: m[1] === '-', magnitude: BigInt(m[2]), rest };
}

/** strtoull + the '-' guard of safe_strtoull. */
export function safeStrtoull(token: string): bigint | null {
  const simple = simpleDigits(token);
  if (simple >= 0) return BigInt(simple);
  const p = parseC(token);
  if (!p || p.magnitude >= UINT64) return null;
  const value = p.negative ? (UINT64 - p.magnitude) % UINT64 : p.magnitude;
  if (value > INT64_MAX && token.includes('-')) return null;
  return value;
}

/** safe_strtoul: 64-bit unsigned long parsed, then truncated to uint32. */
export function safeStrtoul(token: string): number | null {
  const simple = simpleDigits(token);
  if (simple >= 0) return simple;
  const v = safeStrtoull(token);
  return v === null ? null : Number(v & 0xffffffffn);
}

/** safe_strtol: 64-bit long parsed, then truncated to int32. */
export function safeStrtol(token: string): number | null {
  const simple = simpleDigits(token);
  if (simple >= 0) return simple;
  const p = parseC(token);
  if (!p) return null;
  const value = p.negative ? -p.magnitude : p.magnitude;
  if (value > INT64_MAX || value < INT64_MIN) return null;
  return Number(BigInt.asIntN(32, value));
}

/** The number an item's data starts with, as do_add_delta reads it. */
export function parseStoredNumber(data: string): bigint | null {
  // item data ends in "\r\n" in memcached, so a bare number is terminated.
  return safeStrtoull(data);
}

export const UINT64_MODULUS = UINT64;
