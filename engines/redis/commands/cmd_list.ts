/** List commands (Redis t_list.c) including the blocking variants. */
import type { Client } from '../client.js';
import type { Db, Entry } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../server.js';
import { parseI64 } from '../util.js';
import { ListValue } from '../types/list.js';
import { blockForKeys, cannotBlock, parseTimeout, type BlockSpec } from '../blocking.js';

/** Re-exported for other blocking command groups (it lives in blocking.ts). */
export { parseTimeout };


/** getLongFromObjectOrReply: a JS number (bigints beyond 2^53 are approximated: only used for clamping). */
function getLong(c: Client, s: string, msg: string = E.NOT_INT): number | null {
  const v = parseI64(s);
  if (v === null) { c.w.error(msg); return null; }
  return typeof v === 'number' ? v : Number(v);
}
/** getPositiveLongFromObjectOrReply. */
function getPositive(c: Client, s: string, msg?: string): number | null {
  const v = parseI64(s);
  if (v === null) { c.w.error(msg ?? E.MUST_BE_POSITIVE); return null; }
  const n = typeof v === 'number' ? v : Number(v);
  if (n < 0) { c.w.error(msg ?? E.MUST_BE_POSITIVE); return null; }
  return n;
}
/** getRangeLongFromObjectOrReply(1, LONG_MAX, msg). */
function getAtLeast1(c: Client, s: string, msg: string): number | null {
  const v = parseI64(s);
  if (v === null) { c.w.error(msg); return null; }
  const n = typeof v === 'number' ? v : Number(v);
  if (n < 1) { c.w.error(msg); return null; }
  return n;
}

function getList(c: Client, key: string, write: boolean): Entry | undefined | null {
  const e = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.type !== 'list') { c.w.error(E.WRONGTYPE); return null; }
  return e;
}

function listPosition(c: Client, s: string): boolean | null {
  const l = s.toLowerCase();
  if (l === 'left') return true;
  if (l === 'right') return false;
  c.w.error(E.SYNTAX);
  return null;
}

/** Push helper: creates the key when missing. Returns the entry. */
function pushTo(c: Client, db: Db, key: string, e: Entry | undefined, v: string, left: boolean): Entry {
  if (e === undefined) {
    const l = new ListValue();
    l.push(v, left);
    e = db.add(key, 'list', l);
  } else {
    (e.value as ListValue).push(v, left);
    c.server.ks.updateMem(e);
  }
  return e;
}

// ---- push ----

function pushGeneric(c: Client, argv: string[], left: boolean, xx: boolean): void {
  const db = c.db, key = argv[1], s = c.server;
  let e = db.lookupWrite(key);
  if (e !== undefined && e.type !== 'list') return c.w.error(E.WRONGTYPE);
  if (e === undefined) {
    if (xx) return c.w.int(0);
    e = db.add(key, 'list', new ListValue(argv.length));
  }
  const l = e.value as ListValue;
  if (left) for (let i = 2; i < argv.length; i++) l.pushFront(argv[i]);
  else for (let i = 2; i < argv.length; i++) l.pushBack(argv[i]);
  s.ks.updateMem(e);
  c.w.int(l.len);
  s.ks.signalModified(db, key);
  if (s.notifyFlags) s.notify(NOTIFY_LIST, left ? 'lpush' : 'rpush', key, db.id);
  s.ks.signalReady(db, key);
  s.ks.dirty += argv.length - 2;
}
function lpush(c: Client, argv: string[]): void { pushGeneric(c, argv, true, false); }
function rpush(c: Client, argv: string[]): void { pushGeneric(c, argv, false, false); }
function lpushx(c: Client, argv: string[]): void { pushGeneric(c, argv, true, true); }
function rpushx(c: Client, argv: string[]): void { pushGeneric(c, argv, false, true); }

// ---- pop ----

/** listElementsRemoved: notify, delete when empty, signal, dirty. */
function elementsRemoved(c: Client, db: Db, e: Entry, left: boolean, count: number): boolean {
  const s = c.server, key = e.key;
  s.notify(NOTIFY_LIST, left ? 'lpop' : 'rpop', key, db.id);
  let deleted = false;
  if ((e.value as ListValue).len === 0) {
    db.removeEntry(e);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
    deleted = true;
  } else s.ks.updateMem(e);
  s.ks.signalModified(db, key);
  s.ks.dirty += count;
  return deleted;
}

