/**
 * Client tracking, differential: multi-connection scenarios run against our
 * engine and a real redis-server 7.0; every reply and push must be byte-equal
 * (client ids are normalised to the connection's name).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, encode, haveRedis, startRealRedis, type RealRedis, REDIS_BIN } from './diff.js';

/**
 * One action: `['a', 'GET', 'k']` sends on connection a and reads one reply;
 * `{ c, send }` sends without reading; `{ c, read }` reads n replies; `{ c, quiet }`
 * checks nothing more arrives within 150 ms; `{ c, sync }` sends PING and collects everything
 * that arrives before PONG (pushes already written are in the socket before the PONG); `{ close }` closes a connection;
 * `{ sleep }` waits; `{ c, info }` reads the INFO fields named; `{ c, flags }` reads
 * flags= and redir= of CLIENT INFO; `{ c, list: 'x' }` reads the deterministic fields of x's
 * CLIENT LIST line. `$x` in an argument is connection x's id.
 */
type Act =
  | string[]
  | { c: string; send: string[] }
  | { c: string; read: number }
  | { c: string; quiet: true }
  | { c: string; sync: true }
  | { close: string }
  | { sleep: number }
  | { c: string; info: string[] }
  | { c: string; flags: true }
  | { c: string; list: string };

interface Scenario { name: string; conns: string[]; acts: Act[] }

