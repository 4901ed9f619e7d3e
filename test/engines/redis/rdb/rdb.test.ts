import { describe, it, expect } from 'vitest';
import {
  readRdb, writeRdb, writeRdbChunks, RdbWriter, dumpPayload, restorePayload, objectEncoding, RdbError, RDB_TYPE, ByteWriter,
  writeLen, writeString, lpEncode, crc64, Crc64, intsetEncode, type RdbEntry, type RdbValue,
} from '../../../../engines/redis/rdb/index.js';
import { ziplistEncode } from '../../../../engines/redis/rdb/ziplist.js';
import { zipmapEncode } from '../../../../engines/redis/rdb/zipmap.js';
import { dataset, norm, keyId } from './fixtures.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Hand-built RDB: magic + body + EOF + checksum. */
function rdbFile(body: (w: ByteWriter) => void, version = 10): Buffer {
  const w = new ByteWriter();
  w.bytes(B(`REDIS${String(version).padStart(4, '0')}`));
  body(w);
  w.byte(255);
  const b = w.toBuffer();
  return Buffer.concat([b, new Crc64().update(b).bytesLE()]);
}
function typedKey(w: ByteWriter, type: number, key: string, value: (w: ByteWriter) => void): void {
  w.byte(type); writeString(w, B(key)); value(w);
}

