/**
 * Differential tests against a real redis-server 7.0:
 *  (a) fill the server with every type/encoding, SAVE, read its dump.rdb with our reader;
 *  (b) write an RDB with our writer, start a server on it, check every key via commands;
 *  (c) DUMP on the server -> restorePayload; dumpPayload -> RESTORE on the server
 *      (and byte-for-byte DUMP equality wherever Redis's output order is deterministic).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readRdb, writeRdb, dumpPayload, restorePayload, objectEncoding, type RdbValue, type StreamValue } from '../../../../engines/redis/rdb/index.js';
import { d2string } from '../../../../engines/redis/rdb/numfmt.js';
import { RealRedis, haveRedis, type Reply } from './realserver.js';
import { dataset, norm, keyId, type Fixture } from './fixtures.js';

const d = haveRedis ? describe : describe.skip;
if (!haveRedis) console.warn('redis-server not found at /usr/bin/redis-server: differential RDB tests skipped');

const NOW = Date.now();
const fixtures = dataset(NOW);
const S = (r: Reply): string => (Buffer.isBuffer(r) ? r.toString('latin1') : String(r));
const ok = (r: Reply): void => { if (r instanceof Error) throw r; };
const idStr = (id: { ms: bigint; seq: bigint }): string => `${id.ms}-${id.seq}`;

async function load(srv: RealRedis, fx: Fixture[]): Promise<void> {
  let cur = -1;
  for (const { entry: e } of fx) {
    if (e.db !== cur) { ok(await srv.call('SELECT', e.db)); cur = e.db; }
    const v = e.value;
    const k = e.key;
    switch (v.type) {
      case 'string': ok(await srv.call('SET', k, v.value)); break;
      case 'list': for (let i = 0; i < v.items.length; i += 500) ok(await srv.call('RPUSH', k, ...v.items.slice(i, i + 500))); break;
      case 'set': for (let i = 0; i < v.members.length; i += 500) ok(await srv.call('SADD', k, ...v.members.slice(i, i + 500))); break;
      case 'zset': ok(await srv.call('ZADD', k, ...v.entries.flatMap((x) => [d2string(x.score), x.member]))); break;
      case 'hash': for (let i = 0; i < v.entries.length; i += 200) ok(await srv.call('HSET', k, ...v.entries.slice(i, i + 200).flatMap((x) => [x.field, x.value]))); break;
      case 'stream': {
        for (const en of v.entries) ok(await srv.call('XADD', k, idStr(en.id), ...en.fields.flatMap((f) => [f.field, f.value])));
        for (const g of v.groups) {
          ok(await srv.call('XGROUP', 'CREATE', k, g.name, idStr(g.lastId), 'ENTRIESREAD', String(g.entriesRead)));
          for (const c of g.consumers) ok(await srv.call('XGROUP', 'CREATECONSUMER', k, g.name, c.name));
          for (const p of g.pending) {
            ok(await srv.call('XCLAIM', k, g.name, p.consumer!, '0', idStr(p.id), 'TIME', String(p.deliveryTime), 'RETRYCOUNT', String(p.deliveryCount), 'FORCE', 'JUSTID'));
          }
        }
        break;
      }
    }
    if (e.expireAtMs !== undefined) ok(await srv.call('PEXPIREAT', k, String(e.expireAtMs)));
  }
  ok(await srv.call('SELECT', 0));
}

/** Consumer seen-times can't be set through commands; take them from the server's copy. */
function withSeenTimes(model: RdbValue, actual: RdbValue): RdbValue {
  if (model.type !== 'stream' || actual.type !== 'stream') return model;
  const m: StreamValue = { ...model, groups: model.groups.map((g) => ({ ...g, consumers: g.consumers.map((c) => ({ ...c })) })) };
  for (const g of m.groups) {
    const ag = actual.groups.find((x) => x.name.equals(g.name));
    for (const c of g.consumers) {
      const ac = ag?.consumers.find((x) => x.name.equals(c.name));
      if (ac) { expect(ac.seenTime).toBeGreaterThanOrEqual(NOW - 1000); c.seenTime = ac.seenTime; }
    }
  }
  return m;
}

/** Whether Redis's serialisation order is deterministic (not dict iteration order). */
function deterministic(f: Fixture): boolean {
  return f.encoding !== 'hashtable';
}

