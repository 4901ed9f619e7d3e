/**
 * Streams in RDB_TYPE_STREAM_LISTPACKS_2 (Redis 7.0) and the older
 * RDB_TYPE_STREAM_LISTPACKS (5.0-6.2, read only).
 *
 * The entries live in listpacks keyed (in a rax) by their master ID, 16 bytes
 * big endian. Each listpack starts with a master entry
 *   count, deleted, num-fields, field_1..field_N, 0
 * followed by entries
 *   flags, ms-diff, seq-diff, [num-fields, field_i, value_i ... | value_i ...], lp-count
 * (flags: 1 = deleted, 2 = same fields as the master entry).
 */
import { ByteReader, ByteWriter, RdbError } from './bytes.js';
import { readLen, readLenBig, writeLen } from './length.js';
import { ListpackBuilder, lpDecode, lpEntryToBuffer, lpEntryToInt, type LpEntry } from './listpack.js';
import { readString, writeString } from './strings.js';
import { RDB_TYPE, type StreamId, type StreamValue, type StreamEntry, type StreamGroup, type StreamPendingEntry } from './types.js';

const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;
const U64_MAX = 0xffffffffffffffffn;

export function encodeStreamId(id: StreamId): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(id.ms, 0); b.writeBigUInt64BE(id.seq, 8);
  return b;
}
export function decodeStreamId(b: Buffer): StreamId {
  if (b.length !== 16) throw new RdbError('Stream node key entry is not the size of a stream ID');
  return { ms: b.readBigUInt64BE(0), seq: b.readBigUInt64BE(8) };
}
export function compareStreamId(a: StreamId, b: StreamId): number {
  return a.ms < b.ms ? -1 : a.ms > b.ms ? 1 : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0;
}

/** Packs live entries into node listpacks the way XADD does. */
export function buildStreamNodes(entries: StreamEntry[], maxBytes = 4096, maxEntries = 100): { master: StreamId; lp: Buffer }[] {
  const nodes: { master: StreamId; lp: Buffer }[] = [];
  let lp: ListpackBuilder | null = null;
  let master: StreamId = { ms: 0n, seq: 0n };
  let masterFields: Buffer[] = [];
  let count = 0;
  const nodeMax = maxBytes === 0 || maxBytes > 1 << 30 ? 1 << 30 : maxBytes;
  const flush = (): void => {
    if (!lp) return;
    nodes.push({ master, lp: finishNode(lp, count) });
    lp = null;
  };
  for (const e of entries) {
    let tot = 0;
    for (const f of e.fields) tot += f.field.length + f.value.length;
    if (lp) {
      if (lp.bytes + tot >= nodeMax) flush();
      else if (maxEntries && count >= maxEntries) flush();
    }
    let flags = 0;
    if (!lp) {
      lp = new ListpackBuilder(256);
      master = e.id;
      masterFields = e.fields.map((f) => f.field);
      count = 0;
      lp.appendInt(1); lp.appendInt(0); lp.appendInt(masterFields.length);
      for (const f of masterFields) lp.append(f);
      lp.appendInt(0);
      flags = FLAG_SAMEFIELDS;
    } else if (e.fields.length === masterFields.length && e.fields.every((f, i) => f.field.equals(masterFields[i]))) {
      flags = FLAG_SAMEFIELDS;
    }
    count++;
    lp.appendInt(flags);
    lp.appendInt(e.id.ms - master.ms);
    lp.appendInt(e.id.seq - master.seq);
    const same = (flags & FLAG_SAMEFIELDS) !== 0;
    if (!same) lp.appendInt(e.fields.length);
    for (const f of e.fields) {
      if (!same) lp.append(f.field);
      lp.append(f.value);
    }
    lp.appendInt(e.fields.length + 3 + (same ? 0 : e.fields.length + 1));
  }
  flush();
  return nodes;
}

/** The live count is the first master-entry element; the builder wrote 1, patch it. */
function finishNode(lp: ListpackBuilder, count: number): Buffer {
  const buf = lp.finish();
  if (count === 1) return buf;
  if (count <= 127) { buf[6] = count; return buf; } // 7-bit uint entry: same size, patch in place
  // Rebuild with the right count: decode and re-encode (simple and exact).
  const items = lpDecode(buf);
  items[0] = count;
  const b = new ListpackBuilder(buf.length + 8);
  for (const it of items) {
    if (typeof it === 'number' || typeof it === 'bigint') b.appendInt(it); else b.appendString(it);
  }
  return b.finish();
}

