/** Sorted-set commands (Redis 7.0 t_zset.c), including the blocking pops. */
import type { Client } from '../client.js';
import type { Db, Entry } from '../keyspace.js';
import type { ReplyWriter } from '../resp.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../server.js';
import { parseI64 } from '../util.js';
import { globMatch } from '../glob.js';
import { parseScanArgs } from './cmd_keys.js';
import { SetValue } from '../types/set.js';
import {
  ZsetValue, zsetLimits, parseScore, parseScoreRange, parseLexRange,
  type ScoreRange, type LexRange,
} from '../types/zset.js';
import type { ZEntry } from '../ds/sortedset.js';
import { blockForKeys, cannotBlock, type BlockSpec } from '../blocking.js';
import { parseTimeout } from './cmd_list.js';

const LONG_MAX = 9223372036854775807n;

// ---- helpers ---------------------------------------------------------------

/** getLongFromObjectOrReply (bigints approximated: only used for clamping). */
function getLong(c: Client, s: string, msg: string = E.NOT_INT): number | null {
  const v = parseI64(s);
  if (v === null) { c.w.error(msg); return null; }
  return typeof v === 'number' ? v : Number(v);
}

function lookupZset(c: Client, key: string, write: boolean): Entry | undefined | null {
  const e = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.type !== 'zset') { c.w.error(E.WRONGTYPE); return null; }
  return e;
}

/** A new zset for `firstMember` (ZADD's createZsetObject / createZsetListpackObject choice). */
function newZset(c: Client, firstMember: string): ZsetValue {
  const lim = zsetLimits(c.server);
  return new ZsetValue(lim.entries === 0 || lim.value < firstMember.length ? 'skiplist' : 'listpack');
}

/** Emit pairs: RESP2 flat, RESP3 nested [member, score] when withscores. */
function replyEntries(w: ReplyWriter, items: ZEntry<string>[], withscores: boolean): void {
  const n = items.length;
  if (!withscores) {
    w.arrayLen(n);
    for (let i = 0; i < n; i++) w.bulk(items[i].member);
    return;
  }
  const r3 = w.proto === 3;
  w.arrayLen(r3 ? n : n * 2);
  for (let i = 0; i < n; i++) {
    if (r3) w.arrayLen(2);
    w.bulk(items[i].member);
    w.double(items[i].score);
  }
}

/** After removing elements from `e`: delete when empty, memory, notifications, dirty. */
function afterRemove(c: Client, db: Db, e: Entry, event: string, removed: number): void {
  if (removed === 0) return;
  const s = c.server, key = e.key;
  const z = e.value as ZsetValue;
  let keyremoved = false;
  if (z.size === 0) { db.removeEntry(e); keyremoved = true; } else s.ks.updateMem(e);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_ZSET, event, key, db.id);
  if (keyremoved) s.notify(NOTIFY_GENERIC, 'del', key, db.id);
  s.ks.dirty += removed;
}

/** setKey() of a store command's result (overwrites any type, clears the TTL). */
function storeResult(c: Client, db: Db, dst: string, z: ZsetValue): void {
  const s = c.server;
  db.setKey(dst, 'zset', z);
  s.ks.signalModified(db, dst);
  s.ks.signalReady(db, dst);
}

/** Empty result of a store command: delete dst (dirty/notify only when it existed). */
function storeEmpty(c: Client, db: Db, dst: string): void {
  const s = c.server;
  c.w.int(0);
  if (db.has(dst) && db.delete(dst)) {
    s.ks.signalModified(db, dst);
    s.notify(NOTIFY_GENERIC, 'del', dst, db.id);
    s.ks.dirty++;
  }
}

// ---- ZADD / ZINCRBY --------------------------------------------------------

const IN_INCR = 1, IN_NX = 2, IN_XX = 4, IN_GT = 8, IN_LT = 16;

