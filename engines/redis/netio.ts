/**
 * Socket I/O without the stream machinery on the hot path (measured: at
 * pipeline 1 about a third of our user-space CPU per command was Node's
 * Readable/Writable bookkeeping around one read and one write syscall).
 *
 * - Reads: the accepted socket is switched to Node's "onread" mode (what
 *   `new net.Socket({ onread: { buffer, callback } })` does; accepted sockets
 *   have no such option): libuv reads straight into one reusable buffer and
 *   calls us with the byte count — no per-read ArrayBuffer, no Readable.push,
 *   no 'data' emit. The buffer is reused on the next read, so whoever keeps
 *   bytes past the callback must copy them (RespParser.release()).
 * - Writes: when nothing is queued in the socket's stream, replies go out with
 *   one synchronous write(2) on the fd; a partial write or EAGAIN queues the
 *   rest on the stream (which keeps ordering: later replies see
 *   writableLength > 0 and queue behind it).
 *
 * Both fall back to the ordinary 'data' event / socket.write() when the Node
 * internals they rely on are missing.
 */
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

const kFd = Symbol('netio.fd');

/** Read into `buf` and call `onRead(n)` for each read; false if unsupported (caller uses 'data'). */
export function readInto(socket: net.Socket, buf: Buffer, onRead: (n: number) => void): boolean {
  const s = socket as SocketInternals;
  const h = s._handle;
  if (kBuffer === undefined || kBufferCb === undefined || !h || typeof h.useUserBuffer !== 'function') return false;
  // Only a fresh socket: nobody else consumes it and nothing is buffered in its Readable yet.
  if (s[kBuffer] !== null || s.listenerCount('data') > 0 || s.readableLength > 0) return false;
  s[kBuffer] = buf;
  s[kBufferCb] = (n: number) => { onRead(n); };
  h.useUserBuffer(buf);
  return true;
}

/**
 * Write `b[start..end)`; the bytes must stay untouched afterwards (the stream
 * may keep a view of them). Direct write(2) when the stream has nothing queued.
 */
export function writeOut(socket: net.Socket, b: Buffer, start = 0, end = b.length): void {
  const s = socket as SocketInternals;
  if (s.writableLength === 0 && !s.writableCorked) {
    // handle.fd is a native accessor: read it once per socket.
    let fd = s[kFd] as number | undefined;
    if (fd === undefined) { const h = s._handle; fd = h && typeof h.fd === 'number' ? h.fd : -1; if (h) s[kFd] = fd; }
    if (fd >= 0 && s._handle) {
      try {
        while (start < end) start += fs.writeSync(fd, b, start, end - start);
        return;
      } catch {
        // EAGAIN (kernel buffer full) or an error: the stream queues the rest / reports the error.
      }
    }
  }
  s.write(start === 0 && end === b.length ? b : b.subarray(start, end));
}
