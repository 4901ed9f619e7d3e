import { diffSuite, type DiffCase } from './diff.js';

const cases: DiffCase[] = [
  { name: 'DEL UNLINK EXISTS TYPE', resp: 'both', steps: [
    ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['EXISTS', 'a', 'a', 'x', 'b'], ['DEL', 'a', 'x', 'a'], ['UNLINK', 'b', 'c', 'd'],
    ['EXISTS', 'a', 'b'], ['SET', 'k', 'v'], ['TYPE', 'k'], ['TYPE', 'none'], { wrongType: 'L' }, ['TYPE', 'L'], ['DEL'], ['EXISTS']] },
  { name: 'RENAME RENAMENX', steps: [
    ['SET', 'a', '1'], ['RENAME', 'a', 'b'], ['GET', 'b'], ['EXISTS', 'a'], ['RENAME', 'nokey', 'x'], ['RENAMENX', 'nokey', 'x'],
    ['SET', 'c', '3'], ['RENAMENX', 'b', 'c'], ['RENAMENX', 'b', 'd'], ['RENAME', 'd', 'd'], ['RENAMENX', 'd', 'd'],
    ['SET', 'e', 'v', 'EX', '100'], ['RENAME', 'e', 'f'], ['TTL', 'f'], ['RENAME', 'f', 'c'], ['GET', 'c'], ['TTL', 'c']] },
  { name: 'MOVE COPY', steps: [
    ['SET', 'k', 'v'], ['MOVE', 'k', '1'], ['EXISTS', 'k'], ['SELECT', '1'], ['GET', 'k'], ['MOVE', 'k', '1'], ['MOVE', 'k', '16'],
    ['MOVE', 'k', 'x'], ['MOVE', 'k', '-1'], ['SET', 'k2', 'v'], ['MOVE', 'k2', '0'], ['SELECT', '0'], ['MOVE', 'k', '1'],
    ['SET', 'src', 'hello', 'EX', '100'], ['COPY', 'src', 'dst'], ['GET', 'dst'], ['TTL', 'dst'], ['COPY', 'src', 'dst'],
    ['COPY', 'src', 'dst', 'REPLACE'], ['COPY', 'src', 'src'], ['COPY', 'nokey', 'x'], ['COPY', 'src', 'other', 'DB', '2'],
    ['SELECT', '2'], ['GET', 'other'], ['SELECT', '0'], ['COPY', 'src', 'x', 'DB', '99'], ['COPY', 'src', 'x', 'FOO'], ['COPY', 'src', 'src', 'DB', '0'],
    ['SET', 'n', '123'], ['COPY', 'n', 'n2'], ['OBJECT', 'ENCODING', 'n2']] },
  { name: 'EXPIRE family with NX XX GT LT', steps: [
    ['SET', 'k', 'v'], ['EXPIRE', 'k', '100', 'XX'], ['EXPIRE', 'k', '100', 'NX'], ['EXPIRE', 'k', '200', 'NX'], ['TTL', 'k'],
    ['EXPIRE', 'k', '50', 'GT'], ['EXPIRE', 'k', '150', 'GT'], ['TTL', 'k'], ['EXPIRE', 'k', '200', 'LT'], ['EXPIRE', 'k', '120', 'LT'], ['TTL', 'k'],
    ['EXPIRE', 'k', '10', 'NX', 'XX'], ['EXPIRE', 'k', '10', 'GT', 'LT'], ['EXPIRE', 'k', '10', 'FOO'], ['EXPIRE', 'k', 'abc'],
    ['EXPIRE', 'nokey', '10'], ['PERSIST', 'k'], ['PERSIST', 'k'], ['TTL', 'k'], ['EXPIRE', 'k', '100', 'GT'], ['EXPIRE', 'k', '100', 'LT'], ['TTL', 'k'],
    ['PEXPIRE', 'k', '100000'], ['TTL', 'k'], ['EXPIREAT', 'k', '32503680000'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', '32503680000555'], ['PEXPIRETIME', 'k'], ['EXPIRETIME', 'k'], ['EXPIRE', 'k', '-1'], ['EXISTS', 'k'],
    ['SET', 'k', 'v'], ['EXPIREAT', 'k', '1'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIRE', 'k', '9223372036854775807'],
    ['EXPIRE', 'k', '9223372036854770'], ['PEXPIRE', 'k', '9223372036854775807'], ['EXPIREAT', 'k', '-9223372036854775808'], ['EXISTS', 'k'],
    ['TTL', 'nokey'], ['PTTL', 'nokey'], ['EXPIRETIME', 'nokey'], ['SET', 'p', 'v'], ['TTL', 'p'], ['PTTL', 'p'], ['EXPIRETIME', 'p']] },
  { name: 'lazy expiry', steps: [
    ['SET', 'k', 'v', 'PX', '30'], ['SET', 'k2', 'v', 'PX', '30'], { cmd: ['GET', 'k'], sleep: 80 }, ['EXISTS', 'k2'], ['DBSIZE']] },
  { name: 'KEYS glob', steps: [
    ['MSET', 'hello', '1', 'hallo', '1', 'hxllo', '1', 'hllo', '1', 'heeeello', '1', 'h[a]llo', '1', 'h*llo', '1', 'a?b', '1', 'a\\b', '1'],
    { cmd: ['KEYS', 'h?llo'], unordered: true }, { cmd: ['KEYS', 'h*llo'], unordered: true }, { cmd: ['KEYS', 'h[ae]llo'], unordered: true },
    { cmd: ['KEYS', 'h[^e]llo'], unordered: true }, { cmd: ['KEYS', 'h[a-b]llo'], unordered: true }, { cmd: ['KEYS', 'h\\[a\\]llo'], unordered: true },
    { cmd: ['KEYS', 'h\\*llo'], unordered: true }, { cmd: ['KEYS', 'a\\?b'], unordered: true }, { cmd: ['KEYS', 'a\\\\b'], unordered: true },
    { cmd: ['KEYS', '*'], unordered: true }, { cmd: ['KEYS', 'h[z-a]llo'], unordered: true }, { cmd: ['KEYS', '[h'], unordered: true },
    { cmd: ['KEYS', 'h[a'], unordered: true }, { cmd: ['KEYS', '*o'], unordered: true }, { cmd: ['KEYS', 'nomatch*'], unordered: true }] },
  { name: 'SCAN options and errors', steps: [
    ['SCAN', 'abc'], ['SCAN', '-1'], ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', 'x'], ['SCAN', '0', 'FOO'], ['SCAN', '0', 'MATCH'],
    ['SCAN', '0'], ['SET', 'a', '1'], ['SCAN', '0'], ['SCAN', '0', 'TYPE', 'string'], ['SCAN', '0', 'TYPE', 'list'], ['SCAN', '0', 'MATCH', 'b*'],
    ['SCAN', ' 0'], ['SCAN', '18446744073709551616']] },
  { name: 'RANDOMKEY TOUCH DBSIZE', steps: [
    ['RANDOMKEY'], ['SET', 'only', '1'], ['RANDOMKEY'], ['TOUCH', 'only', 'x', 'only'], ['DBSIZE'], ['DBSIZE', 'x']] },
  { name: 'OBJECT', resp: 'both', steps: [
    ['SET', 'k', 'v'], ['OBJECT', 'ENCODING', 'k'], ['OBJECT', 'ENCODING', 'none'], ['OBJECT', 'REFCOUNT', 'k'], ['OBJECT', 'IDLETIME', 'k'],
    ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'HELP'], ['OBJECT', 'FOO', 'k'], ['OBJECT'], ['OBJECT', 'ENCODING'], ['SET', 'n', '100'],
    ['OBJECT', 'REFCOUNT', 'n'], ['SET', 'n', '10000'], ['OBJECT', 'REFCOUNT', 'n'], ['OBJECT', 'REFCOUNT', 'none']] },
  { name: 'FLUSHDB FLUSHALL SWAPDB SELECT', steps: [
    ['SET', 'a', '1'], ['SELECT', '1'], ['SET', 'b', '2'], ['SWAPDB', '0', '1'], ['GET', 'a'], ['GET', 'b'], ['SELECT', '0'], ['GET', 'b'],
    ['SWAPDB', '0', '16'], ['SWAPDB', 'x', '1'], ['SWAPDB', '0', 'x'], ['SWAPDB', '-1', '0'], ['SWAPDB', '0', '0'], ['FLUSHDB', 'ASYNC'],
    ['DBSIZE'], ['SELECT', '1'], ['DBSIZE'], ['FLUSHALL', 'SYNC'], ['DBSIZE'], ['FLUSHALL', 'FOO'], ['FLUSHDB', 'SYNC', 'X'],
    ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', 'a'], ['SELECT', '1.5'], ['SELECT', '0']] },
  { name: 'SCAN full iteration (unordered), MATCH and TYPE', steps: [
    ['MSET', 'a1', '1', 'a2', '2', 'b1', '3', 'bin\x00\xff', '4'], { wrongType: 'lst' },
    { cmd: ['SCAN', '0', 'COUNT', '1000'], unordered: true }, { cmd: ['SCAN', '0', 'COUNT', '1000', 'MATCH', 'a*'], unordered: true },
    { cmd: ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'string'], unordered: true }, { cmd: ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'LIST'], unordered: true },
    { cmd: ['KEYS', 'bin*'], unordered: true }] },
  { name: 'expired keys are invisible everywhere', steps: [
    ['SET', 'e', '1', 'PX', '10'], ['SET', 'keep', '1'], { cmd: ['EXISTS', 'e'], sleep: 40 }, ['TYPE', 'e'], ['TTL', 'e'], ['RENAME', 'e', 'x'],
    ['COPY', 'e', 'y'], ['MOVE', 'e', '1'], ['GET', 'e'], ['KEYS', '*'], ['DBSIZE'], ['RANDOMKEY'], ['OBJECT', 'ENCODING', 'e'], ['PERSIST', 'e']] },
  { name: 'binary keys through generic commands', resp: 'both', steps: [
    ['SET', '\x00\r\n', 'v'], ['RENAME', '\x00\r\n', '\xff\xfe'], ['TYPE', '\xff\xfe'], ['EXPIRE', '\xff\xfe', '100'], ['TTL', '\xff\xfe'],
    ['COPY', '\xff\xfe', '\x01'], ['KEYS', '\x01'], ['DEL', '\xff\xfe', '\x01'], ['DBSIZE']] },
  // Entry metadata (raw flag, TTL side record, LRU clock) through every transition that touches it.
  { name: 'key metadata transitions (encoding pin, TTL add/clear/carry)', steps: [
    ['SET', 's', '12'], ['OBJECT', 'ENCODING', 's'], ['APPEND', 's', '3'], ['OBJECT', 'ENCODING', 's'], ['INCR', 's'], ['OBJECT', 'ENCODING', 's'],
    ['APPEND', 's', 'x'], ['SET', 's', '7'], ['OBJECT', 'ENCODING', 's'], ['SETRANGE', 'r', '2', 'ab'], ['OBJECT', 'ENCODING', 'r'], ['COPY', 'r', 'r2'],
    ['OBJECT', 'ENCODING', 'r2'], ['RENAME', 'r2', 'r3'], ['OBJECT', 'ENCODING', 'r3'],
    ['SET', 't', 'v', 'EX', '100'], ['PERSIST', 't'], ['TTL', 't'], ['EXPIRE', 't', '200'], ['TTL', 't'], ['EXPIRE', 't', '300'], ['TTL', 't'],
    ['SET', 't', 'w', 'KEEPTTL'], ['TTL', 't'], ['SET', 't', 'x'], ['TTL', 't'], ['EXPIRE', 't', '50'], ['PERSIST', 't'], ['EXPIRE', 't', '60'],
    ['RENAME', 't', 't2'], ['TTL', 't2'], ['MOVE', 't2', '1'], ['SELECT', '1'], ['TTL', 't2'], ['DEL', 't2'], ['SELECT', '0'],
    ['SET', 'u', '1', 'PX', '100000'], ['DEL', 'u'], ['SET', 'u', '1'], ['TTL', 'u'], ['EXPIRE', 'u', '0'], ['EXISTS', 'u'], ['DBSIZE'],
    ['SET', 'i', 'v'], ['GET', 'i'], ['OBJECT', 'FREQ', 'i']] },
];

diffSuite('keys', cases);
