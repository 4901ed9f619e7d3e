import { describe, it, expect } from 'vitest';
import { crc64, Crc64 } from '../../../../engines/redis/rdb/crc64.js';
import { lzfCompress, lzfDecompress } from '../../../../engines/redis/rdb/lzf.js';
import { ByteReader, ByteWriter, RdbError } from '../../../../engines/redis/rdb/bytes.js';
import { readLen, readLenBig, readLenOrEnc, writeLen } from '../../../../engines/redis/rdb/length.js';
import { ListpackBuilder, lpDecode, lpEncode } from '../../../../engines/redis/rdb/listpack.js';
import { ziplistDecode, ziplistEncode } from '../../../../engines/redis/rdb/ziplist.js';
import { intsetDecode, intsetEncode } from '../../../../engines/redis/rdb/intset.js';
import { zipmapDecode, zipmapEncode } from '../../../../engines/redis/rdb/zipmap.js';
import { d2string, formatG17, parseStrictInt } from '../../../../engines/redis/rdb/numfmt.js';
import { readString, writeString } from '../../../../engines/redis/rdb/strings.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function refCrc64(buf: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const b of buf) {
    crc ^= BigInt(b);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

describe('crc64 (Jones, reflected)', () => {
  it('check value of "123456789" is 0xe9c6d914c4b8d9ca', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });
  it('matches a bitwise reference on random buffers (slicing-by-8 and tail paths)', () => {
    const r = rng(1);
    for (let n = 0; n < 70; n++) {
      const b = Buffer.alloc(n * 3 + (n % 7));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
      expect(crc64(b)).toBe(refCrc64(b));
    }
  });
  it('is incremental', () => {
    const b = Buffer.from('The quick brown fox jumps over the lazy dog, many times over.');
    for (const cut of [0, 1, 7, 8, 9, 30, b.length]) {
      const c = new Crc64().update(b.subarray(0, cut)).update(b.subarray(cut));
      expect(c.value()).toBe(crc64(b));
      expect(crc64(b.subarray(cut), crc64(b.subarray(0, cut)))).toBe(crc64(b));
    }
    const c = new Crc64().update(b);
    expect(c.bytesLE().readBigUInt64LE(0)).toBe(c.value());
    expect(c.equalsLE(c.bytesLE(), 0)).toBe(true);
  });
});

describe('LZF', () => {
  it('round-trips compressible and random data', () => {
    const r = rng(2);
    const inputs: Buffer[] = [
      Buffer.from('a'.repeat(1000)),
      Buffer.from('hello world '.repeat(50)),
      Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 13)),
    ];
    for (let k = 0; k < 50; k++) {
      const len = 1 + Math.floor(r() * 3000);
      const alpha = 1 + Math.floor(r() * 8);
      inputs.push(Buffer.from(Array.from({ length: len }, () => Math.floor(r() * alpha))));
    }
    for (const inp of inputs) {
      const c = lzfCompress(inp, inp.length + 64);
      expect(c).not.toBeNull();
      expect(lzfDecompress(c!, inp.length).equals(inp)).toBe(true);
    }
  });
  it('gives up when the output budget is too small (Redis requires a 4-byte gain)', () => {
    const r = rng(3);
    const rand = Buffer.from(Array.from({ length: 200 }, () => Math.floor(r() * 256)));
    expect(lzfCompress(rand, rand.length - 4)).toBeNull();
    const c = lzfCompress(Buffer.from('x'.repeat(100)), 96);
    expect(c!.length).toBeLessThan(10);
  });
  it('decompression rejects corrupt input', () => {
    expect(() => lzfDecompress(Buffer.from([0x05, 1, 2]), 6)).toThrow();
    expect(() => lzfDecompress(Buffer.from([0x20, 0x05]), 3)).toThrow(); // back ref before start
    const c = lzfCompress(Buffer.from('abcabcabcabcabcabcabcabc'), 100)!;
    expect(() => lzfDecompress(c, 10)).toThrow();
    expect(() => lzfDecompress(c, 30)).toThrow();
  });
});

describe('length encoding', () => {
  it('uses 1/2/5/9 bytes at the right boundaries and round-trips', () => {
    const cases: [number | bigint, number][] = [[0, 1], [63, 1], [64, 2], [16383, 2], [16384, 5], [0xffffffff, 5], [0x100000000, 9]];
    for (const [v, size] of cases) {
      const w = new ByteWriter(4);
      writeLen(w, v);
      expect(w.pos).toBe(size);
      expect(readLen(new ByteReader(w.toBuffer()))).toBe(Number(v));
    }
    const w = new ByteWriter();
    writeLen(w, 0xffffffffffffffffn);
    expect(w.toBuffer().toString('hex')).toBe('81ffffffffffffffff');
    expect(readLenBig(new ByteReader(w.toBuffer()))).toBe(0xffffffffffffffffn);
    expect(() => readLen(new ByteReader(w.toBuffer()))).toThrow(RdbError);
  });
  it('recognises encoded values and rejects unknown forms / truncation', () => {
    expect(readLenOrEnc(new ByteReader(Buffer.from([0xc3])))).toEqual({ encoded: true, value: 3 });
    expect(() => readLenOrEnc(new ByteReader(Buffer.from([0x82])))).toThrow(RdbError);
    expect(() => readLen(new ByteReader(Buffer.from([0x80, 0, 0])))).toThrow(RdbError);
  });
});

