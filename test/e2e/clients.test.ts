import { CreateCacheClusterCommand, DescribeCacheClustersCommand, ElastiCacheClient, waitUntilCacheClusterAvailable } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import memjs from 'memjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { startTestEmulator } from './helpers.js';

let emulator: Emulator;
let client: ElastiCacheClient;

beforeAll(async () => {
  ({ emulator, client } = await startTestEmulator());
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

async function endpointsOf(id: string) {
  await waitUntilCacheClusterAvailable({ client, maxWaitTime: 10, minDelay: 5 }, { CacheClusterId: id });
  const c = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }))).CacheClusters![0]!;
  return { nodes: c.CacheNodes!.map((n) => n.Endpoint!), config: c.ConfigurationEndpoint };
}

describe('real clients on the endpoints the API returns', () => {
  it('ioredis: SET/GET/DEL/PING/INFO on a Redis cluster', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'e2e-redis', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
    const [endpoint] = (await endpointsOf('e2e-redis')).nodes;
    const redis = new Redis({ host: endpoint!.Address, port: endpoint!.Port, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.set('greeting', 'hello')).toBe('OK');
      expect(await redis.get('greeting')).toBe('hello');
      expect(await redis.del('greeting')).toBe(1);
      expect(await redis.get('greeting')).toBeNull();
      const info = await redis.info('server');
      expect(info).toContain(`tcp_port:${endpoint!.Port}`);
    } finally {
      redis.disconnect();
    }
  });

  it('ioredis: a Valkey cluster answers too', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'e2e-valkey', Engine: 'valkey', CacheNodeType: 'cache.t3.micro' }));
    const [endpoint] = (await endpointsOf('e2e-valkey')).nodes;
    const redis = new Redis({ host: endpoint!.Address, port: endpoint!.Port, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await redis.connect();
      expect(await redis.set('k', 'v')).toBe('OK');
      expect(await redis.get('k')).toBe('v');
    } finally {
      redis.disconnect();
    }
  });

  it('memjs: set/get/delete through every node and through the configuration endpoint', async () => {
    await client.send(
      new CreateCacheClusterCommand({ CacheClusterId: 'e2e-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2 }),
    );
    const { nodes, config } = await endpointsOf('e2e-mc');
    const servers = [...nodes, config!].map((e) => `${e.Address}:${e.Port}`);
    for (const server of servers) {
      const mc = memjs.Client.create(server, { retries: 0, timeout: 2, conntimeout: 2 });
      try {
        expect(await mc.set('color', 'blue', { expires: 0 })).toBe(true);
        expect((await mc.get('color')).value?.toString()).toBe('blue');
        expect(await mc.delete('color')).toBe(true);
        expect((await mc.get('color')).value).toBeNull();
      } finally {
        mc.close();
      }
    }
  });
});
