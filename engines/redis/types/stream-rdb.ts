/**
 * RDB / DUMP codec of stream values (registered with persistence.ts): nodes
 * are written as the listpacks Redis holds (master entry, ID deltas,
 * SAMEFIELDS/deleted flags, tombstones included) and read back node by node,
 * so payloads are byte-identical to redis-server's and the node layout
 * survives SAVE / DEBUG RELOAD / full sync / RESTORE.
 */
import type { Entry } from '../keyspace.js';
import type { Server } from '../server.js';
import { registerRdbCodec } from '../persistence.js';
import type { StreamValue as RdbStream, StreamGroup as RdbGroup, StreamPendingEntry, RdbValue } from '../rdb/types.js';
import { ListpackBuilder, lpDecode, lpEntryToBuffer, lpEntryToInt, type LpEntry } from '../rdb/listpack.js';
import { StreamValue, SNode, CGroup, Consumer, Nack, type SID, FLAG_SAMEFIELDS, INVALID_READ, ID_MIN, ID_MAX, idStr, lpIntSize, norm, toBig } from './stream.js';

const L = 'latin1';
const bigId = (id: SID): { ms: bigint; seq: bigint } => ({ ms: toBig(id.ms), seq: toBig(id.seq) });
const numId = (id: { ms: bigint; seq: bigint }): SID => ({ ms: norm(id.ms), seq: norm(id.seq) });

/** A node as Redis stores it: the listpack of master entry + entries (tombstones included). */
function nodeToListpack(n: SNode): Buffer {
  const b = new ListpackBuilder(n.lpBytes + 8);
  const mf = n.masterFields;
  b.appendInt(n.live); b.appendInt(n.deleted); b.appendInt(mf.length);
  for (const f of mf) b.append(Buffer.from(f, L));
  b.appendInt(0);
  const mms = toBig(n.masterMs), mseq = toBig(n.masterSeq);
  for (let j = 0; j < n.ms.length; j++) {
    const flags = n.flags[j];
    const same = (flags & FLAG_SAMEFIELDS) !== 0;
    const nf = n.pairs(j), v = n.vals, o = n.off[j];
    b.appendInt(flags);
    b.appendInt(norm(BigInt.asIntN(64, toBig(n.ms[j]) - mms)));
    b.appendInt(norm(BigInt.asIntN(64, toBig(n.seq[j]) - mseq)));
    if (!same) b.appendInt(nf);
    // SAMEFIELDS entries hold only their values
    if (same) for (let i = 0; i < nf; i++) b.append(Buffer.from(v[o + i], L));
    else for (let i = 0; i < 2 * nf; i++) b.append(Buffer.from(v[o + i], L));
    b.appendInt(same ? nf + 3 : 2 * nf + 4);
  }
  return b.finish();
}

/** Rebuild a node from a stored listpack (validated by the RDB reader already). */
function nodeFromListpack(master: { ms: bigint; seq: bigint }, lp: Buffer): SNode {
  const it = lpDecode(lp);
  const num = (x: LpEntry): number => Number(lpEntryToInt(x));
  const str = (x: LpEntry): string => lpEntryToBuffer(x).toString(L);
  let p = 0;
  const live = num(it[p++]), deleted = num(it[p++]), nm = num(it[p++]);
  const mf: string[] = [];
  for (let i = 0; i < nm; i++) mf.push(str(it[p++]));
  p++; // master terminator
  const n = new SNode(mf);
  while (p < it.length) {
    const flags = num(it[p++]);
    const dms = BigInt(lpEntryToInt(it[p++])), dseq = BigInt(lpEntryToInt(it[p++]));
    n.ms.push(norm(BigInt.asUintN(64, master.ms + dms)));
    n.seq.push(norm(BigInt.asUintN(64, master.seq + dseq)));
    n.flags.push(flags);
    n.off.push(n.vals.length);
    const cnt = flags & FLAG_SAMEFIELDS ? nm : 2 * num(it[p++]);
    for (let i = 0; i < cnt; i++) n.vals.push(str(it[p++]));
    p++; // lp-count
  }
  n.live = live; n.deleted = deleted;
  n.entBytes = lp.length - (7 + lpIntSize(live) + lpIntSize(deleted) + n.masterBytes);
  return n;
}

