/**
 * Streams beyond single-connection diffs: DUMP/RESTORE across our engine and
 * a real redis-server (both ways), DEBUG RELOAD, replication to a real
 * redis-server replica (its consumer-group state must match ours), and an
 * ioredis client session.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, startRealRedis, haveRedis, encode, type RealRedis } from './diff.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(fn: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) { if (Date.now() > end) throw new Error(`timeout waiting for ${what}`); await sleep(25); }
}
const cli = (port: number): Redis => new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 5000, retryStrategy: () => null, lazyConnect: false });

/** Raw reply bytes with consumer seen-time values masked (they are each server's own clock). */
function maskSeen(raw: string): string { return raw.replace(/(\$9\r\nseen-time\r\n):\d+/g, '$1:<t>'); }

/** A stream with groups, consumers, PELs, tombstones and odd IDs, built with explicit IDs and times. */
async function build(c: RawConn, key: string, withDeletes: boolean): Promise<void> {
  for (let i = 1; i <= 250; i++) await c.command(['XADD', key, `${i}-${i % 3}`, 'field', `v${i}`, ...(i % 7 === 0 ? ['extra', String(i * 1000)] : [])]);
  await c.command(['XADD', key, '18446744073709551000-5', 'big', 'id']);
  await c.command(['XGROUP', 'CREATE', key, 'g1', '0']);
  await c.command(['XGROUP', 'CREATE', key, 'g2', '100-0', 'ENTRIESREAD', '99']);
  await c.command(['XGROUP', 'CREATECONSUMER', key, 'g2', 'idle']);
  await c.command(['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '10', 'STREAMS', key, '>']);
  await c.command(['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '5', 'STREAMS', key, '>']);
  await c.command(['XCLAIM', key, 'g1', 'carol', '0', '3-0', '4-1', 'TIME', '1700000000000', 'RETRYCOUNT', '4', 'JUSTID']);
  for (const id of ['1-1', '2-2', '5-2', '6-0', '7-1', '8-2', '9-0', '10-1', '11-2', '12-0', '13-1', '14-2', '15-0'])
    await c.command(['XCLAIM', key, 'g1', 'alice', '0', id, 'TIME', '1700000000123', 'RETRYCOUNT', '2', 'JUSTID']);
  if (withDeletes) { await c.command(['XDEL', key, '2-2', '150-0', '151-1']); await c.command(['XTRIM', key, 'MAXLEN', '240']); }
}

const d = haveRedis ? describe : describe.skip;
d('streams: persistence and replication against redis-server', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis(['--enable-debug-command', 'yes']);
    ours = new RedisServer({ port: 0, allowRestrictedCommands: true });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); });

  for (const withDeletes of [false, true]) {
    it(`DUMP of a real redis-server stream RESTOREs in ours and vice versa${withDeletes ? ' (with tombstones)' : ''}`, async () => {
      const r = await RawConn.open(real.port), o = await RawConn.open(ourPort);
      try {
        for (const c of [r, o]) await c.command(['FLUSHALL']);
        await build(r, 'src', withDeletes);
        await build(o, 'src', withDeletes);
        const info = ['XINFO', 'STREAM', 'src', 'FULL', 'COUNT', '0'];
        // their DUMP → our RESTORE, our DUMP → their RESTORE
        const theirs = (await r.command(['DUMP', 'src'])).replace(/^\$\d+\r\n/, '').slice(0, -2);
        const mine = (await o.command(['DUMP', 'src'])).replace(/^\$\d+\r\n/, '').slice(0, -2);
        expect(await o.command(['RESTORE', 'fromreal', '0', theirs])).toBe('+OK\r\n');
        expect(await r.command(['RESTORE', 'fromours', '0', mine])).toBe('+OK\r\n');
        expect(await r.command(['RESTORE', 'fromreal', '0', theirs])).toBe('+OK\r\n');
        expect(await o.command(['RESTORE', 'fromours', '0', mine])).toBe('+OK\r\n');
        for (const k of ['fromreal', 'fromours']) {
          const q = ['XINFO', 'STREAM', k, 'FULL', 'COUNT', '0'];
          expect(await o.command(q)).toBe(await r.command(q));
          expect(await o.command(['XRANGE', k, '-', '+'])).toBe(await r.command(['XRANGE', k, '-', '+']));
          expect(await o.command(['XPENDING', k, 'g1'])).toBe(await r.command(['XPENDING', k, 'g1']));
          expect(await o.command(['XINFO', 'GROUPS', k])).toBe(await r.command(['XINFO', 'GROUPS', k]));
        }
        // the restored copy reads like the original
        expect(maskSeen((await o.command(info)).replace(/src/g, 'x'))).toBe(maskSeen((await r.command(info)).replace(/src/g, 'x')));
        expect(await o.command(['XADD', 'fromreal', '*', 'a', '1'])).toBe(await r.command(['XADD', 'fromreal', '*', 'a', '1']));
      } finally { r.close(); o.close(); }
    });
  }

  it('DUMP payloads are byte-identical to redis-server (node layout, tombstones, groups)', async () => {
    const r = await RawConn.open(real.port), o = await RawConn.open(ourPort);
    try {
      const script: string[][] = [['CONFIG', 'SET', 'stream-node-max-entries', '7']];
      for (let i = 1; i <= 60; i++) script.push(['XADD', 'd', `${i * 3}-${i % 4}`, ...(i % 5 ? ['f', `v${i}`, 'n', String(i * 1000 - 7)] : ['other', 'x'.repeat(i), 'f', '-12'])]);
      script.push(['XDEL', 'd', '6-2', '30-2', '31-3', '33-3', '90-2'], ['XTRIM', 'd', 'MAXLEN', '50'], ['XTRIM', 'd', 'MAXLEN', '~', '40'],
        ['XADD', 'd', 'MINID', '40', '1000-0', 'f', 'late'], ['XSETID', 'd', '2000-0', 'ENTRIESADDED', '500', 'MAXDELETEDID', '1500-0'],
        ['XGROUP', 'CREATE', 'd', 'g1', '0', 'ENTRIESREAD', '3'], ['XGROUP', 'CREATE', 'd', 'g0', '$'], ['XADD', 'e', '1-1', 'a', '1'], ['XDEL', 'e', '1-1'],
        ['CONFIG', 'SET', 'stream-node-max-entries', '100']);
      for (const c of [r, o]) { await c.command(['FLUSHALL']); for (const cmd of script) await c.command(cmd); }
      for (const k of ['d', 'e']) {
        const theirs = await r.command(['DUMP', k]);
        expect(Buffer.from(await o.command(['DUMP', k]), 'latin1').toString('hex')).toBe(Buffer.from(theirs, 'latin1').toString('hex'));
        // and RESTORE keeps the layout: XINFO (radix counts included) stays identical
        const payload = theirs.replace(/^\$\d+\r\n/, '').slice(0, -2);
        expect(await o.command(['RESTORE', `${k}2`, '0', payload])).toBe('+OK\r\n');
        expect(await r.command(['RESTORE', `${k}2`, '0', payload])).toBe('+OK\r\n');
        expect(await o.command(['XINFO', 'STREAM', `${k}2`, 'FULL'])).toBe(await r.command(['XINFO', 'STREAM', `${k}2`, 'FULL']));
        expect(await o.command(['XTRIM', `${k}2`, 'MAXLEN', '~', '20'])).toBe(await r.command(['XTRIM', `${k}2`, 'MAXLEN', '~', '20']));
      }
    } finally { r.close(); o.close(); }
  });

  it('DEBUG RELOAD keeps streams, groups, PELs and counters', async () => {
    const o = await RawConn.open(ourPort);
    try {
      await o.command(['FLUSHALL']);
      await build(o, 's', true);
      await o.command(['XSETID', 's', '18446744073709551000-9', 'ENTRIESADDED', '1000', 'MAXDELETEDID', '150-0']);
      const q = ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'];
      const before = await o.command(q);
      expect(await o.command(['DEBUG', 'RELOAD'])).toBe('+OK\r\n');
      expect(await o.command(q)).toBe(before);
      expect(await o.command(['OBJECT', 'ENCODING', 's'])).toBe('$6\r\nstream\r\n');
      expect(await o.command(['TYPE', 's'])).toBe('+stream\r\n');
      const mem = await o.command(['MEMORY', 'USAGE', 's']);
      expect(Number(mem.slice(1))).toBeGreaterThan(4000);
    } finally { o.close(); }
  });

  it('the replication stream is what redis-server propagates (XADD *, ~ trimming, group reads, claims)', async () => {
    const workload: string[][] = [
      ['XADD', 's', '1-*', 'a', '1'], ['XADD', 's', '1-*', 'a', '2'], ['XADD', 's', '2', 'a', '3'], ['XADD', 's', 'MAXLEN', '~', '1', '3-*', 'a', '4'],
      ['XADD', 's', 'MAXLEN', '=', '100', 'LIMIT', '0', '4-*', 'b', '1'], ['XTRIM', 's', 'MINID', '~', '0'], ['XTRIM', 's', 'MAXLEN', '5'],
      ['XGROUP', 'CREATE', 's', 'g', '0'], ['XGROUP', 'CREATE', 's', 'n', '0'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'n', 'c9', 'NOACK', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '>'], ['XCLAIM', 's', 'g', 'c2', '0', '1-0', '1-1', 'JUSTID'],
      ['XCLAIM', 's', 'g', 'c2', '0', '1-0', 'LASTID', '99999999999999-0'], ['XDEL', 's', '1-1'], ['XAUTOCLAIM', 's', 'g', 'c3', '0', '0'],
      ['XACK', 's', 'g', '1-0'], ['XGROUP', 'SETID', 's', 'g', '$'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'x'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'x'],
      ['XADD', 's', '*', 'now', '1'], ['XSETID', 's', '99999999999999-5'], ['XGROUP', 'DESTROY', 's', 'n'], ['MULTI'], ['XADD', 's', '*', 'm', '1'], ['XREADGROUP', 'GROUP', 'g', 'c4', 'STREAMS', 's', '>'], ['EXEC'],
    ];
    const capture = async (port: number): Promise<string> => {
      const repl = await RawConn.open(port), c = await RawConn.open(port);
      try {
        await c.command(['FLUSHALL']);
        repl.send(encode(['PSYNC', '?', '-1']));
        const full = await repl.read(5000);
        expect(full).toMatch(/^\+FULLRESYNC /);
        // the RDB payload: $len\r\n<bytes> without a trailing CRLF
        const raw = repl as unknown as { buf: Buffer };
        await waitFor(async () => { const b = raw.buf; const nl = b.indexOf('\r\n'); return nl > 0 && b.length >= nl + 2 + Number(b.toString('latin1', 1, nl)); }, 5000, 'rdb');
        { const b = raw.buf; const nl = b.indexOf('\r\n'); raw.buf = b.subarray(nl + 2 + Number(b.toString('latin1', 1, nl))); }
        for (const cmd of workload) await c.command(cmd);
        await c.command(['SET', 'end', '1']);
        let out = '';
        for (;;) { const r = await repl.read(3000); if (r === '<timeout>') throw new Error('stream end not seen'); if (r.includes('$3\r\nend\r\n')) break; out += r; }
        // times and generated IDs are each server's clock: mask them (seq parts stay)
        return out.replace(/\*1\r\n\$4\r\nPING\r\n/g, '').replace(/\$\d+\r\n1[0-9]{12}(-\d+)?\r\n/g, (m) => m.replace(/^\$\d+/, '$?').replace(/1[0-9]{12}/, 'T'));
      } finally { repl.close(); c.close(); }
    };
    const expected = await capture(real.port);
    const actual = await capture(ourPort);
    expect(actual.split('\r\n')).toEqual(expected.split('\r\n'));
  });

  it('a real redis-server replica ends with the same stream and consumer-group state', async () => {
    const m = new RedisServer({ port: 0, allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const rep = await startRealRedis(['--replicaof', '127.0.0.1', String(mp)]);
    const mc = await RawConn.open(mp), rc = await RawConn.open(rep.port);
    const reader = await RawConn.open(mp);
    try {
      await waitFor(async () => (await rc.command(['INFO', 'replication'])).includes('master_link_status:up'), 15000, 'replica link');
      for (let i = 0; i < 30; i++) await mc.command(['XADD', 's', 'MAXLEN', '~', '20', '*', 'n', String(i)]);
      await mc.command(['XADD', 's', 'MINID', '~', '0', '*', 'n', 'x']);
      await mc.command(['XGROUP', 'CREATE', 's', 'g', '0']);
      await mc.command(['XGROUP', 'CREATE', 's', 'h', '$']);
      await mc.command(['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '5', 'STREAMS', 's', '>']);
      await mc.command(['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '3', 'STREAMS', 's', '>']);
      // (history reads, XREADGROUP … 0, bump delivery counters without propagation — in Redis too — so none here)
      const pend = await mc.command(['XPENDING', 's', 'g', '-', '+', '10']);
      const ids = [...pend.matchAll(/\$\d+\r\n(\d+-\d+)\r\n/g)].map((x) => x[1]);
      await mc.command(['XCLAIM', 's', 'g', 'carol', '0', ids[0], ids[1]]);
      await mc.command(['XACK', 's', 'g', ids[2]]);
      await mc.command(['XDEL', 's', ids[3]]);
      await mc.command(['XAUTOCLAIM', 's', 'g', 'dave', '0', '0', 'COUNT', '3']);
      // a blocked group reader served by XADD inside MULTI/EXEC propagates its XCLAIM too
      reader.send(encode(['XREADGROUP', 'GROUP', 'h', 'eve', 'BLOCK', '0', 'STREAMS', 's', '>']));
      await sleep(50);
      await mc.command(['MULTI']); await mc.command(['XADD', 's', '*', 'n', 'late']); await mc.command(['EXEC']);
      expect(await reader.read(2000)).toMatch(/^\*1\r\n/);
      await mc.command(['XGROUP', 'SETID', 's', 'h', '0', 'ENTRIESREAD', '0']);
      await mc.command(['XGROUP', 'DELCONSUMER', 's', 'g', 'bob']);
      await mc.command(['XTRIM', 's', 'MAXLEN', '~', '5']);
      await mc.command(['XSETID', 's', '99999999999999-0']);
      expect(await mc.command(['WAIT', '1', '5000'])).toBe(':1\r\n');
      const off = m.replicationInfo().offset;
      await waitFor(async () => (await rc.command(['INFO', 'replication'])).includes(`slave_repl_offset:${off}\r\n`), 5000, 'replica offset');
      const q = ['XINFO', 'STREAM', 's', 'FULL'];
      expect(maskSeen(await rc.command(q))).toBe(maskSeen(await mc.command(q)));
      expect(await rc.command(['XINFO', 'GROUPS', 's'])).toBe(await mc.command(['XINFO', 'GROUPS', 's']));
    } finally { mc.close(); rc.close(); reader.close(); await rep.stop(); await m.close(); }
  });
});

describe('streams: ioredis client', () => {
  let ours: RedisServer;
  let port = 0;
  beforeAll(async () => { ours = new RedisServer({ port: 0 }); port = (await ours.listen()).port; });
  afterAll(async () => { await ours?.close(); });

  it('producer / consumer-group session with a blocking reader', async () => {
    const a = cli(port), b = cli(port);
    try {
      expect(await a.xgroup('CREATE', 'jobs', 'workers', '$', 'MKSTREAM')).toBe('OK');
      const pending = b.xreadgroup('GROUP', 'workers', 'w1', 'COUNT', 10, 'BLOCK', 2000, 'STREAMS', 'jobs', '>');
      await sleep(50);
      const id = await a.xadd('jobs', '*', 'task', 'resize', 'size', '42');
      expect(id).toMatch(/^\d+-0$/);
      expect(await pending).toEqual([['jobs', [[id, ['task', 'resize', 'size', '42']]]]]);
      const summary = await a.xpending('jobs', 'workers');
      expect(summary).toEqual([1, id, id, [['w1', '1']]]);
      expect(await a.xclaim('jobs', 'workers', 'w2', 0, id!, 'JUSTID')).toEqual([id]);
      expect(await a.xack('jobs', 'workers', id!)).toBe(1);
      expect(await a.xlen('jobs')).toBe(1);
      expect(await a.xrange('jobs', '-', '+')).toEqual([[id, ['task', 'resize', 'size', '42']]]);
      expect(await a.xtrim('jobs', 'MAXLEN', 0)).toBe(1);
      const groups = await a.xinfo('GROUPS', 'jobs') as unknown[][];
      expect(groups[0]).toEqual(['name', 'workers', 'consumers', 2, 'pending', 0, 'last-delivered-id', id, 'entries-read', 1, 'lag', 0]);
      expect(await b.xread('BLOCK', 30, 'STREAMS', 'jobs', '$')).toBeNull();
    } finally { a.disconnect(); b.disconnect(); }
  });
});