async function run(port: number, sc: Scenario): Promise<string[]> {
  const conns = new Map<string, RawConn>();
  const ids = new Map<string, string>();
  const out: string[] = [];
  const admin = await RawConn.open(port);
  try {
    await admin.command(['FLUSHALL']);
    await admin.command(['CONFIG', 'SET', 'tracking-table-max-keys', '1000000']);
    for (const n of sc.conns) {
      const c = await RawConn.open(port);
      conns.set(n, c);
      ids.set(n, (await c.command(['CLIENT', 'ID'])).slice(1, -2));
    }
    const subst = (a: string) => (a.startsWith('$') && ids.has(a.slice(1)) ? ids.get(a.slice(1))! : a);
    const norm = (r: string) => {
      for (const [n, id] of ids) r = r.split(`:${id}\r\n`).join(`:<${n}>\r\n`).split(`redir=${id}`).join(`redir=<${n}>`);
      return r;
    };
    for (const a of sc.acts) {
      if (Array.isArray(a)) {
        const [n, ...argv] = a;
        const r = await conns.get(n)!.command(argv.map(subst));
        // ids appear in GETREDIR / TRACKINGINFO (and pushes, see read); HELLO's own id differs between servers
        const sub = argv.slice(0, 2).join(' ').toUpperCase();
        const shown = sub === 'CLIENT GETREDIR' || sub === 'CLIENT TRACKINGINFO' ? norm(r) : r.replace(/(\$2\r\nid\r\n):\d+/, '$1<id>');
        out.push(`${n}: ${argv.join(' ')} => ${shown}`);
      } else if ('send' in a) conns.get(a.c)!.send(encode(a.send.map(subst)));
      else if ('read' in a) {
        for (let i = 0; i < a.read; i++) {
          const r = await conns.get(a.c)!.read();
          out.push(`${a.c}: read => ${r.includes('tracking-redir-broken') ? norm(r) : r}`);
        }
      }
      else if ('sync' in a) {
        const conn = conns.get(a.c)!;
        conn.send(encode(['PING']));
        const got: string[] = [];
        for (let r = await conn.read(); r !== '+PONG\r\n'; r = await conn.read()) { got.push(r); if (r.startsWith('<')) break; }
        out.push(`${a.c}: before PONG => ${JSON.stringify(got)}`);
      } else if ('quiet' in a) out.push(`${a.c}: quiet => ${await conns.get(a.c)!.read(150)}`);
      else if ('close' in a) { conns.get(a.close)!.close(); await new Promise((r) => setTimeout(r, 50)); }
      else if ('sleep' in a) await new Promise((r) => setTimeout(r, a.sleep));
      else if ('info' in a) {
        const info = await conns.get(a.c)!.command(['INFO', 'everything']);
        for (const f of a.info) out.push(`${a.c}: INFO ${f} => ${/\r\n/.test(info) ? (info.match(new RegExp(`\\r\\n${f}:([^\\r]*)`)) ?? [])[1] : info}`);
      } else if ('list' in a) {
        const line = norm(await conns.get(a.c)!.command(['CLIENT', 'LIST', 'ID', ids.get(a.list)!]));
        const keep = ['flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'cmd', 'redir', 'resp'];
        out.push(`${a.c}: CLIENT LIST ${a.list} => ${line.split(/[ \n]/).filter((f) => keep.includes(f.split('=')[0])).join(' ')}`);
      } else if ('flags' in a) {
        const ci = norm(await conns.get(a.c)!.command(['CLIENT', 'INFO']));
        out.push(`${a.c}: CLIENT INFO => ${(ci.match(/ flags=\S+/) ?? [''])[0]}${(ci.match(/ redir=\S+/) ?? [''])[0]}`);
      }
    }
    return out;
  } finally {
    for (const c of conns.values()) c.close();
    admin.close();
  }
}

const SC: Scenario[] = [
  {
    name: 'RESP3 default mode: read keys are invalidated once, by another client',
    conns: ['a', 'b'],
    acts: [
      ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on'], ['a', 'MGET', 'k1', 'k2', 'k3'], ['a', 'GET', 'k1'],
      ['b', 'SET', 'k1', '1'], { c: 'a', read: 1 },
      ['b', 'SET', 'k1', '2'], ['b', 'MSET', 'k2', '1', 'k3', '1', 'k4', '1'], { c: 'a', read: 2 }, { c: 'a', quiet: true },
      ['a', 'HSET', 'h', 'f', '1'], ['a', 'HGET', 'h', 'f'], ['a', 'HDEL', 'h', 'f'], { c: 'a', read: 1 },
      { c: 'a', info: ['tracking_clients', 'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes'] },
    ],
  },
  {
    name: 'RESP2 redirect to a __redis__:invalidate subscriber; FLUSHALL / FLUSHDB send null',
    conns: ['a', 'b', 'r'],
    acts: [
      ['r', 'SUBSCRIBE', '__redis__:invalidate'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '$r'], ['a', 'GET', 'x'], ['a', 'GET', 'y'],
      ['b', 'INCR', 'x'], { c: 'r', read: 1 }, ['b', 'INCR', 'z'], { c: 'r', quiet: true },
      { c: 'a', info: ['tracking_total_keys', 'tracking_total_items'] },
      ['b', 'FLUSHALL'], { c: 'r', read: 1 },
      ['a', 'GET', 'x'], ['b', 'FLUSHDB', 'ASYNC'], { c: 'r', read: 1 },
      ['a', 'HELLO', '3'], ['a', 'GET', 'x'], ['b', 'FLUSHALL'], { c: 'r', read: 1 },
      ['a', 'CLIENT', 'GETREDIR'], { c: 'a', flags: true }, { c: 'a', quiet: true },
    ],
  },
  {
    name: 'RESP3 redirect and the own connection after its reply (MULTI, FLUSHDB in MULTI)',
    conns: ['a', 'b', 'r'],
    acts: [
      ['r', 'HELLO', '3'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '$r'], ['a', 'GET', 'x'], ['b', 'SET', 'x', '1'], { c: 'r', read: 1 },
      ['a', 'CLIENT', 'TRACKING', 'off'], ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on'],
      ['a', 'MSET', 'a', '1', 'b', '2'], ['a', 'GET', 'a'],
      ['a', 'MULTI'], ['a', 'INCR', 'a'], ['a', 'GET', 'b'], ['a', 'EXEC'], { c: 'a', read: 1 },
      ['a', 'MULTI'], ['a', 'FLUSHDB'], ['a', 'EXEC'], { c: 'a', read: 1 },
      { c: 'a', quiet: true },
    ],
  },
  {
    name: 'BCAST with prefixes: one message per prefix per event loop, keys sorted; NOLOOP',
    conns: ['a', 'b', 'r'],
    acts: [
      ['r', 'SUBSCRIBE', '__redis__:invalidate'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'REDIRECT', '$r', 'PREFIX', 'b:', 'PREFIX', 'a:'],
      ['a', 'MULTI'], ['a', 'INCR', 'b:2'], ['a', 'INCR', 'a:2'], ['a', 'INCR', 'a:1'], ['a', 'INCR', 'b:1'], ['a', 'INCR', 'c:1'], ['a', 'EXEC'],
      { c: 'r', read: 2 }, { c: 'r', quiet: true },
      ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'REDIRECT', '$r', 'PREFIX', 'c:'], ['b', 'SET', 'c:9', '1'], { c: 'r', read: 1 },
      ['a', 'CLIENT', 'TRACKINGINFO'], { c: 'a', flags: true },
      { c: 'a', info: ['tracking_total_prefixes', 'tracking_clients'] },
      ['a', 'CLIENT', 'TRACKING', 'off'], ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'NOLOOP', 'REDIRECT', '$r'],
      ['b', 'SET', 'other1', '1'], { c: 'r', read: 1 }, ['a', 'SET', 'loop', '1'], { c: 'r', quiet: true },
      ['b', 'SET', 'other2', '1'], { c: 'r', read: 1 },
      ['a', 'SET', 'exp', 'v', 'PX', '1'], ['a', 'SET', 'expnot', 'v'], { sleep: 300 }, { c: 'r', read: 1 },
    ],
  },
  {
    name: 'RESP3 BCAST on the own connection, empty prefix, switching from default mode',
    conns: ['a', 'b'],
    acts: [
      ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on'], ['b', 'SET', 'key1', '1'], ['a', 'GET', 'key1'],
      ['a', 'CLIENT', 'TRACKING', 'off'], ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST'],
      ['b', 'INCR', 'key1'], { c: 'a', read: 1 }, ['a', 'PING'],
      ['a', 'SET', 'mine', '1'], { c: 'a', read: 1 },
      ['a', 'CLIENT', 'TRACKINGINFO'], ['b', 'FLUSHALL'], { c: 'a', read: 1 },
    ],
  },
  {
    name: 'OPTIN / OPTOUT with CLIENT CACHING',
    conns: ['a', 'b'],
    acts: [
      ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on', 'OPTIN'],
      ['a', 'GET', 'k1'], ['a', 'CLIENT', 'CACHING', 'yes'], ['a', 'CLIENT', 'TRACKINGINFO'], ['a', 'GET', 'k2'], ['a', 'GET', 'k3'],
      ['b', 'MSET', 'k1', '1', 'k2', '1', 'k3', '1'], { c: 'a', read: 1 }, { c: 'a', quiet: true },
      ['a', 'CLIENT', 'CACHING', 'yes'], ['a', 'MULTI'], ['a', 'GET', 'm1'], ['a', 'GET', 'm2'], ['a', 'EXEC'],
      ['b', 'MSET', 'm1', '1', 'm2', '1'], { c: 'a', read: 2 },
      ['a', 'CLIENT', 'CACHING', 'no'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'OPTOUT'],
      ['a', 'CLIENT', 'TRACKING', 'off'], ['a', 'CLIENT', 'TRACKING', 'on', 'OPTOUT'],
      ['a', 'CLIENT', 'CACHING', 'yes'], ['a', 'CLIENT', 'CACHING', 'no'], ['a', 'CLIENT', 'TRACKINGINFO'],
      ['a', 'GET', 'o1'], ['a', 'GET', 'o2'], ['b', 'MSET', 'o1', '1', 'o2', '1'], { c: 'a', read: 1 }, { c: 'a', quiet: true },
    ],
  },
  {
    name: 'tracking-redir-broken when the redirect client goes away (RESP3; RESP2 gets nothing)',
    conns: ['a', 'b', 'r', 'p'],
    acts: [
      ['r', 'SUBSCRIBE', '__redis__:invalidate'],
      ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '$r'], ['a', 'GET', 'k'],
      ['p', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '$r'], ['p', 'GET', 'k'],
      ['r', 'QUIT'], { close: 'r' },
      ['b', 'SET', 'k', '1'], { c: 'a', read: 1 }, { c: 'p', quiet: true },
      ['a', 'CLIENT', 'TRACKINGINFO'], { c: 'a', flags: true }, { c: 'p', flags: true }, ['a', 'CLIENT', 'GETREDIR'],
      ['a', 'CLIENT', 'TRACKING', 'on'], { c: 'a', flags: true },
    ],
  },
  {
    name: 'CLIENT REPLY OFF does not silence invalidation pushes',
    conns: ['a', 'b', 'r'],
    acts: [
      ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on'], ['a', 'GET', 'foo'],
      { c: 'a', send: ['CLIENT', 'REPLY', 'OFF'] }, ['b', 'SET', 'foo', 'x'], { c: 'a', read: 1 },
      ['a', 'CLIENT', 'REPLY', 'ON'], ['a', 'PING'],
      ['r', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '$r'], ['a', 'GET', 'foo'],
      { c: 'r', send: ['CLIENT', 'REPLY', 'OFF'] }, ['b', 'SET', 'foo', 'y'], { c: 'r', read: 1 },
      ['r', 'CLIENT', 'REPLY', 'ON'],
    ],
  },
  {
    name: 'errors and option validation',
    conns: ['a', 'b'],
    acts: [
      ['a', 'CLIENT', 'TRACKING', 'maybe'], ['a', 'CLIENT', 'TRACKING', 'on', 'foo'], ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', 'x'], ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '99999'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '0'], ['a', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '$b', 'REDIRECT', '$b'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'PREFIX', 'x'], ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT'], ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'FOOBAR', 'PREFIX', 'FOO'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'FOO', 'PREFIX', 'FOOBAR'],
      ['a', 'CLIENT', 'CACHING', 'yes'], ['a', 'CLIENT', 'CACHING'], ['a', 'CLIENT', 'GETREDIR'], ['a', 'CLIENT', 'TRACKINGINFO'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'FOO', 'PREFIX', 'BAR'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'FO'], ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'BARB'],
      ['a', 'CLIENT', 'TRACKING', 'on'], ['a', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTOUT'], ['a', 'CLIENT', 'CACHING', 'yes'],
      ['a', 'CLIENT', 'CACHING', 'no'], ['a', 'CLIENT', 'CACHING', 'maybe'], ['a', 'CLIENT', 'TRACKINGINFO'], ['a', 'CLIENT', 'GETREDIR'],
      ['a', 'CLIENT', 'TRACKING', 'off'], ['a', 'CLIENT', 'TRACKING', 'on', 'OPTIN'], ['a', 'CLIENT', 'TRACKING', 'on', 'OPTOUT'],
      ['a', 'CLIENT', 'TRACKING', 'on', 'OPTIN', 'NOLOOP', 'REDIRECT', '$a'], ['a', 'CLIENT', 'TRACKINGINFO'], ['a', 'CLIENT', 'GETREDIR'],
      ['a', 'RESET'], ['a', 'CLIENT', 'TRACKINGINFO'],
      // Redis 7.0: an overlap between two given prefixes after the first is replied, then tracking is enabled and +OK follows.
      { c: 'a', send: ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'b', 'PREFIX', 'bc'] }, { c: 'a', read: 2 },
      ['a', 'CLIENT', 'TRACKINGINFO'],
    ],
  },
  {
    name: 'expiry and eviction invalidate tracked keys',
    conns: ['a', 'b'],
    acts: [
      ['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on'], ['a', 'DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
      ['a', 'MSET', 'x', '1', 'y', '2'], ['a', 'PEXPIRE', 'y', '50'], ['a', 'GET', 'y'], { sleep: 120 },
      ['a', 'MGET', 'x', 'y'], { c: 'a', read: 1 }, ['a', 'DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
      ['b', 'SET', 'z', '1', 'PX', '30'], ['a', 'GET', 'z'], { sleep: 400 }, { c: 'a', read: 1 },
    ],
  },
  {
    name: 'CLIENT LIST fields: flags (P x b t B R d N), multi=, cmd=, sub=, redir=, resp=',
    conns: ['a', 'b', 'r', 'w'],
    acts: [
      { c: 'a', list: 'b' }, ['b', 'SUBSCRIBE', 'c1', 'c2'], { c: 'b', read: 1 }, ['b', 'PSUBSCRIBE', 'p*'], { c: 'a', list: 'b' },
      ['r', 'MULTI'], ['r', 'SET', 'x', '1'], ['r', 'GET', 'x'], { c: 'a', list: 'r' },
      ['r', 'FOO'], { c: 'a', list: 'r' }, ['r', 'DISCARD'], { c: 'a', list: 'r' },
      { c: 'w', send: ['BLPOP', 'nolist', '0'] }, { sleep: 50 }, { c: 'a', list: 'w' },
      ['a', 'LPUSH', 'nolist', 'v'], { c: 'w', read: 1 }, { c: 'a', list: 'w' },
      ['r', 'WATCH', 'wk'], ['a', 'SET', 'wk', '1'], { c: 'a', list: 'r' },
      ['r', 'HELLO', '3'], ['r', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'REDIRECT', '$w'], { c: 'a', list: 'r' },
      { close: 'w' }, ['a', 'SET', 'bk', '1'], { sleep: 50 }, { c: 'r', read: 1 }, { c: 'a', list: 'r' },
      { c: 'r', flags: true }, ['r', 'UNWATCH'],
      ['r', 'MULTI'], ['r', 'CLIENT', 'INFO'], ['r', 'DISCARD'],
    ],
  },
  invalidationCoverage(),
];

/**
 * Every kind of write must invalidate (and a few must not, e.g. SWAPDB): a RESP3 client tracks
 * key `k` (and `k2`), another client runs the command, and whatever arrives within 150 ms is compared.
 */
function invalidationCoverage(): Scenario {
  const cases: [string[], string[]][] = [
    [[], ['SET', 'k', 'v']], [[], ['APPEND', 'k', 'x']], [[], ['SETRANGE', 'k', '1', 'zz']], [[], ['INCR', 'k']],
    [['SET', 'k', '1.5'], ['INCRBYFLOAT', 'k', '1']], [[], ['GETSET', 'k', 'y']], [[], ['GETDEL', 'k']],
    [['SET', 'k', 'v'], ['GETEX', 'k', 'EX', '100']], [['SET', 'k', 'v'], ['GETEX', 'k']], [['SET', 'k', 'v'], ['EXPIRE', 'k', '100']],
    [['SET', 'k', 'v', 'EX', '100'], ['PERSIST', 'k']], [['SET', 'k', 'v'], ['DEL', 'k']], [['SET', 'k', 'v'], ['UNLINK', 'k']],
    [['SET', 'k', 'v'], ['RENAME', 'k', 'k2']], [['SET', 'k2', 'v'], ['RENAME', 'k2', 'k']], [['SET', 'k', 'v'], ['MOVE', 'k', '1']],
    [['SET', 'k2', 'v'], ['COPY', 'k2', 'k']], [[], ['MSET', 'k', '1', 'k2', '2']], [[], ['SETBIT', 'k', '3', '1']],
    [['SET', 'k2', 'a'], ['BITOP', 'NOT', 'k', 'k2']], [[], ['PFADD', 'k', 'a']],
    [[], ['LPUSH', 'k', 'a']], [['RPUSH', 'k', 'a', 'b'], ['LPOP', 'k']], [['RPUSH', 'k', 'a', 'b'], ['LSET', 'k', '0', 'z']],
    [['RPUSH', 'k2', 'a'], ['LMOVE', 'k2', 'k', 'LEFT', 'LEFT']], [['RPUSH', 'k', 'a', 'b'], ['LTRIM', 'k', '0', '0']],
    [[], ['HSET', 'k', 'f', 'v']], [['HSET', 'k', 'f', 'v', 'g', 'w'], ['HDEL', 'k', 'f']], [[], ['HINCRBY', 'k', 'f', '1']],
    [[], ['SADD', 'k', 'm']], [['SADD', 'k', 'a', 'b'], ['SREM', 'k', 'a']], [['SADD', 'k', 'a'], ['SPOP', 'k']],
    [['SADD', 'k2', 'a'], ['SUNIONSTORE', 'k', 'k2']], [['SADD', 'k2', 'a'], ['SMOVE', 'k2', 'k', 'a']],
    [[], ['ZADD', 'k', '1', 'a']], [['ZADD', 'k', '1', 'a', '2', 'b'], ['ZREM', 'k', 'a']], [[], ['ZINCRBY', 'k', '2', 'a']],
    [['ZADD', 'k', '1', 'a', '2', 'b'], ['ZPOPMIN', 'k']], [['ZADD', 'k2', '1', 'a'], ['ZUNIONSTORE', 'k', '1', 'k2']],
    [['RPUSH', 'k2', '3', '1'], ['SORT', 'k2', 'STORE', 'k']], [[], ['GEOADD', 'k', '13.36', '38.11', 'p']],
    [[], ['XADD', 'k', '1-1', 'f', 'v']],
    // no invalidation in Redis 7.0: SWAPDB, a read, a failed write, a no-op delete
    [['SELECT', '1'], ['SWAPDB', '0', '1']], [['SET', 'k', 'v'], ['GET', 'k']], [['SET', 'k', 'v'], ['LPUSH', 'k', 'x']], [[], ['DEL', 'nokey']],
    [['SET', 'k', 'v'], ['EXPIRE', 'k', '-1']],
  ];
  const acts: Act[] = [['a', 'HELLO', '3'], ['a', 'CLIENT', 'TRACKING', 'on']];
  for (const [pre, cmd] of cases) {
    acts.push(['b', 'FLUSHDB'], { c: 'a', read: 1 }, ['b', 'SELECT', '0']);
    if (pre.length) acts.push(['b', ...pre]);
    acts.push(['a', 'MGET', 'k', 'k2'], ['b', ...cmd], { c: 'a', sync: true });
  }
  return { name: 'invalidation on every kind of write (and none where Redis sends none)', conns: ['a', 'b'], acts };
}

const d = haveRedis ? describe : describe.skip;
if (!haveRedis) console.warn(`[diff] ${REDIS_BIN} not found: skipping tracking differential suite`);
d('diff: client tracking', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis(['--enable-debug-command', 'yes']);
    ours = new RedisServer({ allowRestrictedCommands: true, port: 0 });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => {
    await ours?.close();
    await real?.stop();
  });
  for (const sc of SC) {
    it(sc.name, async () => {
      const expected = await run(real.port, sc);
      const actual = await run(ourPort, sc);
      if (process.env.TRACKING_DIFF_DUMP) console.log(sc.name, JSON.stringify(expected, null, 1), JSON.stringify(actual, null, 1));
      expect(actual).toEqual(expected);
    });
  }
});
