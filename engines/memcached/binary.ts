// The binary protocol as memcached 1.6 still serves it (proto_bin.c): every
// opcode, quiet variants, CAS in headers, stats as key/value packets, and the
// SASL PLAIN handshake when the node requires authentication.

import { BINARY_STATUS_TEXT, BinaryStatus } from './errors.js';
import type { ReplySink } from './context.js';
import {
  AllocResult, DeltaResult, StoreMode, StoreResult, nowSeconds, type Item,
} from './store.js';
import { handleSaslAuth, handleSaslListMechs, handleSaslStep } from './sasl.js';
import { discoveryPayload } from './discovery.js';

export const HEADER_BYTES = 24;
export const REQUEST_MAGIC = 0x80;
const RESPONSE_MAGIC = 0x81;
const KEY_MAX_LENGTH = 250;

export const enum Op {
  Get = 0x00, Set = 0x01, Add = 0x02, Replace = 0x03, Delete = 0x04, Increment = 0x05,
  Decrement = 0x06, Quit = 0x07, Flush = 0x08, GetQ = 0x09, Noop = 0x0a, Version = 0x0b,
  GetK = 0x0c, GetKQ = 0x0d, Append = 0x0e, Prepend = 0x0f, Stat = 0x10, SetQ = 0x11,
  AddQ = 0x12, ReplaceQ = 0x13, DeleteQ = 0x14, IncrementQ = 0x15, DecrementQ = 0x16,
  QuitQ = 0x17, FlushQ = 0x18, AppendQ = 0x19, PrependQ = 0x1a, Touch = 0x1c, Gat = 0x1d,
  GatQ = 0x1e, SaslListMechs = 0x20, SaslAuth = 0x21, SaslStep = 0x22, GatK = 0x23, GatKQ = 0x24,
  /** ElastiCache's binary `config get <key>` (Auto Discovery in its cluster clients). */
  ConfigGet = 0x60,
}

/** Quiet opcodes and the command they are quiet versions of. */
const QUIET_TO_LOUD: Record<number, number> = {
  [Op.SetQ]: Op.Set, [Op.AddQ]: Op.Add, [Op.ReplaceQ]: Op.Replace, [Op.DeleteQ]: Op.Delete,
  [Op.IncrementQ]: Op.Increment, [Op.DecrementQ]: Op.Decrement, [Op.QuitQ]: Op.Quit,
  [Op.FlushQ]: Op.Flush, [Op.AppendQ]: Op.Append, [Op.PrependQ]: Op.Prepend, [Op.GetQ]: Op.Get,
  [Op.GetKQ]: Op.GetK, [Op.GatQ]: Op.Gat, [Op.GatKQ]: Op.GatK,
};

export interface BinaryRequest {
  opcode: number;
  keylen: number;
  extlen: number;
  bodylen: number;
  opaque: number;
  /** As a number: item CAS ids stay below 2^53, so a larger value matches none either way. */
  cas: number;
  /** Buffer holding the whole packet, and where it starts. */
  buf: Buffer;
  start: number;
}

export function readRequest(buf: Buffer, start: number): BinaryRequest {
  return {
    opcode: buf[start + 1],
    keylen: buf.readUInt16BE(start + 2),
    extlen: buf[start + 4],
    bodylen: buf.readUInt32BE(start + 8),
    opaque: buf.readUInt32BE(start + 12),
    cas: buf.readUInt32BE(start + 16) * 0x100000000 + buf.readUInt32BE(start + 20),
    buf,
    start,
  };
}

function keyOf(req: BinaryRequest): string {
  const s = req.start + HEADER_BYTES + req.extlen;
  return req.buf.toString('latin1', s, s + req.keylen);
}

function valueOf(req: BinaryRequest): Buffer {
  const s = req.start + HEADER_BYTES + req.extlen + req.keylen;
  return req.buf.subarray(s, req.start + HEADER_BYTES + req.bodylen);
}

