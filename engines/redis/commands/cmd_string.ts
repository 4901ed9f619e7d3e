/** String commands (Redis t_string.c). */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../server.js';
import { parseI64, addI64, parseLD, addLD, formatLDHuman } from '../util.js';
import { strValue, strLength, bytesValue, type Entry } from '../keyspace.js';
import { StrBuf } from '../types/strbuf.js';
import type { ReplyWriter } from '../resp.js';
import { constants as bufferConstants } from 'node:buffer';

/** V8 caps strings at MAX_STRING_LENGTH (2^29-24 chars), just under Redis's 512 MB limit: every value must stay readable as one. */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

/** Reply a string entry's value as a bulk (a StrBuf is sent from its bytes, not materialised). */
function bulkValue(w: ReplyWriter, e: Entry): void {
  const v = e.value;
  if (typeof v === 'string') w.bulk(v); else w.bulkBuf((v as StrBuf).bytes());
}

const LLONG_MAX = (1n << 63n) - 1n;

function maxLen(c: Client): number { return Math.min(c.server.config.num('proto-max-bulk-len'), MAX_STRING_LENGTH); }

const SET_NX = 1, SET_XX = 2, SET_GET = 4, SET_KEEPTTL = 8, SET_EX = 16, SET_PX = 32, SET_EXAT = 64, SET_PXAT = 128, SET_PERSIST = 256;
const ANY_EXPIRE = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

/** parseExtendedStringArgumentsOrReply (SET and GETEX). Returns null after replying an error. */
function parseSetArgs(c: Client, argv: string[], from: number, isSet: boolean): { flags: number; expire: string | null } | null {
  let flags = 0;
  let expire: string | null = null;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const next = j + 1 < argv.length ? argv[j + 1] : null;
    if (opt === 'nx' && !(flags & SET_XX) && isSet) flags |= SET_NX;
    else if (opt === 'xx' && !(flags & SET_NX) && isSet) flags |= SET_XX;
    else if (opt === 'get' && isSet) flags |= SET_GET;
    else if (opt === 'keepttl' && !(flags & (SET_PERSIST | ANY_EXPIRE)) && isSet) flags |= SET_KEEPTTL;
    else if (opt === 'persist' && !isSet && !(flags & (ANY_EXPIRE | SET_KEEPTTL))) flags |= SET_PERSIST;
    else if (opt === 'ex' && !(flags & (SET_KEEPTTL | SET_PERSIST | SET_EXAT | SET_PX | SET_PXAT)) && next !== null) { flags |= SET_EX; expire = next; j++; }
    else if (opt === 'px' && !(flags & (SET_KEEPTTL | SET_PERSIST | SET_EX | SET_EXAT | SET_PXAT)) && next !== null) { flags |= SET_PX; expire = next; j++; }
    else if (opt === 'exat' && !(flags & (SET_KEEPTTL | SET_PERSIST | SET_EX | SET_PX | SET_PXAT)) && next !== null) { flags |= SET_EXAT; expire = next; j++; }
    else if (opt === 'pxat' && !(flags & (SET_KEEPTTL | SET_PERSIST | SET_EX | SET_EXAT | SET_PX)) && next !== null) { flags |= SET_PXAT; expire = next; j++; }
    else { c.w.error(E.SYNTAX); return null; }
  }
  return { flags, expire };
}

/** getExpireMillisecondsOrReply: absolute unix ms, or null after replying. */
function expireMs(c: Client, expire: string, flags: number, cmdName: string): number | null {
  const v = parseI64(expire);
  if (v === null) { c.w.error(E.NOT_INT); return null; }
  let ms = BigInt(v);
  const seconds = (flags & (SET_EX | SET_EXAT)) !== 0;
  if (ms <= 0n || (seconds && ms > LLONG_MAX / 1000n)) { c.w.error(E.INVALID_EXPIRE(cmdName)); return null; }
  if (seconds) ms *= 1000n;
  if (flags & (SET_EX | SET_PX)) ms += BigInt(c.server.ks.now());
  if (ms <= 0n || ms > LLONG_MAX) { c.w.error(E.INVALID_EXPIRE(cmdName)); return null; }
  return Number(ms);
}

