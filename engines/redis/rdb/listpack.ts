/**
 * listpack (Redis 7): [total bytes u32 LE][count u16 LE (65535 = unknown)]
 * entries... [0xFF]. Each entry is <encoding+data><backlen>, backlen being the
 * size of encoding+data written in 1..5 bytes, 7 bits each, read right to left.
 *
 * Strings that are canonical int64 decimals are stored as integers (as
 * lpAppend does); integers use the smallest of 7-bit uint, 13/16/24/32/64-bit.
 */
import { ByteWriter, RdbError } from './bytes.js';
import { parseStrictInt } from './numfmt.js';

/** A decoded listpack element: the string, or the integer it was stored as. */
export type LpEntry = Buffer | number | bigint;

export class ListpackBuilder {
  private w: ByteWriter;
  private count = 0;
  constructor(sizeHint = 64) {
    this.w = new ByteWriter(Math.max(16, sizeHint));
    this.w.pos = 6;
  }
  get length(): number { return this.count; }
  /** Bytes the listpack has now (including the header and the EOF byte). */
  get bytes(): number { return this.w.pos + 1; }

  /** lpAppend: integers-in-disguise are stored as integers. */
  append(s: Uint8Array): this {
    const v = parseStrictInt(s);
    if (v !== null) return this.appendInt(v);
    return this.appendString(s);
  }

  appendString(s: Uint8Array): this {
    const w = this.w;
    const len = s.length;
    let hdr: number;
    if (len < 64) { w.byte(0x80 | len); hdr = 1; }
    else if (len < 4096) { w.byte(0xe0 | (len >> 8)); w.byte(len & 0xff); hdr = 2; }
    else { w.byte(0xf0); w.u32le(len); hdr = 5; }
    w.bytes(s);
    this.backlen(hdr + len);
    this.count++;
    return this;
  }

  appendInt(v: number | bigint): this {
    const w = this.w;
    let n: number;
    if (typeof v === 'bigint') {
      if (v >= -2147483648n && v <= 2147483647n) return this.appendInt(Number(v));
      w.byte(0xf4); w.i64le(v); n = 9;
    } else if (v >= 0 && v <= 127) { w.byte(v); n = 1; }
    else if (v >= -4096 && v <= 4095) {
      const u = v < 0 ? (1 << 13) + v : v;
      w.byte(0xc0 | (u >> 8)); w.byte(u & 0xff); n = 2;
    } else if (v >= -32768 && v <= 32767) {
      const u = v < 0 ? 65536 + v : v;
      w.byte(0xf1); w.byte(u & 0xff); w.byte(u >> 8); n = 3;
    } else if (v >= -8388608 && v <= 8388607) {
      const u = v < 0 ? 16777216 + v : v;
      w.byte(0xf2); w.byte(u & 0xff); w.byte((u >> 8) & 0xff); w.byte(u >>> 16); n = 4;
    } else if (v >= -2147483648 && v <= 2147483647) {
      w.byte(0xf3); w.ensure(4); w.buf.writeInt32LE(v, w.pos); w.pos += 4; n = 5;
    } else {
      if (!Number.isSafeInteger(v)) throw new RangeError('listpack: integer not exact');
      w.byte(0xf4); w.i64le(BigInt(v)); n = 9;
    }
    this.backlen(n);
    this.count++;
    return this;
  }

  private backlen(l: number): void {
    const w = this.w;
    if (l <= 127) w.byte(l);
    else if (l < 16383) { w.byte(l >> 7); w.byte((l & 127) | 128); }
    else if (l < 2097151) { w.byte(l >> 14); w.byte(((l >> 7) & 127) | 128); w.byte((l & 127) | 128); }
    else if (l < 268435455) {
      w.byte(l >> 21); w.byte(((l >> 14) & 127) | 128); w.byte(((l >> 7) & 127) | 128); w.byte((l & 127) | 128);
    } else {
      w.byte(Math.floor(l / 2 ** 28)); w.byte(((l >>> 21) & 127) | 128); w.byte(((l >> 14) & 127) | 128);
      w.byte(((l >> 7) & 127) | 128); w.byte((l & 127) | 128);
    }
  }

