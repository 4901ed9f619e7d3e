/**
 * Subnet groups, cache security groups, tags and events through the real
 * AWS SDK client against the emulator's HTTP endpoint: checks that the
 * codec carries our shapes and error codes as ElastiCache does.
 */
import {
  AddTagsToResourceCommand,
  AuthorizeCacheSecurityGroupIngressCommand,
  CacheSubnetGroupNotFoundFault,
  CreateCacheSecurityGroupCommand,
  CreateCacheSubnetGroupCommand,
  DeleteCacheSecurityGroupCommand,
  DeleteCacheSubnetGroupCommand,
  DescribeCacheSecurityGroupsCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeEventsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ModifyCacheSubnetGroupCommand,
  RemoveTagsFromResourceCommand,
  RevokeCacheSecurityGroupIngressCommand,
  paginateDescribeCacheSubnetGroups,
} from '@aws-sdk/client-elasticache';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultVpc } from '../../src/catalog/network.js';
import type { Env } from '../../src/env.js';
import { recordEvent } from '../../src/services/eventLog.js';

const emulatorModule = new URL('../../src/emulator.ts', import.meta.url);
const hasEmulator = existsSync(emulatorModule);

interface RunningEmulator {
  endpoint: string;
  env: Env;
  stop(): Promise<void>;
}

