/**
 * A real redis-server 7.0 for differential tests: free port (bind 0, close),
 * own tmp dir, bounded waits, killed by handle. Plus a minimal RESP2 client
 * that keeps bulk strings as Buffers.
 */
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const REDIS_BIN = '/usr/bin/redis-server';
export const haveRedis = fs.existsSync(REDIS_BIN);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export type Reply = Buffer | number | null | Error | Reply[];

export class RespClient {
  private buf = Buffer.alloc(0);
  private waiters: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private closed = false;
  private constructor(private sock: net.Socket) {
    sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.drain(); });
    sock.on('close', () => { this.closed = true; for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed')); });
    sock.on('error', () => {});
  }
  static connect(port: number, timeoutMs = 5000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      const t = setTimeout(() => { s.destroy(); reject(new Error('connect timeout')); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); resolve(new RespClient(s)); });
      s.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }
  call(...args: (string | Buffer | number)[]): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
    for (const a of args) {
      const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
      parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.sock.write(Buffer.concat(parts));
    });
  }
  private drain(): void {
    while (this.waiters.length) {
      const r = parse(this.buf, 0);
      if (!r) return;
      this.buf = this.buf.subarray(r.next);
      this.waiters.shift()!.resolve(r.value);
    }
  }
  close(): void { this.sock.destroy(); }
}

function parse(b: Buffer, p: number): { value: Reply; next: number } | null {
  if (p >= b.length) return null;
  const nl = b.indexOf('\r\n', p);
  if (nl < 0) return null;
  const line = b.toString('latin1', p + 1, nl);
  switch (b[p]) {
    case 0x2b: return { value: Buffer.from(line, 'latin1'), next: nl + 2 };
    case 0x2d: return { value: new Error(line), next: nl + 2 };
    case 0x3a: return { value: Number(line), next: nl + 2 };
    case 0x24: {
      const n = Number(line);
      if (n < 0) return { value: null, next: nl + 2 };
      if (b.length < nl + 2 + n + 2) return null;
      return { value: Buffer.from(b.subarray(nl + 2, nl + 2 + n)), next: nl + 2 + n + 2 };
    }
    case 0x2a: {
      const n = Number(line);
      if (n < 0) return { value: null, next: nl + 2 };
      const arr: Reply[] = [];
      let q = nl + 2;
      for (let i = 0; i < n; i++) {
        const r = parse(b, q);
        if (!r) return null;
        arr.push(r.value); q = r.next;
      }
      return { value: arr, next: q };
    }
    default: throw new Error('bad RESP');
  }
}

export class RealRedis {
  proc!: ChildProcess;
  port = 0;
  dir = '';
  client!: RespClient;
  log = '';
  static async start(opts: { dir?: string; dbfilename?: string; extra?: string[] } = {}): Promise<RealRedis> {
    const r = new RealRedis();
    r.dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-test-'));
    r.port = await freePort();
    r.proc = spawn(REDIS_BIN, [
      '--port', String(r.port), '--bind', '127.0.0.1', '--dir', r.dir, '--dbfilename', opts.dbfilename ?? 'dump.rdb',
      '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', '', ...(opts.extra ?? []),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    r.proc.stdout!.on('data', (d) => { r.log += d; });
    r.proc.stderr!.on('data', (d) => { r.log += d; });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (r.proc.exitCode !== null) throw new Error(`redis-server exited: ${r.log}`);
      try {
        r.client = await RespClient.connect(r.port, 1000);
        const pong = await r.client.call('PING');
        if (Buffer.isBuffer(pong) && pong.toString() === 'PONG') break;
        r.client.close();
      } catch { /* retry */ }
      if (Date.now() > deadline) { r.stop(); throw new Error(`redis-server did not start: ${r.log}`); }
      await new Promise((res) => setTimeout(res, 50));
    }
    return r;
  }
  async call(...args: (string | Buffer | number)[]): Promise<Reply> { return this.client.call(...args); }
  stop(): void {
    try { this.client?.close(); } catch { /* ignore */ }
    if (this.proc && this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}
