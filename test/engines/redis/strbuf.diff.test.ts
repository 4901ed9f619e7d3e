/**
 * String values modified in place (StrBuf: APPEND, SETRANGE, SETBIT, BITFIELD,
 * PFADD…) against redis-server 7.0: every reader sees the same bytes, OBJECT
 * ENCODING says raw, and MEMORY USAGE follows sds growth (sdsMakeRoomFor +
 * jemalloc size classes).
 */
import { diffSuite, type DiffCase, type Step } from './diff.js';

const seq = (n: number, p = ''): string[] => Array.from({ length: n }, (_, i) => `${p}${i}`);
const X49 = 'x'.repeat(49);

/** Keys whose values were grown/patched in place, one per writer. */
const SETUP: Step[] = [
  ...Array.from({ length: 10 }, (): Step => ['APPEND', 'app', X49]),
  ['SETRANGE', 'sr', '100', 'x'], ['SETRANGE', 'sr', '1000', 'x'], ['SETRANGE', 'sr', '300000', 'yz'],
  ['SETBIT', 'bm', '7', '1'], ['SETBIT', 'bm', '800', '1'], ['SETBIT', 'bm', '80000', '1'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '65', 'INCRBY', 'i16', '#10', '300'],
  ['PFADD', 'hll', ...seq(40, 'e')], ['PFADD', 'dense', ...seq(3000, 'f')],
  ['SET', 'emb', 'hello'], ['APPEND', 'emb', ' world'], ['SET', 'num', '123'], ['SETRANGE', 'num', '0', '4'],
  ['SET', 'big', 'q'.repeat(100)], ['SETBIT', 'big', '3', '1'],
];
const KEYS = ['app', 'sr', 'bm', 'bf', 'hll', 'dense', 'emb', 'num', 'big'];

