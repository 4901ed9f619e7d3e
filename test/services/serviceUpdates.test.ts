import type { ServiceUpdatesMessage, UpdateActionResultsMessage, UpdateActionsMessage } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/env.js';
import { handlers } from '../../src/services/serviceUpdates.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;

/** A standalone redis cluster, a memcached cluster and a two-node valkey replication group. */
function seed() {
  const clusters = ctx.env.store.collection('cache-cluster');
  clusters.put(ctx, 'redis-a', { CacheClusterId: 'redis-a', Engine: 'redis', EngineVersion: '7.1', NumCacheNodes: 1, CacheClusterCreateTime: new Date('2025-08-01T00:00:00Z') });
  clusters.put(ctx, 'old-redis', { CacheClusterId: 'old-redis', Engine: 'redis', EngineVersion: '5.0.6', NumCacheNodes: 1 });
  clusters.put(ctx, 'mc', { CacheClusterId: 'mc', Engine: 'memcached', EngineVersion: '1.6.22', NumCacheNodes: 3 });
  clusters.put(ctx, 'vk-001', { CacheClusterId: 'vk-001', Engine: 'valkey', EngineVersion: '8.0', NumCacheNodes: 1, ReplicationGroupId: 'vk', CacheNodes: [{ CacheNodeId: '0001' }] });
  clusters.put(ctx, 'vk-002', { CacheClusterId: 'vk-002', Engine: 'valkey', EngineVersion: '8.0', NumCacheNodes: 1, ReplicationGroupId: 'vk', CacheNodes: [{ CacheNodeId: '0001' }] });
  ctx.env.store.collection('replication-group').put(ctx, 'vk', {
    ReplicationGroupId: 'vk',
    Engine: 'valkey',
    MemberClusters: ['vk-001', 'vk-002'],
    NodeGroups: [{ NodeGroupId: '0001', NodeGroupMembers: [{ CacheClusterId: 'vk-001', CacheNodeId: '0001' }, { CacheClusterId: 'vk-002', CacheNodeId: '0001' }] }],
  });
}

beforeEach(() => {
  ctx = makeContext();
  seed();
});

const updates = (input: object) => call<ServiceUpdatesMessage>(handlers, 'DescribeServiceUpdates', input, ctx);
const actions = (input: object) => call<UpdateActionsMessage>(handlers, 'DescribeUpdateActions', input, ctx);
const apply = (input: object) => call<UpdateActionResultsMessage>(handlers, 'BatchApplyUpdateAction', input, ctx);
const stop = (input: object) => call<UpdateActionResultsMessage>(handlers, 'BatchStopUpdateAction', input, ctx);

describe('DescribeServiceUpdates', () => {
  it('lists the catalog newest first', async () => {
    const r = await updates({});
    const names = r.ServiceUpdates!.map((u) => u.ServiceUpdateName);
    expect(names).toEqual(['elc-20250612-002', 'elc-20250114-001', 'elc-20240305-001', 'elc-20190611-001']);
    expect(r.ServiceUpdates![0]).toMatchObject({ ServiceUpdateType: 'security-update', ServiceUpdateStatus: 'available', ServiceUpdateSeverity: 'critical' });
    expect(r.ServiceUpdates![0]!.ServiceUpdateReleaseDate).toBeInstanceOf(Date);
  });

  it('filters by name and status', async () => {
    expect((await updates({ ServiceUpdateStatus: ['expired'] })).ServiceUpdates!.map((u) => u.ServiceUpdateName)).toEqual(['elc-20190611-001']);
    expect((await updates({ ServiceUpdateName: 'elc-20240305-001' })).ServiceUpdates).toHaveLength(1);
    expect((await updates({ ServiceUpdateStatus: ['cancelled'] })).ServiceUpdates).toEqual([]);
  });

  it('faults on an unknown name and invalid status', async () => {
    await expectApiError(updates({ ServiceUpdateName: 'elc-nope' }), 'ServiceUpdateNotFoundFault');
    await expectApiError(updates({ ServiceUpdateStatus: ['pending'] }), 'InvalidParameterValueException');
    await expectApiError(updates({ MaxRecords: 1 }), 'InvalidParameterValueException');
  });
});

