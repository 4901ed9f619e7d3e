/**
 * EVALSHA of small scripts: our engine (child process) vs redis-server, driven by
 * redis-benchmark (-c 50) at pipeline 1 and 16, the two servers measured alternately in
 * one run. Prints ops/s and their ratio, and each server's CPU (user+sys, all threads) per
 * op and the CPU ratio (redis/ours: higher is better for us). Each figure is the median of
 * --reps runs; the load average is printed before and after.
 *   npx tsx scripts/bench/scripting.ts [-n 100000] [--reps 3]
 */
import { execFileSync } from 'node:child_process';
import { send, startOurs, startRedis, stop, cpuSeconds, loadAvg, type Srv } from './servers.js';

const arg = (name: string, def: number): number => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const N = arg('-n', 100000);
const REPS = arg('--reps', 3);
const SCRIPTS: [string, string, string[]][] = [
  ['return 1', 'return 1', []],
  ['return redis.call("incr", KEYS[1])', 'INCR via redis.call', ['1', 'bench:counter']],
  ['redis.call("set", KEYS[1], ARGV[1]) return redis.call("get", KEYS[1])', 'SET+GET via redis.call', ['1', 'bench:k', 'value']],
];

interface Run { ops: number; cpuUs: number }

function bench(srv: Srv, argv: string[], pipeline: number, n: number): Run {
  const c0 = cpuSeconds(srv);
  const out = execFileSync('redis-benchmark', ['-p', String(srv.port), '-q', '--csv', '-n', String(n), '-c', '50', '-P', String(pipeline), ...argv], { encoding: 'utf8', timeout: 300000 });
  const line = out.trim().split('\n').pop() ?? '';
  return { ops: Number(line.split(',')[1]?.replace(/"/g, '')), cpuUs: ((cpuSeconds(srv) - c0) * 1e6) / n };
}
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

async function loadScript(srv: Srv, body: string): Promise<string> {
  const raw = await send(srv.port, [['SCRIPT', 'LOAD', body]], 10000);
  const m = /^\$40\r\n([0-9a-f]{40})\r\n/.exec(raw);
  if (!m) throw new Error(`SCRIPT LOAD on ${srv.name}: ${JSON.stringify(raw)}`);
  return m[1];
}

const ours = await startOurs();
const redis = await startRedis();
try {
  console.log(`EVALSHA, redis-benchmark -n ${N} -c 50, median of ${REPS}; load average ${loadAvg()}`);
  console.log('ratio = ops/s ours/redis; cpu = CPU µs/op redis/ours (user+sys of each server process)');
  for (const P of [1, 16]) {
    console.log(`\npipeline ${P}\n${'script'.padEnd(24)}${'ours'.padStart(9)}${'redis'.padStart(9)}${'ratio'.padStart(7)}${'µs ours'.padStart(9)}${'µs redis'.padStart(9)}${'cpu'.padStart(6)}`);
    for (const [body, label, rest] of SCRIPTS) {
      const sha = await loadScript(ours, body);
      if (await loadScript(redis, body) !== sha) throw new Error('sha mismatch');
      const argv = ['EVALSHA', sha, ...(rest.length ? rest : ['0'])];
      bench(ours, argv, P, Math.min(N, 20000)); // JIT warm-up of our process
      const o: Run[] = [], r: Run[] = [];
      for (let i = 0; i < REPS; i++) { r.push(bench(redis, argv, P, N)); o.push(bench(ours, argv, P, N)); }
      const oo = median(o.map((x) => x.ops)), ro = median(r.map((x) => x.ops));
      const oc = median(o.map((x) => x.cpuUs)), rc = median(r.map((x) => x.cpuUs));
      console.log(`${label.padEnd(24)}${oo.toFixed(0).padStart(9)}${ro.toFixed(0).padStart(9)}${(oo / ro).toFixed(2).padStart(7)}${oc.toFixed(2).padStart(9)}${rc.toFixed(2).padStart(9)}${(rc / oc).toFixed(2).padStart(6)}`);
    }
  }
  console.log(`\nload average after: ${loadAvg()}`);
} finally { await stop(ours); await stop(redis); }
