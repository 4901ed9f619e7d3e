// The meta protocol (mg, ms, md, ma, mn, me) of memcached 1.6: flag parsing,
// reply flags in request order, quiet mode, stale-while-revalidate (I, W, X,
// Z), vivify on miss (N) and recache (R).

import * as E from './errors.js';
import type { ReplySink } from './context.js';
import { safeStrtol, safeStrtoul, safeStrtoull } from './numbers.js';
import {
  AllocResult, DeltaResult, ITEM_FETCHED, ITEM_KEY_BINARY, ITEM_STALE, ITEM_TOKEN_SENT,
  NO_ITEM, StoreMode, StoreResult, nowSeconds, type Item, type Store,
} from './store.js';
import { slabClassOf } from './slabs.js';
import { latin1 } from './bytes.js';

const KEY_MAX_LENGTH = 250;
const MFLAG_MAX_OPT_LENGTH = 20;
const MFLAG_MAX_OPAQUE_LENGTH = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface MetaFlags {
  error: string | null;
  noUpdate: boolean;
  vivify: boolean;
  value: boolean;
  setStale: boolean;
  noReply: boolean;
  hasCas: boolean;
  newTtl: boolean;
  keyBinary: boolean;
  mode: string;
  exptime: number;
  autovivExptime: number;
  recacheTime: number;
  clientFlags: number;
  reqCas: number;
  delta: bigint;
  initial: bigint;
  key: string;
}

const SEEN_FLAGS = new Int32Array(4);

/** Whether a configured engine version ("1.6.22") is at least 1.6.20 (ms `s` flag, N in append modes). */
const hasNewerMeta = new Map<string, boolean>();
function newerMetaVersion(version: string): boolean {
  let v = hasNewerMeta.get(version);
  if (v === undefined) {
    v = versionAtLeast(version, 1, 6, 20);
    hasNewerMeta.set(version, v);
  }
  return v;
}

