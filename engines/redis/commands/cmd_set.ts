/** Set commands (Redis t_set.c). */
import type { Client } from '../client.js';
import type { Db, Entry } from '../keyspace.js';
import { isCanonicalInt } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC, NOTIFY_SET } from '../server.js';
import { parseI64 } from '../util.js';
import { globMatch } from '../glob.js';
import { SetValue, maxIntsetEntries } from '../types/set.js';
import { parseScanArgs } from './cmd_keys.js';
import { freeTempSetAsync } from '../lazyfree.js';

function maxIntset(c: Client): number { return maxIntsetEntries(c.server); }

/** setTypeCreate: intset if the first member is an integer, else hashtable. */
function newSet(first: string): SetValue {
  const s = new SetValue();
  if (!isCanonicalInt(first)) s.enc = 'hashtable';
  return s;
}

function getSet(c: Client, key: string, write = false): Entry | undefined | null {
  const e = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.type !== 'set') { c.w.error(E.WRONGTYPE); return null; }
  return e;
}

function sadd(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  let e = getSet(c, key, true);
  if (e === null) return;
  if (e === undefined) e = db.add(key, 'set', newSet(argv[2]));
  const set = e.value as SetValue;
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (set.add(argv[j])) added++;
  set.fit(maxIntset(c));
  if (added) {
    s.ks.updateMem(e);
    s.ks.signalModified(db, key);
    if (s.notifyFlags) s.notify(NOTIFY_SET, 'sadd', key, db.id);
  }
  s.ks.dirty += added;
  c.w.int(added);
}

function srem(c: Client, argv: string[]): void {
  const db = c.db, key = argv[1], s = c.server;
  const e = getSet(c, key, true);
  if (e === null) return;
  if (e === undefined) return c.w.int(0);
  const set = e.value as SetValue;
  let deleted = 0, removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (set.delete(argv[j])) {
      deleted++;
      if (set.size === 0) { db.removeEntry(e); removed = true; break; }
    }
  }
  if (deleted) {
    if (!removed) s.ks.updateMem(e);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_SET, 'srem', key, db.id);
    if (removed) s.notify(NOTIFY_GENERIC, 'del', key, db.id);
    s.ks.dirty += deleted;
  }
  c.w.int(deleted);
}

function smove(c: Client, argv: string[]): void {
  const db = c.db, s = c.server, src = argv[1], dst = argv[2], ele = argv[3];
  const se = db.lookupWrite(src);
  const de = db.lookupWrite(dst);
  if (se === undefined) return c.w.int(0);
  if (se.type !== 'set' || (de !== undefined && de.type !== 'set')) return c.w.error(E.WRONGTYPE);
  const ss = se.value as SetValue;
  if (se === de) return c.w.int(ss.has(ele) ? 1 : 0);
  if (!ss.delete(ele)) return c.w.int(0);
  s.notify(NOTIFY_SET, 'srem', src, db.id);
  if (ss.size === 0) { db.removeEntry(se); s.notify(NOTIFY_GENERIC, 'del', src, db.id); }
  else s.ks.updateMem(se);
  const d = de ?? db.add(dst, 'set', newSet(ele));
  s.ks.signalModified(db, src);
  s.ks.dirty++;
  const ds = d.value as SetValue;
  if (ds.add(ele)) {
    ds.fit(maxIntset(c));
    s.ks.updateMem(d);
    s.ks.dirty++;
    s.ks.signalModified(db, dst);
    s.notify(NOTIFY_SET, 'sadd', dst, db.id);
  }
  c.w.int(1);
}

function sismember(c: Client, argv: string[]): void {
  const e = getSet(c, argv[1]);
  if (e === null) return;
  c.w.int(e !== undefined && (e.value as SetValue).has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const e = getSet(c, argv[1]);
  if (e === null) return;
  const set = e === undefined ? undefined : (e.value as SetValue);
  c.w.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) c.w.int(set !== undefined && set.has(argv[j]) ? 1 : 0);
}

function scard(c: Client, argv: string[]): void {
  const e = getSet(c, argv[1]);
  if (e === null) return;
  c.w.int(e === undefined ? 0 : (e.value as SetValue).size);
}


function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) return spopWithCount(c, argv);
  if (argv.length > 3) return c.w.error(E.SYNTAX);
  const db = c.db, key = argv[1], s = c.server;
  const e = getSet(c, key, true);
  if (e === null) return;
  if (e === undefined) return c.w.nullBulk();
  const set = e.value as SetValue;
  const ele = randomMember(set);
  set.delete(ele);
  s.notify(NOTIFY_SET, 'spop', key, db.id);
  s.propagate(c, ['SREM', key, ele]);
  c.w.bulk(ele);
  if (set.size === 0) { db.removeEntry(e); s.notify(NOTIFY_GENERIC, 'del', key, db.id); }
  else s.ks.updateMem(e);
  s.ks.signalModified(db, key);
  s.ks.dirty++;
}

