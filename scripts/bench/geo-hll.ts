/**
 * Benchmark: PFADD, GEOADD and GEOSEARCH on our engine (in its own child
 * process) vs redis-server, driven by redis-benchmark in one run; prints
 * ops/s, the server's CPU µs per op and the ours/redis ratio.
 *
 *   npx tsx scripts/bench/geo-hll.ts [N=100000] [--only=GEO]
 *
 * The search tests run against a set of 50 000 points spread over a
 * 4°×4° area (same points on both servers).
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { send, startOurs, startRedis, stop, type Srv } from './servers.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
/** --only=GEO: run only the tests whose name starts with that prefix. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? '';


function cpuSec(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
}

/** redis-benchmark with an arbitrary command (__rand_int__ is replaced by a random 12-digit number below -r). */
function bench(srv: Srv, n: number, pipeline: number, argv: string[]): { ops: number; cpuUs: number } {
  const c0 = cpuSec(srv.proc.pid!);
  const out = execFileSync('redis-benchmark', ['-p', String(srv.port), '-q', '--csv', '-n', String(n), '-c', '50', '-P', String(pipeline), '-r', '1000000', ...argv],
    { encoding: 'utf8', timeout: 300000 });
  const line = out.split('\n').filter((l) => l.startsWith('"')).pop() ?? '';
  const ops = Number((line.split(',')[1] ?? '').replace(/"/g, ''));
  return { ops, cpuUs: ((cpuSec(srv.proc.pid!) - c0) * 1e6) / n };
}

/** 50 000 points on a 4°×4° grid-ish pattern around (13, 38), identical on both servers. */
async function loadPoints(port: number): Promise<void> {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (let b = 0; b < 50; b++) {
    const cmd = ['GEOADD', 'pts'];
    for (let i = 0; i < 1000; i++) cmd.push((11 + rnd() * 4).toFixed(6), (36 + rnd() * 4).toFixed(6), `p${b * 1000 + i}`);
    await send(port, [cmd]);
  }
}

const TESTS: { name: string; n: number; argv: string[] }[] = [
  { name: 'PFADD (random element)', n: N, argv: ['PFADD', 'hll', '__rand_int__'] },
  { name: 'PFADD (10 elements)', n: N / 2, argv: ['PFADD', 'hll2', ...Array.from({ length: 10 }, (_, i) => `e${i}:__rand_int__`)] },
  { name: 'PFCOUNT (dense)', n: N / 2, argv: ['PFCOUNT', 'hll'] },
  // in-place writes to a 1 MB string (big1..3 are created below). Offsets are fixed: __rand_int__ is
  // zero-padded, which integer arguments reject; every call still changes the value.
  { name: 'BITFIELD INCRBY (1 MB value)', n: N, argv: ['BITFIELD', 'big1', 'INCRBY', 'u8', '800000', '1'] },
  { name: 'SETRANGE (1 MB value, 12 bytes)', n: N, argv: ['SETRANGE', 'big2', '500000', '__rand_int__'] },
  { name: 'APPEND (1 MB value, 8 bytes)', n: N, argv: ['APPEND', 'big3', 'abcdefgh'] },
  { name: 'GEOADD (random point)', n: N, argv: ['GEOADD', 'g', '13.__rand_int__', '38.__rand_int__', 'm:__rand_int__'] },
  { name: 'GEOPOS', n: N, argv: ['GEOPOS', 'pts', 'p1', 'p2', 'p3'] },
  { name: 'GEODIST', n: N, argv: ['GEODIST', 'pts', 'p1', 'p2', 'km'] },
  { name: 'GEOSEARCH 5 km radius ASC COUNT 10', n: N / 5, argv: ['GEOSEARCH', 'pts', 'FROMLONLAT', '13.1', '38.1', 'BYRADIUS', '5', 'km', 'ASC', 'COUNT', '10'] },
  { name: 'GEOSEARCH 10 km box WITHDIST', n: N / 10, argv: ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p42', 'BYBOX', '10', '10', 'km', 'WITHDIST'] },
  { name: 'GEOSEARCH 50 km radius COUNT 5 ANY', n: N / 5, argv: ['GEOSEARCH', 'pts', 'FROMLONLAT', '12', '37', 'BYRADIUS', '50', 'km', 'COUNT', '5', 'ANY'] },
  { name: 'GEORADIUS 30 km WITHCOORD', n: N / 20, argv: ['GEORADIUS', 'pts', '13', '38', '30', 'km', 'WITHCOORD'] },
  // every stored distance goes through the bit-exact glibc sin/cos/asin path (~360 points)
  { name: 'GEOSEARCHSTORE 10 km STOREDIST', n: N / 20, argv: ['GEOSEARCHSTORE', 'dst', 'pts', 'FROMLONLAT', '13.1', '38.1', 'BYRADIUS', '10', 'km', 'STOREDIST'] },
];

const ours = await startOurs();
const redis = await startRedis();
try {
  await loadPoints(ours.port);
  await loadPoints(redis.port);
  for (const port of [ours.port, redis.port]) await send(port, ['big1', 'big2', 'big3'].map((k) => ['SETRANGE', k, '1048575', 'x']));
  const a = await send(ours.port, [['GEOSEARCH', 'pts', 'FROMLONLAT', '13', '38', 'BYRADIUS', '30', 'km', 'ASC']]);
  const b = await send(redis.port, [['GEOSEARCH', 'pts', 'FROMLONLAT', '13', '38', 'BYRADIUS', '30', 'km', 'ASC']]);
  if (a !== b) console.log('WARNING: GEOSEARCH replies differ between the servers');
  const store = [['GEOSEARCHSTORE', 'chk', 'pts', 'FROMLONLAT', '13', '38', 'BYRADIUS', '30', 'km', 'STOREDIST'], ['ZRANGE', 'chk', '0', '-1', 'WITHSCORES']];
  if (await send(ours.port, store) !== await send(redis.port, store)) console.log('WARNING: STOREDIST scores differ between the servers');
  console.log(`redis-benchmark -c 50 (ops/s; server CPU µs/op)`);
  console.log(`load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ratio = ops ours/redis, cpu = CPU µs/op redis/ours (both: higher is better for us)`);
  console.log(`${'test'.padEnd(38)} ${'P'.padStart(2)} ${'ours'.padStart(10)} ${'redis'.padStart(10)} ${'ratio'.padStart(6)} ${'µs ours'.padStart(8)} ${'µs redis'.padStart(8)} ${'cpu'.padStart(5)}`);
  for (const t of TESTS) {
    if (!t.name.startsWith(ONLY)) continue;
    for (const p of [1, 16]) {
      const o = bench(ours, t.n, p, t.argv);
      const r = bench(redis, t.n, p, t.argv);
      console.log(`${t.name.padEnd(38)} ${String(p).padStart(2)} ${o.ops.toFixed(0).padStart(10)} ${r.ops.toFixed(0).padStart(10)} ${(o.ops / r.ops).toFixed(2).padStart(6)} ${o.cpuUs.toFixed(1).padStart(8)} ${r.cpuUs.toFixed(1).padStart(8)} ${(r.cpuUs / o.cpuUs).toFixed(2).padStart(5)}`);
    }
  }
} finally {
  await stop(ours);
  await stop(redis);
}
