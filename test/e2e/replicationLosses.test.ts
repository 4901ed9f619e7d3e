/**
 * Many rounds of failures under a writing client, counting acknowledged
 * writes that are lost: a write counts once `WAIT 1` on the same connection
 * said a replica has it (ioredis and node-redis, each with its own retry).
 * The goal is zero. Rounds are bounded (ROUNDS per scenario).
 */
import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand, TestFailoverCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { startTestEmulator } from './helpers.js';

// LOSS_ROUNDS=N runs more rounds (bounded by the per-test timeout).
const ROUNDS = Math.min(40, Number(process.env.LOSS_ROUNDS) || 6);
const scope = { account: '000000000000', region: 'us-east-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Writer {
  stop(): Promise<number[]>;
}

/** ioredis: SET then WAIT 1 200 on one connection; reconnects through the endpoint on its own. */
function ioredisWriter(port: number, prefix: string): Writer {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 20, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  const acked: number[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      try {
        await redis.set(`${prefix}${i}`, String(i));
        if (((await redis.call('WAIT', '1', '200')) as number) >= 1) acked.push(i);
      } catch {
        await sleep(10);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      redis.disconnect();
      return acked;
    },
  };
}

/** node-redis: the same through its own reconnect strategy. */
function nodeRedisWriter(port: number, prefix: string): Writer {
  const client = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 1000, reconnectStrategy: () => 20 }, disableOfflineQueue: false });
  client.on('error', () => undefined);
  const acked: number[] = [];
  let running = true;
  const done = (async () => {
    await client.connect().catch(() => undefined);
    for (let i = 0; running; i++) {
      try {
        await client.set(`${prefix}${i}`, String(i));
        if (Number(await client.sendCommand(['WAIT', '1', '200'])) >= 1) acked.push(i);
      } catch {
        await sleep(10);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      await client.disconnect().catch(() => undefined);
      return acked;
    },
  };
}

async function countLost(port: number, prefix: string, acked: number[]): Promise<number> {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 3, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    let lost = 0;
    for (let i = 0; i < acked.length; i += 500) {
      const batch = acked.slice(i, i + 500);
      const values = await redis.mget(batch.map((n) => `${prefix}${n}`));
      lost += values.filter((v, n) => v !== String(batch[n])).length;
    }
    return lost;
  } finally {
    redis.disconnect();
  }
}

describe('acknowledged writes through repeated failovers', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator({ nodeRecoveryMs: 300 }));
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  const describeGroup = async (id: string) => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!;
  const settled = async (id: string) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const g = await describeGroup(id);
      const replicasUp = g.NodeGroups![0]!.NodeGroupMembers!.every((m) => m.CurrentRole === 'primary' || emulator.env.fleet.replicationOf(scope, m.CacheClusterId!)?.linkUp);
      if (g.Status === 'available' && replicasUp) return g;
      if (Date.now() > deadline) throw new Error(`group ${id} did not settle: ${g.Status}`);
      await sleep(50);
    }
  };
  const create = async (id: string) => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: id, ReplicationGroupDescription: 'losses', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 3, AutomaticFailoverEnabled: true,
      }),
    );
    return (await settled(id)).NodeGroups![0]!.PrimaryEndpoint!.Port!;
  };

  /** Runs `fail` ROUNDS times under both writers; returns [acknowledged, lost, failovers]. */
  async function rounds(id: string, fail: (primary: string) => Promise<void>): Promise<{ acked: number; lost: number; primaries: string[] }> {
    const port = await create(id);
    const writers = [ioredisWriter(port, `${id}:io:`), nodeRedisWriter(port, `${id}:nr:`)];
    const primaries: string[] = [];
    await sleep(200);
    for (let round = 0; round < ROUNDS; round++) {
      const primary = (await describeGroup(id)).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId!;
      await fail(primary);
      await sleep(150);
      primaries.push((await settled(id)).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!.CacheClusterId!);
      await sleep(100);
    }
    const [io, nr] = await Promise.all(writers.map((w) => w.stop()));
    const lost = (await countLost(port, `${id}:io:`, io!)) + (await countLost(port, `${id}:nr:`, nr!));
    return { acked: io!.length + nr!.length, lost, primaries };
  }

  it(`TestFailover ${ROUNDS} times: no acknowledged write is lost`, async () => {
    const r = await rounds('tfloss', async () => {
      await client.send(new TestFailoverCommand({ ReplicationGroupId: 'tfloss', NodeGroupId: '0001' }));
    });
    console.info(`TestFailover x${ROUNDS}: ${r.acked} acknowledged writes, ${r.lost} lost; primaries ${r.primaries.join(' ')}`);
    expect(new Set(r.primaries).size).toBeGreaterThan(1);
    expect(r.acked).toBeGreaterThan(ROUNDS * 20);
    expect(r.lost).toBe(0);
  }, 120_000);

  it(`switching the primary by hand (PrimaryClusterId) ${ROUNDS} times: no acknowledged write is lost`, async () => {
    const r = await rounds('manualloss', async (primary) => {
      const members = ['manualloss-001', 'manualloss-002', 'manualloss-003'];
      const next = members[(members.indexOf(primary) + 1) % members.length]!;
      await client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'manualloss', PrimaryClusterId: next, ApplyImmediately: true }));
    });
    console.info(`PrimaryClusterId x${ROUNDS}: ${r.acked} acknowledged writes, ${r.lost} lost; primaries ${r.primaries.join(' ')}`);
    expect(r.primaries.slice(0, 3)).toEqual(['manualloss-002', 'manualloss-003', 'manualloss-001']);
    expect(r.acked).toBeGreaterThan(ROUNDS * 20);
    expect(r.lost).toBe(0);
  }, 120_000);

  it(`killing the primary ${ROUNDS} times: no acknowledged write is lost`, async () => {
    const r = await rounds('killloss', async (primary) => {
      emulator.env.fleet.killNode(scope, primary, '0001');
    });
    console.info(`kill-node x${ROUNDS}: ${r.acked} acknowledged writes, ${r.lost} lost; primaries ${r.primaries.join(' ')}`);
    expect(new Set(r.primaries).size).toBeGreaterThan(1);
    expect(r.acked).toBeGreaterThan(ROUNDS * 20);
    expect(r.lost).toBe(0);
  }, 120_000);
});