function zaddGeneric(c: Client, argv: string[], flags: number, pre?: number[]): void {
  const key = argv[1], w = c.w;
  let ch = false;
  let idx = 2;
  const argc = argv.length;
  while (idx < argc) {
    const o = argv[idx];
    if (o.length > 4 || o.length < 2) break;
    const l = o.toLowerCase();
    if (l === 'nx') flags |= IN_NX;
    else if (l === 'xx') flags |= IN_XX;
    else if (l === 'ch') ch = true;
    else if (l === 'incr') flags |= IN_INCR;
    else if (l === 'gt') flags |= IN_GT;
    else if (l === 'lt') flags |= IN_LT;
    else break;
    idx++;
  }
  const incr = (flags & IN_INCR) !== 0, nx = (flags & IN_NX) !== 0, xx = (flags & IN_XX) !== 0;
  const gt = (flags & IN_GT) !== 0, lt = (flags & IN_LT) !== 0;
  let elements = argc - idx;
  if (elements % 2 || !elements) return w.error(E.SYNTAX);
  elements /= 2;
  if (nx && xx) return w.error(E.ZADD_XX_NX);
  if ((gt && nx) || (lt && nx) || (gt && lt)) return w.error(E.ZADD_GT_LT_NX);
  if (incr && elements > 1) return w.error(E.ZADD_INCR_PAIR);
  let scores: number[] | null = null;
  let score0 = 0;
  if (pre !== undefined) scores = pre;
  else if (elements === 1) {
    const v = parseScore(argv[idx]);
    if (v === null) return w.error(E.NOT_FLOAT);
    score0 = v;
  } else {
    scores = new Array(elements);
    for (let j = 0; j < elements; j++) {
      const v = parseScore(argv[idx + j * 2]);
      if (v === null) return w.error(E.NOT_FLOAT);
      scores[j] = v;
    }
  }
  const db = c.db, s = c.server;
  let e = db.lookupWrite(key);
  if (e !== undefined && e.type !== 'zset') return w.error(E.WRONGTYPE);
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  let err = false;
  if (e === undefined) {
    if (xx) { if (incr) w.nullBulk(); else w.int(0); return; }
    e = db.add(key, 'zset', newZset(c, argv[idx + 1]));
    s.ks.signalReady(db, key);
  }
  const z = e.value as ZsetValue;
  const zs = z.zs;
  const lim = zsetLimits(s);
  for (let j = 0; j < elements; j++) {
    score = scores === null ? score0 : scores[j];
    const m = argv[idx + 1 + j * 2];
    const cur = zs.score(m);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) { err = true; break; }
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue;
      if (score !== cur) { zs.add(m, z.enc === 'listpack' ? score + 0 : score); updated++; }
      processed++;
    } else if (!xx) {
      z.fitAdd(lim, m);
      z.set(m, score);
      added++;
      processed++;
    }
  }
  if (err) w.error(E.ZSCORE_NAN);
  else {
    s.ks.dirty += added + updated;
    if (incr) { if (processed) w.double(score); else w.nullBulk(); }
    else w.int(ch ? added + updated : added);
  }
  if (added || updated) {
    s.ks.updateMem(e);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key, db.id);
  } else if (z.size === 0) {
    // nothing was added to a freshly created key (cannot normally happen)
    db.removeEntry(e);
  }
}

function zadd(c: Client, argv: string[]): void { zaddGeneric(c, argv, 0); }
/** ZADD whose score arguments are already parsed (`scores[j]` is the value of the j-th one): GEOADD. */
export function zaddParsed(c: Client, argv: string[], scores: number[]): void { zaddGeneric(c, argv, 0, scores); }
function zincrby(c: Client, argv: string[]): void { zaddGeneric(c, argv, IN_INCR); }

// ---- ZREM / ZREMRANGEBY* ---------------------------------------------------

function zrem(c: Client, argv: string[]): void {
  const e = lookupZset(c, argv[1], true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const z = e.value as ZsetValue;
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (z.delete(argv[j])) deleted++;
    if (z.size === 0) break;
  }
  afterRemove(c, c.db, e, 'zrem', deleted);
  c.w.int(deleted);
}

const RANK = 1, SCORE = 2, LEX = 3;