/** Independent check of one key through ordinary commands. */
async function checkViaCommands(srv: RealRedis, f: Fixture): Promise<void> {
  const { key: k, value: v } = f.entry;
  const name = k.toString('latin1');
  expect(S(await srv.call('TYPE', k)), name).toBe(v.type);
  expect(S(await srv.call('OBJECT', 'ENCODING', k)), name).toBe(f.encoding);
  const pexp = await srv.call('PEXPIRETIME', k);
  expect(pexp, name).toBe(f.entry.expireAtMs ?? -1);
  const hexs = (r: Reply): string[] => (r as Buffer[]).map((b) => b.toString('hex'));
  switch (v.type) {
    case 'string': expect((await srv.call('GET', k) as Buffer).equals(v.value), name).toBe(true); break;
    case 'list': expect(hexs(await srv.call('LRANGE', k, 0, -1))).toEqual(v.items.map((b) => b.toString('hex'))); break;
    case 'set': expect(hexs(await srv.call('SMEMBERS', k)).sort()).toEqual(v.members.map((b) => b.toString('hex')).sort()); break;
    case 'hash': {
      const flat = hexs(await srv.call('HGETALL', k));
      const pairs: string[] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push(flat[i] + ':' + flat[i + 1]);
      expect(pairs.sort()).toEqual(v.entries.map((e) => e.field.toString('hex') + ':' + e.value.toString('hex')).sort());
      break;
    }
    case 'zset': {
      const flat = await srv.call('ZRANGE', k, 0, -1, 'WITHSCORES') as Buffer[];
      const sorted = [...v.entries].sort((a, b) => a.score - b.score || Buffer.compare(a.member, b.member));
      expect(flat.filter((_, i) => i % 2 === 0).map((b) => b.toString('hex'))).toEqual(sorted.map((e) => e.member.toString('hex')));
      const scores = flat.filter((_, i) => i % 2 === 1).map((b) => { const s = b.toString(); return s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s); });
      expect(scores).toEqual(sorted.map((e) => (Object.is(e.score, -0) ? 0 : e.score)));
      break;
    }
    case 'stream': {
      const xr = await srv.call('XRANGE', k, '-', '+') as Reply[][];
      expect(xr.map((e) => S(e[0]))).toEqual(v.entries.map((e) => idStr(e.id)));
      expect(xr.map((e) => hexs(e[1]))).toEqual(v.entries.map((e) => e.fields.flatMap((x) => [x.field.toString('hex'), x.value.toString('hex')])));
      const groups = await srv.call('XINFO', 'GROUPS', k) as Reply[][];
      expect(groups.length).toBe(v.groups.length);
      for (const g of groups) {
        const o: Record<string, Reply> = {};
        for (let i = 0; i < g.length; i += 2) o[S(g[i])] = g[i + 1];
        const mg = v.groups.find((x) => x.name.toString() === S(o.name))!;
        expect(o.consumers).toBe(mg.consumers.length);
        expect(o.pending).toBe(mg.pending.length);
        expect(S(o['last-delivered-id'])).toBe(idStr(mg.lastId));
        expect(o['entries-read']).toBe(Number(mg.entriesRead));
      }
      const info = await srv.call('XINFO', 'STREAM', k) as Reply[];
      const o: Record<string, Reply> = {};
      for (let i = 0; i < info.length; i += 2) o[S(info[i])] = info[i + 1];
      expect(o.length).toBe(v.entries.length);
      expect(S(o['last-generated-id'])).toBe(idStr(v.lastId));
      expect(S(o['max-deleted-entry-id'])).toBe(idStr(v.maxDeletedId));
      expect(o['entries-added']).toBe(Number(v.entriesAdded));
      break;
    }
  }
}

