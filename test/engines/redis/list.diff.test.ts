import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { diffSuite, haveRedis, startRealRedis, RawConn, encode, type DiffCase, type RealRedis } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { ListValue, LIST_BASE, LIST_ELEM_OVERHEAD } from '../../../engines/redis/types/list.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const range = (n: number, p = 'e') => Array.from({ length: n }, (_, i) => `${p}${i}`);

const cases: DiffCase[] = [
  { name: 'LPUSH RPUSH LRANGE LLEN', resp: 'both', steps: [
    ['LPUSH', 'l', 'a', 'b', 'c'], ['RPUSH', 'l', 'd', 'e'], ['LRANGE', 'l', '0', '-1'], ['LLEN', 'l'], ['LLEN', 'nokey'], ['TYPE', 'l'],
    ['OBJECT', 'ENCODING', 'l'], ['LPUSH', 'l'], ['RPUSH'], ['LRANGE', 'l', '1', '2'], ['LRANGE', 'l', '-2', '-1'], ['LRANGE', 'l', '-100', '100'],
    ['LRANGE', 'l', '3', '1'], ['LRANGE', 'l', '5', '10'], ['LRANGE', 'l', '-1', '-2'], ['LRANGE', 'l', 'a', '1'], ['LRANGE', 'l', '0', 'b'],
    ['LRANGE', 'nokey', '0', '-1'], ['LRANGE', 'l', '0', '9223372036854775807'], ['LRANGE', 'l', '-9223372036854775808', '0'],
    ['LRANGE', 'l', '0', '9223372036854775808']] },
  { name: 'LPUSHX RPUSHX', resp: 'both', steps: [
    ['LPUSHX', 'l', 'a'], ['RPUSHX', 'l', 'a'], ['EXISTS', 'l'], ['RPUSH', 'l', 'x'], ['LPUSHX', 'l', 'a', 'b'], ['RPUSHX', 'l', 'c', 'd'],
    ['LRANGE', 'l', '0', '-1'], ['LPUSHX', 'l']] },
  { name: 'LPOP RPOP with and without count', resp: 'both', steps: [
    ['RPUSH', 'l', '1', '2', '3', '4', '5'], ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', '2'], ['RPUSH', 'l', '6', '7'], ['RPOP', 'l', '2'],
    ['LPOP', 'l', '0'], ['RPOP', 'l', '0'], ['LPOP', 'l', '10'], ['EXISTS', 'l'], ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', '2'], ['RPOP', 'l', '0'],
    ['LPOP', 'l', '-1'], ['LPOP', 'l', 'x'], ['LPOP', 'l', '1', '2'], ['RPUSH', 'l', 'a'], ['RPOP', 'l', '1'], ['RPUSH', 'l', 'a', 'b', 'c'],
    ['RPOP', 'l', '5'], ['RPUSH', 'l', 'a'], ['LPOP', 'l', '-1'], ['LPOP', 'l', '9223372036854775807']] },
  { name: 'LINDEX LSET', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b', 'c'], ['LINDEX', 'l', '0'], ['LINDEX', 'l', '-1'], ['LINDEX', 'l', '3'], ['LINDEX', 'l', '-4'], ['LINDEX', 'l', 'x'],
    ['LINDEX', 'nokey', '0'], ['LINDEX', 'nokey', 'x'], ['LSET', 'l', '1', 'B'], ['LSET', 'l', '-1', 'C'], ['LSET', 'l', '3', 'x'], ['LSET', 'l', '-4', 'x'],
    ['LSET', 'l', 'x', 'y'], ['LSET', 'nokey', '0', 'x'], ['LSET', 'nokey', 'x', 'x'], ['LRANGE', 'l', '0', '-1'], ['LSET', 'l', '0', BIN], ['LINDEX', 'l', '0']] },
  { name: 'LINSERT', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b', 'c'], ['LINSERT', 'l', 'BEFORE', 'b', 'x'], ['LINSERT', 'l', 'after', 'c', 'y'], ['LINSERT', 'l', 'before', 'a', 'z'],
    ['LINSERT', 'l', 'AFTER', 'nope', 'q'], ['LINSERT', 'l', 'MIDDLE', 'a', 'q'], ['LINSERT', 'nokey', 'BEFORE', 'a', 'q'], ['EXISTS', 'nokey'],
    ['LRANGE', 'l', '0', '-1'], ['RPUSH', 'd', 'p', 'p', 'p'], ['LINSERT', 'd', 'AFTER', 'p', 'q'], ['LRANGE', 'd', '0', '-1'],
    ['LINSERT', 'l', 'BEFORE', 'y', BIN], ['LRANGE', 'l', '-3', '-1']] },
  { name: 'LINSERT into a long list (both halves)', steps: [
    ['RPUSH', 'l', ...range(300)], ['LINSERT', 'l', 'BEFORE', 'e10', 'x'], ['LINSERT', 'l', 'AFTER', 'e290', 'y'], ['LINSERT', 'l', 'AFTER', 'e150', 'm'],
    ['LLEN', 'l'], ['LRANGE', 'l', '8', '13'], ['LRANGE', 'l', '149', '155'], ['LRANGE', 'l', '-12', '-7'], ['LINDEX', 'l', '10'], ['LPOS', 'l', 'y']] },
  { name: 'LREM', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b'], ['LREM', 'l', '1', 'a'], ['LRANGE', 'l', '0', '-1'], ['LREM', 'l', '-1', 'b'], ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'a'], ['LRANGE', 'l', '0', '-1'], ['LREM', 'l', '0', 'zz'], ['LREM', 'l', 'x', 'a'], ['LREM', 'nokey', '0', 'a'],
    ['LREM', 'l', '0', 'b'], ['LREM', 'l', '0', 'c'], ['EXISTS', 'l'], ['RPUSH', 'm', 'x', 'x', 'x'], ['LREM', 'm', '-2', 'x'], ['LRANGE', 'm', '0', '-1'],
    ['LREM', 'm', '5', 'x'], ['EXISTS', 'm']] },
  { name: 'LTRIM', resp: 'both', steps: [
    ['RPUSH', 'l', ...range(10)], ['LTRIM', 'l', '1', '-2'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '-3', '100'], ['LRANGE', 'l', '0', '-1'],
    ['LTRIM', 'l', '0', '0'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '5', '1'], ['EXISTS', 'l'], ['LTRIM', 'nokey', '0', '1'], ['RPUSH', 'm', 'a', 'b'],
    ['LTRIM', 'm', 'x', '1'], ['LTRIM', 'm', '0', 'y'], ['LTRIM', 'm', '0', '-1'], ['LRANGE', 'm', '0', '-1'], ['LTRIM', 'm', '-1', '-2'], ['EXISTS', 'm'],
    ['RPUSH', 'big', ...range(2000)], ['LTRIM', 'big', '10', '-10'], ['LLEN', 'big'], ['LRANGE', 'big', '0', '2'], ['LTRIM', 'big', '1500', '1600'],
    ['LRANGE', 'big', '0', '1'], ['LLEN', 'big']] },
  { name: 'LPOS', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a'], ['LPOS', 'l', 'a'], ['LPOS', 'l', 'c'], ['LPOS', 'l', 'z'], ['LPOS', 'l', 'a', 'RANK', '2'],
    ['LPOS', 'l', 'a', 'RANK', '-1'], ['LPOS', 'l', 'a', 'RANK', '-2'], ['LPOS', 'l', 'a', 'RANK', '4'], ['LPOS', 'l', 'a', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'COUNT', '2'], ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '-1'], ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4'],
    ['LPOS', 'l', 'c', 'MAXLEN', '2'], ['LPOS', 'l', 'c', 'MAXLEN', '3'], ['LPOS', 'l', 'z', 'COUNT', '5'], ['LPOS', 'nokey', 'a'], ['LPOS', 'nokey', 'a', 'COUNT', '1'],
    ['LPOS', 'l', 'a', 'RANK', '0'], ['LPOS', 'l', 'a', 'COUNT', '-1'], ['LPOS', 'l', 'a', 'MAXLEN', '-1'], ['LPOS', 'l', 'a', 'RANK', 'x'],
    ['LPOS', 'l', 'a', 'FOO'], ['LPOS', 'l', 'a', 'RANK'], ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808'], ['LPOS', 'l', 'a', 'COUNT', 'x'],
    ['LPOS', 'l', 'a', 'RANK', '1', 'COUNT', '1', 'MAXLEN', '0']] },
  { name: 'LMOVE RPOPLPUSH', resp: 'both', steps: [
    ['RPUSH', 'src', '1', '2', '3'], ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['LMOVE', 'src', 'dst', 'right', 'left'], ['LRANGE', 'dst', '0', '-1'],
    ['RPOPLPUSH', 'src', 'dst'], ['EXISTS', 'src'], ['LRANGE', 'dst', '0', '-1'], ['LMOVE', 'src', 'dst', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'src', 'dst'],
    ['LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT'], ['LRANGE', 'dst', '0', '-1'], ['RPOPLPUSH', 'dst', 'dst'], ['LRANGE', 'dst', '0', '-1'],
    ['LMOVE', 'dst', 'x', 'UP', 'LEFT'], ['LMOVE', 'dst', 'x', 'LEFT', 'DOWN'], ['SET', 'str', 'v'], ['LMOVE', 'dst', 'str', 'LEFT', 'LEFT'],
    ['LRANGE', 'dst', '0', '-1'], ['LMOVE', 'str', 'dst', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'str', 'dst'], ['RPOPLPUSH', 'dst', 'str'], ['LMOVE', 'nokey', 'str', 'LEFT', 'LEFT'],
    ['RPUSH', 'one', 'x'], ['LMOVE', 'one', 'one', 'LEFT', 'RIGHT'], ['LRANGE', 'one', '0', '-1']] },
  { name: 'LMPOP', resp: 'both', steps: [
    ['RPUSH', 'b', '1', '2', '3', '4'], ['LMPOP', '2', 'a', 'b', 'LEFT'], ['LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '2'], ['LMPOP', '1', 'b', 'left', 'count', '10'],
    ['LMPOP', '2', 'a', 'b', 'LEFT'], ['LMPOP', '0', 'a', 'LEFT'], ['LMPOP', '-1', 'a', 'LEFT'], ['LMPOP', 'x', 'a', 'LEFT'], ['LMPOP', '2', 'a', 'LEFT'],
    ['LMPOP', '3', 'a', 'b', 'LEFT'], ['LMPOP', '1', 'a', 'MIDDLE'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '-1'],
    ['LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT'],
    ['LMPOP', '1', 'a', 'LEFT', 'FOO'], ['SET', 'str', 'v'], ['RPUSH', 'c', 'z'], ['LMPOP', '2', 'str', 'c', 'LEFT'], ['LMPOP', '2', 'c', 'str', 'LEFT'],
    ['LMPOP', '2', 'nokey', 'str', 'LEFT'], ['LMPOP', '1']] },
  { name: 'blocking commands that do not block (data present, or inside MULTI)', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b', 'c'], ['BLPOP', 'nokey', 'l', '0'], ['BRPOP', 'l', '1'], ['BLMPOP', '0', '2', 'nokey', 'l', 'LEFT', 'COUNT', '5'],
    ['EXISTS', 'l'], ['RPUSH', 'l', 'x', 'y'], ['BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', '0'], ['BRPOPLPUSH', 'l', 'd', '0'], ['LRANGE', 'd', '0', '-1'],
    ['MULTI'], ['BLPOP', 'nokey', '0'], ['BRPOP', 'nokey', '1'], ['BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'nokey', 'd', '0'],
    ['BLMPOP', '0', '1', 'nokey', 'RIGHT'], ['BLPOP', 'd', '0'], ['EXEC']] },
  { name: 'blocking command argument errors', resp: 'both', steps: [
    ['BLPOP', 'l', '-1'], ['BLPOP', 'l', 'inf'], ['BLPOP', 'l', '-inf'], ['BLPOP', 'l', '1e20'], ['BLPOP', 'l', 'nan'], ['BLPOP', 'l', '1e-20'],
    ['BLPOP', 'l', 'abc'], ['BLPOP', 'l', ''], ['BRPOP', 'l', '1e'], ['BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', '-0.5'],
    ['BLMOVE', 'l', 'd', 'UP', 'RIGHT', '0'], ['BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', 'x'], ['BRPOPLPUSH', 'l', 'd', 'x'], ['BLMPOP', 'x', '1', 'l', 'LEFT'],
    ['BLMPOP', '0', '0', 'l', 'LEFT'], ['BLMPOP', '0', '1', 'l', 'UP'], ['BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '0'], ['BLMPOP', '-1', '1', 'l', 'LEFT'],
    ['SET', 'str', 'v'], ['BLPOP', 'str', '0'], ['BLPOP', 'nokey', 'str', '0'], ['BLMOVE', 'str', 'd', 'LEFT', 'RIGHT', '0'], ['BLMPOP', '0', '1', 'str', 'LEFT'],
    ['RPUSH', 'l', 'a'], ['BLMOVE', 'l', 'str', 'LEFT', 'RIGHT', '0'], ['LLEN', 'l'], ['BLPOP', 'l'], ['BLPOP', 'l', ' 1'], ['BLPOP', 'l', '1 ']] },
  { name: 'blocking timeouts (single client)', resp: 'both', steps: [
    ['BLPOP', 'nokey', '0.05'], ['BRPOP', 'nokey', 'x2', '0.01'], ['BLMOVE', 'nokey', 'd', 'LEFT', 'RIGHT', '0.01'], ['BRPOPLPUSH', 'nokey', 'd', '0.01'],
    ['BLMPOP', '0.01', '1', 'nokey', 'LEFT'], ['BLPOP', 'nokey', '.01'], ['EXISTS', 'd']] },
  { name: 'wrong type', resp: 'both', steps: [
    ['SET', 'str', 'v'], ['LPUSH', 'str', 'a'], ['RPUSH', 'str', 'a'], ['LPUSHX', 'str', 'a'], ['RPUSHX', 'str', 'a'], ['LPOP', 'str'], ['RPOP', 'str', '2'],
    ['LLEN', 'str'], ['LINDEX', 'str', '0'], ['LSET', 'str', '0', 'x'], ['LRANGE', 'str', '0', '-1'], ['LTRIM', 'str', '0', '1'], ['LREM', 'str', '0', 'x'],
    ['LINSERT', 'str', 'BEFORE', 'a', 'b'], ['LPOS', 'str', 'x'], ['LPOS', 'str', 'x', 'COUNT', '0'], ['RPUSH', 'l', 'a'], ['GET', 'l'], ['SADD', 'l', 'x'],
    ['HSET', 'l', 'a', 'b'], ['INCR', 'l']] },
  { name: 'binary elements', resp: 'both', steps: [
    ['RPUSH', BIN, BIN, '', '\x00\x01'], ['LRANGE', BIN, '0', '-1'], ['LPOS', BIN, ''], ['LREM', BIN, '0', BIN], ['LPOP', BIN], ['RPOP', BIN], ['EXISTS', BIN]] },
  { name: 'big list (quicklist) operations', steps: [
    ['RPUSH', 'l', ...range(1000)], ['LLEN', 'l'], ['OBJECT', 'ENCODING', 'l'], ['LINDEX', 'l', '500'], ['LRANGE', 'l', '495', '505'], ['LRANGE', 'l', '0', '99'],
    ['LSET', 'l', '700', 'X'], ['LINDEX', 'l', '700'], ['LPOP', 'l', '3'], ['RPOP', 'l', '3'], ['LREM', 'l', '0', 'e500'], ['LLEN', 'l'], ['LPOS', 'l', 'X'],
    ['CONFIG', 'SET', 'list-max-listpack-size', '4'], ['RPUSH', 'm', ...range(20)], ['OBJECT', 'ENCODING', 'm'], ['LRANGE', 'm', '2', '5'],
    ['CONFIG', 'SET', 'list-max-listpack-size', '-2']] },
  { name: 'generic commands with lists', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b'], ['COPY', 'l', 'l2'], ['RPUSH', 'l2', 'c'], ['LRANGE', 'l', '0', '-1'], ['LRANGE', 'l2', '0', '-1'], ['RENAME', 'l2', 'l3'],
    ['TYPE', 'l3'], ['MOVE', 'l3', '2'], ['SELECT', '2'], ['LRANGE', 'l3', '0', '-1'], ['SELECT', '0'], ['DEL', 'l'], ['EXISTS', 'l'], ['RPUSH', 'q', 'x'],
    ['SCAN', '0', 'TYPE', 'list'], ['EXPIRE', 'q', '100'], ['LPUSH', 'q', 'y'], ['TTL', 'q'], ['LPOP', 'q', '5'], ['TTL', 'q']] },
  { name: 'MULTI with lists', resp: 'both', steps: [
    ['MULTI'], ['RPUSH', 'l', '1', '2', '3'], ['LPOP', 'l'], ['LRANGE', 'l', '0', '-1'], ['LMOVE', 'l', 'm', 'RIGHT', 'LEFT'], ['LLEN', 'm'], ['EXEC']] },
  { name: 'keyspace notifications (RESP3 pushes interleaved with replies)', resp: 3, steps: [
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], { cmd: ['PSUBSCRIBE', '__keyevent@0__:*'], replies: 1 }, { cmd: ['RPUSH', 'l', 'a', 'b', 'c'], replies: 2 }, { cmd: ['LPUSH', 'l', 'z'], replies: 2 }, { cmd: ['LPOP', 'l'], replies: 2 }, { cmd: ['RPOP', 'l', '2'], replies: 2 }, { cmd: ['LSET', 'l', '0', 'A'], replies: 2 }, { cmd: ['LINSERT', 'l', 'BEFORE', 'A', 'x'], replies: 2 }, { cmd: ['LREM', 'l', '0', 'x'], replies: 2 }, { cmd: ['RPUSH', 'l', 'B', 'C'], replies: 2 }, { cmd: ['LTRIM', 'l', '0', '1'], replies: 2 }, { cmd: ['LMOVE', 'l', 'd', 'LEFT', 'RIGHT'], replies: 3 }, { cmd: ['RPOPLPUSH', 'l', 'd'], replies: 4 }, { cmd: ['LMPOP', '1', 'd', 'LEFT'], replies: 2 }, { cmd: ['LMPOP', '1', 'd', 'LEFT', 'COUNT', '5'], replies: 3 }, { cmd: ['LTRIM', 'nokey', '0', '1'], replies: 1 }, { cmd: ['RPUSH', 'q', '1'], replies: 2 }, { cmd: ['LTRIM', 'q', '5', '1'], replies: 3 }, { cmd: ['RPUSH', 'q', '1'], replies: 2 }, { cmd: ['BLPOP', 'q', '0'], replies: 3 }, { cmd: ['RPUSHX', 'nokey', 'a'], replies: 1 }, { cmd: ['LPUSHX', 'q2', 'a'], replies: 1 }, ['CONFIG', 'SET', 'notify-keyspace-events', '']] },
];

