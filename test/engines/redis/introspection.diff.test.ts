/**
 * Introspection and core fidelity vs a real redis-server 7.0: COMMAND GETKEYS /
 * GETKEYSANDFLAGS / INFO, hidden and percent configs, CLIENT PAUSE WRITE and the
 * may_replicate flag (several connections), SLOWLOG of a command that blocked.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { diffSuite, haveRedis, startRealRedis, RawConn, encode as RawConnEncode, type DiffCase, type RealRedis } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';

const cases: DiffCase[] = [
  { name: 'COMMAND GETKEYSANDFLAGS', resp: 'both', steps: [
    ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k1', 'v1'], ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k1', 'v1', 'GET'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'mset', 'k1', 'v1', 'k2', 'v2'], ['COMMAND', 'GETKEYS', 'sort_ro', 'abc'], ['COMMAND', 'GETKEYSANDFLAGS', 'sort_ro', 'abc', 'BY', 'w*'], ['COMMAND', 'GETKEYS', 'sort', 'abc', 'STORE', 'dst'], ['COMMAND', 'GETKEYSANDFLAGS', 'LMOVE', 'k1', 'k2', 'left', 'right'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'sort', 'k1', 'store', 'k2'], ['COMMAND', 'GETKEYSANDFLAGS', 'sort', 'k1', 'by', 'store', 'store', 'k3'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'GET', 'u8', '0'], ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'SET', 'u8', '0', '1'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'migrate', 'h', '1', 'key', '0', '10'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'migrate', 'h', '1', '', '0', '10', 'COPY', 'AUTH2', 'u', 'p', 'KEYS', 'a', 'b'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'migrate', 'h', '1', 'x', '0', '10', 'KEYS', 'a', 'b'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['COMMAND', 'GETKEYSANDFLAGS', 'zunionstore', 'd', 'x', 'a'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'xread', 'COUNT', '2', 'STREAMS', 's1', 's2', '0', '0'], ['COMMAND', 'GETKEYSANDFLAGS', 'georadius', 'g', '0', '0', '1', 'km', 'STORE', 'dst'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'eval', 'return 1', '2', 'a', 'b'], ['COMMAND', 'GETKEYSANDFLAGS', 'eval', 'return 1', '0'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'memory', 'usage', 'k'], ['COMMAND', 'GETKEYSANDFLAGS', 'xgroup', 'create', 'k', 'g', '$'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'ping'], ['COMMAND', 'GETKEYSANDFLAGS', 'nosuch', 'a'], ['COMMAND', 'GETKEYSANDFLAGS', 'get'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'config', 'nosub'], ['COMMAND', 'GETKEYSANDFLAGS'], ['COMMAND', 'GETKEYSANDFLAGS', 'lcs', 'a', 'b']] },
  { name: 'COMMAND GETKEYS edge cases', steps: [
    ['COMMAND', 'GETKEYS', 'eval', 'return 1', '0'], ['COMMAND', 'GETKEYS', 'evalsha', 'x', '0'], ['COMMAND', 'GETKEYS', 'fcall', 'f', '0'],
    ['COMMAND', 'GETKEYS', 'eval', 'return 1', '1', 'key'], ['COMMAND', 'GETKEYS', 'eval', 'return 1', '-1'], ['COMMAND', 'GETKEYS', 'eval', 'return 1', '5', 'a'],
    ['COMMAND', 'GETKEYS', 'zunionstore', 'd', '0'], ['COMMAND', 'GETKEYS', 'set', 'k', 'v', 'get'], ['COMMAND', 'GETKEYS', 'sort', 'k', 'limit', '0', '1', 'store', 'x'],
    ['COMMAND', 'GETKEYS', 'migrate', 'h', '1', '', '0', '10', 'KEYS', 'a'], ['COMMAND', 'GETKEYS', 'ping'], ['COMMAND', 'GETKEYS', 'set', 'k']] },
  { name: 'COMMAND INFO of invalid subcommands', resp: 'both', steps: [
    ['COMMAND', 'INFO', 'get|key'], ['COMMAND', 'INFO', 'config|get|key'], ['COMMAND', 'INFO', 'config|get'], ['COMMAND', 'INFO', 'config|nosuch'],
    ['COMMAND', 'INFO', 'nosuch', 'get|x|y', 'get']] },
  { name: 'hidden configs', steps: [
    ['CONFIG', 'GET', 'key-load-delay'], { cmd: ['CONFIG', 'GET', 'rdb-key-save-delay', 'watchdog-period'], unordered: true }, ['CONFIG', 'GET', 'use-exit-on-panic'],
    ['CONFIG', 'GET', 'loading-process-events-interval-bytes'], { cmd: ['CONFIG', 'GET', '*delay*'], unordered: true }, { cmd: ['CONFIG', 'GET', '*-panic'] },
    ['CONFIG', 'SET', 'key-load-delay', '5'], ['CONFIG', 'GET', 'key-load-delay'], ['CONFIG', 'SET', 'key-load-delay', 'x'], ['CONFIG', 'SET', 'key-load-delay', '0']] },
  { name: 'maxmemory-clients memory or percent', steps: [
    ['CONFIG', 'SET', 'maxmemory-clients', '10%'], ['CONFIG', 'GET', 'maxmemory-clients'], ['CONFIG', 'SET', 'maxmemory-clients', '100%'], ['CONFIG', 'GET', 'maxmemory-clients'],
    ['CONFIG', 'SET', 'maxmemory-clients', '200%'], ['CONFIG', 'SET', 'maxmemory-clients', '0%'], ['CONFIG', 'GET', 'maxmemory-clients'],
    ['CONFIG', 'SET', 'maxmemory-clients', '-5'], ['CONFIG', 'SET', 'maxmemory-clients', '1.5%'], ['CONFIG', 'SET', 'maxmemory-clients', '-5%'],
    ['CONFIG', 'SET', 'maxmemory-clients', '%'], ['CONFIG', 'SET', 'maxmemory-clients', '1kb'], ['CONFIG', 'GET', 'maxmemory-clients'],
    ['CONFIG', 'SET', 'maxmemory-clients', '2M'], ['CONFIG', 'GET', 'maxmemory-clients'], ['CONFIG', 'SET', 'maxmemory-clients', 'abc'], ['CONFIG', 'SET', 'maxmemory-clients', '0']] },
  { name: 'CONFIG SET of several parameters is all or nothing', steps: [
    ['CONFIG', 'SET', 'maxmemory', '10000002'],
    ['CONFIG', 'SET', 'maxmemory', '10000001', 'maxmemory-clients', '200%', 'client-query-buffer-limit', 'invalid'],
    ['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'GET', 'maxmemory-clients'], ['CONFIG', 'GET', 'client-query-buffer-limit'], ['CONFIG', 'SET', 'maxmemory', '0']] },
];

diffSuite('introspection', cases);

/** The same multi-connection script against both servers; transcripts must be equal. */
type Script = (open: () => Promise<RawConn>) => Promise<string[]>;
/** blocked_clients / expired_keys from INFO. */
async function infoField(c: RawConn, section: string, field: string): Promise<string> {
  const r = await c.command(['INFO', section]);
  return new RegExp(`${field}:(\\d+)`).exec(r)?.[1] ?? `<no ${field}>`;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const scripts: [string, Script][] = [
  ['PAUSE WRITE holds may_replicate commands (PFCOUNT, PUBLISH, EVAL) but not no-writes scripts', async (open) => {
    const a = await open(), b = await open(), d = await open(), e = await open();
    const out: string[] = [];
    try {
      out.push(await a.command(['PFADD', 'hll', 'x']));
      out.push(await a.command(['FUNCTION', 'LOAD', 'REPLACE', "#!lua name=lib\nredis.register_function{function_name='ro', callback=function() return 'hi' end, flags={'no-writes'}}"]));
      out.push(await a.command(['CLIENT', 'PAUSE', '5000', 'WRITE']));
      b.send(RawConnEncode(['PFCOUNT', 'hll']));
      d.send(RawConnEncode(['PUBLISH', 'ch', 'm']));
      e.send(RawConnEncode(['EVAL', '#!lua\nreturn 1', '0']));
      out.push(await b.read(300), await d.read(100), await e.read(100));
      out.push(await infoField(a, 'clients', 'blocked_clients'));
      out.push(await a.command(['EVAL', '#!lua flags=no-writes\nreturn 2', '0']), await a.command(['FCALL', 'ro', '0']), await a.command(['GET', 'x']));
      out.push(await a.command(['EVAL_RO', "return redis.call('publish','ch','m')", '0']).then((r) => r.split(' script:')[0]));
      out.push(await a.command(['SET', 'k']), await a.command(['PFCOUNT']));
      out.push(await a.command(['CLIENT', 'UNPAUSE']));
      out.push(await b.read(), await d.read(), await e.read());
      out.push(await a.command(['FUNCTION', 'FLUSH']));
    } finally { a.close(); b.close(); d.close(); e.close(); }
    return out;
  }],
  ['PAUSE WRITE holds a write queued in MULTI and an EXEC of writes, not reads', async (open) => {
    const a = await open(), b = await open(), d = await open();
    const out: string[] = [];
    try {
      out.push(await d.command(['MULTI']), await d.command(['SET', 'k', 'v']));
      out.push(await a.command(['CLIENT', 'PAUSE', '5000', 'WRITE']));
      out.push(await b.command(['MULTI']), await b.command(['GET', 'k']), await b.command(['PING']), await b.command(['EXEC']));
      out.push(await b.command(['MULTI']));
      b.send(RawConnEncode(['INCR', 'n']));
      d.send(RawConnEncode(['EXEC']));
      out.push(await b.read(300), await d.read(100), await infoField(a, 'clients', 'blocked_clients'));
      out.push(await a.command(['CLIENT', 'UNPAUSE']));
      out.push(await b.read(), await d.read(), await b.command(['EXEC']), await a.command(['GET', 'k']));
    } finally { a.close(); b.close(); d.close(); }
    return out;
  }],
  ['keys are not expired while clients are paused', async (open) => {
    const a = await open();
    const out: string[] = [];
    try {
      await a.command(['CONFIG', 'RESETSTAT']);
      out.push(await a.command(['MULTI']), await a.command(['SET', 'foo', 'bar', 'PX', '10']), await a.command(['SET', 'bar', 'foo', 'PX', '10']));
      out.push(await a.command(['CLIENT', 'PAUSE', '5000', 'WRITE']), await a.command(['EXEC']));
      await sleep(250); // past the TTL and a few active-expire cycles
      out.push(await a.command(['GET', 'foo']), await a.command(['EXISTS', 'bar']), await a.command(['SCAN', '0']));
      out.push(await infoField(a, 'stats', 'expired_keys'));
      out.push(await a.command(['CLIENT', 'UNPAUSE']), await a.command(['GET', 'foo']), await a.command(['GET', 'bar']));
      out.push(await infoField(a, 'stats', 'expired_keys'));
    } finally { a.close(); }
    return out;
  }],
  ['SLOWLOG logs a blocked command when it is served (not when it times out)', async (open) => {
    const a = await open(), b = await open();
    const out: string[] = [];
    try {
      out.push(await a.command(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']));
      b.send(RawConnEncode(['BLPOP', 'l', '0']));
      for (let i = 0; i < 50 && (await infoField(a, 'clients', 'blocked_clients')) !== '1'; i++) await sleep(10);
      out.push(await a.command(['MULTI']), await a.command(['LPUSH', 'l', 'foo']), await a.command(['SLOWLOG', 'RESET']), await a.command(['EXEC']));
      out.push(await b.read());
      const log = await a.command(['SLOWLOG', 'GET']);
      // entry = id, time, duration, argv, addr, name: compare only the argv of each entry
      out.push(...[...log.matchAll(/\*3\r\n((?:\$\d+\r\n[^\r]*\r\n){3})|\*4\r\n((?:\$\d+\r\n[^\r]*\r\n){4})/g)].map((m) => m[0]));
      b.send(RawConnEncode(['BLPOP', 'l2', '0.05']));
      out.push(await b.read(), await a.command(['SLOWLOG', 'GET', '1']).then((r) => (r.includes('l2') ? 'timed-out BLPOP logged' : 'not logged')));
      out.push(await a.command(['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']));
    } finally { a.close(); b.close(); }
    return out;
  }],
];

const d = haveRedis ? describe : describe.skip;
d('diff: introspection (several connections)', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis();
    ours = new RedisServer({ allowRestrictedCommands: true, port: 0 });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); });
  for (const [name, script] of scripts) {
    it(name, async () => {
      const run = async (port: number) => {
        const c = await RawConn.open(port);
        await c.command(['FLUSHALL']);
        c.close();
        return script(() => RawConn.open(port));
      };
      const expected = await run(real.port);
      const actual = await run(ourPort);
      expect(actual).toEqual(expected);
    });
  }
});
