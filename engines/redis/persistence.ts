/**
 * Persistence bridge: the engine's keyspace ⇄ the type-neutral RDB codec
 * (rdb/). Used by DUMP/RESTORE, SAVE/BGSAVE, DEBUG RELOAD, the control
 * plane's snapshots and replication (FULLRESYNC payloads).
 *
 * Values are converted latin1 string ⇄ Buffer; encodings of loaded values are
 * chosen from the live config thresholds exactly as Redis 7.0's
 * rdbLoadObject does.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Entry, typeInfo, strBytes, strValue, type Db } from './keyspace.js';
import type { Server } from './server.js';
import { RdbWriter, readRdb, dumpPayload, RDB_TYPE, type RdbEncodingOptions, type RdbEntry, type RdbValue, type ReadRdbResult } from './rdb/index.js';
import { formatG17 } from './rdb/numfmt.js';
import { ListValue } from './types/list.js';
import { HashValue, hashLimits } from './types/hash.js';
import { SetValue, maxIntsetEntries } from './types/set.js';
import { ZsetValue, zsetEntries, zsetFromEntries, zsetLimits } from './types/zset.js';

const L = 'latin1';
const toBuf = (s: string): Buffer => Buffer.from(s, L);
const toStr = (b: Buffer): string => b.toString(L);

/**
 * Extension point for value types defined elsewhere (streams): conversion to
 * and from the RDB representation.
 */
export interface RdbTypeCodec {
  toRdb(e: Entry): RdbValue;
  fromRdb(server: Server, v: RdbValue): unknown;
}
const codecs = new Map<string, RdbTypeCodec>();
/** Register the RDB conversion of a value type (e.g. 'stream'). */
export function registerRdbCodec(type: string, codec: RdbTypeCodec): void { codecs.set(type, codec); }

/** One key's value in the type-neutral RDB form. */
export function valueToRdb(e: Entry): RdbValue {
  switch (e.type) {
    case 'string': { const v = strBytes(e); return { type: 'string', value: typeof v === 'string' ? toBuf(v) : Buffer.from(v) }; }
    case 'list': {
      const l = e.value as ListValue;
      const items = new Array<Buffer>(l.len);
      for (let i = 0; i < l.len; i++) items[i] = toBuf(l.get(i));
      return { type: 'list', items };
    }
    case 'hash': {
      const h = e.value as HashValue;
      const entries: { field: Buffer; value: Buffer }[] = [];
      for (const [f, v] of h.map) entries.push({ field: toBuf(f), value: toBuf(v) });
      return { type: 'hash', entries };
    }
    case 'set': {
      const s = e.value as SetValue;
      return { type: 'set', members: s.members().map(toBuf) };
    }
    case 'zset': {
      const z = e.value as ZsetValue;
      return { type: 'zset', entries: zsetEntries(z).map((x) => ({ member: toBuf(x.member), score: x.score })) };
    }
    default: {
      const c = codecs.get(e.type);
      if (c) return c.toRdb(e);
      throw new Error(`persistence: cannot serialize values of type '${e.type}'`);
    }
  }
}

/** RDB object types whose elements arrive packed (listpack/ziplist): Redis 7.0 checks only the element count on load. */
const PACKED_TYPES = new Set([RDB_TYPE.HASH_ZIPLIST, RDB_TYPE.HASH_LISTPACK, RDB_TYPE.ZSET_ZIPLIST, RDB_TYPE.ZSET_LISTPACK]);

/**
 * An engine value built from an RDB value, with the encoding Redis 7.0
 * would choose on load under the server's current config. `rdbType` (the
 * RDB object type byte, when known, e.g. a DUMP payload's first byte)
 * refines the choice exactly as rdbLoadObject does: packed hashes/zsets stay
 * packed unless they have too many elements, whatever their element sizes.
 */