diffSuite('lists', cases);

// ---------------------------------------------------------------------------
// Multi-client blocking scenarios: the same script runs against both servers
// and the transcripts (every reply, in order) must be identical.

type Conn = RawConn;
type Scenario = (open: () => Promise<Conn>) => Promise<string[]>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitBlocked(admin: Conn, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = await admin.command(['INFO', 'clients']);
    const m = /blocked_clients:(\d+)/.exec(info);
    if (m && Number(m[1]) === n) return;
    await sleep(5);
  }
  throw new Error(`blocked_clients never reached ${n}`);
}

const scenarios: Record<string, Scenario> = {
  'BLPOP woken by RPUSH from another client; FIFO among waiters': async (open) => {
    const admin = await open(), a = await open(), b = await open(), c = await open();
    const out: string[] = [];
    a.send(encode(['BLPOP', 'k', 'other', '0'])); await waitBlocked(admin, 1);
    b.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 2);
    c.send(encode(['BRPOP', 'other', 'k', '0'])); await waitBlocked(admin, 3);
    out.push(await admin.command(['RPUSH', 'k', 'x', 'y']));
    out.push(await a.read(), await b.read());
    out.push(await admin.command(['LPUSH', 'other', 'z']));
    out.push(await c.read(), await admin.command(['EXISTS', 'k', 'other']));
    for (const x of [admin, a, b, c]) x.close();
    return out;
  },
  'pipelined commands after the push see the list already served': async (open) => {
    const admin = await open(), a = await open();
    a.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 1);
    admin.send(Buffer.concat([encode(['RPUSH', 'k', 'v1', 'v2']), encode(['LLEN', 'k']), encode(['LRANGE', 'k', '0', '-1'])]));
    const out = [await admin.read(), await admin.read(), await admin.read(), await a.read()];
    admin.close(); a.close();
    return out;
  },
  'key ready inside MULTI is served after EXEC': async (open) => {
    const admin = await open(), a = await open();
    a.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 1);
    const out: string[] = [];
    for (const cmd of [['MULTI'], ['RPUSH', 'k', '1'], ['RPUSH', 'k', '2'], ['LPOP', 'k'], ['EXEC'], ['LRANGE', 'k', '0', '-1']]) out.push(await admin.command(cmd));
    out.push(await a.read());
    admin.close(); a.close();
    return out;
  },
  'DEL + push in MULTI with list emptied again: client stays blocked': async (open) => {
    const admin = await open(), a = await open();
    a.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 1);
    const out: string[] = [];
    for (const cmd of [['MULTI'], ['RPUSH', 'k', '1'], ['DEL', 'k'], ['EXEC']]) out.push(await admin.command(cmd));
    await sleep(20);
    const info = await admin.command(['INFO', 'clients']);
    out.push(/blocked_clients:\d+/.exec(info)![0]);
    out.push(await admin.command(['RPUSH', 'k', '9']), await a.read());
    admin.close(); a.close();
    return out;
  },
  'BLMOVE served when source is created; chained wake-up of a waiter on the destination': async (open) => {
    const admin = await open(), a = await open(), b = await open();
    a.send(encode(['BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0'])); await waitBlocked(admin, 1);
    b.send(encode(['BLPOP', 'dst', '0'])); await waitBlocked(admin, 2);
    const out = [await admin.command(['RPUSH', 'src', 'a', 'b'])];
    out.push(await a.read(), await b.read(), await admin.command(['LRANGE', 'src', '0', '-1']), await admin.command(['EXISTS', 'dst']));
    admin.close(); a.close(); b.close();
    return out;
  },
  'BRPOPLPUSH / BLMPOP woken, with counts': async (open) => {
    const admin = await open(), a = await open(), b = await open();
    a.send(encode(['BRPOPLPUSH', 's', 'd', '0'])); await waitBlocked(admin, 1);
    b.send(encode(['BLMPOP', '0', '2', 'x', 's', 'RIGHT', 'COUNT', '3'])); await waitBlocked(admin, 2);
    const out = [await admin.command(['RPUSH', 's', '1', '2', '3', '4', '5'])];
    out.push(await a.read(), await b.read(), await admin.command(['LRANGE', 's', '0', '-1']), await admin.command(['LRANGE', 'd', '0', '-1']));
    admin.close(); a.close(); b.close();
    return out;
  },
  'BLMOVE served into a wrong-type destination replies WRONGTYPE': async (open) => {
    const admin = await open(), a = await open();
    a.send(encode(['BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0'])); await waitBlocked(admin, 1);
    const out = [await admin.command(['SET', 'dst', 'str']), await admin.command(['RPUSH', 'src', 'v'])];
    out.push(await a.read(), await admin.command(['LRANGE', 'src', '0', '-1']));
    admin.close(); a.close();
    return out;
  },
  'timeouts and CLIENT UNBLOCK': async (open) => {
    const admin = await open(), a = await open(), b = await open();
    const out: string[] = [];
    a.send(encode(['BLPOP', 'k', '0.1']));
    out.push(await a.read(2000));
    const ida = await a.command(['CLIENT', 'ID']);
    const idb = await b.command(['CLIENT', 'ID']);
    a.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 1);
    out.push(await admin.command(['CLIENT', 'UNBLOCK', ida.slice(1, -2), 'TIMEOUT']), await a.read());
    a.send(encode(['BRPOP', 'k', '9223372036854775'])); await waitBlocked(admin, 1);
    await sleep(30);
    out.push(await admin.command(['CLIENT', 'UNBLOCK', ida.slice(1, -2)]), await a.read());
    b.send(encode(['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'])); await waitBlocked(admin, 1);
    out.push(await admin.command(['CLIENT', 'UNBLOCK', idb.slice(1, -2), 'ERROR']), await b.read());
    out.push(await admin.command(['CLIENT', 'UNBLOCK', idb.slice(1, -2)]), await admin.command(['CLIENT', 'UNBLOCK', '999999']));
    out.push(await admin.command(['CLIENT', 'UNBLOCK', 'x']), await admin.command(['CLIENT', 'UNBLOCK', '1', 'FOO']));
    // blocked then more pipelined input: processed after the unblock
    a.send(Buffer.concat([encode(['BLPOP', 'k', '0']), encode(['PING'])])); await waitBlocked(admin, 1);
    out.push(await admin.command(['RPUSH', 'k', 'v']), await a.read(), await a.read());
    admin.close(); a.close(); b.close();
    return out;
  },
  'client disconnect while blocked': async (open) => {
    const admin = await open(), a = await open(), b = await open();
    a.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 1);
    b.send(encode(['BLPOP', 'k', '0'])); await waitBlocked(admin, 2);
    a.close(); await waitBlocked(admin, 1);
    const out = [await admin.command(['RPUSH', 'k', 'v']), await b.read(), await admin.command(['EXISTS', 'k'])];
    admin.close(); b.close();
    return out;
  },
  'RESP3 blocked client null on timeout': async (open) => {
    const a = await open();
    await a.command(['HELLO', '3']);
    const out = [await a.command(['BLPOP', 'k', '0.01']), await a.command(['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.01']), await a.command(['BLMPOP', '0.01', '1', 'k', 'LEFT'])];
    a.close();
    return out;
  },
};