function randomMember(set: SetValue): string { return set.random(); }

function spopWithCount(c: Client, argv: string[]): void {
  const v = parseI64(argv[2]);
  if (v === null || v < 0) return c.w.error(E.MUST_BE_POSITIVE);
  const count = Number(v);
  const db = c.db, key = argv[1], s = c.server, w = c.w;
  const e = getSet(c, key, true);
  if (e === null) return;
  if (e === undefined || count === 0) return w.setLen(0);
  const set = e.value as SetValue;
  const size = set.size;
  s.notify(NOTIFY_SET, 'spop', key, db.id);
  s.ks.dirty += count >= size ? size : count;
  if (count >= size) {
    const all = set.members();
    w.setLen(all.length);
    for (const m of all) w.bulk(m);
    // Redis replies through SUNION's temporary set, then dbDeletes the set: both may be freed lazily
    if (s.ks.lazyServerDel) {
      freeTempSetAsync(s, size, size > maxIntset(c) || all.some((m) => !isCanonicalInt(m)));
      s.ks.freeAsync(e);
    }
    db.removeEntry(e);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
    s.propagate(c, ['DEL', key]);
    s.ks.signalModified(db, key);
    return;
  }
  const picked = set.randomDistinct(count);
  w.setLen(count);
  for (const m of picked) {
    set.delete(m);
    w.bulk(m);
    s.propagate(c, ['SREM', key, m]);
  }
  s.ks.updateMem(e);
  s.ks.signalModified(db, key);
}

function srandmember(c: Client, argv: string[]): void {
  const w = c.w;
  if (argv.length === 3) return srandmemberWithCount(c, argv);
  if (argv.length > 3) return w.error(E.SYNTAX);
  const e = getSet(c, argv[1]);
  if (e === null) return;
  if (e === undefined) return w.nullBulk();
  w.bulk(randomMember(e.value as SetValue));
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const w = c.w;
  const v = parseI64(argv[2]);
  if (v === null) return w.error(E.NOT_INT);
  if (typeof v === 'bigint' && v < -((1n << 63n) - 1n)) return w.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  const l = Number(v);
  const e = getSet(c, argv[1]);
  if (e === null) return;
  if (e === undefined || l === 0) return w.arrayLen(0);
  const set = e.value as SetValue;
  const size = set.size;
  if (l < 0 || l === 1) {
    const count = l < 0 ? -l : 1;
    w.arrayLen(count);
    for (let i = 0; i < count; i++) w.bulk(set.random());
    return;
  }
  if (l >= size) {
    const all = set.members();
    w.arrayLen(all.length);
    for (const m of all) w.bulk(m);
    return;
  }
  const picked = set.randomDistinct(l);
  w.arrayLen(l);
  for (const m of picked) w.bulk(m);
}

function smembers(c: Client, argv: string[]): void {
  const e = getSet(c, argv[1]);
  if (e === null) return;
  if (e === undefined) return c.w.setLen(0);
  const mem = (e.value as SetValue).members();
  const w = c.w;
  w.setLen(mem.length);
  for (let i = 0; i < mem.length; i++) w.bulk(mem[i]);
}

/** Look up every key as a set (missing → null); replies WRONGTYPE and returns null on a wrong type. */
function lookupSets(c: Client, keys: string[]): (SetValue | null)[] | null {
  const out: (SetValue | null)[] = [];
  for (const k of keys) {
    const e = c.db.lookupRead(k);
    if (e === undefined) { out.push(null); continue; }
    if (e.type !== 'set') { c.w.error(E.WRONGTYPE); return null; }
    out.push(e.value as SetValue);
  }
  return out;
}

/** Store `res` into dstkey (setKey semantics) or delete dstkey when empty; replies the size. */
function storeResult(c: Client, db: Db, dstkey: string, res: SetValue, event: string): void {
  const s = c.server;
  if (res.size > 0) {
    res.fit(maxIntset(c));
    db.setKey(dstkey, 'set', res);
    c.w.int(res.size);
    s.ks.signalModified(db, dstkey);
    s.notify(NOTIFY_SET, event, dstkey, db.id);
    s.ks.dirty++;
  } else {
    c.w.int(0);
    if (db.lookupWrite(dstkey) !== undefined) {
      db.delete(dstkey);
      s.ks.dirty++;
      s.ks.signalModified(db, dstkey);
      s.notify(NOTIFY_GENERIC, 'del', dstkey, db.id);
    }
  }
}