function zremrangeGeneric(c: Client, argv: string[], type: number): void {
  let start = 0, end = 0;
  let sr: ScoreRange | null = null, lr: LexRange<string> | null = null;
  let event: string;
  if (type === RANK) {
    event = 'zremrangebyrank';
    const a = getLong(c, argv[2]); if (a === null) return;
    const b = getLong(c, argv[3]); if (b === null) return;
    start = a; end = b;
  } else if (type === SCORE) {
    event = 'zremrangebyscore';
    sr = parseScoreRange(argv[2], argv[3]);
    if (sr === null) return c.w.error(E.MINMAX_FLOAT);
  } else {
    event = 'zremrangebylex';
    lr = parseLexRange(argv[2], argv[3]);
    if (lr === null) return c.w.error(E.MINMAX_LEX);
  }
  const e = lookupZset(c, argv[1], true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const z = e.value as ZsetValue;
  const onRemove = (x: ZEntry<string>) => z.removed(x.member);
  let deleted: number;
  if (type === RANK) {
    const llen = z.size;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return c.w.int(0);
    if (end >= llen) end = llen - 1;
    deleted = z.zs.deleteRangeByRank(start, end, onRemove);
  } else if (type === SCORE) deleted = z.zs.deleteRangeByScore(sr!, onRemove);
  else deleted = z.zs.deleteRangeByLex(lr!, onRemove);
  afterRemove(c, c.db, e, event, deleted);
  c.w.int(deleted);
}
function zremrangebyrank(c: Client, argv: string[]): void { zremrangeGeneric(c, argv, RANK); }
function zremrangebyscore(c: Client, argv: string[]): void { zremrangeGeneric(c, argv, SCORE); }
function zremrangebylex(c: Client, argv: string[]): void { zremrangeGeneric(c, argv, LEX); }

// ---- simple reads ----------------------------------------------------------

function zcard(c: Client, argv: string[]): void {
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  c.w.int(e === undefined ? 0 : (e.value as ZsetValue).size);
}

function zscore(c: Client, argv: string[]): void {
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  const v = e === undefined ? undefined : (e.value as ZsetValue).zs.score(argv[2]);
  if (v === undefined) c.w.nullBulk(); else c.w.double(v);
}

function zmscore(c: Client, argv: string[]): void {
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  const w = c.w;
  w.arrayLen(argv.length - 2);
  const zs = e === undefined ? null : (e.value as ZsetValue).zs;
  for (let j = 2; j < argv.length; j++) {
    const v = zs === null ? undefined : zs.score(argv[j]);
    if (v === undefined) w.nullBulk(); else w.double(v);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  if (e === undefined) return c.w.nullBulk();
  const r = (e.value as ZsetValue).zs.rank(argv[2], reverse);
  if (r === undefined) c.w.nullBulk(); else c.w.int(r);
}
function zrank(c: Client, argv: string[]): void { zrankGeneric(c, argv, false); }
function zrevrank(c: Client, argv: string[]): void { zrankGeneric(c, argv, true); }

function zcount(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) return c.w.error(E.MINMAX_FLOAT);
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  c.w.int(e === undefined ? 0 : (e.value as ZsetValue).zs.countByScore(r));
}

function zlexcount(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) return c.w.error(E.MINMAX_LEX);
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  c.w.int(e === undefined ? 0 : (e.value as ZsetValue).zs.countByLex(r));
}

// ---- ZRANGE family ---------------------------------------------------------

const DIR_AUTO = 0, DIR_FWD = 1, DIR_REV = 2;

