/**
 * LZF (liblzf 3.x format) as Redis uses it for rdbcompression and quicklist
 * node compression. The compressor follows liblzf's VERY_FAST variant with
 * HLOG=16 (the build Redis ships), so the compress-or-not decision for a given
 * output budget matches redis-server (it's also a valid LZF stream anyway).
 *
 * Format: 000LLLLL + L+1 literal bytes; LLLooooo oooooooo back reference of
 * L+2 bytes (L 1..6) at distance o+1; 111ooooo LLLLLLLL oooooooo for L+9.
 */
const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

// Hash table of input positions, shared between calls. Instead of clearing
// 64K slots per call, each slot carries the call's generation stamp.
let htab: Int32Array | null = null;
let hgen: Uint32Array | null = null;
let gen = 0;

/**
 * Compress `input` into at most `outLen` bytes. Returns the compressed bytes,
 * or null when the result would not fit in outLen (liblzf returns 0 then).
 */
export function lzfCompress(input: Uint8Array, outLen: number): Buffer | null {
  const inLen = input.length;
  if (inLen === 0 || outLen <= 0) return null;
  if (!htab || !hgen) { htab = new Int32Array(HSIZE); hgen = new Uint32Array(HSIZE); }
  const tab = htab, tgen = hgen;
  gen = (gen + 1) >>> 0;
  if (gen === 0) { tgen.fill(0); gen = 1; }
  const g = gen;
  const out = Buffer.allocUnsafe(outLen + 3);
  const inEnd = inLen;
  const outEnd = outLen;
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run
  let hval = (input[0] << 8) | input[1];
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = (((hval >>> 8) - Math.imul(hval, 5)) >>> 0) & (HSIZE - 1);
    const ref = tgen[slot] === g ? tab[slot] : -1;
    tab[slot] = ip; tgen[slot] = g;
    let off: number;
    if (ref > 0 && (off = ip - ref - 1) < MAX_OFF && off >= 0
        && input[ref + 2] === input[ip + 2] && input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd) {
        if (op - (lit ? 0 : 1) + 3 + 1 >= outEnd) return null;
      }
      out[op - lit - 1] = lit - 1; // stop run
      if (!lit) op--; // undo run if length is zero
      // liblzf checks 16 bytes unrolled (without the maxlen bound) before the bounded loop
      let mismatch = false;
      if (maxlen > 16) {
        for (let u = 0; u < 16; u++) {
          len++;
          if (input[ref + len] !== input[ip + len]) { mismatch = true; break; }
        }
      }
      if (!mismatch) {
        do len++; while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0; op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      let sl = (((hval >>> 8) - Math.imul(hval, 5)) >>> 0) & (HSIZE - 1);
      tab[sl] = ip; tgen[sl] = g;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      sl = (((hval >>> 8) - Math.imul(hval, 5)) >>> 0) & (HSIZE - 1);
      tab[sl] = ip; tgen[sl] = g;
      ip++;
    } else {
      if (op >= outEnd) return null;
      lit++; out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0; op++;
      }
    }
  }
  if (op + 3 > outEnd) return null;
  while (ip < inEnd) {
    lit++; out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0; op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (!lit) op--;
  return out.subarray(0, op);
}

/** Decompress; throws if the stream is malformed or does not produce exactly outLen bytes. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0, op = 0;
  const inEnd = input.length;
  while (ip < inEnd) {
    let ctrl = input[ip++];
    if (ctrl < 32) {
      ctrl++;
      if (op + ctrl > outLen) throw new Error('LZF: output overflow');
      if (ip + ctrl > inEnd) throw new Error('LZF: input overrun');
      for (let i = 0; i < ctrl; i++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) throw new Error('LZF: input overrun');
      if (len === 7) {
        len += input[ip++];
        if (ip >= inEnd) throw new Error('LZF: input overrun');
      }
      ref -= input[ip++];
      len += 2;
      if (op + len > outLen) throw new Error('LZF: output overflow');
      if (ref < 0) throw new Error('LZF: invalid back reference');
      for (let i = 0; i < len; i++) out[op++] = out[ref++];
    }
  }
  if (op !== outLen) throw new Error('LZF: length mismatch');
  return out;
}
