/**
 * min-replicas-to-write / min-replicas-max-lag: NOREPLICAS for writes, EXEC
 * with a queued write, scripts with the write flag, redis.call writes (the
 * replies compared byte for byte with redis-server 7.0), and the live count of
 * good replicas (INFO min_slaves_good_slaves) as replicas attach, stop
 * ACKing, and leave.
 */
import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../engines/redis/index.js';
import { diffSuite, type DiffCase } from './diff.js';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function waitFor(fn: () => boolean | Promise<boolean>, ms = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return; await sleep(25); }
  throw new Error('timeout waiting for ' + what);
}
const cli = (port: number): Redis => {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 5000, retryStrategy: () => null });
  r.on('error', () => { /* closed by the test */ });
  return r;
};

const reset = [['CONFIG', 'SET', 'min-replicas-to-write', '0'], ['CONFIG', 'SET', 'min-replicas-max-lag', '10']];
const cases: DiffCase[] = [
  { name: 'writes refused, reads and no-writes scripts allowed', resp: 'both', steps: [
    ['SET', 'x', 'some value'], ['CONFIG', 'SET', 'min-replicas-to-write', '1'], ['GET', 'x'], ['SET', 'x', '1'], ['DEL', 'x'], ['INCR', 'n'],
    ['EVAL', "#!lua flags=no-writes\nreturn redis.call('get','x')", '1', 'x'], ['EVAL', "return redis.call('get','x')", '1', 'x'],
    ['EVAL', "#!lua\nreturn redis.call('get','x')", '1', 'x'], ['EVAL', "return redis.call('set','x',1)", '1', 'x'],
    ['EVAL', "return redis.pcall('set','x',1)", '1', 'x'], ['EVAL', "local ok = redis.pcall('set','x',1); return redis.call('get', 'x')", '1', 'x'],
    ['PUBLISH', 'ch', 'm'], ['PING'], ['GET', 'x'], ...reset] },
  { name: 'MULTI: a queued write is refused, EXEC aborts; a state change after queueing aborts EXEC', steps: [
    ['SET', 'xx', '1'], ['CONFIG', 'SET', 'min-replicas-to-write', '1'], ['MULTI'], ['INCR', 'xx'], ['GET', 'xx'], ['EXEC'], ['GET', 'xx'],
    ['MULTI'], ['GET', 'xx'], ['EXEC'], ...reset, ['MULTI'], ['INCR', 'xx'], ['CONFIG', 'SET', 'min-replicas-to-write', '2'], ['EXEC'],
    ['GET', 'xx'], ...reset] },
  { name: 'min-replicas-max-lag 0 disables the check', steps: [
    ['CONFIG', 'SET', 'min-replicas-to-write', '1'], ['CONFIG', 'SET', 'min-replicas-max-lag', '0'], ['SET', 'k', 'v'],
    { cmd: ['CONFIG', 'GET', 'min-replicas-*'], unordered: true }, ...reset] },
  { name: 'functions: write flag refused, no-writes allowed', steps: [
    ['FUNCTION', 'LOAD', "#!lua name=mr\nredis.register_function('w', function(k) return redis.call('set', k[1], 'v') end)\n" +
      "redis.register_function{function_name='r', callback=function(k) return redis.call('get', k[1]) end, flags={'no-writes'}}"],
    ['CONFIG', 'SET', 'min-replicas-to-write', '1'], ['FCALL', 'w', '1', 'k'], ['FCALL', 'r', '1', 'k'], ['FCALL_RO', 'r', '1', 'k'],
    ...reset, ['FUNCTION', 'FLUSH']] },
];
diffSuite('min-replicas-to-write', cases);

const info = async (r: Redis) => await r.info('replication');

describe('min-replicas with live replicas', () => {
  it('counts good replicas: attach, leave, and stop ACKing (lag)', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const r = new RedisServer({ allowRestrictedCommands: true });
    await r.listen();
    const mc = cli(mp);
    let raw: net.Socket | null = null;
    try {
      expect(await info(mc)).not.toContain('min_slaves_good_slaves');
      await mc.config('SET', 'min-replicas-to-write', '1');
      await expect(mc.set('a', '1')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
      r.replicaOf('127.0.0.1', mp);
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'link');
      await waitFor(async () => (await info(mc)).includes('connected_slaves:1\r\nmin_slaves_good_slaves:1\r\nslave0:'), 5000, 'good replica');
      // A replica needs no good replicas of its own (Redis: masterhost set): the stream applies.
      const rc = cli(r.port);
      try { await rc.config('SET', 'min-replicas-to-write', '3'); } finally { rc.disconnect(); }
      expect(await mc.set('a', '1')).toBe('OK');
      await waitFor(() => r.core.ks.dbs[0].peek('a')?.value === '1', 5000, 'applied on the replica');
      await mc.config('SET', 'min-replicas-to-write', '2');
      await expect(mc.set('a', '2')).rejects.toThrow('NOREPLICAS');
      await mc.config('SET', 'min-replicas-to-write', '1');
      // The replica leaves: refused at once.
      r.promote();
      await waitFor(async () => (await info(mc)).includes('min_slaves_good_slaves:0'), 5000, 'replica gone');
      await expect(mc.set('a', '3')).rejects.toThrow('NOREPLICAS');
      // A replica that never ACKs is good until its last ACK is older than min-replicas-max-lag.
      await mc.config('SET', 'min-replicas-max-lag', '1');
      raw = net.connect({ port: mp, host: '127.0.0.1' });
      raw.on('error', () => { /* closed below */ });
      raw.on('data', () => { /* RDB and stream: ignored, never ACKed */ });
      await new Promise<void>((res) => raw!.once('connect', () => res()));
      raw.write('REPLCONF listening-port 1\r\nPSYNC ? -1\r\n');
      await waitFor(async () => (await info(mc)).includes('min_slaves_good_slaves:1'), 5000, 'raw replica good');
      expect(await mc.set('a', '4')).toBe('OK');
      await waitFor(async () => (await info(mc)).includes('min_slaves_good_slaves:0'), 5000, 'raw replica lagging');
      await expect(mc.set('a', '5')).rejects.toThrow('NOREPLICAS');
      expect(await mc.get('a')).toBe('4');
    } finally { raw?.destroy(); mc.disconnect(); await r.close(); await m.close(); }
  });
});