/** Reply `count` elements popped from one end as an array (addListRangeReply + DelRange). */
function popRangeReply(c: Client, l: ListValue, left: boolean, count: number): number {
  const n = count > l.len ? l.len : count;
  const w = c.w;
  w.arrayLen(n);
  for (let i = 0; i < n; i++) w.bulk(l.pop(left)!);
  return n;
}

function popGeneric(c: Client, argv: string[], left: boolean): void {
  if (argv.length > 3) return c.w.error(E.ARITY(left ? 'lpop' : 'rpop'));
  const hascount = argv.length === 3;
  let count = 0;
  if (hascount) { const n = getPositive(c, argv[2]); if (n === null) return; count = n; }
  const db = c.db;
  const e = getList(c, argv[1], true);
  if (e === null) return;
  if (e === undefined) return hascount ? c.w.nullArray() : c.w.nullBulk();
  if (hascount && count === 0) return c.w.arrayLen(0);
  const l = e.value as ListValue;
  if (!hascount) {
    c.w.bulk(l.pop(left)!);
    elementsRemoved(c, db, e, left, 1);
  } else {
    const n = popRangeReply(c, l, left, count);
    elementsRemoved(c, db, e, left, n);
  }
}
function lpop(c: Client, argv: string[]): void { popGeneric(c, argv, true); }
function rpop(c: Client, argv: string[]): void { popGeneric(c, argv, false); }

/** Pop up to count from e and reply [key, [elements]]; propagate as [LR]POP key n. */
function popWithKeyReply(c: Client, db: Db, e: Entry, left: boolean, count: number, prop: (argv: string[]) => void): boolean {
  const l = e.value as ListValue;
  const n = count > l.len ? l.len : count;
  c.w.arrayLen(2);
  c.w.bulk(e.key);
  popRangeReply(c, l, left, n);
  prop([left ? 'LPOP' : 'RPOP', e.key, String(n)]);
  return elementsRemoved(c, db, e, left, n);
}

function mpopGeneric(c: Client, keys: string[], left: boolean, count: number): void {
  const db = c.db;
  for (const key of keys) {
    const e = getList(c, key, true);
    if (e === null) return;
    if (e === undefined || (e.value as ListValue).len === 0) continue;
    popWithKeyReply(c, db, e, left, count, (a) => c.server.propagate(c, a));
    return;
  }
  c.w.nullArray();
}

/** LMPOP/BLMPOP argument parsing. */
function lmpopGeneric(c: Client, argv: string[], numkeysIdx: number, block: boolean): void {
  const numkeys = getAtLeast1(c, argv[numkeysIdx], E.NUMKEYS_GT0);
  if (numkeys === null) return;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) return c.w.error(E.SYNTAX);
  const left = listPosition(c, argv[whereIdx]);
  if (left === null) return;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && argv[j].toLowerCase() === 'count' && more) {
      j++;
      const n = getAtLeast1(c, argv[j], E.COUNT_GT0);
      if (n === null) return;
      count = n;
    } else return c.w.error(E.SYNTAX);
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, numkeysIdx + 1 + numkeys);
  if (block) blockingPop(c, keys, left, argv[1], count);
  else mpopGeneric(c, keys, left, count);
}
function lmpop(c: Client, argv: string[]): void { lmpopGeneric(c, argv, 1, false); }
function blmpop(c: Client, argv: string[]): void { lmpopGeneric(c, argv, 2, true); }

// ---- blocking ----

/** Shared timeout reply of list/zset/stream blocking commands (Redis 7.0: null array, even for BLMOVE). */
function timeoutReply(c: Client): void { c.w.nullArray(); }

function propagateServed(c: Client, db: Db, argv: string[]): void {
  c.server.ks.propagate(db.id, argv);
}

