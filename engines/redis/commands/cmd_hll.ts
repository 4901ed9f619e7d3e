/** HyperLogLog commands (Redis hyperloglog.c): PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST. */
import type { Client } from '../client.js';
import { bytesValue, strBytes, type Entry } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_STRING } from '../server.js';
import {
  Hll, isHllString, invalidateCache, readCard, writeCard, hllCount, hllMerge, rawCount,
  sparseDecode, denseGet, denseSet, hllPatLen, HLL_REGISTERS, HLL_HDR_SIZE, HLL_DENSE, HLL_SPARSE, HLL_DENSE_SIZE,
  ERR_INVALID_HLL, ERR_NOT_HLL,
} from '../types/hll.js';

function sparseMax(c: Client): number { return c.server.config.num('hll-sparse-max-bytes'); }

/** isHLLObjectOrReply: false after replying. */
function checkHll(c: Client, e: Entry): boolean {
  if (e.type !== 'string') { c.w.error(E.WRONGTYPE); return false; }
  if (!isHllString(strBytes(e))) { c.w.error(ERR_NOT_HLL); return false; }
  return true;
}

/** The key's HLL for in-place modification (dbUnshareStringValue: the value becomes a raw StrBuf). */
function unshare(e: Entry): Hll { return new Hll(bytesValue(e)); }

function pfadd(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  let e = db.lookupWrite(key);
  let updated = 0;
  let h: Hll;
  if (e === undefined) {
    h = Hll.create();
    e = db.add(key, 'string', h.sb);
    e.raw = true;
    updated++;
  } else {
    if (!checkHll(c, e)) return;
    h = unshare(e);
  }
  const max = h.buf[4] === HLL_SPARSE ? sparseMax(c) : 0; // only the sparse form reads the limit
  for (let j = 2; j < argv.length; j++) {
    const r = h.add(argv[j], max);
    if (r === 1) updated++;
    else if (r === -1) { s.ks.updateMem(e); return c.w.error(ERR_INVALID_HLL); }
  }
  s.ks.updateMem(e); // unshared, grown (sparse) or converted to dense: O(1)
  if (updated) {
    invalidateCache(h.buf);
    s.ks.signalModified(db, key);
    if (s.notifyFlags) s.notify(NOTIFY_STRING, 'pfadd', key, db.id);
    s.ks.dirty += updated;
  }
  c.w.int(updated ? 1 : 0);
}

function pfcount(c: Client, argv: string[]): void {
  const db = c.db, s = c.server;
  if (argv.length > 2) {
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const e = db.lookupRead(argv[j]);
      if (e === undefined) continue;
      if (!checkHll(c, e)) return;
      if (!hllMerge(max, strBytes(e))) return c.w.error(ERR_INVALID_HLL);
    }
    return c.w.int(rawCount(max));
  }
  const e = db.lookupRead(argv[1]);
  if (e === undefined) return c.w.int(0);
  if (!checkHll(c, e)) return;
  const sb = bytesValue(e);
  s.ks.updateMem(e);
  const b = sb.buf;
  if ((b[15] & 0x80) === 0) return c.w.int(readCard(b));
  const card = hllCount(b, sb.len);
  if (card < 0) return c.w.error(ERR_INVALID_HLL);
  writeCard(b, card); // the cache lives in the value: a write
  s.ks.signalModified(db, argv[1]);
  s.ks.dirty++;
  c.w.int(card);
}

function pfmerge(c: Client, argv: string[]): void {
  const db = c.db, s = c.server, key = argv[1];
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const e = db.lookupRead(argv[j]);
    if (e === undefined) continue;
    if (!checkHll(c, e)) return;
    const v = strBytes(e);
    if ((typeof v === 'string' ? v.charCodeAt(4) : v[4]) === HLL_DENSE) useDense = true;
    if (!hllMerge(max, v)) return c.w.error(ERR_INVALID_HLL);
  }
  let e = db.lookupWrite(key);
  let h: Hll;
  if (e === undefined) {
    h = Hll.create();
    e = db.add(key, 'string', h.sb);
    e.raw = true;
  } else h = unshare(e);
  if (useDense && !h.toDense()) return c.w.error(ERR_INVALID_HLL);
  const smax = sparseMax(c);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (max[j] === 0) continue;
    if (h.buf[4] === HLL_DENSE) h.denseSetIfGreater(j, max[j]);
    else h.sparseSet(j, max[j], smax);
  }
  invalidateCache(h.buf);
  s.ks.updateMem(e);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_STRING, 'pfadd', key, db.id);
  s.ks.dirty++;
  c.w.ok();
}

