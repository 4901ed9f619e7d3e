import { diffSuite, type DiffCase } from './diff.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const big = (n: number) => 'x'.repeat(n);
const manyFields = (n: number) => { const a: string[] = []; for (let i = 0; i < n; i++) a.push(`f${i}`, `v${i}`); return a; };

const cases: DiffCase[] = [
  { name: 'HSET HGET basics', resp: 'both', steps: [
    ['HSET', 'h', 'a', '1'], ['HSET', 'h', 'a', '2', 'b', '3'], ['HGET', 'h', 'a'], ['HGET', 'h', 'b'], ['HGET', 'h', 'nofield'],
    ['HGET', 'nokey', 'a'], ['HLEN', 'h'], ['HLEN', 'nokey'], ['TYPE', 'h'], ['OBJECT', 'ENCODING', 'h'], ['HSET', 'h', 'c'], ['HSET', 'h'],
    ['HSET', 'h', 'a', '1', 'b'], ['hset', 'h', 'A', 'upper'], ['HGETALL', 'h']] },
  { name: 'HMSET HSETNX', resp: 'both', steps: [
    ['HMSET', 'h', 'a', '1', 'b', '2'], ['HMSET', 'h', 'a'], ['HMSET', 'h', 'a', '1', 'b'], ['HSETNX', 'h', 'a', 'x'], ['HSETNX', 'h', 'c', '3'],
    ['HSETNX', 'new', 'f', 'v'], ['HGETALL', 'h'], ['HGETALL', 'new'], ['HSETNX', 'h', 'c'], ['HMGET', 'h', 'a', 'zz', 'c'], ['HMGET', 'nokey', 'a', 'b'], ['HMGET', 'h']] },
  { name: 'HDEL HEXISTS HSTRLEN', resp: 'both', steps: [
    ['HSET', 'h', 'a', '1', 'b', '22', 'c', '333'], ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'z'], ['HEXISTS', 'nokey', 'a'],
    ['HSTRLEN', 'h', 'c'], ['HSTRLEN', 'h', 'z'], ['HSTRLEN', 'nokey', 'a'], ['HDEL', 'h', 'a', 'a', 'z'], ['HDEL', 'h', 'b'], ['HLEN', 'h'],
    ['HDEL', 'h', 'c', 'x'], ['EXISTS', 'h'], ['HDEL', 'h', 'c'], ['HDEL', 'nokey', 'a'], ['HDEL', 'h']] },
  { name: 'HKEYS HVALS HGETALL order (listpack)', resp: 'both', steps: [
    ['HSET', 'h', 'z', '1', 'y', '2', 'x', '3'], ['HSET', 'h', 'y', '20'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HGETALL', 'h'],
    ['HDEL', 'h', 'z'], ['HSET', 'h', 'z', '9'], ['HGETALL', 'h'], ['HKEYS', 'nokey'], ['HVALS', 'nokey'], ['HGETALL', 'nokey'], ['HKEYS', 'h', 'x']] },
  { name: 'binary fields and values', resp: 'both', steps: [
    ['HSET', BIN, BIN, BIN, '', ''], ['HGET', BIN, BIN], ['HGET', BIN, ''], ['HGETALL', BIN], ['HSTRLEN', BIN, BIN], ['HEXISTS', BIN, ''],
    ['HDEL', BIN, BIN], ['HKEYS', BIN], ['HINCRBY', BIN, '\x00', '5'], ['HGET', BIN, '\x00']] },
  { name: 'HINCRBY', resp: 'both', steps: [
    ['HINCRBY', 'h', 'n', '5'], ['HINCRBY', 'h', 'n', '-10'], ['HGET', 'h', 'n'], ['HINCRBY', 'h', 'n', 'x'], ['HINCRBY', 'h', 'n', '1.5'],
    ['HSET', 'h', 's', 'abc', 'sp', ' 1', 'lead', '01', 'plus', '+1', 'max', '9223372036854775807', 'min', '-9223372036854775808'],
    ['HINCRBY', 'h', 's', '1'], ['HINCRBY', 'h', 'sp', '1'], ['HINCRBY', 'h', 'lead', '1'], ['HINCRBY', 'h', 'plus', '1'],
    ['HINCRBY', 'h', 'max', '1'], ['HINCRBY', 'h', 'max', '0'], ['HINCRBY', 'h', 'min', '-1'], ['HINCRBY', 'h', 'min', '9223372036854775807'],
    ['HINCRBY', 'h', 'big', '9223372036854775808'], ['HINCRBY', 'h', 'big', '12345678901234567'], ['HINCRBY', 'h', 'big', '12345678901234567'],
    ['HGET', 'h', 'big'], ['HINCRBY', 'h', 'n'], ['OBJECT', 'ENCODING', 'h']] },
  { name: 'HINCRBYFLOAT', resp: 'both', steps: [
    ['HINCRBYFLOAT', 'h', 'f', '10.5'], ['HINCRBYFLOAT', 'h', 'f', '0.1'], ['HINCRBYFLOAT', 'h', 'f', '-5'], ['HINCRBYFLOAT', 'h', 'f', '1e3'],
    ['HSET', 'h', 'g', '1.1', 'x', 'abc', 'e', '3.0e3', 'i', '5'], ['HINCRBYFLOAT', 'h', 'g', '2.2'], ['HINCRBYFLOAT', 'h', 'x', '1'],
    ['HINCRBYFLOAT', 'h', 'e', '200'], ['HINCRBYFLOAT', 'h', 'i', '0.25'], ['HINCRBYFLOAT', 'h', 'f', 'abc'], ['HINCRBYFLOAT', 'h', 'f', 'inf'],
    ['HINCRBYFLOAT', 'h', 'f', '-inf'], ['HINCRBYFLOAT', 'h', 'f', 'nan'], ['HINCRBYFLOAT', 'h', 'f', ' 1'], ['HINCRBYFLOAT', 'h', 'f', '1e'],
    ['HSET', 'h', 'huge', '1e308'], ['HINCRBYFLOAT', 'h', 'huge', '1e308'], ['HINCRBYFLOAT', 'h', 'z', '.5'], ['HINCRBYFLOAT', 'h', 'z', '5.'],
    ['HINCRBYFLOAT', 'h', 'k', '17179869184'], ['HINCRBYFLOAT', 'h', 'k', '1.5'], ['HINCRBYFLOAT', 'h', 'neg0', '-0'], { cmd: ['HGETALL', 'h'], unordered: true }, ['OBJECT', 'ENCODING', 'h'],
    ['HINCRBYFLOAT', 'h', 'f']] },
  { name: 'wrong type', resp: 'both', steps: [
    ['SET', 's', 'v'], ['HSET', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'], ['HDEL', 's', 'a'], ['HLEN', 's'], ['HSTRLEN', 's', 'a'],
    ['HEXISTS', 's', 'a'], ['HKEYS', 's'], ['HVALS', 's'], ['HGETALL', 's'], ['HINCRBY', 's', 'a', '1'], ['HINCRBY', 's', 'a', 'x'],
    ['HINCRBYFLOAT', 's', 'a', '1'], ['HINCRBYFLOAT', 's', 'a', 'x'], ['HSETNX', 's', 'a', '1'], ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '2'],
    ['HSCAN', 's', '0'], ['HMSET', 's', 'a', '1'], ['HSET', 'h', 'a', '1'], ['GET', 'h'], ['INCR', 'h'], ['LPUSH', 'h', 'x'], ['SADD', 'h', 'x']] },
  { name: 'encoding: listpack → hashtable by entries', steps: [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'], ['HSET', 'h', ...manyFields(4)], ['OBJECT', 'ENCODING', 'h'],
    ['HSET', 'h', 'f5', 'v5'], ['OBJECT', 'ENCODING', 'h'], ['HDEL', 'h', 'f5', 'f4', 'f3'], ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h'],
    ['HSETNX', 'n', 'a', '1'], ['HSETNX', 'n', 'b', '1'], ['HSETNX', 'n', 'c', '1'], ['HSETNX', 'n', 'd', '1'], ['OBJECT', 'ENCODING', 'n'],
    ['HSETNX', 'n', 'e', '1'], ['OBJECT', 'ENCODING', 'n'], ['HINCRBY', 'i', 'a', '1'], ['HINCRBY', 'i', 'b', '1'], ['HINCRBY', 'i', 'c', '1'],
    ['HINCRBY', 'i', 'd', '1'], ['HINCRBY', 'i', 'e', '1'], ['OBJECT', 'ENCODING', 'i'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '128']] },
  { name: 'encoding: listpack → hashtable by value length', steps: [
    ['CONFIG', 'SET', 'hash-max-listpack-value', '8'], ['HSET', 'h', 'a', big(8)], ['OBJECT', 'ENCODING', 'h'], ['HSET', 'h', 'b', big(9)],
    ['OBJECT', 'ENCODING', 'h'], ['HSET', 'k', big(9), '1'], ['OBJECT', 'ENCODING', 'k'], ['HSETNX', 'n', 'a', big(9)], ['OBJECT', 'ENCODING', 'n'],
    ['HINCRBY', 'i', big(9), '1'], ['OBJECT', 'ENCODING', 'i'], ['HINCRBYFLOAT', 'j', 'f', '1.123456789'], ['OBJECT', 'ENCODING', 'j'],
    ['HSET', 'ok', 'a', '1'], ['HMSET', 'ok', 'b', big(9)], ['OBJECT', 'ENCODING', 'ok'],
    ['CONFIG', 'SET', 'hash-max-listpack-value', '64'], ['HSET', 'def', 'a', big(64)], ['OBJECT', 'ENCODING', 'def'], ['HSET', 'def', 'b', big(65)],
    ['OBJECT', 'ENCODING', 'def'], ['CONFIG', 'SET', 'hash-max-ziplist-value', '64'], ['CONFIG', 'GET', 'hash-max-ziplist-entries']] },
  { name: 'hashtable encoded hash still answers correctly', resp: 'both', steps: [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'], ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['OBJECT', 'ENCODING', 'h'],
    ['HGET', 'h', 'b'], ['HLEN', 'h'], { cmd: ['HGETALL', 'h'], unordered: true }, { cmd: ['HKEYS', 'h'], unordered: true },
    { cmd: ['HVALS', 'h'], unordered: true }, ['HINCRBY', 'h', 'a', '10'], ['HINCRBYFLOAT', 'h', 'b', '0.5'], ['HMGET', 'h', 'a', 'b', 'c', 'd'],
    ['HDEL', 'h', 'a', 'b', 'c'], ['EXISTS', 'h'], ['CONFIG', 'SET', 'hash-max-listpack-entries', '128']] },
  { name: 'HRANDFIELD deterministic cases', resp: 'both', steps: [
    ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '5'], ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'], ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
    ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'h', '3'], ['HRANDFIELD', 'h', '10'], ['HRANDFIELD', 'h', '10', 'WITHVALUES'], ['HRANDFIELD', 'h', '3', 'withvalues'],
    ['HRANDFIELD', 'h', '0', 'WITHVALUES'], ['HSET', 'one', 'f', 'v'], ['HRANDFIELD', 'one'], ['HRANDFIELD', 'one', '-3'], ['HRANDFIELD', 'one', '-2', 'WITHVALUES'],
    ['HRANDFIELD', 'one', '1', 'WITHVALUES'], ['HRANDFIELD', 'h', 'x'], ['HRANDFIELD', 'h', '1', 'FOO'], ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
    ['HRANDFIELD', 'h', '-9223372036854775808'], ['HRANDFIELD', 'h', '9223372036854775807', 'WITHVALUES'], ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
    { cmd: ['HRANDFIELD', 'h'], typeOnly: true }, { cmd: ['HRANDFIELD', 'h', '-5'], typeOnly: true }, { cmd: ['HRANDFIELD', 'h', '2', 'WITHVALUES'], typeOnly: true }] },
  { name: 'HSCAN listpack (everything, cursor 0)', resp: 'both', steps: [
    ['HSET', 'h', 'a1', '1', 'a2', '2', 'b1', '3', 'b2', '4'], ['HSCAN', 'h', '0'], ['HSCAN', 'h', '0', 'COUNT', '1'], ['HSCAN', 'h', '0', 'MATCH', 'a*'],
    ['HSCAN', 'h', '0', 'MATCH', '*2', 'COUNT', '100'], ['HSCAN', 'nokey', '0'], ['HSCAN', 'h', 'x'], ['HSCAN', 'h', '0', 'COUNT', '0'],
    ['HSCAN', 'h', '0', 'FOO'], ['HSCAN', 'h', '0', 'TYPE', 'string'], ['HSCAN', 'h', '0', 'MATCH'], ['HSCAN', 'h']] },
  { name: 'HSCAN hashtable full iteration', steps: [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '1'], ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
    { cmd: ['HSCAN', 'h', '0', 'COUNT', '1000'], unordered: true }, ['CONFIG', 'SET', 'hash-max-listpack-entries', '128']] },
  { name: 'generic commands with hashes', resp: 'both', steps: [
    ['HSET', 'h', 'a', '1', 'b', '2'], ['EXPIRE', 'h', '100'], ['COPY', 'h', 'h2'], ['HGETALL', 'h2'], ['TTL', 'h2'], ['HSET', 'h2', 'c', '3'],
    ['HLEN', 'h'], ['RENAME', 'h2', 'h3'], ['HGETALL', 'h3'], ['MOVE', 'h3', '1'], ['SELECT', '1'], ['HGETALL', 'h3'], ['TYPE', 'h3'], ['SELECT', '0'],
    ['OBJECT', 'ENCODING', 'h'], ['DEL', 'h'], ['EXISTS', 'h'], ['HSET', 'x', 'f', 'v'], { cmd: ['SCAN', '0', 'TYPE', 'hash'], unordered: true },
    ['SET', 'h', 'str'], ['TYPE', 'h'], ['HSET', 'x', 'f', 'v2'], ['TYPE', 'x']] },
  { name: 'MULTI with hashes', resp: 'both', steps: [
    ['MULTI'], ['HSET', 'h', 'a', '1'], ['HINCRBY', 'h', 'a', '5'], ['HINCRBYFLOAT', 'h', 'a', '0.5'], ['HGETALL', 'h'], ['HGET', 'h', 'zz'], ['EXEC']] },
  { name: 'many fields', steps: [['HSET', 'h', ...manyFields(200)], ['HLEN', 'h'], ['OBJECT', 'ENCODING', 'h'], ['HGET', 'h', 'f199'], ['HMGET', 'h', 'f0', 'f100', 'nope']] },
  { name: 'keyspace notifications (RESP3 pushes interleaved with replies)', resp: 3, steps: [
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], { cmd: ['PSUBSCRIBE', '__keyevent@0__:*'], replies: 1 }, { cmd: ['HSET', 'h', 'a', '1', 'b', '2'], replies: 2 }, { cmd: ['HSETNX', 'h', 'a', 'x'], replies: 1 }, { cmd: ['HSETNX', 'h', 'c', 'x'], replies: 2 }, { cmd: ['HMSET', 'h', 'c', 'y'], replies: 2 }, { cmd: ['HINCRBY', 'h', 'n', '5'], replies: 2 }, { cmd: ['HINCRBYFLOAT', 'h', 'f', '1.5'], replies: 2 }, { cmd: ['HDEL', 'h', 'zz'], replies: 1 }, { cmd: ['HDEL', 'h', 'a', 'b', 'c', 'n', 'f'], replies: 3 }, { cmd: ['HDEL', 'nokey', 'a'], replies: 1 }, ['CONFIG', 'SET', 'notify-keyspace-events', '']] },
];

diffSuite('hashes', cases);