describe('RDB round trip (writer -> reader)', () => {
  const fx = dataset(1_800_000_000_000);
  const entries = fx.map((f) => f.entry);
  const file = writeRdb(entries, { 'repl-id': 'a'.repeat(40), 'repl-offset': '1234', 'repl-stream-db': '0', custom: 'x' });
  const back = readRdb(file);

  it('header, aux fields and trailer', () => {
    expect(file.subarray(0, 9).toString()).toBe('REDIS0010');
    expect(back.version).toBe(10);
    expect(back.aux['redis-ver']).toBe('7.0.15');
    expect(back.aux['redis-bits']).toBe('64');
    expect(back.aux['aof-base']).toBe('0');
    expect(back.aux['repl-id']).toBe('a'.repeat(40));
    expect(back.aux['repl-offset']).toBe('1234');
    expect(back.aux.custom).toBe('x');
    expect(Object.keys(back.aux).slice(0, 4)).toEqual(['redis-ver', 'redis-bits', 'ctime', 'used-mem']);
    expect(file[file.length - 9]).toBe(255);
    expect(crc64(file.subarray(0, file.length - 8))).toBe(file.readBigUInt64LE(file.length - 8));
  });

  it('every type and encoding comes back identical, with db, TTL and RESIZEDB', () => {
    expect(back.entries.length).toBe(entries.length);
    const got = new Map(back.entries.map((e) => [keyId(e.db, e.key), e]));
    for (const f of fx) {
      const e = got.get(keyId(f.entry.db, f.entry.key))!;
      expect(e, f.entry.key.toString()).toBeDefined();
      expect(norm(e.value)).toEqual(norm(f.entry.value));
      expect(e.expireAtMs).toBe(f.entry.expireAtMs);
    }
    expect(back.resizeDb[0].size).toBe(fx.filter((f) => f.entry.db === 0).length);
    expect(back.resizeDb[15]).toEqual({ size: 1, expires: 1 });
    expect(Object.keys(back.resizeDb)).toEqual(['0', '1', '5', '15']);
  });

  it('order-preserving encodings keep order (lists, listpack hashes, streams)', () => {
    for (const f of fx) {
      const e = back.entries.find((x) => x.db === f.entry.db && x.key.equals(f.entry.key))!;
      if (f.entry.value.type === 'list' || f.entry.value.type === 'stream' || (f.entry.value.type === 'hash')) {
        expect(e.value).toEqual(f.entry.value);
      }
    }
  });

  it('chooses Redis 7.0 encodings (objectEncoding and type bytes)', () => {
    for (const f of fx) expect(objectEncoding(f.entry.value), f.entry.key.toString()).toBe(f.encoding);
    const t = (v: RdbValue): number => dumpPayload(v)[0];
    expect(t({ type: 'list', items: [B('a')] })).toBe(RDB_TYPE.LIST_QUICKLIST_2);
    expect(t({ type: 'set', members: [B('1')] })).toBe(RDB_TYPE.SET_INTSET);
    expect(t({ type: 'set', members: [B('a')] })).toBe(RDB_TYPE.SET); // not SET_LISTPACK: that is 7.2
    expect(t({ type: 'zset', entries: [{ member: B('a'), score: 1 }] })).toBe(RDB_TYPE.ZSET_LISTPACK);
    expect(t({ type: 'zset', entries: [{ member: Buffer.alloc(65), score: 1 }] })).toBe(RDB_TYPE.ZSET_2);
    expect(t({ type: 'hash', entries: [{ field: B('a'), value: B('b') }] })).toBe(RDB_TYPE.HASH_LISTPACK);
    expect(t({ type: 'hash', entries: [{ field: B('a'), value: Buffer.alloc(65) }] })).toBe(RDB_TYPE.HASH);
    // thresholds are options
    expect(dumpPayload({ type: 'hash', entries: [{ field: B('a'), value: B('b') }] }, { hashMaxListpackEntries: 0 })[0]).toBe(RDB_TYPE.HASH);
    expect(dumpPayload({ type: 'set', members: [B('1'), B('2')] }, { setMaxIntsetEntries: 1 })[0]).toBe(RDB_TYPE.SET);
    expect(dumpPayload({ type: 'zset', entries: [{ member: B('abc'), score: 1 }] }, { zsetMaxListpackValue: 2 })[0]).toBe(RDB_TYPE.ZSET_2);
  });

  it('LZF compression is on by default and can be turned off', () => {
    const big = [{ db: 0, key: B('k'), value: { type: 'string', value: Buffer.alloc(10000, 'a') } as RdbValue }];
    expect(writeRdb(big).length).toBeLessThan(1000);
    const raw = writeRdb(big, {}, { compression: false });
    expect(raw.length).toBeGreaterThan(10000);
    expect(norm(readRdb(raw).entries[0].value)).toEqual(norm(big[0].value));
  });

  it('long lists are split into 8 KiB listpack nodes like RPUSH does', () => {
    const items = Array.from({ length: 5000 }, (_, i) => B(`item-${i}`));
    const p = dumpPayload({ type: 'list', items }, { compression: false });
    // type, node count
    expect(p[0]).toBe(RDB_TYPE.LIST_QUICKLIST_2);
    const nodes = p[1] < 64 ? p[1] : ((p[1] & 0x3f) << 8) | p[2];
    expect(nodes).toBeGreaterThan(5);
    const fixed = dumpPayload({ type: 'list', items }, { listMaxListpackSize: 128, compression: false });
    expect(fixed[1]).toBe(Math.ceil(5000 / 128));
    expect(restorePayload(fixed)).toEqual({ type: 'list', items });
  });

  it('LRU idle and LFU freq opcodes', () => {
    const e: RdbEntry[] = [
      { db: 0, key: B('a'), value: { type: 'string', value: B('1') }, lruIdle: 300 },
      { db: 0, key: B('b'), value: { type: 'string', value: B('2') }, lfuFreq: 17, expireAtMs: 5 },
    ];
    const r = readRdb(writeRdb(e));
    expect(r.entries[0].lruIdle).toBe(300);
    expect(r.entries[1].lfuFreq).toBe(17);
    expect(r.entries[1].expireAtMs).toBe(5);
    expect(r.entries[0].lfuFreq).toBeUndefined();
  });

  it('streaming writer produces the same bytes as writeRdb', () => {
    const aux = { ctime: '1', 'used-mem': '2' };
    const whole = writeRdb(entries, aux);
    const chunks = [...writeRdbChunks(entries, aux)];
    expect(chunks.length).toBeGreaterThan(entries.length);
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    const w = new RdbWriter();
    const manual = Buffer.concat([w.start(aux), w.selectDb(3, 1, 0), w.entry({ db: 3, key: B('k'), value: { type: 'string', value: B('v') } }), w.end()]);
    expect(readRdb(manual).entries[0].db).toBe(3);
  });

  it('function libraries (FUNCTION2) are kept', () => {
    const code = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";
    const r = readRdb(writeRdb([], {}, { functions: [code] }));
    expect(r.functions.map((f) => f.code.toString())).toEqual([code]);
  });

  it('empty file', () => {
    const r = readRdb(writeRdb([]));
    expect(r.entries).toEqual([]);
  });

  it('checksum disabled writes zeros, which readers accept', () => {
    const f = writeRdb(entries.slice(0, 3), {}, { checksum: false });
    expect(f.readBigUInt64LE(f.length - 8)).toBe(0n);
    expect(readRdb(f).entries.length).toBe(3);
  });
});

