/**
 * Replication (engine side): our master → our replica (full sync of every type
 * with TTLs, command stream, partial resync, WAIT, ROLE/INFO, READONLY,
 * promote + partial resync against the promoted node via replid2), access
 * rules for PSYNC, and differential runs against a real redis-server 7.0 in
 * both directions (real replica of our master, our replica of a real master).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../engines/redis/index.js';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function waitFor(fn: () => boolean | Promise<boolean>, ms = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return; await sleep(20); }
  throw new Error('timeout waiting for ' + what);
}
const cli = (port: number): Redis => {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 5000, retryStrategy: () => null });
  r.on('error', () => { /* connection refused while polling a starting server */ });
  return r;
};

/** Whole dataset of dbs 0..3 by TYPE + value reads (+ TTL presence). */
async function dataset(r: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 4; db++) {
    await r.select(db);
    const keys = (await r.keys('*')).sort();
    for (const k of keys) {
      const t = await r.type(k);
      let v: unknown;
      switch (t) {
        case 'string': v = await r.get(k); break;
        case 'hash': v = Object.entries(await r.hgetall(k)).sort(); break;
        case 'list': v = await r.lrange(k, 0, -1); break;
        case 'set': v = (await r.smembers(k)).sort(); break;
        case 'zset': v = await r.zrange(k, '0', '-1', 'WITHSCORES'); break;
        default: v = null;
      }
      const ttl = await r.pttl(k);
      out[`${db}:${k}`] = [t, v, ttl > 0 ? 'ttl' : ttl];
    }
  }
  await r.select(0);
  return out;
}

async function fill(r: Redis): Promise<void> {
  await r.set('s1', 'hello');
  await r.set('bin', Buffer.from([0, 1, 2, 255, 13, 10]));
  await r.set('ttl1', 'v', 'PX', 600000);
  await r.hset('h1', 'f1', 'v1', 'f2', '2');
  await r.hset('hbig', ...Array.from({ length: 600 }, (_, i) => [`f${i}`, `v${i}`]).flat());
  await r.rpush('l1', 'a', 'b', 'c', '1', '2');
  await r.sadd('set1', 'x', 'y', 'z');
  await r.sadd('iset', '1', '2', '3');
  await r.zadd('z1', 1, 'a', 2.5, 'b', -3, 'c');
  await r.expire('z1', 1000);
  await r.select(3);
  await r.set('db3', 'three');
  await r.select(0);
}