/** Whether a configured engine version ("1.6.22") is at least major.minor.patch. */
export function versionAtLeast(version: string, major: number, minor: number, patch: number): boolean {
  const [a = 0, b = 0, c = 0] = version.split('.').map((x) => parseInt(x, 10) || 0);
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

function decodeBase64Key(token: string): string | null {
  if (token.length === 0 || !BASE64.test(token)) return null;
  const bytes = Buffer.from(token, 'base64');
  return bytes.length === 0 ? null : bytes.toString('latin1');
}

function encodeKey(key: string, binary: boolean): string {
  return binary ? ' k' + Buffer.from(key, 'latin1').toString('base64') + ' b' : ' k' + key;
}

/**
 * _meta_flag_preparse. Returns false when parsing failed; flags.error then
 * holds the error line (null when memcached would use the caller's default).
 */
function preparse(store: Store, tokens: string[], start: number, end: number, f: MetaFlags, now: number): boolean {
  // Flags seen so far, one bit per ASCII code (four 32-bit words).
  const seen = SEEN_FLAGS.fill(0);
  let hasError = false;
  for (let i = start; i < end; i++) {
    const tok = tokens[i];
    const o = tok.charCodeAt(0);
    if (o >= 127 || (seen[o >> 5] & (1 << (o & 31))) !== 0) {
      f.error = E.CLIENT_ERROR_DUPLICATE_FLAG;
      return false;
    }
    seen[o >> 5] |= 1 << (o & 31);
    const arg = tok.slice(1);
    switch (tok[0]) {
      case 'b': {
        const k = decodeBase64Key(f.key);
        if (k === null) {
          f.error = E.CLIENT_ERROR_DECODING_KEY;
          hasError = true;
        } else {
          f.key = k;
        }
        f.keyBinary = true;
        break;
      }
      case 'N': case 'T': case 'R': {
        const t = safeStrtol(arg);
        if (t === null) {
          f.error = E.CLIENT_ERROR_BAD_TOKEN;
          hasError = true;
          break;
        }
        const abs = store.expiryFromClient(t, now);
        if (tok[0] === 'N') { f.vivify = true; f.autovivExptime = abs; }
        else if (tok[0] === 'T') { f.exptime = abs; f.newTtl = true; }
        else f.recacheTime = abs;
        break;
      }
      case 'l': case 'O': case 'P': case 'L': case 'k': case 's': case 't': case 'c': case 'f': case 'h':
        break;
      case 'v': f.value = true; break;
      case 'u': f.noUpdate = true; break;
      case 'q': f.noReply = true; break;
      case 'F': {
        const v = safeStrtoul(arg);
        if (v === null) hasError = true;
        else f.clientFlags = v;
        break;
      }
      case 'C': {
        const v = safeStrtoull(arg);
        if (v === null) {
          f.error = E.CLIENT_ERROR_BAD_TOKEN;
          hasError = true;
        } else {
          f.reqCas = Number(v);
          f.hasCas = true;
        }
        break;
      }
      case 'M':
        if (tok.length !== 2) {
          f.error = E.CLIENT_ERROR_M_TOKEN_LENGTH;
          hasError = true;
        } else {
          f.mode = tok[1];
        }
        break;
      case 'J': {
        const v = safeStrtoull(arg);
        if (v === null) { f.error = E.CLIENT_ERROR_INVALID_INITIAL; hasError = true; } else f.initial = v;
        break;
      }
      case 'D': {
        const v = safeStrtoull(arg);
        if (v === null) { f.error = E.CLIENT_ERROR_INVALID_DELTA_VALUE; hasError = true; } else f.delta = v;
        break;
      }
      case 'I': f.setStale = true; break;
      default:
        f.error = E.CLIENT_ERROR_INVALID_FLAG;
        return false;
    }
  }
  return !hasError;
}

function newFlags(key: string): MetaFlags {
  return {
    error: null, noUpdate: false, vivify: false, value: false, setStale: false, noReply: false,
    hasCas: false, newTtl: false, keyBinary: false, mode: '', exptime: 0, autovivExptime: 0,
    recacheTime: 0, clientFlags: 0, reqCas: 0, delta: 1n, initial: 0n, key,
  };
}

/** O and k return flags, shared by all miss/no-item replies. Null if an opaque is too long. */
function opaqueAndKey(tokens: string[], ntokens: number, key: string, binary: boolean): string | null {
  let out = '';
  for (let i = 2; i < ntokens - 1; i++) {
    const tok = tokens[i];
    if (tok[0] === 'O') {
      if (tok.length > MFLAG_MAX_OPAQUE_LENGTH) return null;
      out += ' ' + tok;
    } else if (tok[0] === 'k') {
      out += encodeKey(key, binary);
    }
  }
  return out;
}

export function processMetaCommand(conn: ReplySink, tokens: string[], ntokens: number): void {
  switch (tokens[0][1]) {
    case 'g': return metaGet(conn, tokens, ntokens);
    case 's': return metaSet(conn, tokens, ntokens);
    case 'd': return metaDelete(conn, tokens, ntokens);
    case 'a': return metaArithmetic(conn, tokens, ntokens);
    case 'n': return conn.outString('MN');
    case 'e': return metaDebug(conn, tokens, ntokens);
    default: return conn.outString(E.ERROR);
  }
}

function metaGet(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens < 3) return conn.outString(E.ERROR);
  if (tokens[1].length > KEY_MAX_LENGTH) return conn.outError(E.CLIENT_ERROR_BAD_FORMAT);
  if (ntokens > MFLAG_MAX_OPT_LENGTH) return conn.outError(E.CLIENT_ERROR_MG_FLAGS_TOO_LONG);
  const store = conn.node.store;
  const counters = store.counters;
  const now = nowSeconds();
  const f = newFlags(tokens[1]);
  if (!preparse(store, tokens, 2, ntokens - 1, f, now)) {
    return conn.outError(f.error ?? E.CLIENT_ERROR_BAD_FORMAT);
  }
  const key = f.key;
  let it = store.find(key, now);
  let created = false;
  if (it < 0 && f.vivify) {
    it = store.insertNew(key, '', 0, 0, now, f.keyBinary);
    created = true;
  }
  if (it < 0) {
    counters.get_misses++;
    counters.cmd_get++;
    const rest = opaqueAndKey(tokens, ntokens, key, f.keyBinary);
    if (rest === null) return conn.outError(E.CLIENT_ERROR_OPAQUE_TOO_LONG);
    if (f.noReply) return;
    return conn.writeText('EN' + rest + '\r\n');
  }
  const value = store.valueOf(it);
  const bits = store.bitsOf(it);
  let line = f.value ? 'VA ' + value.length : 'HD';
  let won = false;
  let ttlSet = false;
  for (let i = 2; i < ntokens - 1; i++) {
    const tok = tokens[i];
    switch (tok[0]) {
      case 'T': ttlSet = true; store.setExptime(it, f.exptime); break;
      case 'N': if (created) { store.setExptime(it, f.autovivExptime); won = true; } break;
      case 'R': {
        const e = store.exptimeOf(it);
        if ((bits & ITEM_TOKEN_SENT) === 0 && !created && e !== 0 && e < f.recacheTime) won = true;
        break;
      }
      case 's': line += ' s' + value.length; break;
      case 't': { const e = store.exptimeOf(it); line += e === 0 ? ' t-1' : ' t' + (e - now); break; }
      case 'c': line += ' c' + store.casOf(it); break;
      case 'f': line += ' f' + store.flagsOf(it); break;
      case 'l': line += ' l' + (now - store.atimeOf(it)); break;
      case 'h': line += (bits & ITEM_FETCHED) !== 0 ? ' h1' : ' h0'; break;
      case 'O':
        if (tok.length > MFLAG_MAX_OPAQUE_LENGTH) return conn.outError(E.CLIENT_ERROR_OPAQUE_TOO_LONG);
        line += ' ' + tok;
        break;
      case 'k': line += encodeKey(store.keyOf(it), (bits & ITEM_KEY_BINARY) !== 0); break;
    }
  }
  if ((bits & ITEM_TOKEN_SENT) !== 0) line += ' Z';
  if ((bits & ITEM_STALE) !== 0) {
    line += ' X';
    if ((bits & ITEM_TOKEN_SENT) === 0) won = true;
  }
  if (won) {
    line += ' W';
    store.setBits(it, ITEM_TOKEN_SENT);
  }
  line += '\r\n';
  if (f.value) line += value + '\r\n';
  // Hits count by the LRU segment the item was found in, before the bump.
  if (ttlSet) {
    counters.cmd_touch++;
    counters.touch_hits++;
    store.classCountersFor(store.classOf(it)).touch_hits++;
  } else {
    counters.get_hits++;
    counters.cmd_get++;
    store.countHit(it);
  }
  if (!f.noUpdate) store.bump(it, now);
  conn.writeText(line);
}

