/**
 * Client tracking with real clients (node-redis client-side caching over
 * RESP3, ioredis with a RESP2 redirect subscriber) and the parts a
 * differential test cannot pin down (tracking-table-max-keys picks keys at
 * random in Redis; eviction depends on memory accounting).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn } from './diff.js';

let srv: RedisServer;
let port = 0;
beforeAll(async () => { srv = new RedisServer({ allowRestrictedCommands: true }); port = (await srv.listen()).port; });
afterAll(async () => { await srv.close(); });

const within = <T>(p: Promise<T>, ms = 3000): Promise<T> =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);

describe('client tracking with real clients', () => {
  it('node-redis RESP3 client-side cache is invalidated by writes of another client', async () => {
    const cached = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false }, RESP: 3, clientSideCache: { ttl: 0, maxEntries: 0 } });
    const other = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false } });
    try {
      await cached.connect(); await other.connect();
      await other.set('csc', 'v1');
      expect(await cached.get('csc')).toBe('v1');
      expect(await cached.get('csc')).toBe('v1'); // from the local cache
      const info = await cached.sendCommand(['CLIENT', 'TRACKINGINFO']) as Record<string, unknown> | unknown[];
      expect(JSON.stringify(info)).toContain('on');
      await other.set('csc', 'v2');
      // the invalidation push arrives asynchronously; the next read must miss the cache
      const deadline = Date.now() + 2000;
      let v = await cached.get('csc');
      while (v !== 'v2' && Date.now() < deadline) { await new Promise((r) => setTimeout(r, 20)); v = await cached.get('csc'); }
      expect(v).toBe('v2');
    } finally { await cached.close().catch(() => {}); await other.close().catch(() => {}); }
  });

  it('ioredis: RESP2 tracking redirected to a __redis__:invalidate subscriber', async () => {
    // ioredis drops Pub/Sub messages whose payload is an array (with real Redis too), so the subscriber is a raw connection.
    const sub = await RawConn.open(port);
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    try {
      const subId = Number((await sub.command(['CLIENT', 'ID'])).slice(1, -2));
      await sub.command(['SUBSCRIBE', '__redis__:invalidate']);
      expect(await r.client('TRACKING', 'ON', 'REDIRECT', String(subId))).toBe('OK');
      expect(await r.client('GETREDIR')).toBe(subId);
      await r.get('iokey');
      await r.set('iokey', '1');
      expect(await sub.read()).toBe('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$5\r\niokey\r\n');
      const list = await r.client('LIST') as string;
      const line = list.split('\n').find((l) => l.includes(`redir=${subId}`))!;
      expect(line).toMatch(/ flags=t /);
      expect(line).toContain('cmd=client|list');
      const subLine = list.split('\n').find((l) => l.startsWith(`id=${subId} `))!;
      expect(subLine).toMatch(/ flags=P .* cmd=subscribe /);
    } finally { sub.close(); r.disconnect(); }
  });
});

describe('tracking table limits and eviction', () => {
  it('tracking-table-max-keys invalidates keys until the table fits (before the next command)', async () => {
    const a = await RawConn.open(port);
    const admin = await RawConn.open(port);
    try {
      await admin.command(['FLUSHALL']); // empties the tracking table left by earlier tests
      await a.command(['HELLO', '3']);
      expect(await a.command(['CLIENT', 'TRACKING', 'on'])).toBe('+OK\r\n');
      await a.command(['MGET', 'k1', 'k2', 'k3', 'k4']);
      expect(await admin.command(['INFO', 'stats'])).toContain('tracking_total_keys:4\r\n');
      expect(await admin.command(['CONFIG', 'SET', 'tracking-table-max-keys', '1'])).toBe('+OK\r\n');
      // the admin's next command trims the table: three keys are invalidated for `a`
      await admin.command(['PING']);
      const pushes = [await a.read(), await a.read(), await a.read()];
      for (const p of pushes) expect(p).toMatch(/^>2\r\n\$10\r\ninvalidate\r\n\*1\r\n\$2\r\nk[1-4]\r\n$/);
      expect(new Set(pushes).size).toBe(3);
      expect(await a.read(150)).toBe('<timeout>');
      const info = await admin.command(['INFO', 'stats']);
      expect(info).toContain('tracking_total_keys:1\r\n');
      expect(info).toContain('tracking_total_items:1\r\n');
    } finally {
      await admin.command(['CONFIG', 'SET', 'tracking-table-max-keys', '1000000']);
      a.close(); admin.close();
    }
  });

  it('an evicted tracked key is invalidated before the reply of the command that evicted it', async () => {
    const a = await RawConn.open(port);
    try {
      await a.command(['FLUSHALL']);
      await a.command(['HELLO', '3']);
      await a.command(['CLIENT', 'TRACKING', 'on']);
      const info = await a.command(['INFO', 'memory']);
      const used = Number(/used_memory:(\d+)/.exec(info)![1]);
      await a.command(['CONFIG', 'SET', 'maxmemory', String(used + 100 * 1024)]);
      await a.command(['CONFIG', 'SET', 'maxmemory-policy', 'volatile-random']);
      await a.command(['SETEX', 'volatile-key', '10000', 'x']);
      await a.command(['GET', 'volatile-key']);
      await a.command(['SETBIT', 'big-key', '1600000', '0']);
      a.send('*3\r\n$6\r\nGETBIT\r\n$7\r\nbig-key\r\n$1\r\n0\r\n');
      expect(await a.read()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$12\r\nvolatile-key\r\n');
      expect(await a.read()).toBe(':0\r\n');
    } finally {
      await a.command(['CONFIG', 'SET', 'maxmemory', '0']);
      await a.command(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
      a.close();
    }
  });

  it('a closed tracking client leaves no state behind', async () => {
    const a = await RawConn.open(port);
    const admin = await RawConn.open(port);
    try {
      await a.command(['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'p1', 'PREFIX', 'p2']);
      let info = await admin.command(['INFO', 'everything']);
      expect(info).toContain('tracking_clients:1\r\n');
      expect(info).toContain('tracking_total_prefixes:2\r\n');
      a.close();
      await new Promise((r) => setTimeout(r, 50));
      info = await admin.command(['INFO', 'everything']);
      expect(info).toContain('tracking_clients:0\r\n');
      expect(info).toContain('tracking_total_prefixes:0\r\n');
      expect(await admin.command(['SET', 'p1x', '1'])).toBe('+OK\r\n'); // broadcasts to nobody
    } finally { a.close(); admin.close(); }
  });
});