  finish(): Buffer {
    const w = this.w;
    w.byte(0xff);
    const out = w.toBuffer();
    out.writeUInt32LE(out.length, 0);
    out.writeUInt16LE(this.count < 65535 ? this.count : 65535, 4);
    w.pos -= 1;
    return out;
  }
}

/** Builds a listpack of the given elements (lpAppend semantics). */
export function lpEncode(items: Iterable<Uint8Array | number | bigint>): Buffer {
  const b = new ListpackBuilder();
  for (const it of items) {
    if (typeof it === 'number' || typeof it === 'bigint') b.appendInt(it);
    else b.append(it);
  }
  return b.finish();
}

function corrupt(): never { throw new RdbError('Listpack integrity check failed.'); }

/** Decodes and validates a listpack; integers come back as number (or bigint beyond 2^53). */
export function lpDecode(lp: Buffer): LpEntry[] {
  if (lp.length < 7) corrupt();
  const total = lp.readUInt32LE(0);
  if (total !== lp.length) corrupt();
  const declared = lp.readUInt16LE(4);
  if (lp[total - 1] !== 0xff) corrupt();
  const out: LpEntry[] = [];
  let p = 6;
  const end = total - 1;
  while (p < end) {
    const b = lp[p];
    let size: number; // encoding + data
    let val: LpEntry;
    if ((b & 0x80) === 0) { size = 1; val = b & 0x7f; }
    else if ((b & 0xc0) === 0x80) {
      const l = b & 0x3f; size = 1 + l;
      if (p + size > end) corrupt();
      val = lp.subarray(p + 1, p + 1 + l);
    } else if ((b & 0xe0) === 0xc0) {
      if (p + 2 > end) corrupt();
      let v = ((b & 0x1f) << 8) | lp[p + 1];
      if (v >= 1 << 12) v -= 1 << 13;
      size = 2; val = v;
    } else if ((b & 0xf0) === 0xe0) {
      if (p + 2 > end) corrupt();
      const l = ((b & 0x0f) << 8) | lp[p + 1]; size = 2 + l;
      if (p + size > end) corrupt();
      val = lp.subarray(p + 2, p + 2 + l);
    } else if (b === 0xf1) { if (p + 3 > end) corrupt(); size = 3; val = lp.readInt16LE(p + 1); }
    else if (b === 0xf2) { if (p + 4 > end) corrupt(); size = 4; val = lp.readIntLE(p + 1, 3); }
    else if (b === 0xf3) { if (p + 5 > end) corrupt(); size = 5; val = lp.readInt32LE(p + 1); }
    else if (b === 0xf4) {
      if (p + 9 > end) corrupt(); size = 9;
      const v = lp.readBigInt64LE(p + 1);
      val = v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    } else if (b === 0xf0) {
      if (p + 5 > end) corrupt();
      const l = lp.readUInt32LE(p + 1); size = 5 + l;
      if (p + size > end) corrupt();
      val = lp.subarray(p + 5, p + 5 + l);
    } else corrupt();
    // backlen
    const blen = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
    if (p + size + blen > end) corrupt();
    let dec = 0, shift = 0;
    for (let q = p + size + blen - 1; q >= p + size; q--) {
      dec += (lp[q] & 127) * 2 ** shift; shift += 7;
    }
    if (dec !== size) corrupt();
    out.push(val);
    p += size + blen;
  }
  if (p !== end) corrupt();
  if (declared !== 65535 && declared !== out.length) corrupt();
  return out;
}

/** An element as bytes (integers in decimal). */
export function lpEntryToBuffer(e: LpEntry): Buffer {
  return typeof e === 'number' || typeof e === 'bigint' ? Buffer.from(String(e), 'latin1') : Buffer.from(e);
}

/** An element as an integer (strings must be canonical integers). */
export function lpEntryToInt(e: LpEntry): number | bigint {
  if (typeof e === 'number' || typeof e === 'bigint') return e;
  const v = parseStrictInt(e);
  if (v === null) throw new RdbError('Listpack element is not an integer');
  return v;
}