async function workload(r: Redis, n = 200): Promise<void> {
  for (let i = 0; i < n; i++) {
    const k = `k${i % 37}`;
    switch (i % 10) {
      case 0: await r.set(k, String(i)); break;
      case 1: await r.incr(`cnt${i % 5}`); break;
      case 2: await r.lpush(`list${i % 3}`, String(i)); break;
      case 3: await r.hset(`hash${i % 4}`, `f${i}`, String(i)); break;
      case 4: await r.sadd(`set${i % 4}`, String(i)); break;
      case 5: await r.zadd(`zs${i % 4}`, i, `m${i}`); break;
      case 6: await r.del(`k${(i + 3) % 37}`); break;
      case 7: await r.set(`ex${i % 7}`, 'x', 'EX', 1000); break;
      case 8: await r.multi().incrbyfloat('flt', 1.25).rpop('list0').select(2).set(`m${i}`, 'tx').select(0).exec(); break;
      case 9: await r.select(1); await r.set(`db1:${i}`, 'v'); await r.select(0); break;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

describe('replication: our master → our replica', () => {
  let m: RedisServer, r: RedisServer, r2: RedisServer | null = null;
  let mp = 0, rp = 0;
  let mc: Redis, rc: Redis;
  beforeAll(async () => {
    m = new RedisServer({ allowRestrictedCommands: true });
    mp = (await m.listen()).port;
    r = new RedisServer({ allowRestrictedCommands: true });
    rp = (await r.listen()).port;
    mc = cli(mp); rc = cli(rp);
  });
  afterAll(async () => {
    mc.disconnect(); rc.disconnect();
    await r2?.close(); await r.close(); await m.close();
  });

  it('full sync of every type with TTLs, then the stream; identical datasets', async () => {
    await fill(mc);
    r.replicaOf('127.0.0.1', mp);
    await waitFor(() => r.replicationInfo().linkUp, 10000, 'link up');
    expect(await dataset(rc)).toEqual(await dataset(mc));
    expect(await rc.pttl('ttl1')).toBeGreaterThan(590000);
    await workload(mc);
    await waitFor(() => r.replicationInfo().offset === m.replicationInfo().offset, 10000, 'offsets equal');
    expect(await dataset(rc)).toEqual(await dataset(mc));
    expect(m.core.repl!.syncFull).toBe(1);
    // Expiry happens on the master only; its DEL reaches the replica through the stream.
    await mc.set('short', 'v', 'PX', 300);
    await waitFor(() => r.core.ks.dbs[0].peek('short') !== undefined, 5000, 'short key replicated');
    await waitFor(() => r.core.ks.dbs[0].peek('short') === undefined, 5000, 'expiry DEL replicated');
  });

  it('ROLE, INFO replication and replicationInfo()', async () => {
    await waitFor(() => m.replicationInfo().replicas[0]?.offset === m.replicationInfo().offset, 5000, 'ack');
    const off = m.replicationInfo().offset;
    expect(await mc.call('ROLE')).toEqual(['master', off, [['127.0.0.1', String(rp), String(off)]]]);
    expect(await rc.call('ROLE')).toEqual(['slave', '127.0.0.1', mp, 'connected', off]);
    const mi = await mc.info('replication');
    expect(mi).toContain('role:master\r\nconnected_slaves:1\r\n');
    expect(mi).toContain(`slave0:ip=127.0.0.1,port=${rp},state=online,offset=${off},lag=`);
    expect(mi).toContain(`master_repl_offset:${off}\r\n`);
    expect(mi).toContain('repl_backlog_active:1\r\n');
    const ri = await rc.info('replication');
    expect(ri).toContain(`role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:${mp}\r\nmaster_link_status:up\r\n`);
    expect(ri).toContain(`slave_repl_offset:${off}\r\n`);
    expect(ri).toContain(`master_replid:${m.core.repl!.replid}\r\n`);
    expect(m.replicationInfo()).toMatchObject({ role: 'master', linkUp: true, replicas: [{ host: '127.0.0.1', port: rp, offset: off }] });
    expect(r.replicationInfo()).toMatchObject({ role: 'replica', offset: off, linkUp: true, replicas: [] });
  });

  it('WAIT 1 and WAIT with a timeout', async () => {
    await mc.set('w', '1');
    expect(await mc.call('WAIT', '1', '2000')).toBe(1);
    const t0 = Date.now();
    expect(await mc.call('WAIT', '2', '150')).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await expect(mc.call('WAIT', '1', '-1')).rejects.toThrow('ERR timeout is negative');
  });

  it('read-only replica', async () => {
    await expect(rc.set('x', '1')).rejects.toThrow("READONLY You can't write against a read only replica.");
    expect(await rc.get('w')).toBe('1');
    const res = await rc.multi().set('x', '1').get('w').exec().catch((e: Error) => e.message);
    expect(String(res)).toContain('EXECABORT');
  });

  it('partial resync after a short disconnect', async () => {
    const before = m.core.repl!.syncPartialOk;
    for (const c of [...m.core.repl!.replicas.keys()]) m.core.killClient(c);
    await mc.set('during', 'gap');
    await mc.rpush('l1', 'more');
    await waitFor(() => m.core.repl!.replicas.size === 1 && r.replicationInfo().offset === m.replicationInfo().offset, 10000, 'reconnect');
    expect(m.core.repl!.syncPartialOk).toBe(before + 1);
    expect(m.core.repl!.syncFull).toBe(1);
    expect(await rc.get('during')).toBe('gap');
    expect(await dataset(rc)).toEqual(await dataset(mc));
  });

  it('promote: new replid, replid2 = old id, another replica partial-resyncs from the promoted node', async () => {
    r2 = new RedisServer({ allowRestrictedCommands: true });
    const r2p = (await r2.listen()).port;
    r2.replicaOf('127.0.0.1', mp);
    await waitFor(() => r2!.replicationInfo().linkUp && r2!.replicationInfo().offset === m.replicationInfo().offset, 10000, 'r2 sync');
    const oldId = m.core.repl!.replid;
    const off = r.replicationInfo().offset;
    r.promote();
    expect(r.replicationInfo().role).toBe('master');
    expect(r.core.repl!.replid2).toBe(oldId);
    expect(r.core.repl!.secondOffset).toBe(off + 1);
    expect(await rc.set('after-promote', '1')).toBe('OK');
    r2.replicaOf('127.0.0.1', rp);
    await waitFor(() => r2!.replicationInfo().linkUp && r2!.replicationInfo().offset === r.replicationInfo().offset, 10000, 'r2 follows promoted');
    expect(r.core.repl!.syncPartialOk).toBe(1);
    expect(r.core.repl!.syncFull).toBe(0);
    const r2c = cli(r2p);
    try {
      expect(await r2c.get('after-promote')).toBe('1');
      expect(await dataset(r2c)).toEqual(await dataset(rc));
      expect(r2.core.repl!.replid).toBe(r.core.repl!.replid);
    } finally { r2c.disconnect(); }
  });
});

describe('replication access rules', () => {
  it('PSYNC/SYNC/REPLICAOF are unknown commands on an ElastiCache-like node; the replication secret admits our replicas', async () => {
    const m = new RedisServer({ replicationSecret: 's3cret' });
    const mp = (await m.listen()).port;
    const c = cli(mp);
    const r = new RedisServer({ replicationSecret: 's3cret' });
    await r.listen();
    try {
      await expect(c.call('PSYNC', '?', '-1')).rejects.toThrow("ERR unknown command 'PSYNC', with args beginning with: '?' '-1' ");
      await expect(c.call('SYNC')).rejects.toThrow("ERR unknown command 'SYNC'");
      await expect(c.call('REPLICAOF', 'NO', 'ONE')).rejects.toThrow("ERR unknown command 'REPLICAOF'");
      await expect(c.call('REPLCONF', 'auth-secret', 'wrong')).rejects.toThrow('ERR invalid replication secret');
      await c.set('k', 'v');
      r.replicaOf('127.0.0.1', mp);
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'secret link');
      await c.set('k2', 'v2');
      await waitFor(() => r.core.ks.dbs[0].peek('k2') !== undefined, 5000, 'stream');
      expect(r.core.ks.dbs[0].peek('k')?.value).toBe('v');
    } finally { c.disconnect(); await r.close(); await m.close(); }
  });
});

describe('replication protocol bytes and auth', () => {
  it('PSYNC ? -1: +FULLRESYNC, $len RDB, then SELECT + commands as multibulk; MULTI/EXEC kept; offsets count the bytes', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const mc = cli(mp);
    const sock = net.connect({ port: mp, host: '127.0.0.1' });
    const connected = new Promise<void>((res, rej) => { sock.once('connect', () => res()); sock.once('error', rej); });
    let got = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => { got = Buffer.concat([got, d]); });
    try {
      await mc.set('pre', '1');
      await connected;
      sock.write('REPLCONF listening-port 4321\r\nREPLCONF capa eof capa psync2\r\nPSYNC ? -1\r\n');
      await waitFor(() => /\$\d+\r\n/.test(got.toString('latin1')), 5000, 'rdb header');
      const text = got.toString('latin1');
      const mm = /^\+OK\r\n\+OK\r\n\+FULLRESYNC ([0-9a-f]{40}) (\d+)\r\n\$(\d+)\r\n/.exec(text)!;
      expect(mm).not.toBeNull();
      expect(mm[1]).toBe(m.core.repl!.replid);
      const start = mm[0].length + Number(mm[3]);
      await waitFor(() => got.length >= start, 5000, 'rdb body');
      expect(got.subarray(mm[0].length, mm[0].length + 9).toString()).toBe('REDIS0010');
      const off0 = m.replicationInfo().offset;
      await mc.set('a', 'b');
      await mc.multi().incr('n').select(2).set('x', 'y').exec();
      const expected = '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\nb\r\n' +
        '*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nincr\r\n$1\r\nn\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nset\r\n$1\r\nx\r\n$1\r\ny\r\n*1\r\n$4\r\nEXEC\r\n';
      await waitFor(() => got.length >= start + expected.length, 5000, 'stream');
      expect(got.subarray(start).toString('latin1')).toBe(expected);
      expect(m.replicationInfo().offset - off0).toBe(expected.length);
      expect(m.replicationInfo().replicas).toMatchObject([{ host: '127.0.0.1', port: 4321, offset: 0 }]);
      sock.write('REPLCONF ACK ' + m.replicationInfo().offset + '\r\n');
      await waitFor(() => m.replicationInfo().replicas[0].offset === m.replicationInfo().offset, 5000, 'ack');
    } finally { sock.destroy(); mc.disconnect(); await m.close(); }
  });

  it('masterauth: a replica authenticates to a password-protected master', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true, password: 'pw' });
    const mp = (await m.listen()).port;
    const r = new RedisServer({ allowRestrictedCommands: true });
    await r.listen();
    try {
      m.core.ks.dbs[0].setKey('k', 'string', 'v');
      r.replicaOf('127.0.0.1', mp, { masterAuth: 'pw' });
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'auth link');
      expect(r.core.ks.dbs[0].peek('k')?.value).toBe('v');
    } finally { await r.close(); await m.close(); }
  });

  it('without masterAuth a replica uses its own requirepass (one AUTH token per replication group)', async () => {
    const m = new RedisServer({ replicationSecret: 'sec', password: 'tok' });
    const mp = (await m.listen()).port;
    const r = new RedisServer({ replicationSecret: 'sec', password: 'tok' });
    await r.listen();
    try {
      m.core.ks.dbs[0].setKey('k', 'string', 'v');
      r.replicaOf('127.0.0.1', mp);
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'token link');
      expect(r.core.ks.dbs[0].peek('k')?.value).toBe('v');
    } finally { await r.close(); await m.close(); }
  });
});

