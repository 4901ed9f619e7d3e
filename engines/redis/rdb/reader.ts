/**
 * RDB reader: every encoding redis-server 7.0 writes or still loads
 * (RDB versions 1..10): strings (raw/int/LZF), LIST, LIST_ZIPLIST,
 * LIST_QUICKLIST (ziplist nodes), LIST_QUICKLIST_2 (listpack and plain
 * nodes), SET, SET_INTSET, ZSET (string scores), ZSET_2, ZSET_ZIPLIST,
 * ZSET_LISTPACK, HASH, HASH_ZIPMAP, HASH_ZIPLIST, HASH_LISTPACK,
 * STREAM_LISTPACKS and STREAM_LISTPACKS_2; opcodes AUX, SELECTDB, RESIZEDB,
 * EXPIRETIME, EXPIRETIME_MS, IDLE, FREQ, FUNCTION2 (and the 7.0-rc FUNCTION),
 * MODULE_AUX (skipped, its opcode-annotated payload is walked).
 * Module values (types 6/7) cannot be represented: RdbError, or skipped with
 * `skipModuleValues`.
 */
import { ByteReader, RdbError } from './bytes.js';
import { Crc64 } from './crc64.js';
import { intsetDecode } from './intset.js';
import { readLen, readLenBig, readLenOrEnc } from './length.js';
import { lpDecode, lpEntryToBuffer, type LpEntry } from './listpack.js';
import { parseDouble } from './numfmt.js';
import { readStreamValue } from './stream.js';
import { readString } from './strings.js';
import { RDB_OPCODE, RDB_TYPE, RDB_VERSION, type RdbEntry, type RdbValue } from './types.js';
import { ziplistDecode } from './ziplist.js';
import { zipmapDecode } from './zipmap.js';

export { RdbError };

export interface RdbFunctionLibrary {
  /** The library source ("#!lua name=..." first line). */
  code: Buffer;
}

export interface ReadRdbResult {
  version: number;
  aux: Record<string, string>;
  entries: RdbEntry[];
  functions: RdbFunctionLibrary[];
  /** RESIZEDB hints per db. */
  resizeDb: Record<number, { size: number; expires: number }>;
  /** Module aux records that were skipped (module type names). */
  skippedModuleAux: string[];
  /** Keys whose module values were skipped (only with skipModuleValues). */
  skippedModuleKeys: { db: number; key: Buffer; module: string }[];
}

export interface ReadRdbOptions {
  /** Verify the CRC64 (default true; a stored 0 checksum is never checked, like Redis). */
  checksum?: boolean;
  /** Skip keys holding module values (type 7) instead of failing. */
  skipModuleValues?: boolean;
  /** Skip keys whose value is empty (Redis skips these too). Default true. */
  skipEmptyKeys?: boolean;
}

const MODULE_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export function moduleTypeName(id: bigint): string {
  let s = '';
  let v = id >> 10n;
  for (let j = 0; j < 9; j++) { s = MODULE_CHARSET[Number(v & 63n)] + s; v >>= 6n; }
  return s;
}

/** Walks an opcode-annotated module value until its EOF opcode. */
function skipModulePayload(r: ByteReader): void {
  for (;;) {
    const op = readLen(r);
    if (op === 0) return; // EOF
    if (op === 1 || op === 2) readLenBig(r);
    else if (op === 3) r.take(4);
    else if (op === 4) r.take(8);
    else if (op === 5) readString(r);
    else throw new RdbError(`Unknown module opcode ${op}`);
  }
}

function toBuf(list: LpEntry[]): Buffer[] { return list.map(lpEntryToBuffer); }

function pairs(list: LpEntry[], what: string): [Buffer, LpEntry][] {
  if (list.length % 2) throw new RdbError(`${what} integrity check failed.`);
  const out: [Buffer, LpEntry][] = [];
  for (let i = 0; i < list.length; i += 2) out.push([lpEntryToBuffer(list[i]), list[i + 1]]);
  return out;
}

function checkDupes(keys: Buffer[], msg: string): void {
  const seen = new Set<string>();
  for (const k of keys) {
    const s = k.toString('latin1');
    if (seen.has(s)) throw new RdbError(msg);
    seen.add(s);
  }
}

function scoreOf(e: LpEntry): number {
  if (typeof e === 'number') return e;
  if (typeof e === 'bigint') return Number(e);
  return parseDouble(e.toString('latin1'));
}

function zsetFromPairs(ps: [Buffer, LpEntry][]): RdbValue {
  const entries = ps.map(([member, s]) => ({ member, score: scoreOf(s) }));
  for (const e of entries) if (Number.isNaN(e.score)) throw new RdbError('Zset with NAN score detected');
  checkDupes(entries.map((e) => e.member), 'Duplicate zset fields detected');
  return { type: 'zset', entries };
}

/**
 * Reads one value of the given RDB type. Returns null for an empty
 * collection (Redis skips such keys).
 */
