/**
 * RDB writer (version 10, as redis-server 7.0 writes it). Values are encoded
 * the way Redis 7.0 would hold them in memory with default settings, so a real
 * server loads them into the same encodings (OBJECT ENCODING parity).
 */
import { ByteWriter } from './bytes.js';
import { Crc64 } from './crc64.js';
import { intsetEncode } from './intset.js';
import { writeLen } from './length.js';
import { ListpackBuilder } from './listpack.js';
import { d2string, doubleIsLongLong, parseStrictInt } from './numfmt.js';
import { writeStreamValue } from './stream.js';
import { writeString } from './strings.js';
import { RDB_OPCODE, RDB_TYPE, RDB_VERSION, type RdbEncodingOptions, type RdbEntry, type RdbValue } from './types.js';

export interface RdbWriterOptions extends RdbEncodingOptions {
  /** rdbchecksum: write the CRC64 (default true); false writes 8 zero bytes. */
  checksum?: boolean;
}

type Resolved = Required<RdbEncodingOptions>;
export function resolveOptions(o: RdbEncodingOptions = {}): Resolved {
  return {
    compression: o.compression ?? true,
    hashMaxListpackEntries: o.hashMaxListpackEntries ?? 512,
    hashMaxListpackValue: o.hashMaxListpackValue ?? 64,
    zsetMaxListpackEntries: o.zsetMaxListpackEntries ?? 128,
    zsetMaxListpackValue: o.zsetMaxListpackValue ?? 64,
    setMaxIntsetEntries: o.setMaxIntsetEntries ?? 512,
    listMaxListpackSize: o.listMaxListpackSize ?? -2,
    streamNodeMaxBytes: o.streamNodeMaxBytes ?? 4096,
    streamNodeMaxEntries: o.streamNodeMaxEntries ?? 100,
  };
}

/** The encoding Redis 7.0 would use for this value in memory (OBJECT ENCODING). */
export function objectEncoding(v: RdbValue, opts: RdbEncodingOptions = {}): string {
  const o = resolveOptions(opts);
  switch (v.type) {
    case 'string': {
      const n = v.value.length <= 20 ? parseStrictInt(v.value) : null;
      return n !== null ? 'int' : v.value.length <= 44 ? 'embstr' : 'raw';
    }
    case 'list': return 'quicklist';
    case 'set': return useIntset(v.members, o) ? 'intset' : 'hashtable';
    case 'zset': return useZsetListpack(v.entries, o) ? 'listpack' : 'skiplist';
    case 'hash': return useHashListpack(v.entries, o) ? 'listpack' : 'hashtable';
    case 'stream': return 'stream';
  }
}

function useIntset(members: Buffer[], o: Resolved): boolean {
  if (members.length > Math.min(o.setMaxIntsetEntries, 1 << 30)) return false;
  for (const m of members) if (parseStrictInt(m) === null) return false;
  return true;
}
function useZsetListpack(entries: { member: Buffer }[], o: Resolved): boolean {
  if (o.zsetMaxListpackEntries === 0 || entries.length > o.zsetMaxListpackEntries) return false;
  for (const e of entries) if (e.member.length > o.zsetMaxListpackValue) return false;
  return true;
}
function useHashListpack(entries: { field: Buffer; value: Buffer }[], o: Resolved): boolean {
  if (entries.length > o.hashMaxListpackEntries) return false;
  for (const e of entries) if (e.field.length > o.hashMaxListpackValue || e.value.length > o.hashMaxListpackValue) return false;
  return true;
}

const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
/** Splits list items into quicklist nodes as RPUSH would (quicklist _quicklistNodeAllowInsert). */
export function quicklistNodes(items: Buffer[], fill: number): Buffer[] {
  const nodes: Buffer[] = [];
  let cur: ListpackBuilder | null = null;
  const allow = (node: ListpackBuilder, sz: number): boolean => {
    const newSz = node.bytes + sz + 8;
    if (fill < 0) {
      const off = -fill - 1;
      if (off < OPTIMIZATION_LEVEL.length && newSz <= OPTIMIZATION_LEVEL[off]) return true;
      if (off < OPTIMIZATION_LEVEL.length) return false;
    }
    if (newSz > 8192) return false;
    return node.length < fill;
  };
  for (const it of items) {
    if (!cur || !allow(cur, it.length)) {
      if (cur) nodes.push(cur.finish());
      cur = new ListpackBuilder(Math.min(8192, 64 + it.length));
    }
    cur.append(it);
  }
  if (cur) nodes.push(cur.finish());
  return nodes;
}

