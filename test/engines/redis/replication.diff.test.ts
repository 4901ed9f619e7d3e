/**
 * Differential replication (issue 5): a real redis-server 7.0 as replica of
 * our master, and our engine as replica of a real master, with a mixed
 * workload over every data type and every propagation-sensitive command
 * (relative expiries, random pops, blocking pops served by a push, scripts
 * and functions as effects, stream groups, MULTI/EXEC, SELECT, SWAPDB …),
 * written both before REPLICAOF (full sync) and after (command stream).
 * PUBLISH reaches subscribers of the replica.
 * Master and replica must end with identical datasets: per key TYPE, DEBUG
 * DIGEST-VALUE, the value read back, PTTL within a tolerance, and for streams
 * XINFO STREAM FULL (groups, PELs, consumers).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../engines/redis/index.js';
import { haveRedis, startRealRedis, type RealRedis } from './diff.js';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function waitFor(fn: () => boolean | Promise<boolean>, ms = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return; await sleep(25); }
  throw new Error('timeout waiting for ' + what);
}
const cli = (port: number): Redis => {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 8000, retryStrategy: () => null });
  r.on('error', () => { /* refused while a server starts */ });
  return r;
};

const DBS = 4;
const LIB = "#!lua name=repllib\n" +
  "redis.register_function('rpush2', function(keys, args) redis.call('rpush', keys[1], args[1]); return redis.call('rpush', keys[1], args[2]) end)\n" +
  "redis.register_function('spopper', function(keys, args) return redis.call('spop', keys[1]) end)";

/**
 * Drops what Redis 7.0 does not replicate: consumers' seen-time (the replica's own clock), and a
 * group's entries-read/lag, which XREADGROUP propagates as XCLAIM … LASTID without the counter (a real
 * replica of a real master shows them as nil too).
 */
function scrubStream(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out: unknown[] = [];
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] === 'string' && (v[i] === 'seen-time' || v[i] === 'entries-read' || v[i] === 'lag') && i + 1 < v.length) { i++; continue; }
    out.push(scrubStream(v[i]));
  }
  return out;
}

/** Every key of dbs 0..3 with its type, digest, value and TTL bucket. */
async function dataset(r: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < DBS; db++) {
    await r.select(db);
    const keys = (await r.keys('*')).sort();
    for (const k of keys) {
      const t = await r.type(k);
      const digest = await r.call('DEBUG', 'DIGEST-VALUE', k);
      let v: unknown;
      switch (t) {
        case 'string': v = (await r.getBuffer(k))?.toString('hex'); break;
        case 'hash': v = Object.entries(await r.hgetall(k)).sort(); break;
        case 'list': v = await r.lrange(k, 0, -1); break;
        case 'set': v = (await r.smembers(k)).sort(); break;
        case 'zset': v = await r.zrange(k, '0', '-1', 'WITHSCORES'); break;
        case 'stream': v = [await r.xrange(k, '-', '+'), scrubStream(await r.call('XINFO', 'STREAM', k, 'FULL'))]; break;
        default: v = t;
      }
      const pttl = await r.pttl(k);
      out[`${db}:${k}`] = { t, digest, v, pttl };
    }
  }
  // Functions of a library are listed in dict order: compare them sorted.
  const libs = await r.call('FUNCTION', 'LIST', 'WITHCODE') as unknown[][];
  out.functions = libs.map((lib) => lib.map((v, i) => (lib[i - 1] === 'functions' ? [...(v as unknown[][])].sort((a, b) => String(a[1]).localeCompare(String(b[1]))) : v)));
  await r.select(0);
  return out;
}

/**
 * The replica's dataset equals the master's. TTLs are read at slightly different
 * moments, so a remaining TTL matches when it is within 5 s (both set or both -1/-2).
 */
function expectSameDataset(replica: Record<string, unknown>, master: Record<string, unknown>): void {
  for (const [key, m] of Object.entries(master)) {
    const r = replica[key] as { pttl?: number } | undefined, mt = (m as { pttl?: number }).pttl;
    if (r?.pttl !== undefined && mt !== undefined && r.pttl >= 0 && mt >= 0 && Math.abs(r.pttl - mt) <= 5000) r.pttl = mt;
  }
  expect(replica).toEqual(master);
}

