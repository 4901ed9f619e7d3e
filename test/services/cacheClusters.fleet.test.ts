import {
  CreateCacheClusterCommand,
  CreateCacheParameterGroupCommand,
  DeleteCacheClusterCommand,
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  ModifyCacheClusterCommand,
  ModifyCacheParameterGroupCommand,
  RebootCacheClusterCommand,
  paginateDescribeCacheClusters,
} from '@aws-sdk/client-elasticache';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTypeInfo } from '../../src/catalog/nodeTypes.js';
import type { Emulator } from '../../src/emulator.js';
import { setTransitionDelays } from '../../src/services/cacheClusters.js';
import { configGetCluster, freePort, isListening, rawExchange, startTestEmulator } from '../e2e/helpers.js';

const describeOne = async (client: ElastiCacheClient, id: string) =>
  (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }))).CacheClusters![0]!;

const info = (port: number) => rawExchange(port, 'INFO memory\r\n', (r) => /^\$(\d+)\r\n/.test(r) && r.length >= Number(/^\$(\d+)/.exec(r)![1]) + 7);

describe('in one emulator', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator());
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('honours a free requested Port for the first node and allocates the others', async () => {
    const wanted = await freePort();
    await client.send(
      new CreateCacheClusterCommand({ CacheClusterId: 'ported', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2, Port: wanted }),
    );
    const c = await describeOne(client, 'ported');
    expect(c.CacheNodes![0]!.Endpoint!.Port).toBe(wanted);
    expect(c.CacheNodes![1]!.Endpoint!.Port).not.toBe(wanted);
    // The same port asked for again is taken: the new node gets another one.
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'ported2', Engine: 'redis', CacheNodeType: 'cache.t3.micro', Port: wanted }));
    const other = await describeOne(client, 'ported2');
    expect(other.CacheNodes![0]!.Endpoint!.Port).not.toBe(wanted);
    expect(await isListening(other.CacheNodes![0]!.Endpoint!.Port!)).toBe(true);
    await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'ported' }));
    await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'ported2' }));
  });

  it('pages with Marker/MaxRecords inside ElastiCache bounds', async () => {
    for (let i = 0; i < 23; i++) {
      await client.send(new CreateCacheClusterCommand({ CacheClusterId: `page-${String(i).padStart(2, '0')}`, Engine: 'memcached', CacheNodeType: 'cache.t3.micro' }));
    }
    const first = await client.send(new DescribeCacheClustersCommand({ MaxRecords: 20 }));
    expect(first.CacheClusters).toHaveLength(20);
    expect(first.Marker).toBeDefined();
    const second = await client.send(new DescribeCacheClustersCommand({ MaxRecords: 20, Marker: first.Marker }));
    expect(second.CacheClusters).toHaveLength(3);
    expect(second.Marker).toBeUndefined();
    const ids: string[] = [];
    for await (const page of paginateDescribeCacheClusters({ client, pageSize: 20 }, {})) ids.push(...page.CacheClusters!.map((c) => c.CacheClusterId!));
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => `page-${String(i).padStart(2, '0')}`));
    const bad = await client.send(new DescribeCacheClustersCommand({ MaxRecords: 5 })).catch((e: Error) => e);
    expect(bad).toMatchObject({ name: 'InvalidParameterValueException', message: 'Invalid value for max records. Must be between 20 and 100' });
    const all = await client.send(new DescribeCacheClustersCommand({ ShowCacheClustersNotInReplicationGroups: true }));
    expect(all.CacheClusters).toHaveLength(23);
    expect(all.CacheClusters![0]!.CacheNodes).toBeUndefined();
    for (const id of ids) await client.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
  });

  it('shows intermediate statuses when transition delays are configured', async () => {
    setTransitionDelays(emulator.env, { creatingMs: 300, deletingMs: 300 });
    try {
      await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'slow', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
      expect((await describeOne(client, 'slow')).CacheClusterStatus).toBe('creating');
      await new Promise((r) => setTimeout(r, 500));
      expect((await describeOne(client, 'slow')).CacheClusterStatus).toBe('available');
      await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'slow' }));
      expect((await describeOne(client, 'slow')).CacheClusterStatus).toBe('deleting');
      await new Promise((r) => setTimeout(r, 500));
      const gone = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'slow' })).catch((e: Error) => e);
      expect(gone).toMatchObject({ name: 'CacheClusterNotFoundFault' });
    } finally {
      setTransitionDelays(emulator.env, { creatingMs: 0, deletingMs: 0 });
    }
  });

  it('applies a parameter group to live nodes; requires-reboot values wait for a reboot', async () => {
    await client.send(
      new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'my-redis7', CacheParameterGroupFamily: 'redis7', Description: 'test' }),
    );
    await client.send(
      new ModifyCacheParameterGroupCommand({
        CacheParameterGroupName: 'my-redis7',
        ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lfu' }],
      }),
    );
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'params', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
    const port = (await describeOne(client, 'params')).CacheNodes![0]!.Endpoint!.Port!;
    expect(await info(port)).toContain('maxmemory_policy:volatile-lru');
    expect(await info(port)).toContain(`maxmemory:${nodeTypeInfo('cache.t3.micro')!.memoryBytes}\r\n`);
    const modified = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'params', CacheParameterGroupName: 'my-redis7' }));
    expect(modified.CacheCluster?.CacheParameterGroup?.CacheParameterGroupName).toBe('my-redis7');
    expect(await info(port)).toContain('maxmemory_policy:allkeys-lfu');
    // A change to the group itself reaches the cluster using it.
    await client.send(
      new ModifyCacheParameterGroupCommand({
        CacheParameterGroupName: 'my-redis7',
        ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' }],
      }),
    );
    expect(await info(port)).toContain('maxmemory_policy:allkeys-lru');
    expect((await describeOne(client, 'params')).CacheParameterGroup?.ParameterApplyStatus).toBe('in-sync');

    await client.send(
      new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'my-mc', CacheParameterGroupFamily: 'memcached1.6', Description: 'test' }),
    );
    await client.send(
      new CreateCacheClusterCommand({ CacheClusterId: 'params-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2, CacheParameterGroupName: 'my-mc' }),
    );
    await client.send(
      new ModifyCacheParameterGroupCommand({
        CacheParameterGroupName: 'my-mc',
        ParameterNameValues: [{ ParameterName: 'error_on_memory_exhausted', ParameterValue: '1' }],
      }),
    );
    const pending = await describeOne(client, 'params-mc');
    expect(pending.CacheParameterGroup).toMatchObject({ ParameterApplyStatus: 'pending-reboot', CacheNodeIdsToReboot: ['0001', '0002'] });
    expect(pending.CacheNodes!.map((n) => n.ParameterGroupStatus)).toEqual(['pending-reboot', 'pending-reboot']);
    await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'params-mc', CacheNodeIdsToReboot: ['0001'] }));
    const half = await describeOne(client, 'params-mc');
    expect(half.CacheParameterGroup).toMatchObject({ ParameterApplyStatus: 'pending-reboot', CacheNodeIdsToReboot: ['0002'] });
    await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'params-mc', CacheNodeIdsToReboot: ['0002'] }));
    const synced = await describeOne(client, 'params-mc');
    expect(synced.CacheParameterGroup).toMatchObject({ ParameterApplyStatus: 'in-sync', CacheNodeIdsToReboot: [] });
  });

  it('scales a Redis node type (maxmemory follows) and rotates the AUTH token', async () => {
    await client.send(
      new CreateCacheClusterCommand({
        CacheClusterId: 'authy',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        TransitEncryptionEnabled: true,
        AuthToken: 'first-token-0123456789',
      }),
    );
    const c = await describeOne(client, 'authy');
    expect(c.AuthTokenEnabled).toBe(true);
    const port = c.CacheNodes![0]!.Endpoint!.Port!;
    expect(await rawExchange(port, 'PING\r\n', (r) => r.endsWith('\r\n'))).toMatch(/^-NOAUTH/);
    expect(await rawExchange(port, 'AUTH first-token-0123456789\r\n', (r) => r.endsWith('\r\n'))).toBe('+OK\r\n');
    await client.send(
      new ModifyCacheClusterCommand({ CacheClusterId: 'authy', AuthToken: 'second-token-0123456789', AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true }),
    );
    expect(await rawExchange(port, 'AUTH second-token-0123456789\r\n', (r) => r.endsWith('\r\n'))).toBe('+OK\r\n');

    const scaled = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'authy', CacheNodeType: 'cache.m5.large', ApplyImmediately: true }));
    expect(scaled.CacheCluster?.CacheClusterStatus).toBe('modifying');
    expect(scaled.CacheCluster?.PendingModifiedValues?.CacheNodeType).toBe('cache.m5.large');
    const after = await describeOne(client, 'authy');
    expect(after.CacheNodeType).toBe('cache.m5.large');
    expect(after.CacheClusterStatus).toBe('available');
    expect(await rawExchange(port, 'AUTH second-token-0123456789\r\nINFO memory\r\n', (r) => r.includes('maxmemory_policy'))).toContain(
      `maxmemory:${nodeTypeInfo('cache.m5.large')!.memoryBytes}\r\n`,
    );
  });
});

