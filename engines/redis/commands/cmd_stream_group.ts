/**
 * Stream consumer-group commands (Redis t_stream.c): XGROUP XACK XPENDING
 * XCLAIM XAUTOCLAIM. Reads through groups (XREADGROUP) are in cmd_stream.ts.
 */
import type { Client } from '../client.js';
import type { Entry } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { HELP } from './help-data.js';
import { replyHelp } from './cmd_keys.js';
import { NOTIFY_STREAM } from '../server.js';
import { parseI64 } from '../util.js';
import {
  StreamValue, CGroup, Nack, type Consumer, type SID,
  ID_MIN, INVALID_READ, cmpId, incrId, decrId, idStr, parseId,
} from '../types/stream.js';
import {
  llArg, strictId, intervalId, writeId, writeEntry, propagateXclaim, propagateGroupId,
  createConsumer, lookupConsumer, propagateOps, collector,
} from './cmd_stream.js';

// ---- XGROUP ----

interface GroupCtx { st: StreamValue | null; g: CGroup | undefined; mkstream: boolean; entriesRead: number | bigint }

/** The shared prologue of xgroupCommand: options, key and group checks. null after replying. */
function xgroupPrologue(c: Client, argv: string[]): GroupCtx | null {
  const sub = argv[1].toLowerCase();
  const create = sub === 'create', setid = sub === 'setid';
  let mkstream = false;
  let entriesRead: number | bigint = INVALID_READ;
  for (let i = 5; i < argv.length;) {
    const o = argv[i].toLowerCase();
    if (create && o === 'mkstream') { mkstream = true; i++; }
    else if ((create || setid) && o === 'entriesread' && i + 1 < argv.length) {
      const v = llArg(c, argv[i + 1]);
      if (v === null) return null;
      if (v < 0 && v !== -1) { c.w.error(E.XGROUP_ENTRIESREAD); return null; }
      entriesRead = v;
      i += 2;
    } else { c.w.error(E.SUBCMD_SYNTAX(argv[1], argv[0])); return null; }
  }
  const e = c.db.lookupWrite(argv[2]);
  let st: StreamValue | null = null;
  if (e !== undefined) {
    if (e.type !== 'stream') { c.w.error(E.WRONGTYPE); return null; }
    st = e.value as StreamValue;
  }
  let g: CGroup | undefined;
  if (!mkstream) {
    if (st === null) { c.w.error(E.XGROUP_NO_KEY); return null; }
    g = st.groups.get(argv[3]);
    if (g === undefined && (setid || sub === 'createconsumer' || sub === 'delconsumer')) {
      c.w.error(E.XGROUP_NOGROUP(argv[3], argv[2]));
      return null;
    }
  }
  return { st, g, mkstream, entriesRead };
}

function xgroupCreate(c: Client, argv: string[]): void {
  const x = xgroupPrologue(c, argv);
  if (x === null) return;
  if (argv.length > 8) return c.w.error(E.SUBCMD_SYNTAX(argv[1], argv[0]));
  const db = c.db, s = c.server, key = argv[2];
  let id: SID;
  if (argv[4] === '$') id = x.st ? x.st.lastId : ID_MIN;
  else { const p = strictId(c, argv[4]); if (p === null) return; id = p; }
  let st = x.st;
  if (st === null) {
    st = new StreamValue();
    db.add(key, 'stream', st);
    s.ks.signalModified(db, key);
  }
  if (st.groups.has(argv[3])) return c.w.error(E.XGROUP_BUSYGROUP);
  st.groups.set(argv[3], new CGroup(argv[3], id, x.entriesRead));
  c.w.ok();
  s.ks.dirty++;
  s.ks.updateMem(db.peek(key)!);
  s.notify(NOTIFY_STREAM, 'xgroup-create', key, db.id);
}

function xgroupSetid(c: Client, argv: string[]): void {
  const x = xgroupPrologue(c, argv);
  if (x === null) return;
  if (argv.length !== 5 && argv.length !== 7) return c.w.error(E.SUBCMD_SYNTAX(argv[1], argv[0]));
  let id: SID;
  if (argv[4] === '$') id = x.st!.lastId;
  else { const p = parseId(argv[4], 0, false); if (p === null) return c.w.error(E.STREAM_ID_INVALID); id = p; }
  const g = x.g!;
  g.lastId = id;
  g.entriesRead = x.entriesRead;
  c.w.ok();
  c.server.ks.dirty++;
  c.server.notify(NOTIFY_STREAM, 'xgroup-setid', argv[2], c.db.id);
}

