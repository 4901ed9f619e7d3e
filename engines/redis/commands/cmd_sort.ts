/** SORT / SORT_RO (Redis 7.0 sort.c) over lists, sets and sorted sets. */
import type { Client } from '../client.js';
import { strValue, type Db } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll, GETKEYS_PROCS, lookupTop } from './table.js';
import { userHasUnrestrictedKeyAccess } from '../acl/check.js';
import { KEY_READ } from '../acl/selector.js';
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../server.js';
import { parseI64 } from '../util.js';
import type { ListValue } from '../types/list.js';
import { ListValue as ListCtor } from '../types/list.js';
import type { SetValue } from '../types/set.js';
import type { HashValue } from '../types/hash.js';
import type { ZsetValue } from '../types/zset.js';

interface SortObj { obj: string; score: number; cmp: string | null }

/** lookupKeyByPattern: '#' → the element; "pre*post" (string) or "pre*post->field" (hash field); null otherwise. */
function lookupByPattern(db: Db, pattern: string, subst: string): string | null {
  if (pattern === '#') return subst;
  const p = pattern.indexOf('*');
  if (p < 0) return null;
  const f = pattern.indexOf('->', p + 1);
  let key: string, field: string | null = null;
  if (f >= 0 && f + 2 < pattern.length) {
    field = pattern.slice(f + 2);
    key = pattern.slice(0, p) + subst + pattern.slice(p + 1, f);
  } else key = pattern.slice(0, p) + subst + pattern.slice(p + 1);
  const e = db.lookupRead(key);
  if (e === undefined) return null;
  if (field !== null) {
    if (e.type !== 'hash') return null;
    return (e.value as HashValue).map.get(field) ?? null;
  }
  if (e.type !== 'string') return null;
  return strValue(e);
}

/** strtod over the whole string with SORT's checks (ERANGE and NaN are errors). */
const NUM_RE = /^[ \t\n\v\f\r]*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)$/i;
function sortScore(s: string): number | null {
  if (s.length === 0) return 0;
  if (s.length < 16 && /^-?\d+$/.test(s)) return Number(s);
  if (!NUM_RE.test(s)) return null;
  const t = s.trim().toLowerCase();
  let v: number;
  if (t.includes('inf')) v = t.startsWith('-') ? -Infinity : Infinity;
  else if (/^[+-]?0x/.test(t)) {
    const neg = t.startsWith('-');
    const m = /0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/.exec(t)!;
    v = parseInt((m[1] + m[2]) || '0', 16) * Math.pow(2, Number(m[3] ?? 0) - 4 * m[2].length);
    if (neg) v = -v;
  } else {
    v = Number(t);
    if (!Number.isFinite(v)) return null; // ERANGE overflow
    if (v === 0 && /[1-9]/.test(t.replace(/e.*$/, ''))) return null; // ERANGE underflow
  }
  return v;
}

