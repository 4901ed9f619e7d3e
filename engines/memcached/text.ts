// The classic text protocol: command line parsing and the storage,
// retrieval, arithmetic and admin commands, following memcached 1.6's
// proto_text.c reply for reply (including its error and noreply quirks).

import * as E from './errors.js';
import type { NodeContext, ReplySink } from './context.js';
import { safeStrtol, safeStrtoul, safeStrtoull } from './numbers.js';
import {
  AllocResult, DeltaResult, StoreMode, StoreResult, nowSeconds, type Item, type Store,
} from './store.js';
import { legacyDiscoveryValue, LEGACY_DISCOVERY_KEY } from './discovery.js';
import { processMetaCommand } from './meta.js';
import { latin1 } from './bytes.js';
import {
  processConfig, processFlushAll, processStats, processVerbosity, setNoreplyMaybe,
} from './admin.js';

export const KEY_MAX_LENGTH = 250;
/** memcached tokenizes at most 24 tokens (the last one holds the rest). */
const MAX_TOKENS = 24;
/** A line longer than this without "\n" must be a multiget, or the client is dropped. */
export const MAX_LINE_WITHOUT_NEWLINE = 2048;

const SPACE = 0x20;
const CR = 0x0d;

/** Command names, so the hot path reuses constant strings instead of slicing new ones. */
const COMMAND_NAMES = [
  'get', 'gets', 'gat', 'gats', 'bget', 'set', 'add', 'replace', 'append', 'prepend', 'cas',
  'incr', 'decr', 'touch', 'delete', 'stats', 'flush_all', 'version', 'quit', 'verbosity',
  'config', 'mg', 'ms', 'md', 'ma', 'mn', 'me',
];
const COMMANDS_BY_FIRST_BYTE: Array<Array<[Buffer, string]> | undefined> = [];
for (const name of COMMAND_NAMES) {
  const first = name.charCodeAt(0);
  (COMMANDS_BY_FIRST_BYTE[first] ??= []).push([Buffer.from(name, 'latin1'), name]);
}

function commandToken(buf: Buffer, start: number, end: number): string {
  const candidates = COMMANDS_BY_FIRST_BYTE[buf[start]];
  if (candidates !== undefined) {
    const len = end - start;
    for (const [bytes, name] of candidates) {
      if (bytes.length !== len) continue;
      let i = 1;
      while (i < len && bytes[i] === buf[start + i]) i++;
      if (i === len) return name;
    }
  }
  return latin1(buf, start, end);
}

/** Split a command line on single spaces, like tokenize_command; stops at NUL. */
export function tokenizeLine(buf: Buffer, start: number, end: number): string[] {
  const tokens: string[] = [];
  let tokenStart = start;
  let i = start;
  for (; i < end; i++) {
    const b = buf[i];
    if (b === SPACE) {
      if (i > tokenStart) {
        tokens.push(tokens.length === 0 ? commandToken(buf, tokenStart, i) : latin1(buf, tokenStart, i));
      }
      tokenStart = i + 1;
    } else if (b === 0) {
      break;
    }
  }
  if (i > tokenStart) tokens.push(tokens.length === 0 ? commandToken(buf, tokenStart, i) : latin1(buf, tokenStart, i));
  return tokens;
}

const fastTokenBounds = new Int32Array(10);
const NOREPLY_BYTES = Buffer.from('noreply', 'latin1');

/** Digits-only token of at most 9 digits, else -1 (then the general parser decides). */
function smallNumberAt(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len === 0 || len > 9) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Hot path for "<storage cmd> <key> <flags> <exptime> <bytes> [noreply]" with
 * plain numbers: parses straight from the bytes. Anything unusual returns
 * false and takes the general tokenizer, which owns every error reply.
 */
function fastStorageLine(conn: ReplySink, buf: Buffer, pos: number, end: number, mode: StoreMode): boolean {
  const bounds = fastTokenBounds;
  let n = 0;
  let i = pos;
  while (i < end) {
    while (i < end && buf[i] === SPACE) i++;
    if (i >= end) break;
    if (n === 5) return false;
    const s = i;
    while (i < end && buf[i] !== SPACE) {
      if (buf[i] === 0) return false;
      i++;
    }
    bounds[n * 2] = s;
    bounds[n * 2 + 1] = i;
    n++;
  }
  if (n === 5) {
    const s = bounds[8];
    if (bounds[9] - s !== 7 || NOREPLY_BYTES.compare(buf, s, bounds[9]) !== 0) return false;
  } else if (n !== 4) {
    return false;
  }
  if (bounds[1] - bounds[0] > KEY_MAX_LENGTH) return false;
  const flags = smallNumberAt(buf, bounds[2], bounds[3]);
  const exptime = smallNumberAt(buf, bounds[4], bounds[5]);
  const vlen = smallNumberAt(buf, bounds[6], bounds[7]);
  if (flags < 0 || exptime < 0 || vlen < 0) return false;
  if (n === 5) conn.noreply = true;
  beginStore(conn, mode, latin1(buf, bounds[0], bounds[1]), flags, exptime, vlen, 0);
  return true;
}

