/**
 * HyperLogLog in Redis's own byte representation (hyperloglog.c, Redis 7.0):
 * 16-byte header "HYLL" + encoding + 3 unused + 8-byte little-endian cached
 * cardinality (bit 7 of byte 15 = cache invalid), then sparse opcodes
 * (ZERO 00xxxxxx, XZERO 01xxxxxx yyyyyyyy, VAL 1vvvvvxx) or 16384 6-bit dense
 * registers. Writers patch the key's StrBuf in place (types/strbuf.ts: sds-like
 * growth, so MEMORY USAGE follows Redis); readers take the value's bytes
 * (string or Buffer) as they are. Hash: MurmurHash64A with seed 0xadc83b19.
 */
import { StrBuf } from './strbuf.js';

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_P_MASK = HLL_REGISTERS - 1;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = 63;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * HLL_BITS + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_ALPHA_INF = 0.721347520444481703680;
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;

export const ERR_INVALID_HLL = 'INVALIDOBJ Corrupted HLL object detected';
export const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';

// ---- MurmurHash64A ----
const M = 0xc6a4a7935bd1e995n;
const MASK64 = 0xffffffffffffffffn;
export function murmurHash64A(data: Buffer | string, seed: bigint): bigint {
  const isStr = typeof data === 'string';
  const len = data.length;
  const at = isStr ? (i: number) => (data as string).charCodeAt(i) : (i: number) => (data as Buffer)[i];
  let h = (seed ^ ((BigInt(len) * M) & MASK64)) & MASK64;
  const nblocks = len - (len & 7);
  for (let i = 0; i < nblocks; i += 8) {
    const lo = (at(i) | (at(i + 1) << 8) | (at(i + 2) << 16) | (at(i + 3) << 24)) >>> 0;
    const hi = (at(i + 4) | (at(i + 5) << 8) | (at(i + 6) << 16) | (at(i + 7) << 24)) >>> 0;
    let k = (BigInt(hi) << 32n) | BigInt(lo);
    k = (k * M) & MASK64;
    k ^= k >> 47n;
    k = (k * M) & MASK64;
    h ^= k;
    h = (h * M) & MASK64;
  }
  const rem = len & 7;
  if (rem) {
    let t = 0n;
    for (let j = rem - 1; j >= 0; j--) t = (t << 8n) | BigInt(at(nblocks + j));
    h ^= t;
    h = (h * M) & MASK64;
  }
  h ^= h >> 47n;
  h = (h * M) & MASK64;
  h ^= h >> 47n;
  return h;
}

// MurmurHash64A on 32-bit halves (hi, lo), with every 64-bit multiply by M
// (mod 2^64) inlined: the low word and the cross terms with Math.imul, the
// high word of lo·M_lo from 16-bit limbs (every product < 2^32). Inlining keeps
// all intermediates in local int32 registers: a helper returning two words
// through a typed array was ~1.6× slower per hash.
const ML = 0x5bd1e995, MH = 0xc6a4a793 | 0, ML0 = 0xe995, ML1 = 0x5bd1;

/** Initial hash state seed ^ (len·M) for len < H0_LEN, as [hi, lo] words. */
const H0_LEN = 256;
const H0_HI = new Int32Array(H0_LEN), H0_LO = new Int32Array(H0_LEN);
for (let len = 0; len < H0_LEN; len++) {
  const v = (0xadc83b19n ^ ((BigInt(len) * 0xc6a4a7935bd1e995n) & 0xffffffffffffffffn));
  H0_HI[len] = Number(v >> 32n) | 0;
  H0_LO[len] = Number(v & 0xffffffffn) | 0;
}

/** Register index and run length of the last hllPatLenInto call (no allocation). */
export let patIndex = 0, patCount = 0;

/** hllPatLen: [register index, run length of the pattern 000..1]. */
export function hllPatLen(ele: string): [number, number] {
  hllPatLenInto(ele);
  return [patIndex, patCount];
}

