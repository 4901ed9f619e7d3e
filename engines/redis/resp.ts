/**
 * RESP protocol: incremental request parser (RESP2 multibulk + inline, with
 * Redis's exact protocol errors) and a per-client reply writer (RESP2/RESP3)
 * that appends into a reusable buffer; the server flushes one socket write per
 * processed input chunk.
 *
 * Strings are "latin1 strings": every JS char holds one byte (0..255), so
 * they are binary-safe and V8 stores them one byte per char.
 */

export const PROTO_INLINE_MAX_SIZE = 1024 * 64;
/** Bulks at least this big are accumulated as a chunk list and joined once. */
const PROTO_MBULK_BIG_ARG = 1024 * 32;

export const PROTO_ERR_MBULK_LEN = 'Protocol error: invalid multibulk length';
export const PROTO_ERR_BULK_LEN = 'Protocol error: invalid bulk length';
export const PROTO_ERR_UNBALANCED = 'Protocol error: unbalanced quotes in request';
export const PROTO_ERR_BIG_INLINE = 'Protocol error: too big inline request';
export const PROTO_ERR_BIG_MBULK = 'Protocol error: too big mbulk count string';
export const PROTO_ERR_BIG_BULK = 'Protocol error: too big bulk count string';
export const PROTO_ERR_UNAUTH_MBULK = 'Protocol error: unauthenticated multibulk length';
export const PROTO_ERR_UNAUTH_BULK = 'Protocol error: unauthenticated bulk length';
export const protoErrExpectedDollar = (c: string) => `Protocol error: expected '$', got '${c}'`;

/** Node's internal fast latin1 accessors (present on every Buffer, untyped). */
type FastBuf = Buffer & { latin1Slice(start: number, end: number): string; latin1Write(s: string, offset: number): number };
const fb = (b: Buffer) => b as FastBuf;

const CR = 13;
const EMPTY = Buffer.alloc(0);

/** Tiny strings are cheaper to build in JS than through the native slice binding. */
function shortLatin1(b: Buffer, start: number, n: number): string {
  // One fromCharCode call builds a flat string directly (no per-char concatenation).
  switch (n) {
    case 0: return '';
    case 1: return String.fromCharCode(b[start]);
    case 2: return String.fromCharCode(b[start], b[start + 1]);
    case 3: return String.fromCharCode(b[start], b[start + 1], b[start + 2]);
    case 4: return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3]);
    case 5: return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3], b[start + 4]);
    case 6: return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3], b[start + 4], b[start + 5]);
  }
  let r = '';
  for (let i = start; i < start + n; i++) r += String.fromCharCode(b[i]);
  return r;
}
const LF = 10;

/** Redis string2ll on a byte range: strict (no '+', no leading zeros, no spaces). */
function parseLL(b: Buffer, start: number, end: number): number | null {
  const len = end - start;
  if (len <= 0 || len > 20) return null;
  let i = start;
  let neg = false;
  if (len === 1 && b[i] === 48) return 0;
  if (b[i] === 45) { neg = true; i++; if (i === end) return null; }
  if (b[i] < 49 || b[i] > 57) return null;
  let v = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (v > Number.MAX_SAFE_INTEGER) return neg ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  return neg ? -v : v;
}

