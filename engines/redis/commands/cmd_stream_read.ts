/**
 * Stream reads (Redis t_stream.c): XREAD and XREADGROUP (synchronous, and
 * blocked with BLOCK until XADD/XGROUP DESTROY/deletion serves them) and
 * XINFO STREAM/GROUPS/CONSUMERS. Shared helpers are in cmd_stream.ts.
 */
import type { Client } from '../client.js';
import type { Entry } from '../keyspace.js';
import type { ReplyWriter } from '../resp.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { HELP } from './help-data.js';
import { replyHelp } from './cmd_keys.js';
import { parseI64 } from '../util.js';
import { blockForKeys, cannotBlock, type BlockSpec } from '../blocking.js';
import { StreamValue, CGroup, Consumer, type Nack, type SID, ID_MIN, ID_MAX, INVALID_READ, cmpId, incrId, isMax } from '../types/stream.js';
import {
  llArg, strictId, writeId, writeU, writeEntry, replyRange, collector, propagateOps, readingConsumer,
} from './cmd_stream.js';

/** streamReplyWithRangeFromConsumerPEL: the consumer's history from start. */
function replyHistory(c: Client, st: StreamValue, start: SID, count: number, consumer: Consumer): void {
  const pel: Nack[] = [];
  for (const n of consumer.pel.from(start)) { if (count && pel.length >= count) break; pel.push(n); }
  const w = c.w;
  w.arrayLen(pel.length);
  const now = Date.now();
  for (const nack of pel) {
    const f = st.find(nack.id);
    if (f === null) { w.arrayLen(2); writeId(w, nack.id); w.nullArray(); continue; }
    writeEntry(w, f[0], f[1]);
    nack.time = now;
    nack.count++;
  }
}

// ---- XREAD / XREADGROUP ----

const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

function xreadGeneric(c: Client, argv: string[], xreadgroup: boolean): void {
  let timeout = -1;
  let count = 0;
  let streamsArg = 0, nstreams = 0;
  let noack = false;
  let groupName: string | null = null, consumerName = '';
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i].toLowerCase();
    if (o === 'block' && more) {
      // a script's fake client (no socket, not the master link): Redis refuses BLOCK there
      if (c.socket === null && c !== c.server.masterClient) return c.w.error(E.XREAD_BLOCK_SCRIPT(argv[0]));
      i++;
      const v = parseI64(argv[i]);
      if (v === null) return c.w.error(E.XREAD_TIMEOUT_NOT_INT);
      if (v < 0) return c.w.error(E.TIMEOUT_NEG);
      timeout = Number(v);
    } else if (o === 'count' && more) {
      i++;
      const v = llArg(c, argv[i]);
      if (v === null) return;
      count = v < 0 ? 0 : Number(v);
    } else if (o === 'streams' && more) {
      streamsArg = i + 1;
      nstreams = argv.length - streamsArg;
      if (nstreams % 2 !== 0) return c.w.error(E.XREAD_UNBALANCED);
      nstreams /= 2;
      break;
    } else if (o === 'group' && more >= 2) {
      if (!xreadgroup) return c.w.error(E.XREAD_GROUP_OPT);
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!xreadgroup) return c.w.error(E.XREAD_NOACK_OPT);
      noack = true;
    } else return c.w.error(E.SYNTAX);
  }
  if (streamsArg === 0) return c.w.error(E.SYNTAX);
  if (xreadgroup && groupName === null) return c.w.error(E.XREADGROUP_NO_GROUP);
  // this command propagates only what its group reads generate
  c.propagated = true;
  const db = c.db;
  const ids: SID[] = new Array(nstreams);
  const groups: (CGroup | null)[] = new Array(nstreams).fill(null);
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsArg + k], ida = argv[streamsArg + nstreams + k];
    const e = db.lookupRead(key);
    if (e !== undefined && e.type !== 'stream') return c.w.error(E.WRONGTYPE);
    if (groupName !== null) {
      const g = e === undefined ? undefined : (e.value as StreamValue).groups.get(groupName);
      if (g === undefined) return c.w.error(E.XREADGROUP_NOGROUP(key, groupName));
      groups[k] = g;
    }
    if (ida === '$') {
      if (xreadgroup) return c.w.error(E.XREADGROUP_DOLLAR);
      ids[k] = e === undefined ? ID_MIN : (e.value as StreamValue).lastId;
      continue;
    } else if (ida === '>') {
      if (!xreadgroup) return c.w.error(E.XREAD_GT);
      ids[k] = ID_MAX;
      continue;
    }
    const id = strictId(c, ida);
    if (id === null) return;
    ids[k] = id;
  }
  // which streams can be served now (Redis decides per stream, then writes)
  const serve: { k: number; e: Entry; history: boolean; gt: SID }[] = [];
  for (let k = 0; k < nstreams; k++) {
    const e = db.lookupRead(argv[streamsArg + k]);
    if (e === undefined) continue;
    const st = e.value as StreamValue;
    const gt = ids[k];
    const g = groups[k];
    if (g !== null) {
      if (!(isMax(gt.ms) && isMax(gt.seq))) serve.push({ k, e, history: true, gt });
      else if (st.length && cmpId(st.lastValidId(), g.lastId) > 0) serve.push({ k, e, history: false, gt: g.lastId });
    } else if (st.length && cmpId(st.lastValidId(), gt) > 0) serve.push({ k, e, history: false, gt });
  }
  if (serve.length) {
    const w = c.w, s = c.server;
    const ops: string[][] = [];
    const emit = collector(s, ops);
    if (w.proto === 2) w.arrayLen(serve.length); else w.mapLen(serve.length);
    for (const x of serve) {
      const key = argv[streamsArg + x.k];
      const st = x.e.value as StreamValue;
      const start = incrId(x.gt) ?? ID_MAX;
      if (w.proto === 2) w.arrayLen(2);
      w.bulk(key);
      const g = groups[x.k];
      const consumer = g !== null ? readingConsumer(s, db, key, g, consumerName, noack, emit) : null;
      if (x.history && consumer !== null) replyHistory(c, st, start, count, consumer);
      else replyRange(c, st, start, ID_MAX, count, false, g, consumer, noack, key, emit);
      if (g !== null) { s.ks.dirty++; s.ks.updateMem(x.e); }
    }
    propagateOps(s, db.id, ops);
    return;
  }
  if (timeout !== -1) {
    if (cannotBlock(c)) return c.w.nullArray();
    blockXread(c, argv.slice(streamsArg, streamsArg + nstreams), ids, timeout > 0 ? Date.now() + timeout : 0,
      count || XREAD_BLOCKED_DEFAULT_COUNT, groupName, consumerName, noack);
    return;
  }
  c.w.nullArray();
}

