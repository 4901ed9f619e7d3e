import { describe, it, expect } from 'vitest';
import { Server } from '../../../engines/redis/server.js';
import '../../../engines/redis/index.js';
import { typeInfo } from '../../../engines/redis/keyspace.js';
import { readRdb, writeRdb } from '../../../engines/redis/rdb/index.js';
import { valueToRdb, rdbToValue, writeSnapshot, snapshotChunks, loadSnapshot } from '../../../engines/redis/persistence.js';
import { dataset, norm, keyId } from './rdb/fixtures.js';

const fixtures = dataset().filter((f) => f.entry.value.type !== 'stream');

describe('persistence bridge', () => {
  it('loads every type/encoding from an RDB with Redis encodings, and writes it back identically', () => {
    const s = new Server();
    const file = writeRdb(fixtures.map((f) => f.entry));
    const r = loadSnapshot(s, file);
    expect(r.keys).toBe(fixtures.length);
    for (const f of fixtures) {
      const e = s.ks.dbs[f.entry.db].peek(f.entry.key.toString('latin1'))!;
      expect(e, f.entry.key.toString()).toBeDefined();
      expect(typeInfo(e.type)!.encoding(e), f.entry.key.toString()).toBe(f.encoding);
      expect(norm(valueToRdb(e))).toEqual(norm(f.entry.value));
      expect(e.expireAt).toBe(f.entry.expireAtMs ?? 0);
    }
    const back = readRdb(writeSnapshot(s, { 'repl-id': 'x'.repeat(40), 'repl-offset': '0' }));
    expect(back.aux['repl-id']).toBe('x'.repeat(40));
    const m = new Map(back.entries.map((e) => [keyId(e.db, e.key), e]));
    expect(m.size).toBe(fixtures.length);
    for (const f of fixtures) {
      const e = m.get(keyId(f.entry.db, f.entry.key))!;
      expect(norm(e.value)).toEqual(norm(f.entry.value));
      expect(e.expireAtMs).toBe(f.entry.expireAtMs);
    }
    expect(Buffer.concat([...snapshotChunks(s)]).length).toBeGreaterThan(100);
  });

  it('skips expired keys and flushes unless told not to', () => {
    const s = new Server();
    s.ks.dbs[0].add('old', 'string', 'x');
    const now = Date.now();
    const file = writeRdb([
      { db: 0, key: Buffer.from('a'), value: { type: 'string', value: Buffer.from('1') } },
      { db: 0, key: Buffer.from('gone'), value: { type: 'string', value: Buffer.from('1') }, expireAtMs: now - 1000 },
    ]);
    expect(loadSnapshot(s, file, { flush: false })).toMatchObject({ keys: 1, expired: 1 });
    expect(s.ks.dbs[0].size).toBe(2);
    loadSnapshot(s, file);
    expect([...s.ks.dbs[0].map.keys()]).toEqual(['a']);
  });

  it('chooses encodings from live config thresholds', () => {
    const s = new Server();
    s.config.setRaw('hash-max-listpack-entries', '1');
    s.config.setRaw('set-max-intset-entries', '2');
    s.config.setRaw('zset-max-listpack-entries', '1');
    const h = rdbToValue(s, { type: 'hash', entries: [{ field: Buffer.from('a'), value: Buffer.from('1') }, { field: Buffer.from('b'), value: Buffer.from('2') }] });
    expect((h.value as { enc: string }).enc).toBe('hashtable');
    const st = rdbToValue(s, { type: 'set', members: ['1', '2', '3'].map((x) => Buffer.from(x)) });
    expect((st.value as { enc: string }).enc).toBe('hashtable');
    const z = rdbToValue(s, { type: 'zset', entries: [{ member: Buffer.from('a'), score: 1 }, { member: Buffer.from('b'), score: 2 }] });
    expect((z.value as { enc: string }).enc).toBe('skiplist');
  });

  it('rejects a corrupt file without touching the dataset', () => {
    const s = new Server();
    s.ks.dbs[0].add('k', 'string', 'v');
    const file = writeSnapshot(s);
    file[file.length - 1] ^= 1;
    expect(() => loadSnapshot(s, file)).toThrow(/CRC/);
    expect(s.ks.dbs[0].size).toBe(1);
  });
});

