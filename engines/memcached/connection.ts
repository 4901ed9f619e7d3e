// One client connection: input framing (lines, value bodies, binary packets),
// protocol negotiation on the first byte, and output batching (all replies
// to one read are sent with a single socket write).
//
// Reads land in one buffer shared by every connection (netio.ts): a read is
// processed in place, and only the bytes still needed afterwards (a partial
// line, value or packet) are copied out. Large bodies arrive in many reads;
// they are collected as a list of chunks and joined once when complete, so a
// 1 MiB value costs one copy, not one per read.

import type net from 'node:net';
import type { BodyHandler, NodeContext, ReplySink } from './context.js';
import { MAX_LINE_WITHOUT_NEWLINE, processTextLine } from './text.js';
import {
  HEADER_BYTES, REQUEST_MAGIC, processBinaryRequest, readRequest, refuseOversizedRequest,
} from './binary.js';
import { refreshClockAt } from './store.js';
import { readInto, writeBuffer, writeLatin1 } from './netio.js';

const enum Protocol { Unknown, Text, Binary }
const NEWLINE = 0x0a;
/** Binary bodies beyond this are refused from their header instead of buffered. */
const BINARY_BODY_SLACK = 64 * 1024;
/** Replies are written mid-batch once this much is pending. */
const OUTPUT_HIGH_WATER = 1024 * 1024;

/** Every connection's reads land here; processing is synchronous, so one is enough. */
const READ_BUFFER = Buffer.allocUnsafeSlow(64 * 1024);
/** Views of READ_BUFFER by length (a view is immutable), so a read allocates no Buffer. */
const READ_VIEWS: Array<Buffer | undefined> = [];
const READ_VIEWS_MAX = 4096;

function readView(n: number): Buffer {
  if (n >= READ_VIEWS_MAX) return READ_BUFFER.subarray(0, n);
  return READ_VIEWS[n] ??= READ_BUFFER.subarray(0, n);
}

/** An owned copy of borrowed bytes. */
function copyOf(b: Buffer): Buffer {
  const c = Buffer.allocUnsafe(b.length);
  b.copy(c, 0);
  return c;
}

export class Connection implements ReplySink {
  noreply = false;
  authenticated = false;
  lastCommandAt = Date.now();
  bytesRead = 0;
  bytesWritten = 0;

