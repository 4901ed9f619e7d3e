/**
 * Failover with configured (ElastiCache-like, here scaled down) timings:
 * the failure goes unnoticed for the detection time, the promotion takes the
 * promotion time, the failed node is back after the recovery time. Meanwhile
 * DescribeReplicationGroups says `modifying`, the failed member's cluster is
 * `rebooting cache cluster nodes`, and DescribeEvents tells each step.
 */
import { CreateReplicationGroupCommand, DescribeCacheClustersCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand, TestFailoverCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { startTestEmulator } from './helpers.js';

const DETECTION_MS = 400;
const PROMOTION_MS = 700;
const RECOVERY_MS = 2000;
const scope = { account: '000000000000', region: 'us-east-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('failover with configured timings', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator({ failoverDetectionMs: DETECTION_MS, failoverPromotionMs: PROMOTION_MS, nodeRecoveryMs: RECOVERY_MS }));
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  const group = async (id: string) => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!;
  const primaryOf = async (id: string) => (await group(id)).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId!;
  const clusterStatus = async (id: string) => (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }))).CacheClusters![0]!;
  const create = async (id: string) => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: id, ReplicationGroupDescription: 'timing', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2, AutomaticFailoverEnabled: true,
      }),
    );
    await sleep(200);
    return (await group(id)).NodeGroups![0]!.PrimaryEndpoint!.Port!;
  };
  /** The first moment a write through the endpoint succeeds (bounded). */
  const firstWrite = async (port: number, deadlineMs: number) => {
    const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, connectTimeout: 200, retryStrategy: () => 20, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      const end = Date.now() + deadlineMs;
      while (Date.now() < end) {
        if (await redis.set('probe', '1').then(() => true, () => false)) return Date.now();
        await sleep(20);
      }
      return undefined;
    } finally {
      redis.disconnect();
    }
  };

  it('a killed primary: unnoticed for the detection time, promoted after the promotion time, replaced after the recovery time', async () => {
    const port = await create('slowkill');
    const killedAt = Date.now();
    emulator.env.fleet.killNode(scope, 'slowkill-001', '0001');
    await sleep(DETECTION_MS / 2);
    // Not noticed yet: the group is still available, the dead member's cluster is being recovered.
    expect((await group('slowkill')).Status).toBe('available');
    expect((await clusterStatus('slowkill-001')).CacheClusterStatus).toBe('rebooting cache cluster nodes');
    // Noticed after the detection time (the health watch looks every 200 ms; allow a loaded machine more).
    const noticeBy = killedAt + DETECTION_MS + 1500;
    while ((await group('slowkill')).Status !== 'modifying' && Date.now() < noticeBy) await sleep(50);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(DETECTION_MS);
    expect((await group('slowkill')).Status).toBe('modifying');
    expect(await primaryOf('slowkill')).toBe('slowkill-001');
    const wrote = await firstWrite(port, 5000);
    expect(wrote).toBeDefined();
    expect(wrote! - killedAt).toBeGreaterThanOrEqual(DETECTION_MS + PROMOTION_MS);
    expect(await primaryOf('slowkill')).toBe('slowkill-002');
    // The failed node comes back (as a replica) after the recovery time; the group is available again.
    expect((await group('slowkill')).Status).toBe('modifying');
    await sleep(Math.max(0, killedAt + RECOVERY_MS + 400 - Date.now()));
    const settled = await group('slowkill');
    expect([settled.Status, settled.NodeGroups![0]!.NodeGroupMembers!.map((m) => m.CurrentRole)]).toEqual(['available', ['replica', 'primary']]);
    const { Events } = await client.send(new DescribeEventsCommand({ Duration: 60 }));
    const told = Events!.filter((e) => e.SourceIdentifier?.startsWith('slowkill')).reverse().map((e) => `${e.SourceIdentifier}: ${e.Message}`);
    expect(told.slice(told.indexOf('slowkill-001: Recovering cache nodes 0001'))).toEqual([
      'slowkill-001: Recovering cache nodes 0001',
      'slowkill: Failover to replica node slowkill-002 completed',
      'slowkill-001: Failover from master node slowkill-001 to replica node slowkill-002 completed',
      'slowkill: Failover from master node slowkill-001 to replica node slowkill-002 completed',
      'slowkill-001: Finished recovery for cache nodes 0001',
    ]);
  });

  it('TestFailover: modifying at once, writes resume after the promotion time', async () => {
    const port = await create('slowtf');
    const calledAt = Date.now();
    const answer = await client.send(new TestFailoverCommand({ ReplicationGroupId: 'slowtf', NodeGroupId: '0001' }));
    expect(answer.ReplicationGroup!.Status).toBe('modifying');
    expect((await group('slowtf')).Status).toBe('modifying');
    const wrote = await firstWrite(port, 5000);
    expect(wrote! - calledAt).toBeGreaterThanOrEqual(PROMOTION_MS);
    expect(await primaryOf('slowtf')).toBe('slowtf-002');
    await sleep(Math.max(0, calledAt + RECOVERY_MS + 400 - Date.now()));
    expect((await group('slowtf')).Status).toBe('available');
  });
});