function setGeneric(c: Client, flags: number, key: string, val: string, expire: string | null, cmdName: string, okReply: 0 | 1 = 0): void {
  let ms = 0;
  if (expire !== null) { const m = expireMs(c, expire, flags, cmdName); if (m === null) return; ms = m; }
  const db = c.db;
  if (flags & SET_GET) {
    const e = db.lookupRead(key);
    if (e === undefined) c.w.nullBulk();
    else if (e.type !== 'string') { c.w.error(E.WRONGTYPE); return; }
    else bulkValue(c.w, e);
  }
  const found = db.lookupWrite(key) !== undefined;
  if (((flags & SET_NX) && found) || ((flags & SET_XX) && !found)) {
    if (!(flags & SET_GET)) { if (okReply) c.w.int(0); else c.w.nullBulk(); }
    return;
  }
  const e = db.setKey(key, 'string', val, (flags & SET_KEEPTTL) !== 0);
  const s = c.server;
  s.ks.dirty++;
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STRING, 'set', key, db.id);
  if (ms) {
    db.setExpire(e, ms);
    s.notify(NOTIFY_GENERIC, 'expire', key, db.id);
    s.propagate(c, ['SET', key, val, 'PXAT', String(ms)]);
  }
  if (!(flags & SET_GET)) { if (okReply) c.w.int(1); else c.w.ok(); }
}

function set(c: Client, argv: string[]): void {
  if (argv.length === 3) { // fast path
    const db = c.db, key = argv[1];
    db.setKey(key, 'string', argv[2]);
    const s = c.server;
    s.ks.dirty++;
    s.ks.signalModified(db, key);
    if (s.notifyFlags) s.notify(NOTIFY_STRING, 'set', key, db.id);
    c.w.ok();
    return;
  }
  const o = parseSetArgs(c, argv, 3, true);
  if (o) setGeneric(c, o.flags, argv[1], argv[2], o.expire, 'set');
}

function get(c: Client, argv: string[]): void {
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) c.w.nullBulk();
  else if (e.type !== 'string') c.w.error(E.WRONGTYPE);
  else bulkValue(c.w, e);
}

function getex(c: Client, argv: string[]): void {
  const o = parseSetArgs(c, argv, 2, false);
  if (!o) return;
  let ms = 0;
  if (o.expire !== null) { const m = expireMs(c, o.expire, o.flags, 'getex'); if (m === null) return; ms = m; }
  const db = c.db, key = argv[1];
  const e = db.lookupRead(key);
  if (e === undefined) return c.w.nullBulk();
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  bulkValue(c.w, e);
  const s = c.server;
  if (ms && (o.flags & (SET_EXAT | SET_PXAT)) && ms <= s.ks.now()) {
    db.removeEntry(e);
    s.ks.dirty++;
    s.propagate(c, [s.ks.lazyExpire ? 'UNLINK' : 'DEL', key]); // as getexCommand
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
  } else if (ms) {
    db.setExpire(e, ms);
    s.ks.dirty++;
    s.propagate(c, ['PEXPIREAT', key, String(ms)]);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_GENERIC, 'expire', key, db.id);
  } else if ((o.flags & SET_PERSIST) && e.expireAt) {
    db.setExpire(e, 0);
    s.ks.dirty++;
    s.propagate(c, ['PERSIST', key]);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_GENERIC, 'persist', key, db.id);
  }
}

function getdel(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1];
  const e = db.lookupRead(key);
  if (e === undefined) return c.w.nullBulk();
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  bulkValue(c.w, e);
  db.removeEntry(e);
  const s = c.server;
  s.ks.dirty++;
  s.propagate(c, [s.config.get('lazyfree-lazy-user-del') === 'yes' ? 'UNLINK' : 'DEL', key]); // as getdelCommand
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_GENERIC, 'del', key, db.id);
}

function getset(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  const e = db.lookupRead(key);
  if (e !== undefined && e.type !== 'string') return c.w.error(E.WRONGTYPE);
  if (e === undefined) c.w.nullBulk(); else bulkValue(c.w, e);
  db.setKey(key, 'string', argv[2]);
  s.ks.dirty++;
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STRING, 'set', key, db.id);
  s.propagate(c, ['SET', key, argv[2]]);
}

function setnx(c: Client, argv: string[]): void { setGeneric(c, SET_NX, argv[1], argv[2], null, 'setnx', 1); }
function setex(c: Client, argv: string[]): void { setGeneric(c, SET_EX, argv[1], argv[3], argv[2], 'setex'); }
function psetex(c: Client, argv: string[]): void { setGeneric(c, SET_PX, argv[1], argv[3], argv[2], 'psetex'); }