/** The mixed workload; `p` prefixes the keys so two phases do not collide. */
async function workload(c: Redis, c2: Redis, p: string): Promise<void> {
  const k = (s: string) => `${p}${s}`;
  const call = (...a: (string | number | Buffer)[]) => c.call(String(a[0]), ...a.slice(1).map((x) => (typeof x === 'number' ? String(x) : x)));
  // strings and expiries (relative → absolute on the wire)
  await call('SET', k('s'), 'v', 'EX', 1000);
  await call('SET', k('s2'), 'v', 'PX', 500000);
  await call('SET', k('s2'), 'w', 'KEEPTTL');
  await call('SET', k('s3'), 'v');
  await call('GETEX', k('s3'), 'EX', 2000);
  await call('SET', k('s4'), 'v', 'EX', 3000);
  await call('GETEX', k('s4'), 'PERSIST');
  await call('SETEX', k('s5'), 4000, 'x');
  await call('PSETEX', k('s6'), 700000, 'x');
  await call('SET', k('s7'), 'v', 'EXAT', Math.floor(Date.now() / 1000) + 9000);
  await call('EXPIRE', k('s3'), 5000, 'GT');
  await call('PEXPIRE', k('s'), 6000000);
  await call('INCRBYFLOAT', k('f'), '1.5');
  await call('INCRBYFLOAT', k('f'), '3.0e3');
  await call('SETRANGE', k('sr'), 5, 'abc');
  await call('APPEND', k('sr'), 'zz');
  await call('GETDEL', k('s6'));
  await call('SET', k('gone'), 'v', 'PX', 30); // expire-on-access below produces a DEL
  await call('MSET', k('m1'), '1', k('m2'), '2');
  await call('SET', k('bin'), Buffer.from([0, 255, 13, 10, 7]));
  // lists, incl. a blocking pop served by a push
  await call('RPUSH', k('l'), 'a', 'b', 'c', 'd', 'e');
  await call('LPOP', k('l'));
  await call('LMOVE', k('l'), k('l2'), 'LEFT', 'RIGHT');
  await call('LINSERT', k('l'), 'BEFORE', 'd', 'x');
  await call('LSET', k('l'), 0, 'first');
  await call('LTRIM', k('l'), 0, 2);
  const blpop = c2.call('BLPOP', k('bl'), '5');
  await sleep(50);
  await call('RPUSH', k('bl'), 'one', 'two');
  expect(await blpop).toEqual([k('bl'), 'one']);
  const blmove = c2.call('BLMOVE', k('bl2'), k('bl3'), 'LEFT', 'LEFT', '5');
  await sleep(50);
  await call('LPUSH', k('bl2'), 'p', 'q');
  expect(await blmove).toBe('q');
  // hashes
  await call('HSET', k('h'), 'a', '1', 'b', '2', 'c', 'x');
  await call('HINCRBYFLOAT', k('h'), 'a', '0.25');
  await call('HINCRBY', k('h'), 'b', 40);
  await call('HDEL', k('h'), 'c');
  await call('HSETNX', k('h'), 'd', 'dd');
  await call('HSET', k('hbig'), ...Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]).flat());
  // sets: SPOP/SRANDMEMBER effects
  await call('SADD', k('st'), ...Array.from({ length: 40 }, (_, i) => `m${i}`));
  await call('SPOP', k('st'));
  await call('SPOP', k('st'), 5);
  await call('SRANDMEMBER', k('st'), 3);
  await call('SADD', k('ist'), 1, 2, 3, 4, 5, 6);
  await call('SPOP', k('ist'), 2);
  await call('SMOVE', k('st'), k('st2'), 'm1');
  await call('SINTERSTORE', k('st3'), k('st'), k('st'));
  await call('SADD', k('st4'), 'only');
  await call('SPOP', k('st4'), 10); // pops the whole set: the key goes
  // zsets: ZPOPMIN/BZPOPMIN
  await call('ZADD', k('z'), 1, 'a', 2, 'b', 3, 'c', 4.5, 'd', '-inf', 'n', '+inf', 'p');
  await call('ZINCRBY', k('z'), 0.5, 'a');
  await call('ZPOPMIN', k('z'));
  await call('ZPOPMAX', k('z'), 2);
  await call('ZRANGESTORE', k('z2'), k('z'), 0, -1);
  await call('ZUNIONSTORE', k('z3'), 2, k('z'), k('z2'), 'WEIGHTS', 2, 3);
  await call('ZRANDMEMBER', k('z'), 2);
  const bz = c2.call('BZPOPMIN', k('bz'), '5');
  await sleep(50);
  await call('ZADD', k('bz'), 7, 'seven', 8, 'eight');
  expect(await bz).toEqual([k('bz'), 'seven', '7']);
  await call('ZADD', k('zmp'), 1, 'x', 2, 'y');
  await call('ZMPOP', 1, k('zmp'), 'MAX');
  // streams: XADD *, groups, XREADGROUP, XCLAIM, XAUTOCLAIM
  for (let i = 0; i < 6; i++) await call('XADD', k('x'), '*', 'f', String(i));
  await call('XADD', k('x'), 'MAXLEN', '~', 100, '*', 'g', 'h');
  await call('XGROUP', 'CREATE', k('x'), 'g1', '0');
  await call('XGROUP', 'CREATE', k('x'), 'g2', '$', 'MKSTREAM');
  await call('XGROUP', 'CREATECONSUMER', k('x'), 'g1', 'idle');
  await call('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', 3, 'STREAMS', k('x'), '>');
  await call('XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', 2, 'STREAMS', k('x'), '>');
  const pend = await c.call('XPENDING', k('x'), 'g1', '-', '+', 10) as [string, string, number, number][];
  await call('XACK', k('x'), 'g1', pend[0][0]);
  await call('XCLAIM', k('x'), 'g1', 'carol', 0, pend[1][0]);
  await call('XCLAIM', k('x'), 'g1', 'carol', 0, pend[2][0], 'JUSTID');
  await call('XAUTOCLAIM', k('x'), 'g1', 'dave', 0, '0-0', 'COUNT', 1);
  await call('XGROUP', 'SETID', k('x'), 'g2', '0');
  await call('XGROUP', 'DELCONSUMER', k('x'), 'g1', 'idle');
  await call('XDEL', k('x'), pend[3][0]);
  await call('XADD', k('x2'), 'NOMKSTREAM', '*', 'a', 'b');
  await call('XADD', k('x3'), '5-1', 'a', 'b');
  await call('XTRIM', k('x'), 'MAXLEN', 5);
  await call('XSETID', k('x3'), '10-1');
  await call('XGROUP', 'CREATE', k('xb'), 'g2', '$', 'MKSTREAM');
  const xrg = c2.call('XREADGROUP', 'GROUP', 'g2', 'eve', 'BLOCK', '5000', 'STREAMS', k('xb'), '>');
  await sleep(50);
  await call('XADD', k('xb'), '*', 'k', 'v');
  expect(await xrg).not.toBeNull(); // served by the XADD: the replica gets the group's PEL as XCLAIM
  // scripts and functions (effects replication)
  await call('EVAL', "redis.call('set', KEYS[1], 'lua'); redis.call('expire', KEYS[1], 100); return redis.call('spop', KEYS[2])", 2, k('lua'), k('st'));
  await call('EVAL', "redis.call('incrbyfloat', KEYS[1], '2.5'); return redis.call('time')[1]", 1, k('luaf'));
  await call('FUNCTION', 'LOAD', 'REPLACE', LIB);
  await call('FCALL', 'rpush2', 1, k('fl'), 'x', 'y');
  await call('FCALL', 'spopper', 1, k('st'));
  // HLL, geo, bitmaps
  await call('PFADD', k('hll'), 'a', 'b', 'c');
  await call('PFADD', k('hll2'), ...Array.from({ length: 200 }, (_, i) => `e${i}`));
  await call('PFMERGE', k('hll3'), k('hll'), k('hll2'));
  await call('PFCOUNT', k('hll'), k('hll2'));
  await call('GEOADD', k('geo'), 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania', 2.35, 48.85, 'Paris');
  await call('GEOSEARCHSTORE', k('geo2'), k('geo'), 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'ASC', 'STOREDIST');
  await call('GEOSEARCHSTORE', k('geo3'), k('geo'), 'FROMMEMBER', 'Palermo', 'BYBOX', 400, 400, 'km', 'DESC', 'COUNT', 1);
  await call('SETBIT', k('bits'), 100, 1);
  await call('SETBIT', k('bits'), 3, 1);
  await call('BITFIELD', k('bf'), 'SET', 'u8', 0, 200, 'INCRBY', 'i5', 100, 1, 'OVERFLOW', 'SAT', 'INCRBY', 'u4', 4, 30);
  await call('BITOP', 'XOR', k('bo'), k('bits'), k('bf'));
  // SORT STORE
  await call('RPUSH', k('srt'), 3, 1, 2);
  await call('SORT', k('srt'), 'DESC', 'STORE', k('srt2'));
  // MULTI/EXEC with SELECT across dbs
  await c.multi().call('SET', k('tx'), 'v', 'PX', '800000').incrbyfloat(k('txf'), 1.25).select(2).call('SPOP', k('nosuch')).set(k('tx2'), 'db2').select(0).exec();
  await call('SELECT', 1);
  await call('SET', k('db1'), 'one', 'EX', 7000);
  await call('HSET', k('db1h'), 'f', 'v');
  await call('SELECT', 3);
  await call('SET', k('tmp3'), 'x');
  await call('FLUSHDB');
  await call('SET', k('db3'), 'three');
  await call('SELECT', 0);
  // RESTORE, COPY, RENAME, MOVE, SWAPDB
  const dump = await c.callBuffer('DUMP', k('h')) as Buffer;
  await call('RESTORE', k('hr'), 0, dump);
  await call('RESTORE', k('hr2'), 90000, dump, 'REPLACE');
  await call('RESTORE', k('hr3'), Date.now() + 80000, dump, 'ABSTTL');
  await call('COPY', k('z'), k('zc'));
  await call('COPY', k('l'), k('lc'), 'DB', 1);
  await call('RENAME', k('m1'), k('m1r'));
  await call('RENAMENX', k('m2'), k('m2r'));
  await call('MOVE', k('m2r'), 2);
  await call('SET', k('sw'), 'in0');
  await call('SWAPDB', 0, 1);
  await call('SET', k('after'), 'swap');
  await call('SWAPDB', 1, 0);
  // expire-on-access on the master: the GET deletes and propagates DEL
  await sleep(60);
  expect(await call('GET', k('gone'))).toBe(null);
  await call('UNLINK', k('s5'));
  await call('PERSIST', k('s7'));
  // more: pops over several keys, NOACK reads, expiries in the past, SET … GET, RESTORE options
  await call('RPUSH', k('mp'), 'a', 'b', 'c');
  await call('LMPOP', 2, k('nokey'), k('mp'), 'RIGHT', 'COUNT', 2);
  const blm = c2.call('BLMPOP', '5', 1, k('blm'), 'LEFT');
  await sleep(50);
  await call('RPUSH', k('blm'), 'x', 'y');
  expect(await blm).toEqual([k('blm'), ['x']]);
  const brl = c2.call('BRPOPLPUSH', k('brl'), k('brl2'), '5');
  await sleep(50);
  await call('LPUSH', k('brl'), 'v');
  expect(await brl).toBe('v');
  await call('SET', k('gs'), 'old', 'GET');
  await call('SET', k('gs'), 'new', 'GET', 'PXAT', Date.now() + 600000);
  await call('GETEX', k('gs'), 'PXAT', Date.now() + 700000);
  await call('SET', k('past'), 'v');
  await call('PEXPIREAT', k('past'), 1000); // in the past: DEL
  await call('SET', k('past2'), 'v');
  await call('EXPIRE', k('past2'), -5);
  await call('EXPIRE', k('s2'), 100, 'NX');
  await call('EXPIRE', k('s2'), 300, 'XX');
  await call('HRANDFIELD', k('h'), -3, 'WITHVALUES');
  await call('XADD', k('xn'), '1-1', 'a', '1');
  await call('XADD', k('xn'), '2-1', 'a', '2');
  await call('XGROUP', 'CREATE', k('xn'), 'gn', '0');
  await call('XREADGROUP', 'GROUP', 'gn', 'c1', 'NOACK', 'STREAMS', k('xn'), '>');
  await call('XGROUP', 'CREATE', k('xn'), 'gd', '0');
  await call('XGROUP', 'DESTROY', k('xn'), 'gd');
  await call('RESTORE', k('hr4'), 0, dump, 'IDLETIME', 100);
  await call('EVAL', "redis.call('zadd', KEYS[1], 1, 'a'); return redis.call('zpopmin', KEYS[1])", 1, k('luaz'));
  await call('EVAL', "local t = redis.call('time'); return redis.call('set', KEYS[1], t[1])", 1, k('luat'));
  await call('SETNX', k('snx'), '1');
  await call('GETSET', k('snx'), '2');
  await call('INCRBY', k('n'), 5);
  await call('DECRBY', k('n'), 2);
  await call('SMOVE', k('st'), k('st'), 'm2');
  await call('ZREMRANGEBYSCORE', k('z3'), '-inf', 2);
  await call('LREM', k('l2'), 0, 'b');
  await call('SDIFFSTORE', k('sd'), k('st'), k('st2'));
  await call('PUBLISH', k('ch'), 'hello'); // propagated: replicas' subscribers get it
}