function zrangeGeneric(c: Client, argv: string[], argcStart: number, store: boolean, rangetype: number, direction: number): void {
  const w = c.w;
  const key = argv[argcStart];
  let minidx = argcStart + 1, maxidx = argcStart + 2;
  let withscores = false;
  let offset = 0, limit = -1;
  let hasLimit = false;
  for (let j = argcStart + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (!store && o === 'withscores') withscores = true;
    else if (o === 'limit' && left >= 2) {
      const a = getLong(c, argv[j + 1]); if (a === null) return;
      const b = getLong(c, argv[j + 2]); if (b === null) return;
      offset = a; limit = b; hasLimit = true;
      j += 2;
    } else if (direction === DIR_AUTO && o === 'rev') direction = DIR_REV;
    else if (rangetype === 0 && o === 'bylex') rangetype = LEX;
    else if (rangetype === 0 && o === 'byscore') rangetype = SCORE;
    else return w.error(E.SYNTAX);
  }
  if (direction === DIR_AUTO) direction = DIR_FWD;
  if (rangetype === 0) rangetype = RANK;
  if (hasLimit && limit !== -1 && rangetype === RANK) return w.error(E.ZRANGE_LIMIT_RANK);
  if (withscores && rangetype === LEX) return w.error(E.ZRANGE_WITHSCORES_BYLEX);
  const reverse = direction === DIR_REV;
  if (reverse && rangetype !== RANK) { const t = maxidx; maxidx = minidx; minidx = t; }
  let start = 0, end = 0;
  let sr: ScoreRange | null = null, lr: LexRange<string> | null = null;
  if (rangetype === RANK) {
    const a = getLong(c, argv[minidx]); if (a === null) return;
    const b = getLong(c, argv[maxidx]); if (b === null) return;
    start = a; end = b;
  } else if (rangetype === SCORE) {
    sr = parseScoreRange(argv[minidx], argv[maxidx]);
    if (sr === null) return w.error(E.MINMAX_FLOAT);
  } else {
    lr = parseLexRange(argv[minidx], argv[maxidx]);
    if (lr === null) return w.error(E.MINMAX_LEX);
  }
  const e = c.db.lookupRead(key);
  if (e === undefined) {
    if (store) storeEmpty(c, c.db, argv[1]);
    else w.arrayLen(0);
    return;
  }
  if (e.type !== 'zset') return w.error(E.WRONGTYPE);
  const zs = (e.value as ZsetValue).zs;
  let items: ZEntry<string>[];
  let beginLen = -1;
  if (rangetype === RANK) {
    items = zs.rangeByRank(start, end, reverse);
    beginLen = items.length;
  } else {
    if (offset > 0 && offset >= zs.size) items = [];
    else if (rangetype === SCORE) items = zs.rangeByScore(sr!, { reverse, offset, count: limit });
    else items = zs.rangeByLex(lr!, { reverse, offset, count: limit });
  }
  if (!store) return replyEntries(w, items, withscores);
  // ZRANGESTORE
  const n = items.length;
  if (n === 0) return storeEmpty(c, c.db, argv[1]);
  const lim = zsetLimits(c.server);
  const z = new ZsetValue(beginLen > lim.entries ? 'skiplist' : 'listpack');
  for (let i = 0; i < n; i++) { z.fitAdd(lim, items[i].member); z.set(items[i].member, items[i].score); }
  const db = c.db, dst = argv[1];
  storeResult(c, db, dst, z);
  w.int(n);
  c.server.notify(NOTIFY_ZSET, 'zrangestore', dst, db.id);
  c.server.ks.dirty++;
}

function zrange(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 1, false, 0, DIR_AUTO); }
function zrangestore(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 2, true, 0, DIR_AUTO); }
function zrevrange(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 1, false, RANK, DIR_REV); }
function zrangebyscore(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 1, false, SCORE, DIR_FWD); }
function zrevrangebyscore(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 1, false, SCORE, DIR_REV); }
function zrangebylex(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 1, false, LEX, DIR_FWD); }
function zrevrangebylex(c: Client, argv: string[]): void { zrangeGeneric(c, argv, 1, false, LEX, DIR_REV); }

// ---- ZUNION / ZINTER / ZDIFF (+STORE), ZINTERCARD ----------------------------

const OP_UNION = 0, OP_INTER = 1, OP_DIFF = 2;
const AGG_SUM = 0, AGG_MIN = 1, AGG_MAX = 2;

interface Src { z: ZsetValue | null; s: SetValue | null; weight: number; size: number; value: unknown }

function srcScore(src: Src, m: string): number | undefined {
  if (src.z !== null) return src.z.zs.score(m);
  if (src.s !== null) return src.s.has(m) ? 1 : undefined;
  return undefined;
}

function forEachSrc(src: Src, f: (m: string, score: number) => boolean | void): void {
  if (src.z !== null) { for (const x of src.z.zs.entries(true)) if (f(x.member, x.score) === false) return; }
  else if (src.s !== null) { for (const m of src.s.members()) if (f(m, 1) === false) return; }
}