export function rdbToValue(server: Server, v: RdbValue, rdbType?: number): { type: string; value: unknown } {
  const packed = rdbType !== undefined && PACKED_TYPES.has(rdbType as 13);
  switch (v.type) {
    case 'string': return { type: 'string', value: toStr(v.value) };
    case 'list': return { type: 'list', value: ListValue.from(v.items.map(toStr)) };
    case 'hash': {
      const lim = hashLimits(server);
      const h = new HashValue();
      let small = v.entries.length <= lim.entries;
      for (const x of v.entries) {
        if (small && !packed && (x.field.length > lim.value || x.value.length > lim.value)) small = false;
        h.set(toStr(x.field), toStr(x.value));
      }
      h.enc = small ? 'listpack' : 'hashtable';
      return { type: 'hash', value: h };
    }
    case 'set': {
      const s = new SetValue();
      for (const m of v.members) s.add(toStr(m));
      s.fit(maxIntsetEntries(server));
      return { type: 'set', value: s };
    }
    case 'zset': {
      const lim = zsetLimits(server);
      const z = zsetFromEntries(v.entries.map((x) => ({ member: toStr(x.member), score: x.score })), packed ? { entries: lim.entries, value: Number.MAX_SAFE_INTEGER } : lim);
      return { type: 'zset', value: z };
    }
    default: {
      const c = codecs.get(v.type);
      if (c) return { type: v.type, value: c.fromRdb(server, v) };
      throw new Error(`persistence: cannot load values of type '${v.type}'`);
    }
  }
}

/** RDB encoding options from the live config (rdbcompression, *-max-listpack-*, …). */
export function rdbOptions(server: Server): RdbEncodingOptions & { checksum: boolean } {
  const c = server.config;
  const n = (k: string): number => c.num(k);
  return {
    compression: c.get('rdbcompression') !== 'no',
    checksum: c.get('rdbchecksum') !== 'no',
    hashMaxListpackEntries: n('hash-max-listpack-entries'),
    hashMaxListpackValue: n('hash-max-listpack-value'),
    zsetMaxListpackEntries: n('zset-max-listpack-entries'),
    zsetMaxListpackValue: n('zset-max-listpack-value'),
    setMaxIntsetEntries: n('set-max-intset-entries'),
    listMaxListpackSize: n('list-max-listpack-size'),
    streamNodeMaxBytes: n('stream-node-max-bytes'),
    streamNodeMaxEntries: n('stream-node-max-entries'),
  };
}

/**
 * Encoding options that make the writer keep the value's current in-memory
 * encoding (Redis serializes what the object is, not what the thresholds
 * would choose now): a hash/set/zset converted to hashtable/skiplist stays
 * so after deletions, and a listpack stays a listpack after CONFIG SET lowered
 * the limits.
 */
export function encodingOptionsFor(e: Entry, base: RdbEncodingOptions): RdbEncodingOptions {
  const enc = (e.value as { enc?: string }).enc;
  switch (e.type) {
    case 'hash': return enc === 'hashtable'
      ? { ...base, hashMaxListpackEntries: -1 }
      : { ...base, hashMaxListpackEntries: Number.MAX_SAFE_INTEGER, hashMaxListpackValue: Number.MAX_SAFE_INTEGER };
    case 'set': return enc === 'hashtable' ? { ...base, setMaxIntsetEntries: -1 } : { ...base, setMaxIntsetEntries: 1 << 30 };
    case 'zset': return enc === 'skiplist'
      ? { ...base, zsetMaxListpackEntries: 0 }
      : { ...base, zsetMaxListpackEntries: Number.MAX_SAFE_INTEGER, zsetMaxListpackValue: Number.MAX_SAFE_INTEGER };
    default: return base;
  }
}

/** DUMP payload of one key, in its current encoding. */
export function dumpEntry(server: Server, e: Entry): Buffer {
  return dumpPayload(valueToRdb(e), encodingOptionsFor(e, rdbOptions(server)));
}

/** The RdbEntry of one key, with IDLE/FREQ as Redis writes them under the eviction policy. */
export function entryToRdb(server: Server, db: Db, e: Entry, now = Date.now()): RdbEntry {
  const r: RdbEntry = { db: db.id, key: toBuf(e.key), value: valueToRdb(e) };
  if (e.expireAt !== 0) r.expireAtMs = e.expireAt;
  const policy = server.ks.evict.policy;
  if (policy.endsWith('lru')) r.lruIdle = Math.max(0, Math.floor((now - e.lru) / 1000));
  else if (policy.endsWith('lfu')) r.lfuFreq = Math.max(0, Math.min(255, server.ks.freq(e)));
  return r;
}

