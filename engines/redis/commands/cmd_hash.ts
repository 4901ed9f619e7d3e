/** Hash commands (Redis t_hash.c). */
import type { Client } from '../client.js';
import type { Entry } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC, NOTIFY_HASH } from '../server.js';
import { parseI64, addI64, parseLD, addLD, formatLDHuman } from '../util.js';
import { globMatch } from '../glob.js';
import { HashValue, hashLimits } from '../types/hash.js';
import { parseScanArgs } from './cmd_keys.js';

function maxEntries(c: Client): number { return hashLimits(c.server).entries; }
function maxValue(c: Client): number { return hashLimits(c.server).value; }

/** lookupKeyRead + type check. undefined = missing, null = replied WRONGTYPE. */
function getHash(c: Client, key: string): HashValue | undefined | null {
  const e = c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.type !== 'hash') { c.w.error(E.WRONGTYPE); return null; }
  return e.value as HashValue;
}

/** hashTypeLookupWriteOrCreate. */
function lookupWriteOrCreate(c: Client, key: string): Entry | null {
  const e = c.db.lookupWrite(key);
  if (e !== undefined) {
    if (e.type !== 'hash') { c.w.error(E.WRONGTYPE); return null; }
    return e;
  }
  return c.db.add(key, 'hash', new HashValue());
}

/** hashTypeTryConversion over argv[start..end]. */
function tryConversion(c: Client, h: HashValue, argv: string[], start: number, end: number): void {
  if (h.enc !== 'listpack') return;
  const mv = maxValue(c);
  for (let i = start; i <= end; i++) if (argv[i].length > mv) { h.enc = 'hashtable'; return; }
}

/** hashTypeSet with the per-call conversion checks of Redis. Returns true if the field is new. */
function hashSet(c: Client, h: HashValue, f: string, v: string): boolean {
  if (h.enc === 'listpack') {
    const mv = maxValue(c);
    if (f.length > mv || v.length > mv) h.enc = 'hashtable';
  }
  const created = h.set(f, v);
  if (h.enc === 'listpack' && h.size > maxEntries(c)) h.enc = 'hashtable';
  return created;
}

function hset(c: Client, argv: string[]): void {
  if (argv.length % 2 === 1) return c.w.error(E.ARITY(argv[0].toLowerCase() === 'hmset' ? 'hmset' : 'hset'));
  const db = c.db, key = argv[1], s = c.server;
  const e = lookupWriteOrCreate(c, key);
  if (e === null) return;
  const h = e.value as HashValue;
  tryConversion(c, h, argv, 2, argv.length - 1);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (hashSet(c, h, argv[i], argv[i + 1])) created++;
  s.ks.updateMem(e);
  const n = argv[0];
  if (n.charCodeAt(1) === 115 || n.charCodeAt(1) === 83) c.w.int(created); else c.w.ok();
  s.ks.signalModified(db, key);
  if (s.notifyFlags) s.notify(NOTIFY_HASH, 'hset', key, db.id);
  s.ks.dirty += (argv.length - 2) / 2;
}

function hsetnx(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  const e = lookupWriteOrCreate(c, key);
  if (e === null) return;
  const h = e.value as HashValue;
  if (h.map.has(argv[2])) return c.w.int(0);
  tryConversion(c, h, argv, 2, 3);
  hashSet(c, h, argv[2], argv[3]);
  s.ks.updateMem(e);
  c.w.int(1);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_HASH, 'hset', key, db.id);
  s.ks.dirty++;
}

function hget(c: Client, argv: string[]): void {
  const h = getHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) return c.w.nullBulk();
  c.w.bulkOrNull(h.map.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const h = getHash(c, argv[1]);
  if (h === null) return;
  const w = c.w;
  w.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) w.bulkOrNull(h === undefined ? undefined : h.map.get(argv[i]));
}

function hdel(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  const e = db.lookupWrite(key);
  if (e === undefined) return c.w.int(0);
  if (e.type !== 'hash') return c.w.error(E.WRONGTYPE);
  const h = e.value as HashValue;
  let deleted = 0, removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (h.delete(argv[j])) {
      deleted++;
      if (h.size === 0) { db.removeEntry(e); removed = true; break; }
    }
  }
  if (deleted) {
    if (!removed) s.ks.updateMem(e);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_HASH, 'hdel', key, db.id);
    if (removed) s.notify(NOTIFY_GENERIC, 'del', key, db.id);
    s.ks.dirty += deleted;
  }
  c.w.int(deleted);
}

