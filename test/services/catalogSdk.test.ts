/**
 * The catalog, parameter group, reserved node and service update operations
 * through the real AWS SDK against the emulator's HTTP endpoint. Skipped
 * until src/emulator.ts (startEmulator) exists in the tree.
 */
import {
  CreateCacheParameterGroupCommand,
  DeleteCacheParameterGroupCommand,
  DescribeCacheEngineVersionsCommand,
  DescribeCacheParameterGroupsCommand,
  DescribeEngineDefaultParametersCommand,
  DescribeReservedCacheNodesCommand,
  DescribeReservedCacheNodesOfferingsCommand,
  DescribeServiceUpdatesCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ModifyCacheParameterGroupCommand,
  PurchaseReservedCacheNodesOfferingCommand,
  ResetCacheParameterGroupCommand,
  paginateDescribeCacheParameters,
  type Parameter,
} from '@aws-sdk/client-elasticache';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const emulatorModule = new URL('../../src/emulator.ts', import.meta.url);
const hasEmulator = existsSync(emulatorModule);

interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

describe.skipIf(!hasEmulator)('through the AWS SDK', () => {
  let emulator: RunningEmulator;
  let client: ElastiCacheClient;

  beforeAll(async () => {
    const mod = (await import(emulatorModule.href)) as { startEmulator(o: { port: number; dataDir: string }): Promise<RunningEmulator> };
    emulator = await mod.startEmulator({ port: 0, dataDir: ':memory:' });
    client = new ElastiCacheClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  async function expectFault(promise: Promise<unknown>, name: string) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e as { name: string; $metadata?: { httpStatusCode?: number } },
    );
    expect(error?.name).toBe(name);
    return error;
  }

  it('lists engine versions', async () => {
    const r = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'valkey' }));
    expect(r.CacheEngineVersions!.map((v) => v.EngineVersion)).toEqual(['7.2', '8.0']);
    const d = await client.send(new DescribeCacheEngineVersionsCommand({ DefaultOnly: true }));
    expect(d.CacheEngineVersions!.map((v) => v.Engine)).toEqual(['memcached', 'redis', 'valkey']);
  });

  it('runs a parameter group through its life cycle', async () => {
    const created = await client.send(
      new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'sdk-group', CacheParameterGroupFamily: 'redis7', Description: 'from the SDK' }),
    );
    expect(created.CacheParameterGroup?.ARN).toBe('arn:aws:elasticache:us-east-1:000000000000:parametergroup:sdk-group');

    await client.send(
      new ModifyCacheParameterGroupCommand({
        CacheParameterGroupName: 'sdk-group',
        ParameterNameValues: [{ ParameterName: 'maxmemory-policy', ParameterValue: 'allkeys-lru' }],
      }),
    );
    const parameters: Parameter[] = [];
    let nodeTypeSpecific = 0;
    for await (const page of paginateDescribeCacheParameters({ client, pageSize: 20 }, { CacheParameterGroupName: 'sdk-group' })) {
      parameters.push(...(page.Parameters ?? []));
      nodeTypeSpecific += page.CacheNodeTypeSpecificParameters?.length ?? 0;
    }
    expect(parameters.find((p) => p.ParameterName === 'maxmemory-policy')).toMatchObject({ ParameterValue: 'allkeys-lru', Source: 'user', IsModifiable: true });
    expect(nodeTypeSpecific).toBe(3);

    await client.send(new ResetCacheParameterGroupCommand({ CacheParameterGroupName: 'sdk-group', ResetAllParameters: true }));
    await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'sdk-group' }));
    const gone = await expectFault(
      client.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'sdk-group' })),
      'CacheParameterGroupNotFoundFault',
    );
    expect(gone?.$metadata?.httpStatusCode).toBe(404);
  });

  it('answers validation errors with their SDK exceptions', async () => {
    await expectFault(
      client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'bad', CacheParameterGroupFamily: 'redis99', Description: 'x' })),
      'InvalidParameterValueException',
    );
    await expectFault(
      client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: 'default.redis7', ParameterNameValues: [{ ParameterName: 'timeout', ParameterValue: '60' }] })),
      'InvalidParameterValueException',
    );
    await expectFault(client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'default.redis7' })), 'InvalidCacheParameterGroupStateFault');
    await expectFault(client.send(new DescribeCacheEngineVersionsCommand({ MaxRecords: 5 })), 'InvalidParameterValueException');
  });

  it('describes engine defaults with node-type-specific values', async () => {
    const r = await client.send(new DescribeEngineDefaultParametersCommand({ CacheParameterGroupFamily: 'memcached1.6' }));
    expect(r.EngineDefaults?.Parameters?.some((p) => p.ParameterName === 'max_item_size')).toBe(true);
    const mem = r.EngineDefaults?.CacheNodeTypeSpecificParameters?.find((p) => p.ParameterName === 'max_cache_memory');
    expect(mem?.CacheNodeTypeSpecificValues?.find((v) => v.CacheNodeType === 'cache.t3.micro')?.Value).toBe('512');
  });

  it('purchases a reserved node offering', async () => {
    const offers = await client.send(
      new DescribeReservedCacheNodesOfferingsCommand({ CacheNodeType: 'cache.t4g.small', Duration: '1', ProductDescription: 'valkey', OfferingType: 'No Upfront' }),
    );
    expect(offers.ReservedCacheNodesOfferings).toHaveLength(1);
    const id = offers.ReservedCacheNodesOfferings![0]!.ReservedCacheNodesOfferingId!;
    const bought = await client.send(new PurchaseReservedCacheNodesOfferingCommand({ ReservedCacheNodesOfferingId: id, ReservedCacheNodeId: 'sdk-ri' }));
    expect(bought.ReservedCacheNode?.StartTime).toBeInstanceOf(Date);
    const listed = await client.send(new DescribeReservedCacheNodesCommand({ ReservedCacheNodeId: 'sdk-ri' }));
    expect(listed.ReservedCacheNodes?.[0]?.State).toBe('active');
    await expectFault(client.send(new PurchaseReservedCacheNodesOfferingCommand({ ReservedCacheNodesOfferingId: id, ReservedCacheNodeId: 'sdk-ri' })), 'ReservedCacheNodeAlreadyExistsFault');
  });

  it('stores Create tags where ListTagsForResource finds them', async () => {
    const created = await client.send(
      new CreateCacheParameterGroupCommand({
        CacheParameterGroupName: 'sdk-tagged',
        CacheParameterGroupFamily: 'valkey8',
        Description: 'tagged',
        Tags: [{ Key: 'team', Value: 'cache' }],
      }),
    );
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: created.CacheParameterGroup!.ARN }));
    expect(tags.TagList).toEqual([{ Key: 'team', Value: 'cache' }]);
    await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'sdk-tagged' }));
  });

  it('lists service updates', async () => {
    const r = await client.send(new DescribeServiceUpdatesCommand({ ServiceUpdateStatus: ['available'] }));
    expect(r.ServiceUpdates!.length).toBeGreaterThan(0);
    expect(r.ServiceUpdates![0]!.ServiceUpdateReleaseDate).toBeInstanceOf(Date);
    await expectFault(client.send(new DescribeServiceUpdatesCommand({ ServiceUpdateName: 'elc-nope' })), 'ServiceUpdateNotFoundFault');
  });
});
