import { diffSuite, type DiffCase } from './diff.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const cases: DiffCase[] = [
  { name: 'GET/SET basic', resp: 'both', steps: [['SET', 'k', 'v'], ['GET', 'k'], ['GET', 'missing'], ['set', 'k', 'v2'], ['get', 'k']] },
  { name: 'SET binary key and value', resp: 'both', steps: [['SET', BIN, BIN], ['GET', BIN], ['STRLEN', BIN], ['EXISTS', BIN]] },
  { name: 'SET options NX XX GET', resp: 'both', steps: [
    ['SET', 'k', '1', 'NX'], ['SET', 'k', '2', 'NX'], ['SET', 'k', '3', 'XX'], ['SET', 'nokey', '3', 'XX'],
    ['SET', 'k', '4', 'GET'], ['SET', 'new', '5', 'GET'], ['SET', 'k', '6', 'NX', 'GET'], ['SET', 'zz', '6', 'XX', 'GET'], ['GET', 'k']] },
  { name: 'SET option errors', steps: [
    ['SET', 'k', 'v', 'NX', 'XX'], ['SET', 'k', 'v', 'EX'], ['SET', 'k', 'v', 'EX', '10', 'PX', '100'], ['SET', 'k', 'v', 'EX', 'abc'],
    ['SET', 'k', 'v', 'EX', '0'], ['SET', 'k', 'v', 'PX', '-1'], ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'], ['SET', 'k', 'v', 'FOO'],
    ['SET', 'k', 'v', 'EX', '9223372036854775807'], ['SET', 'k', 'v', 'PXAT', '9223372036854775807'], ['SET', 'k', 'v', 'EXAT', '-5'],
    ['SET', 'k', 'v', 'persist'], ['SET', 'k'], ['SET'], ['GET', 'a', 'b']] },
  { name: 'SET EX/PX/EXAT/PXAT/KEEPTTL', steps: [
    ['SET', 'k', 'v', 'EX', '100'], ['TTL', 'k'], ['SET', 'k', 'v', 'PX', '100000'], { cmd: ['PTTL', 'k'], typeOnly: true }, ['TTL', 'k'],
    ['SET', 'k', 'v2', 'KEEPTTL'], ['TTL', 'k'], ['SET', 'k', 'v3'], ['TTL', 'k'], ['SET', 'k', 'v', 'EXAT', '32503680000'], ['EXPIRETIME', 'k'],
    ['SET', 'k', 'v', 'PXAT', '32503680000123'], ['PEXPIRETIME', 'k'], ['SET', 'k', 'v', 'ex', '10', 'ex', '20'], ['TTL', 'k']] },
  { name: 'SET on wrong type with GET', steps: [['SET', 'k', 'v'], ['SET', 'k', 'x', 'GET'], ['GETDEL', 'k'], ['GETDEL', 'k']] },
  { name: 'SETNX SETEX PSETEX', steps: [
    ['SETNX', 'k', '1'], ['SETNX', 'k', '2'], ['GET', 'k'], ['SETEX', 'k', '100', 'v'], ['TTL', 'k'], ['SETEX', 'k', '0', 'v'],
    ['SETEX', 'k', '-1', 'v'], ['SETEX', 'k', 'x', 'v'], ['PSETEX', 'k', '100000', 'v'], ['TTL', 'k'], ['PSETEX', 'k', '0', 'v'], ['SETEX', 'k', '1']] },
  { name: 'GETEX', resp: 'both', steps: [
    ['SET', 'k', 'v'], ['GETEX', 'k'], ['GETEX', 'k', 'EX', '100'], ['TTL', 'k'], ['GETEX', 'k', 'PERSIST'], ['TTL', 'k'],
    ['GETEX', 'k', 'PX', '5000', 'PERSIST'], ['GETEX', 'k', 'EX', '0'], ['GETEX', 'k', 'KEEPTTL'], ['GETEX', 'nokey', 'EX', '10'],
    ['GETEX', 'k', 'EXAT', '1'], ['EXISTS', 'k'], ['GETEX', 'k', 'FOO']] },
  { name: 'MGET MSET MSETNX', resp: 'both', steps: [
    ['MSET', 'a', '1', 'b', '2'], ['MGET', 'a', 'b', 'c'], ['MSET', 'a'], ['MSET', 'a', '1', 'b'], ['MSETNX', 'x', '1', 'a', '2'],
    ['MSETNX', 'x', '1', 'y', '2'], ['MGET', 'x', 'y', 'a'], ['MSETNX', 'x']] },
  { name: 'APPEND STRLEN encodings', steps: [
    ['APPEND', 'k', 'hello'], ['APPEND', 'k', ' world'], ['GET', 'k'], ['STRLEN', 'k'], ['STRLEN', 'none'], ['OBJECT', 'ENCODING', 'k'],
    ['SET', 'n', '12345'], ['OBJECT', 'ENCODING', 'n'], ['APPEND', 'n', '6'], ['OBJECT', 'ENCODING', 'n'], ['GET', 'n'],
    ['SET', 'e', 'x'.repeat(44)], ['OBJECT', 'ENCODING', 'e'], ['SET', 'r', 'x'.repeat(45)], ['OBJECT', 'ENCODING', 'r'],
    ['SET', 'z', '-0'], ['OBJECT', 'ENCODING', 'z'], ['SET', 'big', '9223372036854775807'], ['OBJECT', 'ENCODING', 'big'],
    ['SET', 'big2', '9223372036854775808'], ['OBJECT', 'ENCODING', 'big2'], ['SET', 'lead', '01'], ['OBJECT', 'ENCODING', 'lead']] },
  { name: 'SETRANGE GETRANGE SUBSTR', steps: [
    ['SETRANGE', 'k', '5', 'hi'], ['GET', 'k'], ['SETRANGE', 'k', '0', 'HE'], ['GET', 'k'], ['SETRANGE', 'k', '-1', 'x'],
    ['SETRANGE', 'k', '0', ''], ['SETRANGE', 'nok', '0', ''], ['EXISTS', 'nok'], ['SETRANGE', 'k', '536870912', 'x'],
    ['SET', 's', 'Hello World'], ['GETRANGE', 's', '0', '4'], ['GETRANGE', 's', '-5', '-1'], ['GETRANGE', 's', '5', '2'],
    ['GETRANGE', 's', '-1', '-5'], ['GETRANGE', 's', '0', '100'], ['GETRANGE', 's', '-100', '2'], ['GETRANGE', 'none', '0', '1'],
    ['GETRANGE', 's', 'a', '1'], ['SUBSTR', 's', '1', '3'], ['SET', 'n', '12345'], ['GETRANGE', 'n', '1', '2'], ['SETRANGE', 'n', '1', 'x'], ['GET', 'n']] },
  { name: 'INCR family', resp: 'both', steps: [
    ['INCR', 'n'], ['INCRBY', 'n', '10'], ['DECR', 'n'], ['DECRBY', 'n', '5'], ['INCRBY', 'n', '-3'], ['GET', 'n'],
    ['SET', 'n', '9223372036854775806'], ['INCR', 'n'], ['INCR', 'n'], ['GET', 'n'], ['SET', 'n', '-9223372036854775808'], ['DECR', 'n'],
    ['DECRBY', 'x', '-9223372036854775808'], ['INCRBY', 'n', '9223372036854775808'], ['SET', 's', 'abc'], ['INCR', 's'],
    ['SET', 's', ' 1'], ['INCR', 's'], ['SET', 's', '1 '], ['INCR', 's'], ['SET', 's', '+1'], ['INCR', 's'], ['SET', 's', '01'], ['INCR', 's'],
    ['SET', 's', '1.5'], ['INCR', 's'], ['INCRBY', 'n', 'x'], ['SET', 'n', '100'], ['OBJECT', 'ENCODING', 'n'], ['INCR', 'n'], ['OBJECT', 'ENCODING', 'n'],
    ['SET', 'big', '12345678901234567'], ['INCRBY', 'big', '11111111111111111'], ['DECRBY', 'big', '99999999999999999999']] },
  { name: 'INCRBYFLOAT', resp: 'both', steps: [
    ['INCRBYFLOAT', 'f', '10.5'], ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'f', '-5'], ['INCRBYFLOAT', 'f', '1e3'], ['GET', 'f'],
    ['SET', 'f', '3.0e3'], ['INCRBYFLOAT', 'f', '200'], ['INCRBYFLOAT', 'f', 'abc'], ['INCRBYFLOAT', 'f', 'inf'], ['INCRBYFLOAT', 'f', ' 1'],
    ['SET', 'g', '1.1'], ['INCRBYFLOAT', 'g', '2.2'], ['SET', 'g', '0.1'], ['INCRBYFLOAT', 'g', '0.2'], ['INCRBYFLOAT', 'h', '-0'],
    ['INCRBYFLOAT', 'i', '5.0e-3'], ['INCRBYFLOAT', 'i', '1234567890.123456789'], ['SET', 'j', '1e308'], ['INCRBYFLOAT', 'j', '1e308'],
    ['INCRBYFLOAT', 'k', '17179869184'], ['INCRBYFLOAT', 'k', '1.5'], ['SET', 'l', 'x'], ['INCRBYFLOAT', 'l', '1'], ['INCRBYFLOAT', 'm', '.5'],
    ['INCRBYFLOAT', 'm', '5.'], ['INCRBYFLOAT', 'm', '1e'], ['INCRBYFLOAT', 'm', '0x10']] },
  { name: 'LCS', resp: 'both', steps: [
    ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'], ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'], ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '2', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'LEN', 'IDX'],
    ['LCS', 'a', 'nokey'], ['LCS', 'a', 'b', 'FOO'], ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'], ['LCS', 'a']] },
  { name: 'wrong type errors', steps: [
    { wrongType: 'L' },
    ['GET', 'L'], ['APPEND', 'L', 'x'], ['INCR', 'L'], ['INCRBYFLOAT', 'L', '1'], ['STRLEN', 'L'], ['GETRANGE', 'L', '0', '1'],
    ['SETRANGE', 'L', '0', 'x'], ['GETEX', 'L'], ['GETDEL', 'L'], ['MGET', 'L'], ['LCS', 'L', 'L'], ['SET', 'L', 'v', 'GET'],
    ['SETNX', 'L', 'v'], ['SET', 'L', 'v'], ['GET', 'L']] },
];

diffSuite('strings', cases);