function cmpStr(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

/** BY/GET patterns name keys ACL cannot see: Redis requires read access to all keys for them. */
function sortFullKeyAccess(c: Client, argv: string[]): boolean {
  if (c.user.unrestricted) return true;
  const cmd = lookupTop(argv[0]);
  return cmd !== undefined && userHasUnrestrictedKeyAccess(c.user, cmd, argv, KEY_READ);
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  const w = c.w, db = c.db, s = c.server;
  let desc = false, alpha = false;
  let limitStart = 0, limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null, storekey: string | null = null;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (o === 'asc') desc = false;
    else if (o === 'desc') desc = true;
    else if (o === 'alpha') alpha = true;
    else if (o === 'limit' && left >= 2) {
      const a = parseI64(argv[j + 1]);
      if (a === null) return w.error(E.NOT_INT);
      const b = parseI64(argv[j + 2]);
      if (b === null) return w.error(E.NOT_INT);
      limitStart = Number(a); limitCount = Number(b);
      j += 2;
    } else if (!readonly && o === 'store' && left >= 1) { storekey = argv[j + 1]; j++; }
    else if (o === 'by' && left >= 1) {
      sortby = argv[j + 1];
      if (!sortby.includes('*')) dontsort = true;
      else if (!sortFullKeyAccess(c, argv)) return w.error(E.SORT_BY_ACL);
      j++;
    } else if (o === 'get' && left >= 1) {
      if (!sortFullKeyAccess(c, argv)) return w.error(E.SORT_GET_ACL);
      gets.push(argv[j + 1]); j++;
    }
    else return w.error(E.SYNTAX);
  }
  const e = db.lookupRead(argv[1]);
  if (e !== undefined && e.type !== 'set' && e.type !== 'list' && e.type !== 'zset') return w.error(E.WRONGTYPE);
  const type = e === undefined ? 'list' : e.type;
  // a set's order is random: sorted for STORE and for scripts (deterministic effects)
  if (dontsort && type === 'set' && (storekey !== null || c.isScript)) { dontsort = false; alpha = true; sortby = null; }

  let vectorlen: number;
  if (e === undefined) vectorlen = 0;
  else if (type === 'list') vectorlen = (e.value as ListValue).len;
  else if (type === 'set') vectorlen = (e.value as SetValue).size;
  else vectorlen = (e.value as ZsetValue).size;

  let start = Math.min(Math.max(limitStart, 0), vectorlen);
  limitCount = Math.min(Math.max(limitCount, -1), vectorlen);
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) { start = vectorlen - 1; end = vectorlen - 2; }
  if (end >= vectorlen) end = vectorlen - 1;
  if ((type === 'zset' || type === 'list') && dontsort && (start !== 0 || end !== vectorlen - 1)) vectorlen = end - start + 1;

  const vector: SortObj[] = [];
  if (e !== undefined) {
    if (type === 'list' && dontsort) {
      if (end >= start) {
        const l = e.value as ListValue;
        if (desc) for (let i = l.len - start - 1; i >= 0 && vector.length < vectorlen; i--) vector.push({ obj: l.get(i), score: 0, cmp: null });
        else for (let i = start; i < l.len && vector.length < vectorlen; i++) vector.push({ obj: l.get(i), score: 0, cmp: null });
        end -= start; start = 0;
      }
    } else if (type === 'list') {
      const l = e.value as ListValue;
      for (let i = 0; i < l.len; i++) vector.push({ obj: l.get(i), score: 0, cmp: null });
    } else if (type === 'set') {
      for (const m of (e.value as SetValue).members()) vector.push({ obj: m, score: 0, cmp: null });
    } else if (dontsort) {
      const zs = (e.value as ZsetValue).zs;
      let rank = start;
      for (let k = 0; k < vectorlen; k++, rank++) vector.push({ obj: zs.at(rank, desc)!.member, score: 0, cmp: null });
      end -= start; start = 0;
    } else {
      for (const m of (e.value as ZsetValue).zs.members()) vector.push({ obj: m, score: 0, cmp: null });
    }
  }

  let convError = false;
  if (!dontsort) {
    for (const v of vector) {
      let byval: string | null;
      if (sortby !== null) {
        byval = lookupByPattern(db, sortby, v.obj);
        if (byval === null) continue;
      } else byval = v.obj;
      if (alpha) { if (sortby !== null) v.cmp = byval; }
      else {
        const sc = sortScore(byval);
        if (sc === null) convError = true; else v.score = sc;
      }
    }
    const byPattern = sortby !== null;
    let cmp: (a: SortObj, b: SortObj) => number;
    if (!alpha) cmp = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : cmpStr(a.obj, b.obj));
    else if (byPattern) cmp = (a, b) => {
      if (a.cmp === null || b.cmp === null) return a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
      return cmpStr(a.cmp, b.cmp);
    };
    else cmp = (a, b) => cmpStr(a.obj, b.obj);
    vector.sort(desc ? (a, b) => -cmp(a, b) : cmp);
  }

  const outputlen = gets.length ? gets.length * (end - start + 1) : end - start + 1;
  if (convError) return w.error(E.SORT_SCORE);
  if (storekey === null) {
    w.arrayLen(outputlen);
    for (let j = start; j <= end; j++) {
      const obj = vector[j].obj;
      if (!gets.length) w.bulk(obj);
      for (const g of gets) {
        const val = lookupByPattern(db, g, obj);
        if (val === null) w.nullBulk(); else w.bulk(val);
      }
    }
    return;
  }
  const out = new ListCtor();
  for (let j = start; j <= end; j++) {
    const obj = vector[j].obj;
    if (!gets.length) out.pushBack(obj);
    else for (const g of gets) out.pushBack(lookupByPattern(db, g, obj) ?? '');
  }
  if (outputlen) {
    db.setKey(storekey, 'list', out);
    s.ks.signalModified(db, storekey);
    s.ks.signalReady(db, storekey);
    s.notify(NOTIFY_LIST, 'sortstore', storekey, db.id);
    s.ks.dirty += outputlen;
  } else if (db.has(storekey) && db.delete(storekey)) {
    s.ks.signalModified(db, storekey);
    s.notify(NOTIFY_GENERIC, 'del', storekey, db.id);
    s.ks.dirty++;
  }
  w.int(outputlen);
}

function sort(c: Client, argv: string[]): void { sortGeneric(c, argv, false); }
function sort_ro(c: Client, argv: string[]): void { sortGeneric(c, argv, true); }

registerAll({ sort, sort_ro });

/** sortGetKeys: the sorted key, plus the last STORE destination (options skipped as Redis does). */
function sortGetKeys(argv: string[]): number[] {
  const keys = [1];
  let store = -1;
  const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
  for (let i = 2; i < argv.length; i++) {
    const o = argv[i].toLowerCase();
    if (o in skip) i += skip[o];
    else if (o === 'store' && i + 1 < argv.length) store = i + 1;
  }
  if (store >= 0) keys.push(store);
  return keys;
}
GETKEYS_PROCS.set('sort', sortGetKeys);
/** sortROGetKeys: SORT_RO has no STORE; its BY/GET key spec is 'unknown', so COMMAND GETKEYS needs this proc. */
GETKEYS_PROCS.set('sort_ro', () => [1]);