function hlen(c: Client, argv: string[]): void {
  const h = getHash(c, argv[1]);
  if (h === null) return;
  c.w.int(h === undefined ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = getHash(c, argv[1]);
  if (h === null) return;
  const v = h === undefined ? undefined : h.map.get(argv[2]);
  c.w.int(v === undefined ? 0 : v.length);
}

function hexists(c: Client, argv: string[]): void {
  const h = getHash(c, argv[1]);
  if (h === null) return;
  c.w.int(h !== undefined && h.map.has(argv[2]) ? 1 : 0);
}

const GET_KEYS = 1, GET_VALUES = 2;
function getall(c: Client, argv: string[], flags: number): void {
  const h = getHash(c, argv[1]);
  if (h === null) return;
  const w = c.w;
  if (h === undefined) { if (flags === (GET_KEYS | GET_VALUES)) w.mapLen(0); else w.arrayLen(0); return; }
  if (flags === (GET_KEYS | GET_VALUES)) {
    w.mapLen(h.size);
    for (const [f, v] of h.map) { w.bulk(f); w.bulk(v); }
  } else {
    w.arrayLen(h.size);
    if (flags === GET_KEYS) for (const f of h.map.keys()) w.bulk(f);
    else for (const v of h.map.values()) w.bulk(v);
  }
}
function hkeys(c: Client, argv: string[]): void { getall(c, argv, GET_KEYS); }
function hvals(c: Client, argv: string[]): void { getall(c, argv, GET_VALUES); }
function hgetall(c: Client, argv: string[]): void { getall(c, argv, GET_KEYS | GET_VALUES); }

function hincrby(c: Client, argv: string[]): void {
  const incr = parseI64(argv[3]);
  if (incr === null) return c.w.error(E.NOT_INT);
  const db = c.db, key = argv[1], s = c.server;
  const e = lookupWriteOrCreate(c, key);
  if (e === null) return;
  const h = e.value as HashValue;
  const cur = h.map.get(argv[2]);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const v = parseI64(cur);
    if (v === null) return c.w.error(E.HASH_NOT_INT);
    value = v;
  }
  const r = addI64(value, incr);
  if (r === null) return c.w.error(E.OVERFLOW);
  hashSet(c, h, argv[2], String(r));
  s.ks.updateMem(e);
  if (typeof r === 'number') c.w.int(r); else c.w.bigint(r);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_HASH, 'hincrby', key, db.id);
  s.ks.dirty++;
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLD(argv[3]);
  if (incr === null) return c.w.error(E.NOT_FLOAT);
  if (incr.inf) return c.w.error(E.VALUE_NAN_INF);
  const db = c.db, key = argv[1], s = c.server;
  const e = lookupWriteOrCreate(c, key);
  if (e === null) return;
  const h = e.value as HashValue;
  const cur = h.map.get(argv[2]);
  let value = parseLD('0')!;
  if (cur !== undefined) {
    const v = parseLD(cur);
    if (v === null) return c.w.error(E.HASH_NOT_FLOAT);
    value = v;
  }
  const r = addLD(value, incr);
  if (r.inf) return c.w.error(E.NAN_INF);
  const str = formatLDHuman(r);
  hashSet(c, h, argv[2], str);
  s.ks.updateMem(e);
  c.w.bulk(str);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_HASH, 'hincrbyfloat', key, db.id);
  s.ks.dirty++;
  s.propagate(c, ['HSET', key, argv[2], str]);
}


function hrandfield(c: Client, argv: string[]): void {
  const w = c.w;
  if (argv.length >= 3) {
    const v = parseI64(argv[2]);
    if (v === null) return w.error(E.NOT_INT);
    const LMAX = (1n << 63n) - 1n;
    if (typeof v === 'bigint' && v < -LMAX) return w.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    let withvalues = false;
    if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) return w.error(E.SYNTAX);
    if (argv.length === 4) {
      withvalues = true;
      if (typeof v === 'bigint' && (v < -(LMAX / 2n) || v > LMAX / 2n)) return w.error(E.OUT_OF_RANGE);
      if (typeof v === 'number' && (v < -4611686018427387903 || v > 4611686018427387903)) return w.error(E.OUT_OF_RANGE);
    }
    return hrandfieldWithCount(c, argv[1], typeof v === 'number' ? v : Number(v), withvalues);
  }
  const h = getHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) return w.nullBulk();
  w.bulk(h.randomField());
}

function hrandfieldWithCount(c: Client, key: string, l: number, withvalues: boolean): void {
  const w = c.w;
  const h = getHash(c, key);
  if (h === null) return;
  if (h === undefined) return w.arrayLen(0);
  const size = h.size;
  const resp3 = w.proto === 3;
  const pair = (f: string, v: string) => {
    if (withvalues && resp3) w.arrayLen(2);
    w.bulk(f);
    if (withvalues) w.bulk(v);
  };
  const header = (n: number) => w.arrayLen(withvalues && !resp3 ? n * 2 : n);
  if (l === 0) return w.arrayLen(0);
  if (l < 0) {
    const count = -l;
    header(count);
    for (let i = 0; i < count; i++) { const f = h.randomField(); pair(f, h.map.get(f)!); }
    return;
  }
  const count = l;
  if (count >= size) {
    header(size);
    for (const [f, v] of h.map) pair(f, v);
    return;
  }
  const picked = h.randomDistinct(count);
  header(count);
  for (const f of picked) pair(f, h.map.get(f)!);
}

function hscan(c: Client, argv: string[]): void {
  const o = parseScanArgs(c, argv, 2, false);
  if (!o) return;
  const h = getHash(c, argv[1]);
  if (h === null) return;
  const w = c.w;
  if (h === undefined) { w.arrayLen(2); w.bulk('0'); w.arrayLen(0); return; }
  const out: string[] = [];
  let cursor = 0;
  if (h.enc === 'listpack') {
    for (const [f, v] of h.map) if (o.pattern === null || globMatch(o.pattern, f)) out.push(f, v);
  } else {
    const keys = h.scanKeys(o.cursor);
    let i = o.cursor;
    let n = 0;
    while (i < keys.length && n < o.count) {
      const f = keys[i++];
      const v = h.map.get(f);
      if (v === undefined) continue;
      n++;
      if (o.pattern === null || globMatch(o.pattern, f)) out.push(f, v);
    }
    cursor = i >= keys.length ? 0 : i;
  }
  w.arrayLen(2);
  w.bulk(String(cursor));
  w.bulkArray(out);
}

registerAll({
  hset, hmset: hset, hsetnx, hget, hmget, hdel, hlen, hstrlen, hexists, hkeys, hvals, hgetall,
  hincrby, hincrbyfloat, hrandfield, hscan,
});
