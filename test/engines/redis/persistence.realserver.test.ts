/**
 * RDB files crossing between our engine and a real redis-server 7.0 (SAVE →
 * load at startup, both directions), plus SAVE/BGSAVE/LASTSAVE/DEBUG RELOAD
 * and loadRdbPath on our server.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RedisServer } from '../../../engines/redis/index.js';
import { readRdb, writeRdb, restorePayload, type RdbEntry } from '../../../engines/redis/rdb/index.js';
import { RealRedis, RespClient, haveRedis, type Reply } from './rdb/realserver.js';
import { dataset, norm, keyId } from './rdb/fixtures.js';
import { persistenceState } from '../../../engines/redis/persistence.js';

const fixtures = dataset().filter((f) => f.entry.value.type !== 'stream');
const d = haveRedis ? describe : describe.skip;
const str = (r: Reply): string => (Buffer.isBuffer(r) ? r.toString('latin1') : String(r));

async function keysOf(call: (...a: (string | Buffer)[]) => Promise<Reply>, db: number): Promise<Buffer[]> {
  await call('SELECT', String(db));
  return (await call('KEYS', '*')) as Buffer[];
}

/** Every key of every db of a server: encoding, DUMP content (normalised), TTL presence. */
async function describeAll(call: (...a: (string | Buffer)[]) => Promise<Reply>): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (let db = 0; db < 16; db++) {
    for (const k of await keysOf(call, db)) {
      const dump = (await call('DUMP', k)) as Buffer;
      const pttl = (await call('PTTL', k)) as number;
      out.set(keyId(db, k), { enc: str(await call('OBJECT', 'ENCODING', k)), v: norm(restorePayload(dump)), ttl: pttl > 0 ? Math.round(pttl / 60_000) : pttl });
    }
  }
  await call('SELECT', '0');
  return out;
}