(haveRedis ? describe : describe.skip)('diff: blocking lists (multi-client)', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis();
    ours = new RedisServer({ allowRestrictedCommands: true, port: 0 });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); });
  const run = async (port: number, sc: Scenario) => {
    const flush = await RawConn.open(port);
    await flush.command(['FLUSHALL']);
    flush.close();
    return sc(() => RawConn.open(port));
  };
  for (const [name, sc] of Object.entries(scenarios)) {
    it(name, async () => {
      const expected = await run(real.port, sc);
      const actual = await run(ourPort, sc);
      expect(actual).toEqual(expected);
    }, 15000);
  }
});

// ---------------------------------------------------------------------------
// Real clients against our engine: hashes, sets and lists through ioredis and
// node-redis, pipelines, MULTI, and blocking commands woken by another client.

describe('real clients with hashes, sets, lists and blocking commands', () => {
  let srv: RedisServer;
  let port = 0;
  beforeAll(async () => { srv = new RedisServer({ allowRestrictedCommands: true }); port = (await srv.listen()).port; });
  afterAll(async () => { await srv.close(); });
  const withTimeout = <T>(p: Promise<T>, ms = 3000) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);

  it('ioredis: data types, pipeline, MULTI', async () => {
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await r.flushall();
      expect(await r.hset('h', { a: '1', b: '2' })).toBe(2);
      expect(await r.hgetall('h')).toEqual({ a: '1', b: '2' });
      expect(await r.hincrbyfloat('h', 'a', '0.5')).toBe('1.5');
      expect(await r.sadd('s', '3', '1', '2')).toBe(3);
      expect(await r.smembers('s')).toEqual(['1', '2', '3']);
      expect(await r.rpush('l', 'a', 'b', 'c')).toBe(3);
      const p = await r.pipeline().lpop('l').rpop('l', 2).llen('l').sismember('s', '2').hget('h', 'b').exec();
      expect(p!.map(([e, v]) => e ?? v)).toEqual(['a', ['c', 'b'], 0, 1, '2']);
      const m = await r.multi().lpush('m', 'x').lrange('m', 0, -1).scard('s').hlen('h').exec();
      expect(m!.map(([, v]) => v)).toEqual([1, ['x'], 3, 2]);
      const buf = Buffer.from([0, 255, 13, 10]);
      await r.rpush('bin', buf);
      expect(await r.lindexBuffer('bin', 0)).toEqual(buf);
      await expect(r.lpush('h', 'x')).rejects.toThrow(/WRONGTYPE/);
    } finally { r.disconnect(); }
  });

  it('ioredis: BLPOP woken by another client, BLMOVE, timeouts', async () => {
    const a = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    const b = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    try {
      await b.del('q', 'q2', 'dst');
      const waiting = a.blpop('q', 'q2', 0);
      await new Promise((res) => setTimeout(res, 50));
      expect(await b.rpush('q2', 'hello')).toBe(1);
      expect(await withTimeout(waiting)).toEqual(['q2', 'hello']);
      const t0 = Date.now();
      expect(await a.blpop('q', 0.1)).toBeNull();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
      const mv = a.blmove('q', 'dst', 'LEFT', 'RIGHT', 0);
      await new Promise((res) => setTimeout(res, 50));
      await b.lpush('q', 'm');
      expect(await withTimeout(mv)).toBe('m');
      expect(await b.lrange('dst', 0, -1)).toEqual(['m']);
      expect(await a.brpop('nothing', 0.05)).toBeNull();
    } finally { a.disconnect(); b.disconnect(); }
  });

  it('node-redis (RESP2): blocking pop woken, BLMPOP, MULTI with a blocking command', async () => {
    const c = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false } });
    await c.connect();
    const blocker = c.duplicate();
    await blocker.connect();
    try {
      await c.del(['nq', 'nq2']);
      const waiting = blocker.blPop('nq', 0);
      await new Promise((res) => setTimeout(res, 50));
      await c.rPush('nq', ['v1', 'v2']);
      expect(await withTimeout(waiting)).toEqual({ key: 'nq', element: 'v1' });
      const mp = blocker.blmPop(0, ['nq2'], 'LEFT', { COUNT: 5 });
      await new Promise((res) => setTimeout(res, 50));
      await c.rPush('nq2', ['x', 'y']);
      expect(await withTimeout(mp)).toEqual(['nq2', ['x', 'y']]);
      expect(await blocker.brPop('nq3', 0.05)).toBeNull();
      const res = await c.multi().lPush('tx', 'a').blPop('none', 0).hSet('th', 'f', 'v').sAdd('ts', ['1', '2']).exec();
      expect(res).toEqual([1, null, 1, 2]);
      expect(await c.hGetAll('th')).toEqual({ f: 'v' });
      expect(await c.sMembers('ts')).toEqual(['1', '2']);
      expect(await c.lRange('nq', 0, -1)).toEqual(['v2']);
    } finally { await blocker.quit().catch(() => undefined); await c.quit().catch(() => undefined); }
  });

  it('node-redis (RESP3): maps, sets and a woken BLPOP', async () => {
    const c = createClient({ RESP: 3, socket: { port, host: '127.0.0.1', connectTimeout: 2000, reconnectStrategy: false } } as Parameters<typeof createClient>[0]);
    await c.connect();
    const blocker = c.duplicate();
    await blocker.connect();
    try {
      await c.hSet('r3h', { a: '1' });
      expect(await c.hGetAll('r3h')).toEqual({ a: '1' });
      await c.sAdd('r3s', ['2', '1']);
      const members = await c.sMembers('r3s');
      expect([...(members as Iterable<string>)]).toEqual(['1', '2']);
      const waiting = blocker.blPop('r3q', 0);
      await new Promise((res) => setTimeout(res, 50));
      await c.lPush('r3q', 'z');
      expect(await withTimeout(waiting)).toEqual({ key: 'r3q', element: 'z' });
      expect(await blocker.blPop('r3q', 0.05)).toBeNull();
    } finally { await blocker.quit().catch(() => undefined); await c.quit().catch(() => undefined); }
  });
});

