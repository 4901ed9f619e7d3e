import { CreateReplicationGroupCommand, DescribeEventsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { startTestEmulator } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GROUP = 'azout';
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/** One short-lived connection to a node or endpoint: runs `fn`, always disconnects. */
async function withRedis<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/**
 * Writes continuously through the primary endpoint; a write counts as acknowledged
 * once WAIT 1 says a replica has it. Records when each successful SET was issued.
 */
function writer(port: number) {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 20, enableOfflineQueue: true, connectTimeout: 1000 });
  redis.on('error', () => undefined); // reconnects during the failover are expected
  const acked: number[] = [];
  const issuedOk: number[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const issued = Date.now();
      try {
        await redis.set(`k${i}`, String(i));
        issuedOk.push(issued);
        const replicas = (await redis.call('WAIT', '1', '200')) as number;
        if (replicas >= 1) acked.push(i);
      } catch {
        await sleep(10);
      }
    }
  })();
  return {
    acked,
    issuedOk,
    async stop() {
      running = false;
      await done;
      redis.disconnect();
      return acked;
    },
  };
}

describe('replication group across three AZs: an AZ outage takes the primary', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(`${emulator.endpoint}/_emulator/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as any;
  };
  const describeGroup = async () => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: GROUP }))).ReplicationGroups![0]!;
  const members = async () => (await describeGroup()).NodeGroups![0]!.NodeGroupMembers!;
  const primaryOf = async () => (await members()).find((m) => m.CurrentRole === 'primary')?.CacheClusterId;
  const nodes = async () => ((await admin('nodes')).nodes as { clusterId: string; port: number; availabilityZone: string; status: string }[]).filter((n) => n.clusterId.startsWith(`${GROUP}-`));

  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator());
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  let primaryPort: number;
  let readerPort: number;
  let oldPrimary: string;
  let oldAz: string;
  let oldNodePort: number;
  let newPrimary: string;
  let w: ReturnType<typeof writer>;
  let downAt: number;

  it('creates the group with one member in each AZ and replication up', async () => {
    await client.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: GROUP, ReplicationGroupDescription: 'e2e az outage', Engine: 'redis', CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: 3, AutomaticFailoverEnabled: true, PreferredCacheClusterAZs: AZS,
      }),
    );
    const ng = (await describeGroup()).NodeGroups![0]!;
    primaryPort = ng.PrimaryEndpoint!.Port!;
    readerPort = ng.ReaderEndpoint!.Port!;
    const ns = await nodes();
    expect(ns.map((n) => n.availabilityZone).sort()).toEqual(AZS);
    oldPrimary = (await primaryOf())!;
    const old = ns.find((n) => n.clusterId === oldPrimary)!;
    oldAz = old.availabilityZone;
    oldNodePort = old.port;
    // Both replicas attached before the load starts.
    await until('both replicas online', () => withRedis(old.port, async (r) => (await r.info('replication')).includes('connected_slaves:2')), 10_000, 100);
    // The admin node list tells each member's role as its engine reports it.
    const roles = ((await admin('nodes')).nodes as { clusterId: string; role?: string }[])
      .filter((n) => n.clusterId.startsWith(`${GROUP}-`))
      .map((n) => [n.clusterId, n.role]);
    expect(Object.fromEntries(roles)[oldPrimary]).toBe('primary');
    expect(roles.filter(([, role]) => role === 'replica')).toHaveLength(2);
  });

  it('keeps writing through the primary endpoint after az-down of the primary AZ, on a replica in another AZ', async () => {
    w = writer(primaryPort);
    await until('acknowledged writes before the outage', async () => w.acked.length > 20, 10_000, 20);
    downAt = Date.now();
    const down = await admin('faults/az-down', { az: oldAz });
    expect(down.down.map((n: { clusterId: string }) => n.clusterId)).toEqual([oldPrimary]);
    await until('a successful write issued after az-down', async () => w.issuedOk.some((t) => t >= downAt), 5_000, 10);
    const firstAfter = w.issuedOk.find((t) => t >= downAt)!;
    expect(firstAfter - downAt).toBeLessThan(2_000);
    // Let a stretch of acknowledged writes land on the new primary too.
    const ackedAtDown = w.acked.length;
    await until('acknowledged writes after the failover', async () => w.acked.length > ackedAtDown + 20, 10_000, 20);
  });

  it('DescribeReplicationGroups shows the new primary, in another AZ', async () => {
    newPrimary = await until('a new primary in DescribeReplicationGroups', async () => {
      const p = await primaryOf();
      return p && p !== oldPrimary ? p : undefined;
    }, 5_000);
    const ms = await members();
    const azOf = (id: string) => ms.find((m) => m.CacheClusterId === id)!.PreferredAvailabilityZone;
    expect(azOf(newPrimary)).not.toBe(oldAz);
    expect(ms.filter((m) => m.CurrentRole === 'primary')).toHaveLength(1);
    expect(await withRedis(primaryPort, async (r) => ((await r.call('ROLE')) as unknown[])[0])).toBe('master');
  });

  it('DescribeEvents shows the failover', async () => {
    const events = (await client.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: GROUP, Duration: 60 }))).Events ?? [];
    const messages = events.map((e) => e.Message ?? '');
    expect(messages).toContain(`Failover from master node ${oldPrimary} to replica node ${newPrimary} completed`);
  });

  it('loses no WAIT-acknowledged write', async () => {
    const acked = await w.stop();
    expect(acked.length).toBeGreaterThan(40);
    const values = await until('reads from the new primary', () => withRedis(primaryPort, (r) => r.mget(acked.map((i) => `k${i}`))), 5_000);
    const lost = acked.filter((i, n) => values[n] !== String(i));
    expect(lost, `acknowledged writes lost: ${lost.slice(0, 20).join(', ')}`).toEqual([]);
  });

  it('az-up brings the old primary back as a replica of the new one', async () => {
    const up = await admin('faults/az-up', { az: oldAz });
    expect(up.up.map((n: { clusterId: string }) => n.clusterId)).toEqual([oldPrimary]);
    await until(
      'the old primary to replicate from the new one',
      () => withRedis(oldNodePort, async (r) => {
        const role = (await r.call('ROLE')) as unknown[];
        return role[0] === 'slave' && role[3] === 'connected';
      }),
      10_000,
      100,
    );
    expect(await primaryOf()).toBe(newPrimary);
    expect((await members()).find((m) => m.CacheClusterId === oldPrimary)!.CurrentRole).toBe('replica');
    // It has the data written before and after the outage, and the reader endpoint reaches replicas.
    const primaryKeys = await withRedis(primaryPort, (r) => r.dbsize());
    await until('the old primary to catch up', () => withRedis(oldNodePort, async (r) => (await r.dbsize()) === primaryKeys), 10_000, 100);
    expect(await withRedis(readerPort, async (r) => ((await r.call('ROLE')) as unknown[])[0])).toBe('slave');
    expect((await nodes()).every((n) => n.status === 'available')).toBe(true);
  });
});
