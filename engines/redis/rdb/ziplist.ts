/**
 * ziplist (RDB types 10/12/13 and quicklist v1 nodes, Redis <= 6.2; read only):
 * [zlbytes u32 LE][zltail u32 LE][zllen u16 LE] entries [0xFF].
 * Entry: prevlen (1 byte < 254, else 0xFE + u32 LE), encoding, data.
 * Encodings: 00llllll / 01llllll llllllll / 10000000 + u32 BE string lengths;
 * 0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8, 0xF1..0xFD
 * immediate 0..12.
 */
import { RdbError } from './bytes.js';
import type { LpEntry } from './listpack.js';

function corrupt(): never { throw new RdbError('Ziplist integrity check failed.'); }

export function ziplistDecode(zl: Buffer): LpEntry[] {
  if (zl.length < 11) corrupt();
  const bytes = zl.readUInt32LE(0);
  if (bytes !== zl.length) corrupt();
  const tail = zl.readUInt32LE(4);
  const declared = zl.readUInt16LE(8);
  if (zl[bytes - 1] !== 0xff) corrupt();
  const end = bytes - 1;
  const out: LpEntry[] = [];
  let p = 10;
  let prevSize = 0;
  let lastStart = 10;
  while (p < end) {
    const start = p;
    let prevlen: number;
    if (zl[p] < 254) { prevlen = zl[p]; p += 1; }
    else if (zl[p] === 254) { if (p + 5 > end) corrupt(); prevlen = zl.readUInt32LE(p + 1); p += 5; }
    else corrupt();
    if (prevlen !== prevSize) corrupt();
    if (p >= end) corrupt();
    const b = zl[p];
    let val: LpEntry;
    const t = b >> 6;
    if (t === 0) { const l = b & 0x3f; p += 1; if (p + l > end) corrupt(); val = zl.subarray(p, p + l); p += l; }
    else if (t === 1) { if (p + 2 > end) corrupt(); const l = ((b & 0x3f) << 8) | zl[p + 1]; p += 2; if (p + l > end) corrupt(); val = zl.subarray(p, p + l); p += l; }
    else if (t === 2) {
      if (b !== 0x80 || p + 5 > end) corrupt();
      const l = zl.readUInt32BE(p + 1); p += 5; if (p + l > end) corrupt(); val = zl.subarray(p, p + l); p += l;
    } else {
      p += 1;
      if (b === 0xc0) { if (p + 2 > end) corrupt(); val = zl.readInt16LE(p); p += 2; }
      else if (b === 0xd0) { if (p + 4 > end) corrupt(); val = zl.readInt32LE(p); p += 4; }
      else if (b === 0xe0) {
        if (p + 8 > end) corrupt();
        const v = zl.readBigInt64LE(p); p += 8;
        val = v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
      } else if (b === 0xf0) { if (p + 3 > end) corrupt(); val = zl.readIntLE(p, 3); p += 3; }
      else if (b === 0xfe) { if (p + 1 > end) corrupt(); val = zl.readInt8(p); p += 1; }
      else if (b >= 0xf1 && b <= 0xfd) val = (b & 0x0f) - 1;
      else corrupt();
    }
    out.push(val);
    prevSize = p - start;
    lastStart = start;
  }
  if (p !== end) corrupt();
  if (out.length > 0 && tail !== lastStart) corrupt();
  if (out.length === 0 && tail !== 10) corrupt();
  if (declared !== 65535 && declared !== out.length) corrupt();
  return out;
}

/** Encodes a ziplist (only used by tests, to produce legacy RDB payloads). */
export function ziplistEncode(items: (Buffer | number)[]): Buffer {
  const parts: Buffer[] = [];
  let prev = 0;
  let offset = 10;
  let tail = 10;
  for (const it of items) {
    const pl = prev < 254 ? Buffer.from([prev]) : Buffer.concat([Buffer.from([254]), u32le(prev)]);
    let body: Buffer;
    if (typeof it === 'number') {
      if (it >= 0 && it <= 12) body = Buffer.from([0xf1 + it]);
      else if (it >= -128 && it <= 127) { body = Buffer.alloc(2); body[0] = 0xfe; body.writeInt8(it, 1); }
      else if (it >= -32768 && it <= 32767) { body = Buffer.alloc(3); body[0] = 0xc0; body.writeInt16LE(it, 1); }
      else if (it >= -8388608 && it <= 8388607) { body = Buffer.alloc(4); body[0] = 0xf0; body.writeIntLE(it, 1, 3); }
      else if (it >= -2147483648 && it <= 2147483647) { body = Buffer.alloc(5); body[0] = 0xd0; body.writeInt32LE(it, 1); }
      else { body = Buffer.alloc(9); body[0] = 0xe0; body.writeBigInt64LE(BigInt(it), 1); }
    } else if (it.length < 64) body = Buffer.concat([Buffer.from([it.length]), it]);
    else if (it.length < 16384) body = Buffer.concat([Buffer.from([0x40 | (it.length >> 8), it.length & 0xff]), it]);
    else { const h = Buffer.alloc(5); h[0] = 0x80; h.writeUInt32BE(it.length, 1); body = Buffer.concat([h, it]); }
    const entry = Buffer.concat([pl, body]);
    tail = offset;
    parts.push(entry);
    offset += entry.length;
    prev = entry.length;
  }
  const hdr = Buffer.alloc(10);
  const total = offset + 1;
  hdr.writeUInt32LE(total, 0);
  hdr.writeUInt32LE(tail, 4);
  hdr.writeUInt16LE(Math.min(items.length, 65535), 8);
  return Buffer.concat([hdr, ...parts, Buffer.from([0xff])]);
}

function u32le(v: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; }