describe('DescribeUpdateActions', () => {
  it('derives actions for applicable clusters and replication groups', async () => {
    const r = await actions({ ServiceUpdateStatus: ['available'] });
    const keys = r.UpdateActions!.map((a) => `${a.ServiceUpdateName} ${a.ReplicationGroupId ?? a.CacheClusterId}`).sort();
    expect(keys).toEqual(
      [
        'elc-20250612-002 redis-a',
        'elc-20250612-002 vk',
        'elc-20250114-001 redis-a',
        'elc-20250114-001 old-redis',
        'elc-20250114-001 mc',
        'elc-20250114-001 vk',
        'elc-20240305-001 mc',
      ].sort(),
    );
    const a = r.UpdateActions!.find((x) => x.CacheClusterId === 'redis-a' && x.ServiceUpdateName === 'elc-20250114-001')!;
    expect(a).toMatchObject({ UpdateActionStatus: 'not-applied', NodesUpdated: '0/1', SlaMet: 'n/a', Engine: 'redis' });
    expect(a.UpdateActionAvailableDate).toEqual(new Date('2025-08-01T00:00:00Z')); // created after the release
    // member clusters are reported through their replication group only
    expect(r.UpdateActions!.some((x) => x.CacheClusterId === 'vk-001')).toBe(false);
  });

  it('filters by update, ids, engine, status and time range', async () => {
    const keys = async (input: object) => (await actions(input)).UpdateActions!.map((a) => a.ReplicationGroupId ?? a.CacheClusterId).sort();
    expect(await keys({ ServiceUpdateName: 'elc-20250612-002' })).toEqual(['redis-a', 'vk']);
    expect(await keys({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['mc'] })).toEqual(['mc']);
    expect(await keys({ ServiceUpdateName: 'elc-20250114-001', ReplicationGroupIds: ['vk'] })).toEqual(['vk']);
    expect(await keys({ ServiceUpdateName: 'elc-20250114-001', Engine: 'memcached' })).toEqual(['mc']);
    expect(await keys({ ServiceUpdateTimeRange: { StartTime: new Date('2025-06-01T00:00:00Z') } })).toEqual(['redis-a', 'vk']);
    expect(await keys({ UpdateActionStatus: ['complete'] })).toEqual([]);
    expect(await keys({ ServiceUpdateName: 'elc-unknown' })).toEqual([]);
    await expectApiError(actions({ UpdateActionStatus: ['done'] }), 'InvalidParameterValueException');
  });

  it('shows node-level status on request', async () => {
    const r = await actions({ ServiceUpdateName: 'elc-20250612-002', ShowNodeLevelUpdateStatus: true });
    const rg = r.UpdateActions!.find((a) => a.ReplicationGroupId === 'vk')!;
    expect(rg.NodeGroupUpdateStatus).toEqual([
      {
        NodeGroupId: '0001',
        NodeGroupMemberUpdateStatus: [
          { CacheClusterId: 'vk-001', CacheNodeId: '0001', NodeUpdateStatus: 'not-applied' },
          { CacheClusterId: 'vk-002', CacheNodeId: '0001', NodeUpdateStatus: 'not-applied' },
        ],
      },
    ]);
    const mc = (await actions({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['mc'], ShowNodeLevelUpdateStatus: true })).UpdateActions![0]!;
    expect(mc.CacheNodeUpdateStatus!.map((n) => n.CacheNodeId)).toEqual(['0001', '0002', '0003']);
    expect(mc.NodesUpdated).toBe('0/3');
  });
});

