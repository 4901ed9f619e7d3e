/**
 * zipmap (RDB_TYPE_HASH_ZIPMAP, Redis <= 2.4; read only):
 * <zmlen u8><len>key<len><free u8>value[free bytes]... 0xFF.
 * <len> is one byte < 254, or 254 + u32 LE.
 */
import { RdbError } from './bytes.js';

function corrupt(): never { throw new RdbError('Zipmap integrity check failed.'); }

export function zipmapDecode(zm: Buffer): { field: Buffer; value: Buffer }[] {
  const out: { field: Buffer; value: Buffer }[] = [];
  if (zm.length < 2) corrupt();
  let p = 1;
  const readLen = (): number => {
    if (p >= zm.length) corrupt();
    const b = zm[p];
    if (b < 254) { p += 1; return b; }
    if (b === 254) { if (p + 5 > zm.length) corrupt(); const l = zm.readUInt32LE(p + 1); p += 5; return l; }
    return -1; // end marker
  };
  for (;;) {
    const kl = readLen();
    if (kl === -1) { p++; break; }
    if (p + kl > zm.length) corrupt();
    const field = zm.subarray(p, p + kl); p += kl;
    const vl = readLen();
    if (vl === -1) corrupt();
    if (p >= zm.length) corrupt();
    const free = zm[p++];
    if (p + vl + free > zm.length) corrupt();
    const value = zm.subarray(p, p + vl); p += vl + free;
    out.push({ field, value });
  }
  if (p !== zm.length) corrupt();
  if (zm[0] < 254 && zm[0] !== out.length) corrupt();
  return out;
}

/** Encodes a zipmap (tests only). */
export function zipmapEncode(pairs: { field: Buffer; value: Buffer }[]): Buffer {
  const parts: Buffer[] = [Buffer.from([Math.min(pairs.length, 254)])];
  const len = (l: number): Buffer => {
    if (l < 254) return Buffer.from([l]);
    const b = Buffer.alloc(5); b[0] = 254; b.writeUInt32LE(l, 1); return b;
  };
  for (const { field, value } of pairs) parts.push(len(field.length), field, len(value.length), Buffer.from([0]), value);
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}