export function readValue(r: ByteReader, type: number): RdbValue | null {
  switch (type) {
    case RDB_TYPE.STRING:
      return { type: 'string', value: Buffer.from(readString(r)) };
    case RDB_TYPE.LIST: {
      const n = readLen(r);
      const items: Buffer[] = [];
      for (let i = 0; i < n; i++) items.push(Buffer.from(readString(r)));
      return items.length ? { type: 'list', items } : null;
    }
    case RDB_TYPE.SET: {
      const n = readLen(r);
      const members: Buffer[] = [];
      for (let i = 0; i < n; i++) members.push(Buffer.from(readString(r)));
      checkDupes(members, 'Duplicate set members detected');
      return members.length ? { type: 'set', members } : null;
    }
    case RDB_TYPE.ZSET:
    case RDB_TYPE.ZSET_2: {
      const n = readLen(r);
      const entries: { member: Buffer; score: number }[] = [];
      for (let i = 0; i < n; i++) {
        const member = Buffer.from(readString(r));
        let score: number;
        if (type === RDB_TYPE.ZSET_2) score = r.f64le();
        else {
          const l = r.u8();
          if (l === 255) score = -Infinity;
          else if (l === 254) score = Infinity;
          else if (l === 253) score = NaN;
          else score = parseDouble(r.take(l).toString('latin1'));
        }
        if (Number.isNaN(score)) throw new RdbError('Zset with NAN score detected');
        entries.push({ member, score });
      }
      checkDupes(entries.map((e) => e.member), 'Duplicate zset fields detected');
      return entries.length ? { type: 'zset', entries } : null;
    }
    case RDB_TYPE.HASH: {
      const n = readLen(r);
      const entries: { field: Buffer; value: Buffer }[] = [];
      for (let i = 0; i < n; i++) entries.push({ field: Buffer.from(readString(r)), value: Buffer.from(readString(r)) });
      checkDupes(entries.map((e) => e.field), 'Duplicate hash fields detected');
      return entries.length ? { type: 'hash', entries } : null;
    }
    case RDB_TYPE.LIST_QUICKLIST:
    case RDB_TYPE.LIST_QUICKLIST_2: {
      const n = readLen(r);
      const items: Buffer[] = [];
      for (let i = 0; i < n; i++) {
        let container = 2;
        if (type === RDB_TYPE.LIST_QUICKLIST_2) {
          container = readLen(r);
          if (container !== 1 && container !== 2) throw new RdbError('Quicklist integrity check failed.');
        }
        const data = readString(r);
        if (data.length === 0) throw new RdbError('Quicklist integrity check failed.');
        if (container === 1) { items.push(Buffer.from(data)); continue; }
        const els = type === RDB_TYPE.LIST_QUICKLIST_2 ? lpDecode(data) : ziplistDecode(data);
        for (const e of els) items.push(lpEntryToBuffer(e));
      }
      return items.length ? { type: 'list', items } : null;
    }
    case RDB_TYPE.LIST_ZIPLIST: {
      const items = toBuf(ziplistDecode(readString(r)));
      return items.length ? { type: 'list', items } : null;
    }
    case RDB_TYPE.SET_INTSET: {
      const members = intsetDecode(readString(r)).map((v) => Buffer.from(String(v), 'latin1'));
      return members.length ? { type: 'set', members } : null;
    }
    case RDB_TYPE.ZSET_ZIPLIST: {
      const z = zsetFromPairs(pairs(ziplistDecode(readString(r)), 'Zset ziplist'));
      return (z as { entries: unknown[] }).entries.length ? z : null;
    }
    case RDB_TYPE.ZSET_LISTPACK: {
      const z = zsetFromPairs(pairs(lpDecode(readString(r)), 'Zset listpack'));
      return (z as { entries: unknown[] }).entries.length ? z : null;
    }
    case RDB_TYPE.HASH_ZIPLIST:
    case RDB_TYPE.HASH_LISTPACK: {
      const data = readString(r);
      const ps = pairs(type === RDB_TYPE.HASH_ZIPLIST ? ziplistDecode(data) : lpDecode(data), 'Hash listpack');
      const entries = ps.map(([field, v]) => ({ field, value: lpEntryToBuffer(v) }));
      checkDupes(entries.map((e) => e.field), 'Hash with dup elements');
      return entries.length ? { type: 'hash', entries } : null;
    }
    case RDB_TYPE.HASH_ZIPMAP: {
      const entries = zipmapDecode(readString(r)).map((e) => ({ field: Buffer.from(e.field), value: Buffer.from(e.value) }));
      checkDupes(entries.map((e) => e.field), 'Hash zipmap with dup elements');
      return entries.length ? { type: 'hash', entries } : null;
    }
    case RDB_TYPE.STREAM_LISTPACKS:
    case RDB_TYPE.STREAM_LISTPACKS_2:
      return readStreamValue(r, type);
    default:
      throw new RdbError(`Unknown RDB encoding type ${type}`);
  }
}