function sinterGeneric(c: Client, keys: string[], dstkey: string | null, cardOnly: boolean, limit: number): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const db = c.db, s = c.server, w = c.w;
  if (sets.some((x) => x === null)) {
    if (dstkey !== null) {
      if (db.lookupWrite(dstkey) !== undefined) {
        db.delete(dstkey);
        s.ks.signalModified(db, dstkey);
        s.notify(NOTIFY_GENERIC, 'del', dstkey, db.id);
        s.ks.dirty++;
      }
      w.int(0);
    } else if (cardOnly) w.int(0);
    else w.setLen(0);
    return;
  }
  const ss = (sets as SetValue[]).slice().sort((a, b) => a.size - b.size);
  const first = ss[0];
  const out: string[] = [];
  let card = 0;
  for (const m of first.members()) {
    let j = 1;
    for (; j < ss.length; j++) { if (ss[j] === first) continue; if (!ss[j].has(m)) break; }
    if (j < ss.length) continue;
    if (cardOnly) { card++; if (limit && card >= limit) break; }
    else out.push(m);
  }
  if (cardOnly) return w.int(card);
  if (dstkey === null) {
    w.setLen(out.length);
    for (const m of out) w.bulk(m);
    return;
  }
  const res = new SetValue();
  for (const m of out) res.add(m);
  storeResult(c, db, dstkey, res, 'sinterstore');
}

function sinter(c: Client, argv: string[]): void { sinterGeneric(c, argv.slice(1), null, false, 0); }
function sinterstore(c: Client, argv: string[]): void { sinterGeneric(c, argv.slice(2), argv[1], false, 0); }

function sintercard(c: Client, argv: string[]): void {
  const nk = parseI64(argv[1]);
  if (nk === null || nk < 1) return c.w.error(E.NUMKEYS_GT0);
  const numkeys = Number(nk);
  if (numkeys > argv.length - 2) return c.w.error(E.NUMKEYS_ARGS);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (argv[j].toLowerCase() === 'limit' && more) {
      j++;
      const v = parseI64(argv[j]);
      if (v === null || v < 0) return c.w.error(E.LIMIT_NEG);
      limit = Number(v);
    } else return c.w.error(E.SYNTAX);
  }
  sinterGeneric(c, argv.slice(2, 2 + numkeys), null, true, limit);
}

const OP_UNION = 0, OP_DIFF = 1;
function sunionDiffGeneric(c: Client, keys: string[], dstkey: string | null, op: number): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const res = new SetValue();
  if (op === OP_UNION) {
    for (const st of sets) if (st !== null) for (const m of st.set) res.add(m);
  } else if (sets[0] !== null) {
    const first = sets[0];
    const same = sets.some((x, j) => j > 0 && x === first);
    if (!same) {
      outer: for (const m of first.members()) {
        for (let j = 1; j < sets.length; j++) { const o = sets[j]; if (o !== null && o.has(m)) continue outer; }
        res.add(m);
      }
    }
  }
  if (dstkey === null) {
    res.fit(maxIntset(c));
    const mem = res.members();
    c.w.setLen(mem.length);
    for (const m of mem) c.w.bulk(m);
    freeTempSetAsync(c.server, res.size, res.enc === 'hashtable');
    return;
  }
  storeResult(c, c.db, dstkey, res, op === OP_UNION ? 'sunionstore' : 'sdiffstore');
}
function sunion(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(1), null, OP_UNION); }
function sunionstore(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(2), argv[1], OP_UNION); }
function sdiff(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(1), null, OP_DIFF); }
function sdiffstore(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(2), argv[1], OP_DIFF); }

function sscan(c: Client, argv: string[]): void {
  const o = parseScanArgs(c, argv, 2, false);
  if (!o) return;
  const e = getSet(c, argv[1]);
  if (e === null) return;
  const w = c.w;
  if (e === undefined) { w.arrayLen(2); w.bulk('0'); w.arrayLen(0); return; }
  const set = e.value as SetValue;
  const out: string[] = [];
  let cursor = 0;
  if (set.enc === 'intset') {
    for (const m of set.members()) if (o.pattern === null || globMatch(o.pattern, m)) out.push(m);
  } else {
    const keys = set.scanKeys(o.cursor);
    let i = o.cursor, n = 0;
    while (i < keys.length && n < o.count) {
      const m = keys[i++];
      if (!set.has(m)) continue;
      n++;
      if (o.pattern === null || globMatch(o.pattern, m)) out.push(m);
    }
    cursor = i >= keys.length ? 0 : i;
  }
  w.arrayLen(2);
  w.bulk(String(cursor));
  w.bulkArray(out);
}

registerAll({
  sadd, srem, smove, sismember, smismember, scard, spop, srandmember, smembers,
  sinter, sinterstore, sintercard, sunion, sunionstore, sdiff, sdiffstore, sscan,
});