function metaSet(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens < 3) return conn.outString(E.ERROR);
  if (tokens[1].length > KEY_MAX_LENGTH) return conn.outError(E.CLIENT_ERROR_BAD_FORMAT);
  if (ntokens === 3) return conn.outError(E.CLIENT_ERROR_BAD_FORMAT);
  if (ntokens > MFLAG_MAX_OPT_LENGTH) return conn.outError(E.CLIENT_ERROR_FLAGS_TOO_LONG);
  const vlen = safeStrtol(tokens[2]);
  if (vlen === null || vlen < 0 || vlen > 0x7fffffff - 2) return conn.outError(E.CLIENT_ERROR_BAD_FORMAT);
  const store = conn.node.store;
  const now = nowSeconds();
  const f = newFlags(tokens[1]);
  if (!preparse(store, tokens, 3, ntokens - 1, f, now)) return failSet(conn, vlen, f.error ?? E.CLIENT_ERROR_BAD_FORMAT);
  const key = f.key;
  const returnFlags: string[] = [];
  // memcached 1.6.20 added ms 's' (final size) and 'N' (vivify in append/prepend mode).
  const newerMeta = newerMetaVersion(conn.node.version);
  const sizeFlag = newerMeta;
  let opaqueTooLong = false;
  for (let i = 3; i < ntokens - 1; i++) {
    const tok = tokens[i];
    if (tok[0] === 'O') {
      if (tok.length > MFLAG_MAX_OPAQUE_LENGTH) { opaqueTooLong = true; break; }
      returnFlags.push(tok);
    } else if (tok[0] === 'k') {
      returnFlags.push('k');
    } else if (tok[0] === 'c') {
      returnFlags.push('c');
    } else if (tok[0] === 's' && sizeFlag) {
      returnFlags.push('s');
    }
  }
  let mode: StoreMode;
  switch (f.mode) {
    case '': case 'S': mode = StoreMode.Set; break;
    case 'E': mode = StoreMode.Add; break;
    case 'A': mode = StoreMode.Append; break;
    case 'P': mode = StoreMode.Prepend; break;
    case 'R': mode = StoreMode.Replace; break;
    default: return failSet(conn, vlen, E.CLIENT_ERROR_MS_MODE);
  }
  if (f.hasCas && (mode === StoreMode.Set || mode === StoreMode.Replace)) mode = StoreMode.Cas;
  if (opaqueTooLong) return failSet(conn, vlen, E.CLIENT_ERROR_OPAQUE_TOO_LONG);
  const alloc = store.allocate(key.length, vlen, f.clientFlags, now);
  if (alloc !== AllocResult.Ok) {
    if (alloc === AllocResult.TooLarge) store.counters.store_too_large++;
    else store.counters.store_no_memory++;
    // memcached drops the old value whatever the mode.
    store.delete(key, now);
    return failSet(conn, vlen, alloc === AllocResult.TooLarge ? E.SERVER_ERROR_TOO_LARGE : E.SERVER_ERROR_OUT_OF_MEMORY_STORING);
  }
  const setStale = f.setStale && mode === StoreMode.Cas;
  conn.expectBody(vlen + 2, finishMetaSet, { conn, f, mode, newerMeta, setStale, returnFlags, vlen });
}

