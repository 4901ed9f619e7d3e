/**
 * CRC-64/Jones as Redis uses it (crc64.c): reflected polynomial
 * 0x95ac9329ac4bc9b5 (normal form 0xad93d23594c935a9), init 0, no final xor.
 * crc64("123456789") = 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit state is kept as two uint32 halves (hi, lo) so that the hot loop
 * stays in small integers; tables are slicing-by-8.
 */
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

// T[k][n] for k = 0..7, stored as hi/lo Uint32Arrays of 8*256.
const THI = new Uint32Array(8 * 256);
const TLO = new Uint32Array(8 * 256);
(function init() {
  for (let n = 0; n < 256; n++) {
    let hi = 0, lo = n;
    for (let k = 0; k < 8; k++) {
      const bit = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (bit) { hi = (hi ^ POLY_HI) >>> 0; lo = (lo ^ POLY_LO) >>> 0; }
    }
    THI[n] = hi; TLO[n] = lo;
  }
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) {
      const phi = THI[(t - 1) * 256 + n], plo = TLO[(t - 1) * 256 + n];
      const idx = plo & 0xff;
      THI[t * 256 + n] = ((phi >>> 8) ^ THI[idx]) >>> 0;
      TLO[t * 256 + n] = (((plo >>> 8) | (phi << 24)) ^ TLO[idx]) >>> 0;
    }
  }
})();

/** Incremental CRC64 state. */
export class Crc64 {
  hi = 0;
  lo = 0;
  constructor(init: bigint = 0n) {
    this.hi = Number((init >> 32n) & 0xffffffffn);
    this.lo = Number(init & 0xffffffffn);
  }
  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let hi = this.hi, lo = this.lo;
    let i = start;
    // slicing-by-8
    while (end - i >= 8) {
      const l = (lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
      const h = (hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24))) >>> 0;
      const a = 7 * 256 + (l & 0xff), b = 6 * 256 + ((l >>> 8) & 0xff), c = 5 * 256 + ((l >>> 16) & 0xff), d = 4 * 256 + (l >>> 24);
      const e = 3 * 256 + (h & 0xff), f = 2 * 256 + ((h >>> 8) & 0xff), g = 256 + ((h >>> 16) & 0xff), k = h >>> 24;
      hi = THI[a] ^ THI[b] ^ THI[c] ^ THI[d] ^ THI[e] ^ THI[f] ^ THI[g] ^ THI[k];
      lo = TLO[a] ^ TLO[b] ^ TLO[c] ^ TLO[d] ^ TLO[e] ^ TLO[f] ^ TLO[g] ^ TLO[k];
      i += 8;
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ TLO[idx]) >>> 0;
      hi = ((hi >>> 8) ^ THI[idx]) >>> 0;
    }
    this.hi = hi >>> 0; this.lo = lo >>> 0;
    return this;
  }
  value(): bigint { return (BigInt(this.hi) << 32n) | BigInt(this.lo); }
  /** The 8 bytes Redis appends (little endian). */
  bytesLE(): Buffer {
    const b = Buffer.allocUnsafe(8);
    b.writeUInt32LE(this.lo, 0); b.writeUInt32LE(this.hi, 4);
    return b;
  }
  /** True if the 8 bytes at buf[off..off+8] (LE) equal this checksum. */
  equalsLE(buf: Uint8Array, off: number): boolean {
    const lo = (buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24)) >>> 0;
    const hi = (buf[off + 4] | (buf[off + 5] << 8) | (buf[off + 6] << 16) | (buf[off + 7] << 24)) >>> 0;
    return lo === this.lo && hi === this.hi;
  }
}

/** crc64 of buf (continuing from crc). */
export function crc64(buf: Uint8Array, crc: bigint = 0n): bigint {
  return new Crc64(crc).update(buf).value();
}
