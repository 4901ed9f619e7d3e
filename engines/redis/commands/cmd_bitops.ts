/**
 * Bitmap commands (Redis bitops.c): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO.
 *
 * Readers work on the value as it is (latin1 string via charCodeAt, or the
 * bytes of a StrBuf); writers (SETBIT, BITFIELD) patch the value in place
 * through bytesValue(), growing it like sdsgrowzero; BITOP stores a new
 * exact-size StrBuf.
 */
import type { Client } from '../client.js';
import { bytesValue, strBytes, type Entry } from '../keyspace.js';
import { StrBuf } from '../types/strbuf.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../server.js';
import { parseI64 } from '../util.js';
import { constants as bufferConstants } from 'node:buffer';

const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';
const ERR_BF_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

/** getBitOffsetFromArgument. Returns null after replying. */
function bitOffset(c: Client, arg: string, hash: boolean, bits: number): number | null {
  let usehash = 0;
  if (hash && bits > 0 && arg.charCodeAt(0) === 35 /* # */) usehash = 1;
  const v = parseI64(usehash ? arg.slice(1) : arg);
  if (v === null) { c.w.error(ERR_BIT_OFFSET); return null; }
  if (typeof v === 'number' && !usehash) {
    if (v < 0 || Math.floor(v / 8) >= c.server.config.num('proto-max-bulk-len')) { c.w.error(ERR_BIT_OFFSET); return null; }
    return v;
  }
  let off = BigInt(v);
  if (usehash) off = BigInt.asIntN(64, off * BigInt(bits));
  if (off < 0n || (off >> 3n) >= BigInt(c.server.config.num('proto-max-bulk-len'))) { c.w.error(ERR_BIT_OFFSET); return null; }
  return Number(off);
}

/** lookupStringForBitCommand: creates/grows the string so that bit `maxbit` exists. */
function lookupStringForBit(c: Client, key: string, maxbit: number): { e: Entry; sb: StrBuf; grown: boolean } | null {
  const db = c.db;
  const byte = Math.floor(maxbit / 8);
  let e = db.lookupWrite(key);
  if (e !== undefined && e.type !== 'string') { c.w.error(E.WRONGTYPE); return null; }
  let grown = false;
  // V8 caps strings at MAX_STRING_LENGTH (2^29-24 chars), just under Redis's 512 MB limit.
  if (byte + 1 > MAX_STRING_LENGTH) { c.w.error(E.STRING_TOO_LONG); return null; }
  let sb: StrBuf;
  if (e === undefined) {
    sb = StrBuf.zeros(byte + 1); // sdsnewlen: exact size
    e = db.add(key, 'string', sb);
    e.raw = true;
    grown = true;
  } else {
    sb = bytesValue(e); // dbUnshareStringValue
    if (sb.len < byte + 1) { sb.growZero(byte + 1); grown = true; }
  }
  return { e, sb, grown };
}

function setbit(c: Client, argv: string[]): void {
  const off = bitOffset(c, argv[2], false, 0);
  if (off === null) return;
  const on = parseI64(argv[3]);
  if (on === null || (on !== 0 && on !== 1)) return c.w.error(ERR_BIT_VALUE);
  const r = lookupStringForBit(c, argv[1], off);
  if (r === null) return;
  const e = r.e, sb = r.sb, s = c.server, db = c.db;
  const bidx = Math.floor(off / 8);
  const byteval = sb.buf[bidx];
  const bit = 7 - (off & 7);
  const bitval = byteval & (1 << bit);
  if (r.grown || (bitval !== 0 ? 1 : 0) !== on) {
    sb.buf[bidx] = (byteval & ~(1 << bit)) | (on << bit);
    s.ks.signalModified(db, argv[1]);
    s.notify(NOTIFY_STRING, 'setbit', argv[1], db.id);
    s.ks.dirty++;
  }
  s.ks.updateMem(e); // also when only unshared (the value became a StrBuf)
  c.w.int(bitval ? 1 : 0);
}

function getbit(c: Client, argv: string[]): void {
  const off = bitOffset(c, argv[2], false, 0);
  if (off === null) return;
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.int(0);
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  const v = strBytes(e);
  const bidx = Math.floor(off / 8);
  if (bidx >= v.length) return c.w.int(0);
  const byte = typeof v === 'string' ? v.charCodeAt(bidx) : v[bidx];
  c.w.int(byte & (1 << (7 - (off & 7))) ? 1 : 0);
}