/** The storage command words, for matching the line's first word as bytes. */
const STORAGE_WORDS: Array<[Buffer, StoreMode]> = [
  [Buffer.from('set'), StoreMode.Set], [Buffer.from('add'), StoreMode.Add],
  [Buffer.from('replace'), StoreMode.Replace], [Buffer.from('append'), StoreMode.Append],
  [Buffer.from('prepend'), StoreMode.Prepend],
];

/** The store mode when buf[start, end) is a storage command word (not cas), else -1. */
function storageModeOf(buf: Buffer, start: number, end: number): StoreMode | -1 {
  const len = end - start;
  for (const [word, mode] of STORAGE_WORDS) {
    if (word.length !== len || word[0] !== buf[start]) continue;
    let i = 1;
    while (i < len && word[i] === buf[start + i]) i++;
    if (i === len) return mode;
  }
  return -1;
}

/**
 * Hot path for "get <key>" / "gets <key>" with one plain key: no token list.
 * Anything else (several keys, extra spaces, NUL, a long key) returns false
 * and takes the general path.
 */
function fastGetLine(conn: ReplySink, buf: Buffer, keyStart: number, end: number, withCas: boolean): boolean {
  if (end <= keyStart || end - keyStart > KEY_MAX_LENGTH) return false;
  for (let i = keyStart; i < end; i++) {
    const b = buf[i];
    if (b === SPACE || b === 0) return false;
  }
  const node = conn.node;
  const store = node.store;
  const key = latin1(buf, keyStart, end);
  const piece = getOne(node, store, key, withCas, nowSeconds());
  conn.writeText(piece === '' ? 'END\r\n' : piece + 'END\r\n');
  return true;
}

/** Process one command line buf[start, newline). */
export function processTextLine(conn: ReplySink, buf: Buffer, start: number, newline: number): void {
  let end = newline;
  if (end - start > 1 && buf[end - 1] === CR) end--;
  // get and the storage commands are parsed from bytes when their shape is plain.
  let space = start;
  const wordLimit = Math.min(end, start + 8);
  while (space < wordLimit && buf[space] !== SPACE) space++;
  if (space > start && space < wordLimit) {
    const c0 = buf[start];
    if (c0 === 0x67 /* g */) {
      const len = space - start;
      if (buf[start + 1] === 0x65 /* e */ && buf[start + 2] === 0x74 /* t */ && (len === 3 || (len === 4 && buf[start + 3] === 0x73 /* s */))
        && fastGetLine(conn, buf, space + 1, end, len === 4)) return;
    } else if (c0 !== 0x6d /* m */) {
      const mode = storageModeOf(buf, start, space);
      if (mode !== -1 && fastStorageLine(conn, buf, space + 1, end, mode)) return;
    }
  }
  const tokens = tokenizeLine(buf, start, end);
  // memcached's ntokens counts a terminal token; more than 23 real tokens are
  // folded into it.
  const ntokens = Math.min(tokens.length, MAX_TOKENS - 1) + 1;
  if (ntokens < 2 || tokens[0].length < 2) {
    conn.outString(E.ERROR);
    return;
  }
  const cmd = tokens[0];
  if (cmd.length === 2 && cmd.charCodeAt(0) === 0x6d /* m */) {
    processMetaCommand(conn, tokens, ntokens);
    return;
  }
  switch (cmd) {
    case 'get': case 'bget':
      if (ntokens < 3) return conn.outString(E.ERROR);
      return processGet(conn, tokens, false, false);
    case 'gets':
      if (ntokens < 3) return conn.outString(E.ERROR);
      return processGet(conn, tokens, true, false);
    case 'gat':
      if (ntokens < 3) return conn.outString(E.ERROR);
      return processGet(conn, tokens, false, true);
    case 'gats':
      if (ntokens < 3) return conn.outString(E.ERROR);
      return processGet(conn, tokens, true, true);
    case 'set': return processUpdate(conn, tokens, ntokens, StoreMode.Set);
    case 'add': return processUpdate(conn, tokens, ntokens, StoreMode.Add);
    case 'replace': return processUpdate(conn, tokens, ntokens, StoreMode.Replace);
    case 'append': return processUpdate(conn, tokens, ntokens, StoreMode.Append);
    case 'prepend': return processUpdate(conn, tokens, ntokens, StoreMode.Prepend);
    case 'cas': return processUpdate(conn, tokens, ntokens, StoreMode.Cas);
    case 'incr': case 'decr':
      if (ntokens !== 4 && ntokens !== 5) return conn.outString(E.ERROR);
      return processArithmetic(conn, tokens, ntokens, cmd === 'incr');
    case 'touch':
      if (ntokens !== 4 && ntokens !== 5) return conn.outString(E.ERROR);
      return processTouch(conn, tokens, ntokens);
    case 'delete':
      if (ntokens < 3 || ntokens > 5) return conn.outString(E.ERROR);
      return processDelete(conn, tokens, ntokens);
    case 'stats': return processStats(conn, tokens, ntokens);
    case 'flush_all':
      if (ntokens < 2 || ntokens > 4) return conn.outString(E.ERROR);
      return processFlushAll(conn, tokens, ntokens);
    case 'version': return conn.outString('VERSION ' + conn.node.version);
    case 'quit': return conn.closeAfterWrite();
    case 'verbosity':
      if (ntokens !== 3 && ntokens !== 4) return conn.outString(E.ERROR);
      return processVerbosity(conn, tokens, ntokens);
    case 'config': return processConfig(conn, tokens);
    default:
      return conn.outString(E.ERROR);
  }
}

