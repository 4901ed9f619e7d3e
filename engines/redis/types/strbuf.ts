/**
 * Mutable string values (Redis's sds with free space). A string value in the
 * keyspace is either an immutable latin1 JS string (the common case: SET/GET
 * need no conversion) or a StrBuf, created the first time a command modifies
 * the value in place (APPEND, SETRANGE, SETBIT, BITFIELD, PFADD…). A StrBuf
 * keeps Redis's sds allocation bookkeeping — header type, `alloc` (logical
 * capacity) and the jemalloc size of the allocation — so growth follows
 * sdsMakeRoomFor (double below 1 MB, +1 MB above) and MEMORY USAGE matches.
 *
 * Readers go through keyspace.ts strValue()/strBytes(); writers through
 * bytesValue(). The latin1 string form is materialised lazily and cached
 * until the next write.
 */

/** jemalloc usable size of an allocation of n bytes (size classes: 8, 16, 16-steps to 128, then 4 per doubling). */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  const k = 31 - Math.clz32(n - 1); // 2^k < n ≤ 2^(k+1)
  const step = 2 ** (k - 2);
  return Math.ceil(n / step) * step;
}

/** sdsHdrSize(sdsReqType(len)): type 5 (1 byte) below 32, then 8/16/32/64 (3/5/9/17 bytes). */
export function sdsHeader(len: number): number {
  return len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < 4294967296 ? 9 : 17;
}
/** sdsTypeMaxSize for a header size. */
function sdsTypeMax(hdr: number): number {
  return hdr === 3 ? 255 : hdr === 5 ? 65535 : hdr === 9 ? 4294967295 : Number.MAX_SAFE_INTEGER;
}
/** zmalloc size of an sds created by sdsnewlen with exactly len bytes. */
export function sdsSize(len: number): number {
  return jemallocSize((len === 0 ? 3 : sdsHeader(len)) + len + 1);
}

const SDS_MAX_PREALLOC = 1024 * 1024;

/** Node's undocumented fast latin1 codecs (resp.ts uses them too). */
type FastBuf = Buffer & { latin1Slice(start: number, end: number): string; latin1Write(s: string, offset: number, len: number): number };

export class StrBuf {
  /** Bytes [0, len) are the value; buf.length may be less than alloc (physical growth is lazy). */
  buf: Buffer;
  len: number;
  /** sds header bytes (1 = type 5, which records no free space). */
  hdr: number;
  /** sds alloc: bytes usable without reallocating. */
  alloc: number;
  /** zmalloc_size of the sds allocation (MEMORY USAGE). */
  zsize: number;
  /** Cached latin1 form of [0, len), null after a write. */
  private str: string | null;

  private constructor(buf: Buffer, len: number, hdr: number, alloc: number, zsize: number, str: string | null) {
    this.buf = buf; this.len = len; this.hdr = hdr; this.alloc = alloc; this.zsize = zsize; this.str = str;
  }

  /** sdsnewlen(len) holding `src` (a latin1 string or the first len bytes of a Buffer, which is adopted). */
  static from(src: string | Buffer, len = src.length): StrBuf {
    let hdr = sdsHeader(len);
    if (len === 0) hdr = 3; // empty sds are type 8 (type 5 can't grow)
    const zsize = jemallocSize(hdr + len + 1);
    const alloc = hdr === 1 ? len : Math.min(zsize - hdr - 1, sdsTypeMax(hdr));
    if (typeof src === 'string') return new StrBuf(Buffer.from(src, 'latin1'), len, hdr, alloc, zsize, src);
    return new StrBuf(src, len, hdr, alloc, zsize, null);
  }

  /** sdsnewlen(NULL, len): len zero bytes. */
  static zeros(len: number): StrBuf { return StrBuf.from(Buffer.alloc(len), len); }

  /** The value as a latin1 string (cached until the next write). */
  toString(): string {
    let s = this.str;
    if (s === null) s = this.str = (this.buf as FastBuf).latin1Slice(0, this.len);
    return s;
  }
  /** A view of the value's bytes (valid until the next write). */
  bytes(): Buffer { return this.len === this.buf.length ? this.buf : this.buf.subarray(0, this.len); }

  /** Call before writing into buf: drops the cached string. */
  touch(): void { this.str = null; }

  /** sdsMakeRoomFor (greedy): make room for addlen more bytes past len; buf.length ≥ len + addlen after. */
  makeRoomFor(addlen: number): void {
    const need = this.len + addlen;
    const avail = this.hdr === 1 ? 0 : this.alloc - this.len;
    if (avail < addlen) {
      let newlen = need;
      newlen = newlen < SDS_MAX_PREALLOC ? newlen * 2 : newlen + SDS_MAX_PREALLOC;
      let hdr = sdsHeader(newlen);
      if (hdr === 1) hdr = 3; // type 5 can't remember free space
      this.hdr = hdr;
      this.zsize = jemallocSize(hdr + newlen + 1);
      this.alloc = Math.min(this.zsize - hdr - 1, sdsTypeMax(hdr));
    }
    if (need > this.buf.length) {
      // Physical growth: geometric, capped by the logical alloc (large allocs are made only when touched).
      const nb = Buffer.alloc(Math.min(this.alloc, Math.max(need, this.buf.length * 2)));
      this.buf.copy(nb, 0, 0, this.len);
      this.buf = nb;
    }
  }

  /** sdsgrowzero: extend to newlen bytes, the new ones zero. */
  growZero(newlen: number): void {
    const cur = this.len;
    if (newlen <= cur) return;
    this.makeRoomFor(newlen - cur);
    this.buf.fill(0, cur, newlen);
    this.len = newlen;
    this.str = null;
  }

  /** Overwrite bytes [off, off + s.length) with latin1 s (the caller made room). */
  writeAt(off: number, s: string): void {
    (this.buf as FastBuf).latin1Write(s, off, s.length);
    this.str = null;
  }

  /** sdscatlen. */
  append(s: string): void {
    const n = s.length;
    this.makeRoomFor(n);
    (this.buf as FastBuf).latin1Write(s, this.len, n);
    this.len += n;
    this.str = null;
  }

  /** Replace the contents with the first len bytes of b as a fresh exact-size sds (sdsnewlen + sdsfree, e.g. HLL sparse→dense). */
  replace(b: Buffer, len = b.length): void {
    const n = StrBuf.from(b, len);
    this.buf = n.buf; this.len = n.len; this.hdr = n.hdr; this.alloc = n.alloc; this.zsize = n.zsize; this.str = null;
  }

  /** A copy as a fresh exact-size sds (dupStringObject). */
  clone(): StrBuf { return StrBuf.from(Buffer.from(this.bytes()), this.len); }
}