function xgroupDestroy(c: Client, argv: string[]): void {
  const x = xgroupPrologue(c, argv);
  if (x === null) return;
  if (x.g === undefined) return c.w.int(0);
  x.st!.groups.delete(argv[3]);
  const s = c.server, db = c.db;
  c.w.int(1);
  s.ks.dirty++;
  s.ks.updateMem(db.peek(argv[2])!);
  s.notify(NOTIFY_STREAM, 'xgroup-destroy', argv[2], db.id);
  // blocked XREADGROUP clients of this group get -NOGROUP
  s.ks.signalReady(db, argv[2]);
}

function xgroupCreateconsumer(c: Client, argv: string[]): void {
  const x = xgroupPrologue(c, argv);
  if (x === null) return;
  const g = x.g!;
  if (g.consumers.has(argv[4])) return c.w.int(0);
  createConsumer(c.server, c.db, argv[2], g, argv[4]);
  c.server.ks.updateMem(c.db.peek(argv[2])!);
  c.w.int(1);
}

function xgroupDelconsumer(c: Client, argv: string[]): void {
  const x = xgroupPrologue(c, argv);
  if (x === null) return;
  const g = x.g!;
  const cons = g.consumers.get(argv[4]);
  let pending = 0;
  if (cons !== undefined) {
    pending = cons.pel.size;
    for (const n of cons.pel.toArray()) g.pel.remove(n);
    g.consumers.delete(argv[4]);
    const s = c.server;
    s.ks.dirty++;
    s.ks.updateMem(c.db.peek(argv[2])!);
    s.notify(NOTIFY_STREAM, 'xgroup-delconsumer', argv[2], c.db.id);
  }
  c.w.int(pending);
}

// ---- XACK ----

/**
 * The stream at argv[1] and its consumer group argv[2] (XACK, XPENDING, XCLAIM, XAUTOCLAIM):
 * null after replying WRONGTYPE, undefined when the key or the group is missing.
 */
function streamGroup(c: Client, argv: string[]): { e: Entry; st: StreamValue; g: CGroup } | undefined | null {
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return undefined;
  if (e.type !== 'stream') { c.w.error(E.WRONGTYPE); return null; }
  const st = e.value as StreamValue, g = st.groups.get(argv[2]);
  return g === undefined ? undefined : { e, st, g };
}

function xack(c: Client, argv: string[]): void {
  const sg = streamGroup(c, argv);
  if (sg === null) return;
  if (sg === undefined) return c.w.int(0);
  const { e, g } = sg;
  const ids: SID[] = [];
  for (let j = 3; j < argv.length; j++) { const id = strictId(c, argv[j]); if (id === null) return; ids.push(id); }
  let acked = 0;
  for (const id of ids) {
    const n = g.pel.get(idStr(id));
    if (n === undefined) continue;
    g.pel.remove(n);
    n.consumer?.pel.remove(n);
    acked++;
    c.server.ks.dirty++;
  }
  if (acked) c.server.ks.updateMem(e);
  c.w.int(acked);
}

// ---- XPENDING ----

