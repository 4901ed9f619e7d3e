/**
 * POST /_emulator/faults/partition and /heal: one replica's replication link
 * is cut (it keeps serving reads, INFO replication says the link is down, its
 * lag grows), then healed by a partial resync — or a full one when the
 * primary's backlog no longer holds what it missed. ElastiCache has no event
 * or status for a lagging replica (only the ReplicationLag metric), so the
 * group and its clusters stay available.
 */
import { CreateReplicationGroupCommand, DescribeCacheClustersCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator.js';
import { startTestEmulator } from './e2e/helpers.js';

async function admin(emulator: Emulator, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${emulator.endpoint}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

async function eventually<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const field = (info: string, name: string) => new RegExp(`\\r\\n${name}:([^\\r\\n]*)`).exec(info)?.[1];

describe('admin API: replica partitions', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  const redis: Redis[] = [];
  const connect = (port: number) => {
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 3000, retryStrategy: () => null });
    r.on('error', () => undefined);
    redis.push(r);
    return r;
  };
  const node = async (clusterId: string) => ((await admin(emulator, 'GET', '/nodes')).json.nodes as Record<string, any>[]).find((n) => n.clusterId === clusterId)!;

  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator({ allowRestrictedCommands: true }));
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'part', ReplicationGroupDescription: 'partition', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 3, AutomaticFailoverEnabled: true,
      }),
    );
  });
  afterAll(async () => {
    for (const r of redis) r.disconnect();
    client?.destroy();
    await emulator?.stop();
  });

  it('refuses what cannot be partitioned', async () => {
    expect(await admin(emulator, 'POST', '/faults/partition', { clusterId: 'part-001' })).toEqual({
      status: 400,
      json: { error: 'cluster part-001 is the primary of part; partition one of its replicas' },
    });
    expect(await admin(emulator, 'POST', '/faults/partition', { clusterId: 'nope' })).toEqual({ status: 404, json: { error: 'no running cluster nope' } });
    expect(await admin(emulator, 'POST', '/faults/partition', { clusterId: 'part-002', durationMs: -5 })).toEqual({
      status: 400,
      json: { error: 'durationMs must be a positive integer (milliseconds)' },
    });
    expect(await admin(emulator, 'POST', '/faults/heal', { clusterId: 'part-002' })).toEqual({ status: 400, json: { error: 'cluster part-002 is not partitioned' } });
  });

  it('cuts the link: reads still served, master_link_status down, lag grows; heal resyncs partially', async () => {
    const primaryPort = (await node('part-001')).port as number;
    const replicaPort = (await node('part-002')).port as number;
    const primary = connect(primaryPort);
    const replica = connect(replicaPort);
    await primary.set('before', '1');
    await eventually('replica has it', () => replica.get('before'), (v) => v === '1');

    const cut = await admin(emulator, 'POST', '/faults/partition', { clusterId: 'part-002' });
    expect(cut).toMatchObject({ status: 200, json: { partitioned: { clusterId: 'part-002', nodeId: '0001', port: replicaPort }, replicationGroupId: 'part', primary: 'part-001' } });
    await primary.set('during', '2');
    await eventually('link down', () => replica.info('replication'), (i) => field(i, 'master_link_status') === 'down');
    expect(await replica.get('before')).toBe('1');
    expect(await replica.get('during')).toBeNull();
    const listed = await eventually('lag shown', () => node('part-002'), (n) => n.replication?.lagBytes > 0);
    expect(listed).toMatchObject({ status: 'available', role: 'replica', replication: { linkStatus: 'down', partitioned: true, outOfSync: false } });
    // The other replica is untouched, and ElastiCache shows nothing for a lagging replica.
    expect((await node('part-003')).replication).toMatchObject({ linkStatus: 'up', partitioned: false, lagBytes: 0 });
    const metrics = await (await fetch(`${emulator.endpoint}/_emulator/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    expect(metrics).toMatch(/^elasticache_local_replica_link_up\{[^}]*cluster="part-002"[^}]*\} 0$/m);
    expect(metrics).toMatch(/^elasticache_local_replica_link_up\{[^}]*cluster="part-003"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^elasticache_local_replica_lag_bytes\{[^}]*cluster="part-002"[^}]*\} [1-9]\d*$/m);
    expect(metrics).not.toMatch(/^elasticache_local_replica_link_up\{[^}]*cluster="part-001"/m);
    const group = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'part' }))).ReplicationGroups![0]!;
    expect(group.Status).toBe('available');
    const member = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'part-002', ShowCacheNodeInfo: true }))).CacheClusters![0]!;
    expect([member.CacheClusterStatus, member.CacheNodes![0]!.CacheNodeStatus]).toEqual(['available', 'available']);

    const partialBefore = Number(field(await primary.info('stats'), 'sync_partial_ok'));
    expect(await admin(emulator, 'POST', '/faults/heal', { clusterId: 'part-002' })).toMatchObject({ status: 200, json: { healed: { clusterId: 'part-002' } } });
    await eventually('caught up', () => replica.get('during'), (v) => v === '2');
    expect(Number(field(await primary.info('stats'), 'sync_partial_ok'))).toBe(partialBefore + 1);
    expect((await node('part-002')).replication).toMatchObject({ linkStatus: 'up', partitioned: false });
    const { Events } = await client.send(new DescribeEventsCommand({ Duration: 60 }));
    const told = Events!.filter((e) => e.SourceIdentifier?.startsWith('part')).map((e) => e.Message!);
    expect(told.length).toBeGreaterThan(0);
    expect(told.filter((m) => /partition|Recover|Failover/i.test(m))).toEqual([]);
  });

  it('heals by itself after durationMs, with a full resync when the backlog was exceeded', async () => {
    const primary = connect((await node('part-001')).port as number);
    const replica = connect((await node('part-003')).port as number);
    await primary.call('CONFIG', 'SET', 'repl-backlog-size', '16384');
    const fullBefore = Number(field(await primary.info('stats'), 'sync_full'));
    const cut = await admin(emulator, 'POST', '/faults/partition', { clusterId: 'part-003', durationMs: 600 });
    expect(cut.json.healsAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    await eventually('link down', () => replica.info('replication'), (i) => field(i, 'master_link_status') === 'down');
    for (let i = 0; i < 40; i++) await primary.set(`big${i}`, 'b'.repeat(1024));
    await eventually('healed and caught up', () => replica.get('big39'), (v) => v === 'b'.repeat(1024), 5000);
    expect(Number(field(await primary.info('stats'), 'sync_full'))).toBe(fullBefore + 1);
    expect((await node('part-003')).replication).toMatchObject({ linkStatus: 'up', partitioned: false, lagBytes: 0 });
  });

  it('a failover skips a partitioned replica (its offset is behind) and the partition moves with it', async () => {
    const primary = connect((await node('part-001')).port as number);
    await primary.set('fresh', 'x');
    await admin(emulator, 'POST', '/faults/partition', { clusterId: 'part-002' });
    await primary.set('fresher', 'y');
    await eventually('part-003 caught up', () => node('part-003'), (n) => n.replication?.lagBytes === 0);
    await admin(emulator, 'POST', '/faults/kill-node', { clusterId: 'part-001' });
    const group = await eventually(
      'failover',
      async () => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'part' }))).ReplicationGroups![0]!,
      (g) => g.NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId !== 'part-001',
    );
    expect(group.NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId).toBe('part-003');
    // part-002 follows the new primary but stays cut until healed.
    await eventually('part-002 repointed', () => node('part-002'), (n) => n.replication?.partitioned === true && n.replication.linkStatus === 'down');
    await admin(emulator, 'POST', '/faults/heal', { clusterId: 'part-002' });
    const replica = connect((await node('part-002')).port as number);
    await eventually('part-002 caught up from the new primary', () => replica.get('fresher'), (v) => v === 'y');
  });
});