describe('DUMP / RESTORE payloads', () => {
  it('round-trips every fixture value; footer is version 10 + CRC64', () => {
    for (const f of dataset()) {
      const p = dumpPayload(f.entry.value);
      expect(p.readUInt16LE(p.length - 10)).toBe(10);
      expect(crc64(p.subarray(0, p.length - 8))).toBe(p.readBigUInt64LE(p.length - 8));
      expect(norm(restorePayload(p))).toEqual(norm(f.entry.value));
    }
  });
  it('rejects a bad checksum, a newer version, short input with Redis\'s message', () => {
    const p = dumpPayload({ type: 'string', value: B('hello') });
    const badCrc = Buffer.from(p); badCrc[badCrc.length - 1] ^= 1;
    const badVer = Buffer.from(p); badVer.writeUInt16LE(11, p.length - 10);
    for (const b of [badCrc, badVer, Buffer.alloc(5)]) {
      expect(() => restorePayload(b)).toThrow(RdbError);
      expect(() => restorePayload(b)).toThrow('ERR DUMP payload version or checksum are wrong');
    }
    // older versions are accepted
    const old = Buffer.from(p.subarray(0, p.length - 8)); old.writeUInt16LE(9, old.length - 2);
    const fixed = Buffer.concat([old, new Crc64().update(old).bytesLE()]);
    expect(restorePayload(fixed)).toEqual({ type: 'string', value: B('hello') });
    expect(restorePayload(badCrc, { checksum: false })).toEqual({ type: 'string', value: B('hello') });
  });
  it('garbage with a valid footer is "Bad data format"', () => {
    const body = Buffer.from([RDB_TYPE.HASH_LISTPACK, 3, 1, 2, 3, 10, 0]);
    const b = Buffer.concat([body, new Crc64().update(body).bytesLE()]);
    expect(() => restorePayload(b)).toThrow('ERR Bad data format');
  });
});

