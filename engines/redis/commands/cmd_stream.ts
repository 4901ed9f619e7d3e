/**
 * Stream commands (Redis t_stream.c): XADD XTRIM XRANGE XREVRANGE XLEN XDEL
 * XSETID, and the helpers the other stream files share (ID parsing, entry
 * replies, group reads with their PEL updates and propagation). XREAD,
 * XREADGROUP and XINFO are in cmd_stream_read.ts, consumer-group commands in
 * cmd_stream_group.ts; the value type is types/stream.ts.
 */
import type { Client } from '../client.js';
import type { Db, Entry } from '../keyspace.js';
import type { Server } from '../server.js';
import type { ReplyWriter } from '../resp.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_STREAM } from '../server.js';
import { parseI64 } from '../util.js';
import {
  StreamValue, CGroup, Consumer, Nack, type SNode, type SID, type U64,
  ID_MIN, ID_MAX, INVALID_READ, FLAG_SAMEFIELDS, cmpId, incrId, decrId, idStr, parseId, addU, isMax,
} from '../types/stream.js';
import '../types/stream-rdb.js'; // registers the RDB/DUMP codec of streams

// ---- shared helpers (also used by cmd_stream_group.ts) ----

interface NodeLimits { maxBytes: number; maxEntries: number }
const limitsCache = new WeakMap<Server, NodeLimits>();
let lastServer: Server | null = null, lastLimits: NodeLimits | null = null;
/** Live stream-node-max-bytes / -entries (kept current through a config listener). */
export function nodeLimits(s: Server): NodeLimits {
  if (s === lastServer) return lastLimits!; // one server per process is the usual case: skip the WeakMap
  let l = limitsCache.get(s);
  if (l === undefined) {
    const lim = { maxBytes: s.config.num('stream-node-max-bytes'), maxEntries: s.config.num('stream-node-max-entries') };
    s.config.listeners.push((name, v) => {
      if (name === 'stream-node-max-bytes') lim.maxBytes = Number(v);
      else if (name === 'stream-node-max-entries') lim.maxEntries = Number(v);
    });
    limitsCache.set(s, lim);
    l = lim;
  }
  lastServer = s; lastLimits = l;
  return l;
}

/** getLongLongFromObjectOrReply: number (or bigint beyond 2^53), null after replying. */
export function llArg(c: Client, s: string, err: string = E.NOT_INT): number | bigint | null {
  const v = parseI64(s);
  if (v === null) c.w.error(err);
  return v;
}

/** Strict ID (no - / +); null after replying. */
export function strictId(c: Client, s: string): SID | null {
  const id = parseId(s, 0, true);
  if (id === null) c.w.error(E.STREAM_ID_INVALID);
  return id;
}

/** streamParseIntervalIDOrReply: `(` prefix = exclusive (then strict). */
export function intervalId(c: Client, s: string, missingSeq: U64): { id: SID; ex: boolean } | null {
  const ex = s.length > 1 && s.charCodeAt(0) === 40;
  const id = ex ? parseId(s.slice(1), missingSeq, true) : parseId(s, missingSeq, false);
  if (id === null) { c.w.error(E.STREAM_ID_INVALID); return null; }
  return { id, ex };
}

export function writeId(w: ReplyWriter, id: SID): void { writeMsSeq(w, id.ms, id.seq); }
function writeMsSeq(w: ReplyWriter, ms: U64, seq: U64): void {
  if (typeof ms === 'number' && typeof seq === 'number') w.bulkId(ms, seq);
  else w.bulk(`${ms}-${seq}`);
}
export function writeU(w: ReplyWriter, v: U64): void { if (typeof v === 'number') w.int(v); else w.bigint(v); }

/** [id, [f, v, …]] of entry j of node n. */
export function writeEntry(w: ReplyWriter, n: SNode, j: number): void {
  w.arrayLen(2);
  writeMsSeq(w, n.ms[j], n.seq[j]);
  const np = n.pairs(j), v = n.vals, o = n.off[j];
  w.arrayLen(2 * np);
  if (n.flags[j] & FLAG_SAMEFIELDS) {
    const mf = n.masterFields;
    for (let i = 0; i < np; i++) { w.bulk(mf[i]); w.bulk(v[o + i]); }
  } else for (let i = o; i < o + 2 * np; i++) w.bulk(v[i]);
}

