import { describe, it, expect } from 'vitest';
import { diffSuite, haveRedis, startRealRedis, runSteps, type DiffCase } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';

const els = (prefix: string, n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + from}`);
const BIN = 'a\x00b\r\n\xff\xfe';

const cases: DiffCase[] = [
  { name: 'PFADD PFCOUNT basics and exact bytes', resp: 'both', steps: [
    ['PFADD', 'h'], ['GET', 'h'], ['PFCOUNT', 'h'], ['GET', 'h'], ['PFADD', 'h', 'a', 'b', 'c'], ['GET', 'h'], ['PFADD', 'h', 'a'],
    ['PFCOUNT', 'h'], ['GET', 'h'], ['PFADD', 'h', BIN, '', 'x'.repeat(100), '12345678', '1234567'], ['GET', 'h'], ['PFCOUNT', 'h'],
    ['OBJECT', 'ENCODING', 'h'], ['STRLEN', 'h'], ['PFCOUNT', 'none'], ['PFADD', 'h2'], ['PFADD', 'h2'], ['PFCOUNT', 'h', 'none'], ['TYPE', 'h']] },
  { name: 'PFADD many elements (sparse growth, merges, promotion)', steps: [
    ['PFADD', 'h', ...els('e', 200)], ['GET', 'h'], ['PFCOUNT', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['PFADD', 'h', ...els('e', 800, 200)],
    ['GET', 'h'], ['PFCOUNT', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['PFADD', 'h', ...els('e', 3000, 1000)], ['PFDEBUG', 'ENCODING', 'h'],
    ['GET', 'h'], ['PFCOUNT', 'h'], ['PFADD', 'h', ...els('f', 20000)], ['PFCOUNT', 'h'], ['GET', 'h']] },
  { name: 'PFCOUNT multi-key and PFMERGE', resp: 'both', steps: [
    ['PFADD', 'a', ...els('x', 100)], ['PFADD', 'b', ...els('x', 100, 50)], ['PFADD', 'd', ...els('y', 5000)], ['PFCOUNT', 'a', 'b'],
    ['GET', 'a'], ['PFCOUNT', 'a', 'b', 'd', 'none'], ['PFMERGE', 'm', 'a', 'b'], ['GET', 'm'], ['PFCOUNT', 'm'], ['PFMERGE', 'm', 'd'],
    ['GET', 'm'], ['PFCOUNT', 'm'], ['PFMERGE', 'e'], ['GET', 'e'], ['PFMERGE', 'a', 'b'], ['GET', 'a'], ['PFMERGE', 'f', 'none', 'a'], ['GET', 'f']] },
  { name: 'HLL errors', steps: [
    ['SET', 's', 'hello'], ['PFADD', 's', 'a'], ['PFCOUNT', 's'], ['PFCOUNT', 's', 'x'], ['PFMERGE', 'd', 's'], ['PFMERGE', 's', 'x'],
    ['SET', 'n', '12'], ['PFADD', 'n', 'a'], ['SET', 'bad', 'HYLL\x00' + '\x00'.repeat(20)], ['PFADD', 'bad', 'a'], ['PFCOUNT', 'bad'],
    ['SET', 'bad2', 'HYLL\x02' + '\x00'.repeat(20)], ['PFCOUNT', 'bad2'], ['SET', 'cor', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\x00'],
    ['PFCOUNT', 'cor'], ['PFADD', 'cor', 'a', 'b'], ['PFCOUNT', 'cor', 'cor'], ['PFMERGE', 'x', 'cor'],
    { wrongType: 'L' }, ['PFADD', 'L', 'a'], ['PFCOUNT', 'L'], ['PFCOUNT', 'L', 'L'], ['PFMERGE', 'L', 'L'], ['PFMERGE', 'd', 'L'], ['PFADD']] },
  { name: 'PFDEBUG', steps: [
    ['PFADD', 'h', 'a', 'b', 'c', 'd'], ['PFDEBUG', 'DECODE', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['PFDEBUG', 'TODENSE', 'h'], ['GET', 'h'],
    ['PFDEBUG', 'TODENSE', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['PFDEBUG', 'DECODE', 'h'], ['PFCOUNT', 'h'], ['PFADD', 'g', 'x'],
    ['PFDEBUG', 'GETREG', 'g'], ['GET', 'g'], ['PFDEBUG', 'FOO', 'h'], ['PFDEBUG', 'ENCODING', 'h', 'x'], ['PFDEBUG', 'ENCODING', 'none'],
    ['SET', 's', 'x'], ['PFDEBUG', 'ENCODING', 's'], ['PFDEBUG', 'x'], ['PFSELFTEST']] },
  { name: 'hll-sparse-max-bytes', steps: [
    ['CONFIG', 'SET', 'hll-sparse-max-bytes', '60'], ['PFADD', 'h', ...els('e', 10)], ['PFDEBUG', 'ENCODING', 'h'], ['PFADD', 'h', ...els('e', 30)],
    ['PFDEBUG', 'ENCODING', 'h'], ['GET', 'h'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']] },
];

diffSuite('hll', cases);

describe.skipIf(!haveRedis)('hll cross-load', () => {
  it('values from real redis work in ours and vice versa', async () => {
    const real = await startRealRedis();
    const ours = new RedisServer({ allowRestrictedCommands: true });
    const { port } = await ours.listen();
    try {
      for (const n of [5, 300, 2000]) {
        const add = ['PFADD', 'h', ...els('z', n)];
        const [, realVal] = await runSteps(real.port, [add, ['GET', 'h']], 2);
        // Set the real value into ours through a Buffer round trip of the bulk reply.
        const body = realVal.slice(realVal.indexOf('\r\n') + 2, -2);
        const oursR = await runSteps(port, [['DEL', 'h'], ['SET', 'h', body], ['PFCOUNT', 'h'], ['PFADD', 'h', 'new1', 'new2'], ['GET', 'h']], 2, ours);
        const realR = await runSteps(real.port, [['DEL', 'h'], ['SET', 'h', body], ['PFCOUNT', 'h'], ['PFADD', 'h', 'new1', 'new2'], ['GET', 'h']], 2);
        expect(oursR).toEqual(realR);
        // ours → real
        const [, , ourVal] = await runSteps(port, [['DEL', 'h'], add, ['GET', 'h']], 2, ours);
        const body2 = ourVal.slice(ourVal.indexOf('\r\n') + 2, -2);
        const r1 = await runSteps(real.port, [['DEL', 'h'], ['SET', 'h', body2], ['PFCOUNT', 'h'], ['PFDEBUG', 'ENCODING', 'h']], 2);
        const r2 = await runSteps(port, [['DEL', 'h'], ['SET', 'h', body2], ['PFCOUNT', 'h'], ['PFDEBUG', 'ENCODING', 'h']], 2, ours);
        expect(r2).toEqual(r1);
        expect(body2).toEqual(body);
      }
    } finally {
      await ours.close();
      await real.stop();
    }
  }, 30000);
});

describe('hll hash', () => {
  it('32-bit MurmurHash64A pattern length equals the BigInt reference', async () => {
    const { hllPatLen, hllPatLenRef } = await import('../../../engines/redis/types/hll.js');
    let seed = 12345;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    for (let i = 0; i < 20000; i++) {
      let s = '';
      const n = i % 41;
      for (let j = 0; j < n; j++) s += String.fromCharCode(rnd() & 0xff);
      expect(hllPatLen(s)).toEqual(hllPatLenRef(s));
    }
  });
});

describe('hll debug switch', () => {
  it('PFDEBUG and PFSELFTEST are unknown commands without allowRestrictedCommands', async () => {
    const ours = new RedisServer({});
    const { port } = await ours.listen();
    try {
      const r = await runSteps(port, [['PFADD', 'h', 'a'], ['PFDEBUG', 'ENCODING', 'h'], ['PFSELFTEST'], ['PFCOUNT', 'h']], 2, ours);
      expect(r).toEqual([':1\r\n', "-ERR unknown command 'PFDEBUG', with args beginning with: 'ENCODING' 'h' \r\n",
        "-ERR unknown command 'PFSELFTEST', with args beginning with: \r\n", ':1\r\n']);
    } finally { await ours.close(); }
  });
});
