/** Growable byte buffer for the encoders, and a bounds-checked reader. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;
  constructor(initial = 256) { this.buf = Buffer.allocUnsafe(initial); }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }
  byte(b: number): void { this.ensure(1); this.buf[this.pos++] = b & 0xff; }
  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
  u16le(v: number): void { this.ensure(2); this.buf.writeUInt16LE(v, this.pos); this.pos += 2; }
  u32le(v: number): void { this.ensure(4); this.buf.writeUInt32LE(v >>> 0, this.pos); this.pos += 4; }
  u32be(v: number): void { this.ensure(4); this.buf.writeUInt32BE(v >>> 0, this.pos); this.pos += 4; }
  i64le(v: bigint): void { this.ensure(8); this.buf.writeBigInt64LE(BigInt.asIntN(64, v), this.pos); this.pos += 8; }
  u64le(v: bigint): void { this.ensure(8); this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), this.pos); this.pos += 8; }
  u64be(v: bigint): void { this.ensure(8); this.buf.writeBigUInt64BE(BigInt.asUintN(64, v), this.pos); this.pos += 8; }
  f64le(v: number): void { this.ensure(8); this.buf.writeDoubleLE(v, this.pos); this.pos += 8; }
  /** A copy of the bytes written so far. */
  toBuffer(): Buffer { return Buffer.from(this.buf.subarray(0, this.pos)); }
  /** A view (no copy) of the bytes written so far. */
  view(): Buffer { return this.buf.subarray(0, this.pos); }
  reset(): void { this.pos = 0; }
}

/** Thrown by every decoder on malformed input. */
export class RdbError extends Error {
  constructor(message: string) { super(message); this.name = 'RdbError'; }
}

export class ByteReader {
  pos: number;
  constructor(public buf: Buffer, start = 0, public end = buf.length) { this.pos = start; }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new RdbError('Unexpected EOF reading RDB data');
  }
  get remaining(): number { return this.end - this.pos; }
  u8(): number { this.need(1); return this.buf[this.pos++]; }
  take(n: number): Buffer { this.need(n); const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  u32le(): number { this.need(4); const v = this.buf.readUInt32LE(this.pos); this.pos += 4; return v; }
  i32le(): number { this.need(4); const v = this.buf.readInt32LE(this.pos); this.pos += 4; return v; }
  u32be(): number { this.need(4); const v = this.buf.readUInt32BE(this.pos); this.pos += 4; return v; }
  i64le(): bigint { this.need(8); const v = this.buf.readBigInt64LE(this.pos); this.pos += 8; return v; }
  u64be(): bigint { this.need(8); const v = this.buf.readBigUInt64BE(this.pos); this.pos += 8; return v; }
  f64le(): number { this.need(8); const v = this.buf.readDoubleLE(this.pos); this.pos += 8; return v; }
  f32le(): number { this.need(4); const v = this.buf.readFloatLE(this.pos); this.pos += 4; return v; }
}