/** Look the key up as a stream; undefined if missing, null after a WRONGTYPE reply. */
export function getStream(c: Client, key: string, write: boolean): Entry | undefined | null {
  const e = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (e !== undefined && e.type !== 'stream') { c.w.error(E.WRONGTYPE); return null; }
  return e;
}

/** Collects the commands a group read/claim propagates (XCLAIM …, XGROUP SETID/CREATECONSUMER). */
export type Emit = (argv: string[]) => void;

/** An Emit collecting into `ops`, or null when nothing listens (no replica/backlog, not in EXEC): skip building argv. */
export function collector(s: Server, ops: string[][]): Emit | null {
  const ks = s.ks;
  if (ks.propagateHooks.length === 0 && ks.txBuffer === null) return null;
  return (a) => { ops.push(a); };
}

/**
 * Propagate collected commands like Redis 7.0's propagatePendingCommands:
 * more than one is wrapped in MULTI/EXEC unless already inside a transaction.
 * The caller has set c.propagated (nothing is propagated verbatim).
 */
export function propagateOps(s: Server, dbId: number, ops: string[][]): void {
  const ks = s.ks;
  const wrap = ops.length > 1 && ks.txBuffer === null;
  if (wrap) ks.propagate(dbId, ['MULTI']);
  for (const a of ops) ks.propagate(dbId, a);
  if (wrap) ks.propagate(dbId, ['EXEC']);
}

/** XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID last (streamPropagateXCLAIM). */
export function propagateXclaim(emit: Emit | null, key: string, g: CGroup, idArg: string, n: Nack): void {
  if (emit) emit(['XCLAIM', key, g.name, n.consumer!.name, '0', idArg, 'TIME', String(n.time), 'RETRYCOUNT', String(n.count), 'FORCE', 'JUSTID', 'LASTID', idStr(g.lastId)]);
}
export function propagateGroupId(emit: Emit | null, key: string, g: CGroup): void {
  if (emit) emit(['XGROUP', 'SETID', key, g.name, idStr(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
}

/** streamCreateConsumer: notifies and dirties. */
export function createConsumer(s: Server, db: Db, key: string, g: CGroup, name: string): Consumer {
  const x = new Consumer(name, Date.now());
  g.consumers.set(name, x);
  s.ks.dirty++;
  s.notify(NOTIFY_STREAM, 'xgroup-createconsumer', key, db.id);
  return x;
}

/** streamLookupConsumer with refresh of seen-time. */
export function lookupConsumer(g: CGroup, name: string, refresh: boolean): Consumer | undefined {
  const x = g.consumers.get(name);
  if (x !== undefined && refresh) x.seenTime = Date.now();
  return x;
}

/** XREADGROUP's consumer: looked up (seen now) or created; with NOACK the creation propagates as XGROUP CREATECONSUMER. */
export function readingConsumer(s: Server, db: Db, key: string, g: CGroup, name: string, noack: boolean, emit: Emit | null): Consumer {
  const x = lookupConsumer(g, name, true);
  if (x !== undefined) return x;
  const created = createConsumer(s, db, key, g, name);
  if (noack && emit) emit(['XGROUP', 'CREATECONSUMER', key, g.name, name]);
  return created;
}

/**
 * streamReplyWithRange for group reads (and plain ranges when g is null):
 * replies the array of entries with start <= id <= end (at most count, 0 =
 * all), updating the group's last ID / read counter and PELs and
 * propagating as Redis does.
 */
export function replyRange(c: Client, st: StreamValue, start: SID, end: SID, count: number, rev: boolean,
  g: CGroup | null, consumer: Consumer | null, noack: boolean, key: string, emit: Emit | null): number {
  // the hits go to two scratch arrays reused across calls (nothing below re-enters replyRange)
  const hn = hitNodes, hj = hitIdx;
  let nh = 0;
  st.range(start, end, rev, (n, j) => { hn[nh] = n; hj[nh] = j; nh++; return !(count && nh >= count); });
  const w = c.w;
  w.arrayLen(nh);
  let propLast = false;
  const now = g !== null ? Date.now() : 0;
  for (let h = 0; h < nh; h++) {
    const n = hn[h]!, j = hj[h];
    if (g === null) { writeEntry(w, n, j); continue; }
    const id = n.id(j);
    if (cmpId(id, g.lastId) > 0) {
      if (g.entriesRead !== INVALID_READ && !st.hasTombstonesFrom(id)) g.entriesRead = addU(g.entriesRead, 1);
      else if (st.entriesAdded !== 0) g.entriesRead = st.estimateDistance(id);
      g.lastId = id;
      if (noack) propLast = true;
    }
    writeEntry(w, n, j);
    if (!noack && consumer !== null) {
      const k = idStr(id);
      let nack = g.pel.get(k);
      if (nack === undefined) {
        nack = new Nack(id, k, consumer, now, 1);
        g.pel.insert(nack);
        consumer.pel.insert(nack);
      } else {
        nack.consumer?.pel.remove(nack);
        nack.consumer = consumer;
        nack.time = now;
        nack.count = 1;
        consumer.pel.insert(nack);
      }
      if (emit) propagateXclaim(emit, key, g, k, nack);
    }
  }
  if (g !== null && emit && propLast) propagateGroupId(emit, key, g);
  if (nh > SCRATCH_KEEP) { hn.length = 0; hj.length = 0; } else hn.fill(undefined, 0, nh); // don't keep nodes alive
  return nh;
}
const hitNodes: (SNode | undefined)[] = [], hitIdx: number[] = [];
const SCRATCH_KEEP = 1024;

// ---- XADD / XTRIM ----

interface AddTrimArgs {
  strategy: 0 | 1 | 2; // none, MAXLEN, MINID
  approx: boolean;
  maxlen: number;
  minid: SID;
  limit: number;
  stratIdx: number;
  idPos: number;
  id: SID | null;
  seqGiven: boolean;
  noMkstream: boolean;
}

/** What `XADD key * …` parses to (never modified). */
const PLAIN_ADD: AddTrimArgs = { strategy: 0, approx: false, maxlen: 0, minid: ID_MIN, limit: 0, stratIdx: 0, idPos: 2, id: null, seqGiven: false, noMkstream: false };

/** streamParseAddOrTrimArgsOrReply; null after replying. */
function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs | null {
  const a: AddTrimArgs = { strategy: 0, approx: false, maxlen: 0, minid: ID_MIN, limit: 0, stratIdx: 0, idPos: 0, id: null, seqGiven: false, noMkstream: false };
  let i = 2, limitGiven = false;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt === '*') break;
    const lo = opt.length <= 10 ? opt.toLowerCase() : '';
    if (lo === 'maxlen' && more) {
      if (a.strategy) { c.w.error(E.XTRIM_MAXLEN_MINID); return null; }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') { a.approx = true; i++; } else if (more >= 2 && next === '=') i++;
      const v = llArg(c, argv[i + 1]);
      if (v === null) return null;
      if (v < 0) { c.w.error(E.XTRIM_MAXLEN_NEG); return null; }
      a.maxlen = Number(v);
      i++;
      a.strategy = 1;
      a.stratIdx = i;
    } else if (lo === 'minid' && more) {
      if (a.strategy) { c.w.error(E.XTRIM_MAXLEN_MINID); return null; }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') { a.approx = true; i++; } else if (more >= 2 && next === '=') i++;
      const id = strictId(c, argv[i + 1]);
      if (id === null) return null;
      a.minid = id;
      i++;
      a.strategy = 2;
      a.stratIdx = i;
    } else if (lo === 'limit' && more) {
      const v = llArg(c, argv[i + 1]);
      if (v === null) return null;
      if (v < 0) { c.w.error(E.XTRIM_LIMIT_NEG); return null; }
      a.limit = Number(v);
      limitGiven = true;
      i++;
    } else if (xadd && lo === 'nomkstream') {
      a.noMkstream = true;
    } else if (xadd) {
      const sg = { v: true };
      const id = parseId(opt, 0, true, sg);
      if (id === null) { c.w.error(E.STREAM_ID_INVALID); return null; }
      a.id = id;
      a.seqGiven = sg.v;
      break;
    } else {
      c.w.error(E.SYNTAX);
      return null;
    }
  }
  a.idPos = i;
  if (a.limit && !a.strategy) { c.w.error(E.XTRIM_LIMIT_NO_STRATEGY); return null; }
  if (!xadd && !a.strategy) { c.w.error(E.XTRIM_NO_STRATEGY); return null; }
  if (c === c.server.masterClient) {
    a.limit = 0; // the argument was rewritten by the master: trim exactly
  } else if (limitGiven) {
    if (!a.approx) { c.w.error(E.XTRIM_LIMIT_NO_APPROX); return null; }
  } else if (a.approx) {
    let l = 100 * nodeLimits(c.server).maxEntries;
    if (l <= 0) l = 10000;
    if (l > 1000000) l = 1000000;
    a.limit = l;
  } else a.limit = 0;
  return a;
}

function doTrim(st: StreamValue, a: AddTrimArgs): number {
  return st.trim(a.strategy === 1 ? 'maxlen' : 'minid', a.maxlen, a.minid, a.approx, a.limit);
}

/** Rewrite `~ <n>` as `= <result>` so replicas trim deterministically (streamRewriteTrimArgument). */
function rewriteTrim(argv: string[], st: StreamValue, a: AddTrimArgs): void {
  argv[a.stratIdx - 1] = '=';
  argv[a.stratIdx] = a.strategy === 1 ? String(st.length) : idStr(st.edge(true, true));
}

function xadd(c: Client, argv: string[]): void {
  const a = argv[2] === '*' ? PLAIN_ADD : parseAddTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.idPos + 1;
  const nfv = argv.length - fieldPos;
  if (nfv < 2 || nfv % 2 === 1) return c.w.error(E.ARITY('xadd'));
  if (a.id !== null && a.seqGiven && a.id.ms === 0 && a.id.seq === 0) return c.w.error(E.XADD_ID_ZERO);
  const db = c.db, key = argv[1], s = c.server;
  let e = getStream(c, key, true);
  if (e === null) return;
  if (e === undefined) {
    if (a.noMkstream) return c.w.nullBulk();
    e = db.add(key, 'stream', new StreamValue());
  }
  const st = e.value as StreamValue;
  if (isMax(st.lastId.ms) && isMax(st.lastId.seq)) return c.w.error(E.XADD_EXHAUSTED);
  // ID: explicit, <ms>-* or generated
  let id: SID;
  if (a.id !== null) {
    if (a.seqGiven) id = a.id;
    else if (st.lastId.ms === a.id.ms) {
      if (isMax(st.lastId.seq)) return c.w.error(E.XADD_TOO_LARGE); // Redis returns C_ERR without setting errno here
      id = { ms: st.lastId.ms, seq: addU(st.lastId.seq, 1) };
    } else id = a.id;
  } else {
    const ms = Date.now();
    id = ms > st.lastId.ms ? { ms, seq: 0 } : (incrId(st.lastId) ?? ID_MAX);
  }
  if (cmpId(id, st.lastId) <= 0) return c.w.error(E.XADD_ID_SMALL);
  let tot = 0;
  for (let i = fieldPos; i < argv.length; i++) tot += argv[i].length;
  if (tot > 1 << 30) return c.w.error(E.XADD_TOO_LARGE);
  const lim = nodeLimits(s);
  st.append(id, argv, lim.maxBytes, lim.maxEntries, fieldPos);
  st.entriesAdded = addU(st.entriesAdded, 1);
  writeId(c.w, id);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STREAM, 'xadd', key, db.id);
  s.ks.dirty++;
  // the rewritten argv is only built when someone receives propagation (replicas/backlog, EXEC)
  const listen = s.ks.propagateHooks.length > 0 || s.ks.txBuffer !== null;
  let prop: string[] | null = null;
  if (a.strategy) {
    if (doTrim(st, a)) s.notify(NOTIFY_STREAM, 'xtrim', key, db.id);
    if (a.approx && listen) { prop = argv.slice(); rewriteTrim(prop, st, a); }
  }
  if ((a.id === null || !a.seqGiven) && listen) { if (prop === null) prop = argv.slice(); prop[a.idPos] = idStr(id); }
  s.ks.updateMem(e);
  if (prop !== null) s.propagate(c, prop);
  s.ks.signalReady(db, key);
}