const cases: DiffCase[] = [
  { name: 'readers see the in-place value: GET GETRANGE STRLEN BITCOUNT BITPOS GETBIT LCS', resp: 'both', steps: [
    ...SETUP, ...KEYS.flatMap((k): Step[] => [
      ['GET', k], ['STRLEN', k], ['GETRANGE', k, '0', '20'], ['GETRANGE', k, '-10', '-1'], ['SUBSTR', k, '5', '7'], ['BITCOUNT', k],
      ['BITCOUNT', k, '1', '-2'], ['BITCOUNT', k, '3', '100', 'BIT'], ['BITPOS', k, '1'], ['BITPOS', k, '0', '2'], ['BITPOS', k, '1', '0', '-1', 'BIT'],
      ['GETBIT', k, '7'], ['GETBIT', k, '800'], ['BITFIELD_RO', k, 'GET', 'u8', '0', 'GET', 'i5', '3'], ['BITFIELD', k, 'GET', 'u4', '#1'],
      ['OBJECT', 'ENCODING', k], ['TYPE', k],
    ]),
    ['LCS', 'emb', 'big'], ['LCS', 'app', 'sr', 'LEN'], ['MGET', ...KEYS], ['INCR', 'num'], ['OBJECT', 'ENCODING', 'num'], ['INCRBYFLOAT', 'num', '1.5']] },
  { name: 'MEMORY USAGE of strings grown in place follows sds + jemalloc', resp: 'both', steps: [
    ...Array.from({ length: 12 }, (): Step[] => [['APPEND', 'a', X49], ['MEMORY', 'USAGE', 'a']]).flat(),
    ['SETRANGE', 'b', '100', 'x'], ['MEMORY', 'USAGE', 'b'], ['SETRANGE', 'b', '1000', 'x'], ['MEMORY', 'USAGE', 'b'],
    ['SETRANGE', 'b', '1000000', 'x'], ['MEMORY', 'USAGE', 'b'], ['SETRANGE', 'b', '5', 'abc'], ['MEMORY', 'USAGE', 'b'],
    ['SETBIT', 'c', '7', '1'], ['MEMORY', 'USAGE', 'c'], ['SETBIT', 'c', '800', '1'], ['MEMORY', 'USAGE', 'c'],
    ['SETBIT', 'c', '8000000', '1'], ['MEMORY', 'USAGE', 'c'], ['SETBIT', 'c', '80000000', '1'], ['MEMORY', 'USAGE', 'c'],
    ['SET', 'd', 'hello'], ['APPEND', 'd', 'world'], ['MEMORY', 'USAGE', 'd'], ['SET', 'e', 'z'.repeat(40)], ['APPEND', 'e', 'z'], ['MEMORY', 'USAGE', 'e'],
    ['SET', 'f', '123'], ['SETRANGE', 'f', '0', '4'], ['MEMORY', 'USAGE', 'f'], ['SET', 'g', 'w'.repeat(300)], ['SETRANGE', 'g', '0', 'v'], ['MEMORY', 'USAGE', 'g'],
    ['APPEND', 'g', 'tail'], ['MEMORY', 'USAGE', 'g'],
    ['PFADD', 'h', 'a'], ['MEMORY', 'USAGE', 'h'], ['PFADD', 'h', ...seq(200, 'e')], ['MEMORY', 'USAGE', 'h'], ['STRLEN', 'h'],
    ['PFADD', 'h', ...seq(3000, 'f')], ['MEMORY', 'USAGE', 'h'], ['STRLEN', 'h'], ['PFMERGE', 'm', 'h'], ['MEMORY', 'USAGE', 'm'],
    ['BITOP', 'OR', 'o', 'c', 'b'], ['MEMORY', 'USAGE', 'o'], ['OBJECT', 'ENCODING', 'o'],
    ['COPY', 'a', 'acopy'], ['MEMORY', 'USAGE', 'acopy'], ['OBJECT', 'ENCODING', 'acopy'], ['RENAME', 'c', 'c2'], ['MEMORY', 'USAGE', 'c2']] },
  { name: 'generic commands move/copy/serialize the in-place value', resp: 'both', steps: [
    ...SETUP, ['COPY', 'app', 'app2'], ['APPEND', 'app', 'more'], ['GET', 'app2'], ['GET', 'app'], ['RENAME', 'bm', 'bm2'], ['GET', 'bm2'],
    ['SETBIT', 'bm2', '1', '1'], ['GET', 'bm2'], ['DUMP', 'hll'], ['DUMP', 'sr'], ['DUMP', 'emb'], 
    ['GETDEL', 'emb'], ['GETEX', 'app', 'PX', '100000'], ['GETSET', 'big', 'new'], ['GET', 'big'],
    ['SET', 'bf', 'GET'], ['OBJECT', 'ENCODING', 'bf'], ['MOVE', 'num', '1'], ['SELECT', '1'], ['GET', 'num'], ['OBJECT', 'ENCODING', 'num'], ['SELECT', '0'],
    ['BITOP', 'XOR', 'x', 'bm2', 'sr', 'app'], ['GET', 'x'], ['BITOP', 'NOT', 'bm2', 'bm2'], ['GET', 'bm2'], ['GET', 'hll'], ['GET', 'app'],
    ['PFCOUNT', 'dense']] },
  { name: 'SORT BY / GET and scripts read the in-place value', steps: [
    ['RPUSH', 'l', '1', '2', '3'], ['SETRANGE', 'w_1', '0', '30'], ['APPEND', 'w_2', '2'], ['APPEND', 'w_2', '0'], ['SET', 'w_3', '10'], ['SETBIT', 'w_3', '0', '0'],
    ['SETRANGE', 'o_1', '3', 'one'], ['APPEND', 'o_2', 'two'], ['APPEND', 'o_2', '!'], ['SORT', 'l', 'BY', 'w_*', 'GET', 'o_*', 'GET', '#'],
    ['EVAL', "return redis.call('GET', KEYS[1])", '1', 'o_1'], ['EVAL', "return redis.call('STRLEN', KEYS[1])", '1', 'o_2'],
    ['EVAL', "redis.call('APPEND', KEYS[1], 'x'); return redis.call('GETRANGE', KEYS[1], 0, -1)", '1', 'o_2']] },
  { name: 'APPEND SETRANGE SETBIT edge cases', resp: 'both', steps: [
    ['APPEND', 'e', ''], ['GET', 'e'], ['OBJECT', 'ENCODING', 'e'], ['APPEND', 'e', 'a'], ['OBJECT', 'ENCODING', 'e'], ['SETRANGE', 'e', '0', ''],
    ['SETRANGE', 'none', '10', ''], ['EXISTS', 'none'], ['SETRANGE', 'e', '3', 'b\x00c'], ['GET', 'e'], ['SETRANGE', 'e', '1', 'ZZ'], ['GET', 'e'],
    ['SETBIT', 'e', '100', '1'], ['GET', 'e'], ['SETRANGE', 'e', '-1', 'x'], ['SETBIT', 'e', '4294967296', '1'],
    ['APPEND', 'e', '\xff\xfe'], ['GET', 'e'], ['STRLEN', 'e'], { wrongType: 'L' }, ['APPEND', 'L', 'x'], ['SETRANGE', 'L', '0', 'x'], ['SETBIT', 'L', '0', '1']] },
];

diffSuite('strbuf', cases);