function cmpZ(a: { member: Buffer; score: number }, b: { member: Buffer; score: number }): number {
  return a.score < b.score ? -1 : a.score > b.score ? 1 : Buffer.compare(a.member, b.member);
}

/** Writes the value body; returns the RDB type byte to put before the key. */
export function encodeValue(w: ByteWriter, v: RdbValue, o: Resolved): number {
  const c = o.compression;
  switch (v.type) {
    case 'string':
      writeString(w, v.value, c);
      return RDB_TYPE.STRING;
    case 'list': {
      const nodes = quicklistNodes(v.items, o.listMaxListpackSize);
      writeLen(w, nodes.length);
      for (const n of nodes) { writeLen(w, 2 /* PACKED */); writeString(w, n, c); }
      return RDB_TYPE.LIST_QUICKLIST_2;
    }
    case 'set':
      if (useIntset(v.members, o)) {
        writeString(w, intsetEncode(v.members.map((m) => parseStrictInt(m)!)), c);
        return RDB_TYPE.SET_INTSET;
      }
      writeLen(w, v.members.length);
      for (const m of v.members) writeString(w, m, c);
      return RDB_TYPE.SET;
    case 'zset': {
      const sorted = [...v.entries].sort(cmpZ);
      if (useZsetListpack(v.entries, o)) {
        const lp = new ListpackBuilder(64);
        for (const e of sorted) {
          lp.append(e.member);
          if (doubleIsLongLong(e.score)) lp.appendInt(e.score === 0 ? 0 : (Number.isSafeInteger(e.score) ? e.score : BigInt(e.score)));
          else lp.appendString(Buffer.from(d2string(e.score), 'latin1'));
        }
        writeString(w, lp.finish(), c);
        return RDB_TYPE.ZSET_LISTPACK;
      }
      writeLen(w, sorted.length);
      for (let i = sorted.length - 1; i >= 0; i--) {
        writeString(w, sorted[i].member, c);
        w.f64le(sorted[i].score);
      }
      return RDB_TYPE.ZSET_2;
    }
    case 'hash':
      if (useHashListpack(v.entries, o)) {
        const lp = new ListpackBuilder(64);
        for (const e of v.entries) { lp.append(e.field); lp.append(e.value); }
        writeString(w, lp.finish(), c);
        return RDB_TYPE.HASH_LISTPACK;
      }
      writeLen(w, v.entries.length);
      for (const e of v.entries) { writeString(w, e.field, c); writeString(w, e.value, c); }
      return RDB_TYPE.HASH;
    case 'stream':
      writeStreamValue(w, v, c, o.streamNodeMaxBytes, o.streamNodeMaxEntries);
      return RDB_TYPE.STREAM_LISTPACKS_2;
  }
}

/** [type byte][value] as used by DUMP (without the footer). */
export function encodeTypedValue(v: RdbValue, opts: RdbEncodingOptions = {}): Buffer {
  const body = new ByteWriter(256);
  body.pos = 1;
  const t = encodeValue(body, v, resolveOptions(opts));
  body.buf[0] = t;
  return body.toBuffer();
}