const REDIS = '/usr/bin/redis-server';
const haveRedis = fs.existsSync(REDIS);

describe.skipIf(!haveRedis)('replication differential vs redis-server 7.0', () => {
  const procs: ChildProcess[] = [];
  const dirs: string[] = [];
  async function startRedis(extra: string[]): Promise<number> {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repl-'));
    dirs.push(dir);
    const p = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], { stdio: 'ignore' });
    procs.push(p);
    await waitFor(async () => { const c = cli(port); try { return (await c.ping()) === 'PONG'; } catch { return false; } finally { c.disconnect(); } }, 10000, 'redis-server up');
    return port;
  }
  afterAll(() => {
    for (const p of procs) if (p.pid) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a real redis-server replica of our master ends with an identical dataset and the same offset', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const mc = cli(mp);
    try {
      await fill(mc);
      const rp = await startRedis(['--replicaof', '127.0.0.1', String(mp)]);
      const rc = cli(rp);
      try {
        await waitFor(async () => (await rc.info('replication')).includes('master_link_status:up'), 15000, 'real replica link');
        await workload(mc);
        expect(await mc.call('WAIT', '1', '5000')).toBe(1);
        const off = m.replicationInfo().offset;
        await waitFor(async () => (await rc.info('replication')).includes(`slave_repl_offset:${off}\r\n`), 5000, 'real replica offset');
        expect(await dataset(rc)).toEqual(await dataset(mc));
        // The real replica ACKs every second (and answers GETACK with the offset before the GETACK itself).
        await waitFor(() => m.replicationInfo().replicas[0]?.offset === m.replicationInfo().offset, 5000, 'real replica ack');
        expect(m.replicationInfo().replicas[0]).toMatchObject({ host: '127.0.0.1', port: rp });
      } finally { rc.disconnect(); }
    } finally { mc.disconnect(); await m.close(); }
  });

  it('our replica of a real redis-server master ends with an identical dataset and the same offset', async () => {
    const mp = await startRedis(['--repl-diskless-sync-delay', '0']);
    const mc = cli(mp);
    const r = new RedisServer({ allowRestrictedCommands: true });
    const rp = (await r.listen()).port;
    const rc = cli(rp);
    try {
      await fill(mc);
      await rc.call('REPLICAOF', '127.0.0.1', String(mp));
      await waitFor(() => r.replicationInfo().linkUp, 20000, 'our link to real master');
      await workload(mc);
      expect(await mc.call('WAIT', '1', '5000')).toBe(1);
      const off = Number(/master_repl_offset:(\d+)/.exec(await mc.info('replication'))![1]);
      await waitFor(() => r.replicationInfo().offset === off, 5000, 'our offset');
      expect(await dataset(rc)).toEqual(await dataset(mc));
      expect(await mc.info('replication')).toContain(`slave0:ip=127.0.0.1,port=${rp},state=online,offset=`);
      expect(await rc.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
      expect(await rc.set('w', '1')).toBe('OK');
    } finally { rc.disconnect(); mc.disconnect(); await r.close(); }
  });
});