function blockingPop(c: Client, keys: string[], left: boolean, timeoutArg: string, count: number): void {
  const timeoutAt = parseTimeout(c, timeoutArg);
  if (timeoutAt === null) return;
  const db = c.db;
  for (const key of keys) {
    const e = getList(c, key, true);
    if (e === null) return;
    if (e === undefined || (e.value as ListValue).len === 0) continue;
    if (count !== -1) {
      popWithKeyReply(c, db, e, left, count, (a) => c.server.propagate(c, a));
      return;
    }
    const l = e.value as ListValue;
    c.w.arrayLen(2);
    c.w.bulk(key);
    c.w.bulk(l.pop(left)!);
    elementsRemoved(c, db, e, left, 1);
    c.server.propagate(c, [left ? 'LPOP' : 'RPOP', key]);
    return;
  }
  if (cannotBlock(c)) return c.w.nullArray();
  const isMpop = count !== -1;
  const spec: BlockSpec = {
    type: 'list', keys, timeoutAt,
    serve(rc, key, rdb) {
      const e = rdb.peek(key)!;
      const l = e.value as ListValue;
      if (l.len === 0) return false;
      if (isMpop) {
        popWithKeyReply(rc, rdb, e, left, count, (a) => propagateServed(rc, rdb, a));
        return true;
      }
      propagateServed(rc, rdb, [left ? 'LPOP' : 'RPOP', key]);
      rc.w.arrayLen(2);
      rc.w.bulk(key);
      rc.w.bulk(l.pop(left)!);
      elementsRemoved(rc, rdb, e, left, 1);
      return true;
    },
    onTimeout: timeoutReply,
  };
  blockForKeys(c, spec);
}

function blpop(c: Client, argv: string[]): void { blockingPop(c, argv.slice(1, -1), true, argv[argv.length - 1], -1); }
function brpop(c: Client, argv: string[]): void { blockingPop(c, argv.slice(1, -1), false, argv[argv.length - 1], -1); }

// ---- LMOVE / RPOPLPUSH ----

/** lmoveHandlePush: push value into dst (created if missing) and reply it. */
function moveHandlePush(c: Client, db: Db, dstkey: string, dst: Entry | undefined, value: string, left: boolean): void {
  const s = c.server;
  if (dst === undefined) dst = db.add(dstkey, 'list', new ListValue());
  s.ks.signalModified(db, dstkey);
  (dst.value as ListValue).push(value, left);
  s.ks.updateMem(dst);
  s.notify(NOTIFY_LIST, left ? 'lpush' : 'rpush', dstkey, db.id);
  s.ks.signalReady(db, dstkey);
  c.w.bulk(value);
}

/** LMOVE core on an existing non-empty source; returns false (after replying) on WRONGTYPE destination. */
function lmoveGeneric(c: Client, src: string, dstkey: string, from: boolean, to: boolean, prop: string[] | null): void {
  const db = c.db, s = c.server;
  const se = getList(c, src, true);
  if (se === null) return;
  if (se === undefined || (se.value as ListValue).len === 0) return c.w.nullBulk();
  const de = db.lookupWrite(dstkey);
  if (de !== undefined && de.type !== 'list') return c.w.error(E.WRONGTYPE);
  const sl = se.value as ListValue;
  const value = sl.pop(from)!;
  moveHandlePush(c, db, dstkey, de, value, to);
  s.notify(NOTIFY_LIST, from ? 'lpop' : 'rpop', src, db.id);
  if (sl.len === 0 && db.peek(src) === se) {
    db.removeEntry(se);
    s.notify(NOTIFY_GENERIC, 'del', src, db.id);
  } else if (db.peek(src) === se) s.ks.updateMem(se);
  s.ks.signalModified(db, src);
  s.ks.dirty++;
  if (prop) s.propagate(c, prop);
}

const posName = (left: boolean) => (left ? 'LEFT' : 'RIGHT');

function lmove(c: Client, argv: string[]): void {
  const from = listPosition(c, argv[3]);
  if (from === null) return;
  const to = listPosition(c, argv[4]);
  if (to === null) return;
  lmoveGeneric(c, argv[1], argv[2], from, to, null);
}
function rpoplpush(c: Client, argv: string[]): void { lmoveGeneric(c, argv[1], argv[2], false, true, null); }