function defaultAux(server: Server): Record<string, string> {
  return {
    'redis-ver': server.versionString(),
    'redis-bits': '64',
    ctime: String(Math.floor(Date.now() / 1000)),
    'used-mem': String(server.ks.baseMemory + server.ks.usedMemory),
  };
}

/**
 * Streaming RDB v10 of the whole dataset (all dbs, TTLs; expired-but-not-yet
 * -reclaimed keys are written too, like rdbSave). Each yielded chunk is part
 * of the file; the CRC covers all of them. Values are read lazily, so the
 * dataset must not change between chunks unless the caller accepts a
 * point-in-time-ish view (keys are snapshotted per db when the db starts).
 */
/** Function libraries in RDB (RDB_OPCODE_FUNCTION2): scripting/functions.ts installs these. */
export const rdbFunctionHooks: {
  save: ((s: Server) => string[]) | null;
  load: ((s: Server, codes: string[], flush: boolean) => void) | null;
} = { save: null, load: null };

export function* snapshotChunks(server: Server, aux?: Record<string, string>): Generator<Buffer> {
  const opts = rdbOptions(server);
  const w = new RdbWriter(opts);
  yield w.start({ ...defaultAux(server), ...aux }, rdbFunctionHooks.save?.(server) ?? []);
  for (const db of server.ks.dbs) {
    if (db.size === 0) continue;
    const entries = [...db.map.values()];
    yield w.selectDb(db.id, entries.length, db.expiresCount);
    const now = Date.now();
    let batch: Buffer[] = [], bytes = 0;
    for (const e of entries) {
      if (e.mem === 0 && !db.map.has(e.key)) continue; // deleted since the db started (streaming use)
      const chunk = w.entry(entryToRdb(server, db, e, now));
      batch.push(chunk); bytes += chunk.length;
      if (bytes >= 64 * 1024) { yield batch.length === 1 ? batch[0] : Buffer.concat(batch, bytes); batch = []; bytes = 0; }
    }
    if (batch.length) yield batch.length === 1 ? batch[0] : Buffer.concat(batch, bytes);
  }
  yield w.end();
}

/** The whole dataset as one RDB v10 buffer. */
export function writeSnapshot(server: Server, aux?: Record<string, string>): Buffer {
  return Buffer.concat([...snapshotChunks(server, aux)]);
}

export interface LoadOptions {
  /** Empty every db first (default true). */
  flush?: boolean;
  /** Skip keys whose TTL already passed (default true: Redis on a master). */
  skipExpired?: boolean;
}

/** Insert a loaded key without keyspace notifications (dbAddRDBLoad). Replaces an existing key. */
export function addLoadedKey(server: Server, db: Db, key: string, type: string, value: unknown, expireAt = 0): Entry {
  const old = db.map.get(key);
  if (old !== undefined) db.removeEntry(old);
  const e = new Entry(key, type, value);
  db.map.set(key, e);
  db.slots.add(e, false);
  server.ks.initAccess(e);
  if (expireAt > 0) db.setExpire(e, expireAt);
  server.ks.updateMem(e);
  return e;
}

/** Apply RDB IDLE / FREQ to an entry (objectSetLRUOrLFU). */
export function applyLruLfu(server: Server, e: Entry, lruIdle?: number, lfuFreq?: number): void {
  if (server.ks.isLfu) { if (lfuFreq !== undefined) e.lfu = lfuFreq; }
  else if (lruIdle !== undefined) e.lru = Date.now() - lruIdle * 1000;
}

/**
 * Load an RDB file into the server (replacing the dataset unless
 * `flush: false`). Throws RdbError for corrupt input before touching the
 * dataset. Returns the number of keys loaded.
 */
