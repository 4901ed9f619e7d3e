/**
 * intset: [encoding u32 LE = 2|4|8][length u32 LE][sorted little-endian ints].
 * Redis picks the smallest encoding that holds every member.
 */
import { RdbError } from './bytes.js';

export function intsetEncode(values: (number | bigint)[]): Buffer {
  const big = values.map((v) => BigInt(v));
  big.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 1; i < big.length; i++) if (big[i] === big[i - 1]) throw new RangeError('intset: duplicate member');
  let enc = 2;
  for (const v of big) {
    if (v < -2147483648n || v > 2147483647n) { enc = 8; break; }
    if (v < -32768n || v > 32767n) enc = 4;
  }
  const out = Buffer.allocUnsafe(8 + enc * big.length);
  out.writeUInt32LE(enc, 0);
  out.writeUInt32LE(big.length, 4);
  let p = 8;
  for (const v of big) {
    if (enc === 2) out.writeInt16LE(Number(v), p);
    else if (enc === 4) out.writeInt32LE(Number(v), p);
    else out.writeBigInt64LE(v, p);
    p += enc;
  }
  return out;
}

/** Decodes and validates (size, encoding, strictly ascending). Values as decimal strings' numbers/bigints. */
export function intsetDecode(buf: Buffer): (number | bigint)[] {
  if (buf.length < 8) throw new RdbError('Intset integrity check failed.');
  const enc = buf.readUInt32LE(0);
  const len = buf.readUInt32LE(4);
  if (enc !== 2 && enc !== 4 && enc !== 8) throw new RdbError('Intset integrity check failed.');
  if (8 + enc * len !== buf.length) throw new RdbError('Intset integrity check failed.');
  const out: (number | bigint)[] = new Array(len);
  let prev: number | bigint | undefined;
  for (let i = 0, p = 8; i < len; i++, p += enc) {
    let v: number | bigint;
    if (enc === 2) v = buf.readInt16LE(p);
    else if (enc === 4) v = buf.readInt32LE(p);
    else {
      const b = buf.readBigInt64LE(p);
      v = b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
    }
    if (prev !== undefined && !(prev < v)) throw new RdbError('Intset integrity check failed.');
    prev = v;
    out[i] = v;
  }
  return out;
}