/** hllPatLen into patIndex/patCount: MurmurHash64A (seed 0xadc83b19) of the latin1 string. */
export function hllPatLenInto(ele: string): void {
  const len = ele.length;
  let a0: number, a1: number, p01: number, p10: number, mid: number, nh: number;
  // h = seed ^ (len * M): precomputed for short elements
  let hh: number, hl: number;
  if (len < H0_LEN) { hh = H0_HI[len]; hl = H0_LO[len]; }
  else {
    a0 = len & 0xffff; a1 = len >>> 16; p01 = a0 * ML1; p10 = a1 * ML0;
    mid = ((a0 * ML0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    hh = (a1 * ML1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(len, MH)) | 0;
    hl = Math.imul(len, ML) ^ 0xadc83b19;
  }
  const nblocks = len - (len & 7);
  for (let i = 0; i < nblocks; i += 8) {
    let kl = ele.charCodeAt(i) | (ele.charCodeAt(i + 1) << 8) | (ele.charCodeAt(i + 2) << 16) | (ele.charCodeAt(i + 3) << 24);
    let kh = ele.charCodeAt(i + 4) | (ele.charCodeAt(i + 5) << 8) | (ele.charCodeAt(i + 6) << 16) | (ele.charCodeAt(i + 7) << 24);
    // k *= M
    a0 = kl & 0xffff; a1 = kl >>> 16; p01 = a0 * ML1; p10 = a1 * ML0;
    mid = ((a0 * ML0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    nh = (a1 * ML1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(kl, MH) + Math.imul(kh, ML)) | 0;
    kl = Math.imul(kl, ML); kh = nh;
    // k ^= k >> 47; k *= M
    kl ^= kh >>> 15;
    a0 = kl & 0xffff; a1 = kl >>> 16; p01 = a0 * ML1; p10 = a1 * ML0;
    mid = ((a0 * ML0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    nh = (a1 * ML1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(kl, MH) + Math.imul(kh, ML)) | 0;
    kl = Math.imul(kl, ML); kh = nh;
    // h ^= k; h *= M
    hh ^= kh; hl ^= kl;
    a0 = hl & 0xffff; a1 = hl >>> 16; p01 = a0 * ML1; p10 = a1 * ML0;
    mid = ((a0 * ML0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    nh = (a1 * ML1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(hl, MH) + Math.imul(hh, ML)) | 0;
    hl = Math.imul(hl, ML); hh = nh;
  }
  const rem = len & 7;
  if (rem) {
    let tl = 0, th = 0;
    for (let j = rem - 1; j >= 0; j--) {
      const b = ele.charCodeAt(nblocks + j);
      if (j >= 4) th |= b << ((j - 4) * 8); else tl |= b << (j * 8);
    }
    hh ^= th; hl ^= tl;
    a0 = hl & 0xffff; a1 = hl >>> 16; p01 = a0 * ML1; p10 = a1 * ML0;
    mid = ((a0 * ML0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    nh = (a1 * ML1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(hl, MH) + Math.imul(hh, ML)) | 0;
    hl = Math.imul(hl, ML); hh = nh;
  }
  // h ^= h >> 47; h *= M; h ^= h >> 47
  hl ^= hh >>> 15;
  a0 = hl & 0xffff; a1 = hl >>> 16; p01 = a0 * ML1; p10 = a1 * ML0;
  mid = ((a0 * ML0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  nh = (a1 * ML1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(hl, MH) + Math.imul(hh, ML)) | 0;
  hl = Math.imul(hl, ML); hh = nh;
  hl ^= hh >>> 15;
  patIndex = hl & HLL_P_MASK;
  const v = hl >>> HLL_P;
  if (v !== 0) patCount = 32 - Math.clz32(v & -v);
  else if (hh !== 0) patCount = (32 - HLL_P) + 32 - Math.clz32(hh & -hh);
  else patCount = HLL_Q + 1;
}

/** Reference BigInt implementation of hllPatLen (tests). */
export function hllPatLenRef(ele: Buffer | string): [number, number] {
  const hash = murmurHash64A(ele, 0xadc83b19n);
  const index = Number(hash & BigInt(HLL_P_MASK));
  let rest = (hash >> BigInt(HLL_P)) | (1n << BigInt(HLL_Q));
  let count = 1;
  while ((rest & 1n) === 0n) { count++; rest >>= 1n; }
  return [index, count];
}

// ---- header helpers ----
export function isValidCache(b: Buffer): boolean { return (b[15] & 0x80) === 0; }
export function invalidateCache(b: Buffer): void { b[15] |= 0x80; }
export function readCard(b: Buffer): number { return b.readUInt32LE(8) + b.readUInt32LE(12) * 4294967296; }
export function writeCard(b: Buffer, card: number): void {
  b.writeUInt32LE(card % 4294967296, 8);
  b.writeUInt32LE(Math.floor(card / 4294967296), 12);
}

/** isHLLObjectOrReply's checks on a string value (latin1 string or bytes). */
export function isHllString(v: string | Buffer): boolean {
  if (v.length < HLL_HDR_SIZE) return false;
  const s = typeof v === 'string' ? Buffer.from(v.slice(0, 5), 'latin1') : v;
  if (s[0] !== 72 || s[1] !== 89 || s[2] !== 76 || s[3] !== 76) return false;
  const enc = s[4];
  if (enc > 1) return false;
  if (enc === HLL_DENSE && v.length !== HLL_DENSE_SIZE) return false;
  return true;
}

export function createHll(): Buffer {
  const b = Buffer.alloc(HLL_HDR_SIZE + 2);
  b.write('HYLL', 0, 'latin1');
  b[4] = HLL_SPARSE;
  const l = SPARSE_XZERO_MAX_LEN - 1;
  b[16] = (l >> 8) | 0x40;
  b[17] = l & 0xff;
  return b;
}

// ---- dense registers (offset = start of registers in the buffer) ----
export function denseGet(p: Buffer, off: number, reg: number): number {
  const bitpos = reg * HLL_BITS;
  const byte = off + (bitpos >> 3);
  const fb = bitpos & 7;
  const b0 = p[byte];
  const b1 = byte + 1 < p.length ? p[byte + 1] : 0;
  return ((b0 >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}
export function denseSet(p: Buffer, off: number, reg: number, val: number): void {
  const bitpos = reg * HLL_BITS;
  const byte = off + (bitpos >> 3);
  const fb = bitpos & 7;
  const fb8 = 8 - fb;
  p[byte] = (p[byte] & ~(HLL_REGISTER_MAX << fb)) | ((val << fb) & 0xff);
  if (byte + 1 < p.length) p[byte + 1] = (p[byte + 1] & ~(HLL_REGISTER_MAX >> fb8)) | (val >> fb8);
}

// ---- sparse opcode helpers ----
const isZero = (b: number): boolean => (b & 0xc0) === 0;
const isXZero = (b: number): boolean => (b & 0xc0) === 0x40;
const zeroLen = (b: number): number => (b & 0x3f) + 1;
const xzeroLen = (b0: number, b1: number): number => (((b0 & 0x3f) << 8) | b1) + 1;
const valValue = (b: number): number => ((b >> 2) & 0x1f) + 1;
const valLen = (b: number): number => (b & 0x3) + 1;
const valByte = (val: number, len: number): number => (((val - 1) << 2) | (len - 1)) | 0x80;

/** An HLL modified in place: the key's StrBuf (sparse: grown like sdsMakeRoomFor; dense: fixed size). */
export class Hll {
  constructor(readonly sb: StrBuf) {}
  /** createHLLObject: an empty sparse HLL in an exact-size sds. */
  static create(): Hll { return new Hll(StrBuf.from(createHll())); }
  get buf(): Buffer { return this.sb.buf; }
  get len(): number { return this.sb.len; }
  get encoding(): number { return this.sb.buf[4]; }

  /** hllSparseToDense: false if the sparse data is corrupt. */
  toDense(): boolean {
    const b = this.buf;
    if (b[4] === HLL_DENSE) return true;
    const dense = Buffer.alloc(HLL_DENSE_SIZE);
    b.copy(dense, 0, 0, HLL_HDR_SIZE);
    dense[4] = HLL_DENSE;
    let idx = 0, p = HLL_HDR_SIZE;
    const end = this.len;
    while (p < end) {
      const op = b[p];
      if (isZero(op)) { idx += zeroLen(op); p++; }
      else if (isXZero(op)) { idx += xzeroLen(op, b[p + 1] ?? 0); p += 2; }
      else {
        let runlen = valLen(op);
        const regval = valValue(op);
        if (runlen + idx > HLL_REGISTERS) break;
        while (runlen--) { denseSet(dense, HLL_HDR_SIZE, idx, regval); idx++; }
        p++;
      }
    }
    if (idx !== HLL_REGISTERS) return false;
    this.sb.replace(dense); // sdsnewlen(HLL_DENSE_SIZE) replaces the sparse sds
    return true;
  }

  denseSetIfGreater(index: number, count: number): number {
    const old = denseGet(this.buf, HLL_HDR_SIZE, index);
    if (count > old) { denseSet(this.buf, HLL_HDR_SIZE, index, count); return 1; }
    return 0;
  }

  /** hllSparseSet: 1 updated, 0 not, -1 corrupt. */
  sparseSet(index: number, count: number, sparseMaxBytes: number): number {
    if (count > SPARSE_VAL_MAX_VALUE) return this.promote(index, count);
    const sb = this.sb;
    sb.makeRoomFor(3); // the longest opcode sequence grows the value by 3 bytes
    const b = sb.buf;
    const sparse = HLL_HDR_SIZE;
    let p = sparse, end = sb.len;
    let first = 0, prev = -1, span = 0;
    while (p < end) {
      let oplen = 1;
      const op = b[p];
      if (isZero(op)) span = zeroLen(op);
      else if (!isXZero(op)) span = valLen(op);
      else { span = xzeroLen(op, b[p + 1]); oplen = 2; }
      if (index <= first + span - 1) break;
      prev = p;
      p += oplen;
      first += span;
    }
    if (span === 0 || p >= end) return -1;
    let next = isXZero(b[p]) ? p + 2 : p + 1;
    if (next >= end) next = -1;
    let isZ = false, isXZ = false, isVal = false, runlen: number;
    const op = b[p];
    if (isZero(op)) { isZ = true; runlen = zeroLen(op); }
    else if (isXZero(op)) { isXZ = true; runlen = xzeroLen(op, b[p + 1]); }
    else { isVal = true; runlen = valLen(op); }

    updated: {
      if (isVal) {
        const oldcount = valValue(op);
        if (oldcount >= count) return 0;
        if (runlen === 1) { b[p] = valByte(count, 1); break updated; }
      }
      if (isZ && runlen === 1) { b[p] = valByte(count, 1); break updated; }
      const seq: number[] = [];
      const last = first + span - 1;
      if (isZ || isXZ) {
        if (index !== first) {
          const len = index - first;
          if (len > SPARSE_ZERO_MAX_LEN) { seq.push(((len - 1) >> 8) | 0x40, (len - 1) & 0xff); } else seq.push(len - 1);
        }
        seq.push(valByte(count, 1));
        if (index !== last) {
          const len = last - index;
          if (len > SPARSE_ZERO_MAX_LEN) { seq.push(((len - 1) >> 8) | 0x40, (len - 1) & 0xff); } else seq.push(len - 1);
        }
      } else {
        const curval = valValue(op);
        if (index !== first) seq.push(valByte(curval, index - first));
        seq.push(valByte(count, 1));
        if (index !== last) seq.push(valByte(curval, last - index));
      }
      const seqlen = seq.length;
      const oldlen = isXZ ? 2 : 1;
      const deltalen = seqlen - oldlen;
      if (deltalen > 0 && sb.len + deltalen > sparseMaxBytes) return this.promote(index, count);
      if (deltalen && next !== -1) b.copy(b, next + deltalen, next, end);
      sb.len += deltalen;
      for (let i = 0; i < seqlen; i++) b[p + i] = seq[i];
      end += deltalen;
    }
    // Step 4: merge adjacent VAL opcodes.
    const bb = b;
    p = prev !== -1 ? prev : sparse;
    let scanlen = 5;
    while (p < end && scanlen--) {
      const o = bb[p];
      if (isXZero(o)) { p += 2; continue; }
      if (isZero(o)) { p++; continue; }
      if (p + 1 < end && !isZero(bb[p + 1]) && !isXZero(bb[p + 1])) {
        const v1 = valValue(o), v2 = valValue(bb[p + 1]);
        if (v1 === v2) {
          const len = valLen(o) + valLen(bb[p + 1]);
          if (len <= SPARSE_VAL_MAX_LEN) {
            bb[p + 1] = valByte(v1, len);
            bb.copy(bb, p, p + 1, end);
            sb.len--;
            end--;
            continue;
          }
        }
      }
      p++;
    }
    invalidateCache(bb);
    return 1;
  }

  private promote(index: number, count: number): number {
    if (!this.toDense()) return -1;
    this.denseSetIfGreater(index, count);
    return 1;
  }

  /** hllAdd: 1 if a register changed, 0 if not, -1 if corrupt. */
  add(ele: string, sparseMaxBytes: number): number {
    hllPatLenInto(ele);
    if (this.buf[4] === HLL_DENSE) return this.denseSetIfGreater(patIndex, patCount);
    if (this.buf[4] === HLL_SPARSE) return this.sparseSet(patIndex, patCount, sparseMaxBytes);
    return -1;
  }
}

/** hllMerge: max[i] = MAX(max[i], reg[i]) for the HLL value v. False if corrupt. */
export function hllMerge(max: Uint8Array, v: string | Buffer): boolean {
  const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(b, HLL_HDR_SIZE, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  let p = HLL_HDR_SIZE, i = 0;
  const end = b.length;
  while (p < end) {
    const op = b[p];
    if (isZero(op)) { i += zeroLen(op); p++; }
    else if (isXZero(op)) { i += xzeroLen(op, b[p + 1] ?? 0); p += 2; }
    else {
      let runlen = valLen(op);
      const regval = valValue(op);
      if (runlen + i > HLL_REGISTERS) break;
      while (runlen--) { if (regval > max[i]) max[i] = regval; i++; }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number, y = 1, z = x;
  do { x *= x; zPrime = z; z += x * y; y += y; } while (zPrime !== z);
  return z;
}
function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number, y = 1.0, z = 1 - x;
  do { x = Math.sqrt(x); zPrime = z; y *= 0.5; z -= Math.pow(1 - x, 2) * y; } while (zPrime !== z);
  return z / 3;
}

export function countFromHisto(reghisto: Float64Array | Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - reghisto[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) { z += reghisto[j]; z *= 0.5; }
  z += m * hllSigma(reghisto[0] / m);
  return Math.round(HLL_ALPHA_INF * m * m / z);
}

/** hllCount on an HLL buffer (dense or sparse). Returns -1 if the sparse form is invalid. */
export function hllCount(b: Buffer, len: number): number {
  const reghisto = new Int32Array(64);
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) reghisto[denseGet(b, HLL_HDR_SIZE, i)]++;
  } else {
    let p = HLL_HDR_SIZE, idx = 0;
    while (p < len) {
      const op = b[p];
      if (isZero(op)) { const r = zeroLen(op); idx += r; reghisto[0] += r; p++; }
      else if (isXZero(op)) { const r = xzeroLen(op, b[p + 1] ?? 0); idx += r; reghisto[0] += r; p += 2; }
      else { const r = valLen(op); idx += r; reghisto[valValue(op)] += r; p++; }
    }
    if (idx !== HLL_REGISTERS) return -1;
  }
  return countFromHisto(reghisto);
}

/** Cardinality of raw registers (one byte per register). */
export function rawCount(max: Uint8Array): number {
  const reghisto = new Int32Array(64);
  for (let i = 0; i < HLL_REGISTERS; i++) reghisto[max[i]]++;
  return countFromHisto(reghisto);
}

/** PFDEBUG DECODE text of a sparse HLL. */
export function sparseDecode(b: Buffer, len: number): string {
  const out: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < len) {
    const op = b[p];
    if (isZero(op)) { out.push(`z:${zeroLen(op)}`); p++; }
    else if (isXZero(op)) { out.push(`Z:${xzeroLen(op, b[p + 1] ?? 0)}`); p += 2; }
    else { out.push(`v:${valValue(op)},${valLen(op)}`); p++; }
  }
  return out.join(' ');
}