/** An ms refused before its data: the error, and the data block is skipped. */
function failSet(conn: ReplySink, vlen: number, line: string): void {
  conn.outError(line);
  conn.swallow(vlen + 2);
}

interface PendingMetaSet {
  conn: ReplySink; f: MetaFlags; mode: StoreMode; newerMeta: boolean; setStale: boolean; returnFlags: string[]; vlen: number;
}

/** The data block of an ms arrived: store it and reply with the requested flags. */
function finishMetaSet(buf: Buffer, start: number, p: PendingMetaSet): void {
  const { conn, f, mode, vlen } = p;
  const store = conn.node.store;
  const key = f.key;
  if (buf[start + vlen] !== 0x0d || buf[start + vlen + 1] !== 0x0a) {
    store.counters.cmd_set++;
    return conn.outError(E.CLIENT_ERROR_BAD_DATA_CHUNK);
  }
  const value = latin1(buf, start, start + vlen);
  const n = nowSeconds();
  const appendMode = mode === StoreMode.Append || mode === StoreMode.Prepend;
  let storeMode = mode;
  let exptime = f.exptime;
  if (appendMode && f.vivify && p.newerMeta && store.find(key, n) < 0) {
    storeMode = StoreMode.Set;
    exptime = f.autovivExptime;
  }
  const r = { result: store.store(storeMode, key, value, f.clientFlags, exptime, f.reqCas, n, p.setStale, f.keyBinary), cas: store.lastCas };
  const stored = r.result === StoreResult.Stored && appendMode ? store.find(key, n) : -1;
  const finalSize = stored >= 0 ? store.valueOf(stored).length : vlen;
  if (r.result === StoreResult.Stored && f.noReply) return;
  let line = r.result === StoreResult.Stored ? 'HD'
    : r.result === StoreResult.Exists ? 'EX'
      : r.result === StoreResult.NotFound ? 'NF' : 'NS';
  for (const rf of p.returnFlags) {
    if (rf === 'k') line += encodeKey(key, f.keyBinary);
    else if (rf === 'c') line += ' c' + r.cas;
    else if (rf === 's') line += ' s' + finalSize;
    else line += ' ' + rf;
  }
  conn.writeText(line + '\r\n');
}

function metaDelete(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens < 3) return conn.outString(E.ERROR);
  if (tokens[1].length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  if (ntokens > MFLAG_MAX_OPT_LENGTH) return conn.outString(E.CLIENT_ERROR_FLAGS_TOO_LONG);
  const store = conn.node.store;
  const now = nowSeconds();
  const f = newFlags(tokens[1]);
  if (!preparse(store, tokens, 2, ntokens - 1, f, now)) return conn.outError(E.CLIENT_ERROR_INVALID_OR_DUPLICATE_FLAG);
  const key = f.key;
  const rest = opaqueAndKey(tokens, ntokens, key, f.keyBinary);
  if (rest === null) return conn.outError(E.CLIENT_ERROR_OPAQUE_TOO_LONG);
  const it = store.find(key, now);
  if (it < 0) {
    store.counters.delete_misses++;
    return conn.writeText('NF' + rest + '\r\n');
  }
  if (f.hasCas && store.casOf(it) !== f.reqCas) {
    store.counters.delete_misses++;
    return conn.writeText('EX' + rest + '\r\n');
  }
  if (f.setStale) {
    if (f.newTtl) store.setExptime(it, f.exptime);
    store.setBits(it, ITEM_STALE);
    store.clearBits(it, ITEM_TOKEN_SENT);
    store.setCas(it, store.nextCas());
  } else {
    store.counters.delete_hits++;
    store.classCountersFor(store.classOf(it)).delete_hits++;
    store.unlink(it);
  }
  if (f.noReply) return;
  conn.writeText('HD' + rest + '\r\n');
}

