/**
 * Replication backlog (Redis repl_backlog): a circular buffer holding the
 * last `size` bytes of the replication stream, addressed by stream offset.
 * Offsets follow Redis: the first byte of the stream has offset 1;
 * `firstByteOffset` is the offset of the oldest byte still held.
 */
export class Backlog {
  private buf: Buffer;
  /** Write index into buf. */
  private idx = 0;
  /** Bytes currently held (≤ size). */
  histlen = 0;
  /** Stream offset of the oldest byte held (repl_backlog_off). */
  firstByteOffset: number;

  constructor(public size: number, masterOffset: number) {
    this.buf = Buffer.allocUnsafe(Math.max(16 * 1024, size));
    this.size = this.buf.length;
    this.firstByteOffset = masterOffset + 1;
  }

  /** Append bytes of the stream (the master offset advances by `b.length` outside). */
  append(b: Buffer): void {
    const size = this.size;
    let src = b;
    if (src.length > size) src = src.subarray(src.length - size);
    let off = 0;
    while (off < src.length) {
      const n = Math.min(size - this.idx, src.length - off);
      src.copy(this.buf, this.idx, off, off + n);
      this.idx = (this.idx + n) % size;
      off += n;
    }
    const newHist = this.histlen + b.length;
    if (newHist > size) { this.firstByteOffset += newHist - size; this.histlen = size; } else this.histlen = newHist;
  }

  /** The stream from `offset` (inclusive) to the end, or null if not held. */
  from(offset: number): Buffer | null {
    const end = this.firstByteOffset + this.histlen; // offset of the next byte to be written
    if (offset < this.firstByteOffset || offset > end) return null;
    const n = end - offset;
    const out = Buffer.allocUnsafe(n);
    let start = (this.idx - n + this.size * 2) % this.size;
    let o = 0;
    while (o < n) {
      const k = Math.min(this.size - start, n - o);
      this.buf.copy(out, o, start, start + k);
      o += k; start = (start + k) % this.size;
    }
    return out;
  }

  /** CONFIG SET repl-backlog-size: keep the newest bytes that still fit. */
  resize(size: number, masterOffset: number): void {
    size = Math.max(16 * 1024, size);
    if (size === this.size) return;
    const keep = this.from(this.firstByteOffset + Math.max(0, this.histlen - size)) ?? Buffer.alloc(0);
    this.buf = Buffer.allocUnsafe(size);
    this.size = size;
    this.idx = 0;
    this.histlen = 0;
    this.firstByteOffset = masterOffset - keep.length + 1;
    this.append(keep);
    this.firstByteOffset = masterOffset - keep.length + 1;
  }
}
