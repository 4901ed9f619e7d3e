/**
 * Lazy free accounting, differential: the same operations on our node and on
 * redis-server 7.0.15, then INFO `lazyfreed_objects` (after the background free is
 * done: `lazyfree_pending_objects` back to 0) must match after every step.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { haveRedis, startRealRedis, RawConn, type RealRedis } from './diff.js';
import { ReplStream } from './replstream.js';

type Step = string[] | { sleep: number };
interface Case { name: string; steps: Step[] }

const range = (n: number, f: (i: number) => string[]) => Array.from({ length: n }, (_, i) => f(i)).flat();
const bigSet = (k: string, n = 100) => ['SADD', k, ...range(n, (i) => [`m${i}`])];
const intSet = (k: string, n = 100) => ['SADD', k, ...range(n, (i) => [String(i)])];
const bigHash = (k: string, n = 200) => ['HSET', k, ...range(n, (i) => [`f${i}`, 'v'])];
const bigZset = (k: string, n = 200) => ['ZADD', k, ...range(n, (i) => [String(i), `m${i}`])];

const CASES: Case[] = [
  { name: 'UNLINK: only values with a free effort above 64', steps: [
    ['SET', 's', 'v'], ['UNLINK', 's'],
    bigSet('hs', 64), ['UNLINK', 'hs'], bigSet('hs', 65), ['UNLINK', 'hs'],
    intSet('is'), ['UNLINK', 'is'],
    bigHash('lh', 100), ['UNLINK', 'lh'], bigHash('hh'), ['UNLINK', 'hh'],
    bigZset('lz', 100), ['UNLINK', 'lz'], bigZset('sz'), ['UNLINK', 'sz'],
    bigSet('a'), bigSet('b'), ['SET', 'c', '1'], ['UNLINK', 'a', 'b', 'c', 'missing'],
  ] },
  { name: 'lists: quicklist nodes, not elements', steps: [
    ['RPUSH', 'l', ...range(5000, (i) => [String(i)])], ['UNLINK', 'l'],
    ['RPUSH', 'l', ...range(2000, () => ['y'.repeat(300)])], ['UNLINK', 'l'],
    ['CONFIG', 'SET', 'list-max-listpack-size', '5'], ['RPUSH', 'l', ...range(320, (i) => [String(i)])], ['UNLINK', 'l'],
    ['RPUSH', 'l', ...range(330, (i) => [String(i)])], ['UNLINK', 'l'], ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
  ] },
  { name: 'DEL is lazy only with lazyfree-lazy-user-del', steps: [
    bigSet('a'), ['DEL', 'a'], ['CONFIG', 'SET', 'lazyfree-lazy-user-del', 'yes'], bigSet('a'), ['DEL', 'a'],
    ['CONFIG', 'SET', 'lazyfree-lazy-user-del', 'no'],
  ] },
  { name: 'FLUSHDB / FLUSHALL ASYNC count every key; lazyfree-lazy-user-flush', steps: [
    ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['FLUSHDB', 'ASYNC'], ['MSET', 'a', '1', 'b', '2'], ['FLUSHDB'], ['FLUSHDB', 'SYNC'],
    ['MSET', 'a', '1', 'b', '2'], ['SELECT', '3'], ['MSET', 'x', '1'], ['FLUSHALL', 'ASYNC'], ['FLUSHALL', 'ASYNC'],
    ['MSET', 'x', '1'], ['FLUSHALL'], ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'yes'],
    ['MSET', 'x', '1', 'y', '2'], ['FLUSHALL'], ['MSET', 'x', '1'], ['FLUSHDB'], ['MSET', 'x', '1'], ['FLUSHDB', 'SYNC'],
    ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'no'], ['SELECT', '0'],
  ] },
  { name: 'lazyfree-lazy-server-del: overwrites and implicit deletes', steps: [
    bigSet('a'), ['SET', 'a', 'x'], bigSet('b'), bigSet('c'), ['RENAME', 'b', 'c'],
    ['CONFIG', 'SET', 'lazyfree-lazy-server-del', 'yes'],
    bigSet('a2'), ['SET', 'a2', 'x'], bigSet('b2'), bigSet('c2'), ['RENAME', 'b2', 'c2'],
    bigHash('h'), bigSet('s'), ['COPY', 'h', 's', 'REPLACE'], bigZset('z'), ['SET', 'k', 'v'], ['DUMP', 'k'],
    ['SINTERSTORE', 'z', 's', 'nothing'], ['MOVE', 'c2', '5'], bigSet('sp'), ['SPOP', 'sp', '1000'],
    bigSet('u1'), bigSet('u2', 30), intSet('i1', 60), intSet('i2', 60), ['SUNION', 'u1', 'u2'], ['SDIFF', 'u1', 'u2'], ['SUNION', 'i1', 'i2'],
    ['SUNION', 'u2', 'i1'], ['SINTER', 'u1', 'u1'], ['SDIFF', 'u1', 'u1'], intSet('sp', 100), ['SPOP', 'sp', '1000'],
    ['CONFIG', 'SET', 'lazyfree-lazy-server-del', 'no'], bigSet('sp'), ['SPOP', 'sp', '1000'], ['SUNION', 'u1', 'u2'],
  ] },
  { name: 'lazyfree-lazy-expire: expired and past-expiry keys', steps: [
    bigSet('a'), ['PEXPIRE', 'a', '1'], { sleep: 20 }, ['EXISTS', 'a'],
    ['CONFIG', 'SET', 'lazyfree-lazy-expire', 'yes'],
    bigSet('b'), ['PEXPIRE', 'b', '1'], { sleep: 20 }, ['EXISTS', 'b'], bigSet('c'), ['EXPIRE', 'c', '-1'],
    bigHash('h'), ['PEXPIRE', 'h', '1'], { sleep: 300 }, ['DBSIZE'],
    ['CONFIG', 'SET', 'lazyfree-lazy-expire', 'no'],
  ] },
  { name: 'streams: nodes and consumer groups (unit/lazyfree)', steps: [
    ['CONFIG', 'SET', 'stream-node-max-entries', '5'],
    ...Array.from({ length: 400 }, (_, j) => ['XADD', 'st', `${j + 1}-1`, j % 10 === 0 ? 'bar' : 'foo', String(j)]),
    ['XGROUP', 'CREATE', 'st', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'Alice', 'COUNT', '2', 'STREAMS', 'st', '>'], ['UNLINK', 'st'],
    ['XADD', 's', '1-1', 'a', 'b'], ['XGROUP', 'CREATE', 's', 'bla', '$'], ['XGROUP', 'DESTROY', 's', 'bla'], ['UNLINK', 's'],
    ...Array.from({ length: 40 }, (_, j) => ['XADD', 'p', `${j + 1}-1`, 'f', 'v']),
    ['XGROUP', 'CREATE', 'p', 'g1', '0'], ['XGROUP', 'CREATE', 'p', 'g2', '0'],
    ['XREADGROUP', 'GROUP', 'g1', 'c', 'COUNT', '40', 'STREAMS', 'p', '>'], ['UNLINK', 'p'],
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ] },
  { name: 'CONFIG RESETSTAT clears lazyfreed_objects', steps: [
    bigSet('a'), ['UNLINK', 'a'], ['CONFIG', 'RESETSTAT'], bigSet('a'), ['UNLINK', 'a'], ['CONFIG', 'RESETSTAT'],
  ] },
];

async function lazyInfo(c: RawConn): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const r = await c.command(['INFO', 'memory']);
    const pending = /lazyfree_pending_objects:(\d+)/.exec(r)?.[1];
    if (pending === '0') return `lazyfreed_objects:${/lazyfreed_objects:(\d+)/.exec(r)?.[1]}`;
    await new Promise((res) => setTimeout(res, 10));
  }
  return 'pending never reached 0';
}

async function run(port: number, steps: Step[]): Promise<string[]> {
  const c = await RawConn.open(port);
  try {
    await c.command(['FLUSHALL']);
    await c.command(['CONFIG', 'RESETSTAT']);
    const out: string[] = [];
    for (const st of steps) {
      if ('sleep' in st) { await new Promise((r) => setTimeout(r, st.sleep)); continue; }
      const r = await c.command(st, 10000);
      // aggregates: only their length (set members come in each server's hash order); DUMP: only its type byte
      const shown = st[0] === 'DUMP' || st[0] === 'XREADGROUP' ? r[0] : '*~'.includes(r[0]) ? r.slice(0, r.indexOf('\r\n')) : r.slice(0, 60);
      out.push(`${st.slice(0, 4).join(' ')} => ${shown} | ${await lazyInfo(c)}`);
    }
    return out;
  } finally { c.close(); }
}

const d = haveRedis ? describe : describe.skip;
d('diff: lazy free accounting (INFO lazyfree_pending_objects / lazyfreed_objects)', () => {
  let real: RealRedis, ours: RedisServer, ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis(['--repl-diskless-sync', 'no']);
    ours = new RedisServer({ port: 0, allowRestrictedCommands: true });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); });
  for (const tc of CASES) {
    it(tc.name, async () => {
      const expected = await run(real.port, tc.steps);
      const actual = await run(ourPort, tc.steps);
      expect(actual).toEqual(expected);
    }, 30000);
  }

  it('expired keys propagate as UNLINK under lazyfree-lazy-expire (propagateDeletion), GETDEL under lazyfree-lazy-user-del', async () => {
    const streams: string[][] = [];
    for (const port of [real.port, ourPort]) {
      const c = await RawConn.open(port);
      await c.command(['FLUSHALL']);
      const rep = await ReplStream.open(port);
      await c.command(['SET', 'a', '1', 'PX', '1']); await c.command(['SET', 'b', '1']);
      await new Promise((r) => setTimeout(r, 20));
      await c.command(['GET', 'a']); await c.command(['EXPIRE', 'b', '-1']);
      await c.command(['CONFIG', 'SET', 'lazyfree-lazy-expire', 'yes']);
      await c.command(['SET', 'a', '1', 'PX', '1']); await c.command(['SET', 'b', '1']);
      await new Promise((r) => setTimeout(r, 20));
      await c.command(['GET', 'a']); await c.command(['EXPIRE', 'b', '-1']);
      await c.command(['SET', 'g', '1']); await c.command(['GETEX', 'g', 'PXAT', '1']);
      await c.command(['CONFIG', 'SET', 'lazyfree-lazy-user-del', 'yes']); await c.command(['SET', 'h', '1']); await c.command(['GETDEL', 'h']);
      await c.command(['CONFIG', 'SET', 'lazyfree-lazy-user-del', 'no']); await c.command(['SET', 'h', '1']); await c.command(['GETDEL', 'h']);
      await c.command(['CONFIG', 'SET', 'lazyfree-lazy-expire', 'no']);
      await c.command(['SET', 'end', '1']);
      streams.push((await rep.until((cmds) => cmds.some((x) => x[1] === 'end'))).filter((x) => !x.startsWith('SET ')));
      rep.close(); c.close();
    }
    expect(streams[0]).toEqual(['SELECT 0', 'DEL a', 'DEL b', 'UNLINK a', 'UNLINK b', 'UNLINK g', 'UNLINK h', 'DEL h']);
    expect(streams[1]).toEqual(streams[0]);
  });

  it('lazyfree-lazy-eviction: evicted big values are freed lazily (ours only: eviction depends on memory figures)', async () => {
    const c = await RawConn.open(ourPort);
    try {
      await c.command(['FLUSHALL']); await c.command(['CONFIG', 'RESETSTAT']);
      for (let i = 0; i < 20; i++) await c.command(bigSet(`s${i}`, 200));
      await c.command(['CONFIG', 'SET', 'lazyfree-lazy-eviction', 'yes']);
      await c.command(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random']);
      const used = Number(/used_memory:(\d+)/.exec(await c.command(['INFO', 'memory']))![1]);
      await c.command(['CONFIG', 'SET', 'maxmemory', String(used - 20000)]);
      await c.command(['SET', 'x', 'y']);
      const evicted = Number(/evicted_keys:(\d+)/.exec(await c.command(['INFO', 'stats']))![1]);
      expect(evicted).toBeGreaterThan(0);
      expect(await lazyInfo(c)).toBe(`lazyfreed_objects:${evicted}`);
    } finally {
      await c.command(['CONFIG', 'SET', 'maxmemory', '0']);
      await c.command(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
      await c.command(['CONFIG', 'SET', 'lazyfree-lazy-eviction', 'no']);
      c.close();
    }
  });
});