function metaArithmetic(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens < 3) return conn.outString(E.ERROR);
  if (tokens[1].length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  if (ntokens > MFLAG_MAX_OPT_LENGTH) return conn.outString(E.CLIENT_ERROR_FLAGS_TOO_LONG);
  const store = conn.node.store;
  const now = nowSeconds();
  const f = newFlags(tokens[1]);
  if (!preparse(store, tokens, 2, ntokens - 1, f, now)) return conn.outError(E.CLIENT_ERROR_INVALID_OR_DUPLICATE_FLAG);
  let incr = true;
  switch (f.mode) {
    case '': case 'I': case '+': incr = true; break;
    case 'D': case '-': incr = false; break;
    default: return conn.outError(E.CLIENT_ERROR_MA_MODE);
  }
  const key = f.key;
  const r = store.delta(key, incr, f.delta, f.reqCas, now);
  let it: Item = NO_ITEM;
  let number = r.value;
  let created = false;
  let status = '';
  switch (r.result) {
    case DeltaResult.Ok:
      it = r.item;
      break;
    case DeltaResult.NonNumeric:
      return conn.outError(E.CLIENT_ERROR_NON_NUMERIC);
    case DeltaResult.NotFound:
      if (f.vivify) {
        number = f.initial.toString();
        if (store.allocate(key.length, number.length, 0, now) !== AllocResult.Ok) {
          return conn.outError(E.SERVER_ERROR_OOM_NEW_ITEM);
        }
        it = store.insertNew(key, number, 0, 0, now, f.keyBinary);
        created = true;
      } else {
        if (incr) store.counters.incr_misses++;
        else store.counters.decr_misses++;
        status = 'NF';
      }
      break;
    case DeltaResult.CasMismatch:
      status = 'EX';
      break;
  }
  if (it < 0) {
    const rest = opaqueAndKey(tokens, ntokens, key, f.keyBinary);
    if (rest === null) return conn.outError(E.CLIENT_ERROR_OPAQUE_TOO_LONG);
    return conn.writeText(status + rest + '\r\n');
  }
  let line = f.value ? 'VA ' + number.length : 'HD';
  for (let i = 2; i < ntokens - 1; i++) {
    const tok = tokens[i];
    switch (tok[0]) {
      case 'c': line += ' c' + store.casOf(it); break;
      case 't': { const e = store.exptimeOf(it); line += e === 0 ? ' t-1' : ' t' + (e - now); break; }
      case 'T': store.setExptime(it, f.exptime); break;
      case 'N': if (created) store.setExptime(it, f.autovivExptime); break;
      case 'O':
        if (tok.length > MFLAG_MAX_OPAQUE_LENGTH) return conn.outError(E.CLIENT_ERROR_OPAQUE_TOO_LONG);
        line += ' ' + tok;
        break;
      case 'k': line += encodeKey(key, f.keyBinary); break;
    }
  }
  if (r.result === DeltaResult.Ok && f.noReply) return;
  line += '\r\n';
  if (f.value) line += number + '\r\n';
  conn.writeText(line);
}

function metaDebug(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens < 3 || tokens[1].length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  let key = tokens[1];
  if (ntokens >= 4 && tokens[2] === 'b') {
    const k = decodeBase64Key(key);
    if (k === null) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
    key = k;
  }
  const store = conn.node.store;
  store.counters.cmd_meta++;
  const now = nowSeconds();
  const it = store.find(key, now);
  if (it < 0) return conn.outString('EN');
  const itemKey = store.keyOf(it);
  const bits = store.bitsOf(it);
  const shownKey = (bits & ITEM_KEY_BINARY) !== 0 ? Buffer.from(itemKey, 'latin1').toString('base64') : itemKey;
  const e = store.exptimeOf(it);
  const exp = e === 0 ? -1 : now - e;
  const size = store.sizeOf(it);
  conn.writeText(
    `ME ${shownKey} exp=${exp} la=${now - store.atimeOf(it)} cas=${store.casOf(it)} fetch=${(bits & ITEM_FETCHED) !== 0 ? 'yes' : 'no'} cls=${slabClassOf(size)} size=${size}\r\n`,
  );
}