function mget(c: Client, argv: string[]): void {
  const db = c.db, w = c.w;
  w.arrayLen(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const e = db.lookupRead(argv[i]);
    if (e === undefined || e.type !== 'string') w.nullBulk();
    else bulkValue(w, e);
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) return c.w.error(E.ARITY(nx ? 'msetnx' : 'mset'));
  const db = c.db, s = c.server;
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) if (db.lookupWrite(argv[i]) !== undefined) return c.w.int(0);
  }
  for (let i = 1; i < argv.length; i += 2) {
    db.setKey(argv[i], 'string', argv[i + 1]);
    s.ks.signalModified(db, argv[i]);
    if (s.notifyFlags) s.notify(NOTIFY_STRING, 'set', argv[i], db.id);
  }
  s.ks.dirty += (argv.length - 1) / 2;
  if (nx) c.w.int(1); else c.w.ok();
}
function mset(c: Client, argv: string[]): void { msetGeneric(c, argv, false); }
function msetnx(c: Client, argv: string[]): void { msetGeneric(c, argv, true); }

function append(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  let e = db.lookupWrite(key);
  let len: number;
  if (e === undefined) {
    e = db.add(key, 'string', argv[2]);
    len = argv[2].length;
  } else {
    if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
    if (strLength(e) + argv[2].length > maxLen(c)) return c.w.error(E.STRING_TOO_LONG);
    // in place, with sds-style free space: repeated APPENDs are amortised O(1)
    const sb = bytesValue(e);
    sb.append(argv[2]);
    s.ks.updateMem(e);
    len = sb.len;
  }
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STRING, 'append', key, db.id);
  s.ks.dirty++;
  c.w.int(len);
}

function strlen(c: Client, argv: string[]): void {
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.int(0);
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  c.w.int(strLength(e));
}

function setrange(c: Client, argv: string[]): void {
  const off = parseI64(argv[2]);
  if (off === null) return c.w.error(E.NOT_INT);
  const offset = Number(off);
  if (offset < 0) return c.w.error(E.OFFSET_RANGE);
  const db = c.db, key = argv[1], val = argv[3], s = c.server;
  const e = db.lookupWrite(key);
  let len: number;
  if (e === undefined) {
    if (val.length === 0) return c.w.int(0);
    if (offset + val.length > maxLen(c)) return c.w.error(E.STRING_TOO_LONG);
    const sb = StrBuf.zeros(offset + val.length); // sdsnewlen: exact size
    sb.writeAt(offset, val);
    const ne = db.add(key, 'string', sb);
    ne.raw = true;
    len = sb.len;
  } else {
    if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
    if (val.length === 0) return c.w.int(strLength(e));
    if (offset + val.length > maxLen(c)) return c.w.error(E.STRING_TOO_LONG);
    const sb = bytesValue(e);
    sb.growZero(offset + val.length);
    sb.writeAt(offset, val);
    s.ks.updateMem(e);
    len = sb.len;
  }
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STRING, 'setrange', key, db.id);
  s.ks.dirty++;
  c.w.int(len);
}

function getrange(c: Client, argv: string[]): void {
  const st = parseI64(argv[2]), en = parseI64(argv[3]);
  if (st === null || en === null) return c.w.error(E.NOT_INT);
  let start = Number(st), end = Number(en);
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.bulk('');
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  const len = strLength(e);
  if (start < 0 && end < 0 && start > end) return c.w.bulk('');
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return c.w.bulk('');
  const v = e.value;
  if (typeof v === 'string') c.w.bulk(v.slice(start, end + 1));
  else c.w.bulkBuf((v as StrBuf).buf.subarray(start, end + 1));
}

function incrDecr(c: Client, key: string, incr: number | bigint): void {
  const db = c.db, s = c.server;
  const e = db.lookupWrite(key);
  let cur: number | bigint = 0;
  if (e !== undefined) {
    if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
    const v = parseI64(strValue(e));
    if (v === null) return c.w.error(E.NOT_INT);
    cur = v;
  }
  const r = addI64(cur, incr);
  if (r === null) return c.w.error(E.OVERFLOW);
  const str = String(r);
  if (e === undefined) db.add(key, 'string', str);
  else { e.value = str; e.raw = false; s.ks.updateMem(e); }
  s.ks.signalModified(db, key);
  if (s.notifyFlags) s.notify(NOTIFY_STRING, 'incrby', key, db.id);
  s.ks.dirty++;
  if (typeof r === 'number') c.w.int(r); else c.w.bigint(r);
}

function incr(c: Client, argv: string[]): void { incrDecr(c, argv[1], 1); }
function decr(c: Client, argv: string[]): void { incrDecr(c, argv[1], -1); }
function incrby(c: Client, argv: string[]): void {
  const v = parseI64(argv[2]);
  if (v === null) return c.w.error(E.NOT_INT);
  incrDecr(c, argv[1], v);
}
function decrby(c: Client, argv: string[]): void {
  const v = parseI64(argv[2]);
  if (v === null) return c.w.error(E.NOT_INT);
  if (typeof v === 'bigint' && v === -(1n << 63n)) return c.w.error('ERR decrement would overflow');
  incrDecr(c, argv[1], typeof v === 'number' ? -v : -v);
}