function xpending(c: Client, argv: string[]): void {
  const justinfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) return c.w.error(E.SYNTAX);
  let start: SID = ID_MIN, end: SID = ID_MIN, count = 0, minidle = 0;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let si = 3;
    if (argv[3].toLowerCase() === 'idle') {
      const v = llArg(c, argv[4]);
      if (v === null) return;
      minidle = Number(v);
      if (argv.length < 8) return c.w.error(E.SYNTAX);
      si += 2;
    }
    const cv = llArg(c, argv[si + 2]);
    if (cv === null) return;
    count = cv < 0 ? 0 : Number(cv);
    const sa = intervalId(c, argv[si], 0);
    if (sa === null) return;
    start = sa.id;
    if (sa.ex) { const x = incrId(start); if (x === null) return c.w.error(E.XRANGE_START); start = x; }
    const ea = intervalId(c, argv[si + 1], 0xffffffffffffffffn);
    if (ea === null) return;
    end = ea.id;
    if (ea.ex) { const x = decrId(end); if (x === null) return c.w.error(E.XRANGE_END); end = x; }
    if (si + 3 < argv.length) consumerName = argv[si + 3];
  }
  const sg = streamGroup(c, argv);
  if (sg === null) return;
  if (sg === undefined) return c.w.error(E.NOGROUP_KEY(argv[1], argv[2]));
  const g = sg.g;
  const w = c.w;
  if (justinfo) {
    w.arrayLen(4);
    w.int(g.pel.size);
    if (g.pel.size === 0) { w.nullBulk(); w.nullBulk(); w.nullArray(); return; }
    writeId(w, g.pel.first()!.id);
    writeId(w, g.pel.last()!.id);
    const cons = g.sortedConsumers().filter((x) => x.pel.size > 0);
    w.arrayLen(cons.length);
    for (const x of cons) { w.arrayLen(2); w.bulk(x.name); w.bulk(String(x.pel.size)); }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const x = lookupConsumer(g, consumerName, false);
    if (x === undefined) return w.arrayLen(0);
    pel = x.pel;
  }
  const now = Date.now();
  const out: Nack[] = [];
  for (const n of pel.from(start)) {
    if (!count || cmpId(n.id, end) > 0) break;
    if (minidle && now - n.time < minidle) continue;
    out.push(n);
    count--;
  }
  w.arrayLen(out.length);
  for (const n of out) {
    w.arrayLen(4);
    writeId(w, n.id);
    w.bulk(n.consumer ? n.consumer.name : '');
    w.int(Math.max(0, now - n.time));
    w.int(n.count);
  }
}

// ---- XCLAIM / XAUTOCLAIM ----

