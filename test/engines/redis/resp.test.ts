import { describe, it, expect } from 'vitest';
import { RespParser, ReplyWriter, splitArgs, formatDouble17g } from '../../../engines/redis/resp.js';
import { encode } from './diff.js';

function parseAll(p: RespParser): string[][] {
  const out: string[][] = [];
  for (let a = p.next(); a !== null; a = p.next()) out.push(a);
  return out;
}

describe('RespParser', () => {
  it('parses a multibulk command', () => {
    const p = new RespParser();
    p.push(encode(['SET', 'k', 'v']));
    expect(parseAll(p)).toEqual([['SET', 'k', 'v']]);
  });
  it('parses pipelined commands in one chunk', () => {
    const p = new RespParser();
    p.push(Buffer.concat([encode(['PING']), encode(['GET', 'a']), Buffer.from('ECHO hi\r\n')]));
    expect(parseAll(p)).toEqual([['PING'], ['GET', 'a'], ['ECHO', 'hi']]);
  });
  it('handles input split at every byte', () => {
    const p = new RespParser();
    const data = Buffer.concat([encode(['SET', 'key', 'a\r\nb']), encode(['GET', 'key'])]);
    const out: string[][] = [];
    for (let i = 0; i < data.length; i++) { p.push(data.subarray(i, i + 1)); out.push(...parseAll(p)); }
    expect(out).toEqual([['SET', 'key', 'a\r\nb'], ['GET', 'key']]);
    expect(p.error).toBeNull();
  });
  it('accumulates a large bulk across many chunks without re-parsing', () => {
    const p = new RespParser();
    const big = 'x'.repeat(5 * 1024 * 1024);
    const data = encode(['SET', 'k', big]);
    let got: string[] | null = null;
    for (let i = 0; i < data.length; i += 16 * 1024) {
      p.push(data.subarray(i, i + 16 * 1024));
      const r = p.next();
      if (r) got = r;
    }
    expect(got?.[2].length).toBe(big.length);
  });
  it('is binary safe', () => {
    const p = new RespParser();
    const bin = Buffer.from([0, 255, 13, 10, 128]);
    p.push(Buffer.concat([Buffer.from('*1\r\n$5\r\n'), bin, Buffer.from('\r\n')]));
    const [argv] = parseAll(p);
    expect(Buffer.from(argv[0], 'latin1')).toEqual(bin);
  });
  it('parses inline with quotes and escapes', () => {
    expect(splitArgs('set "a b" \'c d\' "\\x41\\n"')).toEqual(['set', 'a b', 'c d', 'A\n']);
    expect(splitArgs('set "abc')).toBeNull();
    expect(splitArgs('set "abc"x')).toBeNull();
    expect(splitArgs('   ')).toEqual([]);
  });
  it.each([
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\nPING\r\n', "Protocol error: expected '$', got 'P'"],
    ['SET "x\r\n', 'Protocol error: unbalanced quotes in request'],
    ['a'.repeat(70 * 1024), 'Protocol error: too big inline request'],
    ['*' + '1'.repeat(70 * 1024), 'Protocol error: too big mbulk count string'],
  ])('protocol error %#', (input, err) => {
    const p = new RespParser();
    p.push(Buffer.from(input.slice(0, 200000)));
    parseAll(p);
    expect(p.error).toBe(err);
  });
  it('respects proto-max-bulk-len', () => {
    const p = new RespParser();
    p.maxBulkLen = 10;
    p.push(Buffer.from('*1\r\n$11\r\n'));
    parseAll(p);
    expect(p.error).toBe('Protocol error: invalid bulk length');
  });
});

describe('ReplyWriter', () => {
  it('writes RESP2 and RESP3 forms', () => {
    const w = new ReplyWriter();
    w.mapLen(1); w.bulk('a'); w.int(-42); w.nullBulk(); w.double(1.5); w.bool(true);
    expect(w.take()!.toString()).toBe('*2\r\n$1\r\na\r\n:-42\r\n$-1\r\n$3\r\n1.5\r\n:1\r\n');
    w.proto = 3;
    w.mapLen(1); w.setLen(0); w.pushLen(1); w.nullBulk(); w.double(Infinity); w.bool(false); w.bigNumber('123'); w.verbatim('hi');
    expect(w.take()!.toString()).toBe('%1\r\n~0\r\n>1\r\n_\r\n,inf\r\n#f\r\n(123\r\n=6\r\ntxt:hi\r\n');
  });
  it('take() hands out non-overlapping slices', () => {
    const w = new ReplyWriter();
    w.bulk('one');
    const a = w.take()!;
    w.bulk('two');
    const b = w.take()!;
    expect(a.toString()).toBe('$3\r\none\r\n');
    expect(b.toString()).toBe('$3\r\ntwo\r\n');
  });
  it('grows for huge replies', () => {
    const w = new ReplyWriter();
    const s = 'y'.repeat(200000);
    w.bulk(s);
    expect(w.take()!.length).toBe(200000 + 11);
  });
  it('formats doubles like %.17g', () => {
    expect(formatDouble17g(1.5)).toBe('1.5');
    expect(formatDouble17g(0.1)).toBe('0.10000000000000001');
    expect(formatDouble17g(1e20)).toBe('1e+20');
    expect(formatDouble17g(1e-5)).toBe('1.0000000000000001e-05');
    expect(formatDouble17g(123456)).toBe('123456');
  });
});

import { TABLE } from '../../../engines/redis/commands/table.js';
import { keyPositions } from '../../../engines/redis/commands/getkeys.js';
describe('command table key specs', () => {
  const keys = (argv: string[]) => keyPositions(TABLE.get(argv[0].toLowerCase())!, argv).map((i) => argv[i]);
  it('covers every Redis 7.0 command', () => { expect(TABLE.size).toBe(240); expect(TABLE.get('get')!.arity).toBe(2); });
  it('range, keynum and keyword specs', () => {
    expect(keys(['MSET', 'a', '1', 'b', '2'])).toEqual(['a', 'b']);
    expect(keys(['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'])).toEqual(['d', 'a', 'b']);
    expect(keys(['EVAL', 's', '2', 'k1', 'k2', 'arg'])).toEqual(['k1', 'k2']);
    expect(keys(['XREAD', 'COUNT', '2', 'STREAMS', 's1', 's2', '0', '0'])).toEqual(['s1', 's2']);
    expect(keys(['ZUNIONSTORE', 'd', 'x', 'a'])).toEqual([]); // invalid numkeys: no keys (getKeysFromCommandWithSpecs)
  });
});
