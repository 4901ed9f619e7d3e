/**
 * Entry of the process that plays a forked Redis for a SCRIPT DEBUG YES session
 * (ldb-fork.ts). The 'message' listener comes first: the parent's message (the
 * state and the client's socket) may arrive while the engine is still loading.
 */
import type net from 'node:net';

const message = new Promise<[unknown, net.Socket]>((resolve) => process.once('message', (m, h) => {
  const sock = h as net.Socket;
  sock.pause(); // at once: the debugger reads the socket itself, nothing may be buffered by the stream
  resolve([m, sock]);
}));
await import('../index.js'); // every command group
const { runForkedChild } = await import('./ldb-fork.js');
const { setDebugFlag, LdbConn } = await import('./ldb.js');
const [state, sock] = await message;
runForkedChild(state as Parameters<typeof runForkedChild>[0], sock,
  (c, fd) => setDebugFlag(c, { mode: 'sync', child: true, fd }),
  (fd, b) => new LdbConn(fd).writeBytes(b));