function big(v: LpEntry): bigint { const x = lpEntryToInt(v); return typeof x === 'bigint' ? x : BigInt(x); }
function num(v: LpEntry): number { const x = lpEntryToInt(v); return typeof x === 'bigint' ? Number(x) : x; }

/** Decodes one node listpack into its live entries. */
export function decodeStreamNode(master: StreamId, lp: Buffer): StreamEntry[] {
  const it = lpDecode(lp);
  const bad = (): never => { throw new RdbError('Stream listpack integrity check failed.'); };
  if (it.length < 4) bad();
  let p = 0;
  const count = num(it[p++]);
  const deleted = num(it[p++]);
  const nMaster = num(it[p++]);
  if (nMaster < 0 || p + nMaster >= it.length) bad();
  const masterFields = it.slice(p, p + nMaster).map(lpEntryToBuffer);
  p += nMaster;
  if (num(it[p++]) !== 0) bad();
  const out: StreamEntry[] = [];
  let seen = 0;
  while (p < it.length) {
    const start = p;
    if (p + 3 > it.length) bad();
    const flags = num(it[p++]);
    const ms = master.ms + big(it[p++]);
    const seq = master.seq + big(it[p++]);
    let fields: { field: Buffer; value: Buffer }[];
    if (flags & FLAG_SAMEFIELDS) {
      if (p + nMaster > it.length) bad();
      fields = masterFields.map((f, i) => ({ field: f, value: lpEntryToBuffer(it[p + i]) }));
      p += nMaster;
    } else {
      if (p >= it.length) bad();
      const n = num(it[p++]);
      if (n < 0 || p + 2 * n > it.length) bad();
      fields = [];
      for (let i = 0; i < n; i++) fields.push({ field: lpEntryToBuffer(it[p + 2 * i]), value: lpEntryToBuffer(it[p + 2 * i + 1]) });
      p += 2 * n;
    }
    if (p >= it.length) bad();
    const lpCount = num(it[p++]);
    if (lpCount !== p - start - 1) bad();
    seen++;
    if (!(flags & FLAG_DELETED)) out.push({ id: { ms: BigInt.asUintN(64, ms), seq: BigInt.asUintN(64, seq) }, fields });
  }
  if (seen !== count + deleted || out.length !== count) bad();
  return out;
}

const byBytes = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

export function writeStreamValue(w: ByteWriter, v: StreamValue, compression: boolean, maxBytes: number, maxEntries: number): void {
  const nodes = v.nodes ?? buildStreamNodes(v.entries, maxBytes, maxEntries);
  writeLen(w, nodes.length);
  for (const n of nodes) {
    writeString(w, encodeStreamId(n.master), compression);
    writeString(w, n.lp, compression);
  }
  writeLen(w, v.entries.length);
  writeLen(w, v.lastId.ms); writeLen(w, v.lastId.seq);
  writeLen(w, v.firstId.ms); writeLen(w, v.firstId.seq);
  writeLen(w, v.maxDeletedId.ms); writeLen(w, v.maxDeletedId.seq);
  writeLen(w, BigInt.asUintN(64, v.entriesAdded));
  const groups = [...v.groups].sort((a, b) => byBytes(a.name, b.name));
  writeLen(w, groups.length);
  for (const g of groups) {
    writeString(w, g.name, compression);
    writeLen(w, g.lastId.ms); writeLen(w, g.lastId.seq);
    writeLen(w, BigInt.asUintN(64, g.entriesRead));
    const pel = [...g.pending].sort((a, b) => compareStreamId(a.id, b.id));
    writeLen(w, pel.length);
    for (const n of pel) {
      w.bytes(encodeStreamId(n.id));
      w.i64le(BigInt(n.deliveryTime));
      writeLen(w, n.deliveryCount);
    }
    const consumers = [...g.consumers].sort((a, b) => byBytes(a.name, b.name));
    writeLen(w, consumers.length);
    for (const c of consumers) {
      writeString(w, c.name, compression);
      w.i64le(BigInt(c.seenTime));
      const own = pel.filter((n) => n.consumer !== null && n.consumer.equals(c.name));
      writeLen(w, own.length);
      for (const n of own) w.bytes(encodeStreamId(n.id));
    }
  }
}