const POP8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POP8[i] = (i & 1) + POP8[i >> 1];

function popcount(v: string | Buffer, start: number, end: number): number {
  let n = 0;
  if (typeof v === 'string') for (let i = start; i <= end; i++) n += POP8[v.charCodeAt(i)];
  else for (let i = start; i <= end; i++) n += POP8[v[i]];
  return n;
}
const byteAt = (v: string | Buffer, i: number): number => (typeof v === 'string' ? v.charCodeAt(i) : v[i]);

/**
 * BITCOUNT/BITPOS range: negative indexes count from the end, then clamp to the
 * string; a BIT range becomes the bytes it touches plus masks of the bits of the
 * first and last byte that lie outside it.
 */
function byteRange(start: number, end: number, strlen: number, isbit: boolean): { start: number; end: number; firstMask: number; lastMask: number } {
  const totlen = isbit ? strlen * 8 : strlen;
  if (start < 0) start = totlen + start;
  if (end < 0) end = totlen + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= totlen) end = totlen - 1;
  if (!isbit || start > end) return { start, end, firstMask: 0, lastMask: 0 };
  return {
    start: Math.floor(start / 8), end: Math.floor(end / 8),
    firstMask: ~((1 << (8 - (start & 7))) - 1) & 0xff, lastMask: (1 << (7 - (end & 7))) - 1,
  };
}

function bitcount(c: Client, argv: string[]): void {
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.int(0);
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  const str = strBytes(e);
  const strlen = str.length;
  let start: number, end: number, isbit = false;
  let firstMask = 0, lastMask = 0;
  if (argv.length === 4 || argv.length === 5) {
    const s0 = parseI64(argv[2]);
    if (s0 === null) return c.w.error(E.NOT_INT);
    const e0 = parseI64(argv[3]);
    if (e0 === null) return c.w.error(E.NOT_INT);
    start = Number(s0); end = Number(e0);
    if (start < 0 && end < 0 && start > end) return c.w.int(0);
    if (argv.length === 5) {
      const m = argv[4].toLowerCase();
      if (m === 'bit') isbit = true;
      else if (m !== 'byte') return c.w.error(E.SYNTAX);
    }
    ({ start, end, firstMask, lastMask } = byteRange(start, end, strlen, isbit));
  } else if (argv.length === 2) {
    start = 0; end = strlen - 1;
  } else return c.w.error(E.SYNTAX);
  if (start > end) return c.w.int(0);
  let count = popcount(str, start, end);
  if (firstMask !== 0) count -= POP8[byteAt(str, start) & firstMask];
  if (lastMask !== 0) count -= POP8[byteAt(str, end) & lastMask];
  c.w.int(count);
}

/** redisBitpos over bytes [start, start+count) of str (or a single tmp byte): -1 if no 1 found, count*8 if no 0 found. */
function bitposBytes(get: (i: number) => number, count: number, bit: number): number {
  const skip = bit ? 0 : 0xff;
  for (let i = 0; i < count; i++) {
    const b = get(i);
    if (b !== skip) {
      for (let j = 0; j < 8; j++) {
        const v = (b >> (7 - j)) & 1;
        if (v === bit) return i * 8 + j;
      }
    }
  }
  return bit ? -1 : count * 8;
}

