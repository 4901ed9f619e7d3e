/** OBJECT and MEMORY for every data type, against redis-server 7.0. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { diffSuite, haveRedis, startRealRedis, runSteps, type DiffCase, type RealRedis, type Step } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';

const seq = (n: number, p = '') => Array.from({ length: n }, (_, i) => `${p}${i}`);

/** One key of every type and encoding (the "geo" key is a zset; HLL is a string). */
const SETUP: Step[] = [
  ['SET', 'sint', '12345'], ['SET', 'sneg', '-9223372036854775808'], ['SET', 'sbig', '92233720368547758070'], ['SET', 'semb', 'hello'],
  ['SET', 's44', 'x'.repeat(44)], ['SET', 's45', 'x'.repeat(45)], ['SET', 'slong', 'y'.repeat(300)], ['SET', 'shuge', 'z'.repeat(70000)],
  ['APPEND', 'sapp', 'x'], ['SETRANGE', 'srange', '0', 'abc'], ['INCRBYFLOAT', 'sfl', '1.5'], ['SET', 's10000', '10000'],
  ['RPUSH', 'l', 'a', 'b', 'c'], ['RPUSH', 'lnum', '1', '200', '70000', '-5', '9999999999'], ['RPUSH', 'lbig', ...seq(3000, 'element-')],
  ['HSET', 'h', 'f', 'v', 'n', '12'], ['HSET', 'hbig', ...seq(300, 'f')], ['SADD', 'si', '1', '2', '3'], ['SADD', 'si4', '1', '100000'],
  ['SADD', 'si8', '1', '10000000000'], ['SADD', 'ss', 'a', 'b'], ['SADD', 'sbigset', ...seq(1000, 'm')],
  ['ZADD', 'z', '1', 'a', '2.5', 'b', '-3', 'c'], ['GEOADD', 'geo', '13.361389', '38.115556', 'Palermo'],
];
const KEYS = ['sint', 'sneg', 'sbig', 'semb', 's44', 's45', 'slong', 'shuge', 'sapp', 'srange', 'sfl', 's10000', 'l', 'lnum', 'lbig', 'h', 'hbig', 'si', 'si4', 'si8', 'ss', 'sbigset', 'z', 'geo'];

const cases: DiffCase[] = [
  { name: 'OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP for every type', resp: 'both', steps: [
    ...SETUP, ...KEYS.map((k) => ['OBJECT', 'ENCODING', k]), ...KEYS.map((k) => ['OBJECT', 'REFCOUNT', k]),
    ...KEYS.map((k) => ({ cmd: ['OBJECT', 'IDLETIME', k], typeOnly: true })), // seconds: timing-dependent ['OBJECT', 'FREQ', 'semb'], ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'REFCOUNT', 'nokey'],
    ['OBJECT', 'IDLETIME', 'nokey'], ['OBJECT', 'FREQ', 'nokey'], ['OBJECT', 'HELP'], ['OBJECT', 'FOO'], ['OBJECT', 'ENCODING'], ['OBJECT', 'ENCODING', 'a', 'b'],
    ['OBJECT', 'HELP', 'x'], ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['SET', 'fresh', 'v'], ['OBJECT', 'FREQ', 'fresh'], ['OBJECT', 'IDLETIME', 'fresh'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'], ['ZADD', 'zsk', '1', 'a', '2', 'b', '3', 'c'], ['OBJECT', 'ENCODING', 'zsk'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'], ['CONFIG', 'SET', 'hash-max-listpack-value', '3'], ['HSET', 'hv', 'f', 'long-value'],
    ['OBJECT', 'ENCODING', 'hv'], ['CONFIG', 'SET', 'hash-max-listpack-value', '64']] },
  { name: 'MEMORY USAGE exact for deterministic encodings, argument errors, HELP, DOCTOR', resp: 'both', steps: [
    ...SETUP, ...KEYS.map((k) => ['MEMORY', 'USAGE', k]), ...['l', 'lbig', 'hbig', 'sbigset'].map((k) => ['MEMORY', 'USAGE', k, 'SAMPLES', '0']),
    ['MEMORY', 'USAGE', 'lbig', 'SAMPLES', '1'], ['MEMORY', 'USAGE', 'hbig', 'samples', '2', 'SAMPLES', '3'], ['MEMORY', 'USAGE', 'nokey'],
    ['MEMORY', 'USAGE', 'l', 'SAMPLES'], ['MEMORY', 'USAGE', 'l', 'SAMPLES', 'x'], ['MEMORY', 'USAGE', 'l', 'SAMPLES', '-1'], ['MEMORY', 'USAGE', 'l', 'FOO', '1'],
    ['MEMORY', 'USAGE'], ['MEMORY', 'HELP'], ['MEMORY', 'DOCTOR'], ['MEMORY', 'PURGE'], ['MEMORY', 'FOO']] },
];

