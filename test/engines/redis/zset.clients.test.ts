/**
 * Sorted sets with real clients (ioredis, node-redis RESP2/RESP3): blocking
 * pops woken by ZADD (also from EXEC), fairness, timeouts, CLIENT UNBLOCK,
 * pipelines; and what is propagated to replicas/AOF.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RawConn, encode } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const withTimeout = <T>(p: Promise<T>, ms = 3000) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);

describe('zsets with real clients', () => {
  let srv: RedisServer;
  let port = 0;
  const log: string[] = [];
  beforeAll(async () => {
    srv = new RedisServer({ allowRestrictedCommands: true });
    port = (await srv.listen()).port;
    srv.core.ks.propagateHooks.push((db, argv) => log.push(`${db}:${argv.join(' ')}`));
  });
  afterAll(async () => { await srv.close(); });
  const blockedCount = () => [...srv.core.clients.values()].filter((x) => x.blocked).length;
  const waitBlocked = async (n: number) => { for (let i = 0; i < 400 && blockedCount() < n; i++) await sleep(5); };

  it('ioredis: BZPOPMIN woken by ZADD, BZPOPMAX timeout, pipeline', async () => {
    const a = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    const b = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    await a.connect(); await b.connect();
    try {
      await b.del('bz');
      const waiting = a.bzpopmin('bz', 0);
      await waitBlocked(1);
      expect(await b.zadd('bz', 3, 'c', 1, 'a', 2, 'b')).toBe(3);
      expect(await withTimeout(waiting)).toEqual(['bz', 'a', '1']);
      const t0 = Date.now();
      expect(await a.bzpopmax('empty', 0.1)).toBeNull();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
      const res = await b.pipeline().zadd('p', 1, 'x', 2.5, 'y').zincrby('p', 1, 'x').zrange('p', '0', '-1', 'WITHSCORES').zscore('p', 'y')
        .zrangebyscore('p', '(1', '+inf').zpopmax('p').zcard('p').zrank('p', 'x').exec();
      expect(res!.map((r) => r[1])).toEqual([2, '2', ['x', '2', 'y', '2.5'], '2.5', ['x', 'y'], ['y', '2.5'], 1, 0]);
      expect(await b.bzpopmax('p', 0)).toEqual(['p', 'x', '2']);
      expect(await b.exists('p')).toBe(0);
    } finally { a.disconnect(); b.disconnect(); }
  });

  it('node-redis RESP2 and RESP3: zRangeWithScores, bzPopMin, zmPop', async () => {
    for (const RESP of [2, 3] as const) {
      const c = createClient({ RESP, socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false } } as Parameters<typeof createClient>[0]);
      await c.connect();
      const blocker = c.duplicate();
      await blocker.connect();
      try {
        await c.del(['nz', 'nz2']);
        await c.zAdd('nz', [{ score: 1, value: 'a' }, { score: 2.5, value: 'b' }]);
        expect(await c.zRangeWithScores('nz', 0, -1)).toEqual([{ value: 'a', score: 1 }, { value: 'b', score: 2.5 }]);
        expect(await c.zScore('nz', 'b')).toBe(2.5);
        const waiting = blocker.bzPopMin('nz2', 0);
        await waitBlocked(1);
        await c.zAdd('nz2', { score: 7, value: 'q' });
        expect(await withTimeout(waiting)).toEqual({ key: 'nz2', value: 'q', score: 7 });
        expect(await c.zmPop('nz', 'MAX', { COUNT: 5 })).toEqual({ key: 'nz', members: [{ value: 'b', score: 2.5 }, { value: 'a', score: 1 }] });
        expect(await blocker.bzPopMax('nz3', 0.05)).toBeNull();
      } finally { await blocker.quit().catch(() => undefined); await c.quit().catch(() => undefined); }
    }
  });

  it('fairness: clients are served in the order they blocked; EXEC wakes after the transaction', async () => {
    const a = await RawConn.open(port), b = await RawConn.open(port), d = await RawConn.open(port), admin = await RawConn.open(port);
    try {
      await admin.command(['FLUSHALL']);
      log.length = 0;
      a.send(encode(['BZPOPMIN', 'k1', 'k2', '0']));
      await waitBlocked(1);
      b.send(encode(['BZPOPMAX', 'k2', '0']));
      await waitBlocked(2);
      d.send(encode(['BZMPOP', '0', '2', 'k2', 'k1', 'MIN', 'COUNT', '5']));
      await waitBlocked(3);
      // the transaction creates k2 with 3 elements and removes one before EXEC ends: waiters see the final state
      await admin.command(['MULTI']);
      await admin.command(['ZADD', 'k2', '1', 'a', '2', 'b', '3', 'c', '4', 'd']);
      await admin.command(['ZREM', 'k2', 'd']);
      expect(await admin.command(['EXEC'])).toBe('*2\r\n:4\r\n:1\r\n');
      expect(await a.read()).toBe('*3\r\n$2\r\nk2\r\n$1\r\na\r\n$1\r\n1\r\n');
      expect(await b.read()).toBe('*3\r\n$2\r\nk2\r\n$1\r\nc\r\n$1\r\n3\r\n');
      expect(await d.read()).toBe('*2\r\n$2\r\nk2\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n');
      expect(await admin.command(['EXISTS', 'k2'])).toBe(':0\r\n');
      expect(log).toEqual([
        '0:FLUSHALL', '0:MULTI', '0:ZADD k2 1 a 2 b 3 c 4 d', '0:ZREM k2 d', '0:EXEC', '0:ZPOPMIN k2', '0:ZPOPMAX k2', '0:ZPOPMIN k2 1',
      ].filter((x) => x !== '0:FLUSHALL' || log[0] === x));
    } finally { a.close(); b.close(); d.close(); admin.close(); }
  });

  it('propagation of pops, timeouts, CLIENT UNBLOCK, wrong type does not wake', async () => {
    const a = await RawConn.open(port), admin = await RawConn.open(port);
    try {
      await admin.command(['FLUSHALL']);
      log.length = 0;
      await admin.command(['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd']);
      await admin.command(['BZPOPMIN', 'z', '0']);
      await admin.command(['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '9']);
      await admin.command(['ZADD', 'z', '1', 'a', '2', 'b']);
      await admin.command(['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1']);
      await admin.command(['ZPOPMAX', 'z', '5']);
      await admin.command(['ZPOPMIN', 'z']);
      expect(log).toEqual(['0:ZADD z 1 a 2 b 3 c 4 d', '0:ZPOPMIN z', '0:ZPOPMAX z 3', '0:ZADD z 1 a 2 b', '0:ZPOPMIN z 1', '0:ZPOPMAX z 5']);
      // timeout
      const t0 = Date.now();
      expect(await a.command(['BZPOPMIN', 'none', '0.1'])).toBe('*-1\r\n');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
      // CLIENT UNBLOCK
      const id = (await a.command(['CLIENT', 'ID'])).slice(1).trim();
      a.send(encode(['BZPOPMAX', 'none', '0']));
      await waitBlocked(1);
      await admin.command(['SET', 'none', 'str']);
      await sleep(20);
      expect(blockedCount()).toBe(1);
      expect(await admin.command(['CLIENT', 'UNBLOCK', id, 'ERROR'])).toBe(':1\r\n');
      expect(await a.read()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
      a.send(encode(['BZPOPMAX', 'none2', '0']));
      await waitBlocked(1);
      expect(await admin.command(['CLIENT', 'UNBLOCK', id])).toBe(':1\r\n');
      expect(await a.read()).toBe('*-1\r\n');
      // ZRANGESTORE / ZUNIONSTORE wake a blocked client, RESP3 reply shape
      await a.command(['HELLO', '3']);
      a.send(encode(['BZMPOP', '0', '1', 'dst', 'MAX']));
      await waitBlocked(1);
      await admin.command(['ZADD', 'src', '1.5', 'm']);
      await admin.command(['ZUNIONSTORE', 'dst', '1', 'src']);
      expect(await a.read()).toBe('*2\r\n$3\r\ndst\r\n*1\r\n*2\r\n$1\r\nm\r\n,1.5\r\n');
    } finally { a.close(); admin.close(); }
  });

  it('memory accounting follows adds and removals', async () => {
    const c = await RawConn.open(port);
    try {
      await c.command(['FLUSHALL']);
      const before = srv.core.ks.usedMemory;
      const args: string[] = [];
      for (let i = 0; i < 300; i++) args.push(String(i), 'member:' + i);
      await c.command(['ZADD', 'mz', ...args]);
      const mid = srv.core.ks.usedMemory;
      expect(mid - before).toBeGreaterThan(300 * 10);
      const usage = Number((await c.command(['MEMORY', 'USAGE', 'mz'])).slice(1));
      // MEMORY USAGE sizes the value as Redis does (memusage.ts); the keyspace's own
      // accounting (used_memory, eviction) is a separate estimate: same ballpark.
      const accounted = srv.core.ks.dbs[0].peek('mz')!.mem;
      expect(usage).toBeGreaterThan(accounted / 2);
      expect(usage).toBeLessThan(accounted * 2);
      await c.command(['ZREMRANGEBYRANK', 'mz', '0', '149']);
      const after = srv.core.ks.usedMemory;
      expect(after).toBeLessThan(mid);
      await c.command(['DEL', 'mz']);
      expect(srv.core.ks.usedMemory).toBe(before);
    } finally { c.close(); }
  });
});