export function loadSnapshot(server: Server, buf: Buffer, opts: LoadOptions = {}): { keys: number; expired: number; aux: Record<string, string> } {
  const r: ReadRdbResult = readRdb(buf);
  const ndb = server.ks.dbs.length;
  for (const e of r.entries) {
    if (e.db >= ndb) throw new Error(`FATAL: Data file was created with a Redis server configured to handle more than ${ndb} databases. Exiting`);
  }
  if (opts.flush !== false) server.flushAll();
  rdbFunctionHooks.load?.(server, r.functions.map((f) => f.code.toString('latin1')), opts.flush !== false);
  const now = Date.now();
  const skipExpired = opts.skipExpired !== false;
  let keys = 0, expired = 0;
  for (const e of r.entries) {
    if (skipExpired && e.expireAtMs !== undefined && e.expireAtMs < now) { expired++; continue; }
    const db = server.ks.dbs[e.db];
    const v = rdbToValue(server, e.value);
    const ent = addLoadedKey(server, db, toStr(e.key), v.type, v.value, e.expireAtMs ?? 0);
    applyLruLfu(server, ent, e.lruIdle, e.lfuFreq);
    keys++;
  }
  return { keys, expired, aux: r.aux };
}

// ---------------------------------------------------------------------------
// SAVE / BGSAVE / DEBUG RELOAD state (per server, like Redis's server.dirty,
// server.lastsave, server.lastbgsave_status, server.child_pid …)

export interface PersistenceState {
  /** ks.dirty at the last successful save (rdb_changes_since_last_save = ks.dirty - this). */
  dirtyAtSave: number;
  saves: number;
  bgsaveInProgress: boolean;
  bgsaveStart: number;
  lastBgsaveStatus: 'ok' | 'err';
  lastBgsaveTimeSec: number;
  lastLoadKeysLoaded: number;
  lastLoadKeysExpired: number;
  /** Promise of the running BGSAVE (tests / shutdown can await it). */
  bgsave: Promise<void> | null;
}
const states = new WeakMap<Server, PersistenceState>();
export function persistenceState(server: Server): PersistenceState {
  let st = states.get(server);
  if (st === undefined) {
    st = { dirtyAtSave: 0, saves: 0, bgsaveInProgress: false, bgsaveStart: 0, lastBgsaveStatus: 'ok', lastBgsaveTimeSec: -1, lastLoadKeysLoaded: 0, lastLoadKeysExpired: 0, bgsave: null };
    states.set(server, st);
  }
  return st;
}

/** dir/dbfilename from the live config. */
export function rdbPath(server: Server): string {
  return path.resolve(server.config.get('dir') || '.', server.config.get('dbfilename') || 'dump.rdb');
}

function tempPath(server: Server, bg: boolean): string {
  const dir = path.dirname(rdbPath(server));
  return path.join(dir, bg ? `temp-${process.pid}-${server.port}-bg.rdb` : `temp-${process.pid}-${server.port}.rdb`);
}

function markSaved(server: Server, dirtyAt: number): void {
  const st = persistenceState(server);
  st.dirtyAtSave = dirtyAt;
  st.saves++;
  server.lastSave = Math.floor(Date.now() / 1000);
}

/** SAVE: write the RDB atomically (temp file + rename) into dir/dbfilename. Returns the bytes written. */
export function saveToDisk(server: Server): Buffer {
  const dirty = server.ks.dirty;
  const buf = writeSnapshot(server);
  const tmp = tempPath(server, false);
  try {
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, rdbPath(server));
  } catch (err) {
    try { fs.unlinkSync(tmp); } catch { /* ignore */ }
    persistenceState(server).lastBgsaveStatus = 'err';
    throw err;
  }
  markSaved(server, dirty);
  persistenceState(server).lastBgsaveStatus = 'ok';
  return buf;
}

/** One db of a captured image, as parallel arrays (cheaper than an object per key). */
export interface DbImage { db: number; expires: number; keys: string[]; types: string[]; values: unknown[]; expireAt: number[]; lru: number[]; lfu: number[] }

/**
 * A point-in-time image of the dataset that later writes cannot change (what
 * fork() gives Redis): strings are immutable JS strings and are shared,
 * collections are deep-copied.
 */
export function captureDataset(server: Server): DbImage[] {
  const out: DbImage[] = [];
  for (const db of server.ks.dbs) {
    const n = db.size;
    if (n === 0) continue;
    const im: DbImage = { db: db.id, expires: db.expiresCount, keys: new Array(n), types: new Array(n), values: new Array(n), expireAt: new Array(n), lru: new Array(n), lfu: new Array(n) };
    let i = 0;
    for (const e of db.map.values()) {
      im.keys[i] = e.key; im.types[i] = e.type;
      if (e.type === 'string') im.values[i] = strValue(e); // a StrBuf is mutable: snapshot its string form
      else { const ti = typeInfo(e.type); im.values[i] = ti ? ti.copy(e.value) : e.value; }
      im.expireAt[i] = e.expireAt; im.lru[i] = e.lru; im.lfu[i] = e.lfu;
      i++;
    }
    out.push(im);
  }
  return out;
}

