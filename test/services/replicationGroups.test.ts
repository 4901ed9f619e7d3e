import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DecreaseReplicaCountCommand,
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  IncreaseReplicaCountCommand,
  ListTagsForResourceCommand,
  ModifyReplicationGroupCommand,
  TestFailoverCommand,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { rawExchange, startTestEmulator } from '../e2e/helpers.js';

const bulk = (r: string) => /\r\n$/.test(r) && (r.startsWith('+') || r.startsWith('-') || r.startsWith(':') || (r.startsWith('*') && r.split('\r\n').length > 3) || (r.startsWith('$') && r.split('\r\n').length >= 3));
const role = async (port: number) => (await rawExchange(port, 'ROLE\r\n', (r) => /^\*\d+\r\n\$\d+\r\n\w+\r\n/.test(r))).split('\r\n')[2];

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('replication groups (cluster mode disabled) through the SDK', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  const describeGroup = async (id: string): Promise<ReplicationGroup> =>
    (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!;
  const fault = (p: Promise<unknown>) => p.then(() => undefined, (e: Error & { Code?: string }) => ({ name: e.name, message: e.message }));

  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator());
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('creates a group: members <id>-00N, primary and reader endpoints, roles wired', async () => {
    const created = await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'Orders',
        ReplicationGroupDescription: 'orders cache',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    expect(created.ReplicationGroup!.Status).toBe('creating');
    const group = await describeGroup('orders');
    expect(group).toMatchObject({
      ReplicationGroupId: 'orders',
      Description: 'orders cache',
      Status: 'available',
      MemberClusters: ['orders-001', 'orders-002', 'orders-003'],
      AutomaticFailover: 'enabled',
      MultiAZ: 'enabled',
      ClusterEnabled: false,
      CacheNodeType: 'cache.t3.micro',
    });
    expect(group.ARN).toMatch(/:replicationgroup:orders$/);
    const ng = group.NodeGroups![0]!;
    expect(ng.NodeGroupId).toBe('0001');
    expect(ng.NodeGroupMembers!.map((m) => [m.CacheClusterId, m.CacheNodeId, m.CurrentRole])).toEqual([
      ['orders-001', '0001', 'primary'],
      ['orders-002', '0001', 'replica'],
      ['orders-003', '0001', 'replica'],
    ]);
    expect(await role(ng.PrimaryEndpoint!.Port!)).toBe('master');
    expect(await until(() => role(ng.ReaderEndpoint!.Port!), (r) => r === 'slave')).toBe('slave');
    expect(await role(ng.NodeGroupMembers![1]!.ReadEndpoint!.Port!)).toBe('slave');
    const member = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'orders-002' }))).CacheClusters![0]!;
    expect(member.ReplicationGroupId).toBe('orders');
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: group.ARN }));
    expect(tags.TagList).toEqual([{ Key: 'team', Value: 'shop' }]);
  });

  it('answers AWS errors for invalid requests', async () => {
    const base = { ReplicationGroupId: 'bad', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro', Engine: 'redis' };
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, AutomaticFailoverEnabled: true, NumCacheClusters: 1 })))).toMatchObject({
      name: 'InvalidParameterCombinationException',
      message: 'When using automatic failover, there must be at least 2 cache clusters in the replication group.',
    });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, MultiAZEnabled: true, NumCacheClusters: 2 })))).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, NumCacheClusters: 7 })))).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, ReplicasPerNodeGroup: 6 })))).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, NumCacheClusters: 2, PreferredCacheClusterAZs: ['us-east-1a'] })))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: '1bad' })))).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupDescription: undefined })))).toBeDefined();
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, Engine: 'memcached' })))).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, NumNodeGroups: 2 })))).toBeDefined();
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'orders' })))).toMatchObject({
      name: 'ReplicationGroupAlreadyExistsFault',
    });
    expect(await fault(client.send(new CreateReplicationGroupCommand({ ...base, PrimaryClusterId: 'nope' })))).toMatchObject({ name: 'CacheClusterNotFoundFault' });
    expect(await fault(client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'nope' })))).toMatchObject({
      name: 'ReplicationGroupNotFoundFault',
    });
    expect(await fault(client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'bad' })))).toMatchObject({ name: 'ReplicationGroupNotFoundFault' });
  });

  it('adds and removes replicas (Increase/Decrease, CreateCacheCluster, DeleteCacheCluster)', async () => {
    expect(await fault(client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'orders', NewReplicaCount: 3 } as never)))).toMatchObject({
      name: 'MissingParameter',
    });
    expect(await fault(client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'orders', NewReplicaCount: 3, ApplyImmediately: false })))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    let group = (await client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'orders', NewReplicaCount: 3, ApplyImmediately: true }))).ReplicationGroup!;
    expect(group.MemberClusters).toEqual(['orders-001', 'orders-002', 'orders-003', 'orders-004']);
    expect(await fault(client.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'orders', NewReplicaCount: 6, ApplyImmediately: true })))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'orders-extra', ReplicationGroupId: 'orders' }));
    group = await describeGroup('orders');
    expect(group.MemberClusters).toContain('orders-extra');
    const extra = group.NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CacheClusterId === 'orders-extra')!;
    expect(await until(() => role(extra.ReadEndpoint!.Port!), (r) => r === 'slave')).toBe('slave');
    expect(await fault(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'orders-001' })))).toMatchObject({ name: 'InvalidCacheClusterStateFault' });
    await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'orders-extra' }));
    group = (await client.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'orders', NewReplicaCount: 2, ApplyImmediately: true }))).ReplicationGroup!;
    expect(group.MemberClusters).toEqual(['orders-001', 'orders-002', 'orders-003']);
    group = (await client.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'orders', ReplicasToRemove: ['orders-003'], ApplyImmediately: true })))
      .ReplicationGroup!;
    expect(group.MemberClusters).toEqual(['orders-001', 'orders-002']);
    expect(await fault(client.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'orders', NewReplicaCount: 0, ApplyImmediately: true })))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Must have at least 1 replica when cluster mode is disabled with auto failover enabled.',
    });
  });

  it('switches the primary by hand, turns failover off, refuses TestFailover then', async () => {
    // A member whose node is down cannot become the primary; nothing changes.
    const scope = { account: '000000000000', region: 'us-east-1' };
    emulator.env.fleet.killNode(scope, 'orders-002', '0001');
    expect(await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'orders', PrimaryClusterId: 'orders-002', ApplyImmediately: true })))).toEqual({
      name: 'InvalidCacheClusterStateFault',
      message: 'Cache cluster orders-002 is not in available state (current status: rebooting cache cluster nodes).',
    });
    await emulator.env.fleet.restartNode(scope, 'orders-002', '0001');
    await until(async () => emulator.env.fleet.replicationOf(scope, 'orders-002')?.linkUp, (up) => up === true);
    await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'orders', PrimaryClusterId: 'orders-002', ApplyImmediately: true }));
    let group = await describeGroup('orders');
    expect(group.NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId).toBe('orders-002');
    expect(await until(() => role(group.NodeGroups![0]!.PrimaryEndpoint!.Port!), (r) => r === 'master')).toBe('master');
    expect(await fault(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'orders', AutomaticFailoverEnabled: false })))).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
    await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'orders', AutomaticFailoverEnabled: false, MultiAZEnabled: false, ReplicationGroupDescription: 'new' }));
    group = await describeGroup('orders');
    expect(group).toMatchObject({ AutomaticFailover: 'disabled', MultiAZ: 'disabled', Description: 'new' });
    expect(await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'orders', NodeGroupId: '0001' })))).toMatchObject({
      name: 'TestFailoverNotAvailableFault',
    });
  });

  it('changes the node type keeping the data, and pages DescribeReplicationGroups', async () => {
    const ng = (await describeGroup('orders')).NodeGroups![0]!;
    await rawExchange(ng.PrimaryEndpoint!.Port!, '*3\r\n$3\r\nSET\r\n$4\r\nkeep\r\n$1\r\n1\r\n', (r) => r.endsWith('\r\n'));
    const modified = await client.send(
      new ModifyReplicationGroupCommand({ ReplicationGroupId: 'orders', CacheNodeType: 'cache.t3.small', ApplyImmediately: true, SnapshotRetentionLimit: 2 }),
    );
    expect(modified.ReplicationGroup).toMatchObject({ CacheNodeType: 'cache.t3.small', SnapshotRetentionLimit: 2 });
    expect(modified.ReplicationGroup!.SnapshottingClusterId).toBeDefined();
    const got = await rawExchange(ng.PrimaryEndpoint!.Port!, '*2\r\n$3\r\nGET\r\n$4\r\nkeep\r\n', (r) => r.split('\r\n').length >= 3);
    expect(got).toBe('$1\r\n1\r\n');
    const page = await client.send(new DescribeReplicationGroupsCommand({ MaxRecords: 20 }));
    expect(page.ReplicationGroups!.map((g) => g.ReplicationGroupId)).toContain('orders');
    expect(await fault(client.send(new DescribeReplicationGroupsCommand({ MaxRecords: 5 })))).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('TestFailover promotes a replica and records the events', async () => {
    await client.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: 'tf', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro', Engine: 'redis', NumCacheClusters: 2, AutomaticFailoverEnabled: true,
    }));
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'tf', NodeGroupId: '0001' }));
    // While the failover and the replacement of tf-001 run, the group is modifying and refuses another TestFailover.
    expect((await describeGroup('tf')).Status).toBe('modifying');
    expect(await fault(client.send(new TestFailoverCommand({ ReplicationGroupId: 'tf', NodeGroupId: '0001' })))).toEqual({
      name: 'InvalidReplicationGroupStateFault',
      message: 'Replication group tf is not in available state (current status: modifying).',
    });
    const group = await until(() => describeGroup('tf'), (g) => g.NodeGroups![0]!.NodeGroupMembers![1]!.CurrentRole === 'primary');
    expect(group.NodeGroups![0]!.NodeGroupMembers!.map((m) => m.CurrentRole)).toEqual(['replica', 'primary']);
    const settled = await until(() => describeGroup('tf'), (g) => g.Status === 'available');
    expect([settled.Status, settled.NodeGroups![0]!.Status]).toEqual(['available', 'available']);
    // ElastiCache's order (TestFailover API reference): replication group, then the failed cluster's recovery.
    const { Events } = await client.send(new DescribeEventsCommand({ Duration: 60 }));
    const told = Events!.filter((e) => e.SourceIdentifier?.startsWith('tf')).reverse().map((e) => `${e.SourceType} ${e.SourceIdentifier}: ${e.Message}`);
    expect(told.slice(told.indexOf('replication-group tf: Test Failover API called for node group 0001'))).toEqual([
      'replication-group tf: Test Failover API called for node group 0001',
      'replication-group tf: Failover to replica node tf-002 completed',
      'cache-cluster tf-001: Failover from master node tf-001 to replica node tf-002 completed',
      'replication-group tf: Failover from master node tf-001 to replica node tf-002 completed',
      'cache-cluster tf-001: Recovering cache nodes 0001',
      'cache-cluster tf-001: Finished recovery for cache nodes 0001',
    ]);
  });

  it('seeds a group from a standalone cluster (PrimaryClusterId) and replicates with an AUTH token', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'seed', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
    const seeded = await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'seeded', ReplicationGroupDescription: 'd', PrimaryClusterId: 'seed', NumCacheClusters: 2 }),
    );
    expect(seeded.ReplicationGroup!.MemberClusters).toEqual(['seed', 'seeded-002']);
    const ng = (await describeGroup('seeded')).NodeGroups![0]!;
    expect(ng.NodeGroupMembers!.map((m) => m.CurrentRole)).toEqual(['primary', 'replica']);
    expect(await until(() => role(ng.ReaderEndpoint!.Port!), (r) => r === 'slave')).toBe('slave');

    const token = 'a-very-secret-token-123';
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'authed', ReplicationGroupDescription: 'd', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2,
        TransitEncryptionEnabled: true, AuthToken: token,
      }),
    );
    const authed = (await describeGroup('authed')).NodeGroups![0]!;
    const cmd = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
    const reply = await until(
      () => rawExchange(authed.PrimaryEndpoint!.Port!, cmd('AUTH', token) + cmd('SET', 'k', 'v') + cmd('WAIT', '1', '1000'), (r) => r.split('\r\n').length >= 4),
      (r) => r.endsWith(':1\r\n'),
    );
    expect(reply).toBe('+OK\r\n+OK\r\n:1\r\n');
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'seeded' }));
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'authed' }));
  });

  it('deletes a group, keeping the primary when asked', async () => {
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'orders', RetainPrimaryCluster: true }));
    expect(await fault(client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'orders' })))).toMatchObject({
      name: 'ReplicationGroupNotFoundFault',
    });
    const left = (await client.send(new DescribeCacheClustersCommand({}))).CacheClusters!.map((c) => [c.CacheClusterId, c.ReplicationGroupId]);
    expect(left).toContainEqual(['orders-002', undefined]);
    expect(left.find(([id]) => id === 'orders-001')).toBeUndefined();
    await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'tf' }));
    expect((await client.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups).toEqual([]);
  });
});