describe('RDB strings', () => {
  const enc = (s: string | Buffer, compression = true): Buffer => {
    const w = new ByteWriter(); writeString(w, Buffer.isBuffer(s) ? s : Buffer.from(s), compression); return w.toBuffer();
  };
  it('int-encodes canonical int32 decimals', () => {
    expect(enc('0').toString('hex')).toBe('c000');
    expect(enc('-128').toString('hex')).toBe('c080');
    expect(enc('128').toString('hex')).toBe('c18000');
    expect(enc('-32769').toString('hex')).toBe('c2ff7fffff');
    expect(enc('2147483647').toString('hex')).toBe('c2ffffff7f');
    expect(enc('2147483648')[0]).toBe(10); // raw
    expect(enc('007')[0]).toBe(3);
    expect(enc('+5')[0]).toBe(2);
    expect(enc('-0')[0]).toBe(2);
    expect(enc('')).toEqual(Buffer.from([0]));
  });
  it('LZF-compresses long compressible strings only when enabled', () => {
    const s = 'a'.repeat(100);
    expect(enc(s)[0]).toBe(0xc3);
    expect(enc(s, false).subarray(0, 2).toString('hex')).toBe('4064');
    expect(enc('a'.repeat(20))[0]).toBe(20); // <= 20 bytes: never compressed
    for (const v of ['0', '-128', '99999', s, 'x'.repeat(500), '']) {
      expect(readString(new ByteReader(enc(v))).toString()).toBe(v);
    }
  });
});

describe('listpack', () => {
  it('picks the integer encodings at each boundary', () => {
    const sizes: [number | bigint, number][] = [
      [0, 1], [127, 1], [128, 2], [-1, 2], [-4096, 2], [4095, 2], [4096, 3], [-4097, 3], [32767, 3], [-32768, 3],
      [32768, 4], [8388607, 4], [-8388608, 4], [8388608, 5], [2147483647, 5], [-2147483648, 5], [2147483648, 9],
      [9223372036854775807n, 9], [-9223372036854775808n, 9],
    ];
    for (const [v, size] of sizes) {
      const lp = lpEncode([Buffer.from(String(v))]);
      expect(lp.length - 7 - 1).toBe(size); // header 6 + EOF 1 + backlen 1
      const d = lpDecode(lp);
      expect(String(d[0])).toBe(String(v));
    }
  });
  it('round-trips strings of every length class and validates backlens', () => {
    const items = [0, 1, 63, 64, 127, 128, 4095, 4096, 20000].map((n) => Buffer.alloc(n, 'q'));
    items.push(Buffer.from('12a'), Buffer.from('-0'), Buffer.from('0123'));
    const lp = lpEncode(items);
    expect(lp.readUInt32LE(0)).toBe(lp.length);
    expect(lp.readUInt16LE(4)).toBe(items.length);
    const d = lpDecode(lp);
    expect(d.map((x) => Buffer.from(x as Buffer))).toEqual(items);
  });
  it('stores 65535 as the count once it would overflow', () => {
    const b = new ListpackBuilder();
    for (let i = 0; i < 70000; i++) b.appendInt(i % 100);
    const lp = b.finish();
    expect(lp.readUInt16LE(4)).toBe(65535);
    expect(lpDecode(lp).length).toBe(70000);
  });
  it('rejects corruption', () => {
    const lp = lpEncode([Buffer.from('hello'), Buffer.from('12345')]);
    const bad1 = Buffer.from(lp); bad1.writeUInt32LE(lp.length + 1, 0);
    const bad2 = Buffer.from(lp); bad2[lp.length - 1] = 0;
    const bad3 = Buffer.from(lp); bad3[6 + 6] = 9; // backlen of "hello"
    const bad4 = Buffer.from(lp); bad4.writeUInt16LE(5, 4);
    for (const b of [bad1, bad2, bad3, bad4, Buffer.alloc(3)]) expect(() => lpDecode(b)).toThrow(RdbError);
  });
});

describe('ziplist (legacy)', () => {
  it('round-trips all integer encodings, strings and 5-byte prevlens', () => {
    const items: (Buffer | number)[] = [0, 12, 13, -1, 127, -128, 300, -32768, 70000, -8388608, 2147483647, 2 ** 40, -(2 ** 40),
      Buffer.from(''), Buffer.alloc(63, 'a'), Buffer.alloc(64, 'b'), Buffer.alloc(300, 'c'), Buffer.alloc(17000, 'd'), Buffer.from('x')];
    const zl = ziplistEncode(items);
    const d = ziplistDecode(zl);
    expect(d.map((x) => (typeof x === 'number' ? x : Buffer.from(x as Buffer)))).toEqual(items);
  });
  it('rejects corruption', () => {
    const zl = ziplistEncode([Buffer.from('abc'), 5]);
    const bad = Buffer.from(zl); bad.writeUInt32LE(3, 4); // wrong tail
    expect(() => ziplistDecode(bad)).toThrow(RdbError);
    const bad2 = Buffer.from(zl); bad2[zl.length - 1] = 1;
    expect(() => ziplistDecode(bad2)).toThrow(RdbError);
  });
});

