// Micro-benchmark of the text command path without sockets: how many
// requests per second one core parses and executes (no I/O).
import { MemcachedServer } from '../../engines/memcached/index.js';
import { EventEmitter } from 'node:events';

class FakeSocket extends EventEmitter {
  written = 0;
  writableNeedDrain = false;
  remoteAddress = '127.0.0.1'; remotePort = 1; localAddress = '127.0.0.1'; localPort = 2;
  setNoDelay(): void {}
  write(s: string | Buffer): boolean { this.written += s.length; return true; }
  pause(): void {} resume(): void {} end(): void {} destroy(): void {}
}

const server = new MemcachedServer({ maxMemoryBytes: 1024 * 1024 * 1024 });
const sock = new FakeSocket();
server.handleConnection(sock as unknown as import('node:net').Socket);
const key = (i: number) => `key:${String(i).padStart(6, '0')}`;
const VALUE = 'x'.repeat(32);
for (const op of ['set', 'get', 'set', 'get']) {
  const batches: Buffer[] = [];
  for (let b = 0; b < 256; b++) {
    let s = '';
    for (let i = 0; i < 16; i++) {
      const k = key((b * 16 + i) * 7919 % 10000);
      s += op === 'get' ? `get ${k}\r\n` : `set ${k} 0 0 32\r\n${VALUE}\r\n`;
    }
    batches.push(Buffer.from(s));
  }
  const n = 200_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n / 16; i++) sock.emit('data', batches[i & 255]);
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(op, Math.round(n / dt).toLocaleString(), 'ops/s (JS only)');
}
