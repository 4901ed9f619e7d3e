import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn } from './diff.js';

let srv: RedisServer;
let port = 0;
beforeAll(async () => { srv = new RedisServer({ allowRestrictedCommands: true }); port = (await srv.listen()).port; });
afterAll(async () => { await srv.close(); });

describe('ioredis', () => {
  it('basic commands, pipeline and MULTI', async () => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await r.connect();
      expect(await r.set('a', '1')).toBe('OK');
      expect(await r.incrby('a', 5)).toBe(6);
      const p = await r.pipeline().set('b', 'x').get('b').incr('c').mget('a', 'b', 'nokey').exec();
      expect(p!.map(([, v]) => v)).toEqual(['OK', 'x', 1, ['6', 'x', null]]);
      const m = await r.multi().set('t', '1').incr('t').get('t').exec();
      expect(m!.map(([, v]) => v)).toEqual(['OK', 2, '2']);
      await expect(r.hset('a', 'f', 'v')).rejects.toThrow(/WRONGTYPE/);
      const buf = Buffer.from([0, 1, 2, 255]);
      await r.set(buf, buf);
      expect(await r.getBuffer(buf)).toEqual(buf);
      expect(await r.dbsize()).toBe(5);
    } finally { r.disconnect(); }
  });
  it('pub/sub', async () => {
    const sub = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    const pub = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    try {
      const got = new Promise<[string, string]>((resolve) => sub.on('message', (ch, msg) => resolve([ch, msg])));
      await sub.subscribe('chan');
      expect(await pub.publish('chan', 'hello')).toBe(1);
      const msg = await Promise.race([got, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 3000))]);
      expect(msg).toEqual(['chan', 'hello']);
    } finally { sub.disconnect(); pub.disconnect(); }
  });
});

describe('node-redis', () => {
  it('RESP2 commands and transactions', async () => {
    const c = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false } });
    await c.connect();
    try {
      await c.set('nr', 'v', { EX: 100 });
      expect(await c.get('nr')).toBe('v');
      expect(await c.ttl('nr')).toBeGreaterThan(90);
      const res = await c.multi().incr('cnt').incr('cnt').exec();
      expect(res).toEqual([1, 2]);
      expect(await c.configGet('maxmemory')).toEqual({ maxmemory: '0' });
      const info = await c.info('server');
      expect(info).toMatch(/redis_version:7\.0\.15/);
    } finally { await c.quit().catch(() => undefined); }
  });
  it('RESP3 via HELLO 3', async () => {
    const c = createClient({ RESP: 3, socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false } } as Parameters<typeof createClient>[0]);
    await c.connect();
    try {
      await c.set('r3', '1');
      expect(await c.incr('r3')).toBe(2);
      expect(await c.get('missing')).toBeNull();
      const sub = c.duplicate();
      await sub.connect();
      const got = new Promise<string>((resolve) => { void sub.subscribe('ch3', (m: string) => resolve(m)); });
      await new Promise((r) => setTimeout(r, 50));
      await c.publish('ch3', 'push!');
      expect(await Promise.race([got, new Promise<string>((_, rej) => setTimeout(() => rej(new Error('timeout')), 3000))])).toBe('push!');
      await sub.quit().catch(() => undefined);
    } finally { await c.quit().catch(() => undefined); }
  });
});

describe('ElastiCache restrictions and options', () => {
  it('restricted commands reply unknown command by default', async () => {
    const s = new RedisServer({ password: 'pw', engine: 'valkey', engineVersion: '8.0' });
    const p = (await s.listen()).port;
    const r = new Redis({ port: p, host: '127.0.0.1', password: 'pw', maxRetriesPerRequest: 1 });
    try {
      await expect(r.config('GET', '*')).rejects.toThrow("ERR unknown command 'config', with args beginning with: 'GET' '*' ");
      await expect(r.call('DEBUG', 'SLEEP', '0')).rejects.toThrow(/unknown command 'DEBUG'/);
      const info = await r.info('server');
      expect(info).toMatch(/server_name:valkey/);
      expect(info).toMatch(/valkey_version:8\.0\.0/);
      expect(info).toMatch(/redis_version:7\.2\.4/);
      s.applyConfig({ 'maxmemory-policy': 'allkeys-lru', maxmemory: '1000000' });
      expect(s.stats().maxmemoryPolicy).toBe('allkeys-lru');
    } finally { r.disconnect(); await s.close(); }
  });
  it('requirepass → NOAUTH then AUTH', async () => {
    const s = new RedisServer({ password: 'secret' });
    const p = (await s.listen()).port;
    const c = await RawConn.open(p);
    try {
      expect(await c.command(['GET', 'x'])).toBe('-NOAUTH Authentication required.\r\n');
      expect(await c.command(['AUTH', 'bad'])).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await c.command(['HELLO', '3'])).toMatch(/^-NOAUTH HELLO must be called/);
      expect(await c.command(['AUTH', 'secret'])).toBe('+OK\r\n');
      expect(await c.command(['GET', 'x'])).toBe('$-1\r\n');
      expect(await c.command(['RESET'])).toBe('+RESET\r\n');
      expect(await c.command(['GET', 'x'])).toBe('-NOAUTH Authentication required.\r\n');
      expect(await c.command(['HELLO', '2', 'AUTH', 'default', 'secret'])).toMatch(/^\*14/);
    } finally { c.close(); await s.close(); }
  });
  it('maxmemory noeviction → OOM; allkeys-lru evicts', async () => {
    const s = new RedisServer({ maxmemoryBytes: 1_100_000 });
    const p = (await s.listen()).port;
    const r = new Redis({ port: p, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    try {
      let oom = '';
      for (let i = 0; i < 5000 && !oom; i++) await r.set('k' + i, 'x'.repeat(100)).catch((e: Error) => { oom = e.message; });
      expect(oom).toBe("OOM command not allowed when used memory > 'maxmemory'.");
      expect(await r.get('k1')).toBe('x'.repeat(100)); // reads still work
      s.applyConfig({ 'maxmemory-policy': 'allkeys-lru' });
      for (let i = 0; i < 3000; i++) await r.set('n' + i, 'y'.repeat(100));
      expect(s.stats().usedMemory).toBeLessThanOrEqual(1_100_000 + 1000);
      expect(Number(s.stats().evictedKeys)).toBeGreaterThan(0);
    } finally { r.disconnect(); await s.close(); }
  });
  it('active expiry removes keys without access', async () => {
    const s = new RedisServer({ config: { hz: '50' } });
    const p = (await s.listen()).port;
    const r = new Redis({ port: p, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    try {
      for (let i = 0; i < 200; i++) await r.set('e' + i, 'v', 'PX', 20);
      await new Promise((res) => setTimeout(res, 500));
      expect(s.core.ks.dbs[0].map.size).toBe(0);
    } finally { r.disconnect(); await s.close(); }
  });
});
