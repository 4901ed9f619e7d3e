/**
 * DUMP / RESTORE against a real redis-server 7.0: reply bytes (diffSuite),
 * and payloads crossing both ways for every type/encoding of the RDB fixture
 * dataset (OBJECT ENCODING and content must match; DUMP bytes must match
 * wherever Redis's layout does not depend on dict order).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffSuite, haveRedis, runSteps, startRealRedis, type DiffCase } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';
import { dumpPayload, restorePayload, Crc64 } from '../../../engines/redis/rdb/index.js';
import { RealRedis, RespClient, type Reply } from './rdb/realserver.js';
import { dataset, norm } from './rdb/fixtures.js';

const P = (v: Parameters<typeof dumpPayload>[0]): string => dumpPayload(v).toString('latin1');
const strPayload = P({ type: 'string', value: Buffer.from('hello') });
const listPayload = P({ type: 'list', items: [Buffer.from('a'), Buffer.from('b')] });
const badCrc = (() => { const b = Buffer.from(strPayload, 'latin1'); b[b.length - 1] ^= 0xff; return b.toString('latin1'); })();
const badVer = (() => { const b = dumpPayload({ type: 'string', value: Buffer.from('x') }); b.writeUInt16LE(11, b.length - 10); return b.toString('latin1'); })();
// valid version + CRC, but the body does not decode
const garbage = (() => {
  const good = dumpPayload({ type: 'string', value: Buffer.from('x') });
  const body = Buffer.from([0x63, 0x01, 0x02]);
  const out = Buffer.concat([body, good.subarray(good.length - 10)]);
  // recompute the CRC over body + version
  new Crc64().update(out, 0, out.length - 8).bytesLE().copy(out, out.length - 8);
  return out.toString('latin1');
});

diffSuite('DUMP/RESTORE', [
  { name: 'DUMP of each type built by commands', steps: [
    ['SET', 's', 'hello'], ['DUMP', 's'], ['SET', 'i', '12345'], ['DUMP', 'i'], ['SET', 'big', 'x'.repeat(100)], ['DUMP', 'big'],
    ['SET', 'neg', '-70000'], ['DUMP', 'neg'], ['SET', 'i64', '9223372036854775807'], ['DUMP', 'i64'],
    ['RPUSH', 'l', 'a', 'b', '1', '2', '-3', 'x'.repeat(70)], ['DUMP', 'l'],
    ['SADD', 'si', '3', '1', '2', '-100000', '5000000000'], ['DUMP', 'si'],
    ['ZADD', 'z', '1', 'a', '2.5', 'b', '-3', 'c', 'inf', 'd'], ['DUMP', 'z'],
    ['HSET', 'h', 'f1', 'v1', 'f2', '2', 'f3', 'x'.repeat(30)], ['DUMP', 'h'],
    ['DUMP', 'missing'],
  ] },
  { name: 'DUMP keeps the in-memory encoding (converted values, lowered limits)', steps: [
    ['HSET', 'h', 'a', 'x'.repeat(70), 'b', '1'], ['HDEL', 'h', 'a'], ['OBJECT', 'ENCODING', 'h'], ['DUMP', 'h'],
    ['SADD', 's', '1', 'a'], ['SREM', 's', 'a'], ['OBJECT', 'ENCODING', 's'], ['DUMP', 's'],
    ['ZADD', 'z', '1', 'a', '2', 'x'.repeat(70)], ['ZREM', 'z', 'x'.repeat(70)], ['OBJECT', 'ENCODING', 'z'], ['DUMP', 'z'],
    ['HSET', 'h2', 'a', '1', 'b', '2', 'c', '3'], ['SADD', 's2', '1', '2', '3'], ['ZADD', 'z2', '1', 'a', '2', 'b', '3', 'c'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '1'], ['CONFIG', 'SET', 'set-max-intset-entries', '1'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '1'],
    ['DUMP', 'h2'], ['DUMP', 's2'], ['DUMP', 'z2'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['CONFIG', 'SET', 'set-max-intset-entries', '512'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
  ] },
  { name: 'RESTORE basics, TTL, ABSTTL, REPLACE, BUSYKEY', steps: [
    ['RESTORE', 'k', '0', strPayload], ['GET', 'k'], ['OBJECT', 'ENCODING', 'k'], ['TTL', 'k'],
    ['RESTORE', 'k', '0', strPayload], ['RESTORE', 'k', '0', listPayload, 'REPLACE'], ['TYPE', 'k'], ['LRANGE', 'k', '0', '-1'],
    ['RESTORE', 't', '100000', strPayload], { cmd: ['PTTL', 't'], typeOnly: true }, ['TTL', 't'],
    ['RESTORE', 'a', '1', strPayload, 'ABSTTL'], ['EXISTS', 'a'],
    ['RESTORE', 'k', '1', strPayload, 'ABSTTL', 'REPLACE'], ['EXISTS', 'k'],
    ['RESTORE', 'b', String(Date.now() + 3_600_000), strPayload, 'ABSTTL'], ['TTL', 'b'],
  ] },
  { name: 'RESTORE errors', steps: [
    ['RESTORE', 'k', '-1', strPayload], ['RESTORE', 'k', 'abc', strPayload], ['RESTORE', 'k', '0', badCrc],
    ['RESTORE', 'k', '0', badVer], ['RESTORE', 'k', '0', garbage()], ['RESTORE', 'k', '0', 'short'], ['RESTORE', 'k', '0', ''],
    ['RESTORE', 'k', '0', strPayload, 'BOGUS'], ['RESTORE', 'k', '0', strPayload, 'IDLETIME'], ['RESTORE', 'k', '0', strPayload, 'IDLETIME', '-1'],
    ['RESTORE', 'k', '0', strPayload, 'IDLETIME', 'x'], ['RESTORE', 'k', '0', strPayload, 'FREQ', '256'], ['RESTORE', 'k', '0', strPayload, 'FREQ', '-1'],
    ['RESTORE', 'k', '0', strPayload, 'FREQ', '5', 'IDLETIME', '5'], ['RESTORE', 'k', '0', strPayload, 'IDLETIME', '5', 'FREQ', '5'],
    ['SET', 'e', 'x'], ['RESTORE', 'e', '-1', strPayload], ['RESTORE', 'e', '0', badCrc], ['RESTORE', 'e', '0', strPayload, 'BOGUS'],
    ['RESTORE', 'k'], ['DUMP'],
  ] },
  { name: 'RESTORE IDLETIME / FREQ', steps: [
    ['RESTORE', 'k', '0', strPayload, 'IDLETIME', '1000'], { cmd: ['OBJECT', 'IDLETIME', 'k'], typeOnly: true },
    ['RESTORE', 'f', '0', strPayload, 'FREQ', '100'], ['OBJECT', 'FREQ', 'f'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['RESTORE', 'g', '0', strPayload, 'FREQ', '100'], ['OBJECT', 'FREQ', 'g'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
  ] },
  { name: 'RESTORE respects live encoding thresholds', steps: [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'], ['CONFIG', 'SET', 'set-max-intset-entries', '2'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
    ['RESTORE', 'h', '0', P({ type: 'hash', entries: ['a', 'b', 'c'].map((f) => ({ field: Buffer.from(f), value: Buffer.from('1') })) })], ['OBJECT', 'ENCODING', 'h'],
    ['RESTORE', 's', '0', P({ type: 'set', members: ['1', '2', '3'].map((m) => Buffer.from(m)) })], ['OBJECT', 'ENCODING', 's'],
    ['RESTORE', 'z', '0', P({ type: 'zset', entries: ['a', 'b', 'c'].map((m, i) => ({ member: Buffer.from(m), score: i })) })], ['OBJECT', 'ENCODING', 'z'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['CONFIG', 'SET', 'set-max-intset-entries', '512'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
    ['RESTORE', 'h2', '0', P({ type: 'hash', entries: [{ field: Buffer.from('f'), value: Buffer.alloc(65, 'v') }] })], ['OBJECT', 'ENCODING', 'h2'],
    ['RESTORE', 'e', '0', P({ type: 'list', items: [] })],
    // packed payloads keep their encoding whatever the element sizes (only the count is checked)
    ['RESTORE', 'hp', '0', dumpPayload({ type: 'hash', entries: [{ field: Buffer.from('f'), value: Buffer.alloc(80, 'v') }] }, { hashMaxListpackValue: 100 }).toString('latin1')], ['OBJECT', 'ENCODING', 'hp'],
    ['RESTORE', 'zp', '0', dumpPayload({ type: 'zset', entries: [{ member: Buffer.alloc(80, 'm'), score: 1 }] }, { zsetMaxListpackValue: 100 }).toString('latin1')], ['OBJECT', 'ENCODING', 'zp'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '1'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '1'],
    ['RESTORE', 'hq', '0', P({ type: 'hash', entries: ['a', 'b'].map((f) => ({ field: Buffer.from(f), value: Buffer.from('1') })) })], ['OBJECT', 'ENCODING', 'hq'],
    ['RESTORE', 'zq', '0', P({ type: 'zset', entries: ['a', 'b'].map((m, i) => ({ member: Buffer.from(m), score: i })) })], ['OBJECT', 'ENCODING', 'zq'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
  ] },
]);

/** Cases needing DEBUG (real server started with --enable-debug-command yes) and a private dir for DEBUG RELOAD. */
const debugCases: DiffCase[] = [
  { name: 'DEBUG DIGEST / DIGEST-VALUE match Redis', steps: [
    ['DEBUG', 'DIGEST'], ['DEBUG', 'DIGEST-VALUE', 'nokey'],
    ['SET', 's', 'hello'], ['SET', 'i', '123'], ['SET', 't', 'x', 'EX', '1000'],
    ['RPUSH', 'l', 'a', '1', 'b'], ['SADD', 'si', '1', '2', '3'], ['SADD', 'ss', 'a', 'b', 'c'],
    ['ZADD', 'z', '1', 'a', '2.5', 'b', '-inf', 'c', '0.1', 'd'], ['HSET', 'h', 'f', 'v', 'g', '2'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'], ['ZADD', 'zs', '1', 'a', '3.14159', 'b'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
    ['DEBUG', 'DIGEST-VALUE', 's', 'i', 't', 'l', 'si', 'ss', 'z', 'h', 'zs', 'nokey'],
    ['DEBUG', 'DIGEST'], ['SELECT', '3'], ['SET', 'x', 'y'], ['DEBUG', 'DIGEST'], ['SELECT', '0'],
  ] },
  { name: 'DEBUG RELOAD keeps the dataset (digest, encodings, TTLs)', steps: [
    ['RPUSH', 'l', 'a', 'b'], ['SADD', 'si', '1', '2'], ['ZADD', 'z', '1', 'a'], ['HSET', 'h', 'f', 'v'], ['SET', 't', 'x', 'EX', '1000'], ['SET', 'n', '12'],
    ['DEBUG', 'DIGEST'], ['DEBUG', 'RELOAD'], ['DEBUG', 'DIGEST'], ['TTL', 't'],
    ['OBJECT', 'ENCODING', 'l'], ['OBJECT', 'ENCODING', 'si'], ['OBJECT', 'ENCODING', 'z'], ['OBJECT', 'ENCODING', 'h'], ['OBJECT', 'ENCODING', 'n'],
    ['DEBUG', 'RELOAD', 'BOGUS'], ['DBSIZE'],
  ] },
];

(haveRedis ? describe : describe.skip)('diff: DEBUG DIGEST / RELOAD', () => {
  let real: Awaited<ReturnType<typeof startRealRedis>>;
  let ours: RedisServer;
  let ourPort = 0;
  let dir = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dumpdiff-'));
    fs.mkdirSync(path.join(dir, 'real')); fs.mkdirSync(path.join(dir, 'ours'));
    real = await startRealRedis(['--enable-debug-command', 'yes', '--dir', path.join(dir, 'real')]);
    ours = new RedisServer({ allowRestrictedCommands: true, dir: path.join(dir, 'ours') });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
  for (const tc of debugCases) {
    it(tc.name, async () => {
      const expected = await runSteps(real.port, tc.steps, 2);
      const actual = await runSteps(ourPort, tc.steps, 2, ours);
      expect(actual).toEqual(expected);
    });
  }
});

// ---------------------------------------------------------------------------
// payloads crossing both ways, every fixture type/encoding

const fixtures = dataset().filter((f) => f.entry.value.type !== 'stream');
const d = haveRedis ? describe : describe.skip;
const asBuf = (r: Reply): Buffer => { if (!Buffer.isBuffer(r)) throw new Error(`expected bulk, got ${String(r)}`); return r; };
/** Layout independent of dict iteration order: DUMP must be byte-identical. */
const orderFree = (enc: string): boolean => enc !== 'hashtable';

d('DUMP/RESTORE across redis-server 7.0 and ours', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let oc: RespClient;
  beforeAll(async () => {
    real = await RealRedis.start();
    ours = new RedisServer({ allowRestrictedCommands: true });
    oc = await RespClient.connect((await ours.listen()).port);
  });
  afterAll(async () => { oc?.close(); real?.stop(); await ours?.close(); });

  for (const f of fixtures) {
    const name = f.entry.key.toString('latin1');
    it(`${JSON.stringify(name)} (${f.encoding})`, async () => {
      const k = f.entry.key;
      const payload = dumpPayload(f.entry.value);
      expect(await real.call('RESTORE', k, '0', payload, 'REPLACE')).toEqual(Buffer.from('OK'));
      const theirs = asBuf(await real.call('DUMP', k));
      // theirs → ours
      expect(await oc.call('RESTORE', k, '0', theirs, 'REPLACE')).toEqual(Buffer.from('OK'));
      expect(String(await oc.call('OBJECT', 'ENCODING', k))).toBe(String(await real.call('OBJECT', 'ENCODING', k)));
      expect(String(await oc.call('OBJECT', 'ENCODING', k))).toBe(f.encoding);
      const mine = asBuf(await oc.call('DUMP', k));
      if (orderFree(f.encoding)) expect(mine.toString('hex')).toBe(theirs.toString('hex'));
      else expect(norm(restorePayload(mine))).toEqual(norm(restorePayload(theirs)));
      // ours → theirs
      const k2 = Buffer.concat([Buffer.from('copy:'), k]);
      expect(await real.call('RESTORE', k2, '0', mine, 'REPLACE')).toEqual(Buffer.from('OK'));
      expect(String(await real.call('OBJECT', 'ENCODING', k2))).toBe(f.encoding);
      expect(norm(restorePayload(asBuf(await real.call('DUMP', k2))))).toEqual(norm(f.entry.value));
    });
  }
});