describe('BatchApplyUpdateAction / BatchStopUpdateAction', () => {
  it('applies at once and reports complete, node by node', async () => {
    const r = await apply({ ServiceUpdateName: 'elc-20250114-001', ReplicationGroupIds: ['vk'], CacheClusterIds: ['mc'] });
    expect(r.ProcessedUpdateActions).toEqual([
      { ReplicationGroupId: 'vk', ServiceUpdateName: 'elc-20250114-001', UpdateActionStatus: 'complete' },
      { CacheClusterId: 'mc', ServiceUpdateName: 'elc-20250114-001', UpdateActionStatus: 'complete' },
    ]);
    expect(r.UnprocessedUpdateActions).toEqual([]);
    const d = await actions({ ServiceUpdateName: 'elc-20250114-001', UpdateActionStatus: ['complete'], ShowNodeLevelUpdateStatus: true });
    expect(d.UpdateActions!.map((a) => a.ReplicationGroupId ?? a.CacheClusterId).sort()).toEqual(['mc', 'vk']);
    const mc = d.UpdateActions!.find((a) => a.CacheClusterId === 'mc')!;
    expect(mc.NodesUpdated).toBe('3/3');
    expect(mc.SlaMet).toBe('no'); // applied after the recommended date
    expect(mc.CacheNodeUpdateStatus![0]).toMatchObject({ NodeUpdateStatus: 'complete', NodeUpdateInitiatedBy: 'customer' });
  });

  it('reports unknown and inapplicable targets as unprocessed, processing the rest', async () => {
    const r = await apply({ ServiceUpdateName: 'elc-20250612-002', ReplicationGroupIds: ['nope'], CacheClusterIds: ['redis-a', 'ghost', 'mc', 'old-redis', 'vk-001'] });
    expect(r.ProcessedUpdateActions).toEqual([{ CacheClusterId: 'redis-a', ServiceUpdateName: 'elc-20250612-002', UpdateActionStatus: 'complete' }]);
    const errors = Object.fromEntries(r.UnprocessedUpdateActions!.map((u) => [u.ReplicationGroupId ?? u.CacheClusterId, u.ErrorType]));
    expect(errors).toEqual({
      nope: 'ReplicationGroupNotFoundFault',
      ghost: 'CacheClusterNotFoundFault',
      mc: 'InvalidParameterValue',
      'old-redis': 'InvalidParameterValue',
      'vk-001': 'InvalidParameterValue',
    });
    for (const u of r.UnprocessedUpdateActions!) expect(u.ErrorMessage).toBeTruthy();
  });

  it('refuses an expired update per target and an unknown update as a whole', async () => {
    const r = await apply({ ServiceUpdateName: 'elc-20190611-001', CacheClusterIds: ['redis-a'] });
    expect(r.ProcessedUpdateActions).toEqual([]);
    expect(r.UnprocessedUpdateActions![0]!.ErrorType).toBe('InvalidParameterValue');
    await expectApiError(apply({ ServiceUpdateName: 'elc-nope', CacheClusterIds: ['redis-a'] }), 'ServiceUpdateNotFoundFault');
  });

  it('validates the request', async () => {
    await expectApiError(apply({ CacheClusterIds: ['redis-a'] }), 'MissingParameter');
    await expectApiError(apply({ ServiceUpdateName: 'elc-20250114-001' }), 'InvalidParameterCombinationException');
    const many = Array.from({ length: 21 }, (_, i) => `c${i}`);
    await expectApiError(apply({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: many }), 'InvalidParameterValueException');
    await expectApiError(stop({ ServiceUpdateName: 'elc-20250114-001' }), 'InvalidParameterCombinationException');
  });

  it('stops a pending update, and cannot stop or re-apply a completed one', async () => {
    const s = await stop({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['old-redis'] });
    expect(s.ProcessedUpdateActions).toEqual([{ CacheClusterId: 'old-redis', ServiceUpdateName: 'elc-20250114-001', UpdateActionStatus: 'stopped' }]);
    expect((await actions({ ServiceUpdateName: 'elc-20250114-001', UpdateActionStatus: ['stopped'] })).UpdateActions!.map((a) => a.CacheClusterId)).toEqual(['old-redis']);
    // a stopped update can be applied again
    expect((await apply({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['old-redis'] })).ProcessedUpdateActions).toHaveLength(1);
    expect((await stop({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['old-redis'] })).UnprocessedUpdateActions).toHaveLength(1);
    expect((await apply({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['old-redis'] })).UnprocessedUpdateActions).toHaveLength(1);
  });

  it('keeps other accounts unaffected', async () => {
    await apply({ ServiceUpdateName: 'elc-20250114-001', CacheClusterIds: ['mc'] });
    const other = makeContext('333333333333', 'us-east-1', ctx.env.store, ctx.env.clock);
    expect((await call<UpdateActionsMessage>(handlers, 'DescribeUpdateActions', {}, other)).UpdateActions).toEqual([]);
  });
});