/** sdssplitargs: split an inline line the way redis-cli / inline protocol does. Null on unbalanced quotes. */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
  const isHex = (c: string) => /[0-9a-fA-F]/.test(c);
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let inq = false, insq = false, done = false;
    let cur = '';
    while (!done) {
      const c = line[i];
      if (inq) {
        if (i >= n) return null;
        if (c === '\\' && line[i + 1] === 'x' && i + 3 < n + 0 && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16)); i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else if (insq) {
        if (i >= n) return null;
        if (c === '\\' && line[i + 1] === "'") { i++; cur += "'"; }
        else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else {
        if (i >= n) { done = true; break; }
        if (isSpace(c)) done = true;
        else if (c === '"') inq = true;
        else if (c === "'") insq = true;
        else cur += c;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

export class RespParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private multibulklen = 0;
  private bulklen = -1;
  private argv: string[] = [];
  private bigChunks: Buffer[] | null = null;
  private bigLen = 0;
  /** Set when a protocol error occurred; the connection must reply it and close. */
  error: string | null = null;
  /** proto-max-bulk-len (shared config read on each bulk header). */
  maxBulkLen = 512 * 1024 * 1024;
  /** When false, Redis rejects large multibulk/bulk headers of unauthenticated clients. */
  authenticated = true;
  /** The last next() went through the fast path (small arguments, parsed in one pass). */
  small = false;
  /** Bytes currently buffered and not yet consumed (for CLIENT LIST qbuf). */
  get pending(): number { return this.buf.length - this.pos + this.bigLen; }

  push(chunk: Buffer): void {
    if (this.bigChunks) {
      this.bigChunks.push(chunk);
      this.bigLen += chunk.length;
      if (this.bigLen >= this.bulklen + 2) {
        this.buf = Buffer.concat(this.bigChunks, this.bigLen);
        this.pos = 0;
        this.bigChunks = null;
        this.bigLen = 0;
      }
      return;
    }
    if (this.pos >= this.buf.length) { this.buf = chunk; this.pos = 0; }
    else { this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]); this.pos = 0; }
  }

  /**
   * Like push(), for a chunk of a read buffer that is reused after the
   * caller's processing: call release() before returning to the event loop.
   */
  pushBorrowed(chunk: Buffer): void {
    this.push(this.bigChunks !== null ? Buffer.from(chunk) : chunk);
  }

  /** Copy whatever of a borrowed chunk is still needed (incomplete command, blocked/paused client). */
  release(borrowed: Buffer): void {
    const ab = borrowed.buffer;
    const big = this.bigChunks;
    if (big !== null) {
      if (big[0].buffer === ab) big[0] = Buffer.from(big[0]);
      return;
    }
    if (this.buf.buffer === ab) {
      this.buf = this.pos < this.buf.length ? Buffer.from(this.buf.subarray(this.pos)) : EMPTY;
      this.pos = 0;
    }
  }

  /** Next complete command, or null if more input is needed (or `error` got set). */
  next(): string[] | null {
    const b = this.buf;
    if (this.multibulklen === 0 && this.bigChunks === null && this.pos < b.length && b[this.pos] === 42) {
      const argv = this.whole(b);
      if (argv !== null) { this.small = true; return argv; }
    }
    this.small = false;
    for (;;) {
      if (this.bigChunks) return null;
      if (this.pos >= b.length) return null;
      if (this.multibulklen === 0) {
        if (b[this.pos] !== 42 /* '*' */) {
          const r = this.inline();
          if (r === undefined) continue; // empty line skipped
          return r;
        }
        const cr = b.indexOf(CR, this.pos);
        if (cr < 0) {
          if (b.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = PROTO_ERR_BIG_MBULK;
          return null;
        }
        if (cr + 1 >= b.length) return null;
        const ll = parseLL(b, this.pos + 1, cr);
        if (ll === null || ll > 2147483647) { this.error = PROTO_ERR_MBULK_LEN; return null; }
        if (!this.authenticated && ll > 10) { this.error = PROTO_ERR_UNAUTH_MBULK; return null; }
        this.pos = cr + 2;
        if (ll <= 0) continue;
        this.multibulklen = ll;
        this.argv = [];
      }
      while (this.multibulklen > 0) {
        if (this.bulklen === -1) {
          if (this.pos >= b.length) return null;
          // Fast path for a well-formed "$<digits>\r\n" header (no native indexOf call).
          if (b[this.pos] === 36) {
            const blen = b.length;
            let i = this.pos + 1, n = 0;
            while (i < blen && i - this.pos <= 16) {
              const ch = b[i];
              if (ch < 48 || ch > 57) break;
              n = n * 10 + (ch - 48);
              i++;
            }
            const digits = i - this.pos - 1;
            if (i + 1 < blen && b[i] === CR && digits > 0 && digits <= 16 && (digits === 1 || b[this.pos + 1] !== 48) &&
                n <= this.maxBulkLen && (this.authenticated || n <= 16384) && n < PROTO_MBULK_BIG_ARG) {
              this.pos = i + 2;
              if (blen - this.pos < n + 2) { this.bulklen = n; return null; }
              this.argv.push(n <= 6 ? shortLatin1(b, this.pos, n) : fb(b).latin1Slice(this.pos, this.pos + n));
              this.pos += n + 2;
              this.multibulklen--;
              continue;
            }
          }
          const cr = b.indexOf(CR, this.pos);
          if (cr < 0) {
            if (b.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = PROTO_ERR_BIG_BULK;
            return null;
          }
          if (cr + 1 >= b.length) return null;
          if (b[this.pos] !== 36 /* '$' */) {
            this.error = protoErrExpectedDollar(String.fromCharCode(b[this.pos]));
            return null;
          }
          const ll = parseLL(b, this.pos + 1, cr);
          if (ll === null || ll < 0 || ll > this.maxBulkLen) { this.error = PROTO_ERR_BULK_LEN; return null; }
          if (!this.authenticated && ll > 16384) { this.error = PROTO_ERR_UNAUTH_BULK; return null; }
          this.pos = cr + 2;
          this.bulklen = ll;
          if (ll >= PROTO_MBULK_BIG_ARG && b.length - this.pos < ll + 2) {
            // Large argument: collect chunks and join once (no quadratic re-concat).
            this.bigChunks = [b.subarray(this.pos)];
            this.bigLen = b.length - this.pos;
            this.buf = Buffer.alloc(0);
            this.pos = 0;
            return null;
          }
        }
        if (this.buf.length - this.pos < this.bulklen + 2) return null;
        const bb = this.buf;
        this.argv.push(this.bulklen <= 6 ? shortLatin1(bb, this.pos, this.bulklen) : fb(bb).latin1Slice(this.pos, this.pos + this.bulklen));
        this.pos += this.bulklen + 2;
        this.bulklen = -1;
        this.multibulklen--;
      }
      const argv = this.argv;
      this.argv = [];
      return argv;
    }
  }

  /**
   * Fast path: a whole, well-formed multibulk command with small arguments
   * already in the buffer (the common case) is parsed in one pass with no
   * per-argument state. Anything else (incomplete, big, odd or erroneous)
   * returns null without consuming input and goes through the general parser.
   */
  private whole(b: Buffer): string[] | null {
    const len = b.length;
    let i = this.pos + 1;
    if (i >= len) return null;
    let c = b[i++];
    if (c < 49 || c > 57) return null; // no leading zero, sign or empty count
    let ll = c - 48;
    while (i < len) {
      c = b[i];
      if (c < 48 || c > 57) break;
      ll = ll * 10 + (c - 48);
      if (ll > 4096) return null;
      i++;
    }
    if (i + 1 >= len || c !== CR || (!this.authenticated && ll > 10)) return null;
    i += 2;
    const maxBulk = this.authenticated ? Math.min(this.maxBulkLen, PROTO_MBULK_BIG_ARG - 1) : Math.min(this.maxBulkLen, 16384);
    const argv = new Array<string>(ll);
    for (let k = 0; k < ll; k++) {
      if (i + 3 >= len || b[i] !== 36) return null;
      c = b[i + 1];
      if (c < 48 || c > 57) return null;
      let n = c - 48;
      i += 2;
      while (i < len) {
        c = b[i];
        if (c < 48 || c > 57) break;
        if (n === 0) return null; // leading zero: the general parser replies the error
        n = n * 10 + (c - 48);
        if (n > maxBulk) return null;
        i++;
      }
      if (c !== CR || n > maxBulk) return null;
      i += 2;
      if (len - i < n + 2) return null;
      // The command name is usually one of a few: reuse the string (no allocation, hash already computed).
      argv[k] = k === 0 ? this.name(b, i, n) : n <= 6 ? shortLatin1(b, i, n) : fb(b).latin1Slice(i, i + n);
      i += n + 2;
    }
    this.pos = i;
    return argv;
  }

  /** Recently seen command names, direct-mapped by length and first/last byte. */
  private readonly names: string[] = new Array<string>(64).fill('');
  private name(b: Buffer, start: number, n: number): string {
    if (n === 0 || n > 24) return n <= 6 ? shortLatin1(b, start, n) : fb(b).latin1Slice(start, start + n);
    const slot = (n * 7 + b[start] * 3 + b[start + n - 1]) & 63;
    const cached = this.names[slot];
    if (cached.length === n) {
      let k = 0;
      while (k < n && cached.charCodeAt(k) === b[start + k]) k++;
      if (k === n) return cached;
    }
    const s = n <= 6 ? shortLatin1(b, start, n) : fb(b).latin1Slice(start, start + n);
    this.names[slot] = s;
    return s;
  }

  /** Returns argv, undefined for an empty line (skip), null if incomplete/error. */
  private inline(): string[] | null | undefined {
    const b = this.buf;
    const nl = b.indexOf(LF, this.pos);
    if (nl < 0) {
      if (b.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = PROTO_ERR_BIG_INLINE;
      return null;
    }
    let end = nl;
    if (end > this.pos && b[end - 1] === CR) end--;
    const line = fb(b).latin1Slice(this.pos, end);
    this.pos = nl + 1;
    const args = splitArgs(line);
    if (args === null) { this.error = PROTO_ERR_UNBALANCED; return null; }
    if (args.length === 0) return undefined;
    return args;
  }
}

// ---------------------------------------------------------------------------
// Reply writer

const OUT_CHUNK = 64 * 1024;

/** Preformatted shared replies (like Redis's shared.ok etc.). */
export const SHARED = {
  ok: Buffer.from('+OK\r\n'),
  queued: Buffer.from('+QUEUED\r\n'),
  pong: Buffer.from('+PONG\r\n'),
  czero: Buffer.from(':0\r\n'),
  cone: Buffer.from(':1\r\n'),
  nullbulk2: Buffer.from('$-1\r\n'),
  nullarray2: Buffer.from('*-1\r\n'),
  null3: Buffer.from('_\r\n'),
  emptyarray: Buffer.from('*0\r\n'),
  emptybulk: Buffer.from('$0\r\n\r\n'),
};

/**
 * Per-client reply writer. Replies are appended to a private buffer; `take()`
 * returns the bytes written since the last take (zero-copy slice of the
 * buffer, which is never overwritten afterwards) for one socket.write().
 */
export class ReplyWriter {
  /** 2 or 3 (HELLO). */
  proto: 2 | 3 = 2;
  private out: Buffer = Buffer.allocUnsafe(OUT_CHUNK);
  private start = 0;
  private len = 0;
  /** When > 0, replies are discarded (CLIENT REPLY OFF/SKIP). */
  mute = false;
  /** Bytes written in total (stats). */
  totalBytes = 0;
  /** Number of error replies written, and the last one (errorstats). */
  errors = 0;
  lastError = '';

  private ensure(n: number): void {
    if (this.len + n <= this.out.length) return;
    const pending = this.len - this.start;
    const size = Math.max(OUT_CHUNK, (pending + n) * 2);
    const nb = Buffer.allocUnsafe(size);
    this.out.copy(nb, 0, this.start, this.len);
    this.out = nb;
    this.start = 0;
    this.len = pending;
  }

  get pendingBytes(): number { return this.len - this.start; }

  /** Bytes since last take, or null. Ownership passes to the caller (socket). */
  take(): Buffer | null {
    if (this.len === this.start) return null;
    const b = this.out.subarray(this.start, this.len);
    this.totalBytes += b.length;
    if (this.out.length - this.len < 4096) { this.out = Buffer.allocUnsafe(OUT_CHUNK); this.start = this.len = 0; }
    else this.start = this.len;
    return b;
  }

  /**
   * take() without the Buffer view: `buf[start..end)` are the pending bytes
   * (valid until the next write); call taken() once they are handed out.
   */
  get buf(): Buffer { return this.out; }
  get pendingStart(): number { return this.start; }
  get pendingEnd(): number { return this.len; }
  taken(): void {
    this.totalBytes += this.len - this.start;
    if (this.out.length - this.len < 4096) { this.out = Buffer.allocUnsafe(OUT_CHUNK); this.start = this.len = 0; }
    else this.start = this.len;
  }

  /** Drop what was written since the last take (used by CLIENT REPLY OFF). */
  discard(): void { this.len = this.start; }
  /** Current write offset, to support rollback/inspection. */
  mark(): number { return this.len; }
  rollback(mark: number): void { this.len = mark; }
  /** Copy of bytes written since mark (for MONITOR / tests). */
  since(mark: number): Buffer { return Buffer.from(this.out.subarray(mark, this.len)); }

  raw(b: Buffer): void {
    if (this.mute) return;
    const n = b.length;
    this.ensure(n);
    // shared replies (:1, +OK, $-1 …) are a few bytes: a loop beats Buffer.copy's native call
    if (n < 16) { const o = this.out; let l = this.len; for (let i = 0; i < n; i++) o[l++] = b[i]; this.len = l; return; }
    b.copy(this.out, this.len);
    this.len += n;
  }
  rawStr(s: string): void {
    if (this.mute) return;
    this.ensure(s.length);
    this.len += fb(this.out).latin1Write(s, this.len);
  }

  private num(n: number): void {
    // write a safe integer in decimal without allocating
    const o = this.out;
    if (n < 0) { o[this.len++] = 45; n = -n; }
    if (n < 10) { o[this.len++] = 48 + n; return; }
    if (n >= 1e15) { this.len += fb(o).latin1Write(String(n), this.len); return; }
    if (n < 0x40000000) {
      // Small integers (lengths, counters): int32 arithmetic, no float division.
      let digits = 1;
      for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
      let p = this.len + digits - 1;
      let v = n | 0;
      while (v >= 10) { const q = (v / 10) | 0; o[p--] = 48 + (v - q * 10); v = q; }
      o[p] = 48 + v;
      this.len += digits;
      return;
    }
    let digits = 1, t = n;
    while (t >= 10) { t = Math.floor(t / 10); digits++; }
    let p = this.len + digits - 1;
    while (n >= 10) { const q = Math.floor(n / 10); o[p--] = 48 + (n - q * 10); n = q; }
    o[p] = 48 + n;
    this.len += digits;
  }

  private header(prefix: number, n: number): void {
    this.ensure(24);
    this.out[this.len++] = prefix;
    this.num(n);
    this.out[this.len++] = CR;
    this.out[this.len++] = LF;
  }

  ok(): void { this.raw(SHARED.ok); }
  simple(s: string): void {
    if (this.mute) return;
    this.ensure(s.length + 3);
    this.out[this.len++] = 43;
    this.len += fb(this.out).latin1Write(s, this.len);
    this.out[this.len++] = CR; this.out[this.len++] = LF;
  }
  /** Error reply: `msg` must include the code, e.g. "ERR syntax error". */
  error(msg: string): void {
    this.errors++;
    this.lastError = msg;
    if (this.mute) return;
    this.ensure(msg.length + 3);
    this.out[this.len++] = 45;
    this.len += fb(this.out).latin1Write(msg, this.len);
    this.out[this.len++] = CR; this.out[this.len++] = LF;
  }
  int(n: number): void {
    if (this.mute) return;
    if (n === 0) return this.raw(SHARED.czero);
    if (n === 1) return this.raw(SHARED.cone);
    this.header(58, n);
  }
  /** Integer reply of a 64-bit value held in a bigint. */
  bigint(n: bigint): void { if (this.mute) return; this.rawStr(':' + n.toString() + '\r\n'); }
  /** Bulk string from a latin1 string. */
  bulk(s: string): void {
    if (this.mute) return;
    const n = s.length;
    this.ensure(n + 24);
    this.header(36, n);
    if (n < 64) { const o = this.out; let l = this.len; for (let i = 0; i < n; i++) o[l++] = s.charCodeAt(i); this.len = l; }
    else this.len += fb(this.out).latin1Write(s, this.len);
    this.out[this.len++] = CR; this.out[this.len++] = LF;
  }
  bulkBuf(b: Buffer): void {
    if (this.mute) return;
    this.ensure(b.length + 24);
    this.header(36, b.length);
    b.copy(this.out, this.len); this.len += b.length;
    this.out[this.len++] = CR; this.out[this.len++] = LF;
  }
  /** Bulk string of the bytes b[start, end) (no Buffer view made: script replies from wasm memory). */
  bulkBytes(b: Buffer, start: number, end: number): void {
    if (this.mute) return;
    const n = end - start;
    this.ensure(n + 24);
    this.header(36, n);
    if (n < 64) { const o = this.out; let l = this.len; for (let i = start; i < end; i++) o[l++] = b[i]; this.len = l; }
    else this.len += b.copy(this.out, this.len, start, end);
    this.out[this.len++] = CR; this.out[this.len++] = LF;
  }
  /** Bulk string or null. */
  bulkOrNull(s: string | null | undefined): void { if (s == null) this.nullBulk(); else this.bulk(s); }
  /** Bulk of an integer value (e.g. a counter rendered as string). */
  bulkInt(n: number): void { this.bulk(String(n)); }
  /**
   * Bulk `<a>-<b>` of two non-negative safe integers (a stream ID) without
   * building the string: a template string of a 13-digit ms is a cons string
   * that bulk() would flatten. Halves split at 1e8 keep to int32 math; the
   * payload is at most 33 bytes, so its length has one or two digits.
   */
  bulkId(a: number, b: number): void {
    if (this.mute) return;
    const ah = a >= 1e8 ? Math.floor(a / 1e8) : 0, al = (a - ah * 1e8) | 0;
    const bh = b >= 1e8 ? Math.floor(b / 1e8) : 0, bl = (b - bh * 1e8) | 0;
    const na = ah ? dec8Len(ah) + 8 : dec8Len(al), nb = bh ? dec8Len(bh) + 8 : dec8Len(bl);
    const n = na + 1 + nb;
    this.ensure(48);
    const o = this.out;
    let p = this.len;
    o[p++] = 36;
    if (n >= 10) { const t = (n / 10) | 0; o[p++] = 48 + t; o[p++] = 48 + n - t * 10; } else o[p++] = 48 + n;
    o[p++] = CR; o[p++] = LF;
    if (ah) { putDec(o, p + na - 8, ah); putDec8(o, p + na, al); } else putDec(o, p + na, al);
    p += na;
    o[p++] = 45;
    if (bh) { putDec(o, p + nb - 8, bh); putDec8(o, p + nb, bl); } else putDec(o, p + nb, bl);
    p += nb;
    o[p++] = CR; o[p++] = LF;
    this.len = p;
  }
  nullBulk(): void { this.raw(this.proto === 3 ? SHARED.null3 : SHARED.nullbulk2); }
  nullArray(): void { this.raw(this.proto === 3 ? SHARED.null3 : SHARED.nullarray2); }
  arrayLen(n: number): void { if (this.mute) return; this.header(42, n); }
  /** Map header: RESP3 `%n`, RESP2 flat array of 2n. */
  mapLen(n: number): void { if (this.mute) return; if (this.proto === 3) this.header(37, n); else this.header(42, n * 2); }
  /** Set header: RESP3 `~n`, RESP2 array. */
  setLen(n: number): void { if (this.mute) return; this.header(this.proto === 3 ? 126 : 42, n); }
  /** Attribute-less push header: RESP3 `>n`, RESP2 array. */
  pushLen(n: number): void { if (this.mute) return; this.header(this.proto === 3 ? 62 : 42, n); }
  /** Double: RESP3 `,d`, RESP2 bulk string (Redis 7.0 "%.17g"). */
  double(d: number): void {
    const s = formatDouble17g(d);
    if (this.proto === 3) this.rawStr(',' + s + '\r\n');
    else this.bulk(s);
  }
  /** Boolean: RESP3 `#t/#f`, RESP2 integer 1/0. */
  bool(b: boolean): void { if (this.proto === 3) this.rawStr(b ? '#t\r\n' : '#f\r\n'); else this.int(b ? 1 : 0); }
  /** Big number: RESP3 `(n`, RESP2 bulk string. */
  bigNumber(s: string): void { if (this.proto === 3) this.rawStr('(' + s + '\r\n'); else this.bulk(s); }
  /** Verbatim string: RESP3 `=len\r\ntxt:...`, RESP2 bulk string. */
  verbatim(s: string, fmt = 'txt'): void {
    if (this.proto === 3) { this.rawStr('=' + (s.length + 4) + '\r\n' + fmt + ':'); this.rawStr(s); this.rawStr('\r\n'); }
    else this.bulk(s);
  }
  /** Array of bulk strings. */
  bulkArray(items: readonly string[]): void { this.arrayLen(items.length); for (const s of items) this.bulk(s); }
}

/** Decimal digits of a non-negative integer below 1e8. */
function dec8Len(n: number): number {
  return n < 10000 ? (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4) : (n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : 8);
}
/** Digits of n (an int32) ending just before `end`. */
function putDec(o: Buffer, end: number, n: number): void {
  let p = end - 1;
  while (n >= 10) { const q = (n / 10) | 0; o[p--] = 48 + (n - q * 10); n = q; }
  o[p] = 48 + n;
}
/** Exactly 8 digits of n < 1e8 (zero-padded) ending just before `end`. */
function putDec8(o: Buffer, end: number, n: number): void {
  for (let p = end - 1; p >= end - 8; p--) { const q = (n / 10) | 0; o[p] = 48 + (n - q * 10); n = q; }
}

/** C printf("%.17g") for a double. */
export function formatDouble17g(d: number): string {
  if (Number.isSafeInteger(d) && d !== 0) return String(d); // exact: %.17g prints integers below 2^53 digit for digit
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const e = d.toExponential(16); // 17 significant digits
  const [mant, expS] = e.split('e');
  const exp = Number(expS);
  if (exp < -4 || exp >= 17) {
    let m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const ax = Math.abs(exp);
    return m + 'e' + (exp < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
  }
  let f = d.toFixed(Math.max(0, 16 - exp));
  if (f.includes('.')) f = f.replace(/0+$/, '').replace(/\.$/, '');
  return f;
}
