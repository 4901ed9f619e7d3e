/** Generic keyspace commands (Redis db.c / expire.c / object.c). */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { HELP } from './help-data.js';
import { NOTIFY_GENERIC } from '../server.js';
import { typeInfo, type Db, type Entry } from '../keyspace.js';
import { globMatch } from '../glob.js';
import { parseI64 } from '../util.js';
import { signalAllWaited } from '../blocking.js';

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

/** Reply a HELP array exactly like Redis addReplyHelp(). */
export function replyHelp(c: Client, argv0: string, lines: string[]): void {
  const w = c.w;
  w.arrayLen(lines.length + 3);
  w.simple(`${argv0.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) w.simple(l);
  w.simple('HELP');
  w.simple('    Prints this help.');
}

/** Parse a DB index argument, replying on error; returns null after replying. */
export function parseDbIndex(c: Client, s: string, err: string = E.NOT_INT): number | null {
  const v = parseI64(s);
  if (v === null || typeof v === 'bigint' || v < -2147483648 || v > 2147483647) { c.w.error(err); return null; }
  if (v < 0 || v >= c.server.ks.dbs.length) { c.w.error(E.DB_INDEX); return null; }
  return v;
}

/** delGenericCommand: `lazy` frees big values in the background (lazyfree.ts). */
function delGeneric(c: Client, argv: string[], lazy: boolean): void {
  const db = c.db, s = c.server;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const k = argv[i];
    if (!db.has(k)) continue;
    db.delete(k, lazy);
    s.ks.signalModified(db, k);
    s.notify(NOTIFY_GENERIC, 'del', k, db.id);
    s.ks.dirty++;
    n++;
  }
  c.w.int(n);
}

function del(c: Client, argv: string[]): void { delGeneric(c, argv, c.server.config.get('lazyfree-lazy-user-del') === 'yes'); }
function unlink(c: Client, argv: string[]): void { delGeneric(c, argv, true); }

function exists(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (db.lookupReadNoTouch(argv[i]) !== undefined) n++;
  c.w.int(n);
}

function type(c: Client, argv: string[]): void {
  const e = c.db.lookupReadNoTouch(argv[1]);
  c.w.simple(e ? e.type : 'none');
}

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db, s = c.server, src = argv[1], dst = argv[2];
  const e = db.lookupWrite(src);
  if (e === undefined) return c.w.error(E.NO_SUCH_KEY);
  if (src === dst) return nx ? c.w.int(0) : c.w.ok();
  if (db.lookupWrite(dst) !== undefined) {
    if (nx) return c.w.int(0);
    db.delete(dst);
  }
  db.addFrom(dst, e);
  db.removeEntry(e);
  s.ks.signalModified(db, src);
  s.ks.signalModified(db, dst);
  s.notify(NOTIFY_GENERIC, 'rename_from', src, db.id);
  s.notify(NOTIFY_GENERIC, 'rename_to', dst, db.id);
  s.ks.signalReady(db, dst);
  s.ks.dirty++;
  if (nx) c.w.int(1); else c.w.ok();
}
function rename(c: Client, argv: string[]): void { renameGeneric(c, argv, false); }
function renamenx(c: Client, argv: string[]): void { renameGeneric(c, argv, true); }

function move(c: Client, argv: string[]): void {
  const s = c.server;
  const dbid = parseDbIndex(c, argv[2]);
  if (dbid === null) return;
  const src = c.db, dst = s.ks.dbs[dbid];
  if (src === dst) return c.w.error(E.SAME_OBJECT);
  const e = src.lookupWrite(argv[1]);
  if (e === undefined) return c.w.int(0);
  if (dst.lookupWrite(argv[1]) !== undefined) return c.w.int(0);
  dst.addFrom(argv[1], e);
  src.removeEntry(e);
  s.ks.signalModified(src, argv[1]);
  s.ks.signalModified(dst, argv[1]);
  s.notify(NOTIFY_GENERIC, 'move_from', argv[1], src.id);
  s.notify(NOTIFY_GENERIC, 'move_to', argv[1], dst.id);
  s.ks.signalReady(dst, argv[1]);
  s.ks.dirty++;
  c.w.int(1);
}

function copy(c: Client, argv: string[]): void {
  const s = c.server;
  let dst: Db = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j].toLowerCase();
    if (o === 'replace') replace = true;
    else if (o === 'db' && j + 1 < argv.length) {
      const id = parseDbIndex(c, argv[j + 1]);
      if (id === null) return;
      dst = s.ks.dbs[id];
      j++;
    } else return c.w.error(E.SYNTAX);
  }
  const key = argv[1], newkey = argv[2];
  if (dst === c.db && key === newkey) return c.w.error(E.SAME_OBJECT);
  const e = c.db.lookupRead(key);
  if (e === undefined) return c.w.int(0);
  if (dst.lookupWrite(newkey) !== undefined) {
    if (!replace) return c.w.int(0);
    dst.delete(newkey);
  }
  const ti = typeInfo(e.type);
  dst.addFrom(newkey, e, ti ? ti.copy(e.value) : e.value);
  s.ks.signalModified(dst, newkey);
  s.notify(NOTIFY_GENERIC, 'copy_to', newkey, dst.id);
  s.ks.signalReady(dst, newkey);
  s.ks.dirty++;
  c.w.int(1);
}

const EXP_NX = 1, EXP_XX = 2, EXP_GT = 4, EXP_LT = 8;

function expireGeneric(c: Client, argv: string[], basetime: number, seconds: boolean, cmdName: string): void {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j].toLowerCase();
    if (o === 'nx') flags |= EXP_NX;
    else if (o === 'xx') flags |= EXP_XX;
    else if (o === 'gt') flags |= EXP_GT;
    else if (o === 'lt') flags |= EXP_LT;
    else return c.w.error(`ERR Unsupported option ${argv[j]}`);
  }
  if ((flags & EXP_NX) && (flags & (EXP_XX | EXP_GT | EXP_LT))) return c.w.error('ERR NX and XX, GT or LT options at the same time are not compatible');
  if ((flags & EXP_GT) && (flags & EXP_LT)) return c.w.error('ERR GT and LT options at the same time are not compatible');
  const v = parseI64(argv[2]);
  if (v === null) return c.w.error(E.NOT_INT);
  let bw = BigInt(v);
  if (seconds) {
    if (bw > LLONG_MAX / 1000n || bw < LLONG_MIN / 1000n) return c.w.error(E.INVALID_EXPIRE(cmdName));
    bw *= 1000n;
  }
  if (bw > LLONG_MAX - BigInt(basetime)) return c.w.error(E.INVALID_EXPIRE(cmdName));
  bw += BigInt(basetime);
  const when = Number(bw);
  const db = c.db, key = argv[1], s = c.server;
  const e = db.lookupWrite(key);
  if (e === undefined) return c.w.int(0);
  if (flags) {
    const cur = e.expireAt === 0 ? -1 : e.expireAt;
    if ((flags & EXP_NX) && cur !== -1) return c.w.int(0);
    if ((flags & EXP_XX) && cur === -1) return c.w.int(0);
    if ((flags & EXP_GT) && (when <= cur || cur === -1)) return c.w.int(0);
    if ((flags & EXP_LT) && cur !== -1 && when >= cur) return c.w.int(0);
  }
  if (when <= s.ks.now()) {
    if (s.ks.lazyExpire) s.ks.freeAsync(e);
    db.removeEntry(e);
    s.ks.dirty++;
    s.propagate(c, [s.ks.lazyExpire ? 'UNLINK' : 'DEL', key]);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
    return c.w.int(1);
  }
  db.setExpire(e, when);
  c.w.int(1);
  const pargv = argv.slice();
  pargv[0] = 'PEXPIREAT';
  pargv[2] = String(when);
  s.propagate(c, pargv);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_GENERIC, 'expire', key, db.id);
  s.ks.dirty++;
}

function ttlGeneric(c: Client, key: string, ms: boolean, abs: boolean): void {
  const db = c.db;
  const e = db.lookupReadNoTouch(key); // LOOKUP_NOTOUCH: stats and keymiss, no LRU update
  if (e === undefined) return c.w.int(-2);
  if (e.expireAt === 0) return c.w.int(-1);
  let ttl = abs ? e.expireAt : e.expireAt - c.server.ks.now();
  if (ttl < 0) ttl = 0;
  c.w.int(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

function persist(c: Client, argv: string[]): void {
  const db = c.db, s = c.server;
  const e = db.lookupWrite(argv[1]);
  if (e === undefined || e.expireAt === 0) return c.w.int(0);
  db.setExpire(e, 0);
  s.ks.signalModified(db, argv[1]);
  s.notify(NOTIFY_GENERIC, 'persist', argv[1], db.id);
  s.ks.dirty++;
  c.w.int(1);
}

function keys(c: Client, argv: string[]): void {
  const pat = argv[1];
  const all = pat === '*';
  const out: string[] = [];
  for (const e of c.db.liveKeys()) if (all || globMatch(pat, e.key)) out.push(e.key);
  c.w.bulkArray(out);
}

/** Parsed SCAN-family options; shared by SCAN and (later) HSCAN/SSCAN/ZSCAN. */
export interface ScanOpts { cursor: number; count: number; pattern: string | null; type: string | null }

/**
 * Parse `<cursor> [MATCH p] [COUNT n] [TYPE t]` starting at argv[from]
 * (the cursor). Replies and returns null on error.
 */
export function parseScanArgs(c: Client, argv: string[], from: number, allowType: boolean): ScanOpts | null {
  const cs = argv[from];
  // strtoul semantics: optional sign, wraps negatives, rejects overflow/spaces/garbage
  if (!/^[+-]?\d+$/.test(cs) || cs.length > 21 || BigInt(cs.replace(/^[+-]/, '')) > 18446744073709551615n) { c.w.error(E.INVALID_CURSOR); return null; }
  const opts: ScanOpts = { cursor: Number(BigInt.asUintN(64, BigInt(cs))), count: 10, pattern: null, type: null };
  for (let i = from + 1; i < argv.length;) {
    const o = argv[i].toLowerCase();
    const more = argv.length - i;
    if (o === 'count' && more >= 2) {
      const v = parseI64(argv[i + 1]);
      if (v === null) { c.w.error(E.NOT_INT); return null; }
      if (v < 1) { c.w.error(E.SYNTAX); return null; }
      opts.count = Number(v);
      i += 2;
    } else if (o === 'match' && more >= 2) {
      opts.pattern = argv[i + 1] === '*' ? null : argv[i + 1];
      i += 2;
    } else if (o === 'type' && allowType && more >= 2) {
      opts.type = argv[i + 1].toLowerCase();
      i += 2;
    } else { c.w.error(E.SYNTAX); return null; }
  }
  return opts;
}

/** Reply `[cursor, [items...]]`. */
export function replyScan(c: Client, cursor: number, items: string[]): void {
  c.w.arrayLen(2);
  c.w.bulk(String(cursor));
  c.w.bulkArray(items);
}

function scan(c: Client, argv: string[]): void {
  const o = parseScanArgs(c, argv, 1, true);
  if (!o) return;
  const out: Entry[] = [];
  let cursor = o.cursor;
  let iterations = o.count * 10;
  do {
    cursor = c.db.scan(cursor, o.count - out.length, (e) => out.push(e));
  } while (cursor && iterations-- > 0 && out.length < o.count);
  const keys: string[] = [];
  for (const e of out) {
    if (o.pattern !== null && !globMatch(o.pattern, e.key)) continue;
    if (o.type !== null && e.type !== o.type) continue;
    keys.push(e.key);
  }
  replyScan(c, cursor, keys);
}

function randomkey(c: Client): void {
  const e = c.db.randomKey();
  if (e === undefined) c.w.nullBulk(); else c.w.bulk(e.key);
}

function touch(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookupRead(argv[i]) !== undefined) n++;
  c.w.int(n);
}

function objectLookup(c: Client, key: string): Entry | undefined {
  // objectCommandLookup: LOOKUP_NOTOUCH|LOOKUP_NONOTIFY (hit/miss stats count, no keymiss event)
  const e = c.db.lookupReadNoTouch(key, false);
  if (e === undefined) c.w.nullBulk();
  return e;
}
function objectEncoding(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (!e) return;
  const t = typeInfo(e.type);
  c.w.bulk(t ? t.encoding(e) : 'raw');
}
function objectRefcount(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (!e) return;
  const ks = c.server.ks;
  const shared = e.type === 'string' && !e.raw && typeof e.value === 'string' && /^(0|[1-9]\d{0,3})$/.test(e.value) &&
    !(ks.evict.maxmemory > 0 && (ks.policy.endsWith('lru') || ks.policy.endsWith('lfu')));
  c.w.int(shared ? 2147483647 : 1);
}
function objectIdletime(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (!e) return;
  if (c.server.ks.isLfu) return c.w.error(E.LFU_SELECTED);
  c.w.int(Math.floor((Date.now() - e.lru) / 1000));
}
function objectFreq(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (!e) return;
  if (!c.server.ks.isLfu) return c.w.error(E.LFU_NOT_SELECTED);
  c.w.int(c.server.ks.freq(e));
}

function dbsize(c: Client): void {
  c.w.int(c.db.size);
}

/** getFlushCommandFlags: null after a syntax error, else whether to free asynchronously (ASYNC, or lazyfree-lazy-user-flush). */
function flushFlags(c: Client, argv: string[]): boolean | null {
  if (argv.length === 2) {
    const o = argv[1].toLowerCase();
    if (o !== 'sync' && o !== 'async') { c.w.error(E.SYNTAX); return null; }
    return o === 'async';
  } else if (argv.length > 2) { c.w.error(E.SYNTAX); return null; }
  return c.server.config.get('lazyfree-lazy-user-flush') === 'yes';
}
function flushdb(c: Client, argv: string[]): void {
  const async = flushFlags(c, argv);
  if (async === null) return;
  const s = c.server, db = c.db;
  s.touchAllWatched(db, true);
  s.ks.dirty += db.size;
  if (async) s.ks.lazyfreeQueue(db.size); // emptyDbAsync counts every key
  db.clear();
  s.ks.signalFlushed();
  s.propagate(c, argv);
  s.ks.dirty++;
  c.w.ok();
}
function flushall(c: Client, argv: string[]): void {
  const async = flushFlags(c, argv);
  if (async === null) return;
  const s = c.server;
  for (const db of s.ks.dbs) { s.touchAllWatched(db, true); s.ks.dirty += db.size; if (async) s.ks.lazyfreeQueue(db.size); db.clear(); }
  s.ks.usedMemory = 0;
  s.ks.signalFlushed();
  s.propagate(c, argv);
  s.ks.dirty++;
  c.w.ok();
}

function swapdb(c: Client, argv: string[]): void {
  const s = c.server;
  const a = parseI64(argv[1]);
  if (a === null || typeof a === 'bigint' || Math.abs(a) > 2147483647) return c.w.error('ERR invalid first DB index');
  const b = parseI64(argv[2]);
  if (b === null || typeof b === 'bigint' || Math.abs(b) > 2147483647) return c.w.error('ERR invalid second DB index');
  const n = s.ks.dbs.length;
  if (a < 0 || a >= n || b < 0 || b >= n) return c.w.error(E.DB_INDEX);
  if (a !== b) {
    const da = s.ks.dbs[a], db = s.ks.dbs[b];
    // touch watched keys existing in either db
    s.touchAllWatched(da, true); s.touchAllWatched(db, true);
    da.swapWith(db);
    s.touchAllWatched(da, true); s.touchAllWatched(db, true);
    for (const k of da.map.keys()) s.ks.signalReady(da, k);
    for (const k of db.map.keys()) s.ks.signalReady(db, k);
    signalAllWaited(s);
    s.ks.dirty++;
  }
  c.w.ok();
}

registerAll({
  del, unlink, exists, type, rename, renamenx, move, copy,
  expire: (c, a) => expireGeneric(c, a, c.server.ks.now(), true, 'expire'),
  pexpire: (c, a) => expireGeneric(c, a, c.server.ks.now(), false, 'pexpire'),
  expireat: (c, a) => expireGeneric(c, a, 0, true, 'expireat'),
  pexpireat: (c, a) => expireGeneric(c, a, 0, false, 'pexpireat'),
  ttl: (c, a) => ttlGeneric(c, a[1], false, false),
  pttl: (c, a) => ttlGeneric(c, a[1], true, false),
  expiretime: (c, a) => ttlGeneric(c, a[1], false, true),
  pexpiretime: (c, a) => ttlGeneric(c, a[1], true, true),
  persist, keys, scan, randomkey, touch, dbsize, flushdb, flushall, swapdb,
  'object|encoding': objectEncoding, 'object|refcount': objectRefcount, 'object|idletime': objectIdletime,
  'object|freq': objectFreq, 'object|help': (c, a) => replyHelp(c, a[0], HELP.object),
});