/** Build a response packet. */
export function responsePacket(
  opcode: number, status: number, opaque: number, cas: number,
  extras: Buffer | null, key: string | null, value: Buffer | string | null,
): Buffer {
  const extlen = extras ? extras.length : 0;
  const keylen = key ? key.length : 0;
  const valueLen = value === null ? 0 : typeof value === 'string' ? value.length : value.length;
  const out = Buffer.allocUnsafe(HEADER_BYTES + extlen + keylen + valueLen);
  out[0] = RESPONSE_MAGIC;
  out[1] = opcode;
  out.writeUInt16BE(keylen, 2);
  out[4] = extlen;
  out[5] = 0;
  out.writeUInt16BE(status, 6);
  out.writeUInt32BE(extlen + keylen + valueLen, 8);
  out.writeUInt32BE(opaque, 12);
  // CAS ids are below 2^53: two 32-bit halves, no BigInt per reply.
  out.writeUInt32BE(Math.floor(cas / 0x100000000), 16);
  out.writeUInt32BE(cas >>> 0, 20);
  let p = HEADER_BYTES;
  if (extras) p += extras.copy(out, p);
  if (key) p += out.write(key, p, 'latin1');
  if (value !== null) {
    if (typeof value === 'string') out.write(value, p, 'latin1');
    else value.copy(out, p);
  }
  return out;
}

export class BinaryReplier {
  constructor(public conn: ReplySink, public req: BinaryRequest, public quiet: boolean) {}

  /** write_bin_error: always sent, with memcached's text for the status. */
  error(status: number, swallow = 0): void {
    const text = BINARY_STATUS_TEXT[status] ?? 'UNHANDLED ERROR';
    this.conn.writeBinary(responsePacket(this.req.opcode, status, this.req.opaque, 0, null, null, text));
    if (swallow > 0) this.conn.swallow(swallow);
  }

  /** write_bin_response: success replies, suppressed for quiet commands. */
  success(cas: number, extras: Buffer | null, value: Buffer | string | null): void {
    if (this.quiet) return;
    this.conn.writeBinary(responsePacket(this.req.opcode, BinaryStatus.Success, this.req.opaque, cas, extras, null, value));
  }

  raw(status: number, cas: number, extras: Buffer | null, key: string | null, value: Buffer | string | null): void {
    this.conn.writeBinary(responsePacket(this.req.opcode, status, this.req.opaque, cas, extras, key, value));
  }
}

/**
 * A request whose body exceeds any storable size, seen with only its header,
 * extras and key: storage commands get "Too large." (a set also drops the
 * old value); anything else is a protocol error. Returns how many body bytes
 * after the key must be discarded.
 */
export function refuseOversizedRequest(conn: ReplySink, req: BinaryRequest): number {
  const valueBytes = req.bodylen - req.extlen - req.keylen;
  const cmd = QUIET_TO_LOUD[req.opcode] ?? req.opcode;
  const r = new BinaryReplier(conn, req, false);
  const node = conn.node;
  if (node.sasl !== null && !conn.authenticated) {
    r.error(BinaryStatus.AuthError);
    conn.closeAfterWrite();
    return valueBytes;
  }
  const storage = cmd === Op.Set || cmd === Op.Add || cmd === Op.Replace || cmd === Op.Append || cmd === Op.Prepend;
  if (!storage || req.keylen === 0 || req.keylen > KEY_MAX_LENGTH) {
    protocolError(r);
    return valueBytes;
  }
  node.store.counters.store_too_large++;
  r.error(BinaryStatus.TooLarge);
  if (cmd === Op.Set) node.store.delete(keyOf(req), nowSeconds());
  return valueBytes;
}

