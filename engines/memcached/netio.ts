// Socket I/O without Node's stream machinery on the hot path. Without
// pipelining, every request costs one read and one write; around those two
// system calls Node adds a fresh ArrayBuffer, Readable.push and a 'data' emit
// per read, and a WriteWrap, Writable bookkeeping and a nextTick per write.
//
// - Reads: the accepted socket is switched to Node's "onread" mode (what
//   `new net.Socket({ onread })` does; accepted sockets have no such option):
//   libuv reads straight into one reusable buffer and calls us with the byte
//   count. The buffer is overwritten by the next read of any socket, so a
//   connection that keeps bytes past the callback must copy them.
// - Writes: when nothing is queued on the socket's stream, replies go out
//   with a synchronous write(2) on the fd (sockets are non-blocking: a full
//   kernel buffer raises EAGAIN). Whatever is not written is queued on the
//   stream, which keeps the order: later replies see writableLength > 0 and
//   queue behind it, and 'drain' and writableNeedDrain work as usual.
//
// Both fall back to the 'data' event / socket.write() when the Node
// internals they rely on are missing or the socket is not fresh.
// (The Redis engine has its own copy of this idea; engines share no code.)

import net from 'node:net';
import fs from 'node:fs';

type Handle = { fd?: number; useUserBuffer?: (b: Buffer) => void };
type SocketInternals = net.Socket & { _handle?: Handle | null } & Record<symbol, unknown>;

// The symbols net.Socket uses for onread mode, found on a handle-less probe socket.
const probe = new net.Socket({ onread: { buffer: Buffer.alloc(1), callback: () => true } } as net.SocketConstructorOpts);
const symbols = Object.getOwnPropertySymbols(probe);
const kBuffer = symbols.find((s) => s.description === 'kBuffer');
const kBufferCb = symbols.find((s) => s.description === 'kBufferCb');
probe.destroy();

const kFd = Symbol('memcached.netio.fd');

/** Read into `buf`, calling `onRead(n)` per read; false if unsupported (the caller listens to 'data'). */
export function readInto(socket: net.Socket, buf: Buffer, onRead: (n: number) => void): boolean {
  const s = socket as SocketInternals;
  const h = s._handle;
  if (kBuffer === undefined || kBufferCb === undefined || !h || typeof h.useUserBuffer !== 'function') return false;
  // Only a fresh socket: nobody else consumes it and nothing is buffered in its Readable yet.
  if (s[kBuffer] !== null || s.listenerCount('data') > 0 || s.readableLength > 0) return false;
  s[kBuffer] = buf;
  // Returning anything but false keeps reading.
  s[kBufferCb] = (n: number) => { onRead(n); };
  h.useUserBuffer(buf);
  // A socket accepted with pauseOnConnect is not reading yet; 'data' listeners resume it, so do we.
  if ((h as { reading?: boolean }).reading === false) socket.resume();
  return true;
}

/** The socket's fd when a direct write may go out now (nothing queued), else -1. */
function directFd(s: SocketInternals): number {
  if (s.writableLength !== 0 || s.writableCorked !== 0 || s.writableEnded) return -1;
  const h = s._handle;
  if (!h) return -1;
  // handle.fd is a native accessor: read it once per socket.
  let fd = s[kFd] as number | undefined;
  if (fd === undefined) {
    fd = typeof h.fd === 'number' ? h.fd : -1;
    s[kFd] = fd;
  }
  return fd;
}

/** Replies are encoded here for a direct write; only bytes the kernel did not take are copied out. */
const OUT_BUFFER = Buffer.allocUnsafeSlow(64 * 1024);
type Latin1Writer = Buffer & { latin1Write(s: string, offset: number, length: number): number };

/**
 * Write a one-byte (latin1) string. Returns false when the stream asks the
 * caller to wait for 'drain' (as socket.write does).
 */
export function writeLatin1(socket: net.Socket, text: string): boolean {
  const s = socket as SocketInternals;
  const len = text.length;
  const fd = len <= OUT_BUFFER.length ? directFd(s) : -1;
  if (fd >= 0) {
    // latin1 is one byte per char. A Buffer write skips the encoding-name
    // parsing and string copy of fs.writeSync(fd, string).
    (OUT_BUFFER as Latin1Writer).latin1Write(text, 0, len);
    let done = 0;
    try {
      while (done < len) done += fs.writeSync(fd, OUT_BUFFER, done, len - done);
      return true;
    } catch {
      // EAGAIN (kernel buffer full) or an error: the stream queues the rest / reports the error.
    }
    // The rest must outlive OUT_BUFFER's next use.
    return s.write(Buffer.from(OUT_BUFFER.subarray(done, len)));
  }
  return s.write(text, 'latin1');
}

/**
 * Write a Buffer the caller will not touch again (the stream may keep it).
 * Returns false when the stream asks the caller to wait for 'drain'.
 */
export function writeBuffer(socket: net.Socket, b: Buffer): boolean {
  const s = socket as SocketInternals;
  const fd = directFd(s);
  let start = 0;
  if (fd >= 0) {
    try {
      while (start < b.length) start += fs.writeSync(fd, b, start, b.length - start);
      return true;
    } catch {
      // As in writeLatin1: the stream takes over.
    }
  }
  return s.write(start === 0 ? b : b.subarray(start));
}
