/**
 * Restart persistence: a mixed state (parameter group, subnet group, tags,
 * clusters of both engines) survives stop() and startEmulator on the same
 * data directory — described identically, nodes answering on the same ports.
 */
import {
  AddTagsToResourceCommand,
  CreateCacheClusterCommand,
  CreateCacheParameterGroupCommand,
  CreateCacheSubnetGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheParametersCommand,
  DescribeCacheParameterGroupsCommand,
  DescribeCacheSubnetGroupsCommand,
  ListTagsForResourceCommand,
  ModifyCacheParameterGroupCommand,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { configGetCluster, rawExchange, startTestEmulator } from './helpers.js';

/** Everything a client can read back about the state. */
async function snapshot(client: ElastiCacheClient) {
  const clusters = (await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters!;
  const tags: Record<string, unknown> = {};
  for (const c of clusters) tags[c.CacheClusterId!] = (await client.send(new ListTagsForResourceCommand({ ResourceName: c.ARN! }))).TagList;
  const parameterGroup = (await client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'pg-keep' }))).CacheParameterGroups;
  const userParameters = (await client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: 'pg-keep', Source: 'user' }))).Parameters;
  const subnetGroup = (await client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'sg-keep' }))).CacheSubnetGroups;
  return { clusters, tags, parameterGroup, userParameters, subnetGroup };
}

const redisPing = (port: number) => rawExchange(port, 'GET kept\r\n', (r) => r.endsWith('\r\n'));

describe('restart on the same data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
  const running: { emulator: Emulator; client: ElastiCacheClient }[] = [];
  const start = async () => {
    const started = await startTestEmulator({ dataDir });
    running.push(started);
    return started;
  };
  afterAll(async () => {
    for (const { emulator, client } of running) {
      client.destroy();
      await emulator.stop();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('describes everything identically and answers on the same ports', async () => {
    const first = await start();
    const c = first.client;
    await c.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'pg-keep', CacheParameterGroupFamily: 'redis7', Description: 'kept' }));
    await c.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'pg-keep', ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' }] }));
    // The simulated default VPC's subnets (the 'default' group holds them all).
    const defaults = (await c.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'default' }))).CacheSubnetGroups![0]!;
    const subnetIds = defaults.Subnets!.slice(0, 2).map((s) => s.SubnetIdentifier!);
    await c.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sg-keep', CacheSubnetGroupDescription: 'kept', SubnetIds: subnetIds }));
    await c.send(
      new CreateCacheClusterCommand({
        CacheClusterId: 'keep-redis',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        CacheParameterGroupName: 'pg-keep',
        CacheSubnetGroupName: 'sg-keep',
        Tags: [{ Key: 'team', Value: 'cache' }],
      }),
    );
    await c.send(new CreateCacheClusterCommand({ CacheClusterId: 'keep-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2 }));
    const before = await snapshot(c);
    await c.send(new AddTagsToResourceCommand({ ResourceName: before.clusters.find((x) => x.CacheClusterId === 'keep-mc')!.ARN!, Tags: [{ Key: 'env', Value: 'test' }] }));
    const state = await snapshot(c);
    expect(state.tags['keep-mc']).toEqual([{ Key: 'env', Value: 'test' }]);
    await first.emulator.stop();

    const second = await start();
    const after = await snapshot(second.client);
    expect(after).toEqual(state);

    const redis = after.clusters.find((x) => x.CacheClusterId === 'keep-redis')!;
    expect(await redisPing(redis.CacheNodes![0]!.Endpoint!.Port!)).toBe('$-1\r\n');
    const mc = after.clusters.find((x) => x.CacheClusterId === 'keep-mc')!;
    const discovery = await configGetCluster(mc.ConfigurationEndpoint!.Port!);
    expect(discovery.nodes.map((n) => Number(n.split('|')[2]))).toEqual(mc.CacheNodes!.map((n) => n.Endpoint!.Port));
  }, 30_000);
});
