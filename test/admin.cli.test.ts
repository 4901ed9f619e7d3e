import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateCacheClusterCommand, CreateReplicationGroupCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../src/admin/command.js';
import type { Emulator } from '../src/emulator.js';
import { isListening, startTestEmulator } from './e2e/helpers.js';

const root = join(import.meta.dirname, '..');
const run = promisify(execFile);

describe('elasticache-local admin', () => {
  let emulator: Emulator;
  let client: ElastiCacheClient;
  /** Runs the command in-process; returns its exit code and output. */
  const admin = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await runAdminCommand([...args, '--endpoint', emulator.endpoint], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      environment: {},
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator({ nodeRecoveryMs: 60_000 }));
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'my-cluster', Engine: 'redis', CacheNodeType: 'cache.t3.micro', PreferredAvailabilityZone: 'us-east-1a' }));
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('lists nodes, kills and restarts one, takes an AZ down and up', async () => {
    const nodes = await admin('nodes');
    expect(nodes.code).toBe(0);
    const [node] = JSON.parse(nodes.out).nodes as { port: number; status: string }[];
    expect(node!.status).toBe('available');

    expect((await admin('kill-node', 'my-cluster', '0001')).code).toBe(0);
    expect(await isListening(node!.port)).toBe(false);
    expect((await admin('restart-node', 'my-cluster', '0001')).code).toBe(0);
    expect(await isListening(node!.port)).toBe(true);

    const down = await admin('az-down', 'us-east-1a');
    expect(JSON.parse(down.out).down).toHaveLength(1);
    expect(await isListening(node!.port)).toBe(false);
    expect((await admin('az-up', 'us-east-1a')).code).toBe(0);
    expect(await isListening(node!.port)).toBe(true);
  });

  it('partitions a replica and heals it', async () => {
    await client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'cli-rg', ReplicationGroupDescription: 'd', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2 }),
    );
    const cut = await admin('partition', 'cli-rg-002', '60000');
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.out)).toMatchObject({ partitioned: { clusterId: 'cli-rg-002' }, replicationGroupId: 'cli-rg', primary: 'cli-rg-001' });
    const listed = (JSON.parse((await admin('nodes')).out).nodes as { clusterId: string; replication?: { partitioned: boolean } }[]).find((n) => n.clusterId === 'cli-rg-002');
    expect(listed!.replication!.partitioned).toBe(true);
    expect(JSON.parse((await admin('heal', 'cli-rg-002')).out)).toMatchObject({ healed: { clusterId: 'cli-rg-002' } });
    const again = await admin('heal', 'cli-rg-002');
    expect([again.code, JSON.parse(again.err).error]).toEqual([1, 'cluster cli-rg-002 is not partitioned']);
    expect((await admin('partition', 'cli-rg-002', 'soon')).code).toBe(2);
    expect((await admin('heal')).code).toBe(2);
  });

  it('prints metrics as text and the clock as JSON', async () => {
    expect((await admin('metrics')).out).toMatch(/^elasticache_local_nodes\{engine="redis",status="available"\} 3$/m);
    expect(JSON.parse((await admin('clock', '60000')).out).now).toMatch(/^\d{4}-/);
  });

  it('exits 1 with the API error, 2 on bad usage', async () => {
    const missing = await admin('kill-node', 'nope', '0001');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.err).error).toMatch(/nope/);
    expect((await admin('explode')).code).toBe(2);
    expect((await admin('az-down')).code).toBe(2);
    expect((await admin('nodes', '--colour', 'red')).code).toBe(2);
  });

  it('runs from the command line', async () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const { stdout } = await run(tsx, [join(root, 'src', 'cli.ts'), 'admin', 'health', '--endpoint', emulator.endpoint], { timeout: 30_000 });
    expect(JSON.parse(stdout).status).toBe('ok');
    const unreachable = await run(tsx, [join(root, 'src', 'cli.ts'), 'admin', 'health', '--endpoint', 'http://127.0.0.1:1'], { timeout: 30_000 }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect((unreachable as { code: number }).code).toBe(1);
  }, 60_000);
});