describe('intset', () => {
  it('chooses 2/4/8 byte encodings, sorts, round-trips', () => {
    expect(intsetEncode([3, -2, 1]).readUInt32LE(0)).toBe(2);
    expect(intsetEncode([3, 40000]).readUInt32LE(0)).toBe(4);
    expect(intsetEncode([3, 2 ** 33]).readUInt32LE(0)).toBe(8);
    expect(intsetDecode(intsetEncode([5, -9223372036854775808n, 9223372036854775807n, 0]))).toEqual([-9223372036854775808n, 0, 5, 9223372036854775807n]);
    expect(() => intsetEncode([1, 1])).toThrow();
  });
  it('rejects corruption', () => {
    const b = intsetEncode([1, 2, 3]);
    const unsorted = Buffer.from(b); unsorted.writeInt16LE(9, 8);
    expect(() => intsetDecode(unsorted)).toThrow(RdbError);
    expect(() => intsetDecode(b.subarray(0, b.length - 1))).toThrow(RdbError);
    const badEnc = Buffer.from(b); badEnc.writeUInt32LE(3, 0);
    expect(() => intsetDecode(badEnc)).toThrow(RdbError);
  });
});

describe('zipmap (legacy)', () => {
  it('round-trips including 5-byte lengths and free bytes', () => {
    const pairs = [{ field: Buffer.from('foo'), value: Buffer.from('bar') }, { field: Buffer.alloc(300, 'k'), value: Buffer.from('') }];
    expect(zipmapDecode(zipmapEncode(pairs))).toEqual(pairs);
    // Redis's documented example, with one free byte after "bar"
    const ex = Buffer.from('\x02\x03foo\x03\x01barX\x05hello\x05\x00world\xff', 'latin1');
    expect(zipmapDecode(ex).map((p) => [p.field.toString(), p.value.toString()])).toEqual([['foo', 'bar'], ['hello', 'world']]);
    expect(() => zipmapDecode(Buffer.from('\x01\x03fo', 'latin1'))).toThrow(RdbError);
  });
});

describe('number formatting', () => {
  it('string2ll rules', () => {
    expect(parseStrictInt(Buffer.from('0'))).toBe(0);
    expect(parseStrictInt(Buffer.from('-12'))).toBe(-12);
    expect(parseStrictInt(Buffer.from('9223372036854775807'))).toBe(9223372036854775807n);
    expect(parseStrictInt(Buffer.from('-9223372036854775808'))).toBe(-9223372036854775808n);
    for (const s of ['9223372036854775808', '-0', '01', '+1', ' 1', '1 ', '', '-', '1e3', '0x1']) expect(parseStrictInt(Buffer.from(s))).toBeNull();
  });
  it('%.17g like glibc', () => {
    const cases: [number, string][] = [
      [0.1, '0.10000000000000001'], [1.5, '1.5'], [1e-5, '1.0000000000000001e-05'], [1e20, '1e+20'], [1e300, '1.0000000000000001e+300'],
      [3.14, '3.1400000000000001'], [-2.5e-7, '-2.4999999999999999e-07'], [1 / 3, '0.33333333333333331'], [5e-324, '4.9406564584124654e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'], [123.456, '123.456'], [0.0001, '0.0001'], [1.234e-5, '1.234e-05'],
      [1e16, '10000000000000000'], [1.2345678901234568e16, '12345678901234568'], [9.999999999999998e16, '99999999999999984'], [1e17, '1e+17'], [-0.5, '-0.5'],
    ];
    for (const [x, s] of cases) expect(formatG17(x)).toBe(s);
    expect(d2string(5)).toBe('5');
    expect(d2string(-0)).toBe('-0');
    expect(d2string(Infinity)).toBe('inf');
    expect(d2string(2 ** 62)).toBe('4611686018427387904');
    expect(d2string(2 ** 63)).toBe('9.2233720368547758e+18');
  });
});

describe('%.17g exact ties', () => {
  it('rounds exact binary ties half-to-even like glibc (JS toExponential rounds them up)', () => {
    expect(formatG17(42998074064962.5625)).toBe('42998074064962.562');
    expect(formatG17(1205343985930085.25)).toBe('1205343985930085.2');
    expect(formatG17(398256025277.078125)).toBe('398256025277.07812');
    expect(formatG17(2 ** 70)).toBe('1.1805916207174113e+21');
    expect(formatG17(9.5)).toBe('9.5');
  });
});
