/**
 * EVALSHA of a small script: our engine (child process) vs redis-server, driven by
 * redis-benchmark with an arbitrary command. Prints ops/s, the ratio, and each
 * server's CPU µs per op (from /proc schedstat; the load average is printed too).
 *   npx tsx scripts/bench/scripting.ts [-n 50000]
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nIdx = process.argv.indexOf('-n');
const N = nIdx > 0 ? Number(process.argv[nIdx + 1]) : 100000;
const SCRIPTS: [string, string, string[]][] = [
  ['return 1', 'trivial', []],
  ['return redis.call("incr", KEYS[1])', 'INCR via redis.call', ['1', 'bench:counter']],
  ['redis.call("set", KEYS[1], ARGV[1]) return redis.call("get", KEYS[1])', 'SET+GET via redis.call', ['1', 'bench:k', 'value']],
];

interface Srv { name: string; port: number; proc: ChildProcess }

function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
}
function send(port: number, argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    const t = setTimeout(() => { s.destroy(); reject(new Error('timeout')); }, 5000);
    s.on('data', (d) => { out += d.toString('latin1'); if (out.endsWith('\r\n')) { clearTimeout(t); s.destroy(); resolve(out); } });
    s.on('error', (e) => { clearTimeout(t); reject(e); });
    s.write(`*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
  });
}
async function waitPing(port: number): Promise<void> {
  const end = Date.now() + 20000;
  for (;;) {
    try { if ((await send(port, ['PING'])) === '+PONG\r\n') return; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
async function start(name: string, cmd: string, args: (port: number) => string[]): Promise<Srv> {
  const port = await freePort();
  const proc = spawn(cmd, args(port), { cwd: root, stdio: 'ignore' });
  await waitPing(port);
  return { name, port, proc };
}
function stop(s: Srv): void { s.proc.kill('SIGKILL'); }

function cpuSec(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
}

/** ops/s and the server's CPU µs per op. */
function bench(srv: Srv, argv: string[], pipeline: number, n = N): { ops: number; cpuUs: number } {
  const c0 = cpuSec(srv.proc.pid!);
  const out = execFileSync('redis-benchmark', ['-p', String(srv.port), '-q', '--csv', '-n', String(n), '-c', '50', '-P', String(pipeline), ...argv], { encoding: 'utf8', timeout: 300000 });
  const line = out.trim().split('\n').pop() ?? '';
  return { ops: Number(line.split(',')[1]?.replace(/"/g, '')), cpuUs: ((cpuSec(srv.proc.pid!) - c0) * 1e6) / n };
}

const ours = await start('ours', process.execPath, (p) => ['--import', 'tsx', path.join(root, 'scripts/redis-server.ts'), '--port', String(p), '--allow-restricted-commands']);
const redis = await start('redis', 'redis-server', (p) => ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
try {
  console.log(`EVALSHA, redis-benchmark -n ${N} -c 50 (ops/s; server CPU µs/op); load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const P of [1, 16]) {
    console.log(`\npipeline ${P}\n${'script'.padEnd(26)}${'ours'.padStart(10)}${'redis'.padStart(10)}   ratio${'µs ours'.padStart(9)}${'µs redis'.padStart(9)}`);
    for (const [body, label, rest] of SCRIPTS) {
      const sha = (await send(ours.port, ['SCRIPT', 'LOAD', body])).split('\r\n')[1];
      await send(redis.port, ['SCRIPT', 'LOAD', body]);
      const argv = ['EVALSHA', sha, ...(rest.length ? rest : ['0'])];
      bench(ours, argv, P, Math.min(N, 20000)); // JIT warm-up of our process
      const r = bench(redis, argv, P);
      const o = bench(ours, argv, P);
      console.log(`${label.padEnd(26)}${o.ops.toFixed(0).padStart(10)}${r.ops.toFixed(0).padStart(10)}   ${(o.ops / r.ops).toFixed(2)}x${o.cpuUs.toFixed(1).padStart(9)}${r.cpuUs.toFixed(1).padStart(9)}`);
    }
  }
} finally { stop(ours); stop(redis); }