// ---------------------------------------------------------------------------
// Propagation (what replicas/AOF would receive), observed through ks.propagateHooks.

describe('propagation of hash/set/list writes', () => {
  let srv: RedisServer;
  let port = 0;
  const log: string[] = [];
  beforeAll(async () => {
    srv = new RedisServer({ allowRestrictedCommands: true });
    port = (await srv.listen()).port;
    srv.core.ks.propagateHooks.push((db, argv) => log.push(`${db}:${argv.join(' ')}`));
  });
  afterAll(async () => { await srv.close(); });
  const waitFor = async (pred: () => boolean) => { for (let i = 0; i < 200 && !pred(); i++) await sleep(5); };

  it('deterministic rewrites', async () => {
    const c = await RawConn.open(port);
    try {
      await c.command(['FLUSHALL']);
      log.length = 0;
      await c.command(['SADD', 's', 'a']);
      await c.command(['SPOP', 's']);
      await c.command(['SADD', 's', 'x', 'y', 'z']);
      await c.command(['SPOP', 's', '5']);
      await c.command(['HINCRBYFLOAT', 'h', 'f', '1.5']);
      await c.command(['HINCRBYFLOAT', 'h', 'f', '0.25']);
      await c.command(['RPUSH', 'l', '1', '2', '3']);
      await c.command(['BLPOP', 'l', '0']);
      await c.command(['LMPOP', '1', 'l', 'RIGHT', 'COUNT', '5']);
      await c.command(['RPUSH', 'l', 'a']);
      await c.command(['BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', '0']);
      await c.command(['LTRIM', 'd', '0', '-1']);
      await c.command(['LREM', 'd', '0', 'nothing']);
      await c.command(['MULTI']); await c.command(['RPUSH', 'm', 'v']); await c.command(['BRPOP', 'm', '0']); await c.command(['EXEC']);
      expect(log).toEqual([
        '0:SADD s a', '0:SREM s a', '0:SADD s x y z', '0:DEL s', '0:HSET h f 1.5', '0:HSET h f 1.75', '0:RPUSH l 1 2 3',
        '0:LPOP l', '0:RPOP l 2', '0:RPUSH l a', '0:LMOVE l d LEFT RIGHT', '0:MULTI', '0:RPUSH m v', '0:RPOP m', '0:EXEC',
      ]);
      log.length = 0;
      await c.command(['SADD', 'p', '1', '2', '3', '4']);
      await c.command(['SPOP', 'p', '2']);
      expect(log.length).toBe(3);
      expect(log[1]).toMatch(/^0:SREM p [1-4]$/);
    } finally { c.close(); }
  });

  it('served blocked clients propagate the pop/move', async () => {
    const a = await RawConn.open(port), b = await RawConn.open(port), admin = await RawConn.open(port);
    try {
      await admin.command(['FLUSHALL']);
      log.length = 0;
      a.send(encode(['BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0']));
      b.send(encode(['BRPOPLPUSH', 'src', 'dst', '0']));
      await waitFor(() => srv.core.clients.size >= 3 && [...srv.core.clients.values()].filter((x) => x.blocked).length === 2);
      await admin.command(['RPUSH', 'src', '1', '2', '3']);
      expect(await a.read()).toBe('$1\r\n3\r\n');
      expect(await b.read()).toBe('$1\r\n2\r\n');
      a.send(encode(['BLMPOP', '0', '1', 'q', 'LEFT', 'COUNT', '2']));
      b.send(encode(['BLPOP', 'q', '0']));
      await waitFor(() => [...srv.core.clients.values()].filter((x) => x.blocked).length === 2);
      await admin.command(['RPUSH', 'q', 'x', 'y', 'z']);
      expect(await a.read()).toBe('*2\r\n$1\r\nq\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n');
      expect(await b.read()).toBe('*2\r\n$1\r\nq\r\n$1\r\nz\r\n');
      expect(log).toEqual([
        '0:RPUSH src 1 2 3', '0:LMOVE src dst RIGHT LEFT', '0:RPOPLPUSH src dst', '0:RPUSH q x y z', '0:LPOP q 2', '0:LPOP q',
      ]);
    } finally { a.close(); b.close(); admin.close(); }
  });
});