function valueLine(store: Store, it: Item, withCas: boolean): string {
  const value = store.valueOf(it);
  return withCas
    ? `VALUE ${store.keyOf(it)} ${store.flagsOf(it)} ${value.length} ${store.casOf(it)}\r\n${value}\r\n`
    : `VALUE ${store.keyOf(it)} ${store.flagsOf(it)} ${value.length}\r\n${value}\r\n`;
}

function processGet(conn: ReplySink, tokens: string[], withCas: boolean, touch: boolean): void {
  const node = conn.node;
  const store = node.store;
  const counters = store.counters;
  const now = nowSeconds();
  let first = 1;
  let exptime = 0;
  if (touch) {
    const t = safeStrtol(tokens[1]);
    if (t === null) return conn.outString(E.CLIENT_ERROR_INVALID_EXPTIME);
    exptime = store.expiryFromClient(t, now);
    first = 2;
  }
  let reply = '';
  for (let i = first; i < tokens.length; i++) {
    const key = tokens[i];
    if (key.length > KEY_MAX_LENGTH) {
      // memcached drops the values it stacked and answers with the error only.
      return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
    }
    if (!touch) {
      reply += getOne(node, store, key, withCas, now);
      continue;
    }
    if (key === LEGACY_DISCOVERY_KEY && node.clusterConfig !== null) {
      reply += legacyDiscoveryValue(node.clusterConfig);
      continue;
    }
    const it = store.touch(key, exptime, now);
    counters.cmd_touch++;
    if (it >= 0) {
      counters.touch_hits++;
      store.classCountersFor(store.classOf(it)).touch_hits++;
      reply += valueLine(store, it, withCas);
    } else {
      counters.touch_misses++;
    }
  }
  conn.writeText(reply + 'END\r\n');
}

/** One key of get/gets: its VALUE block, or '' on a miss. */
function getOne(node: NodeContext, store: Store, key: string, withCas: boolean, now: number): string {
  if (key === LEGACY_DISCOVERY_KEY && node.clusterConfig !== null) return legacyDiscoveryValue(node.clusterConfig);
  const it = store.find(key, now);
  const counters = store.counters;
  counters.cmd_get++;
  if (it < 0) {
    counters.get_misses++;
    return '';
  }
  counters.get_hits++;
  store.countHit(it);
  store.bump(it, now);
  return valueLine(store, it, withCas);
}

