/**
 * ACL with real clients (ioredis, node-redis: username + password, RESP2 and
 * RESP3) and the engine API used by ElastiCache RBAC (RedisServer.setAclUsers).
 */
import crypto from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn } from './diff.js';

let srv: RedisServer;
let port = 0;
beforeAll(async () => { srv = new RedisServer({ password: 'adminpw' }); port = (await srv.listen()).port; });
afterAll(async () => { await srv.close(); });
beforeEach(() => {
  srv.setAclUsers([
    { name: 'default', rules: 'on >adminpw ~* &* +@all' },
    { name: 'app', rules: 'on >apppw ~app:* &news:* -@all +@read +@write +@pubsub +@connection +@transaction +acl|whoami' },
    { name: 'ro', rules: ['on', '>ropw', '%R~*', '+@read', '+ping', '+acl|whoami'] },
  ]);
});

const timeout = <T>(p: Promise<T>, ms = 3000): Promise<T> => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);

describe('ioredis with username/password', () => {
  it('AUTH user pass on connect; NOPERM for commands and keys', async () => {
    const r = new Redis({ port, host: '127.0.0.1', username: 'app', password: 'apppw', lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await r.connect();
      expect(await r.call('ACL', 'WHOAMI')).toBe('app');
      expect(await r.set('app:1', 'v')).toBe('OK');
      expect(await r.get('app:1')).toBe('v');
      await expect(r.get('other')).rejects.toThrow("NOPERM this user has no permissions to access one of the keys used as arguments");
      await expect(r.call('ACL', 'LIST')).rejects.toThrow("NOPERM this user has no permissions to run the 'acl|list' command");
      await expect(r.publish('other', 'x')).rejects.toThrow('NOPERM this user has no permissions to access one of the channels used as arguments');
      expect(await r.publish('news:1', 'x')).toBe(0);
      const m = await r.multi().set('app:2', 'x').get('app:2').exec();
      expect(m!.map(([, v]) => v)).toEqual(['OK', 'x']);
    } finally { r.disconnect(); }
  });

  it('wrong password is rejected with WRONGPASS and logged', async () => {
    const r = await RawConn.open(port);
    try {
      expect(await r.command(['AUTH', 'app', 'nope'])).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await r.command(['GET', 'x'])).toBe('-NOAUTH Authentication required.\r\n');
    } finally { r.close(); }
    const admin = new Redis({ port, host: '127.0.0.1', password: 'adminpw', maxRetriesPerRequest: 1 });
    try {
      const log = (await admin.call('ACL', 'LOG', '1')) as unknown[][];
      expect(log[0].slice(0, 10)).toEqual(['count', 1, 'reason', 'auth', 'context', 'toplevel', 'object', 'AUTH', 'username', 'app']);
    } finally { admin.disconnect(); }
  });

  it('subscriber of a user is disconnected when its channel is revoked', async () => {
    const sub = new Redis({ port, host: '127.0.0.1', username: 'app', password: 'apppw', maxRetriesPerRequest: 1, retryStrategy: () => null });
    sub.on('error', () => { /* expected close */ });
    const closed = new Promise<void>((resolve) => sub.once('close', () => resolve()));
    await sub.subscribe('news:today');
    const admin = new Redis({ port, host: '127.0.0.1', password: 'adminpw', maxRetriesPerRequest: 1 });
    try {
      expect(await admin.call('ACL', 'SETUSER', 'app', 'resetchannels', '&sport:*')).toBe('OK');
      await timeout(closed);
    } finally { admin.disconnect(); sub.disconnect(); }
  });
});

describe('node-redis with username/password', () => {
  for (const RESP of [2, 3] as const) {
    it(`HELLO ${RESP} AUTH, read-only user [RESP${RESP}]`, async () => {
      const c = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false }, username: 'ro', password: 'ropw', RESP } as Parameters<typeof createClient>[0]);
      c.on('error', () => { /* surfaced by commands */ });
      await c.connect();
      try {
        expect(await c.sendCommand(['ACL', 'WHOAMI'])).toBe('ro');
        expect(await c.get('anything')).toBe(null);
        await expect(c.set('k', 'v')).rejects.toThrow(/NOPERM this user has no permissions to (run the 'set' command|access one of the keys)/);
        expect(await c.ping()).toBe('PONG');
      } finally { await c.disconnect(); }
    });
  }
});

describe('engine API: setAclUsers', () => {
  it('replaces users, keeps the default user object, closes clients of removed users', async () => {
    const c = await RawConn.open(port);
    try {
      expect(await c.command(['AUTH', 'ro', 'ropw'])).toBe('+OK\r\n');
      srv.setAclUsers([{ name: 'default', rules: 'on >adminpw ~* &* +@all' }, { name: 'app', rules: 'on >apppw +@all ~*' }]);
      expect(await c.command(['PING'], 1000)).toBe('<closed>');
      expect(srv.aclList()).toEqual([
        'user app on #' + hash('apppw') + ' ~* resetchannels +@all',
        'user default on #' + hash('adminpw') + ' ~* &* +@all',
      ]);
    } finally { c.close(); }
  });

  it('users that stay keep their connections, which follow the new rules', async () => {
    const c = await RawConn.open(port);
    try {
      expect(await c.command(['AUTH', 'app', 'apppw'])).toBe('+OK\r\n');
      expect(await c.command(['GET', 'app:none'])).toBe('$-1\r\n');
      srv.setAclUsers([{ name: 'app', rules: 'on >apppw ~other:* +get' }]);
      expect(await c.command(['GET', 'app:none'])).toBe('-NOPERM this user has no permissions to access one of the keys used as arguments\r\n');
      expect(await c.command(['GET', 'other:1'])).toBe('$-1\r\n');
    } finally { c.close(); }
  });

  it('validates everything before changing anything', () => {
    const before = srv.aclList();
    expect(() => srv.setAclUsers([{ name: 'x', rules: 'on +nosuch' }])).toThrow("user 'x', rule '+nosuch': Unknown command or category name in ACL");
    expect(() => srv.setAclUsers([{ name: 'a b', rules: 'on' }])).toThrow(/invalid ACL user name/);
    expect(() => srv.setAclUsers([{ name: 'x', rules: '(+get' }])).toThrow(/unmatched parenthesis/);
    expect(srv.aclList()).toEqual(before);
  });

  it('without a default entry the default user is unchanged', async () => {
    srv.setAclUsers([{ name: 'only', rules: 'on nopass +@all ~*' }]);
    expect(srv.aclList()).toEqual(['user default on #' + hash('adminpw') + ' ~* &* +@all', 'user only on nopass ~* resetchannels +@all']);
    const c = await RawConn.open(port);
    try {
      expect(await c.command(['GET', 'k'])).toBe('-NOAUTH Authentication required.\r\n');
      expect(await c.command(['AUTH', 'only', 'whatever'])).toBe('+OK\r\n');
      expect(await c.command(['CLIENT', 'INFO'])).toMatch(/ user=only /);
    } finally { c.close(); }
  });
});

function hash(p: string): string { return crypto.createHash('sha256').update(p).digest('hex'); }