export function processBinaryRequest(conn: ReplySink, req: BinaryRequest): void {
  const { extlen, keylen, bodylen } = req;
  if (keylen > bodylen || keylen + extlen > bodylen) {
    new BinaryReplier(conn, req, false).error(BinaryStatus.UnknownCommand);
    conn.closeAfterWrite();
    return;
  }
  const node = conn.node;
  if (node.sasl !== null && !conn.authenticated && !isPreAuthCommand(req.opcode)) {
    new BinaryReplier(conn, req, false).error(BinaryStatus.AuthError);
    conn.closeAfterWrite();
    return;
  }
  if (keylen > KEY_MAX_LENGTH) return protocolError(new BinaryReplier(conn, req, false));
  const loud = QUIET_TO_LOUD[req.opcode];
  const cmd = loud ?? req.opcode;
  const r = new BinaryReplier(conn, req, loud !== undefined);
  switch (cmd) {
    case Op.Version:
      if (extlen === 0 && keylen === 0 && bodylen === 0) return r.success(0, null, node.version);
      return protocolError(r);
    case Op.Flush:
      if (keylen === 0 && bodylen === extlen && (extlen === 0 || extlen === 4)) {
        // memcached answers a disabled flush with "Auth failure."
        if (node.flushDisabled) return r.error(BinaryStatus.AuthError);
        const delay = extlen === 4 ? req.buf.readUInt32BE(req.start + HEADER_BYTES) : 0;
        node.store.flush(delay, nowSeconds());
        node.store.counters.cmd_flush++;
        return r.success(0, null, null);
      }
      return protocolError(r);
    case Op.Noop:
      if (extlen === 0 && keylen === 0 && bodylen === 0) return r.success(0, null, null);
      return protocolError(r);
    case Op.Set: case Op.Add: case Op.Replace:
      if (extlen === 8 && keylen !== 0 && bodylen >= keylen + 8) return binaryUpdate(r, cmd);
      return protocolError(r);
    case Op.Get: case Op.GetK:
      if (extlen === 0 && bodylen === keylen && keylen > 0) return binaryGetOrTouch(r, cmd);
      return protocolError(r);
    case Op.Delete:
      if (keylen > 0 && extlen === 0 && bodylen === keylen) return binaryDelete(r);
      return protocolError(r);
    case Op.Increment: case Op.Decrement:
      if (keylen > 0 && extlen === 20 && bodylen === keylen + extlen) return binaryDelta(r, cmd === Op.Increment);
      return protocolError(r);
    case Op.Append: case Op.Prepend:
      if (keylen > 0 && extlen === 0) return binaryAppendPrepend(r, cmd === Op.Append);
      return protocolError(r);
    case Op.Stat:
      if (extlen === 0) return binaryStat(r);
      return protocolError(r);
    case Op.Quit:
      if (keylen === 0 && extlen === 0 && bodylen === 0) {
        r.success(0, null, null);
        conn.closeAfterWrite();
        return;
      }
      return protocolError(r);
    case Op.SaslListMechs:
      if (extlen === 0 && keylen === 0 && bodylen === 0) return handleSaslListMechs(r);
      return protocolError(r);
    case Op.SaslAuth: case Op.SaslStep:
      if (extlen === 0 && keylen !== 0) {
        return cmd === Op.SaslAuth ? handleSaslAuth(r, keyOf(req), valueOf(req)) : handleSaslStep(r);
      }
      return protocolError(r);
    case Op.Touch: case Op.Gat: case Op.GatK:
      if (extlen === 4 && keylen !== 0) return binaryGetOrTouch(r, cmd);
      return protocolError(r);
    case Op.ConfigGet:
      if (node.clusterConfig !== null && extlen === 0) {
        if (keyOf(req) !== 'cluster') return r.error(BinaryStatus.KeyNotFound);
        return r.raw(BinaryStatus.Success, 0, flagsExtras(0), null, discoveryPayload(node.clusterConfig));
      }
      // A node outside a cluster is plain memcached: unknown opcode.
      return r.error(BinaryStatus.UnknownCommand, extlen + keylen);
    default:
      // memcached swallows `bodylen` bytes after the key here, one of its quirks.
      r.error(BinaryStatus.UnknownCommand, extlen + keylen);
  }
}

