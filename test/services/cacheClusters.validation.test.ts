import {
  CreateCacheClusterCommand,
  DeleteCacheClusterCommand,
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  ModifyCacheClusterCommand,
  RebootCacheClusterCommand,
  type CreateCacheClusterCommandInput,
} from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { startTestEmulator } from '../e2e/helpers.js';

let emulator: Emulator;
let client: ElastiCacheClient;

beforeAll(async () => {
  ({ emulator, client } = await startTestEmulator());
  await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'v-redis', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
  await client.send(
    new CreateCacheClusterCommand({ CacheClusterId: 'v-mc', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2 }),
  );
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

const create = (input: Partial<CreateCacheClusterCommandInput>) =>
  client.send(new CreateCacheClusterCommand({ CacheClusterId: 'x1', Engine: 'redis', CacheNodeType: 'cache.t3.micro', ...input } as CreateCacheClusterCommandInput));

const IDENTIFIER =
  'The parameter CacheClusterIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.';

describe('CreateCacheCluster validation', () => {
  it.each(['1abc', 'a--b', 'ab-', 'a_b', 'a.b'])('refuses the identifier %s', async (id) => {
    expect(await errorOf(create({ CacheClusterId: id }))).toEqual({ name: 'InvalidParameterValueException', message: IDENTIFIER, status: 400 });
  });

  it('refuses identifiers over 50 characters', async () => {
    const e = await errorOf(create({ CacheClusterId: `a${'b'.repeat(50)}` }));
    expect(e).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  });

  it('requires CacheNodeType', async () => {
    expect(await errorOf(create({ CacheNodeType: undefined }))).toEqual({
      name: 'InvalidParameterValueException',
      message: 'The parameter CacheNodeType must be provided and must not be null.',
      status: 400,
    });
  });

  it('requires CacheClusterId', async () => {
    const e = await errorOf(create({ CacheClusterId: undefined }));
    expect(e).toMatchObject({ name: 'MissingParameter', status: 400 });
  });

  it('refuses more than one node for Redis and Valkey', async () => {
    expect(await errorOf(create({ NumCacheNodes: 2 }))).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.',
      status: 400,
    });
    expect((await errorOf(create({ Engine: 'valkey', NumCacheNodes: 3 }))).message).toBe(
      'Cannot create a Valkey cluster with a NumCacheNodes parameter greater than 1.',
    );
  });

  it('refuses more than 40 Memcached nodes', async () => {
    const e = await errorOf(create({ Engine: 'memcached', NumCacheNodes: 41 }));
    expect(e).toMatchObject({ name: 'NodeQuotaForClusterExceededFault', status: 400 });
  });

  it('refuses an unknown engine version with AWS wording', async () => {
    expect(await errorOf(create({ EngineVersion: '9.9' }))).toEqual({
      name: 'InvalidParameterCombinationException',
      message: 'Cannot find version 9.9 for redis',
      status: 400,
    });
  });

  it('refuses unknown node types and engines', async () => {
    expect(await errorOf(create({ CacheNodeType: 'cache.x9.huge' }))).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(await errorOf(create({ Engine: 'mongodb' }))).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  });

  it('refuses a parameter group of another family, or a missing one', async () => {
    expect(await errorOf(create({ CacheParameterGroupName: 'default.memcached1.6' }))).toEqual({
      name: 'InvalidParameterCombinationException',
      message: 'Expected a parameter group of family redis7 but found one of family memcached1.6',
      status: 400,
    });
    expect(await errorOf(create({ CacheParameterGroupName: 'nope' }))).toMatchObject({ name: 'CacheParameterGroupNotFoundFault', status: 404 });
  });

  it('refuses a cluster-mode parameter group for a cache cluster', async () => {
    expect(await errorOf(create({ CacheParameterGroupName: 'default.redis7.cluster.on' }))).toEqual({
      name: 'InvalidParameterCombinationException',
      message: 'Cluster mode should be disabled in parameter group, but found it is enabled.',
      status: 400,
    });
  });

  it('refuses a missing subnet group and EC2-Classic security groups', async () => {
    expect(await errorOf(create({ CacheSubnetGroupName: 'nope' }))).toMatchObject({ name: 'CacheSubnetGroupNotFoundFault' });
    expect(await errorOf(create({ CacheSecurityGroupNames: ['default'] }))).toMatchObject({
      name: 'InvalidParameterCombinationException',
      message: 'Use of cache security groups is not permitted in this API version for your account.',
    });
  });

  it('checks AZs: count must match, AZMode is Memcached only, AZ must exist', async () => {
    const count = await errorOf(
      create({ Engine: 'memcached', NumCacheNodes: 3, PreferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }),
    );
    expect(count).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(await errorOf(create({ AZMode: 'cross-az' }))).toMatchObject({ name: 'InvalidParameterCombinationException' });
    expect(await errorOf(create({ PreferredAvailabilityZone: 'us-east-1z' }))).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('needs transit encryption for an AUTH token, and a valid token', async () => {
    expect(await errorOf(create({ AuthToken: 'a-long-enough-token-1234' }))).toEqual({
      name: 'InvalidParameterValueException',
      message: 'The AUTH token is only supported when encryption-in-transit is enabled.',
      status: 400,
    });
    for (const token of ['short', 'has@an-at-sign-0123456789', 'has a space 0123456789']) {
      expect(await errorOf(create({ AuthToken: token, TransitEncryptionEnabled: true }))).toMatchObject({
        name: 'InvalidParameterValueException',
      });
    }
  });

  it('checks the maintenance window format', async () => {
    expect(await errorOf(create({ PreferredMaintenanceWindow: 'monday 3am' }))).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await errorOf(create({ PreferredMaintenanceWindow: 'mon:03:00-mon:03:30' }))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('refuses snapshot settings for Memcached', async () => {
    expect(await errorOf(create({ Engine: 'memcached', SnapshotRetentionLimit: 3 }))).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
  });

  it('answers a missing replication group with ReplicationGroupNotFound', async () => {
    expect(await errorOf(create({ ReplicationGroupId: 'no-such-group' }))).toMatchObject({
      name: 'ReplicationGroupNotFoundFault',
      status: 404,
    });
  });

  it('refuses an existing id (case-insensitively)', async () => {
    expect(await errorOf(create({ CacheClusterId: 'V-REDIS' }))).toEqual({
      name: 'CacheClusterAlreadyExistsFault',
      message: 'Cache cluster v-redis already exists.',
      status: 400,
    });
  });

  it('leaves nothing behind after a refused create', async () => {
    const all = await client.send(new DescribeCacheClustersCommand({}));
    expect(all.CacheClusters!.map((c) => c.CacheClusterId)).toEqual(['v-redis', 'v-mc']);
  });
});

describe('Modify, Reboot and Delete validation', () => {
  it('answers unknown clusters with CacheClusterNotFound 404', async () => {
    for (const call of [
      client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'nope', NumCacheNodes: 2 })),
      client.send(new RebootCacheClusterCommand({ CacheClusterId: 'nope', CacheNodeIdsToReboot: ['0001'] })),
      client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'nope' })),
    ]) {
      expect(await errorOf(call)).toEqual({ name: 'CacheClusterNotFoundFault', message: 'CacheCluster not found: nope', status: 404 });
    }
  });

  it('refuses more than one node for Redis on modify', async () => {
    expect(await errorOf(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-redis', NumCacheNodes: 2 })))).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Cannot modify a Redis cluster with a NumCacheNodes parameter greater than 1.',
      status: 400,
    });
  });

  it('needs the right number of existing node ids to scale Memcached in', async () => {
    const none = await errorOf(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-mc', NumCacheNodes: 1, ApplyImmediately: true })));
    expect(none).toEqual({
      name: 'InvalidParameterCombinationException',
      message:
        'The number of CacheNodeIdsToRemove must match the number of nodes you are trying to remove, current number of cache nodes is 2, requested number of cache nodes is 1 and CacheNodeIdsToRemove supplied are 0',
      status: 400,
    });
    const unknown = await errorOf(
      client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-mc', NumCacheNodes: 1, CacheNodeIdsToRemove: ['0009'], ApplyImmediately: true })),
    );
    expect(unknown).toMatchObject({ name: 'InvalidParameterValueException' });
    const growing = await errorOf(
      client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-mc', NumCacheNodes: 3, CacheNodeIdsToRemove: ['0001'], ApplyImmediately: true })),
    );
    expect(growing).toMatchObject({ name: 'InvalidParameterCombinationException' });
  });

  it('refuses a node type change for Memcached and an engine downgrade', async () => {
    expect(
      await errorOf(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-mc', CacheNodeType: 'cache.m5.large', ApplyImmediately: true }))),
    ).toMatchObject({ name: 'InvalidParameterCombinationException' });
    expect(
      await errorOf(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-redis', EngineVersion: '7.0', ApplyImmediately: true }))),
    ).toMatchObject({ name: 'InvalidParameterCombinationException' });
  });

  it('validates the nodes to reboot', async () => {
    expect(await errorOf(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'v-redis', CacheNodeIdsToReboot: ['0002'] })))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(await errorOf(client.send(new RebootCacheClusterCommand({ CacheClusterId: 'v-redis', CacheNodeIdsToReboot: [] })))).toMatchObject({
      name: 'MissingParameter',
    });
  });

  it('refuses a final snapshot for Memcached, and answers NotImplemented for Redis', async () => {
    expect(
      await errorOf(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'v-mc', FinalSnapshotIdentifier: 'final' }))),
    ).toMatchObject({ name: 'InvalidParameterCombinationException', status: 400 });
    expect(
      await errorOf(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'v-redis', FinalSnapshotIdentifier: 'final' }))),
    ).toMatchObject({ status: 501 });
  });

  it('refuses changes while the cluster is not available', async () => {
    await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'v-mc' }));
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'v-busy', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
    const { setTransitionDelays } = await import('../../src/services/cacheClusters.js');
    setTransitionDelays(emulator.env, { rebootingMs: 60_000 });
    const rebooting = await client.send(new RebootCacheClusterCommand({ CacheClusterId: 'v-busy', CacheNodeIdsToReboot: ['0001'] }));
    expect(rebooting.CacheCluster?.CacheClusterStatus).toBe('rebooting cache cluster nodes');
    const described = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'v-busy' }));
    expect(described.CacheClusters![0]!.CacheClusterStatus).toBe('rebooting cache cluster nodes');
    const e = await errorOf(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'v-busy', SnapshotRetentionLimit: 1 })));
    expect(e).toMatchObject({ name: 'InvalidCacheClusterStateFault', status: 400 });
    expect(await errorOf(client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'v-busy' })))).toEqual({
      name: 'InvalidCacheClusterStateFault',
      message: 'Can only delete cache clusters with state in: available, failed, incompatible-parameters, incompatible-network, restore-failed',
      status: 400,
    });
    setTransitionDelays(emulator.env, { rebootingMs: 0 });
  });
});
