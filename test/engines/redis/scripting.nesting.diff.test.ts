/**
 * A script returning deeply nested tables, against a real redis-server. Redis converts the
 * result with luaReplyToRedisReply, which needs 4 free Lua stack slots per level: past ~8000
 * levels it answers "reached lua stack limit" for that element and keeps going (the outer
 * levels, the siblings). The replies are too deep for diff.ts's recursive reader: this file
 * reads them with an iterative one.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { RedisServer } from '../../../engines/redis/index.js';
import { haveRedis, startRealRedis, encode, type RealRedis } from './diff.js';

/** End of the RESP2/RESP3 reply at `pos` (aggregates counted iteratively), or -1 if incomplete. */
function replyEnd(b: Buffer, pos: number): number {
  let pending = 1;
  while (pending > 0) {
    if (pos >= b.length) return -1;
    const nl = b.indexOf('\r\n', pos);
    if (nl < 0) return -1;
    const t = b[pos];
    const n = Number(b.toString('latin1', pos + 1, nl));
    pos = nl + 2;
    pending--;
    if (t === 36 || t === 61 || t === 33) { if (n >= 0) { pos += n + 2; if (pos > b.length) return -1; } } // $ = !
    else if (t === 42 || t === 126 || t === 62) { if (n > 0) pending += n; } // * ~ >
    else if (t === 37 || t === 124) pending += 2 * n; // % |
  }
  return pos;
}

/** Send each command on one connection and collect each reply's bytes. */
async function run(port: number, cmds: string[][]): Promise<string[]> {
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise<void>((res, rej) => { sock.once('connect', () => res()); sock.once('error', rej); });
  let buf = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  sock.on('data', (d) => { buf = Buffer.concat([buf, d]); wake?.(); });
  const out: string[] = [];
  try {
    for (const c of cmds) {
      sock.write(encode(c));
      const deadline = Date.now() + 10_000;
      for (;;) {
        const end = replyEnd(buf, 0);
        if (end >= 0) { out.push(buf.subarray(0, end).toString('latin1')); buf = buf.subarray(end); break; }
        if (Date.now() > deadline) throw new Error(`no complete reply to ${c[0]} ${c[1].slice(0, 40)}`);
        await new Promise<void>((res) => { wake = res; setTimeout(res, 100); });
        wake = null;
      }
    }
  } finally { sock.destroy(); }
  return out;
}

const chain = (n: number, leaf = "'leaf'") =>
  `local t = {} local cur = t for i = 1, ${n} - 1 do local x = {} cur[1] = x cur = x end cur[1] = ${leaf} return t`;
const E = (body: string): string[] => ['EVAL', body, '0'];
const CMDS: string[][] = [
  ...[1000, 2000, 7994, 7995, 7996, 8000, 10000, 100000].map((n) => E(chain(n))),
  E('local t = {} local cur = t for i = 1, 9000 do local x = {} cur[1] = x cur = x end return {t, "after", {ok="fine"}}'),
  E('local t = {} local cur = t for i = 1, 3000 do local x = {} cur.map = {k = x} cur = x end cur.map = {k = "v"} return t'),
  E('local t = {} local cur = t for i = 1, 5000 do local x = {} cur.set = {[x] = true} cur = x end return t'),
  E('local t = {err="deep"} for i = 1, 8100 do t = {t, i} end return t'),
  E('return {1, {2, {3, {4}}}}'),
  // big results through the op stream and wasm memory growth
  E('local t = {} for i = 1, 50000 do t[i] = i * 3 end return t'),
  E('local t = {} for i = 1, 20000 do t[i] = {tostring(i), {ok = "s" .. i}, i + 0.5} end return t'),
  E('return string.rep("ab", 300000)'),
  E('local m = {} for i = 1, 3000 do m["k" .. i] = i end return {map = m}'),
  ['PING'],
];

const d = haveRedis ? describe : describe.skip;
d('diff: scripting reply nesting', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis();
    ours = new RedisServer({ port: 0 });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); });

  for (const proto of [2, 3] as const) {
    it(`deep tables up to and past the Lua stack limit, big results [RESP${proto}]`, async () => {
      const cmds = proto === 3 ? [['HELLO', '3'], ...CMDS] : CMDS;
      const expected = await run(real.port, cmds);
      const actual = await run(ourPort, cmds);
      const at = proto === 3 ? 1 : 0;
      // sanity: the deep cases really reach the limit on the real server
      expect(expected[at + 5]).toContain('-ERR reached lua stack limit\r\n');
      expect(expected[at + 1].endsWith('$4\r\nleaf\r\n')).toBe(true);
      expect(actual.length).toBe(expected.length);
      for (let i = at; i < cmds.length; i++) expect([i, actual[i]]).toEqual([i, expected[i]]); // (HELLO's reply has the client id)
    }, 60_000);
  }
});