/**
 * Pre-7.0 files have no group read counter: Redis 7.0 estimates it on load
 * (streamEstimateDistanceFromFirstEverEntry with entries_added = length and
 * no tombstones recorded).
 */
function legacyEntriesRead(id: StreamId, entries: StreamEntry[], lastId: StreamId): bigint {
  const n = BigInt(entries.length);
  if (n === 0n) return 0n; // entries_added = length = 0
  const cl = compareStreamId(id, lastId);
  if (cl === 0) return n;
  if (cl > 0) return -1n;
  const cf = compareStreamId(id, entries[0].id);
  if (cf < 0) return 0n;
  if (cf === 0) return 1n;
  return -1n;
}

export function readStreamValue(r: ByteReader, rdbtype: number): StreamValue {
  const nodes = readLen(r);
  const entries: StreamEntry[] = [];
  const raw: { master: StreamId; lp: Buffer }[] = [];
  let prevMaster: StreamId | null = null;
  for (let i = 0; i < nodes; i++) {
    const key = readString(r);
    const master = decodeStreamId(key);
    if (prevMaster && compareStreamId(prevMaster, master) >= 0) throw new RdbError('Listpack re-added with existing key');
    prevMaster = master;
    const lp = readString(r);
    const es = decodeStreamNode(master, lp);
    if (es.length === 0 && lpDecode(lp).length === 0) throw new RdbError('Empty listpack inside stream');
    for (const e of es) entries.push(e);
    raw.push({ master, lp });
  }
  const length = readLen(r);
  if (length !== entries.length) throw new RdbError('Stream length inconsistent with rax entries');
  const lastId = { ms: readLenBig(r), seq: readLenBig(r) };
  let firstId: StreamId, maxDeletedId: StreamId, entriesAdded: bigint;
  if (rdbtype === RDB_TYPE.STREAM_LISTPACKS_2) {
    firstId = { ms: readLenBig(r), seq: readLenBig(r) };
    maxDeletedId = { ms: readLenBig(r), seq: readLenBig(r) };
    entriesAdded = readLenBig(r);
  } else {
    firstId = entries.length ? entries[0].id : { ms: 0n, seq: 0n };
    maxDeletedId = { ms: 0n, seq: 0n };
    entriesAdded = BigInt(length);
  }
  const ngroups = readLen(r);
  const groups: StreamGroup[] = [];
  for (let g = 0; g < ngroups; g++) {
    const name = readString(r);
    const glast = { ms: readLenBig(r), seq: readLenBig(r) };
    let entriesRead: bigint;
    if (rdbtype === RDB_TYPE.STREAM_LISTPACKS_2) {
      const er = readLenBig(r);
      entriesRead = er === U64_MAX ? -1n : BigInt.asIntN(64, er);
    } else entriesRead = legacyEntriesRead(glast, entries, lastId);
    const npel = readLen(r);
    const pending: StreamPendingEntry[] = [];
    const byId = new Map<string, StreamPendingEntry>();
    for (let i = 0; i < npel; i++) {
      const raw = r.take(16);
      const id = decodeStreamId(raw);
      const deliveryTime = Number(r.i64le());
      const deliveryCount = readLen(r);
      const k = raw.toString('latin1');
      if (byId.has(k)) throw new RdbError('Duplicated global PEL entry loading stream consumer group');
      const n: StreamPendingEntry = { id, deliveryTime, deliveryCount, consumer: null };
      byId.set(k, n);
      pending.push(n);
    }
    const ncons = readLen(r);
    const consumers = [];
    for (let c = 0; c < ncons; c++) {
      const cname = readString(r);
      const seenTime = Number(r.i64le());
      const n = readLen(r);
      for (let i = 0; i < n; i++) {
        const raw = r.take(16);
        const nack = byId.get(raw.toString('latin1'));
        if (!nack) throw new RdbError('Consumer entry not found in group global PEL');
        if (nack.consumer) throw new RdbError('Duplicated consumer PEL entry loading a stream consumer group');
        nack.consumer = cname;
      }
      consumers.push({ name: cname, seenTime });
    }
    groups.push({ name, lastId: glast, entriesRead, pending, consumers });
  }
  const value: StreamValue = { type: 'stream', entries, lastId, firstId, maxDeletedId, entriesAdded, groups };
  // the stored node layout (tombstones included), for engines that keep it
  Object.defineProperty(value, 'nodes', { value: raw, enumerable: false });
  return value;
}
