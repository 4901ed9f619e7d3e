/**
 * What the Redis benchmarks share: start our engine (scripts/redis-server.ts)
 * and a real redis-server on OS-picked loopback ports, talk raw RESP to them,
 * stop them by handle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Srv { name: string; port: number; proc: ChildProcess }

export function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
}

/** Sends commands in one pipeline, then QUIT; resolves with the raw replies once the server closes. */
export function send(port: number, cmds: string[][], timeoutMs = 120000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const t = setTimeout(() => { sock.destroy(); reject(new Error('timeout')); }, timeoutMs);
    sock.on('data', (d) => { out += d.toString('latin1'); });
    sock.on('end', () => { clearTimeout(t); resolve(out); });
    sock.on('error', (e) => { clearTimeout(t); reject(e); });
    sock.write(cmds.map((c) => `*${c.length}\r\n` + c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')).join('') + '*1\r\n$4\r\nQUIT\r\n');
  });
}

async function waitPing(port: number): Promise<void> {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    try { if ((await send(port, [['PING']], 1000)).startsWith('+PONG')) return; } catch { /* retry */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${port} did not answer PING`);
}

async function start(name: string, cmd: string, args: (port: number) => string[], cwd?: string): Promise<Srv> {
  const port = await freePort();
  const proc = spawn(cmd, args(port), { cwd, stdio: 'ignore' });
  await waitPing(port);
  return { name, port, proc };
}

/** Our engine, with CONFIG/DEBUG allowed as the benchmarks need, and like redis-server below without snapshots. */
export function startOurs(): Promise<Srv> {
  return start('ours', process.execPath, (p) => ['--import', 'tsx', path.join(root, 'scripts/redis-server.ts'), '--port', String(p), '--allow-restricted-commands', '--config', 'save='], root);
}

/** Debian's redis-server, without persistence. */
export function startRedis(): Promise<Srv> {
  return start('redis', 'redis-server', (p) => ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
}

export function stop(s: Srv): Promise<void> {
  return new Promise((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    const t = setTimeout(() => s.proc.kill('SIGKILL'), 3000);
    s.proc.once('exit', () => { clearTimeout(t); resolve(); });
    s.proc.kill('SIGTERM');
  });
}

/** User + system CPU seconds of a server process, all its threads (/proc/<pid>/stat utime + stime). */
export function cpuSeconds(s: Srv): number {
  const stat = fs.readFileSync(`/proc/${s.proc.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": f[0] is the state (field 3)
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // fields 14 and 15
}
const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux

/** The 1/5/15-minute load averages, as printed next to every figure. */
export function loadAvg(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