describe('BGSAVE image', () => {
  it('is point-in-time: writes after BGSAVE started do not reach the file', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { startBgsave, persistenceState } = await import('../../../engines/redis/persistence.js');
    const { HashValue } = await import('../../../engines/redis/types/hash.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bgsave-'));
    try {
      const s = new Server({ dir, dbfilename: 'img.rdb' });
      const db = s.ks.dbs[0];
      for (let i = 0; i < 5000; i++) db.add(`k${i}`, 'string', `v${i}`);
      const h = new HashValue(); h.set('f', 'old'); db.add('h', 'hash', h);
      expect(startBgsave(s)).toBe(true);
      expect(startBgsave(s)).toBe(false);
      h.set('f', 'new'); h.set('g', 'added');
      db.setKey('k1', 'string', 'changed');
      db.delete('k2');
      db.add('late', 'string', 'x');
      await persistenceState(s).bgsave;
      expect(persistenceState(s).lastBgsaveStatus).toBe('ok');
      const r = readRdb(fs.readFileSync(path.join(dir, 'img.rdb')));
      const m = new Map(r.entries.map((e) => [e.key.toString('latin1'), e.value]));
      expect(m.size).toBe(5001);
      expect(m.get('k1')).toEqual({ type: 'string', value: Buffer.from('v1') });
      expect(m.has('k2')).toBe(true);
      expect(m.has('late')).toBe(false);
      expect(m.get('h')).toEqual({ type: 'hash', entries: [{ field: Buffer.from('f'), value: Buffer.from('old') }] });
      expect(fs.readdirSync(dir)).toEqual(['img.rdb']);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('RedisServer loadRdbPath', () => {
  it('starts empty when the file is missing, rejects a corrupt file', async () => {
    const { RedisServer } = await import('../../../engines/redis/index.js');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadrdb-'));
    try {
      const a = new RedisServer({ loadRdbPath: path.join(dir, 'missing.rdb') });
      await a.listen();
      expect(a.stats().keys).toBe(0);
      await a.close();
      fs.writeFileSync(path.join(dir, 'bad.rdb'), 'REDIS0010garbage');
      const b = new RedisServer({ loadRdbPath: path.join(dir, 'bad.rdb') });
      await expect(b.listen()).rejects.toThrow();
      await b.close();
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('RESTORE propagation', () => {
  it('rewrites a relative TTL to an absolute one + ABSTTL, and an expired REPLACE to DEL', async () => {
    const { RedisServer } = await import('../../../engines/redis/index.js');
    const { RawConn } = await import('./diff.js');
    const { dumpPayload } = await import('../../../engines/redis/rdb/index.js');
    const s = new RedisServer({});
    const { port } = await s.listen();
    const log: string[][] = [];
    s.core.ks.propagateHooks.push((_db, argv) => log.push(argv));
    const c = await RawConn.open(port);
    try {
      const p = dumpPayload({ type: 'string', value: Buffer.from('v') }).toString('latin1');
      const before = Date.now();
      expect(await c.command(['RESTORE', 'a', '0', p])).toBe('+OK\r\n');
      expect(await c.command(['RESTORE', 'b', '5000', p, 'REPLACE'])).toBe('+OK\r\n');
      expect(await c.command(['RESTORE', 'a', '1', p, 'ABSTTL', 'REPLACE'])).toBe('+OK\r\n');
      expect(await c.command(['RESTORE', 'zz', '1', p, 'ABSTTL'])).toBe('+OK\r\n');
      expect(await c.command(['RESTORE', 'b', '0', p])).toMatch(/^-BUSYKEY/);
      expect(log.map((a) => a[0])).toEqual(['RESTORE', 'RESTORE', 'DEL']);
      expect(log[0]).toEqual(['RESTORE', 'a', '0', p]);
      expect(log[1].slice(0, 2)).toEqual(['RESTORE', 'b']);
      expect(Number(log[1][2])).toBeGreaterThanOrEqual(before + 5000);
      expect(log[1].slice(3)).toEqual([p, 'REPLACE', 'ABSTTL']);
      expect(log[2]).toEqual(['DEL', 'a']);
    } finally { c.close(); await s.close(); }
  });
});