function xclaim(c: Client, argv: string[]): void {
  const sg = streamGroup(c, argv);
  if (sg === null) return;
  if (sg === undefined) return c.w.error(E.NOGROUP_KEY(argv[1], argv[2]));
  const { e, st, g } = sg;
  const mv = llArg(c, argv[4], E.XCLAIM_MIN_IDLE);
  if (mv === null) return;
  const minidle = mv < 0 ? 0 : Number(mv);
  let retrycount = -1, deliverytime = -1, force = false, justid = false;
  const ids: SID[] = [];
  let j = 5;
  for (; j < argv.length; j++) { const id = parseId(argv[j], 0, true); if (id === null) break; ids.push(id); }
  const lastIdArg = j - 1;
  const now = Date.now();
  let lastId = ID_MIN;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'force') force = true;
    else if (opt === 'justid') justid = true;
    else if (opt === 'idle' && more) {
      j++;
      const v = llArg(c, argv[j], E.XCLAIM_OPT('IDLE'));
      if (v === null) return;
      deliverytime = now - Number(v);
    } else if (opt === 'time' && more) {
      j++;
      const v = llArg(c, argv[j], E.XCLAIM_OPT('TIME'));
      if (v === null) return;
      deliverytime = Number(v);
    } else if (opt === 'retrycount' && more) {
      j++;
      const v = llArg(c, argv[j], E.XCLAIM_OPT('RETRYCOUNT'));
      if (v === null) return;
      retrycount = Number(v);
    } else if (opt === 'lastid' && more) {
      j++;
      const id = strictId(c, argv[j]);
      if (id === null) return;
      lastId = id;
    } else return c.w.error(E.XCLAIM_UNRECOGNIZED(argv[j]));
  }
  const s = c.server;
  const ops: string[][] = [];
  const emit = collector(s, ops);
  c.propagated = true;
  let propLast = false;
  if (cmpId(lastId, g.lastId) > 0) { g.lastId = lastId; propLast = true; }
  if (deliverytime !== -1) { if (deliverytime < 0 || deliverytime > now) deliverytime = now; } else deliverytime = now;
  let consumer: Consumer | undefined;
  const w = c.w;
  // reply entries are collected first: the array length comes before them
  const replies: (() => void)[] = [];
  for (let k = 5; k <= lastIdArg; k++) {
    const id = ids[k - 5];
    const key = idStr(id);
    let nack = g.pel.get(key);
    const f = st.find(id);
    if (f === null) {
      if (nack !== undefined) {
        propagateXclaim(emit, argv[1], g, argv[k], nack);
        propLast = false;
        s.ks.dirty++;
        g.pel.remove(nack);
        nack.consumer?.pel.remove(nack);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new Nack(id, key, null, now, 0);
      g.pel.insert(nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle && now - nack.time < minidle) continue;
    if (consumer === undefined) consumer = lookupConsumer(g, argv[3], true) ?? createConsumer(s, c.db, argv[1], g, argv[3]);
    if (nack.consumer !== consumer) nack.consumer?.pel.remove(nack);
    nack.time = deliverytime;
    if (retrycount >= 0) nack.count = retrycount;
    else if (!justid) nack.count++;
    if (nack.consumer !== consumer) { consumer.pel.insert(nack); nack.consumer = consumer; }
    if (justid) replies.push(() => writeId(w, id));
    else { const [n, jj] = f; replies.push(() => writeEntry(w, n, jj)); }
    propagateXclaim(emit, argv[1], g, argv[k], nack);
    propLast = false;
    s.ks.dirty++;
  }
  if (propLast) { propagateGroupId(emit, argv[1], g); s.ks.dirty++; }
  propagateOps(s, c.db.id, ops);
  w.arrayLen(replies.length);
  for (const r of replies) r();
  s.ks.updateMem(e);
}

const XAUTOCLAIM_MAX_COUNT = 576460752303423487n; // LONG_MAX / 16

function xautoclaim(c: Client, argv: string[]): void {
  const mv = llArg(c, argv[4], E.XAUTOCLAIM_MIN_IDLE);
  if (mv === null) return;
  const minidle = mv < 0 ? 0 : Number(mv);
  const sa = intervalId(c, argv[5], 0);
  if (sa === null) return;
  let start = sa.id;
  if (sa.ex) { const x = incrId(start); if (x === null) return c.w.error(E.XRANGE_START); start = x; }
  let count = 100, justid = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'count' && more) {
      const v = parseI64(argv[j + 1]);
      if (v === null || v < 1 || BigInt(v) > XAUTOCLAIM_MAX_COUNT) return c.w.error(E.XAUTOCLAIM_COUNT);
      count = Number(v);
      j++;
    } else if (opt === 'justid') justid = true;
    else return c.w.error(E.SYNTAX);
  }
  const sg = streamGroup(c, argv);
  if (sg === null) return;
  if (sg === undefined) return c.w.error(E.NOGROUP_KEY(argv[1], argv[2]));
  const { e, st, g } = sg;
  const s = c.server, w = c.w;
  const ops: string[][] = [];
  const emit = collector(s, ops);
  c.propagated = true;
  let attempts = count * 10;
  const now = Date.now();
  let consumer: Consumer | undefined;
  const deleted: SID[] = [];
  const replies: (() => void)[] = [];
  const pel = g.pel;
  const it = pel.from(start);
  let cur = it.next();
  while (attempts-- > 0 && count && !cur.done) {
    const nack = cur.value;
    cur = it.next(); // advance first: the current Nack may be removed below
    const id = nack.id;
    const f = st.find(id);
    if (f === null) {
      propagateXclaim(emit, argv[1], g, nack.key, nack);
      s.ks.dirty++;
      pel.remove(nack);
      nack.consumer?.pel.remove(nack);
      deleted.push(id);
      count--;
      continue;
    }
    if (minidle && now - nack.time < minidle) continue;
    if (consumer === undefined) consumer = lookupConsumer(g, argv[3], true) ?? createConsumer(s, c.db, argv[1], g, argv[3]);
    if (nack.consumer !== consumer) nack.consumer?.pel.remove(nack);
    nack.time = now;
    if (!justid) nack.count++;
    if (nack.consumer !== consumer) { consumer.pel.insert(nack); nack.consumer = consumer; }
    if (justid) replies.push(() => writeId(w, id));
    else { const [n, jj] = f; replies.push(() => writeEntry(w, n, jj)); }
    count--;
    propagateXclaim(emit, argv[1], g, nack.key, nack);
    s.ks.dirty++;
  }
  propagateOps(s, c.db.id, ops);
  const next = cur.done ? ID_MIN : cur.value.id;
  w.arrayLen(3);
  writeId(w, next);
  w.arrayLen(replies.length);
  for (const r of replies) r();
  w.arrayLen(deleted.length);
  for (const id of deleted) writeId(w, id);
  s.ks.updateMem(e);
}

registerAll({
  'xgroup|create': xgroupCreate, 'xgroup|setid': xgroupSetid, 'xgroup|destroy': xgroupDestroy,
  'xgroup|createconsumer': xgroupCreateconsumer, 'xgroup|delconsumer': xgroupDelconsumer,
  'xgroup|help': (c, a) => replyHelp(c, a[0], HELP.xgroup),
  xack, xpending, xclaim, xautoclaim,
});