export function readRdb(buf: Buffer, opts: ReadRdbOptions = {}): ReadRdbResult {
  const r = new ByteReader(buf);
  const magic = r.take(9).toString('latin1');
  if (!magic.startsWith('REDIS')) throw new RdbError('Wrong signature trying to load DB from file');
  const version = Number(magic.slice(5));
  if (!/^\d{4}$/.test(magic.slice(5)) || version < 1 || version > RDB_VERSION) throw new RdbError(`Can't handle RDB format version ${magic.slice(5)}`);
  const res: ReadRdbResult = { version, aux: {}, entries: [], functions: [], resizeDb: {}, skippedModuleAux: [], skippedModuleKeys: [] };
  let db = 0;
  let expireAtMs: number | undefined;
  let lruIdle: number | undefined;
  let lfuFreq: number | undefined;
  const skipEmpty = opts.skipEmptyKeys ?? true;
  for (;;) {
    const type = r.u8();
    if (type === RDB_OPCODE.EXPIRETIME) { expireAtMs = r.i32le() * 1000; continue; }
    if (type === RDB_OPCODE.EXPIRETIME_MS) { expireAtMs = Number(r.i64le()); continue; }
    if (type === RDB_OPCODE.FREQ) { lfuFreq = r.u8(); continue; }
    if (type === RDB_OPCODE.IDLE) { lruIdle = Number(readLenBig(r)); continue; }
    if (type === RDB_OPCODE.EOF) break;
    if (type === RDB_OPCODE.SELECTDB) { db = readLen(r); continue; }
    if (type === RDB_OPCODE.RESIZEDB) { const size = readLen(r); const expires = readLen(r); res.resizeDb[db] = { size, expires }; continue; }
    if (type === RDB_OPCODE.AUX) {
      const k = readString(r).toString('latin1');
      res.aux[k] = readString(r).toString('latin1');
      continue;
    }
    if (type === RDB_OPCODE.MODULE_AUX) {
      const id = readLenBig(r);
      const whenOp = readLen(r);
      readLen(r); // when
      if (whenOp !== 2) throw new RdbError('bad when_opcode');
      skipModulePayload(r);
      res.skippedModuleAux.push(moduleTypeName(id));
      continue;
    }
    if (type === RDB_OPCODE.FUNCTION2) { res.functions.push({ code: Buffer.from(readString(r)) }); continue; }
    if (type === RDB_OPCODE.FUNCTION) {
      // 7.0-rc1/rc2: name, engine, has-desc [desc], blob -> "#!<engine> name=<name>\n<blob>"
      const name = readString(r).toString('latin1');
      const engine = readString(r).toString('latin1');
      if (readLen(r)) readString(r);
      const blob = readString(r);
      res.functions.push({ code: Buffer.concat([Buffer.from(`#!${engine} name=${name}\n`, 'latin1'), blob]) });
      continue;
    }
    const key = Buffer.from(readString(r));
    if (type === RDB_TYPE.MODULE || type === RDB_TYPE.MODULE_2) {
      const id = readLenBig(r);
      const name = moduleTypeName(id);
      if (type === RDB_TYPE.MODULE_2 && opts.skipModuleValues) {
        skipModulePayload(r);
        res.skippedModuleKeys.push({ db, key, module: name });
        expireAtMs = lruIdle = lfuFreq = undefined;
        continue;
      }
      throw new RdbError(`The RDB file contains module data I can't load: no matching module type '${name}'`);
    }
    const value = readValue(r, type);
    if (value || !skipEmpty) {
      const e: RdbEntry = { db, key, value: value ?? emptyOf(type) };
      if (expireAtMs !== undefined) e.expireAtMs = expireAtMs;
      if (lruIdle !== undefined) e.lruIdle = lruIdle;
      if (lfuFreq !== undefined) e.lfuFreq = lfuFreq;
      res.entries.push(e);
    }
    expireAtMs = lruIdle = lfuFreq = undefined;
  }
  if (version >= 5) {
    const sumPos = r.pos;
    r.need(8);
    if (opts.checksum ?? true) {
      const stored = buf.subarray(sumPos, sumPos + 8);
      if (!stored.equals(Buffer.alloc(8))) {
        const crc = new Crc64().update(buf, 0, sumPos);
        if (!crc.equalsLE(buf, sumPos)) throw new RdbError('RDB CRC error');
      }
    }
  }
  return res;
}

function emptyOf(type: number): RdbValue {
  switch (type) {
    case RDB_TYPE.SET: case RDB_TYPE.SET_INTSET: return { type: 'set', members: [] };
    case RDB_TYPE.ZSET: case RDB_TYPE.ZSET_2: case RDB_TYPE.ZSET_LISTPACK: case RDB_TYPE.ZSET_ZIPLIST: return { type: 'zset', entries: [] };
    case RDB_TYPE.HASH: case RDB_TYPE.HASH_LISTPACK: case RDB_TYPE.HASH_ZIPLIST: case RDB_TYPE.HASH_ZIPMAP: return { type: 'hash', entries: [] };
    default: return { type: 'list', items: [] };
  }
}

export { readLenOrEnc };
