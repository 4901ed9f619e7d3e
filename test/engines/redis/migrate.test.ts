/**
 * MIGRATE with a real client (ioredis), between two nodes of this process, and what is
 * specific to this engine: only the calling client waits for the target (other clients
 * are served meanwhile), a key changed while its MIGRATE is in flight stays, MULTI/EXEC
 * cannot run it, ElastiCache mode hides it, the connection cache empties after 10 s.
 */
import net from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../engines/redis/index.js';
import { replyEnd } from './diff.js';

/** A target that answers every command with +OK after `delayMs`. */
async function slowTarget(delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const socks = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    socks.add(s);
    s.on('error', () => {});
    let buf = Buffer.alloc(0);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      let n = 0;
      for (let end = replyEnd(buf, 0); end >= 0; end = replyEnd(buf, 0)) { buf = buf.subarray(end); n++; }
      setTimeout(() => { if (!s.destroyed) s.write('+OK\r\n'.repeat(n)); }, delayMs);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () => { for (const s of socks) s.destroy(); return new Promise<void>((r) => srv.close(() => r())); },
  };
}

describe('MIGRATE (ioredis, two nodes in one process)', () => {
  let src: RedisServer, dst: RedisServer, a: Redis, b: Redis, t: Redis;
  let dstPort = 0;
  beforeAll(async () => {
    src = new RedisServer({ port: 0, allowRestrictedCommands: true });
    dst = new RedisServer({ port: 0, allowRestrictedCommands: true });
    const sp = (await src.listen()).port;
    dstPort = (await dst.listen()).port;
    a = new Redis({ port: sp, lazyConnect: true, maxRetriesPerRequest: 0 });
    b = new Redis({ port: sp, lazyConnect: true, maxRetriesPerRequest: 0 });
    t = new Redis({ port: dstPort, lazyConnect: true, maxRetriesPerRequest: 0 });
    await Promise.all([a.connect(), b.connect(), t.connect()]);
  });
  afterAll(async () => {
    a.disconnect(); b.disconnect(); t.disconnect();
    await src.close(); await dst.close();
  });

  it('moves, copies and replaces keys of every type', async () => {
    await a.flushall(); await t.flushall();
    await a.set('s', 'v', 'PX', 50000);
    await a.rpush('l', 'x', 'y');
    await a.hset('h', { f: '1', g: '2' });
    await a.zadd('z', 1, 'm');
    expect(await a.migrate('127.0.0.1', dstPort, 's', 0, 5000)).toBe('OK');
    expect(await a.exists('s')).toBe(0);
    expect(await t.get('s')).toBe('v');
    expect(await t.pttl('s')).toBeGreaterThan(45000);
    expect(await a.migrate('127.0.0.1', dstPort, '', 2, 5000, 'COPY', 'KEYS', 'l', 'h', 'z', 'nope')).toBe('OK');
    expect(await a.exists('l', 'h', 'z')).toBe(3);
    await t.select(2);
    expect(await t.lrange('l', 0, -1)).toEqual(['x', 'y']);
    expect(await t.hgetall('h')).toEqual({ f: '1', g: '2' });
    await t.select(0);
    await expect(a.migrate('127.0.0.1', dstPort, '', 2, 5000, 'KEYS', 'l')).rejects.toThrow('ERR Target instance replied with error: BUSYKEY Target key name already exists.');
    expect(await a.migrate('127.0.0.1', dstPort, '', 2, 5000, 'REPLACE', 'KEYS', 'l', 'h', 'z')).toBe('OK');
    expect(await a.dbsize()).toBe(0);
    expect(await a.migrate('127.0.0.1', dstPort, 'gone', 0, 5000)).toBe('NOKEY');
    expect(await a.info('stats')).toContain('migrate_cached_sockets:1');
  });

  it('only the calling client waits: others are served, its own next command comes after', async () => {
    const slow = await slowTarget(400);
    try {
      await a.flushall();
      await a.set('k', 'v');
      const started = Date.now();
      const mig = a.migrate('127.0.0.1', slow.port, 'k', 0, 5000);
      const after = a.get('k'); // pipelined behind the MIGRATE on the same connection
      expect(await b.ping()).toBe('PONG');
      expect(Date.now() - started).toBeLessThan(300);
      const list = await b.client('LIST') as string;
      expect(list.split('\n').find((l) => l.includes('cmd=migrate'))).toMatch(/flags=b/);
      const migId = Number(/id=(\d+)/.exec(list.split('\n').find((l) => l.includes('cmd=migrate'))!)![1]);
      expect(await b.client('UNBLOCK', migId)).toBe(0);
      expect(await mig).toBe('OK');
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      expect(await after).toBeNull();
    } finally { await slow.close(); }
  });

  it('a key written while its MIGRATE is in flight is kept (the write counts as later)', async () => {
    const slow = await slowTarget(300);
    try {
      await a.flushall();
      await a.mset('k1', 'old', 'k2', 'old');
      const mig = a.migrate('127.0.0.1', slow.port, '', 0, 5000, 'KEYS', 'k1', 'k2');
      await new Promise((r) => setTimeout(r, 50));
      await b.set('k1', 'new');
      expect(await mig).toBe('OK');
      expect(await a.get('k1')).toBe('new');
      expect(await a.exists('k2')).toBe(0);
    } finally { await slow.close(); }
  });

  it('concurrent MIGRATEs to one target are queued on its connection; a client that leaves still moves its keys', async () => {
    await a.flushall(); await t.flushall();
    await a.mset('x', '1', 'y', '2', 'z', '3');
    const [r1, r2] = await Promise.all([a.migrate('127.0.0.1', dstPort, 'x', 0, 5000), b.migrate('127.0.0.1', dstPort, 'y', 1, 5000)]);
    expect([r1, r2]).toEqual(['OK', 'OK']);
    expect(await t.get('x')).toBe('1');
    const c = new Redis({ port: (src.core.port), lazyConnect: true, maxRetriesPerRequest: 0 });
    await c.connect();
    void c.migrate('127.0.0.1', dstPort, 'z', 0, 5000).catch(() => {});
    c.disconnect();
    for (let i = 0; i < 50 && (await t.exists('z')) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await t.get('z')).toBe('3');
    expect(await a.exists('z')).toBe(0);
  });

  it('MULTI/EXEC cannot suspend: the queued MIGRATE answers an error', async () => {
    await a.flushall();
    await a.set('k', 'v');
    const r = await a.multi().migrate('127.0.0.1', dstPort, 'k', 0, 5000).get('k').exec();
    expect(String(r![0][0])).toContain('ERR MIGRATE is not supported inside MULTI/EXEC or scripts by this server');
    expect(r![1][1]).toBe('v');
    // a missing key needs no connection: NOKEY as in Redis
    const r2 = await a.multi().migrate('127.0.0.1', dstPort, 'missing', 0, 5000).exec();
    expect(r2![0][1]).toBe('NOKEY');
  });

  it('ElastiCache mode: MIGRATE is an unknown command', async () => {
    const ec = new RedisServer({ port: 0 });
    const port = (await ec.listen()).port;
    const c = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await c.connect();
    try {
      await expect(c.migrate('127.0.0.1', dstPort, 'k', 0, 5000)).rejects.toThrow("ERR unknown command 'migrate', with args beginning with: '127.0.0.1'");
    } finally { c.disconnect(); await ec.close(); }
  });

  it('cached connections are closed after 10 s unused (migrateCloseTimedoutSockets)', async () => {
    await a.flushall();
    await a.set('k', 'v');
    expect(await a.migrate('127.0.0.1', dstPort, 'k', 0, 5000, 'COPY', 'REPLACE')).toBe('OK');
    expect(Number(/migrate_cached_sockets:(\d+)/.exec(await a.info('stats'))![1])).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 12500));
    expect(await a.info('stats')).toContain('migrate_cached_sockets:0');
  }, 20000);
});
