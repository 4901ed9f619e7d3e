/**
 * Random ACL rule sets (fixed seed) against redis-server 7.0: the SETUSER
 * reply, the GETUSER rendering (token-sorted: Redis orders single commands by
 * hash table) and DRYRUN decisions for a spread of commands must all agree.
 */
import { describe, it, expect } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, haveRedis, startRealRedis } from './diff.js';

const POOL = ['+@all', '-@all', '+@read', '-@read', '+@write', '-@write', '+@string', '-@string', '+@hash', '-@hash', '+@admin', '-@admin',
  '+@dangerous', '-@dangerous', '+@fast', '-@fast', '+@slow', '-@slow', '+@keyspace', '-@keyspace', '+@connection', '-@connection', '+get', '-get',
  '+set', '-set', '+config', '-config', '+config|get', '-config|get', '+client|list', '-client', '+select|0', '+debug|object', '-debug', '+@pubsub',
  '-@scripting', '+@transaction', '-@geo', '+@stream', '-@list', '+@sortedset', '-@bitmap', '+@blocking', '-@hyperloglog', '+object|encoding',
  '-object', '+memory|usage', '+@set', '~k*', '%R~r*', '%W~w*', 'allkeys', 'resetkeys', '&c*', 'allchannels', 'resetchannels', '(+get ~x*)', '(+@write %W~k*)'];
const PROBES = [['GET', 'k1'], ['GET', 'r1'], ['SET', 'w1', 'v'], ['SET', 'k1', 'v', 'GET'], ['CONFIG', 'GET', 'x'], ['CLIENT', 'LIST'], ['SELECT', '0'], ['SELECT', '1'],
  ['DEBUG', 'OBJECT', 'k'], ['OBJECT', 'ENCODING', 'x1'], ['MEMORY', 'USAGE', 'k'], ['PUBLISH', 'c1', 'm'], ['SUBSCRIBE', 'd'], ['LPUSH', 'w2', 'a'], ['COPY', 'r1', 'w1'], ['EVAL', 's', '1', 'k2']];

(haveRedis ? describe : describe.skip)('acl diff: random rule sets', () => {
  it('300 random users render and decide like Redis', async () => {
    const real = await startRealRedis();
    const ours = new RedisServer({ port: 0 });
    const { port } = await ours.listen();
    const a = await RawConn.open(real.port), b = await RawConn.open(port);
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const norm = (r: string) => r.split('\r\n').map((l) => l.split(' ').sort().join(' ')).join('|');
    try {
      for (let i = 0; i < 300; i++) {
        const ops: string[] = [];
        for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) ops.push(POOL[Math.floor(rnd() * POOL.length)]);
        const cmd = ['ACL', 'SETUSER', 'f' + i, 'reset', ...ops];
        const what = cmd.join(' ');
        expect(await b.command(cmd), what).toBe(await a.command(cmd));
        expect(norm(await b.command(['ACL', 'GETUSER', 'f' + i])), what).toBe(norm(await a.command(['ACL', 'GETUSER', 'f' + i])));
        for (const p of PROBES) {
          const d = ['ACL', 'DRYRUN', 'f' + i, ...p];
          expect(await b.command(d), `${what} / ${p.join(' ')}`).toBe(await a.command(d));
        }
      }
    } finally { a.close(); b.close(); await ours.close(); await real.stop(); }
  }, 120_000);
});