function aggregate(target: number, val: number, agg: number): number {
  if (agg === AGG_SUM) { const r = target + val; return Number.isNaN(r) ? 0 : r; }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

function zsetop(c: Client, argv: string[], dstkey: string | null, numkeysIndex: number, op: number, cardOnly: boolean, fullname: string): void {
  const w = c.w;
  const setnum = getLong(c, argv[numkeysIndex]);
  if (setnum === null) return;
  if (setnum < 1) return w.error(E.AT_LEAST_1_KEY(fullname));
  if (setnum > argv.length - (numkeysIndex + 1)) return w.error(E.SYNTAX);
  const src: Src[] = [];
  let j = numkeysIndex + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const e = c.db.lookupRead(argv[j]);
    if (e === undefined) { src.push({ z: null, s: null, weight: 1, size: 0, value: null }); continue; }
    if (e.type === 'zset') { const z = e.value as ZsetValue; src.push({ z, s: null, weight: 1, size: z.size, value: z }); }
    else if (e.type === 'set') { const s = e.value as SetValue; src.push({ z: null, s, weight: 1, size: s.size, value: s }); }
    else return w.error(E.WRONGTYPE);
  }
  let agg = AGG_SUM, withscores = false, limit = 0;
  let remaining = argv.length - j;
  while (remaining) {
    const o = argv[j].toLowerCase();
    if (op !== OP_DIFF && !cardOnly && remaining >= setnum + 1 && o === 'weights') {
      j++; remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const v = parseScore(argv[j]);
        if (v === null) return w.error(E.WEIGHT_FLOAT);
        src[i].weight = v;
      }
    } else if (op !== OP_DIFF && !cardOnly && remaining >= 2 && o === 'aggregate') {
      j++; remaining--;
      const a = argv[j].toLowerCase();
      if (a === 'sum') agg = AGG_SUM;
      else if (a === 'min') agg = AGG_MIN;
      else if (a === 'max') agg = AGG_MAX;
      else return w.error(E.SYNTAX);
      j++; remaining--;
    } else if (remaining >= 1 && dstkey === null && !cardOnly && o === 'withscores') {
      j++; remaining--;
      withscores = true;
    } else if (cardOnly && remaining >= 2 && o === 'limit') {
      j++; remaining--;
      const v = parseI64(argv[j]);
      if (v === null || v < 0) return w.error(E.LIMIT_NEG);
      limit = Number(v);
      j++; remaining--;
    } else return w.error(E.SYNTAX);
  }
  if (op !== OP_DIFF) src.sort((a, b) => a.size - b.size);

  const lim = zsetLimits(c.server);
  let cardinality = 0;
  let result: Map<string, number> | null = null; // member → score (unordered)
  if (op === OP_INTER) {
    result = new Map();
    const s0 = src[0];
    if (s0.size > 0) {
      forEachSrc(s0, (m, sc) => {
        let score = s0.weight * sc;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const sk = src[k];
          let value: number | undefined;
          if (sk.value !== null && sk.value === s0.value) value = sc * sk.weight;
          else {
            const v = srcScore(sk, m);
            if (v === undefined) break;
            value = v * sk.weight;
          }
          score = aggregate(score, value, agg);
        }
        if (k === setnum) {
          if (cardOnly) {
            cardinality++;
            if (limit && cardinality >= limit) return false;
          } else result!.set(m, score);
        }
      });
    }
  } else if (op === OP_UNION) {
    result = new Map();
    for (let i = 0; i < setnum; i++) {
      const si = src[i];
      if (si.size === 0) continue;
      forEachSrc(si, (m, sc) => {
        let score = si.weight * sc;
        if (Number.isNaN(score)) score = 0;
        const ex = result!.get(m);
        result!.set(m, ex === undefined ? score : aggregate(ex, score, agg));
      });
    }
  } else {
    result = new Map();
    const s0 = src[0];
    if (s0.size > 0) {
      forEachSrc(s0, (m, sc) => {
        for (let k = 1; k < setnum; k++) {
          const sk = src[k];
          if (sk.value === s0.value) return;
          if (srcScore(sk, m) !== undefined) return;
        }
        result!.set(m, sc);
      });
    }
  }
  if (cardOnly) return w.int(cardinality);
  if (dstkey !== null) {
    const db = c.db, s = c.server;
    if (result.size === 0) return storeEmpty(c, db, dstkey);
    let maxlen = 0;
    for (const m of result.keys()) if (m.length > maxlen) maxlen = m.length;
    // built as a skiplist, then zsetConvertToListpackIfNeeded
    const out = new ZsetValue(result.size <= lim.entries && maxlen <= lim.value ? 'listpack' : 'skiplist');
    for (const [m, sc] of result) out.set(m, sc);
    storeResult(c, db, dstkey, out);
    w.int(out.size);
    s.notify(NOTIFY_ZSET, op === OP_UNION ? 'zunionstore' : op === OP_INTER ? 'zinterstore' : 'zdiffstore', dstkey, db.id);
    s.ks.dirty++;
    return;
  }
  const items: ZEntry<string>[] = [];
  for (const [member, score] of result) items.push({ member, score });
  items.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  replyEntries(w, items, withscores);
}