describe('across an emulator restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'elasticache-local-cc-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives back the same clusters on the same ports, answering', async () => {
    const first = await startTestEmulator({ dataDir });
    let redisPort: number;
    let mcPorts: number[];
    let cfgPort: number;
    try {
      await first.client.send(new CreateCacheClusterCommand({ CacheClusterId: 'keep-redis', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
      await first.client.send(
        new CreateCacheClusterCommand({ CacheClusterId: 'keep-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2 }),
      );
      await first.client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'keep-mc', NumCacheNodes: 3, ApplyImmediately: true }));
      redisPort = (await describeOne(first.client, 'keep-redis')).CacheNodes![0]!.Endpoint!.Port!;
      const mc = await describeOne(first.client, 'keep-mc');
      mcPorts = mc.CacheNodes!.map((n) => n.Endpoint!.Port!);
      cfgPort = mc.ConfigurationEndpoint!.Port!;
    } finally {
      first.client.destroy();
      await first.emulator.stop();
    }
    expect(await isListening(redisPort)).toBe(false);

    const second = await startTestEmulator({ dataDir });
    try {
      const redis = await describeOne(second.client, 'keep-redis');
      expect(redis.CacheClusterStatus).toBe('available');
      expect(redis.CacheNodes![0]!.Endpoint!.Port).toBe(redisPort);
      expect(await rawExchange(redisPort, 'PING\r\n', (r) => r.endsWith('\r\n'))).toBe('+PONG\r\n');
      const mc = await describeOne(second.client, 'keep-mc');
      expect(mc.CacheNodes!.map((n) => n.Endpoint!.Port)).toEqual(mcPorts);
      expect(mc.ConfigurationEndpoint!.Port).toBe(cfgPort);
      const discovery = await configGetCluster(cfgPort);
      expect(discovery.version).toBe(2);
      expect(discovery.nodes).toEqual(mcPorts.map((p) => `127.0.0.1|127.0.0.1|${p}`));
    } finally {
      second.client.destroy();
      await second.emulator.stop();
    }
  });

  it('finishes transitions that a stop interrupted: creating becomes available, deleting becomes gone', async () => {
    const first = await startTestEmulator({ dataDir });
    let port: number;
    try {
      await first.client.send(new CreateCacheClusterCommand({ CacheClusterId: 'gone-soon', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
      port = (await describeOne(first.client, 'gone-soon')).CacheNodes![0]!.Endpoint!.Port!;
      setTransitionDelays(first.emulator.env, { creatingMs: 60_000, deletingMs: 60_000 });
      await first.client.send(new CreateCacheClusterCommand({ CacheClusterId: 'half-made', Engine: 'memcached', CacheNodeType: 'cache.t3.micro' }));
      await first.client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'gone-soon' }));
      expect((await describeOne(first.client, 'half-made')).CacheClusterStatus).toBe('creating');
      expect((await describeOne(first.client, 'gone-soon')).CacheClusterStatus).toBe('deleting');
    } finally {
      first.client.destroy();
      await first.emulator.stop();
    }
    const second = await startTestEmulator({ dataDir });
    try {
      const made = await describeOne(second.client, 'half-made');
      expect(made.CacheClusterStatus).toBe('available');
      expect(await isListening(made.CacheNodes![0]!.Endpoint!.Port!)).toBe(true);
      const gone = await second.client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'gone-soon' })).catch((e: Error) => e);
      expect(gone).toMatchObject({ name: 'CacheClusterNotFoundFault' });
      expect(await isListening(port)).toBe(false);
    } finally {
      second.client.destroy();
      await second.emulator.stop();
    }
  });
});
