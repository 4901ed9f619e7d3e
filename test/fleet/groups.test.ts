/**
 * The fleet's replication-group logic (src/fleet/groups.ts) driven directly:
 * a failed primary is not replaced before its group failed over, the group
 * is in progress from the failover until the failed node is back, partitions
 * survive a restart of the replica, and refusals are FleetErrors.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../../src/clock.js';
import { defaultConfig, type EmulatorConfig } from '../../src/config.js';
import { Fleet, FleetError, type ClusterSpec } from '../../src/fleet/fleet.js';
import { Store } from '../../src/store/db.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fleets: Fleet[] = [];
const clients: Redis[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const f of fleets.splice(0)) await f.stopAll();
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const spec = (clusterId: string): ClusterSpec => ({
  clusterId, engine: 'redis', engineVersion: '7.1', memoryBytes: 64 * 1024 * 1024, parameters: {}, nodeIds: ['0001'], configEndpoint: false, discoveryVersion: 1,
});

async function group(config: Partial<EmulatorConfig>, members = ['g-001', 'g-002', 'g-003']) {
  const fleet = new Fleet({ store: new Store(':memory:'), config: { ...defaultConfig, ...config }, clock: new Clock() });
  fleets.push(fleet);
  for (const id of members) await fleet.startCluster(scope, spec(id));
  const azs = Object.fromEntries(members.map((id, i) => [id, `us-east-1${'abc'[i]}`]));
  const ports = await fleet.startGroup(scope, { groupId: 'g', members, primary: members[0]!, automaticFailover: true, azs });
  await until('replicas linked', () => members.slice(1).every((id) => fleet.replicationOf(scope, id)?.linkUp));
  return { fleet, ports };
}

const connect = (port: number) => {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 1000, retryStrategy: () => null });
  r.on('error', () => undefined);
  clients.push(r);
  return r;
};

describe('replication groups in the fleet', () => {
  it('keeps a failed primary down until its group failed over, then brings it back as a replica', async () => {
    const { fleet } = await group({ failoverPromotionMs: 400, nodeRecoveryMs: 50 });
    fleet.killNode(scope, 'g-001', '0001');
    await until('the failover to start', () => fleet.groupInProgress(scope, 'g'));
    await sleep(200);
    // The recovery time has long passed, but the node would come back empty as the primary: it waits.
    expect(fleet.isNodeRunning(scope, 'g-001', '0001')).toBe(false);
    expect(fleet.groupState(scope, 'g')!.primary).toBe('g-001');
    await until('the new primary', () => fleet.groupState(scope, 'g')!.primary !== 'g-001');
    await until('g-001 back as a replica', () => fleet.replicationOf(scope, 'g-001')?.role === 'replica' && fleet.replicationOf(scope, 'g-001')!.linkUp);
    expect(fleet.groupInProgress(scope, 'g')).toBe(false);
  });

  it('a partition survives a restart of the replica and ends with heal', async () => {
    const { fleet } = await group({});
    const primaryPort = fleet.portsFor(scope, 'g-001')!.nodes['0001']!;
    const replicaPort = fleet.portsFor(scope, 'g-002')!.nodes['0001']!;
    expect(fleet.partitionReplica(scope, 'g-002')).toEqual({ groupId: 'g', primary: 'g-001' });
    await until('link down', () => fleet.replicationOf(scope, 'g-002')?.linkUp === false);
    await fleet.restartNode(scope, 'g-002', '0001');
    await connect(primaryPort).set('k', 'v');
    await sleep(1200);
    expect(fleet.replicationOf(scope, 'g-002')).toMatchObject({ role: 'replica', linkUp: false, partitioned: true });
    expect(fleet.listNodes().find((n) => n.clusterId === 'g-002')!.partitioned).toBe(true);
    fleet.healReplica(scope, 'g-002');
    await until('caught up', async () => (await connect(replicaPort).get('k')) === 'v');
    expect(fleet.listNodes().find((n) => n.clusterId === 'g-002')!.partitioned).toBe(false);
  });

  it('refuses with FleetErrors', async () => {
    const { fleet } = await group({}, ['g-001', 'g-002']);
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof FleetError ? [err.kind, err.message] : err;
      }
      return undefined;
    };
    expect(refusal(() => fleet.partitionReplica(scope, 'g-001'))).toEqual(['invalid', 'cluster g-001 is the primary of g; partition one of its replicas']);
    expect(refusal(() => fleet.partitionReplica(scope, 'other'))).toEqual(['invalid', 'cluster other is not a member of a replication group']);
    expect(refusal(() => fleet.healReplica(scope, 'g-002'))).toEqual(['invalid', 'cluster g-002 is not partitioned']);
    const first = fleet.failover(scope, 'g', 'test');
    await expect(fleet.failover(scope, 'g', 'test')).rejects.toThrow('a failover is already in progress');
    expect(await first).toBe('g-002');
  });
});