function xtrim(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, false);
  if (a === null) return;
  const e = getStream(c, argv[1], true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const st = e.value as StreamValue, s = c.server, db = c.db;
  const deleted = doTrim(st, a);
  if (deleted) {
    s.notify(NOTIFY_STREAM, 'xtrim', argv[1], db.id);
    if (a.approx) { const prop = argv.slice(); rewriteTrim(prop, st, a); s.propagate(c, prop); }
    s.ks.signalModified(db, argv[1]);
    s.ks.dirty += deleted;
    s.ks.updateMem(e);
  }
  c.w.int(deleted);
}

// ---- XRANGE / XREVRANGE / XLEN / XDEL / XSETID ----

function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const sa = intervalId(c, rev ? argv[3] : argv[2], 0);
  if (sa === null) return;
  let start = sa.id;
  if (sa.ex) { const x = incrId(start); if (x === null) return c.w.error(E.XRANGE_START); start = x; }
  const ea = intervalId(c, rev ? argv[2] : argv[3], 0xffffffffffffffffn);
  if (ea === null) return;
  let end = ea.id;
  if (ea.ex) { const x = decrId(end); if (x === null) return c.w.error(E.XRANGE_END); end = x; }
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'count' && argv.length - j - 1 >= 1) {
      const v = llArg(c, argv[j + 1]);
      if (v === null) return;
      count = v < 0 ? 0 : Number(v);
      j++;
    } else return c.w.error(E.SYNTAX);
  }
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.arrayLen(0);
  if (e.type !== 'stream') return c.w.error(E.WRONGTYPE);
  if (count === 0) return c.w.nullArray();
  replyRange(c, e.value as StreamValue, start, end, count === -1 ? 0 : count, rev, null, null, false, argv[1], null);
}
function xrange(c: Client, argv: string[]): void { xrangeGeneric(c, argv, false); }
function xrevrange(c: Client, argv: string[]): void { xrangeGeneric(c, argv, true); }

