import { diffSuite, type DiffCase } from './diff.js';

const cases: DiffCase[] = [
  { name: 'PING ECHO', resp: 'both', steps: [['PING'], ['PING', 'hi'], ['PING', 'a', 'b'], ['ECHO', 'x\x00y'], ['ECHO'], ['ping'], ['PiNg', '']] },
  { name: 'unknown commands and arity', steps: [
    ['FOO'], ['foo', 'a', 'b'], ['FOO', 'x'.repeat(200)], ['FOO', 'a\r\nb'], ['GET'], ['GET', 'a', 'b'], ['CLIENT'], ['CLIENT', 'FOO'],
    ['OBJECT', 'foo'], ['CONFIG', 'GET'], ['SLOWLOG', 'nope'], ['CLIENT', 'ID', 'extra'], ['COMMAND', 'COUNTX'],
    ['XADDX', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg', 'hh', 'ii', 'jj', 'kk', 'll', 'mm', 'nn', 'oo', 'pp', 'qq']] },
  { name: 'HELLO', steps: [
    { cmd: ['HELLO'], unordered: false, ignore: true }, ['HELLO', '4'], ['HELLO', '1'], ['HELLO', 'x'], ['HELLO', '2', 'FOO'],
    ['HELLO', '2', 'AUTH', 'default'], { cmd: ['HELLO', '2', 'AUTH', 'default', 'any'], ignore: true }, ['HELLO', '2', 'AUTH', 'bob', 'pw'],
    ['HELLO', '2', 'SETNAME', 'bad name'], { cmd: ['HELLO', '2', 'SETNAME', 'good'], ignore: true }, ['CLIENT', 'GETNAME']] },
  { name: 'AUTH without password', steps: [['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'bob', 'x'], ['AUTH', 'a', 'b', 'c'], ['AUTH']] },
  { name: 'RESP3 basic types', resp: 3, steps: [['GET', 'nokey'], ['MGET', 'a', 'b'], ['SET', 'a', '1'], ['CONFIG', 'GET', 'maxmemory'], ['PING']] },
  { name: 'CLIENT SETNAME GETNAME ID REPLY', steps: [
    ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'myname'], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', ''],
    ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'x\n'], { cmd: ['CLIENT', 'REPLY', 'SKIP'], replies: 0 }, { cmd: ['SET', 'k', '1'], replies: 0 }, ['GET', 'k'],
    ['CLIENT', 'REPLY', 'FOO'], ['CLIENT', 'NO-EVICT', 'on'], ['CLIENT', 'NO-EVICT', 'off'], ['CLIENT', 'NO-EVICT', 'maybe'],
    ['CLIENT', 'KILL', '1.1.1.1:1'], ['CLIENT', 'KILL', 'ID', '999999'], ['CLIENT', 'KILL', 'ID', '0'], ['CLIENT', 'KILL', 'TYPE', 'foo'],
    ['CLIENT', 'KILL', 'USER', 'nobody'], ['CLIENT', 'KILL', 'FOO', 'bar'], ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
    ['CLIENT', 'UNBLOCK', '99999'], ['CLIENT', 'UNBLOCK', '99999', 'FOO'], ['CLIENT', 'UNBLOCK', 'x'], ['CLIENT', 'LIST', 'TYPE', 'foo'],
    ['CLIENT', 'LIST', 'ID', 'x'], ['CLIENT', 'LIST', 'FOO'], ['CLIENT', 'PAUSE', 'x'], ['CLIENT', 'PAUSE', '-1'], ['CLIENT', 'PAUSE', '10', 'FOO'],
    ['CLIENT', 'PAUSE', '10', 'WRITE'], ['CLIENT', 'UNPAUSE'], ['CLIENT', 'HELP']] },
  { name: 'CLIENT REPLY OFF then ON', steps: [
    { cmd: ['CLIENT', 'REPLY', 'OFF'], replies: 0 }, { cmd: ['SET', 'a', '1'], replies: 0 }, ['CLIENT', 'REPLY', 'ON'], ['GET', 'a']] },
  { name: 'QUIT', steps: [{ cmd: ['QUIT'], closes: true }] },
  { name: 'RESET', steps: [['SELECT', '3'], ['CLIENT', 'SETNAME', 'x'], ['MULTI'], ['RESET'], ['CLIENT', 'GETNAME'], ['SET', 'a', '1'], ['SELECT', '0'], ['GET', 'a']] },
  { name: 'RESET from RESP3', resp: 3, steps: [['RESET'], ['GET', 'x']] },
];

diffSuite('connection', cases);
