import { CreateCacheClusterCommand, DescribeCacheClustersCommand, DescribeEventsCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator.js';
import { isListening, startTestEmulator } from './e2e/helpers.js';

async function admin(emulator: Emulator, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${emulator.endpoint}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, any> };
}

/** Polls until `check` holds (bounded). */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('admin API', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  const describeOne = async (id: string) =>
    (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }))).CacheClusters![0]!;

  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator({ nodeRecoveryMs: 400 }));
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'r1', Engine: 'redis', CacheNodeType: 'cache.t3.micro', PreferredAvailabilityZone: 'us-east-1a' }));
    await client.send(
      new CreateCacheClusterCommand({
        CacheClusterId: 'm1',
        Engine: 'memcached',
        CacheNodeType: 'cache.t3.micro',
        NumCacheNodes: 2,
        AZMode: 'cross-az',
        PreferredAvailabilityZones: ['us-east-1a', 'us-east-1b'],
      }),
    );
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('lists every node with engine, port, AZ, status and role', async () => {
    const { status, json } = await admin(emulator, 'GET', '/nodes');
    expect(status).toBe(200);
    const nodes = json().nodes as Record<string, unknown>[];
    expect(nodes).toHaveLength(3);
    const r1 = nodes.find((n) => n.clusterId === 'r1')!;
    expect(r1).toMatchObject({ account: expect.any(String), region: 'us-east-1', nodeId: '0001', engine: 'redis', availabilityZone: 'us-east-1a', status: 'available', role: 'primary' });
    expect(await isListening(r1.port as number)).toBe(true);
    expect(nodes.filter((n) => n.clusterId === 'm1').map((n) => n.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it('kill-node: Describe shows the node rebooting, then the fleet replaces it on its port', async () => {
    const before = await describeOne('r1');
    const port = before.CacheNodes![0]!.Endpoint!.Port!;
    const killed = await admin(emulator, 'POST', '/faults/kill-node', { clusterId: 'r1', nodeId: '0001' });
    expect(killed.status).toBe(200);
    expect(await isListening(port)).toBe(false);
    const during = await describeOne('r1');
    expect(during.CacheClusterStatus).toBe('rebooting cache cluster nodes');
    expect(during.CacheNodes![0]!.CacheNodeStatus).toBe('rebooting');
    expect((await admin(emulator, 'GET', '/nodes')).json().nodes.find((n: { clusterId: string }) => n.clusterId === 'r1').status).toBe('recovering');

    const after = await eventually(() => describeOne('r1'), (c) => c.CacheClusterStatus === 'available');
    expect(after.CacheClusterStatus).toBe('available');
    expect(after.CacheNodes![0]!.CacheNodeStatus).toBe('available');
    expect(await isListening(port)).toBe(true);
    const events = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'r1' }));
    const messages = events.Events!.map((e) => e.Message);
    expect(messages).toContain('Recovering cache nodes 0001');
    expect(messages).toContain('Finished recovery for cache nodes 0001');
  });

  it('az-down keeps every node of the AZ down until az-up', async () => {
    const down = await admin(emulator, 'POST', '/faults/az-down', { az: 'us-east-1a' });
    expect(down.status).toBe(200);
    expect(down.json().down.map((n: { clusterId: string; nodeId: string }) => `${n.clusterId}/${n.nodeId}`).sort()).toEqual(['m1/0001', 'r1/0001']);
    // Longer than the recovery delay: held nodes are not replaced.
    await new Promise((r) => setTimeout(r, 700));
    const m1 = await describeOne('m1');
    expect(m1.CacheNodes!.map((n) => n.CacheNodeStatus)).toEqual(['rebooting', 'available']);
    expect(await isListening(m1.CacheNodes![0]!.Endpoint!.Port!)).toBe(false);
    expect(await isListening(m1.CacheNodes![1]!.Endpoint!.Port!)).toBe(true);
    const statuses = (await admin(emulator, 'GET', '/nodes')).json().nodes.map((n: { status: string }) => n.status).sort();
    expect(statuses).toEqual(['available', 'az-down', 'az-down']);

    const up = await admin(emulator, 'POST', '/faults/az-up', { az: 'us-east-1a' });
    expect(up.json().up).toHaveLength(2);
    expect((await describeOne('m1')).CacheClusterStatus).toBe('available');
    expect(await isListening(m1.CacheNodes![0]!.Endpoint!.Port!)).toBe(true);
  });

  it('restart-node brings a node back at once, with its event', async () => {
    await admin(emulator, 'POST', '/faults/kill-node', { clusterId: 'm1', nodeId: '0002' });
    const res = await admin(emulator, 'POST', '/faults/restart-node', { clusterId: 'm1', nodeId: '0002' });
    expect(res.status).toBe(200);
    expect((await describeOne('m1')).CacheClusterStatus).toBe('available');
    const events = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'm1' }));
    expect(events.Events!.map((e) => e.Message)).toContain('Cache node 0002 restarted');
  });

  it('answers bad requests with JSON 400/404', async () => {
    expect((await admin(emulator, 'POST', '/faults/kill-node', { clusterId: 'nope', nodeId: '0001' })).status).toBe(404);
    expect((await admin(emulator, 'POST', '/faults/kill-node', { clusterId: 'm1', nodeId: '0009' })).status).toBe(404);
    const ambiguous = await admin(emulator, 'POST', '/faults/kill-node', { clusterId: 'm1' });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json().error).toMatch(/nodeId/);
    expect((await admin(emulator, 'POST', '/faults/az-down', {})).status).toBe(400);
    expect((await admin(emulator, 'POST', '/faults/az-down', 'not an object')).status).toBe(400);
    const unknown = await admin(emulator, 'GET', '/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toBeDefined();
  });

  it('exports Prometheus metrics: API requests, nodes, per-node stats', async () => {
    const { status, text } = await admin(emulator, 'GET', '/metrics');
    expect(status).toBe(200);
    expect(text).toMatch(/^elasticache_local_api_requests_total\{action="CreateCacheCluster",code="Success"\} 2$/m);
    expect(text).toMatch(/^elasticache_local_nodes\{engine="memcached",status="available"\} 2$/m);
    expect(text).toMatch(/^elasticache_local_node_used_memory_bytes\{account="\d+",region="us-east-1",cluster="r1",node="0001",engine="redis"\} \d+$/m);
    expect(text).toMatch(/^elasticache_local_node_keys\{.*cluster="m1",node="0001".*\} 0$/m);
    expect(text).toMatch(/^elasticache_local_node_connected_clients\{.*cluster="r1".*\} \d+$/m);
  });

  it('health, clock and reset still answer', async () => {
    expect((await admin(emulator, 'GET', '/health')).json().status).toBe('ok');
    expect((await admin(emulator, 'POST', '/clock', { advanceMs: 1000 })).status).toBe(200);
    expect((await admin(emulator, 'POST', '/reset')).status).toBe(200);
    expect((await admin(emulator, 'GET', '/nodes')).json().nodes).toEqual([]);
  });
});