function isPreAuthCommand(opcode: number): boolean {
  return opcode === Op.SaslListMechs || opcode === Op.SaslAuth || opcode === Op.SaslStep || opcode === Op.Version;
}

function protocolError(r: BinaryReplier): void {
  r.error(BinaryStatus.InvalidArguments);
  r.conn.closeAfterWrite();
}

function flagsExtras(flags: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(flags >>> 0, 0);
  return b;
}

function binaryGetOrTouch(r: BinaryReplier, cmd: number): void {
  const req = r.req;
  const store = r.conn.node.store;
  const counters = store.counters;
  const key = keyOf(req);
  const now = nowSeconds();
  const touch = cmd === Op.Touch || cmd === Op.Gat || cmd === Op.GatK;
  const returnKey = cmd === Op.GetK || cmd === Op.GatK;
  let it: Item;
  if (touch) {
    const exptime = req.buf.readUInt32BE(req.start + HEADER_BYTES);
    it = store.touch(key, store.expiryFromClient(exptime, now), now);
    counters.cmd_touch++;
    if (it >= 0) { counters.touch_hits++; store.classCountersFor(store.classOf(it)).touch_hits++; } else counters.touch_misses++;
  } else {
    it = store.find(key, now);
    counters.cmd_get++;
    if (it >= 0) {
      counters.get_hits++;
      store.countHit(it);
      store.bump(it, now);
    } else counters.get_misses++;
  }
  if (it >= 0) {
    const value = cmd === Op.Touch ? null : store.valueOf(it);
    r.raw(BinaryStatus.Success, store.casOf(it), flagsExtras(store.flagsOf(it)), returnKey ? key : null, value);
    return;
  }
  if (r.quiet) return;
  if (returnKey) r.raw(BinaryStatus.KeyNotFound, 0, null, key, null);
  else r.error(BinaryStatus.KeyNotFound);
}

function binaryUpdate(r: BinaryReplier, cmd: number): void {
  const req = r.req;
  const store = r.conn.node.store;
  const key = keyOf(req);
  const flags = req.buf.readUInt32BE(req.start + HEADER_BYTES);
  const exptimeRaw = req.buf.readUInt32BE(req.start + HEADER_BYTES + 4);
  const value = valueOf(req);
  const now = nowSeconds();
  const alloc = store.allocate(key.length, value.length, flags, now);
  if (alloc !== AllocResult.Ok) {
    if (alloc === AllocResult.TooLarge) {
      store.counters.store_too_large++;
      r.error(BinaryStatus.TooLarge);
    } else {
      store.counters.store_no_memory++;
      r.error(BinaryStatus.OutOfMemory);
    }
    if (cmd === Op.Set) store.delete(key, now);
    return;
  }
  const cas = req.cas;
  let mode = cmd === Op.Add ? StoreMode.Add : cmd === Op.Replace ? StoreMode.Replace : StoreMode.Set;
  if (cas !== 0) mode = StoreMode.Cas;
  const result = store.store(mode, key, value.toString('latin1'), flags, store.expiryFromClient(exptimeRaw, now), cas, now);
  replyStore(r, result, store.lastCas, mode);
}

function replyStore(r: BinaryReplier, result: StoreResult, cas: number, mode: StoreMode): void {
  switch (result) {
    case StoreResult.Stored: return r.success(cas, null, null);
    case StoreResult.Exists: return r.error(BinaryStatus.KeyExists);
    case StoreResult.NotFound: return r.error(BinaryStatus.KeyNotFound);
    default:
      if (mode === StoreMode.Add) return r.error(BinaryStatus.KeyExists);
      if (mode === StoreMode.Replace) return r.error(BinaryStatus.KeyNotFound);
      return r.error(BinaryStatus.NotStored);
  }
}