/** Serialize a captured image into `file`, yielding to the event loop every few ms (the loop keeps serving clients). */
async function writeImage(server: Server, image: DbImage[], aux: Record<string, string>, file: string): Promise<void> {
  const fh = await fs.promises.open(file, 'w');
  try {
    const w = new RdbWriter(rdbOptions(server));
    await fh.write(w.start(aux));
    const policy = server.ks.evict.policy;
    const now = Date.now();
    for (const d of image) {
      let batch: Buffer[] = [w.selectDb(d.db, d.keys.length, d.expires)];
      let bytes = batch[0].length;
      let t0 = performance.now();
      for (let i = 0; i < d.keys.length; i++) {
        const x = new Entry(d.keys[i], d.types[i], d.values[i]);
        x.lru = d.lru[i]; x.lfu = d.lfu[i];
        const r: RdbEntry = { db: d.db, key: toBuf(x.key), value: valueToRdb(x) };
        if (d.expireAt[i] !== 0) r.expireAtMs = d.expireAt[i];
        if (policy.endsWith('lru')) r.lruIdle = Math.max(0, Math.floor((now - x.lru) / 1000));
        else if (policy.endsWith('lfu')) r.lfuFreq = Math.max(0, Math.min(255, server.ks.freq(x)));
        const b = w.entry(r);
        batch.push(b); bytes += b.length;
        if (bytes >= 1 << 20 || ((i & 255) === 255 && performance.now() - t0 > 8)) {
          await fh.write(Buffer.concat(batch, bytes));
          batch = []; bytes = 0; t0 = performance.now();
        }
      }
      if (bytes > 0) await fh.write(Buffer.concat(batch, bytes));
    }
    await fh.write(w.end());
  } finally {
    await fh.close();
  }
}

/**
 * BGSAVE: a point-in-time image is captured synchronously (cheap: pointer
 * copies for strings, deep copies for collections); encoding and writing run
 * asynchronously in slices, then the temp file is renamed over
 * dir/dbfilename. Returns false when a background save already runs.
 */
export function startBgsave(server: Server): boolean {
  const st = persistenceState(server);
  if (st.bgsaveInProgress) return false;
  const dirty = server.ks.dirty;
  const image = captureDataset(server);
  const aux = defaultAux(server);
  const tmp = tempPath(server, true);
  const target = rdbPath(server);
  st.bgsaveInProgress = true;
  st.bgsaveStart = Date.now();
  st.bgsave = (async () => {
    let ok = true;
    try {
      await writeImage(server, image, aux, tmp);
      await fs.promises.rename(tmp, target);
    } catch {
      ok = false;
      await fs.promises.unlink(tmp).catch(() => undefined);
    }
    st.bgsaveInProgress = false;
    st.lastBgsaveTimeSec = Math.round((Date.now() - st.bgsaveStart) / 1000);
    st.lastBgsaveStatus = ok ? 'ok' : 'err';
    if (ok) markSaved(server, dirty);
    st.bgsave = null;
  })();
  return true;
}

/** Load dir/dbfilename (or `file`) into the server, replacing the dataset. */
export function loadFromDisk(server: Server, file = rdbPath(server), opts: LoadOptions = {}): { keys: number; expired: number } {
  const buf = fs.readFileSync(file);
  const r = loadSnapshot(server, buf, opts);
  const st = persistenceState(server);
  st.lastLoadKeysLoaded = r.keys;
  st.lastLoadKeysExpired = r.expired;
  st.dirtyAtSave = server.ks.dirty;
  return r;
}

/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save (unless NOSAVE), empty the
 * dataset (unless NOFLUSH), load the file back. Returns the error reply or null.
 */