function blockXread(c: Client, keys: string[], ids: SID[], timeoutAt: number, count: number,
  groupName: string | null, consumerName: string, noack: boolean): void {
  const byKey = new Map<string, SID>();
  for (let i = 0; i < keys.length; i++) if (!byKey.has(keys[i])) byKey.set(keys[i], ids[i]);
  const spec: BlockSpec = {
    type: 'stream', keys, timeoutAt,
    serve(rc, key, db) {
      const e = db.peek(key)!;
      const st = e.value as StreamValue;
      let gt = byKey.get(key)!;
      let g: CGroup | null = null;
      if (groupName !== null) {
        g = st.groups.get(groupName) ?? null;
        if (g === null) { rc.w.error(E.XREADGROUP_GROUP_GONE); return true; }
        gt = g.lastId;
      }
      if (cmpId(st.lastId, gt) <= 0) return false;
      const s = rc.server;
      const ops: string[][] = [];
      const emit = collector(s, ops);
      const start = incrId(gt) ?? ID_MAX;
      const consumer = g !== null ? readingConsumer(s, db, key, g, consumerName, noack, emit) : null;
      const w = rc.w;
      if (w.proto === 2) { w.arrayLen(1); w.arrayLen(2); } else w.mapLen(1);
      w.bulk(key);
      replyRange(rc, st, start, ID_MAX, count, false, g, consumer, noack, key, emit);
      if (g !== null) s.ks.updateMem(e);
      propagateOps(s, db.id, ops);
      return true;
    },
    onTimeout(rc) { rc.w.nullArray(); },
  };
  if (groupName !== null) spec.gone = (rc) => { rc.w.error(E.XREADGROUP_KEY_GONE); return true; };
  blockForKeys(c, spec);
}

function xread(c: Client, argv: string[]): void { xreadGeneric(c, argv, false); }
function xreadgroup(c: Client, argv: string[]): void { xreadGeneric(c, argv, true); }

// ---- XINFO ----