describe('legacy encodings the reader still loads', () => {
  it('ziplist list/hash/zset, zipmap hash, quicklist v1, plain list/set/hash, ZSET string scores, seconds EXPIRETIME', () => {
    const f = rdbFile((w) => {
      w.byte(254); writeLen(w, 0);
      typedKey(w, RDB_TYPE.LIST_ZIPLIST, 'zl', (w) => writeString(w, ziplistEncode([B('a'), 1, 5000, B('bb')])));
      typedKey(w, RDB_TYPE.HASH_ZIPLIST, 'hz', (w) => writeString(w, ziplistEncode([B('f1'), B('v1'), B('f2'), 7])));
      typedKey(w, RDB_TYPE.ZSET_ZIPLIST, 'zz', (w) => writeString(w, ziplistEncode([B('m1'), 1, B('m2'), B('2.5'), B('m3'), B('inf')])));
      typedKey(w, RDB_TYPE.HASH_ZIPMAP, 'zm', (w) => writeString(w, zipmapEncode([{ field: B('a'), value: B('b') }])));
      typedKey(w, RDB_TYPE.LIST_QUICKLIST, 'ql1', (w) => { writeLen(w, 2); writeString(w, ziplistEncode([B('x'), 1])); writeString(w, ziplistEncode([B('y')])); });
      typedKey(w, RDB_TYPE.LIST, 'l', (w) => { writeLen(w, 2); writeString(w, B('p')); writeString(w, B('42')); });
      typedKey(w, RDB_TYPE.SET, 's', (w) => { writeLen(w, 2); writeString(w, B('p')); writeString(w, B('42')); });
      typedKey(w, RDB_TYPE.HASH, 'h', (w) => { writeLen(w, 1); writeString(w, B('k')); writeString(w, B('v')); });
      typedKey(w, RDB_TYPE.ZSET, 'zs', (w) => {
        writeLen(w, 3);
        writeString(w, B('a')); w.byte(3); w.bytes(B('1.5'));
        writeString(w, B('b')); w.byte(254);
        writeString(w, B('c')); w.byte(255);
      });
      w.byte(253); w.u32le(2000000000);
      typedKey(w, RDB_TYPE.STRING, 'old-expire', (w) => writeString(w, B('v')));
      typedKey(w, RDB_TYPE.SET_INTSET, 'is', (w) => writeString(w, intsetEncode([3, 1, 2])));
      typedKey(w, RDB_TYPE.LIST_QUICKLIST_2, 'plain', (w) => { writeLen(w, 2); writeLen(w, 1); writeString(w, B('PLAIN-NODE')); writeLen(w, 2); writeString(w, lpEncode([B('lp')])); });
    }, 9);
    const r = readRdb(f);
    const v = Object.fromEntries(r.entries.map((e) => [e.key.toString(), norm(e.value)]));
    expect(v.zl).toEqual(norm({ type: 'list', items: [B('a'), B('1'), B('5000'), B('bb')] }));
    expect(v.hz).toEqual(norm({ type: 'hash', entries: [{ field: B('f1'), value: B('v1') }, { field: B('f2'), value: B('7') }] }));
    expect(v.zz).toEqual(norm({ type: 'zset', entries: [{ member: B('m1'), score: 1 }, { member: B('m2'), score: 2.5 }, { member: B('m3'), score: Infinity }] }));
    expect(v.zm).toEqual(norm({ type: 'hash', entries: [{ field: B('a'), value: B('b') }] }));
    expect(v.ql1).toEqual(norm({ type: 'list', items: [B('x'), B('1'), B('y')] }));
    expect(v.l).toEqual(norm({ type: 'list', items: [B('p'), B('42')] }));
    expect(v.s).toEqual(norm({ type: 'set', members: [B('p'), B('42')] }));
    expect(v.h).toEqual(norm({ type: 'hash', entries: [{ field: B('k'), value: B('v') }] }));
    expect(v.zs).toEqual(norm({ type: 'zset', entries: [{ member: B('a'), score: 1.5 }, { member: B('b'), score: Infinity }, { member: B('c'), score: -Infinity }] }));
    expect(v.is).toEqual(norm({ type: 'set', members: [B('1'), B('2'), B('3')] }));
    expect(v.plain).toEqual(norm({ type: 'list', items: [B('PLAIN-NODE'), B('lp')] }));
    expect(r.entries.find((e) => e.key.toString() === 'old-expire')!.expireAtMs).toBe(2000000000000);
    expect(r.version).toBe(9);
  });

  it('pre-v5 files have no checksum', () => {
    const w = new ByteWriter();
    w.bytes(B('REDIS0004'));
    typedKey(w, 0, 'k', (w) => writeString(w, B('v')));
    w.byte(255);
    expect(readRdb(w.toBuffer()).entries[0].value).toEqual({ type: 'string', value: B('v') });
  });

  it('module aux data is skipped; module values fail (or are skipped on request); 7.0-rc FUNCTION opcode', () => {
    const moduleId = 0x1234567n << 10n | 3n;
    const modAux = (w: ByteWriter): void => {
      w.byte(247); writeLen(w, moduleId); writeLen(w, 2); writeLen(w, 1);
      writeLen(w, 2); writeLen(w, 99); // uint
      writeLen(w, 5); writeString(w, B('str')); // string
      writeLen(w, 4); w.f64le(1.5); // double
      writeLen(w, 3); w.bytes(Buffer.alloc(4)); // float
      writeLen(w, 0); // EOF
    };
    const withAux = rdbFile((w) => {
      modAux(w);
      w.byte(246); writeString(w, B('lib')); writeString(w, B('LUA')); writeLen(w, 1); writeString(w, B('desc')); writeString(w, B('return 1'));
      typedKey(w, 0, 'k', (w) => writeString(w, B('v')));
    });
    const r = readRdb(withAux);
    expect(r.skippedModuleAux.length).toBe(1);
    expect(r.functions[0].code.toString()).toBe('#!LUA name=lib\nreturn 1');
    expect(r.entries.length).toBe(1);
    const modValue = rdbFile((w) => {
      typedKey(w, RDB_TYPE.MODULE_2, 'm', (w) => { writeLen(w, moduleId); writeLen(w, 2); writeLen(w, 5); writeLen(w, 0); });
      typedKey(w, 0, 'k', (w) => writeString(w, B('v')));
    });
    expect(() => readRdb(modValue)).toThrow(/module data I can't load/);
    const skipped = readRdb(modValue, { skipModuleValues: true });
    expect(skipped.entries.map((e) => e.key.toString())).toEqual(['k']);
    expect(skipped.skippedModuleKeys[0].key.toString()).toBe('m');
  });

  it('empty collections are skipped like Redis does', () => {
    const f = rdbFile((w) => {
      typedKey(w, RDB_TYPE.SET, 'empty', (w) => writeLen(w, 0));
      typedKey(w, RDB_TYPE.HASH_LISTPACK, 'empty2', (w) => writeString(w, lpEncode([])));
      typedKey(w, 0, 'k', (w) => writeString(w, B('v')));
    });
    expect(readRdb(f).entries.map((e) => e.key.toString())).toEqual(['k']);
  });
});

describe('corruption', () => {
  const good = writeRdb(dataset().map((f) => f.entry));
  it('bad checksum', () => {
    const b = Buffer.from(good); b[b.length - 3] ^= 0xff;
    expect(() => readRdb(b)).toThrow('RDB CRC error');
    expect(readRdb(b, { checksum: false }).entries.length).toBeGreaterThan(0);
    const c = Buffer.from(good); c[200] ^= 0x55;
    expect(() => readRdb(c)).toThrow(RdbError);
  });
  it('truncation anywhere throws RdbError, never anything else', () => {
    for (let cut = 0; cut < good.length; cut += Math.max(1, Math.floor(good.length / 400))) {
      expect(() => readRdb(good.subarray(0, cut))).toThrow(RdbError);
    }
  });
  it('bad magic / version', () => {
    expect(() => readRdb(B('RODIS0010\xff'))).toThrow('Wrong signature');
    expect(() => readRdb(B('REDIS0011\xff'))).toThrow("Can't handle RDB format version");
  });
  it('random byte flips throw RdbError (checksum off: decoders must catch it themselves)', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 300; i++) {
      const b = Buffer.from(good);
      const pos = 9 + Math.floor(rnd() * (b.length - 20));
      b[pos] ^= 1 + Math.floor(rnd() * 255);
      try { readRdb(b, { checksum: false }); } catch (e) { expect(e).toBeInstanceOf(RdbError); }
    }
  });
  it('duplicate members are rejected', () => {
    const f = rdbFile((w) => typedKey(w, RDB_TYPE.SET, 's', (w) => { writeLen(w, 2); writeString(w, B('a')); writeString(w, B('a')); }));
    expect(() => readRdb(f)).toThrow('Duplicate set members');
    const h = rdbFile((w) => typedKey(w, RDB_TYPE.HASH_LISTPACK, 'h', (w) => writeString(w, lpEncode([B('a'), B('1'), B('a'), B('2')]))));
    expect(() => readRdb(h)).toThrow('Hash with dup elements');
  });
});