/** A subscriber on the replica: PUBLISH on the master reaches it through the replication stream. */
async function subscriber(port: number): Promise<{ got: string[]; close(): void }> {
  const sub = cli(port);
  const got: string[] = [];
  sub.on('message', (_ch: string, msg: string) => got.push(msg));
  await sub.subscribe('post:ch');
  return { got, close: () => sub.disconnect() };
}

async function waitSynced(masterOffset: () => Promise<number>, replicaOffset: () => Promise<number>): Promise<void> {
  await waitFor(async () => (await replicaOffset()) === (await masterOffset()), 10000, 'replica offset = master offset');
}
const infoNum = async (r: Redis, field: string, section = 'replication'): Promise<number> => Number(new RegExp(`${field}:(\\d+)`).exec(await r.info(section))?.[1] ?? -1);

describe.skipIf(!haveRedis)('replication differential: every type, both directions', () => {
  const reals: RealRedis[] = [];
  afterAll(async () => { for (const r of reals) await r.stop(); });

  it('a real redis-server replica of our master (full sync, then stream) ends identical', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const mc = cli(mp), mc2 = cli(mp);
    let rc: Redis | null = null;
    try {
      await workload(mc, mc2, 'pre:');
      const real = await startRealRedis(['--enable-debug-command', 'yes', '--replicaof', '127.0.0.1', String(mp)]);
      reals.push(real);
      rc = cli(real.port);
      await waitFor(async () => (await rc!.info('replication')).includes('master_link_status:up'), 15000, 'real replica link');
      expectSameDataset(await dataset(rc), await dataset(mc));
      const sub = await subscriber(real.port);
      // ioredis's CLIENT SETINFO (Redis 7.2) fails on 7.0: errors counted from here on are the stream's.
      const errors0 = await infoNum(rc, 'total_error_replies', 'stats');
      await workload(mc, mc2, 'post:');
      await waitSynced(async () => m.replicationInfo().offset, () => infoNum(rc!, 'slave_repl_offset'));
      await waitFor(() => sub.got.length > 0, 5000, 'PUBLISH on the replica');
      expect(sub.got).toEqual(['hello']);
      sub.close();
      expectSameDataset(await dataset(rc), await dataset(mc));
      // Every command of our stream applied without an error on the real replica (afterErrorReply counts them).
      expect(await infoNum(rc, 'total_error_replies', 'stats')).toBe(errors0);
    } finally { rc?.disconnect(); mc.disconnect(); mc2.disconnect(); await m.close(); }
  }, 60000);

  it('our replica of our master (a replication group) ends identical too', async () => {
    const m = new RedisServer({ replicationSecret: 'group', allowRestrictedCommands: true }); // DEBUG DIGEST-VALUE
    const mp = (await m.listen()).port;
    const r = new RedisServer({ replicationSecret: 'group', allowRestrictedCommands: true });
    const rp = (await r.listen()).port;
    const mc = cli(mp), mc2 = cli(mp), rc = cli(rp);
    try {
      await workload(mc, mc2, 'pre:');
      r.replicaOf('127.0.0.1', mp);
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'link');
      expectSameDataset(await dataset(rc), await dataset(mc));
      const sub = await subscriber(rp);
      await workload(mc, mc2, 'post:');
      await waitSynced(async () => m.replicationInfo().offset, async () => r.replicationInfo().offset);
      await waitFor(() => sub.got.length > 0, 5000, 'PUBLISH on the replica');
      expect(sub.got).toEqual(['hello']);
      sub.close();
      expectSameDataset(await dataset(rc), await dataset(mc));
      expect(r.core.repl?.warnings ?? []).toEqual([]);
    } finally { rc.disconnect(); mc.disconnect(); mc2.disconnect(); await r.close(); await m.close(); }
  }, 60000);

  it('our replica of a real redis-server master (full sync, then stream) ends identical', async () => {
    const real = await startRealRedis(['--enable-debug-command', 'yes', '--repl-diskless-sync-delay', '0']);
    reals.push(real);
    const mc = cli(real.port), mc2 = cli(real.port);
    const r = new RedisServer({ allowRestrictedCommands: true });
    const rp = (await r.listen()).port;
    const rc = cli(rp);
    try {
      await workload(mc, mc2, 'pre:');
      await rc.call('REPLICAOF', '127.0.0.1', String(real.port));
      await waitFor(() => r.replicationInfo().linkUp, 20000, 'our link to the real master');
      expectSameDataset(await dataset(rc), await dataset(mc));
      const sub = await subscriber(rp);
      await workload(mc, mc2, 'post:');
      await waitSynced(() => infoNum(mc, 'master_repl_offset'), async () => r.replicationInfo().offset);
      await waitFor(() => sub.got.length > 0, 5000, 'PUBLISH on the replica');
      expect(sub.got).toEqual(['hello']);
      sub.close();
      expectSameDataset(await dataset(rc), await dataset(mc));
      expect(r.replicationInfo().unappliedCommands).toBe(0);
      expect(r.core.repl?.warnings ?? []).toEqual([]);
    } finally { rc.disconnect(); mc.disconnect(); mc2.disconnect(); await r.close(); }
  }, 60000);
});