function xinfoStream(c: Client, argv: string[]): void {
  let full = false, count = 10;
  const optc = argv.length - 3;
  if (optc !== 0) {
    if (optc !== 1 && optc !== 3) return c.w.error(E.SUBCMD_SYNTAX(argv[1], argv[0]));
    if (argv[3].toLowerCase() !== 'full') return c.w.error(E.SUBCMD_SYNTAX(argv[1], argv[0]));
    if (optc === 3) {
      if (argv[4].toLowerCase() !== 'count') return c.w.error(E.SUBCMD_SYNTAX(argv[1], argv[0]));
      const v = llArg(c, argv[5]);
      if (v === null) return;
      count = v < 0 ? 10 : Number(v);
    }
    full = true;
  }
  const st = xinfoLookup(c, argv[2]);
  if (st === null) return;
  const w = c.w;
  w.mapLen(full ? 9 : 10);
  w.bulk('length'); w.int(st.length);
  w.bulk('radix-tree-keys'); w.int(st.nodes.length);
  w.bulk('radix-tree-nodes'); w.int(st.raxNodes());
  w.bulk('last-generated-id'); writeId(w, st.lastId);
  w.bulk('max-deleted-entry-id'); writeId(w, st.maxDelId);
  w.bulk('entries-added'); writeU(w, st.entriesAdded);
  w.bulk('recorded-first-entry-id'); writeId(w, st.firstId);
  if (!full) {
    w.bulk('groups'); w.int(st.groups.size);
    w.bulk('first-entry');
    let done = false;
    st.range(ID_MIN, ID_MAX, false, (n, j) => { writeEntry(w, n, j); done = true; return false; });
    if (!done) w.nullBulk();
    w.bulk('last-entry');
    done = false;
    st.range(ID_MIN, ID_MAX, true, (n, j) => { writeEntry(w, n, j); done = true; return false; });
    if (!done) w.nullBulk();
    return;
  }
  w.bulk('entries');
  replyRange(c, st, ID_MIN, ID_MAX, count, false, null, null, false, argv[2], null);
  w.bulk('groups');
  const groups = st.sortedGroups();
  w.arrayLen(groups.length);
  for (const g of groups) {
    w.mapLen(7);
    w.bulk('name'); w.bulk(g.name);
    w.bulk('last-delivered-id'); writeId(w, g.lastId);
    w.bulk('entries-read'); if (g.entriesRead !== INVALID_READ) writeU(w, g.entriesRead); else w.nullBulk();
    w.bulk('lag'); writeLag(w, st, g);
    w.bulk('pel-count'); w.int(g.pel.size);
    w.bulk('pending');
    const pel = g.pel.take(count);
    w.arrayLen(pel.length);
    for (const n of pel) {
      w.arrayLen(4); writeId(w, n.id); w.bulk(n.consumer ? n.consumer.name : ''); w.int(n.time); w.int(n.count);
    }
    w.bulk('consumers');
    const cons = g.sortedConsumers();
    w.arrayLen(cons.length);
    for (const x of cons) {
      w.mapLen(4);
      w.bulk('name'); w.bulk(x.name);
      w.bulk('seen-time'); w.int(x.seenTime);
      w.bulk('pel-count'); w.int(x.pel.size);
      w.bulk('pending');
      const cp = x.pel.take(count);
      w.arrayLen(cp.length);
      for (const n of cp) { w.arrayLen(3); writeId(w, n.id); w.int(n.time); w.int(n.count); }
    }
  }
}

export function writeLag(w: ReplyWriter, st: StreamValue, g: CGroup): void {
  const lag = st.lag(g);
  if (lag === null) w.nullBulk(); else writeU(w, lag);
}

/** XINFO's key lookup: ERR no such key / WRONGTYPE. */
function xinfoLookup(c: Client, key: string): StreamValue | null {
  const e = c.db.lookupRead(key);
  if (e === undefined) { c.w.error(E.NO_SUCH_KEY); return null; }
  if (e.type !== 'stream') { c.w.error(E.WRONGTYPE); return null; }
  return e.value as StreamValue;
}

function xinfoGroups(c: Client, argv: string[]): void {
  const st = xinfoLookup(c, argv[2]);
  if (st === null) return;
  const w = c.w;
  const groups = st.sortedGroups();
  w.arrayLen(groups.length);
  for (const g of groups) {
    w.mapLen(6);
    w.bulk('name'); w.bulk(g.name);
    w.bulk('consumers'); w.int(g.consumers.size);
    w.bulk('pending'); w.int(g.pel.size);
    w.bulk('last-delivered-id'); writeId(w, g.lastId);
    w.bulk('entries-read'); if (g.entriesRead !== INVALID_READ) writeU(w, g.entriesRead); else w.nullBulk();
    w.bulk('lag'); writeLag(w, st, g);
  }
}

function xinfoConsumers(c: Client, argv: string[]): void {
  const st = xinfoLookup(c, argv[2]);
  if (st === null) return;
  const g = st.groups.get(argv[3]);
  if (g === undefined) return c.w.error(E.XGROUP_NOGROUP(argv[3], argv[2]));
  const w = c.w, now = Date.now();
  const cons = g.sortedConsumers();
  w.arrayLen(cons.length);
  for (const x of cons) {
    w.mapLen(3);
    w.bulk('name'); w.bulk(x.name);
    w.bulk('pending'); w.int(x.pel.size);
    w.bulk('idle'); w.int(Math.max(0, now - x.seenTime));
  }
}

registerAll({
  xread, xreadgroup,
  'xinfo|stream': xinfoStream, 'xinfo|groups': xinfoGroups, 'xinfo|consumers': xinfoConsumers,
  'xinfo|help': (c, a) => replyHelp(c, a[0], HELP.xinfo),
});