function incrbyfloat(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  const e = db.lookupWrite(key);
  if (e !== undefined && e.type !== 'string') return c.w.error(E.WRONGTYPE);
  const cur = e === undefined ? parseLD('0') : parseLD(strValue(e));
  if (cur === null || cur.inf && e !== undefined && !/^[+-]?inf/i.test(strValue(e))) return c.w.error(E.NOT_FLOAT);
  const inc = parseLD(argv[2]);
  if (inc === null) return c.w.error(E.NOT_FLOAT);
  const r = addLD(cur, inc);
  if (r.inf) return c.w.error(E.NAN_INF);
  const str = formatLDHuman(r);
  if (e === undefined) db.add(key, 'string', str);
  else { e.value = str; e.raw = false; s.ks.updateMem(e); }
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STRING, 'incrbyfloat', key, db.id);
  s.ks.dirty++;
  c.w.bulk(str);
  s.propagate(c, ['SET', key, str, 'KEEPTTL']);
}

function lcs(c: Client, argv: string[]): void {
  const ea = c.db.lookupRead(argv[1]);
  const eb = c.db.lookupRead(argv[2]);
  if ((ea && ea.type !== 'string') || (eb && eb.type !== 'string')) return c.w.error('ERR The specified keys must contain string values');
  const a = ea ? strValue(ea) : '';
  const b = eb ? strValue(eb) : '';
  let getlen = false, getidx = false, withmatchlen = false, minmatchlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'idx') getidx = true;
    else if (opt === 'len') getlen = true;
    else if (opt === 'withmatchlen') withmatchlen = true;
    else if (opt === 'minmatchlen' && more) {
      const v = parseI64(argv[j + 1]);
      if (v === null) return c.w.error(E.NOT_INT);
      minmatchlen = Math.max(0, Number(v));
      j++;
    } else return c.w.error(E.SYNTAX);
  }
  if (getlen && getidx) return c.w.error('ERR If you want both the length and indexes, please just use IDX.');
  const alen = a.length, blen = b.length;
  if ((alen + 1) * (blen + 1) * 4 > maxLen(c)) return c.w.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  const W = blen + 1;
  const L = new Uint32Array((alen + 1) * W);
  for (let i = 1; i <= alen; i++) {
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) L[i * W + j] = L[(i - 1) * W + j - 1] + 1;
      else { const l1 = L[(i - 1) * W + j], l2 = L[i * W + j - 1]; L[i * W + j] = l1 > l2 ? l1 : l2; }
    }
  }
  let idx = L[alen * W + blen];
  const total = idx;
  const computelcs = getidx || !getlen;
  const result: string[] = computelcs ? new Array(idx) : [];
  const matches: number[][] = [];
  let as = alen, ae = 0, bs = 0, be = 0;
  let i = alen, j = blen;
  while (computelcs && i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[idx - 1] = a[i - 1];
      if (as === alen) { as = i - 1; ae = i - 1; bs = j - 1; be = j - 1; }
      else if (as === i && bs === j) { as--; bs--; }
      else emit = true;
      if (as === 0 || bs === 0) emit = true;
      idx--; i--; j--;
    } else {
      if (L[(i - 1) * W + j] > L[i * W + j - 1]) i--; else j--;
      if (as !== alen) emit = true;
    }
    const mlen = ae - as + 1;
    if (emit) {
      if (minmatchlen === 0 || mlen >= minmatchlen) if (getidx) matches.push([as, ae, bs, be, mlen]);
      as = alen;
    }
  }
  const w = c.w;
  if (getidx) {
    w.mapLen(2);
    w.bulk('matches');
    w.arrayLen(matches.length);
    for (const m of matches) {
      w.arrayLen(withmatchlen ? 3 : 2);
      w.arrayLen(2); w.int(m[0]); w.int(m[1]);
      w.arrayLen(2); w.int(m[2]); w.int(m[3]);
      if (withmatchlen) w.int(m[4]);
    }
    w.bulk('len');
    w.int(total);
  } else if (getlen) w.int(total);
  else w.bulk(result.join(''));
}

registerAll({
  get, set, getex, getdel, getset, setnx, setex, psetex, mget, mset, msetnx, append, strlen, setrange, getrange,
  substr: getrange, incr, decr, incrby, decrby, incrbyfloat, lcs,
});