const AUX_ORDER = ['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'repl-stream-db', 'repl-id', 'repl-offset', 'aof-base'];

/**
 * Streaming writer: each call returns the next chunk of the file, and the
 * checksum runs over everything. Call start(), then for each db selectDb()
 * followed by its entries, then end().
 */
export class RdbWriter {
  private crc = new Crc64();
  private o: Resolved;
  private w = new ByteWriter(4096);
  private checksum: boolean;
  constructor(opts: RdbWriterOptions = {}) {
    this.o = resolveOptions(opts);
    this.checksum = opts.checksum ?? true;
  }

  private flush(): Buffer {
    const out = this.w.toBuffer();
    this.w.reset();
    if (this.checksum) this.crc.update(out);
    return out;
  }

  /** Magic, aux fields (defaults filled in: redis-ver, redis-bits, ctime, used-mem, aof-base) and function libraries. */
  start(aux: Record<string, string> = {}, functions: (Buffer | string)[] = []): Buffer {
    const w = this.w;
    w.bytes(Buffer.from(`REDIS${String(RDB_VERSION).padStart(4, '0')}`, 'latin1'));
    const all: Record<string, string> = {
      'redis-ver': '7.0.15', 'redis-bits': '64', ctime: String(Math.floor(Date.now() / 1000)), 'used-mem': '0',
      ...aux,
    };
    if (all['aof-base'] === undefined) all['aof-base'] = '0';
    const keys = [...AUX_ORDER.filter((k) => all[k] !== undefined), ...Object.keys(all).filter((k) => !AUX_ORDER.includes(k))];
    for (const k of keys) {
      w.byte(RDB_OPCODE.AUX);
      writeString(w, Buffer.from(k, 'latin1'), this.o.compression);
      writeString(w, Buffer.from(all[k], 'latin1'), this.o.compression);
    }
    for (const f of functions) {
      w.byte(RDB_OPCODE.FUNCTION2);
      writeString(w, typeof f === 'string' ? Buffer.from(f) : f, this.o.compression);
    }
    return this.flush();
  }

  /** SELECTDB + RESIZEDB. */
  selectDb(db: number, size: number, expires: number): Buffer {
    const w = this.w;
    w.byte(RDB_OPCODE.SELECTDB); writeLen(w, db);
    w.byte(RDB_OPCODE.RESIZEDB); writeLen(w, size); writeLen(w, expires);
    return this.flush();
  }

  /** One key (EXPIRETIME_MS, IDLE, FREQ opcodes first when set). The db field is not used here. */
  entry(e: RdbEntry): Buffer {
    const w = this.w;
    if (e.expireAtMs !== undefined) { w.byte(RDB_OPCODE.EXPIRETIME_MS); w.i64le(BigInt(Math.trunc(e.expireAtMs))); }
    if (e.lruIdle !== undefined) { w.byte(RDB_OPCODE.IDLE); writeLen(w, e.lruIdle); }
    if (e.lfuFreq !== undefined) { w.byte(RDB_OPCODE.FREQ); w.byte(e.lfuFreq); }
    const typePos = w.pos;
    w.byte(0);
    writeString(w, e.key, this.o.compression);
    const t = encodeValue(w, e.value, this.o);
    w.buf[typePos] = t;
    return this.flush();
  }

  /** EOF opcode and the CRC64 (little endian). */
  end(): Buffer {
    this.w.byte(RDB_OPCODE.EOF);
    const eof = this.flush();
    const sum = this.checksum ? this.crc.bytesLE() : Buffer.alloc(8);
    return Buffer.concat([eof, sum]);
  }
}

export interface WriteRdbOptions extends RdbWriterOptions {
  /** FUNCTION2 library sources, written after the aux fields. */
  functions?: (Buffer | string)[];
}

/** Streaming variant: yields the file in chunks (entries grouped by db, ascending). */
export function* writeRdbChunks(entries: Iterable<RdbEntry>, aux?: Record<string, string>, opts: WriteRdbOptions = {}): Generator<Buffer> {
  const byDb = new Map<number, RdbEntry[]>();
  for (const e of entries) {
    let l = byDb.get(e.db);
    if (!l) byDb.set(e.db, (l = []));
    l.push(e);
  }
  const w = new RdbWriter(opts);
  yield w.start(aux, opts.functions);
  for (const db of [...byDb.keys()].sort((a, b) => a - b)) {
    const list = byDb.get(db)!;
    yield w.selectDb(db, list.length, list.filter((e) => e.expireAtMs !== undefined).length);
    for (const e of list) yield w.entry(e);
  }
  yield w.end();
}

export function writeRdb(entries: Iterable<RdbEntry>, aux?: Record<string, string>, opts: WriteRdbOptions = {}): Buffer {
  return Buffer.concat([...writeRdbChunks(entries, aux, opts)]);
}