function binaryAppendPrepend(r: BinaryReplier, append: boolean): void {
  const req = r.req;
  const store = r.conn.node.store;
  const key = keyOf(req);
  const value = valueOf(req);
  const now = nowSeconds();
  const alloc = store.allocate(key.length, value.length, 0, now);
  if (alloc !== AllocResult.Ok) {
    return r.error(alloc === AllocResult.TooLarge ? BinaryStatus.TooLarge : BinaryStatus.OutOfMemory);
  }
  const mode = append ? StoreMode.Append : StoreMode.Prepend;
  const result = store.store(mode, key, value.toString('latin1'), 0, 0, req.cas, now);
  replyStore(r, result, store.lastCas, mode);
}

function binaryDelete(r: BinaryReplier): void {
  const req = r.req;
  const store = r.conn.node.store;
  const it = store.find(keyOf(req), nowSeconds());
  if (it < 0) {
    store.counters.delete_misses++;
    return r.error(BinaryStatus.KeyNotFound);
  }
  const cas = req.cas;
  if (cas !== 0 && cas !== store.casOf(it)) return r.error(BinaryStatus.KeyExists);
  store.counters.delete_hits++;
  store.classCountersFor(store.classOf(it)).delete_hits++;
  store.unlink(it);
  r.success(0, null, null);
}

function binaryDelta(r: BinaryReplier, incr: boolean): void {
  const req = r.req;
  const store = r.conn.node.store;
  const base = req.start + HEADER_BYTES;
  const delta = req.buf.readBigUInt64BE(base);
  const initial = req.buf.readBigUInt64BE(base + 8);
  const expiration = req.buf.readUInt32BE(base + 16);
  const key = keyOf(req);
  const now = nowSeconds();
  const res = store.delta(key, incr, delta, req.cas, now);
  const valueBuf = Buffer.allocUnsafe(8);
  switch (res.result) {
    case DeltaResult.Ok:
      valueBuf.writeBigUInt64BE(BigInt(res.value), 0);
      return r.success(store.casOf(res.item), null, valueBuf);
    case DeltaResult.NonNumeric:
      return r.error(BinaryStatus.NonNumeric);
    case DeltaResult.CasMismatch:
      return r.error(BinaryStatus.KeyExists);
    case DeltaResult.NotFound: {
      if (expiration === 0xffffffff) {
        if (incr) store.counters.incr_misses++;
        else store.counters.decr_misses++;
        return r.error(BinaryStatus.KeyNotFound);
      }
      const text = initial.toString();
      if (store.allocate(key.length, text.length, 0, now) !== AllocResult.Ok) {
        return r.error(BinaryStatus.OutOfMemory);
      }
      const it = store.insertNew(key, text, 0, store.expiryFromClient(expiration, now), now);
      valueBuf.writeBigUInt64BE(initial, 0);
      return r.success(store.casOf(it), null, valueBuf);
    }
  }
}

function binaryStat(r: BinaryReplier): void {
  const req = r.req;
  const node = r.conn.node;
  const group = keyOf(req);
  if (group.startsWith('reset')) {
    node.resetStats();
  } else if (group.startsWith('settings')) {
    emitStats(r, node.statsGroup('settings') ?? []);
  } else if (group.startsWith('detail')) {
    const sub = group.slice(6);
    if (!(sub.startsWith(' dump') || sub.startsWith(' on') || sub.startsWith(' off'))) {
      return r.error(BinaryStatus.KeyNotFound);
    }
  } else {
    const list = node.statsGroup(group);
    if (list === null) return r.error(BinaryStatus.KeyNotFound);
    emitStats(r, list);
  }
  r.raw(BinaryStatus.Success, 0, null, null, null);
}

function emitStats(r: BinaryReplier, list: Array<[string, string | number]>): void {
  for (const [k, v] of list) r.raw(BinaryStatus.Success, 0, null, k, String(v));
}