function processUpdate(conn: ReplySink, tokens: string[], ntokens: number, mode: StoreMode): void {
  const handleCas = mode === StoreMode.Cas;
  if (handleCas ? ntokens !== 7 && ntokens !== 8 : ntokens !== 6 && ntokens !== 7) {
    return conn.outString(E.ERROR);
  }
  setNoreplyMaybe(conn, tokens, ntokens);
  const key = tokens[1];
  if (key.length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  const flags = safeStrtoul(tokens[2]);
  const exptimeRaw = flags === null ? null : safeStrtol(tokens[3]);
  const vlen = exptimeRaw === null ? null : safeStrtol(tokens[4]);
  if (flags === null || exptimeRaw === null || vlen === null) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  let casIn = 0;
  if (handleCas) {
    const c = safeStrtoull(tokens[5]);
    if (c === null) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
    casIn = Number(c);
  }
  if (vlen < 0 || vlen > 0x7fffffff - 2) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  beginStore(conn, mode, key, flags, exptimeRaw, vlen, casIn);
}

/** After a storage command line parsed: reserve room, then read the data block. */
function beginStore(
  conn: ReplySink, mode: StoreMode, key: string, flags: number, exptimeRaw: number, vlen: number, casIn: number,
): void {
  const store = conn.node.store;
  const now = nowSeconds();
  const exptime = store.expiryFromClient(exptimeRaw, now);
  const alloc = store.allocate(key.length, vlen, flags, now);
  if (alloc !== AllocResult.Ok) {
    if (alloc === AllocResult.TooLarge) {
      conn.outString(E.SERVER_ERROR_TOO_LARGE);
      store.counters.store_too_large++;
    } else {
      conn.outString(E.SERVER_ERROR_OUT_OF_MEMORY_STORING);
      store.counters.store_no_memory++;
    }
    conn.swallow(vlen + 2);
    // A failed set must not leave the previous value readable.
    if (mode === StoreMode.Set) store.delete(key, now);
    return;
  }
  conn.expectBody(vlen + 2, finishStore, { conn, mode, key, flags, exptime, vlen, casIn });
}

interface PendingStore {
  conn: ReplySink; mode: StoreMode; key: string; flags: number; exptime: number; vlen: number; casIn: number;
}

/** The data block of a storage command arrived: store it. */
function finishStore(buf: Buffer, start: number, p: PendingStore): void {
  const { conn, vlen } = p;
  const store = conn.node.store;
  if (buf[start + vlen] !== CR || buf[start + vlen + 1] !== 0x0a) {
    store.counters.cmd_set++;
    conn.outString(E.CLIENT_ERROR_BAD_DATA_CHUNK);
    return;
  }
  const value = latin1(buf, start, start + vlen);
  conn.outString(storeResultLine(store.store(p.mode, p.key, value, p.flags, p.exptime, p.casIn, nowSeconds())));
}

function storeResultLine(r: StoreResult): string {
  switch (r) {
    case StoreResult.Stored: return 'STORED';
    case StoreResult.Exists: return 'EXISTS';
    case StoreResult.NotFound: return 'NOT_FOUND';
    default: return 'NOT_STORED';
  }
}

function processArithmetic(conn: ReplySink, tokens: string[], ntokens: number, incr: boolean): void {
  setNoreplyMaybe(conn, tokens, ntokens);
  const key = tokens[1];
  if (key.length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  const delta = safeStrtoull(tokens[2]);
  if (delta === null) return conn.outString(E.CLIENT_ERROR_INVALID_DELTA);
  const store = conn.node.store;
  const r = store.delta(key, incr, delta, 0, nowSeconds());
  switch (r.result) {
    case DeltaResult.Ok: return conn.outString(r.value);
    case DeltaResult.NonNumeric: return conn.outString(E.CLIENT_ERROR_NON_NUMERIC);
    default:
      if (incr) store.counters.incr_misses++;
      else store.counters.decr_misses++;
      return conn.outString('NOT_FOUND');
  }
}

function processTouch(conn: ReplySink, tokens: string[], ntokens: number): void {
  setNoreplyMaybe(conn, tokens, ntokens);
  const key = tokens[1];
  if (key.length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  const t = safeStrtol(tokens[2]);
  if (t === null) return conn.outString(E.CLIENT_ERROR_INVALID_EXPTIME);
  const store = conn.node.store;
  const now = nowSeconds();
  const it = store.touch(key, store.expiryFromClient(t, now), now);
  store.counters.cmd_touch++;
  if (it >= 0) {
    store.counters.touch_hits++;
    store.classCountersFor(store.classOf(it)).touch_hits++;
    conn.outString('TOUCHED');
  } else {
    store.counters.touch_misses++;
    conn.outString('NOT_FOUND');
  }
}

function processDelete(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens > 3) {
    const holdIsZero = tokens[2] === '0';
    const setsNoreply = setNoreplyMaybe(conn, tokens, ntokens);
    const valid = (ntokens === 4 && (holdIsZero || setsNoreply)) || (ntokens === 5 && holdIsZero && setsNoreply);
    if (!valid) return conn.outString(E.CLIENT_ERROR_BAD_DELETE_FORMAT);
  }
  const key = tokens[1];
  if (key.length > KEY_MAX_LENGTH) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  const store = conn.node.store;
  const it = store.find(key, nowSeconds());
  if (it >= 0) {
    store.counters.delete_hits++;
    store.classCountersFor(store.classOf(it)).delete_hits++;
    store.unlink(it);
    conn.outString('DELETED');
  } else {
    store.counters.delete_misses++;
    conn.outString('NOT_FOUND');
  }
}