function bitpos(c: Client, argv: string[]): void {
  const b = parseI64(argv[2]);
  if (b === null) return c.w.error(E.NOT_INT);
  if (b !== 0 && b !== 1) return c.w.error('ERR The bit argument must be 1 or 0.');
  const bit = b as number;
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.int(bit ? -1 : 0);
  if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
  const str = strBytes(e);
  const strlen = str.length;
  let start: number, end: number, isbit = false, endGiven = false;
  let firstMask = 0, lastMask = 0;
  const argc = argv.length;
  if (argc === 4 || argc === 5 || argc === 6) {
    const s0 = parseI64(argv[3]);
    if (s0 === null) return c.w.error(E.NOT_INT);
    start = Number(s0);
    if (argc === 6) {
      const m = argv[5].toLowerCase();
      if (m === 'bit') isbit = true;
      else if (m !== 'byte') return c.w.error(E.SYNTAX);
    }
    if (argc >= 5) {
      const e0 = parseI64(argv[4]);
      if (e0 === null) return c.w.error(E.NOT_INT);
      end = Number(e0);
      endGiven = true;
    } else {
      end = isbit ? strlen * 8 + 7 : strlen - 1;
    }
    ({ start, end, firstMask, lastMask } = byteRange(start, end, strlen, isbit));
  } else if (argc === 3) {
    start = 0; end = strlen - 1;
  } else return c.w.error(E.SYNTAX);
  if (start > end) return c.w.int(-1);
  let bytes = end - start + 1;
  let pos = -1;
  let tmp: number;
  done: {
    if (firstMask) {
      tmp = bit ? byteAt(str, start) & ~firstMask & 0xff : (byteAt(str, start) | firstMask);
      if (lastMask && bytes === 1) tmp = bit ? tmp & ~lastMask & 0xff : tmp | lastMask;
      const t = tmp;
      pos = bitposBytes(() => t, 1, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break done;
      start++; bytes--;
    }
    const curbytes = bytes - (lastMask ? 1 : 0);
    if (curbytes > 0) {
      const st = start;
      pos = typeof str === 'string' ? bitposBytes((i) => str.charCodeAt(st + i), curbytes, bit) : bitposBytes((i) => str[st + i], curbytes, bit);
      if (bytes === curbytes || (pos !== -1 && pos !== curbytes * 8)) break done;
      start += curbytes; bytes -= curbytes;
    }
    tmp = bit ? byteAt(str, end) & ~lastMask & 0xff : (byteAt(str, end) | lastMask);
    const t = tmp;
    pos = bitposBytes(() => t, 1, bit);
  }
  if (endGiven && bit === 0 && pos === bytes * 8) return c.w.int(-1);
  if (pos !== -1) pos += start * 8;
  c.w.int(pos);
}

function bitop(c: Client, argv: string[]): void {
  const op = argv[1].toLowerCase();
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') return c.w.error(E.SYNTAX);
  if (op === 'not' && argv.length !== 4) return c.w.error('ERR BITOP NOT must be called with a single source key.');
  const db = c.db, s = c.server, target = argv[2];
  const srcs: Buffer[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const e = db.lookupRead(argv[j]);
    if (e === undefined) { srcs.push(Buffer.alloc(0)); continue; }
    if (e.type !== 'string') return c.w.error(E.WRONGTYPE);
    const v = strBytes(e);
    const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
    srcs.push(b);
    if (b.length > maxlen) maxlen = b.length;
  }
  if (maxlen) {
    const res = Buffer.alloc(maxlen);
    const n = srcs.length;
    if (op === 'not') {
      const a = srcs[0];
      for (let j = 0; j < maxlen; j++) res[j] = ~a[j] & 0xff;
    } else {
      srcs[0].copy(res, 0);
      for (let i = 1; i < n; i++) {
        const b = srcs[i], bl = b.length;
        if (op === 'and') { for (let j = 0; j < maxlen; j++) res[j] &= j < bl ? b[j] : 0; }
        else if (op === 'or') { for (let j = 0; j < bl; j++) res[j] |= b[j]; }
        else { for (let j = 0; j < bl; j++) res[j] ^= b[j]; }
      }
    }
    const e = db.setKey(target, 'string', StrBuf.from(res, maxlen)); // sdsnewlen(maxlen): raw
    e.raw = true;
    s.ks.signalModified(db, target);
    s.notify(NOTIFY_STRING, 'set', target, db.id);
    s.ks.dirty++;
  } else if (db.delete(target)) {
    s.ks.signalModified(db, target);
    s.notify(NOTIFY_GENERIC, 'del', target, db.id);
    s.ks.dirty++;
  }
  c.w.int(maxlen);
}

// ---- BITFIELD ----
const OP_GET = 0, OP_SET = 1, OP_INCRBY = 2;
const OW_WRAP = 0, OW_SAT = 1, OW_FAIL = 2;
interface BfOp { offset: number; i64: bigint; opcode: number; owtype: number; bits: number; sign: boolean }

function getUnsigned(p: Buffer, offset: number, bits: number): bigint {
  if (bits <= 32) { // plain numbers, one BigInt at the end
    let n = 0;
    for (let j = 0; j < bits; j++) {
      const o = offset + j;
      const byte = Math.floor(o / 8);
      n = n * 2 + (byte < p.length ? (p[byte] >> (7 - (o & 7))) & 1 : 0);
    }
    return BigInt(n);
  }
  let v = 0n;
  for (let j = 0; j < bits; j++) {
    const o = offset + j;
    const byte = Math.floor(o / 8);
    const bitval = byte < p.length ? (p[byte] >> (7 - (o & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(bitval);
  }
  return v;
}
function setUnsigned(p: Buffer, offset: number, bits: number, value: bigint): void {
  if (bits <= 32) {
    const n = Number(BigInt.asUintN(bits, value));
    for (let j = 0; j < bits; j++) {
      const bitval = Math.floor(n / 2 ** (bits - 1 - j)) & 1;
      const o = offset + j;
      const byte = Math.floor(o / 8);
      const bit = 7 - (o & 7);
      p[byte] = (p[byte] & ~(1 << bit)) | (bitval << bit);
    }
    return;
  }
  for (let j = 0; j < bits; j++) {
    const bitval = Number((value >> BigInt(bits - 1 - j)) & 1n);
    const o = offset + j;
    const byte = Math.floor(o / 8);
    const bit = 7 - (o & 7);
    p[byte] = (p[byte] & ~(1 << bit)) | (bitval << bit);
  }
}
function getSigned(p: Buffer, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsigned(p, offset, bits));
}

const NO_OVERFLOW: [number, bigint] = [0, 0n];
function wrapSigned(value: bigint, incr: bigint, bits: number): bigint {
  const cc = BigInt.asUintN(64, value + incr);
  return bits < 64 ? BigInt.asIntN(bits, cc) : BigInt.asIntN(64, cc);
}

/** checkUnsignedBitfieldOverflow; returns [overflow, limit]. */
function checkUnsigned(value: bigint, incr: bigint, bits: number, owtype: number): [number, bigint] {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  // no closure for the wrapped value: tsx wraps every closure in __name (measurable per call)
  if (value > max || (incr > 0n && incr > maxincr)) {
    return [1, owtype === OW_WRAP ? BigInt.asUintN(bits, value + incr) : owtype === OW_SAT ? max : 0n];
  } else if (incr < 0n && incr < minincr) {
    return [-1, owtype === OW_WRAP ? BigInt.asUintN(bits, value + incr) : 0n];
  }
  return NO_OVERFLOW;
}
function checkSigned(value: bigint, incr: bigint, bits: number, owtype: number): [number, bigint] {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return [1, owtype === OW_WRAP ? wrapSigned(value, incr, bits) : owtype === OW_SAT ? max : 0n];
  } else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return [-1, owtype === OW_WRAP ? wrapSigned(value, incr, bits) : owtype === OW_SAT ? min : 0n];
  }
  return NO_OVERFLOW;
}

function bitfieldGeneric(c: Client, argv: string[], ro: boolean): void {
  const ops: BfOp[] = [];
  let owtype = OW_WRAP, readonly = true, highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const remargs = argv.length - j - 1;
    const sub = argv[j].toLowerCase();
    let opcode: number;
    if (sub === 'get' && remargs >= 2) opcode = OP_GET;
    else if (sub === 'set' && remargs >= 3) opcode = OP_SET;
    else if (sub === 'incrby' && remargs >= 3) opcode = OP_INCRBY;
    else if (sub === 'overflow' && remargs >= 1) {
      const t = argv[++j].toLowerCase();
      if (t === 'wrap') owtype = OW_WRAP;
      else if (t === 'sat') owtype = OW_SAT;
      else if (t === 'fail') owtype = OW_FAIL;
      else return c.w.error('ERR Invalid OVERFLOW type specified');
      continue;
    } else return c.w.error(E.SYNTAX);
    // type
    const t = argv[j + 1];
    const t0 = t.charCodeAt(0);
    let sign: boolean;
    if (t0 === 105 /* i */) sign = true;
    else if (t0 === 117 /* u */) sign = false;
    else return c.w.error(ERR_BF_TYPE);
    const lb = parseI64(t.slice(1));
    if (lb === null || lb < 1 || (sign && lb > 64) || (!sign && lb > 63)) return c.w.error(ERR_BF_TYPE);
    const bits = Number(lb);
    const offset = bitOffset(c, argv[j + 2], true, bits);
    if (offset === null) return;
    let i64 = 0n;
    if (opcode !== OP_GET) {
      readonly = false;
      if (highest < offset + bits - 1) highest = offset + bits - 1;
      const v = parseI64(argv[j + 3]);
      if (v === null) return c.w.error(E.NOT_INT);
      i64 = BigInt(v);
    }
    ops.push({ offset, i64, opcode, owtype, bits, sign });
    j += 3 - (opcode === OP_GET ? 1 : 0);
  }
  const db = c.db, s = c.server, key = argv[1];
  let src: Buffer | null = null;
  let entry: Entry | undefined;
  let dirty = false;
  if (readonly) {
    entry = db.lookupRead(key);
    if (entry !== undefined && entry.type !== 'string') return c.w.error(E.WRONGTYPE);
    if (entry !== undefined) { const v = strBytes(entry); src = typeof v === 'string' ? Buffer.from(v, 'latin1') : v; }
  } else {
    if (ro) return c.w.error('ERR BITFIELD_RO only supports the GET subcommand');
    const r = lookupStringForBit(c, key, highest);
    if (r === null) return;
    entry = r.e;
    dirty = r.grown;
    src = r.sb.bytes(); // patched in place
  }
  c.w.arrayLen(ops.length);
  let changes = 0;
  for (const op of ops) {
    if (op.opcode === OP_SET || op.opcode === OP_INCRBY) {
      const p = src!;
      if (op.sign) {
        const oldval = getSigned(p, op.offset, op.bits);
        let newval: bigint, retval: bigint, overflow: number;
        if (op.opcode === OP_INCRBY) {
          const [ov, wrapped] = checkSigned(oldval, op.i64, op.bits, op.owtype);
          overflow = ov;
          newval = ov ? wrapped : BigInt.asIntN(64, oldval + op.i64);
          retval = newval;
        } else {
          newval = op.i64;
          const [ov, wrapped] = checkSigned(newval, 0n, op.bits, op.owtype);
          overflow = ov;
          if (ov) newval = wrapped;
          retval = oldval;
        }
        if (!(overflow && op.owtype === OW_FAIL)) {
          c.w.bigint(retval);
          setUnsigned(p, op.offset, op.bits, BigInt.asUintN(64, newval));
          if (dirty || oldval !== newval) changes++;
        } else c.w.nullBulk();
      } else {
        const oldval = getUnsigned(p, op.offset, op.bits);
        let newval: bigint, retval: bigint, overflow: number;
        if (op.opcode === OP_INCRBY) {
          newval = BigInt.asUintN(64, oldval + op.i64);
          const [ov, wrapped] = checkUnsigned(oldval, op.i64, op.bits, op.owtype);
          overflow = ov;
          if (ov) newval = wrapped;
          retval = newval;
        } else {
          newval = BigInt.asUintN(64, op.i64);
          const [ov, wrapped] = checkUnsigned(newval, 0n, op.bits, op.owtype);
          overflow = ov;
          if (ov) newval = wrapped;
          retval = oldval;
        }
        if (!(overflow && op.owtype === OW_FAIL)) {
          c.w.bigint(BigInt.asIntN(64, retval));
          setUnsigned(p, op.offset, op.bits, newval);
          if (dirty || oldval !== newval) changes++;
        } else c.w.nullBulk();
      }
    } else {
      const v = src === null ? 0n : op.sign ? getSigned(src, op.offset, op.bits) : getUnsigned(src, op.offset, op.bits);
      c.w.bigint(v);
    }
  }
  if (!readonly && entry !== undefined) s.ks.updateMem(entry);
  if (changes) {
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_STRING, 'setbit', key, db.id);
    s.ks.dirty += changes;
  }
}

function bitfield(c: Client, argv: string[]): void { bitfieldGeneric(c, argv, false); }
function bitfieldRo(c: Client, argv: string[]): void { bitfieldGeneric(c, argv, true); }

registerAll({ setbit, getbit, bitcount, bitpos, bitop, bitfield, bitfield_ro: bitfieldRo });