function zunionstore(c: Client, argv: string[]): void { zsetop(c, argv, argv[1], 2, OP_UNION, false, 'zunionstore'); }
function zinterstore(c: Client, argv: string[]): void { zsetop(c, argv, argv[1], 2, OP_INTER, false, 'zinterstore'); }
function zdiffstore(c: Client, argv: string[]): void { zsetop(c, argv, argv[1], 2, OP_DIFF, false, 'zdiffstore'); }
function zunion(c: Client, argv: string[]): void { zsetop(c, argv, null, 1, OP_UNION, false, 'zunion'); }
function zinter(c: Client, argv: string[]): void { zsetop(c, argv, null, 1, OP_INTER, false, 'zinter'); }
function zintercard(c: Client, argv: string[]): void { zsetop(c, argv, null, 1, OP_INTER, true, 'zintercard'); }
function zdiff(c: Client, argv: string[]): void { zsetop(c, argv, null, 1, OP_DIFF, false, 'zdiff'); }

// ---- pops ------------------------------------------------------------------

/**
 * genericZpopCommand core on an existing non-empty zset entry: pops up to
 * `count` (-1 = single pop) elements, replies, does the side effects.
 * Returns the number of popped elements.
 */
function zpopFrom(c: Client, db: Db, e: Entry, max: boolean, emitKey: boolean, count: number, nested: boolean): number {
  const w = c.w, s = c.server, key = e.key;
  const z = e.value as ZsetValue;
  if (count === -1) count = 1;
  const llen = z.size;
  let n = count > llen ? llen : count;
  const popped = n;
  if (!nested && !emitKey) w.arrayLen(n * 2);
  else if (nested && !emitKey) w.arrayLen(n);
  else if (!nested && emitKey) { w.arrayLen(n * 2 + 1); w.bulk(key); }
  else { w.arrayLen(2); w.bulk(key); w.arrayLen(n); }
  const zs = z.zs;
  let first = true;
  while (n-- > 0) {
    const x = max ? zs.last()! : zs.first()!;
    z.delete(x.member);
    s.ks.dirty++;
    if (first) {
      first = false;
      s.notify(NOTIFY_ZSET, max ? 'zpopmax' : 'zpopmin', key, db.id);
      s.ks.signalModified(db, key);
    }
    if (nested) w.arrayLen(2);
    w.bulk(x.member);
    w.double(x.score);
  }
  if (z.size === 0) {
    db.removeEntry(e);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
  } else s.ks.updateMem(e);
  return popped;
}

function zpopGeneric(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.w.error(E.SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const v = parseI64(argv[2]);
    if (v === null || v < 0) return c.w.error(E.MUST_BE_POSITIVE);
    count = Number(v);
  }
  const nested = c.w.proto === 3 && count !== -1;
  const e = lookupZset(c, argv[1], true);
  if (e === null) return;
  if (e === undefined || count === 0) return c.w.arrayLen(0);
  zpopFrom(c, c.db, e, max, false, count, nested);
}
function zpopmin(c: Client, argv: string[]): void { zpopGeneric(c, argv, false); }
function zpopmax(c: Client, argv: string[]): void { zpopGeneric(c, argv, true); }