diffSuite('object-memory', cases);

describe.skipIf(!haveRedis)('MEMORY USAGE ballpark and monotonic', () => {
  let real: RealRedis;
  let ours: RedisServer;
  beforeAll(async () => {
    real = await startRealRedis();
    ours = new RedisServer({ allowRestrictedCommands: true });
    await ours.listen();
  }, 20_000);
  afterAll(async () => { await ours?.close(); await real?.stop(); });

  const num = (r: string) => Number(/^:(\d+)/.exec(r)![1]);

  it('random-level skiplists and grown HLL strings stay within 35% of redis-server', async () => {
    const steps: Step[] = [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'], ['ZADD', 'zsk', ...seq(200).flatMap((m) => [m, `member-${m}`])], ['MEMORY', 'USAGE', 'zsk', 'SAMPLES', '0'],
      ['PFADD', 'hll', ...seq(3)], ['MEMORY', 'USAGE', 'hll'], ['PFADD', 'hll2', ...seq(300)], ['MEMORY', 'USAGE', 'hll2'],
      ['PFADD', 'hll3', ...seq(5000)], ['MEMORY', 'USAGE', 'hll3'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
    ];
    const a = await runSteps(real.port, steps, 2);
    const b = await runSteps(ours.port, steps, 2, ours);
    for (const i of [2, 4, 6, 8]) {
      const ra = num(a[i]), rb = num(b[i]);
      expect(Math.abs(rb - ra) / ra, `step ${i}: ours ${rb} vs redis ${ra}`).toBeLessThan(0.35);
    }
  });

  it('OBJECT and MEMORY USAGE count keyspace hits/misses like redis-server (MEMORY USAGE does not)', async () => {
    const steps: Step[] = [['SET', 'a', '1'], ['CONFIG', 'RESETSTAT'], ['OBJECT', 'ENCODING', 'a'], ['OBJECT', 'REFCOUNT', 'nokey'],
      ['OBJECT', 'IDLETIME', 'a'], ['MEMORY', 'USAGE', 'a'], ['MEMORY', 'USAGE', 'nokey'], ['EXISTS', 'a', 'nokey'], ['TYPE', 'nokey'], ['TTL', 'a'], ['INFO', 'stats']];
    const stats = (r: string[]) => /keyspace_hits:\d+\r\nkeyspace_misses:\d+/.exec(r[r.length - 1])![0];
    expect(stats(await runSteps(ours.port, steps, 2, ours))).toBe(stats(await runSteps(real.port, steps, 2)));
  });

  it('grows with the value for every type', async () => {
    const steps: Step[] = [];
    const sizes = [1, 10, 100, 1000];
    for (const n of sizes) {
      steps.push(['SET', `s${n}`, 'v'.repeat(n * 10)], ['RPUSH', `l${n}`, ...seq(n)], ['HSET', `h${n}`, ...seq(2 * n)], ['SADD', `t${n}`, ...seq(n, 'x')],
        ['ZADD', `z${n}`, ...seq(n).flatMap((m) => [m, m])]);
    }
    for (const p of ['s', 'l', 'h', 't', 'z']) for (const n of sizes) steps.push(['MEMORY', 'USAGE', `${p}${n}`, 'SAMPLES', '0']);
    const out = (await runSteps(ours.port, steps, 2, ours)).slice(sizes.length * 5).map(num);
    for (let t = 0; t < 5; t++) {
      const row = out.slice(t * sizes.length, (t + 1) * sizes.length);
      for (let i = 1; i < row.length; i++) expect(row[i]).toBeGreaterThan(row[i - 1]);
    }
  });
});