d('RDB files between redis-server 7.0 and ours', () => {
  let tmp: string;
  const cleanup: (() => unknown)[] = [];
  beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'persist-')); });
  afterAll(async () => { for (const f of cleanup.reverse()) await f(); fs.rmSync(tmp, { recursive: true, force: true }); });

  it('an RDB we SAVE loads in redis-server with identical keys, encodings, TTLs', async () => {
    const dir = path.join(tmp, 'a'); fs.mkdirSync(dir);
    const src = path.join(dir, 'src.rdb');
    fs.writeFileSync(src, writeRdb(fixtures.map((f) => f.entry)));
    const ours = new RedisServer({ allowRestrictedCommands: true, dir, dbfilename: 'ours.rdb', loadRdbPath: src });
    cleanup.push(() => ours.close());
    const oc = await RespClient.connect((await ours.listen()).port);
    cleanup.push(() => oc.close());
    expect(str(await oc.call('SAVE'))).toBe('OK');
    expect(fs.existsSync(path.join(dir, 'ours.rdb'))).toBe(true);
    const real = await RealRedis.start({ dir, dbfilename: 'ours.rdb' });
    cleanup.push(() => real.stop());
    const a = await describeAll((...x) => oc.call(...x));
    const b = await describeAll((...x) => real.call(...x));
    expect(a.size).toBe(fixtures.length);
    expect(b).toEqual(a);
  });

  it('an RDB saved by redis-server loads into ours with identical keys, encodings, TTLs', async () => {
    const dir = path.join(tmp, 'b'); fs.mkdirSync(dir);
    const real = await RealRedis.start({ dir, dbfilename: 'theirs.rdb' });
    cleanup.push(() => real.stop());
    // build the dataset on the real server through commands and RESTOREs
    const { dumpPayload } = await import('../../../engines/redis/rdb/index.js');
    for (const f of fixtures) {
      await real.call('SELECT', String(f.entry.db));
      const ttl = f.entry.expireAtMs ? String(f.entry.expireAtMs) : '0';
      expect(str(await real.call('RESTORE', f.entry.key, ttl, dumpPayload(f.entry.value), 'ABSTTL', 'REPLACE'))).toBe('OK');
    }
    await real.call('SELECT', '0');
    await real.call('HSET', 'hcmd', 'a', '1', 'b', '2');
    await real.call('RPUSH', 'lcmd', ...Array.from({ length: 2000 }, (_, i) => `e${i}`));
    await real.call('ZADD', 'zcmd', '1', 'a', '2', 'b');
    await real.call('SET', 'gone', 'x', 'PX', '1');
    await new Promise((r) => setTimeout(r, 5));
    await real.call('CONFIG', 'SET', 'rdbcompression', 'yes');
    expect(str(await real.call('SAVE'))).toBe('OK');
    const ours = new RedisServer({ allowRestrictedCommands: true, loadRdbPath: path.join(dir, 'theirs.rdb') });
    cleanup.push(() => ours.close());
    const oc = await RespClient.connect((await ours.listen()).port);
    cleanup.push(() => oc.close());
    const a = await describeAll((...x) => real.call(...x));
    const b = await describeAll((...x) => oc.call(...x));
    expect(b.size).toBe(fixtures.length + 3);
    expect(b).toEqual(a);
  });

  it('SAVE/BGSAVE write atomically into dir/dbfilename; LASTSAVE, INFO persistence, DEBUG RELOAD', async () => {
    const dir = path.join(tmp, 'c'); fs.mkdirSync(dir);
    const ours = new RedisServer({ allowRestrictedCommands: true, dir, dbfilename: 'x.rdb' });
    cleanup.push(() => ours.close());
    const oc = await RespClient.connect((await ours.listen()).port);
    cleanup.push(() => oc.close());
    const info = async (): Promise<Record<string, string>> => Object.fromEntries(str(await oc.call('INFO', 'persistence')).split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':')));
    await oc.call('SET', 'a', '1'); await oc.call('RPUSH', 'l', 'x', 'y'); await oc.call('SADD', 's', 'm');
    expect((await info()).rdb_changes_since_last_save).toBe('4'); // RPUSH of 2 counts 2, as in Redis
    expect(fs.readdirSync(dir)).toEqual([]);
    // pipelined: the file write is asynchronous (thread pool), so the next commands see it running
    const [r1, r2, inf] = await Promise.all([oc.call('BGSAVE'), oc.call('BGSAVE'), oc.call('INFO', 'persistence')]);
    expect(str(r1)).toBe('Background saving started');
    expect(str(r2)).toBe('Error: ERR Background save already in progress');
    expect(str(inf)).toContain('rdb_bgsave_in_progress:1');
    await persistenceState(ours.core).bgsave;
    const i2 = await info();
    expect(i2).toMatchObject({ rdb_bgsave_in_progress: '0', rdb_last_bgsave_status: 'ok', rdb_changes_since_last_save: '0', rdb_saves: '1' });
    expect(fs.readdirSync(dir)).toEqual(['x.rdb']);
    expect(readRdb(fs.readFileSync(path.join(dir, 'x.rdb'))).entries.length).toBe(3);
    expect(Number(await oc.call('LASTSAVE'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 2);
    await oc.call('SET', 'b', '2');
    expect(str(await oc.call('DEBUG', 'RELOAD'))).toBe('OK');
    expect(Number(await oc.call('DBSIZE'))).toBe(4);
    expect((await oc.call('LRANGE', 'l', '0', '-1') as Buffer[]).map(str)).toEqual(['x', 'y']);
    await oc.call('SET', 'c', '3');
    expect(str(await oc.call('DEBUG', 'RELOAD', 'NOSAVE'))).toBe('OK');
    expect(Number(await oc.call('EXISTS', 'c'))).toBe(0);
    await oc.call('SET', 'c', '3');
    expect(str(await oc.call('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'))).toBe('OK');
    expect(Number(await oc.call('DBSIZE'))).toBe(5);
    expect(str(await oc.call('SAVE'))).toBe('OK');
    expect(fs.readdirSync(dir)).toEqual(['x.rdb']);
    // public snapshot API
    const snap = ours.saveSnapshot();
    await oc.call('FLUSHALL');
    expect(ours.loadSnapshot(snap).keys).toBe(5);
    expect(Number(await oc.call('DBSIZE'))).toBe(5);
    const bad = Buffer.from(snap); bad[bad.length - 3] ^= 1;
    expect(() => ours.loadSnapshot(bad)).toThrow();
    expect(Number(await oc.call('DBSIZE'))).toBe(5);
  });
});

// keep the import used when redis-server is missing
export type { RdbEntry };
