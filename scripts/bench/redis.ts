/**
 * Benchmark: our Redis engine (in its own child process) vs redis-server,
 * driven by redis-benchmark, plus memory for 1M small string keys.
 *
 *   npx tsx scripts/bench/redis.ts [--n 200000] [--keys 1000000] [--no-memory] [--tests SET,GET] [--pipelines 1,16] [--runs 3]
 *
 * With --runs R every test runs R times against each server (alternating
 * which goes first) and the medians are printed (the ratio is the median of
 * the per-run ratios).
 *
 * Besides ops/s it prints each server's CPU time per operation (main thread,
 * from /proc/<pid>/task/<pid>/schedstat): on a shared 2-core machine
 * throughput is noisy, CPU per op much less so, and it is what the engine's
 * code controls.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { send, startOurs, startRedis, stop, type Srv } from './servers.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt('--n', 200000);
const KEYS = opt('--keys', 1000000);
const doMemory = !args.includes('--no-memory');
const optList = (name: string, def: string) => { const i = args.indexOf(name); return (i >= 0 ? args[i + 1] : def).split(','); };
const TESTS = optList('--tests', 'SET,GET,INCR,LPUSH,LPOP,SADD,HSET,ZADD,LRANGE_100,MSET').map((t) => t.toUpperCase());
const PIPELINES = optList('--pipelines', '1,16').map(Number);
const RUNS = Math.max(1, opt('--runs', 1));
const median = (a: number[]) => { const b = [...a].sort((x, y) => x - y); const m = b.length >> 1; return b.length % 2 ? b[m] : (b[m - 1] + b[m]) / 2; };
const TEST_CMD: Record<string, string[]> = {
  SET: ['set'], GET: ['get'], INCR: ['incr'], LPUSH: ['lpush'], LPOP: ['lpop', 'lpush'], SADD: ['sadd'], HSET: ['hset'],
  ZADD: ['zadd'], LRANGE_100: ['lrange', 'lpush'], MSET: ['mset'],
};
async function implemented(port: number, cmds: string[]): Promise<boolean> {
  const r = await send(port, [['COMMAND', 'INFO', ...cmds]]);
  return !r.includes('$-1\r\n') && !r.includes('*-1\r\n');
}

/** CPU seconds the process's main thread (where both servers run commands) has used so far: schedstat is in ns. */
function cpuSec(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
}

/** ops/s and the server's CPU microseconds per op. */
function bench(srv: Srv, test: string, pipeline: number): { ops: number; cpuUs: number } {
  const c0 = cpuSec(srv.proc.pid!);
  const ops = runBenchmark(srv.port, test, pipeline);
  return { ops, cpuUs: ((cpuSec(srv.proc.pid!) - c0) * 1e6) / N };
}

function runBenchmark(port: number, test: string, pipeline: number): number {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-q', '--csv', '-n', String(N), '-c', '50', '-P', String(pipeline), '-t', test.toLowerCase()], { encoding: 'utf8', timeout: 300000 });
  const line = out.split('\n').find((l) => l.startsWith(`"${test}`));
  return line ? Number(line.split(',')[1].replace(/"/g, '')) : NaN;
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}
async function info(port: number, field: string): Promise<number> {
  const r = await send(port, [['INFO', 'memory']]);
  const m = new RegExp(`${field}:(\\d+)`).exec(r);
  return m ? Number(m[1]) : NaN;
}
async function loadKeys(port: number, n: number): Promise<void> {
  const batch = 10000;
  for (let i = 0; i < n; i += batch) {
    const cmds: string[][] = [];
    for (let k = i; k < Math.min(n, i + batch); k++) cmds.push(['SET', `key:${k}`, `value:${k}`]);
    await send(port, cmds);
  }
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(0).padStart(10) : '       n/a');

const ours = await startOurs();
const redis = await startRedis();
try {
  console.log(`redis-benchmark -n ${N} -c 50 (ops/s${RUNS > 1 ? `, median of ${RUNS} runs` : ''})`);
  for (const P of PIPELINES) {
    console.log(`\npipeline ${P}\n${'test'.padEnd(12)}${'ours'.padStart(10)}${'redis'.padStart(10)}   ratio   cpu us/op ours  redis  redis/ours`);
    for (const t of TESTS) {
      const ok = await implemented(ours.port, TEST_CMD[t]);
      if (!ok) { console.log(`${t.padEnd(12)}${fmt(NaN)}${fmt(NaN)}   n/a (not implemented)`); continue; }
      const o: { ops: number; cpuUs: number }[] = [], r: { ops: number; cpuUs: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        for (const [srv, out] of (i % 2 ? [[ours, o], [redis, r]] : [[redis, r], [ours, o]]) as [Srv, typeof o][]) {
          out.push(bench(srv, t, P));
          await send(srv.port, [['FLUSHALL']]);
        }
      }
      const oOps = median(o.map((x) => x.ops)), rOps = median(r.map((x) => x.ops));
      const ratio = median(o.map((x, i) => x.ops / r[i].ops));
      const oCpu = median(o.map((x) => x.cpuUs)), rCpu = median(r.map((x) => x.cpuUs));
      console.log(`${t.padEnd(12)}${fmt(oOps)}${fmt(rOps)}   ${ratio.toFixed(2)}x${oCpu.toFixed(1).padStart(16)}${rCpu.toFixed(1).padStart(7)}${(rCpu / oCpu).toFixed(2).padStart(8)}x`);
    }
  }
  if (doMemory) {
    console.log(`\nmemory for ${KEYS} keys (SET key:N value:N)`);
    await send(ours.port, [['FLUSHALL']]);
    await send(redis.port, [['FLUSHALL']]);
    if (global.gc) global.gc();
    await new Promise((r) => setTimeout(r, 500));
    const o0 = rssKb(ours.proc.pid!), r0 = rssKb(redis.proc.pid!);
    const ru0 = await info(redis.port, 'used_memory');
    await loadKeys(ours.port, KEYS);
    await loadKeys(redis.port, KEYS);
    await new Promise((r) => setTimeout(r, 1000));
    const o1 = rssKb(ours.proc.pid!), r1 = rssKb(redis.proc.pid!);
    const ru1 = await info(redis.port, 'used_memory');
    const ou1 = await info(ours.port, 'used_memory');
    console.log(`ours : RSS growth ${((o1 - o0) / 1024).toFixed(1)} MiB (${(((o1 - o0) * 1024) / KEYS).toFixed(0)} B/key); our used_memory estimate ${(ou1 / 1048576).toFixed(1)} MiB`);
    console.log(`redis: RSS growth ${((r1 - r0) / 1024).toFixed(1)} MiB (${(((r1 - r0) * 1024) / KEYS).toFixed(0)} B/key); used_memory growth ${((ru1 - ru0) / 1048576).toFixed(1)} MiB (${((ru1 - ru0) / KEYS).toFixed(0)} B/key)`);
  }
} finally {
  await stop(ours);
  await stop(redis);
}