function pfdebug(c: Client, argv: string[]): void {
  if (!c.server.allowRestricted) return c.w.error(E.UNKNOWN_CMD(argv[0], argv.slice(1)));
  const db = c.db, s = c.server, cmd = argv[1];
  const e = db.lookupWrite(argv[2]);
  if (e === undefined) return c.w.error('ERR The specified key does not exist');
  if (!checkHll(c, e)) return;
  const h = unshare(e);
  s.ks.updateMem(e);
  const sub = cmd.toLowerCase();
  const arityErr = (): void => c.w.error(`ERR Wrong number of arguments for the '${cmd}' subcommand`);
  if (sub === 'getreg') {
    if (argv.length !== 3) return arityErr();
    if (h.buf[4] === HLL_SPARSE) {
      if (!h.toDense()) return c.w.error(ERR_INVALID_HLL);
      s.ks.updateMem(e);
      s.ks.dirty++;
    }
    c.w.arrayLen(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.w.int(denseGet(h.buf, HLL_HDR_SIZE, j));
  } else if (sub === 'decode') {
    if (argv.length !== 3) return arityErr();
    if (h.buf[4] !== HLL_SPARSE) return c.w.error('ERR HLL encoding is not sparse');
    c.w.bulk(sparseDecode(h.buf, h.len));
  } else if (sub === 'encoding') {
    if (argv.length !== 3) return arityErr();
    c.w.simple(h.buf[4] === HLL_DENSE ? 'dense' : 'sparse');
  } else if (sub === 'todense') {
    if (argv.length !== 3) return arityErr();
    let conv = 0;
    if (h.buf[4] === HLL_SPARSE) {
      if (!h.toDense()) return c.w.error(ERR_INVALID_HLL);
      s.ks.updateMem(e);
      conv = 1;
      s.ks.dirty++;
    }
    c.w.int(conv);
  } else {
    c.w.error(`ERR Unknown PFDEBUG subcommand '${cmd}'`);
  }
}

/** PFSELFTEST: register get/set round trip, sparse vs dense equivalence and estimate error bounds. */
function pfselftest(c: Client, argv: string[]): void {
  if (!c.server.allowRestricted) return c.w.error(E.UNKNOWN_CMD(argv[0], argv.slice(1)));
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  const regs = new Uint8Array(HLL_REGISTERS);
  for (let round = 0; round < 100; round++) {
    for (let j = 0; j < HLL_REGISTERS; j++) {
      const r = Math.floor(Math.random() * 64);
      regs[j] = r;
      denseSet(dense, HLL_HDR_SIZE, j, r);
    }
    for (let j = 0; j < HLL_REGISTERS; j++) {
      if (denseGet(dense, HLL_HDR_SIZE, j) !== regs[j]) {
        return c.w.error(`ERR TESTFAILED Register error: ${denseGet(dense, HLL_HDR_SIZE, j)} != ${regs[j]}`);
      }
    }
  }
  const sp = Hll.create();
  const de = Hll.create();
  de.toDense();
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  const seed = Math.floor(Math.random() * 0xffffffff);
  for (let j = 1; j <= 10000000; j++) {
    const ele = `${seed}:${j}`;
    const [index, count] = hllPatLen(ele);
    if (sp.buf[4] === HLL_SPARSE) sp.sparseSet(index, count, 3000); else sp.denseSetIfGreater(index, count);
    de.denseSetIfGreater(index, count);
    if (j === checkpoint) {
      const a = hllCount(sp.buf, sp.len), b = hllCount(de.buf, de.len);
      if (a !== b) return c.w.error(`ERR TESTFAILED dense/sparse disagree: ${a} != ${b}`);
      let maxerr = relerr * 6 * checkpoint;
      if (j === 10) maxerr = 1;
      const err = Math.abs(checkpoint - b);
      if (err > maxerr) return c.w.error(`ERR TESTFAILED Too big error. card:${checkpoint} abserr:${err}`);
      checkpoint *= 10;
      if (checkpoint > 100000) break;
    }
  }
  c.w.ok();
}

registerAll({ pfadd, pfcount, pfmerge, pfdebug, pfselftest });