/** Shared by BZPOPMIN/BZPOPMAX/BZMPOP: serve now, or block. */
function blockingZpop(c: Client, keys: string[], max: boolean, timeoutArg: string, count: number, nested: boolean): void {
  const timeoutAt = parseTimeout(c, timeoutArg);
  if (timeoutAt === null) return;
  const db = c.db;
  for (const key of keys) {
    const e = lookupZset(c, key, true);
    if (e === null) return;
    if (e === undefined || (e.value as ZsetValue).size === 0) continue;
    const n = zpopFrom(c, db, e, max, true, count, nested);
    const cmd = max ? 'ZPOPMAX' : 'ZPOPMIN';
    c.server.propagate(c, count === -1 ? [cmd, key] : [cmd, key, String(n)]);
    return;
  }
  if (cannotBlock(c)) return c.w.nullArray();
  const spec: BlockSpec = {
    type: 'zset', keys, timeoutAt,
    serve(rc, key, rdb) {
      const e = rdb.peek(key);
      if (e === undefined || e.type !== 'zset' || (e.value as ZsetValue).size === 0) return false;
      const n = zpopFrom(rc, rdb, e, max, true, count, nested);
      const cmd = max ? 'ZPOPMAX' : 'ZPOPMIN';
      rc.server.ks.propagate(rdb.id, count === -1 ? [cmd, key] : [cmd, key, String(n)]);
      return true;
    },
    onTimeout(rc) { rc.w.nullArray(); },
  };
  blockForKeys(c, spec);
}

function bzpopmin(c: Client, argv: string[]): void { blockingZpop(c, argv.slice(1, -1), false, argv[argv.length - 1], -1, false); }
function bzpopmax(c: Client, argv: string[]): void { blockingZpop(c, argv.slice(1, -1), true, argv[argv.length - 1], -1, false); }

function zmpopGeneric(c: Client, argv: string[], numkeysIdx: number, block: boolean): void {
  const w = c.w;
  const nk = parseI64(argv[numkeysIdx]);
  if (nk === null || nk < 1) return w.error(E.NUMKEYS_GT0);
  const numkeys = Number(nk);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) return w.error(E.SYNTAX);
  const wh = argv[whereIdx].toLowerCase();
  let max: boolean;
  if (wh === 'min') max = false;
  else if (wh === 'max') max = true;
  else return w.error(E.SYNTAX);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && argv[j].toLowerCase() === 'count' && more) {
      j++;
      const v = parseI64(argv[j]);
      if (v === null || v < 1) return w.error(E.COUNT_GT0);
      count = Number(v);
    } else return w.error(E.SYNTAX);
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, numkeysIdx + 1 + numkeys);
  if (block) return blockingZpop(c, keys, max, argv[1], count, true);
  for (const key of keys) {
    const e = lookupZset(c, key, true);
    if (e === null) return;
    if (e === undefined) continue;
    const n = zpopFrom(c, c.db, e, max, true, count, true);
    c.server.propagate(c, [max ? 'ZPOPMAX' : 'ZPOPMIN', key, String(n)]);
    return;
  }
  w.nullArray();
}
function zmpop(c: Client, argv: string[]): void { zmpopGeneric(c, argv, 1, false); }
function bzmpop(c: Client, argv: string[]): void { zmpopGeneric(c, argv, 2, true); }

// ---- ZRANDMEMBER -------------------------------------------------------------

function randInt(n: number): number { return Math.floor(Math.random() * n); }

function zrandmember(c: Client, argv: string[]): void {
  const w = c.w;
  if (argv.length >= 3) {
    const v = parseI64(argv[2]);
    if (v === null) return w.error(E.NOT_INT);
    if (typeof v === 'bigint' && v < -LONG_MAX) return w.error(E.RANGE_LONG('-9223372036854775807', '9223372036854775807'));
    const l = Number(v);
    let withscores = false;
    if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) return w.error(E.SYNTAX);
    if (argv.length === 4) {
      withscores = true;
      if (typeof v === 'bigint' && (v < -(LONG_MAX / 2n) || v > LONG_MAX / 2n)) return w.error(E.OUT_OF_RANGE);
    }
    return zrandmemberCount(c, argv[1], l, withscores);
  }
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  if (e === undefined) return w.nullBulk();
  const zs = (e.value as ZsetValue).zs;
  w.bulk(zs.at(randInt(zs.size))!.member);
}

