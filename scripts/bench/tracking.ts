/**
 * Benchmark: client tracking, our engine (child process) vs redis-server.
 * A RESP3 client with CLIENT TRACKING on reads N missing keys (pipelined GETs:
 * the keys enter the tracking table), then a second client SETs them and we
 * time until the tracking client has received all N invalidation pushes.
 *
 *   npx tsx scripts/bench/tracking.ts [--n 50000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const N = (() => { const i = args.indexOf('--n'); return i >= 0 ? Number(args[i + 1]) : 50000; })();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const enc = (argv: string[]) => `*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');

async function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
}

/** A connection that counts received bytes and occurrences of a marker (across chunk borders). */
class Conn {
  bytes = 0;
  marks = 0;
  private tail = '';
  private waiters: (() => void)[] = [];
  constructor(readonly sock: net.Socket, private readonly marker: string) {
    sock.on('data', (d) => {
      this.bytes += d.length;
      const s = this.tail + d.toString('latin1');
      let i = s.indexOf(marker);
      while (i >= 0) { this.marks++; i = s.indexOf(marker, i + marker.length); }
      this.tail = s.slice(-(marker.length - 1));
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(port: number, marker: string): Promise<Conn> {
    return new Promise((resolve, reject) => { const s = net.connect(port, '127.0.0.1', () => resolve(new Conn(s, marker))); s.once('error', reject); });
  }
  async until(pred: () => boolean, timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error('benchmark timed out');
      await new Promise<void>((r) => { const t = setTimeout(r, 200); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
  }
}

async function waitPing(port: number): Promise<void> {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    try {
      const c = await Conn.open(port, 'PONG');
      c.sock.write(enc(['PING']));
      await c.until(() => c.marks > 0, 1000);
      c.sock.destroy();
      return;
    } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`server on ${port} did not answer`);
}

interface Result { track: number; invalidate: number }

async function run(port: number): Promise<Result> {
  const reader = await Conn.open(port, 'invalidate\r\n');
  const writer = await Conn.open(port, '+OK');
  reader.sock.write(enc(['HELLO', '3']) + enc(['CLIENT', 'TRACKING', 'on']));
  await reader.until(() => reader.bytes > 0 && reader.sock.readableLength === 0);
  await new Promise((r) => setTimeout(r, 100));
  const base = reader.bytes;
  const keys = Array.from({ length: N }, (_, i) => `key:${i}`);
  let t0 = performance.now();
  for (let i = 0; i < N; i += 1000) reader.sock.write(keys.slice(i, i + 1000).map((k) => enc(['GET', k])).join(''));
  await reader.until(() => reader.bytes - base >= 3 * N); // RESP3 null: "_\r\n"
  const track = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < N; i += 1000) writer.sock.write(keys.slice(i, i + 1000).map((k) => enc(['SET', k, 'v'])).join(''));
  await reader.until(() => reader.marks >= N);
  const invalidate = performance.now() - t0;
  await writer.until(() => writer.marks >= N);
  reader.sock.destroy(); writer.sock.destroy();
  return { track, invalidate };
}

async function main(): Promise<void> {
  const procs: ChildProcess[] = [];
  try {
    const ourPort = await freePort();
    const ours = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/redis-server.ts'), '--port', String(ourPort)], { cwd: root, stdio: 'ignore' });
    procs.push(ours);
    const realPort = await freePort();
    const real = spawn('redis-server', ['--port', String(realPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    procs.push(real);
    await waitPing(ourPort); await waitPing(realPort);
    const r = await run(realPort);
    const o = await run(ourPort);
    const ops = (ms: number) => Math.round(N / (ms / 1000));
    console.log(`client tracking, N=${N} keys`);
    console.log(`  track (pipelined GET by a tracking client): redis ${ops(r.track)}/s  ours ${ops(o.track)}/s  ratio ${(r.track / o.track).toFixed(2)}`);
    console.log(`  invalidate (SET by another client → push):  redis ${ops(r.invalidate)}/s  ours ${ops(o.invalidate)}/s  ratio ${(r.invalidate / o.invalidate).toFixed(2)}`);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}

await main();
