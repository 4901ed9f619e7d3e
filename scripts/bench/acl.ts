/**
 * Benchmark: the cost of ACL checks. Our engine (child process) vs
 * redis-server, redis-benchmark GET/SET/MSET as the unrestricted `default`
 * user and as a restricted user (`~key:* +get +set +mset …`, so every
 * command goes through the command, key-pattern and selector checks).
 *
 *   npx tsx scripts/bench/acl.ts [--n 100000] [--pipeline 16]
 *
 * Prints ops/s and server CPU µs per op (main thread, /proc schedstat: far less
 * noisy than ops/s on a shared machine), and the ratios ours/redis.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt('--n', 100000);
const P = opt('--pipeline', 16);
const TESTS = ['GET', 'SET', 'MSET'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const USER = ['ACL', 'SETUSER', 'bench', 'on', '>benchpw', '~key:*', '~other:*', '(~never:* +get)', '+get', '+set', '+mset', '+ping', '+config|get', '+hello'];

interface Srv { name: string; port: number; proc: ChildProcess }

async function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
}
function send(port: number, cmd: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const t = setTimeout(() => { sock.destroy(); reject(new Error('timeout')); }, timeoutMs);
    sock.on('data', (d) => { out += d.toString('latin1'); });
    sock.on('end', () => { clearTimeout(t); resolve(out); });
    sock.on('error', (e) => { clearTimeout(t); reject(e); });
    sock.write(`*${cmd.length}\r\n` + cmd.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('') + '*1\r\n$4\r\nQUIT\r\n');
  });
}
async function start(name: string, cmd: string, argv: string[]): Promise<Srv> {
  const port = await freePort();
  const proc = spawn(cmd, [...argv, '--port', String(port)], { cwd: root, stdio: 'ignore' });
  const deadline = Date.now() + 20000;
  for (;;) {
    try { if ((await send(port, ['PING'], 1000)).startsWith('+PONG')) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`${name} did not start`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, port, proc };
}
function stop(s: Srv): Promise<void> {
  return new Promise((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    const t = setTimeout(() => s.proc.kill('SIGKILL'), 3000);
    s.proc.once('exit', () => { clearTimeout(t); resolve(); });
    s.proc.kill('SIGTERM');
  });
}
const cpuSec = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;

function bench(s: Srv, test: string, restricted: boolean): { ops: number; cpuUs: number } {
  const c0 = cpuSec(s.proc.pid!);
  const auth = restricted ? ['--user', 'bench', '-a', 'benchpw'] : [];
  const out = execFileSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(s.port), ...auth, '-q', '--csv', '-n', String(N), '-c', '50', '-P', String(P), '-t', test.toLowerCase()],
    { encoding: 'utf8', timeout: 300000, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = out.split('\n').find((l) => l.startsWith(`"${test}`));
  return { ops: line ? Number(line.split(',')[1].replace(/"/g, '')) : NaN, cpuUs: ((cpuSec(s.proc.pid!) - c0) * 1e6) / N };
}

const ours = await start('ours', process.execPath, ['--import', 'tsx', path.join(root, 'scripts/redis-server.ts')]);
const redis = await start('redis', 'redis-server', ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
try {
  for (const s of [ours, redis]) if (!(await send(s.port, USER)).startsWith('+OK')) throw new Error(`ACL SETUSER failed on ${s.name}`);
  console.log(`n=${N} pipeline=${P} clients=50`);
  console.log('test  user        ours ops/s  redis ops/s  ratio   ours µs/op  redis µs/op  cpu ratio');
  for (const test of TESTS) {
    for (const restricted of [false, true]) {
      const o = bench(ours, test, restricted), r = bench(redis, test, restricted);
      console.log(`${test.padEnd(5)} ${(restricted ? 'restricted' : 'default').padEnd(10)} ${o.ops.toFixed(0).padStart(11)} ${r.ops.toFixed(0).padStart(12)} ${(o.ops / r.ops).toFixed(2).padStart(6)}` +
        ` ${o.cpuUs.toFixed(2).padStart(11)} ${r.cpuUs.toFixed(2).padStart(12)} ${(o.cpuUs / r.cpuUs).toFixed(2).padStart(10)}`);
    }
  }
} finally {
  await stop(ours);
  await stop(redis);
}