function blmoveGeneric(c: Client, src: string, dst: string, from: boolean, to: boolean, timeoutArg: string, isBrpoplpush: boolean): void {
  const timeoutAt = parseTimeout(c, timeoutArg);
  if (timeoutAt === null) return;
  const e = getList(c, src, true);
  if (e === null) return;
  const prop = isBrpoplpush ? ['RPOPLPUSH', src, dst] : ['LMOVE', src, dst, posName(from), posName(to)];
  if (e !== undefined) return lmoveGeneric(c, src, dst, from, to, prop);
  if (cannotBlock(c)) return c.w.nullBulk();
  const spec: BlockSpec = {
    type: 'list', keys: [src], timeoutAt,
    serve(rc, key, rdb) {
      const se = rdb.peek(key)!;
      const sl = se.value as ListValue;
      if (sl.len === 0) return false;
      const s = rc.server;
      const de = rdb.lookupWrite(dst);
      if (de !== undefined && de.type !== 'list') { rc.w.error(E.WRONGTYPE); return true; }
      const value = sl.pop(from)!;
      moveHandlePush(rc, rdb, dst, de, value, to);
      propagateServed(rc, rdb, prop);
      s.notify(NOTIFY_LIST, from ? 'lpop' : 'rpop', key, rdb.id);
      if (sl.len === 0 && rdb.peek(key) === se) {
        rdb.removeEntry(se);
        s.notify(NOTIFY_GENERIC, 'del', key, rdb.id);
      } else if (rdb.peek(key) === se) s.ks.updateMem(se);
      s.ks.signalModified(rdb, key);
      s.ks.dirty++;
      return true;
    },
    onTimeout: timeoutReply,
  };
  blockForKeys(c, spec);
}
function blmove(c: Client, argv: string[]): void {
  const from = listPosition(c, argv[3]);
  if (from === null) return;
  const to = listPosition(c, argv[4]);
  if (to === null) return;
  blmoveGeneric(c, argv[1], argv[2], from, to, argv[5], false);
}
function brpoplpush(c: Client, argv: string[]): void { blmoveGeneric(c, argv[1], argv[2], false, true, argv[3], true); }

// ---- read ----

function llen(c: Client, argv: string[]): void {
  const e = getList(c, argv[1], false);
  if (e === null) return;
  c.w.int(e === undefined ? 0 : (e.value as ListValue).len);
}

function lindex(c: Client, argv: string[]): void {
  const e = getList(c, argv[1], false);
  if (e === null) return;
  if (e === undefined) return c.w.nullBulk();
  const idx = getLong(c, argv[2]);
  if (idx === null) return;
  const l = e.value as ListValue;
  const i = idx < 0 ? l.len + idx : idx;
  if (i < 0 || i >= l.len) return c.w.nullBulk();
  c.w.bulk(l.get(i));
}

function lrange(c: Client, argv: string[]): void {
  let start = getLong(c, argv[2]);
  if (start === null) return;
  let end = getLong(c, argv[3]);
  if (end === null) return;
  const e = getList(c, argv[1], false);
  if (e === null) return;
  if (e === undefined) return c.w.arrayLen(0);
  const l = e.value as ListValue;
  const n = l.len;
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  if (start > end || start >= n) return c.w.arrayLen(0);
  if (end >= n) end = n - 1;
  const w = c.w;
  w.arrayLen(end - start + 1);
  const buf = l.buf, mask = l.mask, head = l.head;
  for (let i = start; i <= end; i++) w.bulk(buf[(head + i) & mask]!);
}

function lpos(c: Client, argv: string[]): void {
  const ele = argv[2];
  let rank = 1, count = -1, maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'rank' && more) {
      j++;
      const raw = parseI64(argv[j]);
      if (raw === null) return c.w.error(E.NOT_INT);
      // -LONG_MIN overflows in C and stays negative: it behaves like "first match from the tail"
      const v = raw === -(1n << 63n) ? -1 : Number(raw);
      if (v === 0) return c.w.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
      rank = v;
    } else if (opt === 'count' && more) {
      j++;
      const v = getPositive(c, argv[j], "ERR COUNT can't be negative");
      if (v === null) return;
      count = v;
    } else if (opt === 'maxlen' && more) {
      j++;
      const v = getPositive(c, argv[j], "ERR MAXLEN can't be negative");
      if (v === null) return;
      maxlen = v;
    } else return c.w.error(E.SYNTAX);
  }
  let fromTail = false;
  if (rank < 0) { rank = -rank; fromTail = true; }
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return count !== -1 ? c.w.arrayLen(0) : c.w.nullBulk();
  if (e.type !== 'list') return c.w.error(E.WRONGTYPE);
  const l = e.value as ListValue;
  const n = l.len;
  const out: number[] = [];
  let matches = 0;
  for (let k = 0; k < n && (maxlen === 0 || k < maxlen); k++) {
    const i = fromTail ? n - 1 - k : k;
    if (l.get(i) === ele) {
      matches++;
      if (matches >= rank) {
        out.push(i);
        if (count === -1 || (count !== 0 && out.length >= count)) break;
      }
    }
  }
  if (count !== -1) { c.w.arrayLen(out.length); for (const i of out) c.w.int(i); }
  else if (out.length) c.w.int(out[0]);
  else c.w.nullBulk();
}

