import { diffSuite, type DiffCase } from './diff.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const ints = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));
const U = (cmd: string[]) => ({ cmd, unordered: true });

const cases: DiffCase[] = [
  { name: 'SADD SREM SCARD SISMEMBER', resp: 'both', steps: [
    ['SADD', 's', 'a', 'b', 'a'], ['SADD', 's', 'c'], ['SCARD', 's'], ['SCARD', 'nokey'], ['SISMEMBER', 's', 'a'], ['SISMEMBER', 's', 'z'],
    ['SISMEMBER', 'nokey', 'a'], ['SREM', 's', 'a', 'z', 'a'], ['SREM', 'nokey', 'a'], ['SREM', 's', 'b', 'c'], ['EXISTS', 's'], ['SADD', 's'],
    ['SREM', 's'], ['TYPE', 's'], ['SADD', 's', 'x'], ['TYPE', 's'], ['OBJECT', 'ENCODING', 's']] },
  { name: 'intset: sorted order, encodings', resp: 'both', steps: [
    ['SADD', 's', '5', '-3', '100', '0', '9223372036854775807', '-9223372036854775808', '42'], ['SMEMBERS', 's'], ['OBJECT', 'ENCODING', 's'],
    ['SSCAN', 's', '0'], ['SRANDMEMBER', 's', '100'], ['SADD', 'n', '01'], ['OBJECT', 'ENCODING', 'n'], ['SADD', 'm', '-0'], ['OBJECT', 'ENCODING', 'm'],
    ['SADD', 'o', '9223372036854775808'], ['OBJECT', 'ENCODING', 'o'], ['SADD', 'p', '1', '+2'], ['OBJECT', 'ENCODING', 'p'],
    ['SADD', 'q', '1', '2'], ['SADD', 'q', 'x'], ['OBJECT', 'ENCODING', 'q'], ['SREM', 'q', 'x'], ['OBJECT', 'ENCODING', 'q'],
    ['SADD', 'r', ' 1'], ['OBJECT', 'ENCODING', 'r'], ['SADD', 't', 'abc', '1'], ['OBJECT', 'ENCODING', 't']] },
  { name: 'intset → hashtable by set-max-intset-entries', steps: [
    ['CONFIG', 'SET', 'set-max-intset-entries', '4'], ['SADD', 's', ...ints(1, 4)], ['OBJECT', 'ENCODING', 's'], ['SADD', 's', '5'],
    ['OBJECT', 'ENCODING', 's'], ['SREM', 's', '1', '2', '3'], ['OBJECT', 'ENCODING', 's'], U(['SMEMBERS', 's']),
    ['SADD', 'big', ...ints(10, 6)], ['OBJECT', 'ENCODING', 'big'], ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ['SADD', 'x', ...ints(0, 512)], ['OBJECT', 'ENCODING', 'x'], ['SADD', 'x', '512'], ['OBJECT', 'ENCODING', 'x'], ['SCARD', 'x']] },
  { name: 'SMEMBERS SMISMEMBER', resp: 'both', steps: [
    ['SADD', 's', 'a', 'b', 'c'], U(['SMEMBERS', 's']), ['SMEMBERS', 'nokey'], ['SMISMEMBER', 's', 'a', 'z', 'c'], ['SMISMEMBER', 'nokey', 'a', 'b'],
    ['SMISMEMBER', 's'], ['SMEMBERS', 's', 'x']] },
  { name: 'binary members', resp: 'both', steps: [
    ['SADD', BIN, BIN, '', '\x00'], ['SISMEMBER', BIN, BIN], ['SISMEMBER', BIN, ''], U(['SMEMBERS', BIN]), ['SREM', BIN, '\x00'], ['SCARD', BIN],
    ['SMOVE', BIN, 'dst', BIN], U(['SMEMBERS', 'dst'])] },
  { name: 'SMOVE', resp: 'both', steps: [
    ['SADD', 'src', 'a', 'b', '1'], ['SADD', 'dst', '2', '3'], ['SMOVE', 'src', 'dst', 'a'], ['SMOVE', 'src', 'dst', 'zz'], ['SMOVE', 'nokey', 'dst', 'a'],
    ['OBJECT', 'ENCODING', 'dst'], ['SMOVE', 'src', 'dst', '1'], ['SMOVE', 'src', 'src', 'b'], ['SMOVE', 'src', 'src', 'q'], ['SMOVE', 'src', 'new', 'b'],
    ['EXISTS', 'src'], ['SMEMBERS', 'new'], ['OBJECT', 'ENCODING', 'new'], ['SADD', 'i', '5'], ['SMOVE', 'i', 'ni', '5'], ['OBJECT', 'ENCODING', 'ni'],
    ['SET', 'str', 'v'], ['SMOVE', 'str', 'dst', 'a'], ['SMOVE', 'new', 'str', 'b'], ['SMOVE', 'nokey', 'str', 'b'], ['SADD', 'd2', 'b'],
    ['SADD', 'new2', 'b'], ['SMOVE', 'new2', 'd2', 'b'], ['SMEMBERS', 'd2'], ['EXISTS', 'new2']] },
  { name: 'SPOP deterministic', resp: 'both', steps: [
    ['SPOP', 'nokey'], ['SPOP', 'nokey', '3'], ['SADD', 's', '3', '1', '2'], ['SPOP', 's', '0'], ['SPOP', 's', '-1'], ['SPOP', 's', 'x'],
    ['SPOP', 's', '3'], ['EXISTS', 's'], ['SADD', 's', '3', '1', '2'], ['SPOP', 's', '10'], ['SADD', 'one', 'only'], ['SPOP', 'one'], ['EXISTS', 'one'],
    ['SADD', 's', 'a'], ['SPOP', 's', '1', '2'], { cmd: ['SADD', 'r', '1', '2', '3', '4'] }, { cmd: ['SPOP', 'r'], typeOnly: true },
    { cmd: ['SPOP', 'r', '2'], typeOnly: true }, ['SCARD', 'r'], { cmd: ['SPOP', 'r', '9223372036854775807'], typeOnly: true }, ['EXISTS', 'r']] },
  { name: 'SRANDMEMBER deterministic', resp: 'both', steps: [
    ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '5'], ['SRANDMEMBER', 'nokey', '-5'], ['SADD', 's', '30', '10', '20'], ['SRANDMEMBER', 's', '0'],
    ['SRANDMEMBER', 's', '3'], ['SRANDMEMBER', 's', '100'], ['SRANDMEMBER', 's', 'x'], ['SRANDMEMBER', 's', '1', '2'],
    ['SADD', 'one', 'm'], ['SRANDMEMBER', 'one'], ['SRANDMEMBER', 'one', '-4'], ['SRANDMEMBER', 'one', '1'], ['SRANDMEMBER', 'one', '-1'],
    ['SRANDMEMBER', 's', '-9223372036854775808'], { cmd: ['SRANDMEMBER', 's'], typeOnly: true }, { cmd: ['SRANDMEMBER', 's', '-10'], typeOnly: true },
    { cmd: ['SRANDMEMBER', 's', '2'], typeOnly: true }, ['SCARD', 's']] },
  { name: 'SINTER SINTERSTORE SINTERCARD', resp: 'both', steps: [
    ['SADD', 'a', '1', '2', '3', '4', '5'], ['SADD', 'b', '4', '5', '6', '3'], ['SADD', 'c', '5', '3', 'x'], ['SINTER', 'a', 'b'], U(['SINTER', 'a', 'b', 'c']),
    ['SINTER', 'a', 'nokey'], ['SINTER', 'a'], ['SINTER', 'a', 'a'], ['SINTERSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['SINTERSTORE', 'd', 'a', 'nokey'], ['EXISTS', 'd'], ['SINTERSTORE', 'd', 'nokey'], ['SADD', 'd', '1'], ['EXPIRE', 'd', '100'],
    ['SINTERSTORE', 'd', 'a', 'c'], ['TTL', 'd'], U(['SMEMBERS', 'd']), ['SINTERCARD', '2', 'a', 'b'], ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '0'], ['SINTERCARD', '1', 'a'], ['SINTERCARD', '2', 'a', 'nokey'], ['SINTERCARD', '0', 'a'],
    ['SINTERCARD', '3', 'a', 'b'], ['SINTERCARD', 'x', 'a'], ['SINTERCARD', '-1', 'a'], ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT'], ['SINTERCARD', '2', 'a', 'b', 'FOO', '1'], ['SINTERCARD', '1', 'a', 'LIMIT', 'x'],
    ['SET', 'str', 'v'], ['SINTER', 'a', 'str'], ['SINTER', 'nokey', 'str'], ['SINTERSTORE', 'str', 'a', 'b'], ['TYPE', 'str'], ['SINTERCARD', '1', 'str'],
    ['SINTERSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a']] },
  { name: 'SINTER of hashtable sets', resp: 'both', steps: [
    ['SADD', 'a', 'x', 'y', 'z', '1'], ['SADD', 'b', 'y', 'z', 'w', '1'], U(['SINTER', 'a', 'b']), ['SINTERSTORE', 'd', 'a', 'b'], U(['SMEMBERS', 'd']),
    ['OBJECT', 'ENCODING', 'd'], ['SADD', 'i', '1', '2'], ['SINTER', 'a', 'i'], ['SINTERSTORE', 'e', 'a', 'i'], ['OBJECT', 'ENCODING', 'e']] },
  { name: 'SUNION SDIFF and STORE variants', resp: 'both', steps: [
    ['SADD', 'a', '1', '2', '3', '4'], ['SADD', 'b', '3', '4', '5'], ['SADD', 'c', '10', '1'], ['SUNION', 'a', 'b', 'c'], ['SUNION', 'a', 'nokey'],
    ['SUNION', 'nokey'], ['SDIFF', 'a', 'b'], ['SDIFF', 'a', 'b', 'c'], ['SDIFF', 'a', 'nokey'], ['SDIFF', 'nokey', 'a'], ['SDIFF', 'a', 'a'],
    ['SDIFF', 'a', 'b', 'a'], ['SUNIONSTORE', 'u', 'a', 'b', 'c'], ['SMEMBERS', 'u'], ['OBJECT', 'ENCODING', 'u'], ['SDIFFSTORE', 'd', 'a', 'b'],
    ['SMEMBERS', 'd'], ['SDIFFSTORE', 'd', 'a', 'a'], ['EXISTS', 'd'], ['SUNIONSTORE', 'u', 'nokey'], ['EXISTS', 'u'], ['SUNIONSTORE', 'u', 'nokey'],
    ['SADD', 'h', 'x', 'y'], U(['SUNION', 'a', 'h']), ['SUNIONSTORE', 'uh', 'a', 'h'], ['OBJECT', 'ENCODING', 'uh'], ['SCARD', 'uh'],
    U(['SDIFF', 'uh', 'a']), ['SDIFF', 'uh', 'h'], ['SET', 'str', 'v'], ['SUNION', 'a', 'str'], ['SDIFF', 'str', 'a'], ['SDIFF', 'nokey', 'str'],
    ['SUNIONSTORE', 'str', 'a'], ['TYPE', 'str'], ['SDIFFSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a']] },
  { name: 'SUNIONSTORE encoding by size', steps: [
    ['CONFIG', 'SET', 'set-max-intset-entries', '5'], ['SADD', 'a', '1', '2', '3'], ['SADD', 'b', '4', '5', '6'], ['SUNIONSTORE', 'u', 'a', 'b'],
    ['OBJECT', 'ENCODING', 'u'], ['SDIFFSTORE', 'd', 'u', 'a'], ['OBJECT', 'ENCODING', 'd'], ['SMEMBERS', 'd'], ['CONFIG', 'SET', 'set-max-intset-entries', '512']] },
  { name: 'SSCAN', resp: 'both', steps: [
    ['SADD', 's', '3', '1', '2', '11'], ['SSCAN', 's', '0'], ['SSCAN', 's', '0', 'MATCH', '1*'], ['SSCAN', 's', '0', 'COUNT', '1'], ['SSCAN', 'nokey', '0'],
    ['SSCAN', 's', 'x'], ['SSCAN', 's', '0', 'COUNT', '0'], ['SSCAN', 's', '0', 'TYPE', 'set'], ['SSCAN', 's', '0', 'MATCH'],
    ['SADD', 'h', 'a', 'b', 'c'], U(['SSCAN', 'h', '0', 'COUNT', '100'])] },
  { name: 'wrong type errors', resp: 'both', steps: [
    ['SET', 'str', 'v'], ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'],
    ['SMEMBERS', 'str'], ['SPOP', 'str'], ['SPOP', 'str', '2'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '2'], ['SSCAN', 'str', '0'],
    ['SADD', 's', 'a'], ['GET', 's'], ['HSET', 's', 'a', 'b'], ['LPUSH', 's', 'a']] },
  { name: 'generic commands with sets', resp: 'both', steps: [
    ['SADD', 's', '1', '2', 'x'], ['COPY', 's', 's2'], ['SADD', 's2', 'y'], ['SCARD', 's'], ['SCARD', 's2'], ['RENAME', 's2', 's3'], ['TYPE', 's3'],
    ['OBJECT', 'ENCODING', 's3'], ['SADD', 'i', '1', '2'], ['COPY', 'i', 'i2'], ['OBJECT', 'ENCODING', 'i2'], ['SMEMBERS', 'i2'], ['MOVE', 'i2', '3'],
    ['SELECT', '3'], ['SMEMBERS', 'i2'], ['SELECT', '0'], ['DEL', 's', 's3', 'i'], ['DBSIZE'], U(['SCAN', '0', 'TYPE', 'set'])] },
  { name: 'MULTI with sets', resp: 'both', steps: [
    ['MULTI'], ['SADD', 's', '1', '2', '3'], ['SREM', 's', '2'], ['SMEMBERS', 's'], ['SPOP', 's', '5'], ['EXISTS', 's'], ['EXEC']] },
  { name: 'keyspace notifications (RESP3 pushes interleaved with replies)', resp: 3, steps: [
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], { cmd: ['PSUBSCRIBE', '__keyevent@0__:*'], replies: 1 }, { cmd: ['SADD', 's', '1', '2', '3'], replies: 2 }, { cmd: ['SADD', 's', '1'], replies: 1 }, { cmd: ['SREM', 's', '1'], replies: 2 }, { cmd: ['SMOVE', 's', 'd', '2'], replies: 3 }, { cmd: ['SPOP', 's'], replies: 3 }, { cmd: ['SADD', 'a', '1', '2'], replies: 2 }, { cmd: ['SADD', 'b', '2', '3'], replies: 2 }, { cmd: ['SINTERSTORE', 'd', 'a', 'b'], replies: 2 }, { cmd: ['SUNIONSTORE', 'u', 'a', 'b'], replies: 2 }, { cmd: ['SDIFFSTORE', 'x', 'a', 'b'], replies: 2 }, { cmd: ['SINTERSTORE', 'd', 'a', 'nokey'], replies: 2 }, { cmd: ['SPOP', 'a', '5'], replies: 3 }, { cmd: ['SREM', 'b', '2', '3'], replies: 3 }, ['CONFIG', 'SET', 'notify-keyspace-events', '']] },
];

diffSuite('sets', cases);
