/**
 * RDB length encoding (rdbSaveLen / rdbLoadLen) and the "special encodings"
 * that share its first byte: 00xxxxxx 6-bit, 01xxxxxx xxxxxxxx 14-bit,
 * 0x80 + 4 bytes big endian, 0x81 + 8 bytes big endian, 11xxxxxx encoded
 * value (int8/int16/int32/LZF string).
 */
import { ByteReader, ByteWriter, RdbError } from './bytes.js';

export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

/** Writes a length. Accepts numbers up to 2^53 or bigints up to 2^64-1. */
export function writeLen(w: ByteWriter, len: number | bigint): void {
  if (typeof len === 'bigint') {
    if (len < 0n) throw new RangeError('negative length');
    if (len <= 0xffffffffn) { writeLen(w, Number(len)); return; }
    w.byte(0x81); w.u64be(len); return;
  }
  if (len < 0) throw new RangeError('negative length');
  if (len < 64) w.byte(len);
  else if (len < 16384) { w.byte(0x40 | (len >> 8)); w.byte(len & 0xff); }
  else if (len <= 0xffffffff) { w.byte(0x80); w.u32be(len); }
  else { w.byte(0x81); w.u64be(BigInt(len)); }
}

export function lenSize(len: number): number {
  return len < 64 ? 1 : len < 16384 ? 2 : len <= 0xffffffff ? 5 : 9;
}

export interface LenOrEnc { encoded: boolean; value: number }

/** Reads a length or an encoding marker. 64-bit lengths above 2^53 throw (use readLenBig). */
export function readLenOrEnc(r: ByteReader): LenOrEnc {
  const b = r.u8();
  const t = b >> 6;
  if (t === 3) return { encoded: true, value: b & 0x3f };
  if (t === 0) return { encoded: false, value: b & 0x3f };
  if (t === 1) return { encoded: false, value: ((b & 0x3f) << 8) | r.u8() };
  if (b === 0x80) return { encoded: false, value: r.u32be() };
  if (b === 0x81) {
    const v = r.u64be();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError(`Length too large: ${v}`);
    return { encoded: false, value: Number(v) };
  }
  throw new RdbError(`Unknown length encoding ${t} in rdbLoadLen()`);
}

export function readLen(r: ByteReader): number {
  const l = readLenOrEnc(r);
  if (l.encoded) throw new RdbError('Unexpected encoded value where a length was expected');
  return l.value;
}

/** Reads a length as bigint (full uint64 range: stream IDs, counters). */
export function readLenBig(r: ByteReader): bigint {
  const b = r.u8();
  const t = b >> 6;
  if (t === 0) return BigInt(b & 0x3f);
  if (t === 1) return BigInt(((b & 0x3f) << 8) | r.u8());
  if (b === 0x80) return BigInt(r.u32be());
  if (b === 0x81) return r.u64be();
  throw new RdbError(`Unknown length encoding ${t} in rdbLoadLen()`);
}
