import {
  CreateCacheClusterCommand,
  DeleteCacheClusterCommand,
  DescribeCacheClustersCommand,
  DescribeEventsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ModifyCacheClusterCommand,
  RebootCacheClusterCommand,
  waitUntilCacheClusterAvailable,
  waitUntilCacheClusterDeleted,
} from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { configGetCluster, isListening, rawExchange, startTestEmulator } from '../e2e/helpers.js';

let emulator: Emulator;
let client: ElastiCacheClient;

beforeAll(async () => {
  ({ emulator, client } = await startTestEmulator());
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

const describeOne = async (id: string) =>
  (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }))).CacheClusters![0]!;

const redisPing = (port: number) => rawExchange(port, 'PING\r\n', (r) => r.endsWith('\r\n'));

describe.each([
  ['redis', '7.1', 'default.redis7'],
  ['valkey', '8.0', 'default.valkey8'],
] as const)('a %s cluster, create to delete', (engine, version, group) => {
  const id = `life-${engine}`;

  it('is created (creating in the response), then available on the waiter\'s first poll', async () => {
    const created = await client.send(
      new CreateCacheClusterCommand({
        CacheClusterId: id.toUpperCase(),
        Engine: engine,
        CacheNodeType: 'cache.t3.micro',
        Tags: [{ Key: 'team', Value: 'cache' }],
      }),
    );
    const c = created.CacheCluster!;
    expect(c.CacheClusterId).toBe(id);
    expect(c.CacheClusterStatus).toBe('creating');
    expect(c.Engine).toBe(engine);
    expect(c.EngineVersion).toBe(version);
    expect(c.NumCacheNodes).toBe(1);
    expect(c.CacheParameterGroup?.CacheParameterGroupName).toBe(group);
    expect(c.CacheSubnetGroupName).toBe('default');
    expect(c.ARN).toBe(`arn:aws:elasticache:us-east-1:000000000000:cluster:${id}`);
    expect(c.PreferredMaintenanceWindow).toMatch(/^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/);
    expect(c.CacheClusterCreateTime).toBeInstanceOf(Date);
    expect(c.CacheNodes).toBeUndefined();

    const started = Date.now();
    const waited = await waitUntilCacheClusterAvailable({ client, maxWaitTime: 10, minDelay: 5 }, { CacheClusterId: id });
    expect(waited.state).toBe('SUCCESS');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('describes its node with a real, answering endpoint', async () => {
    const c = await describeOne(id);
    expect(c.CacheClusterStatus).toBe('available');
    expect(c.CacheNodes).toHaveLength(1);
    const node = c.CacheNodes![0]!;
    expect(node.CacheNodeId).toBe('0001');
    expect(node.CacheNodeStatus).toBe('available');
    expect(node.ParameterGroupStatus).toBe('in-sync');
    expect(node.CustomerAvailabilityZone).toMatch(/^us-east-1[a-f]$/);
    expect(node.Endpoint?.Address).toBe('127.0.0.1');
    expect(await redisPing(node.Endpoint!.Port!)).toBe('+PONG\r\n');
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: c.ARN }));
    expect(tags.TagList).toEqual([{ Key: 'team', Value: 'cache' }]);
  });

  it('reboots: status in the response, the node restarts empty on its port, an event per node', async () => {
    const before = await describeOne(id);
    const port = before.CacheNodes![0]!.Endpoint!.Port!;
    await rawExchange(port, 'SET k v\r\n', (r) => r.endsWith('\r\n'));
    const rebooted = await client.send(new RebootCacheClusterCommand({ CacheClusterId: id, CacheNodeIdsToReboot: ['0001'] }));
    expect(rebooted.CacheCluster?.CacheClusterStatus).toBe('rebooting cache cluster nodes');
    const after = await describeOne(id);
    expect(after.CacheClusterStatus).toBe('available');
    expect(after.CacheNodes![0]!.Endpoint!.Port).toBe(port);
    expect(await rawExchange(port, 'GET k\r\n', (r) => r.endsWith('\r\n'))).toBe('$-1\r\n');
    const events = await client.send(new DescribeEventsCommand({ SourceIdentifier: id, SourceType: 'cache-cluster' }));
    const messages = (events.Events ?? []).map((e) => e.Message);
    expect(messages).toContain('Cache node 0001 restarted');
    expect(messages).toContain('Cache cluster created');
  });

  it('is deleted: deleting in the response, then gone, port closed, tags gone', async () => {
    const before = await describeOne(id);
    const port = before.CacheNodes![0]!.Endpoint!.Port!;
    const deleted = await client.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
    expect(deleted.CacheCluster?.CacheClusterStatus).toBe('deleting');
    const waited = await waitUntilCacheClusterDeleted({ client, maxWaitTime: 10, minDelay: 5 }, { CacheClusterId: id });
    expect(waited.state).toBe('SUCCESS');
    expect(await isListening(port)).toBe(false);
    const err = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id })).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'CacheClusterNotFoundFault', message: `CacheCluster not found: ${id}`, $metadata: { httpStatusCode: 404 } });
    const tagErr = await client.send(new ListTagsForResourceCommand({ ResourceName: before.ARN })).catch((e: Error) => e);
    expect(tagErr).toMatchObject({ name: 'CacheClusterNotFoundFault' });
  });
});

