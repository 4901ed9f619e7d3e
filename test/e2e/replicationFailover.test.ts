import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { failoverTimings } from '../../src/config.js';
import { startTestEmulator } from './helpers.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes continuously through the primary endpoint; a write counts as acknowledged
 * once WAIT 1 says a replica has it. Returns a stop() that yields what happened.
 */
function writer(port: number) {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy: () => 20, enableOfflineQueue: true, connectTimeout: 1000 });
  redis.on('error', () => undefined); // reconnects during the failover are expected
  const acked: number[] = [];
  const successAt: number[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      try {
        await redis.set(`k${i}`, String(i));
        successAt.push(Date.now());
        const replicas = (await redis.call('WAIT', '1', '200')) as number;
        if (replicas >= 1) acked.push(i);
      } catch {
        await sleep(10);
      }
    }
  })();
  return {
    successAt,
    async stop() {
      running = false;
      await done;
      redis.disconnect();
      return acked;
    },
  };
}

async function lostWrites(port: number, acked: number[]): Promise<number> {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 3, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    const values = acked.length ? await redis.mget(acked.map((i) => `k${i}`)) : [];
    return values.filter((v, n) => v !== String(acked[n])).length;
  } finally {
    redis.disconnect();
  }
}

describe('replication group failover with a writing client', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator());
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  const create = async (id: string) => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: id, ReplicationGroupDescription: 'e2e', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 3, AutomaticFailoverEnabled: true,
      }),
    );
    return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!.NodeGroups![0]!;
  };
  const primaryOf = async (id: string) =>
    (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!.NodeGroups![0]!.NodeGroupMembers!.find(
      (m) => m.CurrentRole === 'primary',
    )!.CacheClusterId;

  it('the reader endpoint reaches replicas', async () => {
    const ng = await create('reads');
    await sleep(300);
    const reader = new Redis({ port: ng.ReaderEndpoint!.Port!, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 1000 });
    const roles = (await reader.call('ROLE')) as unknown[];
    reader.disconnect();
    expect(roles[0]).toBe('slave');
  });

  it('loses no acknowledged write through TestFailover', async () => {
    const ng = await create('planned');
    await sleep(300);
    const w = writer(ng.PrimaryEndpoint!.Port!);
    await sleep(400);
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'planned', NodeGroupId: '0001' }));
    await sleep(800);
    const acked = await w.stop();
    expect(await primaryOf('planned')).not.toBe('planned-001');
    expect(acked.length).toBeGreaterThan(10);
    expect(await lostWrites(ng.PrimaryEndpoint!.Port!, acked)).toBe(0);
  });

  it('fails over when the primary is killed: first write within 1 s, no acknowledged write lost', async () => {
    const ng = await create('killed');
    await sleep(300);
    const w = writer(ng.PrimaryEndpoint!.Port!);
    await sleep(400);
    const killedAt = Date.now();
    emulator.env.fleet.killNode(scope, 'killed-001', '0001');
    await sleep(1200);
    const acked = await w.stop();
    const firstAfter = w.successAt.find((t) => t > killedAt + 5);
    expect(firstAfter).toBeDefined();
    expect(acked.filter((i) => i > 0).length).toBeGreaterThan(10);
    expect(firstAfter! - killedAt).toBeLessThan(1000);
    expect(await primaryOf('killed')).not.toBe('killed-001');
    expect(await lostWrites(ng.PrimaryEndpoint!.Port!, acked)).toBe(0);
  });

  it('without automatic failover the killed primary is replaced in place and replicas follow it again', async () => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'manual', ReplicationGroupDescription: 'e2e', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2,
      }),
    );
    const ng = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'manual' }))).ReplicationGroups![0]!.NodeGroups![0]!;
    emulator.env.fleet.killNode(scope, 'manual-001', '0001');
    await sleep(failoverTimings(emulator.env.config).recoveryMs + 500);
    expect(await primaryOf('manual')).toBe('manual-001');
    const primary = new Redis({ port: ng.PrimaryEndpoint!.Port!, host: '127.0.0.1', maxRetriesPerRequest: 3, connectTimeout: 1000 });
    primary.on('error', () => undefined);
    try {
      expect(((await primary.call('ROLE')) as unknown[])[0]).toBe('master');
      await primary.set('after', '1');
      expect(await primary.call('WAIT', '1', '2000')).toBe(1);
    } finally {
      primary.disconnect();
    }
  });
});
