/**
 * Stream benchmark: our engine (own child process) vs redis-server in one
 * run, driven by redis-benchmark; prints ops/s and the ours/redis ratio.
 *
 *   npx tsx scripts/bench/stream.ts [--n 100000] [--pipelines 1,16] [--only xadd,xrange] [--warm 25000]
 *
 * Tests: XADD (auto IDs; with MAXLEN ~ and exact trimming; `<ms>-*` IDs),
 * XREADGROUP COUNT 1 of new entries (each read creates a PEL entry and
 * propagates nothing since no replica is attached), XRANGE - + COUNT 10,
 * XACK-less NOACK group reads. Each test warms up first (see WARM).
 * Besides ops/s it prints server CPU per op (main thread, from schedstat):
 * ops/s are very noisy on a shared 2-core machine, CPU per op much less.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { send, startOurs, startRedis, stop, type Srv } from './servers.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const N = Number(opt('--n', '100000'));
const PIPELINES = opt('--pipelines', '1,16').split(',').map(Number);
/**
 * Requests sent before measuring: at least 25000, so that the first young-generation
 * collections after our server's startup (which copy the module loader's leftovers,
 * ~10 ms) fall before the measured window instead of into a 0.1 s one.
 */
const WARM = Number(opt('--warm', String(Math.max(N >> 3, 25000))));
/** --only xadd,xrange: run the tests whose name contains one of these (case-insensitive). */
const ONLY = opt('--only', '').toLowerCase().split(',').filter(Boolean);

/** CPU seconds the server's main thread has run (schedstat): stable on a busy shared machine, unlike ops/s. */
function cpuSeconds(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
}

/** redis-benchmark -q for one command line; returns requests per second. */
function bench(port: number, pipeline: number, n: number, cmd: string[]): number {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-n', String(n), '-c', '50', '-P', String(pipeline), '-q', ...cmd], { encoding: 'utf8', timeout: 300000 });
  const m = /([\d.]+) requests per second/.exec(out.replace(/\r/g, '\n').split('\n').filter((l) => l.includes('requests per second')).pop() ?? '');
  if (!m) throw new Error(`cannot parse redis-benchmark output: ${out}`);
  return Number(m[1]);
}

interface Test { name: string; setup: (port: number) => Promise<void>; cmd: string[] }
const tests: Test[] = [
  { name: 'XADD * (1 field)', setup: async (p) => { await send(p, [['DEL', 'bs']]); }, cmd: ['XADD', 'bs', '*', 'field', 'value'] },
  { name: 'XADD MAXLEN ~ 1000', setup: async (p) => { await send(p, [['DEL', 'bt']]); }, cmd: ['XADD', 'bt', 'MAXLEN', '~', '1000', '*', 'f1', 'v1', 'f2', 'v2'] },
  { name: 'XADD MAXLEN 1000 (exact)', setup: async (p) => { await send(p, [['DEL', 'be']]); }, cmd: ['XADD', 'be', 'MAXLEN', '1000', '*', 'f1', 'v1', 'f2', 'v2'] },
  { name: 'XADD 1-* (explicit ms)', setup: async (p) => { await send(p, [['DEL', 'bx']]); }, cmd: ['XADD', 'bx', '1-*', 'field', 'value'] },
  {
    name: 'XREADGROUP COUNT 1 >',
    setup: async (p) => {
      const cmds: string[][] = [['DEL', 'bq']];
      for (let i = 1; i <= N + WARM + 2000; i++) cmds.push(['XADD', 'bq', `${i}-0`, 'f', String(i)]);
      cmds.push(['XGROUP', 'CREATE', 'bq', 'g', '0']);
      await send(p, cmds, 300000);
    },
    cmd: ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'bq', '>'],
  },
  {
    name: 'XREADGROUP NOACK COUNT 10 >',
    setup: async (p) => {
      const cmds: string[][] = [['DEL', 'bn']];
      for (let i = 1; i <= (N + WARM) * 10 + 2000; i++) cmds.push(['XADD', 'bn', `${i}-0`, 'f', String(i)]);
      cmds.push(['XGROUP', 'CREATE', 'bn', 'g', '0']);
      await send(p, cmds, 300000);
    },
    cmd: ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'COUNT', '10', 'STREAMS', 'bn', '>'],
  },
  { name: 'XRANGE - + COUNT 10', setup: async (p) => { const c: string[][] = [['DEL', 'br']]; for (let i = 1; i <= 1000; i++) c.push(['XADD', 'br', `${i}-0`, 'f', String(i)]); await send(p, c); }, cmd: ['XRANGE', 'br', '-', '+', 'COUNT', '10'] },
];

async function main(): Promise<void> {
  const results: { test: string; p: number; ours: number; redis: number }[] = [];
  for (const p of PIPELINES) {
    for (const t of tests) {
      if (ONLY.length && !ONLY.some((o) => t.name.toLowerCase().includes(o))) continue;
      const row = { test: t.name, p, ours: 0, redis: 0, oursCpu: 0, redisCpu: 0 };
      for (const which of ['redis', 'ours'] as const) {
        const s = await (which === 'ours' ? startOurs() : startRedis());
        try {
          await t.setup(s.port);
          bench(s.port, p, WARM, t.cmd); // warm-up (JIT, first GCs), not measured
          const c0 = cpuSeconds(s.proc.pid!);
          row[which] = bench(s.port, p, N, t.cmd);
          row[which === 'ours' ? 'oursCpu' : 'redisCpu'] = ((cpuSeconds(s.proc.pid!) - c0) / N) * 1e6;
        } finally { await stop(s); }
      }
      results.push(row);
      console.log(`${t.name.padEnd(28)} P=${String(p).padEnd(3)} ours ${row.ours.toFixed(0).padStart(7)}/s  redis ${row.redis.toFixed(0).padStart(7)}/s  ratio ${(row.ours / row.redis).toFixed(2)}`
        + `   CPU/op ours ${row.oursCpu.toFixed(2)}µs redis ${row.redisCpu.toFixed(2)}µs  cpu ratio (redis/ours) ${(row.redisCpu / row.oursCpu).toFixed(2)}`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
