/**
 * Keyspace notifications vs redis-server 7.0: a subscriber on `__key*__:*`
 * records every message while a long script of writes runs; the message
 * sequences (channel + payload, in order) must be identical.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveRedis, startRealRedis, RawConn, encode, type RealRedis } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';

type Cmd = string[] | { sleep: number };

const nums = (n: number, p = 'e') => Array.from({ length: n }, (_, i) => `${p}${i}`);

const SCRIPT: Cmd[] = [
  // strings
  ['SET', 's', 'v'], ['SET', 's', 'w', 'NX'], ['SET', 's', 'x', 'XX', 'GET'], ['SET', 'nx', '1', 'XX'], ['SETNX', 's', 'y'], ['SETNX', 's2', 'y'],
  ['SETEX', 'se', '100', 'v'], ['PSETEX', 'pse', '100000', 'v'], ['SET', 'kt', 'v', 'EX', '100'], ['SET', 'kt', 'v2', 'KEEPTTL'], ['SET', 'kt', 'v3', 'PX', '0'],
  ['GETSET', 's', 'z'], ['GETDEL', 's2'], ['GETDEL', 'missing'], ['GETEX', 's', 'EX', '100'], ['GETEX', 's', 'PERSIST'], ['GETEX', 's', 'PX', '-5'], ['GETEX', 's'],
  ['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'a', '1', 'c', '3'], ['MSETNX', 'c', '3', 'd', '4'], ['APPEND', 'a', 'x'], ['APPEND', 'new1', 'x'],
  ['SETRANGE', 'a', '5', 'yy'], ['SETRANGE', 'a', '0', ''], ['SETRANGE', 'sr0', '0', ''], ['INCR', 'n'], ['DECR', 'n'], ['INCRBY', 'n', '5'], ['DECRBY', 'n', '2'],
  ['INCRBYFLOAT', 'n', '1.5'], ['INCR', 'a'], ['STRLEN', 'a'], ['GET', 'nothere'], ['MGET', 'a', 'nothere'], ['SUBSTR', 'a', '0', '1'],
  ['SETBIT', 'bm', '7', '1'], ['SETBIT', 'bm', '7', '1'], ['BITFIELD', 'bf', 'SET', 'u8', '0', '255', 'GET', 'u8', '0'], ['BITFIELD', 'bf', 'GET', 'u8', '0'],
  ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '300'], ['BITOP', 'AND', 'bo', 'bm', 'bf'], ['BITOP', 'OR', 'bo', 'none1', 'none2'],
  ['BITCOUNT', 'nope'], ['LCS', 'a', 'b'],
  // generic keyspace
  ['DEL', 'a', 'missing'], ['UNLINK', 'b'], ['EXISTS', 'c', 'nope'], ['TYPE', 'nope'], ['RENAME', 'c', 'c2'], ['RENAME', 'c2', 'c2'], ['RENAMENX', 'c2', 'd'],
  ['RENAMENX', 'c2', 'c3'], ['SET', 'mv', '1'], ['MOVE', 'mv', '1'], ['COPY', 'c3', 'cp'], ['COPY', 'c3', 'cp'], ['COPY', 'c3', 'cp', 'REPLACE'], ['COPY', 'c3', 'cpdb', 'DB', '2'],
  ['EXPIRE', 'cp', '100'], ['PEXPIRE', 'cp', '100000'], ['EXPIREAT', 'cp', '99999999999'], ['EXPIRE', 'cp', '100', 'NX'], ['PERSIST', 'cp'], ['PERSIST', 'cp'],
  ['EXPIRE', 'cp', '0'], ['SET', 'pa', '1'], ['PEXPIREAT', 'pa', '1'], ['SET', 'ex1', 'v'], ['PEXPIRE', 'ex1', '1'], { sleep: 20 }, ['GET', 'ex1'],
  ['SET', 'ex2', 'v', 'PX', '1'], { sleep: 20 }, ['EXISTS', 'ex2'], ['SET', 'ex3', 'v', 'PX', '1'], { sleep: 20 }, ['SET', 'ex3', 'again'],
  ['DUMP', 'd'], ['TOUCH', 'd', 'nope'], ['OBJECT', 'ENCODING', 'nope'], ['RANDOMKEY'],
  // lists
  ['LPUSH', 'l', 'a', 'b'], ['RPUSH', 'l', 'c'], ['LPUSHX', 'l', 'z'], ['RPUSHX', 'nol', 'z'], ['LINSERT', 'l', 'BEFORE', 'c', 'x'], ['LINSERT', 'l', 'BEFORE', 'nope', 'x'],
  ['LSET', 'l', '0', 'q'], ['LREM', 'l', '0', 'x'], ['LREM', 'l', '0', 'nope'], ['LTRIM', 'l', '0', '2'], ['LPOP', 'l'], ['RPOP', 'l', '1'], ['LPOP', 'nol'],
  ['RPUSH', 'l2', '1', '2', '3'], ['LMOVE', 'l2', 'l3', 'LEFT', 'RIGHT'], ['RPOPLPUSH', 'l2', 'l2'], ['LMPOP', '2', 'nol', 'l2', 'RIGHT', 'COUNT', '5'],
  ['BLPOP', 'l3', '1'], ['BRPOPLPUSH', 'nol', 'x', '0.01'], ['LTRIM', 'l', '5', '10'], ['LRANGE', 'nol', '0', '-1'], ['LINDEX', 'nol', '0'], ['LLEN', 'nol'],
  ['RPUSH', 'l4', 'a', 'b', 'a'], ['LPOS', 'l4', 'a'], ['LPOS', 'nol', 'a'],
  // hashes
  ['HSET', 'h', 'f', '1', 'g', '2'], ['HSETNX', 'h', 'f', '3'], ['HSETNX', 'h', 'n', '3'], ['HMSET', 'h', 'x', 'y'], ['HDEL', 'h', 'x', 'nope'], ['HDEL', 'h', 'nope'],
  ['HINCRBY', 'h', 'f', '2'], ['HINCRBYFLOAT', 'h', 'f', '0.5'], ['HGET', 'nh', 'f'], ['HGETALL', 'nh'], ['HDEL', 'h', 'f', 'g', 'n'], ['HRANDFIELD', 'nh'], ['HLEN', 'nh'],
  ['HEXISTS', 'nh', 'f'], ['HSTRLEN', 'nh', 'f'], ['HMGET', 'nh', 'a'], ['HKEYS', 'nh'], ['HVALS', 'nh'],
  // sets
  ['SADD', 'st', 'a', 'b', 'c', 'd'], ['SADD', 'st', 'a'], ['SREM', 'st', 'a', 'zz'], ['SREM', 'st', 'zz'], ['SMOVE', 'st', 'st2', 'b'], ['SMOVE', 'st', 'st2', 'zz'],
  ['SMOVE', 'st2', 'st2', 'b'], ['SINTERSTORE', 'si', 'st', 'st2'], ['SUNIONSTORE', 'su', 'st', 'st2'], ['SDIFFSTORE', 'sd', 'st', 'st2'], ['SINTERSTORE', 'su', 'nos', 'st'],
  ['SADD', 'sp', 'x'], ['SPOP', 'sp'], ['SADD', 'sp', 'x', 'y'], ['SPOP', 'sp', '5'], ['SPOP', 'nos'], ['SISMEMBER', 'nos', 'a'], ['SMEMBERS', 'nos'], ['SCARD', 'nos'],
  ['SRANDMEMBER', 'nos'], ['SINTER', 'nos', 'st'], ['SMISMEMBER', 'nos', 'a'], ['SINTERCARD', '1', 'nos'],
  // sorted sets
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZADD', 'z', 'NX', '5', 'a'], ['ZADD', 'z', 'XX', 'CH', '5', 'a'], ['ZINCRBY', 'z', '1', 'b'],
  ['ZADD', 'z', 'INCR', '1', 'b'], ['ZREM', 'z', 'a', 'zz'], ['ZREM', 'z', 'zz'], ['ZREMRANGEBYSCORE', 'z', '100', '200'], ['ZREMRANGEBYSCORE', 'z', '3', '3'],
  ['ZADD', 'z', '7', 'e', '8', 'f'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZREMRANGEBYLEX', 'z', '[e', '[e'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', '5'], ['ZPOPMIN', 'noz'],
  ['ZADD', 'z1', '1', 'a', '2', 'b'], ['ZADD', 'z2', '2', 'b', '3', 'c'], ['ZUNIONSTORE', 'zu', '2', 'z1', 'z2'], ['ZINTERSTORE', 'zi', '2', 'z1', 'z2'],
  ['ZDIFFSTORE', 'zd', '2', 'z1', 'z2'], ['ZINTERSTORE', 'zu', '2', 'noz', 'z1'], ['ZRANGESTORE', 'zr', 'z1', '0', '-1'], ['ZRANGESTORE', 'zr', 'noz', '0', '-1'],
  ['ZMPOP', '1', 'z2', 'MIN', 'COUNT', '10'], ['BZPOPMIN', 'zr', '1'], ['BZMPOP', '0.01', '1', 'noz', 'MAX'], ['ZSCORE', 'noz', 'a'], ['ZRANK', 'noz', 'a'],
  ['ZRANGE', 'noz', '0', '-1'], ['ZCARD', 'noz'], ['ZCOUNT', 'noz', '0', '1'], ['ZRANDMEMBER', 'noz'], ['ZMSCORE', 'noz', 'a'],
  // SORT
  ['RPUSH', 'tosort', '3', '1', '2'], ['SORT', 'tosort', 'STORE', 'sorted'], ['SORT', 'nol', 'STORE', 'sorted'], ['SORT', 'nol', 'STORE', 'sorted'], ['SORT', 'nol'],
  ['SORT_RO', 'nol'],
  // HyperLogLog
  ['PFADD', 'hll', 'a', 'b'], ['PFADD', 'hll', 'a'], ['PFADD', 'hll2'], ['PFCOUNT', 'hll', 'hll2'], ['PFMERGE', 'hll3', 'hll', 'hll2'], ['PFMERGE', 'hll3'], ['PFCOUNT', 'nohll'],
  // geo
  ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'], ['GEOADD', 'g', 'NX', '1', '1', 'Palermo'],
  ['GEOSEARCHSTORE', 'gs', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'], ['GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'gr'],
  ['GEOSEARCHSTORE', 'gs', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'], ['GEOSEARCHSTORE', 'gs', 'nog', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
  ['GEOPOS', 'nog', 'a'], ['GEODIST', 'nog', 'a', 'b'], ['GEOHASH', 'nog', 'a'], ['GEOSEARCH', 'nog', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
  // DUMP / RESTORE, wrong types, MULTI
  ['SET', 'rs', 'v'], ['RESTORE', 'rs2', '0', '\x00\x01v\x0a\x00\x0c\xc4\x1f\x9a\x89\x8e\x7f\xd8'], ['RESTORE', 'rs2', '0', '\x00\x01v\x0a\x00\x0c\xc4\x1f\x9a\x89\x8e\x7f\xd8', 'REPLACE'],
  ['RESTORE', 'rs3', '100000', '\x00\x01v\x0a\x00\x0c\xc4\x1f\x9a\x89\x8e\x7f\xd8'],
  ['LPUSH', 'rs', 'x'], ['GET', 'l4'], ['MULTI'], ['SET', 'm1', '1'], ['INCR', 'm1'], ['DEL', 'm1'], ['EXEC'],
  // more edge cases: new keys via increments, overwrites, expired keys re-created by other types
  ['INCR', 'ni'], ['INCRBYFLOAT', 'nf', '1'], ['HINCRBY', 'nhh', 'f', '1'], ['HINCRBYFLOAT', 'nhf', 'f', '1'], ['ZINCRBY', 'nz', '1', 'm'],
  ['SET', 'x1', 'v', 'PX', '1'], ['HSET', 'x2', 'f', 'v'], ['PEXPIRE', 'x2', '1'], ['RPUSH', 'x3', 'a'], ['PEXPIRE', 'x3', '1'], ['SADD', 'x4', 'a'], ['PEXPIRE', 'x4', '1'],
  ['ZADD', 'x5', '1', 'a'], ['PEXPIRE', 'x5', '1'], ['SET', 'x6', '5', 'PX', '1'], ['SET', 'x7', 'ab', 'PX', '1'], ['SET', 'x8', 'v', 'PX', '1'], { sleep: 20 },
  ['APPEND', 'x1', 'z'], ['HSET', 'x2', 'f', 'v'], ['LPUSH', 'x3', 'b'], ['SADD', 'x4', 'b'], ['ZADD', 'x5', '2', 'b'], ['INCR', 'x6'], ['SETRANGE', 'x7', '1', 'q'],
  ['MSET', 'x8', '1', 'x9', '2'], ['RENAME', 'x9', 'x1'], ['SET', 'r1', 'v', 'EX', '100'], ['RENAME', 'r1', 'r2'], ['COPY', 'r2', 'x1', 'REPLACE'],
  ['ZADD', 'z9', 'GT', '1', 'a'], ['ZADD', 'z9', 'GT', '0', 'a'], ['ZADD', 'z9', 'LT', 'CH', '0', 'a'], ['SADD', 'sa', '1'], ['SADD', 'sb', '2'],
  ['SUNIONSTORE', 'sa', 'sa', 'sb'], ['SINTERSTORE', 'sa', 'sa', 'sb'], ['SDIFFSTORE', 'sb', 'sb', 'sb'], ['SMOVE', 'sb', 'sc', '2'], ['SORT', 'sa', 'STORE', 'sa'],
  ['RPUSH', 'ml', 'a', 'b'], ['LMOVE', 'ml', 'ml', 'LEFT', 'RIGHT'], ['LMOVE', 'ml', 'ml2', 'LEFT', 'LEFT'], ['LMOVE', 'ml', 'ml2', 'LEFT', 'LEFT'], ['LSET', 'ml2', '-1', 'q'],
  ['GETDEL', 'ml2'], ['SETEX', 'sx', '100', 'v'], ['SETEX', 'sx', '100', 'w'], ['SETNX', 'sx', 'q'], ['GETEX', 'sx', 'PERSIST'], ['GETEX', 'sx', 'EXAT', '1'],
  ['SET', 'g1', 'v'], ['GETEX', 'g1', 'PXAT', '99999999999999'], ['EXPIRE', 'g1', '100', 'GT'], ['EXPIRE', 'g1', '10', 'GT'], ['EXPIRETIME', 'g1'], ['TTL', 'nope'],
  ['PFADD', 'ph'], ['PFADD', 'ph'], ['PFMERGE', 'ph'], ['PFMERGE', 'ph2', 'ph'], ['SET', 'notstr', 'x'], ['HSET', 'notstr', 'a', 'b'], ['BITOP', 'NOT', 'bn', 'nope'],
  ['SWAPDB', '0', '1'], ['SWAPDB', '0', '1'], ['FLUSHDB'], ['SET', 'last', 'v'], ['FLUSHALL'],
  // eviction of the only key (sampling order is random with more keys)
  ['SELECT', '3'], ['SET', 'evictme', 'v'], ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], ['CONFIG', 'SET', 'maxmemory', '1'], ['SET', 'other', 'v'],
  ['CONFIG', 'SET', 'maxmemory', '0'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['SELECT', '0'],
];

async function collect(port: number, flags: string, script: Cmd[]): Promise<string[]> {
  const sub = await RawConn.open(port);
  const cli = await RawConn.open(port);
  try {
    await cli.command(['FLUSHALL']);
    await cli.command(['DEBUG', 'SET-ACTIVE-EXPIRE', '0']); // only lazy expiry: deterministic "expired" order
    await cli.command(['CONFIG', 'SET', 'notify-keyspace-events', flags]);
    sub.send(encode(['PSUBSCRIBE', '__key*__:*', '__end__']));
    await sub.read(); await sub.read();
    for (const c of script) {
      if (!Array.isArray(c)) { await new Promise((r) => setTimeout(r, c.sleep)); continue; }
      const r = await cli.command(c);
      if (r === '<timeout>') throw new Error(`no reply to ${c.join(' ')}`);
    }
    await cli.command(['CONFIG', 'SET', 'notify-keyspace-events', '']);
    await cli.command(['DEBUG', 'SET-ACTIVE-EXPIRE', '1']);
    await cli.command(['PUBLISH', '__end__', 'x']);
    const out: string[] = [];
    for (;;) {
      const m = await sub.read(3000);
      if (m === '<timeout>' || m === '<closed>') throw new Error('subscriber: ' + m);
      if (m.includes('__end__')) break;
      // *4 pmessage <pattern> <channel> <payload> → "channel payload"
      const parts = m.split('\r\n');
      out.push(`${parts[6]} ${parts[8]}`);
    }
    return out;
  } finally { sub.close(); cli.close(); }
}

describe.skipIf(!haveRedis)('keyspace notifications vs redis-server', () => {
  let real: RealRedis;
  let ours: RedisServer;
  beforeAll(async () => {
    real = await startRealRedis(['--enable-debug-command', 'yes']);
    ours = new RedisServer({ allowRestrictedCommands: true });
    await ours.listen();
  }, 20_000);
  afterAll(async () => { await ours?.close(); await real?.stop(); });

  for (const flags of ['KEA', 'KEAnm', 'Kg$', 'Elshzxe', 'Etdn', 'Km']) {
    it(`same message sequence with notify-keyspace-events ${flags}`, async () => {
      const a = await collect(real.port, flags, SCRIPT);
      const b = await collect(ours.port, flags, SCRIPT);
      if (flags === 'KEA') expect(a.length).toBeGreaterThan(200);
      expect(b).toEqual(a);
    }, 30_000);
  }

  it('clients served by blocking pops/moves', async () => {
    const run = async (port: number) => {
      const blocked = await RawConn.open(port);
      try {
        blocked.send(encode(['BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '5']));
        const bz = await RawConn.open(port);
        bz.send(encode(['BZPOPMIN', 'zz', '5']));
        const bl = await RawConn.open(port);
        bl.send(encode(['BLPOP', 'l1', 'l2', '5']));
        await new Promise((r) => setTimeout(r, 50));
        const script: Cmd[] = [['RPUSH', 'src', 'a'], ['ZADD', 'zz', '1', 'm', '2', 'n'], ['MULTI'], ['RPUSH', 'l2', 'x'], ['RPUSH', 'l1', 'y', 'z'], ['EXEC'], { sleep: 30 }];
        const out = await collect(port, 'KEA', script);
        await blocked.read(); await bz.read(); await bl.read();
        bz.close(); bl.close();
        return out;
      } finally { blocked.close(); }
    };
    const a = await run(real.port);
    expect(await run(ours.port)).toEqual(a);
    expect(a.length).toBeGreaterThan(8);
  }, 30_000);

  it('big collections too (encoding conversions do not notify)', async () => {
    const script: Cmd[] = [
      ['RPUSH', 'bl', ...nums(300)], ['HSET', 'bh', ...nums(600)], ['SADD', 'bs', ...nums(600)], ['ZADD', 'bz', ...nums(300).flatMap((m, i) => [String(i), m])],
      ['LTRIM', 'bl', '0', '0'], ['SPOP', 'bs', '600'], ['ZREMRANGEBYRANK', 'bz', '0', '-1'], ['DEL', 'bh'],
    ];
    expect(await collect(ours.port, 'KEA', script)).toEqual(await collect(real.port, 'KEA', script));
  }, 30_000);
});