describe.skipIf(!hasEmulator)('through the AWS SDK', () => {
  let emulator: RunningEmulator;
  let client: ElastiCacheClient;
  const scope = { account: '123456789012', region: 'eu-west-1' };
  const subnets = defaultVpc(scope).subnets.map((s) => s.subnetId);

  beforeAll(async () => {
    const mod = (await import(emulatorModule.href)) as { startEmulator(o: { port: number; dataDir: string }): Promise<RunningEmulator> };
    emulator = await mod.startEmulator({ port: 0, dataDir: ':memory:' });
    client = new ElastiCacheClient({
      endpoint: emulator.endpoint,
      region: scope.region,
      credentials: { accessKeyId: scope.account, secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  async function expectFault(promise: Promise<unknown>, name: string, status = 400) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
    );
    expect(error?.name).toBe(name);
    expect(error?.$metadata?.httpStatusCode).toBe(status);
    return error!;
  }

  it('runs a subnet group through its life cycle, with tags', async () => {
    const created = await client.send(
      new CreateCacheSubnetGroupCommand({
        CacheSubnetGroupName: 'SDK-Group',
        CacheSubnetGroupDescription: 'from the SDK',
        SubnetIds: subnets.slice(0, 2),
        Tags: [{ Key: 'env', Value: 'test' }],
      }),
    );
    const group = created.CacheSubnetGroup!;
    expect(group.CacheSubnetGroupName).toBe('sdk-group');
    expect(group.ARN).toBe('arn:aws:elasticache:eu-west-1:123456789012:subnetgroup:sdk-group');
    expect(group.Subnets).toEqual([
      { SubnetIdentifier: subnets[0], SubnetAvailabilityZone: { Name: 'eu-west-1a' }, SupportedNetworkTypes: ['ipv4'] },
      { SubnetIdentifier: subnets[1], SubnetAvailabilityZone: { Name: 'eu-west-1b' }, SupportedNetworkTypes: ['ipv4'] },
    ]);

    const modified = await client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sdk-group', SubnetIds: subnets }));
    expect(modified.CacheSubnetGroup!.Subnets).toHaveLength(3);

    const names: string[] = [];
    for await (const page of paginateDescribeCacheSubnetGroups({ client, pageSize: 20 }, {})) {
      names.push(...page.CacheSubnetGroups!.map((g) => g.CacheSubnetGroupName!));
    }
    expect(names).toEqual(['default', 'sdk-group']);

    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: group.ARN }));
    expect(tags.TagList).toEqual([{ Key: 'env', Value: 'test' }]);

    await client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sdk-group' }));
    const err = await expectFault(client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'sdk-group' })), 'CacheSubnetGroupNotFoundFault');
    expect(err).toBeInstanceOf(CacheSubnetGroupNotFoundFault);
  });

  it('maps subnet group errors to the SDK faults', async () => {
    await expectFault(
      client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'x', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-0'] })),
      'InvalidSubnet',
    );
    await expectFault(
      client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'default', CacheSubnetGroupDescription: 'd', SubnetIds: subnets })),
      'CacheSubnetGroupAlreadyExistsFault',
    );
    await expectFault(client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'default' })), 'InvalidParameterValueException');
  });

  it('runs a cache security group through its life cycle', async () => {
    await client.send(new CreateCacheSecurityGroupCommand({ CacheSecurityGroupName: 'sdk-sg', Description: 'd' }));
    const auth = await client.send(
      new AuthorizeCacheSecurityGroupIngressCommand({ CacheSecurityGroupName: 'sdk-sg', EC2SecurityGroupName: 'web', EC2SecurityGroupOwnerId: '123456789012' }),
    );
    expect(auth.CacheSecurityGroup!.EC2SecurityGroups).toEqual([
      { Status: 'authorized', EC2SecurityGroupName: 'web', EC2SecurityGroupOwnerId: '123456789012' },
    ]);
    await expectFault(
      client.send(
        new AuthorizeCacheSecurityGroupIngressCommand({ CacheSecurityGroupName: 'sdk-sg', EC2SecurityGroupName: 'web', EC2SecurityGroupOwnerId: '123456789012' }),
      ),
      'AuthorizationAlreadyExistsFault',
    );
    const revoked = await client.send(
      new RevokeCacheSecurityGroupIngressCommand({ CacheSecurityGroupName: 'sdk-sg', EC2SecurityGroupName: 'web', EC2SecurityGroupOwnerId: '123456789012' }),
    );
    expect(revoked.CacheSecurityGroup!.EC2SecurityGroups![0]!.Status).toBe('revoking');
    await expectFault(
      client.send(
        new RevokeCacheSecurityGroupIngressCommand({ CacheSecurityGroupName: 'sdk-sg', EC2SecurityGroupName: 'web', EC2SecurityGroupOwnerId: '123456789012' }),
      ),
      'AuthorizationNotFoundFault',
      404,
    );
    const all = await client.send(new DescribeCacheSecurityGroupsCommand({}));
    expect(all.CacheSecurityGroups!.map((g) => g.CacheSecurityGroupName)).toEqual(['default', 'sdk-sg']);
    await client.send(new DeleteCacheSecurityGroupCommand({ CacheSecurityGroupName: 'sdk-sg' }));
    await expectFault(client.send(new DescribeCacheSecurityGroupsCommand({ CacheSecurityGroupName: 'sdk-sg' })), 'CacheSecurityGroupNotFoundFault', 404);
  });

  it('tags by ARN with the SDK error shapes', async () => {
    const arn = 'arn:aws:elasticache:eu-west-1:123456789012:subnetgroup:default';
    const added = await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    expect(added.TagList).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    const removed = await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['a'] }));
    expect(removed.TagList).toEqual([{ Key: 'b', Value: '2' }]);
    await expectFault(client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['zzz'] })), 'TagNotFoundFault', 404);
    const invalid = await expectFault(client.send(new ListTagsForResourceCommand({ ResourceName: 'my-cluster' })), 'InvalidARNFault');
    expect(invalid.message).toBe('Input ARN string does not have 7 components.');
    await expectFault(
      client.send(new ListTagsForResourceCommand({ ResourceName: 'arn:aws:elasticache:eu-west-1:123456789012:cluster:none' })),
      'CacheClusterNotFoundFault',
      404,
    );
    await expectFault(
      client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })),
      'TagQuotaPerResourceExceeded',
    );
  });

  it('describes events newest first', async () => {
    recordEvent(emulator.env, scope, 'cache-cluster', 'c1', 'Cache cluster created');
    recordEvent(emulator.env, scope, 'cache-cluster', 'c1', 'Cache cluster rebooted');
    const out = await client.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'c1' }));
    expect(out.Events!.map((e) => e.Message)).toEqual(['Cache cluster rebooted', 'Cache cluster created']);
    expect(out.Events![0]!.Date).toBeInstanceOf(Date);
    await expectFault(client.send(new DescribeEventsCommand({ SourceIdentifier: 'c1' })), 'InvalidParameterCombinationException');
  });
});