d('real redis-server 7.0: SAVE -> our reader (a) and DUMP/RESTORE (c)', () => {
  let srv: RealRedis;
  beforeAll(async () => {
    srv = await RealRedis.start();
    await load(srv, fixtures);
  });
  afterAll(() => { srv?.stop(); });

  it('Redis picks the encodings our writer models (objectEncoding parity)', async () => {
    let cur = -1;
    for (const f of fixtures) {
      if (f.entry.db !== cur) { await srv.call('SELECT', f.entry.db); cur = f.entry.db; }
      expect(S(await srv.call('OBJECT', 'ENCODING', f.entry.key)), f.entry.key.toString()).toBe(f.encoding);
      expect(objectEncoding(f.entry.value)).toBe(f.encoding);
    }
    await srv.call('SELECT', 0);
  });

  it('(a) its dump.rdb reads back as exactly what we put in', async () => {
    ok(await srv.call('SAVE'));
    const file = fs.readFileSync(path.join(srv.dir, 'dump.rdb'));
    const r = readRdb(file);
    expect(r.version).toBe(10);
    expect(r.aux['redis-ver']).toMatch(/^7\.0\./);
    expect(r.aux['redis-bits']).toBe('64');
    expect(r.aux['aof-base']).toBe('0');
    expect(r.entries.length).toBe(fixtures.length);
    const got = new Map(r.entries.map((e) => [keyId(e.db, e.key), e]));
    for (const f of fixtures) {
      const e = got.get(keyId(f.entry.db, f.entry.key));
      expect(e, f.entry.key.toString()).toBeDefined();
      expect(norm(e!.value), f.entry.key.toString()).toEqual(norm(withSeenTimes(f.entry.value, e!.value)));
      expect(e!.expireAtMs).toBe(f.entry.expireAtMs);
    }
    const dbs = [...new Set(fixtures.map((f) => f.entry.db))];
    for (const db of dbs) {
      expect(r.resizeDb[db]).toEqual({ size: fixtures.filter((f) => f.entry.db === db).length, expires: fixtures.filter((f) => f.entry.db === db && f.entry.expireAtMs !== undefined).length });
    }
  });

  it('(c) DUMP from Redis decodes with restorePayload; our dumpPayload is byte-identical where Redis is deterministic', async () => {
    let cur = -1;
    let identical = 0;
    for (const f of fixtures) {
      if (f.entry.db !== cur) { await srv.call('SELECT', f.entry.db); cur = f.entry.db; }
      const dump = await srv.call('DUMP', f.entry.key) as Buffer;
      const v = restorePayload(dump);
      const model = withSeenTimes(f.entry.value, v);
      expect(norm(v), f.entry.key.toString()).toEqual(norm(model));
      if (deterministic(f)) {
        expect(dumpPayload(model).toString('hex'), f.entry.key.toString()).toBe(dump.toString('hex'));
        identical++;
      }
    }
    expect(identical).toBeGreaterThan(25);
    await srv.call('SELECT', 0);
  });

  it('(c) dumpPayload -> RESTORE into Redis gives the same value and encoding', async () => {
    let cur = -1;
    for (const f of fixtures) {
      if (f.entry.db !== cur) { await srv.call('SELECT', f.entry.db); cur = f.entry.db; }
      const k2 = Buffer.concat([f.entry.key, Buffer.from(':restored')]);
      const res = await srv.call('RESTORE', k2, '0', dumpPayload(f.entry.value));
      expect(S(res), f.entry.key.toString()).toBe('OK');
      expect(S(await srv.call('OBJECT', 'ENCODING', k2))).toBe(f.encoding);
      const back = restorePayload(await srv.call('DUMP', k2) as Buffer);
      expect(norm(back)).toEqual(norm(f.entry.value));
      await srv.call('DEL', k2);
    }
    await srv.call('SELECT', 0);
  });

  it('(c) RESTORE rejects our payload with a broken checksum the same way restorePayload does', async () => {
    const p = dumpPayload({ type: 'string', value: Buffer.from('x') });
    p[p.length - 1] ^= 1;
    const res = await srv.call('RESTORE', 'broken', '0', p);
    expect(String((res as Error).message)).toBe('ERR DUMP payload version or checksum are wrong');
    expect(() => restorePayload(p)).toThrow((res as Error).message);
  });

  it('(c) randomized: LZF choices, quicklist node splits and %.17g scores are byte-identical to Redis', async () => {
    let seed = 99;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const randStr = (n: number, alpha: number): Buffer => Buffer.from(Array.from({ length: n }, () => 97 + Math.floor(rnd() * alpha)));
    const cases: [string, RdbValue][] = [];
    for (let i = 0; i < 60; i++) cases.push([`lzf${i}`, { type: 'string', value: randStr(15 + Math.floor(rnd() * 400), 1 + Math.floor(rnd() * 26)) }]);
    for (let i = 0; i < 8; i++) {
      const items = Array.from({ length: 50 + Math.floor(rnd() * 3000) }, () => (rnd() < 0.3 ? Buffer.from(String(Math.floor(rnd() * 2e6) - 1e6)) : randStr(Math.floor(rnd() * (rnd() < 0.1 ? 3000 : 60)), 4)));
      cases.push([`ql${i}`, { type: 'list', items }]);
    }
    for (let i = 0; i < 10; i++) {
      const n = 1 + Math.floor(rnd() * 120);
      const entries = Array.from({ length: n }, (_, j) => ({ member: Buffer.from(`m${j}`), score: rnd() < 0.5 ? (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20) : Math.floor(rnd() * 100) }));
      cases.push([`zs${i}`, { type: 'zset', entries }]);
    }
    for (const [k, v] of cases) {
      await srv.call('DEL', k);
      if (v.type === 'string') ok(await srv.call('SET', k, v.value));
      else if (v.type === 'list') for (let i = 0; i < v.items.length; i += 500) ok(await srv.call('RPUSH', k, ...v.items.slice(i, i + 500)));
      else if (v.type === 'zset') ok(await srv.call('ZADD', k, ...v.entries.flatMap((e) => [d2string(e.score), e.member])));
      const dump = await srv.call('DUMP', k) as Buffer;
      expect(dumpPayload(v).toString('hex'), k).toBe(dump.toString('hex'));
      await srv.call('DEL', k);
    }
  });

  it('(c) streams with deletions and XSETID survive DUMP both ways', async () => {
    await srv.call('DEL', 'xs');
    for (let i = 1; i <= 300; i++) await srv.call('XADD', 'xs', `${i}-0`, 'f', String(i), ...(i % 7 ? [] : ['g', 'x'.repeat(i)]));
    for (let i = 1; i <= 300; i += 3) await srv.call('XDEL', 'xs', `${i}-0`);
    await srv.call('XGROUP', 'CREATE', 'xs', 'g', '0');
    await srv.call('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '5', 'STREAMS', 'xs', '>');
    await srv.call('XREADGROUP', 'GROUP', 'g', 'c2', 'COUNT', '3', 'STREAMS', 'xs', '>');
    await srv.call('XACK', 'xs', 'g', '2-0');
    await srv.call('XSETID', 'xs', '500-0', 'ENTRIESADDED', '1000', 'MAXDELETEDID', '400-0');
    const dump = await srv.call('DUMP', 'xs') as Buffer;
    const v = restorePayload(dump) as StreamValue;
    expect(v.entries.length).toBe(await srv.call('XLEN', 'xs'));
    expect(v.entries[0].id).toEqual({ ms: 2n, seq: 0n });
    expect(v.maxDeletedId).toEqual({ ms: 400n, seq: 0n });
    expect(v.entriesAdded).toBe(1000n);
    expect(v.groups[0].pending.length).toBe(7);
    expect(v.groups[0].pending.filter((p) => p.consumer!.toString() === 'c2').length).toBe(3);
    expect(S(await srv.call('RESTORE', 'xs2', '0', dumpPayload(v)))).toBe('OK');
    expect(norm(restorePayload(await srv.call('DUMP', 'xs2') as Buffer))).toEqual(norm(v));
    expect(await srv.call('XRANGE', 'xs2', '-', '+')).toEqual(await srv.call('XRANGE', 'xs', '-', '+'));
    const pend = async (k: string): Promise<unknown> => ((await srv.call('XPENDING', k, 'g', '-', '+', '100')) as Reply[][]).map((e) => [S(e[0]), S(e[1]), e[3]]);
    expect(await pend('xs2')).toEqual(await pend('xs')); // (idle time, index 2, moves with the clock)
  });
});

d('real redis-server 7.0 loads our writer\'s RDB (b)', () => {
  let srv: RealRedis;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-ours-'));
  beforeAll(async () => {
    const code = "#!lua name=ourlib\nredis.register_function('ourfn', function() return 'hi' end)";
    fs.writeFileSync(path.join(dir, 'ours.rdb'), writeRdb(fixtures.map((f) => f.entry), { 'repl-stream-db': '0', 'repl-id': 'f'.repeat(40), 'repl-offset': '0' }, { functions: [code] }));
    srv = await RealRedis.start({ dir, dbfilename: 'ours.rdb', extra: ['--enable-debug-command', 'yes'] });
  });
  afterAll(() => { srv?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('every key, type, encoding, TTL and content', async () => {
    const dbs = [...new Set(fixtures.map((f) => f.entry.db))];
    for (const db of dbs) {
      await srv.call('SELECT', db);
      expect(await srv.call('DBSIZE')).toBe(fixtures.filter((f) => f.entry.db === db).length);
      for (const f of fixtures.filter((x) => x.entry.db === db)) await checkViaCommands(srv, f);
    }
    await srv.call('SELECT', 0);
  });

  it('function libraries load', async () => {
    expect(S(await srv.call('FCALL', 'ourfn', '0'))).toBe('hi');
  });

  it('and DEBUG RELOAD (save + load by Redis) keeps everything', async () => {
    const r = await srv.call('DEBUG', 'RELOAD');
    expect(S(r)).toBe('OK');
    await srv.call('SELECT', 0);
    for (const f of fixtures.filter((x) => x.entry.db === 0).slice(0, 10)) await checkViaCommands(srv, f);
  });
});