// ---------------------------------------------------------------------------
// ListValue ring buffer against an array model (grow, shrink, wrap-around, middle inserts).

describe('ListValue ring buffer', () => {
  it('matches an array model under random operations', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const l = new ListValue();
    const model: string[] = [];
    for (let step = 0; step < 60000; step++) {
      const op = rnd(100);
      const v = 'v' + rnd(1000);
      const burst = step % 20000 < 8000; // phases of growth then shrinking
      if (op < (burst ? 35 : 15)) { l.pushBack(v); model.push(v); }
      else if (op < (burst ? 70 : 30)) { l.pushFront(v); model.unshift(v); }
      else if (op < 60) { expect(l.popFront()).toBe(model.shift()); }
      else if (op < 90) { expect(l.popBack()).toBe(model.pop()); }
      else if (op < 94) { const i = rnd(model.length + 1); l.insertAt(i, v); model.splice(i, 0, v); }
      else if (op < 97 && model.length) { const i = rnd(model.length); l.set(i, v); model[i] = v; }
      else if (model.length) { const i = rnd(model.length); expect(l.get(i)).toBe(model[i]); }
      expect(l.len).toBe(model.length);
    }
    expect(l.toArray(0, l.len - 1)).toEqual(model);
    expect(l.bytes).toBe(LIST_BASE + model.reduce((a, s) => a + s.length + LIST_ELEM_OVERHEAD, 0));
  });
});
