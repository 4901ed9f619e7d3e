/**
 * MIGRATE throughput, our engine vs redis-server as the SOURCE (each source has its own
 * redis-server target): keys moved per second and the source's CPU (user+sys) per key,
 * single-key MIGRATEs pipelined on one connection and `KEYS` batches of 100, measured
 * alternately in one run.
 *   npx tsx scripts/bench/migrate.ts [--keys 5000] [--runs 3]
 */
import { startOurs, startRedis, stop, send, cpuSeconds, loadAvg, type Srv } from './servers.js';

const arg = (n: string, d: number) => { const i = process.argv.indexOf(n); return i > 0 ? Number(process.argv[i + 1]) : d; };
const KEYS = arg('--keys', 5000);
const RUNS = arg('--runs', 3);
const VALUE = 'v'.repeat(100);

async function fill(src: Srv): Promise<void> {
  await send(src.port, [['FLUSHALL']]);
  for (let i = 0; i < KEYS; i += 1000) {
    const mset = ['MSET'];
    for (let k = i; k < Math.min(KEYS, i + 1000); k++) mset.push(`key:${k}`, VALUE);
    await send(src.port, [mset]);
  }
}

/** Moves every key; returns [seconds, source CPU seconds]. */
async function migrate(src: Srv, dst: Srv, batch: number): Promise<[number, number]> {
  await send(dst.port, [['FLUSHALL']]);
  const cmds: string[][] = [];
  for (let i = 0; i < KEYS; i += batch) {
    if (batch === 1) cmds.push(['MIGRATE', '127.0.0.1', String(dst.port), `key:${i}`, '0', '5000']);
    else cmds.push(['MIGRATE', '127.0.0.1', String(dst.port), '', '0', '5000', 'KEYS', ...Array.from({ length: Math.min(batch, KEYS - i) }, (_, k) => `key:${i + k}`)]);
  }
  const c0 = cpuSeconds(src), t0 = performance.now();
  const out = await send(src.port, cmds, 600000);
  const secs = (performance.now() - t0) / 1000, cpu = cpuSeconds(src) - c0;
  const ok = out.split('+OK\r\n').length - 2; // minus QUIT's
  if (ok !== cmds.length) throw new Error(`${src.name}: ${ok}/${cmds.length} MIGRATEs answered OK: ${out.slice(0, 200)}`);
  return [secs, cpu];
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const ours = await startOurs(), redis = await startRedis(), t1 = await startRedis(), t2 = await startRedis();
try {
  for (const batch of [1, 100]) {
    const r: Record<string, { kps: number[]; cpuUs: number[] }> = { ours: { kps: [], cpuUs: [] }, redis: { kps: [], cpuUs: [] } };
    for (let run = 0; run < RUNS; run++) {
      for (const [src, dst] of [[ours, t1], [redis, t2]] as const) {
        await fill(src);
        const [secs, cpu] = await migrate(src, dst, batch);
        r[src.name].kps.push(KEYS / secs);
        r[src.name].cpuUs.push((cpu / KEYS) * 1e6);
      }
    }
    const o = r.ours, d = r.redis;
    console.log(`MIGRATE ${batch === 1 ? 'one key per call' : `KEYS x${batch}`} (${KEYS} keys, median of ${RUNS}, load ${loadAvg()}): ` +
      `ours ${median(o.kps).toFixed(0)} keys/s, redis ${median(d.kps).toFixed(0)} keys/s, ratio ${(median(o.kps) / median(d.kps)).toFixed(2)}; ` +
      `source CPU µs/key ours ${median(o.cpuUs).toFixed(1)} redis ${median(d.cpuUs).toFixed(1)}, ratio ${(median(o.cpuUs) / median(d.cpuUs)).toFixed(2)}`);
  }
} finally {
  await Promise.all([stop(ours), stop(redis), stop(t1), stop(t2)]);
}