describe('a memcached cluster', () => {
  const id = 'life-mc';

  it('spreads cross-az nodes over the AZs and has a configuration endpoint for Auto Discovery', async () => {
    const created = await client.send(
      new CreateCacheClusterCommand({ CacheClusterId: id, Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 3, AZMode: 'cross-az' }),
    );
    expect(created.CacheCluster?.EngineVersion).toBe('1.6.22');
    expect(created.CacheCluster?.PreferredAvailabilityZone).toBe('Multiple');
    const c = await describeOne(id);
    expect(c.CacheNodes!.map((n) => n.CacheNodeId)).toEqual(['0001', '0002', '0003']);
    expect(new Set(c.CacheNodes!.map((n) => n.CustomerAvailabilityZone)).size).toBe(3);
    const ports = c.CacheNodes!.map((n) => n.Endpoint!.Port!);
    expect(new Set(ports).size).toBe(3);
    const cfg = c.ConfigurationEndpoint!;
    expect(cfg.Address).toBe('127.0.0.1');
    expect(ports).not.toContain(cfg.Port);
    const discovery = await configGetCluster(cfg.Port!);
    expect(discovery.version).toBe(1);
    expect(discovery.nodes).toEqual(ports.map((p) => `127.0.0.1|127.0.0.1|${p}`));
    // The configuration endpoint hands the socket to a node: data commands work through it.
    const stored = await rawExchange(cfg.Port!, 'set a 0 0 1\r\nx\r\n', (r) => r.endsWith('\r\n'));
    expect(stored).toBe('STORED\r\n');
  });

  it('scales out: new nodes listen and the Auto Discovery version goes up', async () => {
    const modified = await client.send(
      new ModifyCacheClusterCommand({ CacheClusterId: id, NumCacheNodes: 5, ApplyImmediately: true }),
    );
    expect(modified.CacheCluster?.CacheClusterStatus).toBe('modifying');
    expect(modified.CacheCluster?.PendingModifiedValues?.NumCacheNodes).toBe(5);
    const c = await describeOne(id);
    expect(c.CacheClusterStatus).toBe('available');
    expect(c.NumCacheNodes).toBe(5);
    expect(c.PendingModifiedValues ?? {}).toEqual({});
    expect(c.CacheNodes!.map((n) => n.CacheNodeId)).toEqual(['0001', '0002', '0003', '0004', '0005']);
    const discovery = await configGetCluster(c.ConfigurationEndpoint!.Port!);
    expect(discovery.version).toBe(2);
    expect(discovery.nodes).toHaveLength(5);
    for (const node of c.CacheNodes!) expect(await isListening(node.Endpoint!.Port!)).toBe(true);
  });

  it('scales in with the node ids to remove: they stop, the version goes up again', async () => {
    const before = await describeOne(id);
    const removedPorts = before.CacheNodes!.filter((n) => ['0002', '0004'].includes(n.CacheNodeId!)).map((n) => n.Endpoint!.Port!);
    await client.send(
      new ModifyCacheClusterCommand({ CacheClusterId: id, NumCacheNodes: 3, CacheNodeIdsToRemove: ['0002', '0004'], ApplyImmediately: true }),
    );
    const c = await describeOne(id);
    expect(c.NumCacheNodes).toBe(3);
    expect(c.CacheNodes!.map((n) => n.CacheNodeId)).toEqual(['0001', '0003', '0005']);
    const discovery = await configGetCluster(c.ConfigurationEndpoint!.Port!);
    expect(discovery.version).toBe(3);
    expect(discovery.nodes).toEqual(c.CacheNodes!.map((n) => `127.0.0.1|127.0.0.1|${n.Endpoint!.Port}`));
    for (const port of removedPorts) expect(await isListening(port)).toBe(false);
    const events = await client.send(new DescribeEventsCommand({ SourceIdentifier: id, SourceType: 'cache-cluster' }));
    const messages = (events.Events ?? []).map((e) => e.Message);
    expect(messages).toContain('Removed cache node 0002');
    expect(messages.some((m) => m?.startsWith('Added cache node 0004 in availability zone us-east-1'))).toBe(true);
  });

  it('defers a node change without ApplyImmediately until the maintenance window', async () => {
    const modified = await client.send(new ModifyCacheClusterCommand({ CacheClusterId: id, NumCacheNodes: 4 }));
    expect(modified.CacheCluster?.CacheClusterStatus).toBe('available');
    expect(modified.CacheCluster?.PendingModifiedValues?.NumCacheNodes).toBe(4);
    expect((await describeOne(id)).NumCacheNodes).toBe(3);
    emulator.env.clock.advance(8 * 24 * 3600 * 1000);
    const c = await describeOne(id);
    expect(c.NumCacheNodes).toBe(4);
    expect(c.PendingModifiedValues ?? {}).toEqual({});
    expect((await configGetCluster(c.ConfigurationEndpoint!.Port!)).version).toBe(4);
    emulator.env.clock.reset();
  });

  it('reboot flushes the nodes', async () => {
    const c = await describeOne(id);
    const port = c.CacheNodes![0]!.Endpoint!.Port!;
    expect(await rawExchange(port, 'set r 0 0 1\r\ny\r\n', (r) => r.endsWith('\r\n'))).toBe('STORED\r\n');
    await client.send(new RebootCacheClusterCommand({ CacheClusterId: id, CacheNodeIdsToReboot: ['0001'] }));
    expect(await rawExchange(port, 'get r\r\n', (r) => r.endsWith('END\r\n'))).toBe('END\r\n');
  });

  it('is deleted with its configuration endpoint', async () => {
    const c = await describeOne(id);
    await client.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
    expect(await isListening(c.ConfigurationEndpoint!.Port!)).toBe(false);
    for (const node of c.CacheNodes!) expect(await isListening(node.Endpoint!.Port!)).toBe(false);
  });
});