export function debugReload(server: Server, args: string[]): string | null {
  let flush = true, save = true;
  for (const a of args) {
    const o = a.toLowerCase();
    if (o === 'merge') { /* duplicates replace existing keys */ } else if (o === 'noflush') flush = false;
    else if (o === 'nosave') save = false;
    else return 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.';
  }
  let buf: Buffer;
  if (save) {
    try { buf = saveToDisk(server); } catch { return 'ERR'; }
  } else {
    try { buf = fs.readFileSync(rdbPath(server)); } catch { return 'ERR Error trying to load the RDB dump, check server logs.'; }
  }
  try {
    // The just-written bytes are loaded (same content as the file; no race with other writers of the path).
    const r = loadSnapshot(server, buf, { flush });
    const st = persistenceState(server);
    st.lastLoadKeysLoaded = r.keys;
    st.lastLoadKeysExpired = r.expired;
  } catch {
    return 'ERR Error trying to load the RDB dump, check server logs.';
  }
  return null;
}

/** INFO persistence fields owned by this module. */
export function persistenceInfo(server: Server): Record<string, string | number> {
  const st = persistenceState(server);
  return {
    rdb_changes_since_last_save: server.ks.dirty - st.dirtyAtSave,
    rdb_bgsave_in_progress: st.bgsaveInProgress ? 1 : 0,
    rdb_last_save_time: server.lastSave,
    rdb_last_bgsave_status: st.lastBgsaveStatus,
    rdb_last_bgsave_time_sec: st.lastBgsaveTimeSec,
    rdb_current_bgsave_time_sec: st.bgsaveInProgress ? Math.floor((Date.now() - st.bgsaveStart) / 1000) : -1,
    rdb_saves: st.saves,
    rdb_last_load_keys_expired: st.lastLoadKeysExpired,
    rdb_last_load_keys_loaded: st.lastLoadKeysLoaded,
  };
}

// ---------------------------------------------------------------------------
// DEBUG DIGEST / DIGEST-VALUE (debug.c computeDatasetDigest / xorObjectDigest)

function sha1(data: Buffer): Buffer { return crypto.createHash('sha1').update(data).digest(); }
function xorDigest(d: Buffer, data: Buffer): void { const h = sha1(data); for (let j = 0; j < 20; j++) d[j] ^= h[j]; }
function mixDigest(d: Buffer, data: Buffer): void { xorDigest(d, data); sha1(d).copy(d); }
const OBJ_TYPE: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };
const EXPIRE_MARK = Buffer.from('!!expire!!');

/** The 20-byte digest of one key: type, value, expire flag (and the key name first when withKey, as DEBUG DIGEST does). */
export function keyDigest(e: Entry, withKey = false): Buffer {
  const d = Buffer.alloc(20);
  if (withKey) mixDigest(d, toBuf(e.key));
  const t = Buffer.alloc(4); t.writeUInt32BE(OBJ_TYPE[e.type] ?? 0); mixDigest(d, t);
  const v = valueToRdb(e);
  switch (v.type) {
    case 'string': mixDigest(d, v.value); break;
    case 'list': for (const it of v.items) mixDigest(d, it); break;
    case 'set': for (const m of v.members) xorDigest(d, m); break;
    case 'zset': for (const x of v.entries) {
      const ed = Buffer.alloc(20);
      mixDigest(ed, x.member); mixDigest(ed, Buffer.from(formatG17(x.score), L));
      xorDigest(d, ed);
    } break;
    case 'hash': for (const x of v.entries) {
      const ed = Buffer.alloc(20);
      mixDigest(ed, x.field); mixDigest(ed, x.value);
      xorDigest(d, ed);
    } break;
    case 'stream': for (const x of v.entries) { // "<ms>.<seq>", then each field and value (groups are not digested)
      mixDigest(d, Buffer.from(`${x.id.ms}.${x.id.seq}`, L));
      for (const f of x.fields) { mixDigest(d, f.field); mixDigest(d, f.value); }
    } break;
  }
  if (e.expireAt !== 0) xorDigest(d, EXPIRE_MARK);
  return d;
}

/** DEBUG DIGEST: 40 hex chars, all zeros for an empty dataset. */
export function datasetDigest(server: Server): string {
  const final = Buffer.alloc(20);
  for (const db of server.ks.dbs) {
    if (db.size === 0) continue;
    const aux = Buffer.alloc(4); aux.writeUInt32BE(db.id); mixDigest(final, aux);
    for (const e of db.map.values()) xorDigest(final, keyDigest(e, true));
  }
  return final.toString('hex');
}