  private protocol = Protocol.Unknown;
  private leftover: Buffer | null = null;
  /** Chunks collected while waiting for `waitFor` bytes (0 = waiting for a newline). */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private waitFor = 0;
  private bodyBytes = 0;
  private onBody: BodyHandler<unknown> | null = null;
  private bodyState: unknown = null;
  private swallowBytes = 0;
  private outText = '';
  private outBinary: Buffer[] = [];
  private outBytes = 0;
  /** The pending unterminated line was checked and may exceed 2048 bytes (a multiget). */
  private longLineAllowed = false;
  /** Reading stopped until the client drains our replies. */
  private blocked = false;
  private closing = false;
  private closed = false;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
    readonly node: NodeContext,
    private readonly onClose: (c: Connection) => void,
  ) {
    socket.setNoDelay(true);
    if (!readInto(socket, READ_BUFFER, (n) => this.onData(readView(n), true))) {
      socket.on('data', (chunk: Buffer) => this.onData(chunk, false));
      socket.resume(); // a socket handed over paused must flow too
    }
    socket.on('drain', () => this.onDrain());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.chunks = [];
      this.leftover = null;
      this.onBody = null;
      this.onClose(this);
    });
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? 0}`;
  }

  get localAddress(): string {
    return `${this.socket.localAddress ?? '?'}:${this.socket.localPort ?? 0}`;
  }

  // ---- ReplySink ----

  writeText(s: string): void {
    this.outText += s;
    this.outBytes += s.length;
  }

  writeBinary(b: Buffer): void {
    this.outBinary.push(b);
    this.outBytes += b.length;
  }

  outString(line: string): void {
    if (this.noreply) {
      this.noreply = false;
      return;
    }
    this.outText += line + '\r\n';
    this.outBytes += line.length + 2;
  }

  outError(line: string): void {
    this.noreply = false;
    this.outText += line + '\r\n';
    this.outBytes += line.length + 2;
  }

  expectBody<T>(bytes: number, onBody: BodyHandler<T>, state: T): void {
    this.bodyBytes = bytes;
    this.onBody = onBody as BodyHandler<unknown>;
    this.bodyState = state;
  }

  swallow(bytes: number): void {
    this.swallowBytes += bytes;
  }

  closeAfterWrite(): void {
    this.closing = true;
  }

  // ---- input ----

  /** A read arrived; `borrowed` chunks are overwritten after this call and must be copied to be kept. */
  private onData(chunk: Buffer, borrowed: boolean): void {
    if (this.closing || this.closed) return;
    this.bytesRead += chunk.length;
    const nowMs = Date.now();
    this.lastCommandAt = nowMs;
    if (this.blocked) {
      // The client is not reading its replies; keep input until it drains.
      this.chunks.push(borrowed ? copyOf(chunk) : chunk);
      this.chunkBytes += chunk.length;
      this.leftover = this.chunks[0];
      return;
    }
    let buf: Buffer;
    let owned = !borrowed;
    if (this.leftover === null) {
      buf = chunk;
    } else if (this.waitFor > 0) {
      // Waiting for a known number of bytes: collect, join once (the join copies).
      this.chunkBytes += chunk.length;
      if (this.chunkBytes < this.waitFor) {
        this.chunks.push(borrowed ? copyOf(chunk) : chunk);
        return;
      }
      this.chunks.push(chunk);
      buf = Buffer.concat(this.chunks, this.chunkBytes);
      owned = true;
    } else {
      // Waiting for the end of a line: only the new chunk can hold it.
      this.chunkBytes += chunk.length;
      if (chunk.indexOf(NEWLINE) < 0) {
        this.chunks.push(borrowed ? copyOf(chunk) : chunk);
        if (this.chunkBytes > MAX_LINE_WITHOUT_NEWLINE && !this.longLineAllowed) {
          // Decide once per line, on its first bytes (possibly split over chunks).
          const head = Buffer.concat(this.chunks.slice(0, 4)).subarray(0, 128);
          if (!this.mayBeLongLine(head)) {
            this.socket.destroy();
            return;
          }
          this.longLineAllowed = true;
        }
        return;
      }
      this.chunks.push(chunk);
      buf = Buffer.concat(this.chunks, this.chunkBytes);
      owned = true;
    }
    this.run(buf, owned, nowMs);
  }

  private run(buf: Buffer, owned: boolean, nowMs: number): void {
    refreshClockAt(nowMs);
    this.longLineAllowed = false;
    this.leftover = null;
    if (this.chunks.length > 0) {
      this.chunks = [];
      this.chunkBytes = 0;
    }
    this.waitFor = 0;
    const pos = this.process(buf, 0);
    if (pos < buf.length && !this.closing && !this.closed) {
      const rest = owned ? buf.subarray(pos) : copyOf(buf.subarray(pos));
      this.leftover = rest;
      this.chunks = [rest];
      this.chunkBytes = rest.length;
    }
    this.flush();
  }

  private onDrain(): void {
    if (this.closing || this.closed) return;
    this.socket.resume();
    if (!this.blocked) return;
    this.blocked = false;
    if (this.leftover === null) return;
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.chunkBytes);
    this.run(buf, true, Date.now());
  }

  /** Only a multiget may send a line over 2048 bytes before its newline. */
  private mayBeLongLine(head: Buffer): boolean {
    if (this.protocol !== Protocol.Text) return true;
    let i = 0;
    while (i < head.length && head[i] === 0x20) i++;
    if (i > 100) return false;
    const start = head.toString('latin1', i, i + 5);
    return start.startsWith('get ') || start.startsWith('gets ');
  }

  /** Consume as many complete requests as `buf` holds; return the first unconsumed byte. */
  private process(buf: Buffer, pos: number): number {
    const length = buf.length;
    while (pos < length && !this.closing && !this.closed) {
      if (this.swallowBytes > 0) {
        const n = Math.min(this.swallowBytes, length - pos);
        this.swallowBytes -= n;
        pos += n;
        continue;
      }
      if (this.onBody !== null) {
        const need = this.bodyBytes;
        if (length - pos < need) {
          this.waitFor = need;
          return pos;
        }
        const cb = this.onBody;
        const state = this.bodyState;
        this.onBody = null;
        this.bodyState = null;
        cb(buf, pos, state);
        pos += need;
        if (this.outBytes >= OUTPUT_HIGH_WATER && this.flushAndCheckBlocked()) return pos;
        continue;
      }
      if (this.protocol === Protocol.Unknown) {
        // memcached -S serves the binary protocol only: text is read as a
        // binary header, fails the magic check and the connection closes.
        this.protocol = buf[pos] === REQUEST_MAGIC || this.node.sasl !== null ? Protocol.Binary : Protocol.Text;
      }
      if (this.protocol === Protocol.Text) {
        const nl = buf.indexOf(NEWLINE, pos);
        if (nl < 0) {
          if (length - pos > MAX_LINE_WITHOUT_NEWLINE && !this.mayBeLongLine(buf.subarray(pos))) {
            this.closeAfterWrite();
            return length;
          }
          return pos;
        }
        processTextLine(this, buf, pos, nl);
        pos = nl + 1;
        if (this.outBytes >= OUTPUT_HIGH_WATER && this.flushAndCheckBlocked()) return pos;
      } else {
        if (length - pos < HEADER_BYTES) {
          this.waitFor = HEADER_BYTES;
          return pos;
        }
        if (buf[pos] !== REQUEST_MAGIC) {
          // Replies already produced still go out, then the connection closes.
          this.closeAfterWrite();
          return length;
        }
        const bodylen = buf.readUInt32BE(pos + 8);
        const total = HEADER_BYTES + bodylen;
        if (length - pos < total) {
          if (bodylen > this.node.store.maxItemSize + BINARY_BODY_SLACK) {
            // Never buffer a body that cannot be stored: answer from the
            // header, extras and key (as memcached does) and discard the rest.
            const headPart = HEADER_BYTES + buf[pos + 4] + buf.readUInt16BE(pos + 2);
            if (length - pos < headPart) {
              this.waitFor = headPart;
              return pos;
            }
            this.swallowBytes = refuseOversizedRequest(this, readRequest(buf, pos)) - (length - pos - headPart);
            return length;
          }
          this.waitFor = total;
          return pos;
        }
        processBinaryRequest(this, readRequest(buf, pos));
        pos += total;
        if (this.outBytes >= OUTPUT_HIGH_WATER && this.flushAndCheckBlocked()) return pos;
      }
    }
    return pos;
  }

  /** Send what is pending mid-batch; true when the client is not keeping up. */
  private flushAndCheckBlocked(): boolean {
    this.flush();
    if (this.socket.writableNeedDrain && !this.closing) {
      this.blocked = true;
      this.socket.pause();
      return true;
    }
    return false;
  }

  private flush(): void {
    const socket = this.socket;
    if (this.closed) return;
    let ok = true;
    this.outBytes = 0;
    if (this.outText.length > 0) {
      const s = this.outText;
      this.outText = '';
      this.bytesWritten += s.length;
      ok = writeLatin1(socket, s);
    }
    if (this.outBinary.length > 0) {
      const parts = this.outBinary;
      this.outBinary = [];
      const b = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      this.bytesWritten += b.length;
      ok = writeBuffer(socket, b) && ok;
    }
    if (this.closing) {
      socket.end();
      return;
    }
    // Backpressure: stop reading from a client that does not read its replies.
    if (!ok) socket.pause();
  }

  /** Graceful close: flush what is pending and end the socket. */
  end(): void {
    this.closing = true;
    this.flush();
    if (!this.socket.writableEnded) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