// ---- in-place writes ----

function lset(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  const e = db.lookupWrite(key);
  if (e === undefined) return c.w.error(E.NO_SUCH_KEY);
  if (e.type !== 'list') return c.w.error(E.WRONGTYPE);
  const idx = getLong(c, argv[2]);
  if (idx === null) return;
  const l = e.value as ListValue;
  const i = idx < 0 ? l.len + idx : idx;
  if (i < 0 || i >= l.len) return c.w.error(E.INDEX_RANGE);
  l.set(i, argv[3]);
  s.ks.updateMem(e);
  c.w.ok();
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_LIST, 'lset', key, db.id);
  s.ks.dirty++;
}

function linsert(c: Client, argv: string[]): void {
  const where = argv[2].toLowerCase();
  let after: boolean;
  if (where === 'after') after = true;
  else if (where === 'before') after = false;
  else return c.w.error(E.SYNTAX);
  const db = c.db, key = argv[1], s = c.server;
  const e = getList(c, key, true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const l = e.value as ListValue;
  const pivot = argv[3];
  let idx = -1;
  for (let i = 0; i < l.len; i++) if (l.get(i) === pivot) { idx = i; break; }
  if (idx < 0) return c.w.int(-1);
  l.insertAt(after ? idx + 1 : idx, argv[4]);
  s.ks.updateMem(e);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_LIST, 'linsert', key, db.id);
  s.ks.dirty++;
  c.w.int(l.len);
}

function lrem(c: Client, argv: string[]): void {
  let toremove = getLong(c, argv[2]);
  if (toremove === null) return;
  const db = c.db, key = argv[1], s = c.server;
  const e = getList(c, key, true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const l = e.value as ListValue;
  const obj = argv[3];
  const n = l.len;
  let removed = 0;
  const fromTail = toremove < 0;
  if (fromTail) toremove = -toremove;
  const keep: boolean[] = new Array(n).fill(true);
  for (let k = 0; k < n; k++) {
    const i = fromTail ? n - 1 - k : k;
    if (l.get(i) === obj) {
      keep[i] = false;
      removed++;
      if (toremove && removed === toremove) break;
    }
  }
  if (removed) {
    const items: string[] = [];
    for (let i = 0; i < n; i++) if (keep[i]) items.push(l.get(i));
    l.rebuild(items);
    s.ks.dirty += removed;
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_LIST, 'lrem', key, db.id);
  }
  if (l.len === 0) {
    db.removeEntry(e);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
  } else if (removed) s.ks.updateMem(e);
  c.w.int(removed);
}

function ltrim(c: Client, argv: string[]): void {
  let start = getLong(c, argv[2]);
  if (start === null) return;
  let end = getLong(c, argv[3]);
  if (end === null) return;
  const db = c.db, key = argv[1], s = c.server;
  const e = getList(c, key, true);
  if (e === null) return;
  if (e === undefined) return c.w.ok();
  const l = e.value as ListValue;
  const n = l.len;
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  let lt: number, rt: number;
  if (start > end || start >= n) { lt = n; rt = 0; }
  else { if (end >= n) end = n - 1; lt = start; rt = n - end - 1; }
  if (lt + rt > 0) {
    if (lt + rt > n / 2 && n - lt - rt < 1024) l.rebuild(l.toArray(lt, n - rt - 1));
    else l.trim(lt, rt);
  }
  s.notify(NOTIFY_LIST, 'ltrim', key, db.id);
  if (l.len === 0) {
    db.removeEntry(e);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
  } else s.ks.updateMem(e);
  s.ks.signalModified(db, key);
  s.ks.dirty += lt + rt;
  c.w.ok();
}


registerAll({
  lpush, rpush, lpushx, rpushx, lpop, rpop, llen, lindex, lset, lrange, ltrim, lrem, linsert, lpos,
  lmove, rpoplpush, lmpop, blpop, brpop, blmove, brpoplpush, blmpop,
});