function xlen(c: Client, argv: string[]): void {
  const e = getStream(c, argv[1], false);
  if (e === null) return;
  c.w.int(e === undefined ? 0 : (e.value as StreamValue).length);
}

function xdel(c: Client, argv: string[]): void {
  const e = getStream(c, argv[1], true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const ids: SID[] = [];
  for (let j = 2; j < argv.length; j++) { const id = strictId(c, argv[j]); if (id === null) return; ids.push(id); }
  const st = e.value as StreamValue, s = c.server, db = c.db;
  let deleted = 0, firstEntry = false;
  for (const id of ids) {
    if (!st.deleteId(id)) continue;
    if (cmpId(id, st.firstId) === 0) firstEntry = true;
    if (cmpId(id, st.maxDelId) > 0) st.maxDelId = id;
    deleted++;
  }
  if (deleted) {
    if (st.length === 0) st.firstId = ID_MIN;
    else if (firstEntry) st.firstId = st.edge(true, false);
    s.ks.updateMem(e);
    s.ks.signalModified(db, argv[1]);
    s.notify(NOTIFY_STREAM, 'xdel', argv[1], db.id);
    s.ks.dirty += deleted;
  }
  c.w.int(deleted);
}

function xsetid(c: Client, argv: string[]): void {
  const id = strictId(c, argv[2]);
  if (id === null) return;
  let entriesAdded: number | bigint = -1;
  let maxDel = ID_MIN;
  for (let i = 3; i < argv.length;) {
    const more = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'entriesadded' && more) {
      const v = llArg(c, argv[i + 1]);
      if (v === null) return;
      if (v < 0) return c.w.error(E.XSETID_ENTRIES_ADDED_NEG);
      entriesAdded = v;
      i += 2;
    } else if (opt === 'maxdeletedid' && more) {
      const m = strictId(c, argv[i + 1]);
      if (m === null) return;
      if (cmpId(id, m) < 0) return c.w.error(E.XSETID_MAXDEL);
      maxDel = m;
      i += 2;
    } else return c.w.error(E.SYNTAX);
  }
  const e = c.db.lookupWrite(argv[1]);
  if (e === undefined) return c.w.error(E.NO_SUCH_KEY);
  if (e.type !== 'stream') return c.w.error(E.WRONGTYPE);
  const st = e.value as StreamValue;
  if (st.length > 0) {
    if (cmpId(id, st.lastValidId()) < 0) return c.w.error(E.XSETID_SMALL);
    if (entriesAdded !== -1 && st.length > entriesAdded) return c.w.error(E.XSETID_ENTRIES_ADDED);
  }
  st.lastId = id;
  if (entriesAdded !== -1) st.entriesAdded = entriesAdded;
  if (!(maxDel.ms === 0 && maxDel.seq === 0)) st.maxDelId = maxDel;
  c.w.ok();
  c.server.ks.dirty++;
  c.server.notify(NOTIFY_STREAM, 'xsetid', argv[1], c.db.id);
}

registerAll({ xadd, xtrim, xrange, xrevrange, xlen, xdel, xsetid });