function streamToRdb(e: Entry): RdbValue {
  const s = e.value as StreamValue;
  const entries: RdbStream['entries'] = [];
  s.range(ID_MIN, ID_MAX, false, (n, j) => {
    const fv = n.fieldsValues(j);
    const fields = [];
    for (let i = 0; i < fv.length; i += 2) fields.push({ field: Buffer.from(fv[i], L), value: Buffer.from(fv[i + 1], L) });
    entries.push({ id: bigId(n.id(j)), fields });
    return true;
  });
  const groups: RdbGroup[] = [];
  for (const g of s.groups.values()) {
    const pending: StreamPendingEntry[] = g.pel.toArray().map((n) => ({
      id: bigId(n.id), deliveryTime: n.time, deliveryCount: n.count, consumer: n.consumer ? Buffer.from(n.consumer.name, L) : null,
    }));
    const consumers = [...g.consumers.values()].map((c) => ({ name: Buffer.from(c.name, L), seenTime: c.seenTime }));
    groups.push({ name: Buffer.from(g.name, L), lastId: bigId(g.lastId), entriesRead: toBig(g.entriesRead), pending, consumers });
  }
  return {
    type: 'stream', entries, lastId: bigId(s.lastId), firstId: bigId(s.firstId), maxDeletedId: bigId(s.maxDelId),
    entriesAdded: toBig(s.entriesAdded), groups,
    nodes: s.nodes.map((n) => ({ master: bigId({ ms: n.masterMs, seq: n.masterSeq }), lp: nodeToListpack(n) })),
  };
}

function streamFromRdb(server: Server, v: RdbValue): StreamValue {
  const r = v as RdbStream;
  const s = new StreamValue();
  if (r.nodes !== undefined) {
    // keep the stored node layout (tombstones included), as Redis loads it
    for (const x of r.nodes) {
      const n = nodeFromListpack(x.master, x.lp);
      s.nodes.push(n);
      s.lpTotal += n.lpBytes;
      s.length += n.live;
    }
  } else {
    const maxBytes = server.config.num('stream-node-max-bytes'), maxEntries = server.config.num('stream-node-max-entries');
    for (const en of r.entries) {
      const fv: string[] = [];
      for (const f of en.fields) fv.push(f.field.toString(L), f.value.toString(L));
      s.append(numId(en.id), fv, maxBytes, maxEntries);
    }
  }
  s.lastId = numId(r.lastId);
  s.firstId = numId(r.firstId);
  s.maxDelId = numId(r.maxDeletedId);
  s.entriesAdded = norm(r.entriesAdded);
  for (const g of r.groups) {
    const name = g.name.toString(L);
    const cg = new CGroup(name, numId(g.lastId), g.entriesRead < 0n ? INVALID_READ : norm(g.entriesRead));
    const cons = new Map<string, Consumer>();
    for (const c of g.consumers) {
      const cn = c.name.toString(L);
      const x = new Consumer(cn, c.seenTime);
      cons.set(cn, x);
      cg.consumers.set(cn, x);
    }
    for (const p of g.pending) {
      const id = numId(p.id);
      const owner = p.consumer ? cons.get(p.consumer.toString(L)) ?? null : null;
      const n = new Nack(id, idStr(id), owner, p.deliveryTime, p.deliveryCount);
      cg.pel.insert(n);
      if (owner) owner.pel.insert(n);
    }
    s.groups.set(name, cg);
  }
  return s;
}

registerRdbCodec('stream', { toRdb: streamToRdb, fromRdb: streamFromRdb });
