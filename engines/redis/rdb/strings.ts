/**
 * RDB string objects (rdbSaveRawString / rdbGenericLoadStringObject):
 * int8/16/32-encoded when the bytes are a canonical integer in int32 range
 * (and at most 11 bytes), LZF-compressed when rdbcompression is on, the
 * string is longer than 20 bytes and compresses by at least 4 bytes,
 * otherwise length-prefixed raw bytes.
 */
import { ByteReader, ByteWriter, RdbError } from './bytes.js';
import { lzfCompress, lzfDecompress } from './lzf.js';
import { RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF, readLenOrEnc, readLen, writeLen } from './length.js';
import { parseStrictInt } from './numfmt.js';

export function writeInt32Encoded(w: ByteWriter, v: number): boolean {
  if (v >= -128 && v <= 127) { w.byte(0xc0 | RDB_ENC_INT8); w.byte(v & 0xff); return true; }
  if (v >= -32768 && v <= 32767) { w.byte(0xc0 | RDB_ENC_INT16); w.byte(v & 0xff); w.byte((v >> 8) & 0xff); return true; }
  if (v >= -2147483648 && v <= 2147483647) {
    w.byte(0xc0 | RDB_ENC_INT32); w.ensure(4); w.buf.writeInt32LE(v, w.pos); w.pos += 4; return true;
  }
  return false;
}

export function writeLzfBlob(w: ByteWriter, compressed: Uint8Array, originalLen: number): void {
  w.byte(0xc0 | RDB_ENC_LZF);
  writeLen(w, compressed.length);
  writeLen(w, originalLen);
  w.bytes(compressed);
}

export function writeString(w: ByteWriter, s: Uint8Array, compression = true): void {
  const len = s.length;
  if (len <= 11) {
    const v = parseStrictInt(s);
    if (typeof v === 'number' && writeInt32Encoded(w, v)) return;
  }
  if (compression && len > 20) {
    const c = lzfCompress(s, len - 4);
    if (c) { writeLzfBlob(w, c, len); return; }
  }
  writeLen(w, len);
  if (len) w.bytes(s);
}

/** Reads a string object; integer encodings come back as their decimal text. */
export function readString(r: ByteReader): Buffer {
  const l = readLenOrEnc(r);
  if (!l.encoded) return r.take(l.value);
  switch (l.value) {
    case RDB_ENC_INT8: return Buffer.from(String((r.u8() << 24) >> 24), 'latin1');
    case RDB_ENC_INT16: { const b = r.take(2); return Buffer.from(String(b.readInt16LE(0)), 'latin1'); }
    case RDB_ENC_INT32: return Buffer.from(String(r.i32le()), 'latin1');
    case RDB_ENC_LZF: {
      const clen = readLen(r);
      const len = readLen(r);
      const c = r.take(clen);
      try { return lzfDecompress(c, len); } catch { throw new RdbError('Invalid LZF compressed string'); }
    }
    default: throw new RdbError(`Unknown RDB string encoding type ${l.value}`);
  }
}