function zrandmemberCount(c: Client, key: string, l: number, withscores: boolean): void {
  const w = c.w;
  const e = lookupZset(c, key, false);
  if (e === null) return;
  if (e === undefined) return w.arrayLen(0);
  const zs = (e.value as ZsetValue).zs;
  const size = zs.size;
  let count: number, uniq = true;
  if (l >= 0) count = l; else { count = -l; uniq = false; }
  if (count === 0) return w.arrayLen(0);
  const r3 = w.proto === 3;
  if (!uniq || count === 1) {
    w.arrayLen(withscores && !r3 ? count * 2 : count);
    while (count-- > 0) {
      const x = zs.at(randInt(size))!;
      if (withscores && r3) w.arrayLen(2);
      w.bulk(x.member);
      if (withscores) w.double(x.score);
      if (w.pendingBytes > 1 << 30) { c.closeAfterReply = true; break; } // CLIENT_CLOSE_ASAP (output buffer limit)
    }
    return;
  }
  let items: ZEntry<string>[];
  if (count >= size) items = [...zs.entries(true)]; // zuiNext walks from the tail
  else if (count * 3 > size) {
    // remove random elements from a copy until count remain (order: as Redis's dict, arbitrary)
    const all = [...zs.entries()];
    let n = all.length;
    while (n > count) { const i = randInt(n); all[i] = all[n - 1]; n--; }
    all.length = n;
    items = all;
  } else {
    const picked = new Set<number>();
    items = [];
    while (items.length < count) {
      const i = randInt(size);
      if (picked.has(i)) continue;
      picked.add(i);
      items.push(zs.at(i)!);
    }
  }
  replyEntries(w, items, withscores);
}

// ---- ZSCAN ------------------------------------------------------------------

function zscan(c: Client, argv: string[]): void {
  const o = parseScanArgs(c, argv, 2, false);
  if (!o) return;
  const e = lookupZset(c, argv[1], false);
  if (e === null) return;
  const w = c.w;
  if (e === undefined) { w.arrayLen(2); w.bulk('0'); w.arrayLen(0); return; }
  const z = e.value as ZsetValue;
  const out: string[] = [];
  let cursor = 0;
  if (z.enc === 'listpack') {
    for (const x of z.zs.entries()) {
      if (o.pattern !== null && !globMatch(o.pattern, x.member)) continue;
      out.push(x.member, fmtScore(x.score));
    }
  } else {
    const keys = z.scanKeys(o.cursor);
    let i = o.cursor, n = 0;
    while (i < keys.length && n < o.count) {
      const m = keys[i++];
      const sc = z.zs.score(m);
      if (sc === undefined) continue;
      n++;
      if (o.pattern === null || globMatch(o.pattern, m)) out.push(m, fmtScore(sc));
    }
    cursor = i >= keys.length ? 0 : i;
  }
  w.arrayLen(2);
  w.bulk(String(cursor));
  w.bulkArray(out);
}

/** d2string: what listpack/ZSCAN show for a score. */
function fmtScore(d: number): string {
  if (Number.isInteger(d) && d >= -4611686018427387903 && d <= 4611686018427387903) {
    if (d === 0) return Object.is(d, -0) ? '-0' : '0';
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString();
  }
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  return formatG17(d);
}
import { formatDouble17g as formatG17 } from '../resp.js';

registerAll({
  zadd, zincrby, zrem, zcard, zscore, zmscore, zrank, zrevrank, zcount, zlexcount,
  zrange, zrangestore, zrevrange, zrangebyscore, zrevrangebyscore, zrangebylex, zrevrangebylex,
  zremrangebyrank, zremrangebyscore, zremrangebylex,
  zunion, zinter, zdiff, zunionstore, zinterstore, zdiffstore, zintercard,
  zpopmin, zpopmax, zmpop, bzpopmin, bzpopmax, bzmpop, zrandmember, zscan,
});
