import type { AllowedNodeTypeModificationsMessage, CacheEngineVersionMessage } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_VERSION, familyForEngineVersion } from '../../src/catalog/engineVersions.js';
import { allNodeTypes, isValidNodeType, nodeTypeInfo, nodeTypeSupportsEngine } from '../../src/catalog/nodeTypes.js';
import { isValidFamily } from '../../src/catalog/parameterFamilies.js';
import type { RequestContext } from '../../src/env.js';
import { handlers } from '../../src/services/catalog.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
beforeEach(() => {
  ctx = makeContext();
});

const versions = (input: object) => call<CacheEngineVersionMessage>(handlers, 'DescribeCacheEngineVersions', input, ctx);

describe('DescribeCacheEngineVersions', () => {
  it('lists every offered version with family and descriptions', async () => {
    const r = await versions({});
    const list = r.CacheEngineVersions!;
    expect(list.map((v) => `${v.Engine} ${v.EngineVersion}`)).toEqual([
      'memcached 1.4.5',
      'memcached 1.4.14',
      'memcached 1.4.24',
      'memcached 1.4.33',
      'memcached 1.4.34',
      'memcached 1.5.10',
      'memcached 1.5.16',
      'memcached 1.6.6',
      'memcached 1.6.12',
      'memcached 1.6.17',
      'memcached 1.6.22',
      'redis 4.0.10',
      'redis 5.0.6',
      'redis 6.0',
      'redis 6.2',
      'redis 7.0',
      'redis 7.1',
      'valkey 7.2',
      'valkey 8.0',
    ]);
    expect(list.find((v) => v.EngineVersion === '6.2')).toEqual({
      Engine: 'redis',
      EngineVersion: '6.2',
      CacheParameterGroupFamily: 'redis6.x',
      CacheEngineDescription: 'Redis',
      CacheEngineVersionDescription: 'redis version 6.2.6',
    });
    for (const v of list) expect(isValidFamily(v.CacheParameterGroupFamily!)).toBe(true);
    expect(r.Marker).toBeUndefined();
  });

  it('filters by engine, version and family', async () => {
    expect((await versions({ Engine: 'valkey' })).CacheEngineVersions!.map((v) => v.EngineVersion)).toEqual(['7.2', '8.0']);
    expect((await versions({ Engine: 'redis', EngineVersion: '7.0' })).CacheEngineVersions).toHaveLength(1);
    expect((await versions({ CacheParameterGroupFamily: 'redis7' })).CacheEngineVersions!.map((v) => v.EngineVersion)).toEqual(['7.0', '7.1']);
    expect((await versions({ CacheParameterGroupFamily: 'memcached1.5' })).CacheEngineVersions).toHaveLength(2);
  });

  it('answers an empty list for unknown engines and versions', async () => {
    expect((await versions({ Engine: 'mysql' })).CacheEngineVersions).toEqual([]);
    expect((await versions({ Engine: 'redis', EngineVersion: '9.9' })).CacheEngineVersions).toEqual([]);
  });

  it('returns only the default version with DefaultOnly', async () => {
    const all = (await versions({ DefaultOnly: true })).CacheEngineVersions!;
    expect(all.map((v) => `${v.Engine} ${v.EngineVersion}`)).toEqual(['memcached 1.6.22', 'redis 7.1', 'valkey 8.0']);
    expect((await versions({ Engine: 'redis', DefaultOnly: true })).CacheEngineVersions!.map((v) => v.EngineVersion)).toEqual(['7.1']);
    expect((await versions({ Engine: 'redis', CacheParameterGroupFamily: 'redis6.x', DefaultOnly: true })).CacheEngineVersions!.map((v) => v.EngineVersion)).toEqual(['6.2']);
    for (const [engine, version] of Object.entries(DEFAULT_ENGINE_VERSION)) {
      expect(all.find((v) => v.Engine === engine)?.EngineVersion).toBe(version);
    }
  });

  it('pages with MaxRecords 20 and rejects values out of range', async () => {
    const first = await versions({ MaxRecords: 20 });
    expect(first.CacheEngineVersions).toHaveLength(19);
    expect(first.Marker).toBeUndefined();
    await expectApiError(versions({ MaxRecords: 5 }), 'InvalidParameterValueException', 'Invalid value for max records. Must be between 20 and 100');
  });
});

describe('node type catalog', () => {
  it('knows current-generation types with memory and vCPUs', () => {
    expect(nodeTypeInfo('cache.t3.micro')).toMatchObject({ memoryBytes: 536870912, vcpus: 2, memcachedMaxCacheMemoryMiB: 512, generation: 'current' });
    expect(nodeTypeInfo('cache.r7g.16xlarge')).toMatchObject({ vcpus: 64, memoryBytes: 450000750456 });
    expect(nodeTypeInfo('cache.m5.large')!.replicaOutputBufferLimitBytes).toBe(685454275);
    expect(nodeTypeInfo('cache.m3.medium')!.replicaOutputBufferLimitBytes).toBe(309329920);
    expect(nodeTypeInfo('cache.r6gd.xlarge')).toMatchObject({ dataTiering: true, memcachedMaxCacheMemoryMiB: undefined });
    for (const t of ['cache.t2.micro', 'cache.t4g.medium', 'cache.m6g.8xlarge', 'cache.m7g.large', 'cache.r5.24xlarge', 'cache.r6g.12xlarge', 'cache.r6gd.16xlarge']) {
      expect(isValidNodeType(t), t).toBe(true);
    }
    expect(isValidNodeType('cache.x9.large')).toBe(false);
    expect(isValidNodeType('t3.micro')).toBe(false);
  });

  it('has no duplicate types, positive sizes, and memory that grows with size within a family', () => {
    const types = allNodeTypes();
    expect(new Set(types.map((t) => t.nodeType)).size).toBe(types.length);
    for (const t of types) {
      expect(t.memoryBytes).toBeGreaterThan(0);
      expect(t.vcpus).toBeGreaterThan(0);
    }
    const byFamily = new Map<string, number[]>();
    for (const t of types) byFamily.set(t.family, [...(byFamily.get(t.family) ?? []), t.memoryBytes]);
    for (const [family, mems] of byFamily) {
      expect([...mems].sort((a, b) => a - b), family).toEqual(mems);
    }
  });

  it('runs memcached on every type but data tiering', () => {
    expect(nodeTypeSupportsEngine('cache.r6gd.xlarge', 'memcached')).toBe(false);
    expect(nodeTypeSupportsEngine('cache.r6gd.xlarge', 'redis')).toBe(true);
    expect(nodeTypeSupportsEngine('cache.t3.micro', 'memcached')).toBe(true);
    expect(nodeTypeSupportsEngine('cache.nope', 'redis')).toBe(false);
  });

  it('maps engine versions to families, older Redis releases included', () => {
    expect(familyForEngineVersion('redis', '3.2.10')).toBe('redis3.2');
    expect(familyForEngineVersion('redis', '2.8.24')).toBe('redis2.8');
    expect(familyForEngineVersion('redis', '6.0')).toBe('redis6.x');
    expect(familyForEngineVersion('valkey', '8.0')).toBe('valkey8');
    expect(familyForEngineVersion('memcached', '1.6.22')).toBe('memcached1.6');
    expect(familyForEngineVersion('redis', 'latest')).toBeUndefined();
  });
});

describe('ListAllowedNodeTypeModifications', () => {
  const putCluster = (id: string, CacheNodeType: string, Engine = 'redis', EngineVersion = '7.1', extra: object = {}) =>
    ctx.env.store.collection('cache-cluster').put(ctx, id, { CacheClusterId: id, CacheNodeType, Engine, EngineVersion, ...extra });
  const list = (input: object) => call<AllowedNodeTypeModificationsMessage>(handlers, 'ListAllowedNodeTypeModifications', input, ctx);

  it('splits node types into larger and smaller, sorted by name', async () => {
    putCluster('c1', 'cache.m5.2xlarge');
    const r = await list({ CacheClusterId: 'c1' });
    expect(r.ScaleUpModifications).toContain('cache.m5.4xlarge');
    expect(r.ScaleUpModifications).toContain('cache.r5.2xlarge');
    expect(r.ScaleUpModifications).toContain('cache.m6g.2xlarge'); // same memory, another family
    expect(r.ScaleUpModifications).not.toContain('cache.m5.2xlarge');
    expect(r.ScaleDownModifications).toContain('cache.t3.micro');
    expect(r.ScaleDownModifications).toContain('cache.m5.large');
    expect(r.ScaleDownModifications).not.toContain('cache.r6gd.xlarge');
    expect(r.ScaleUpModifications).toEqual([...r.ScaleUpModifications!].sort());
    expect(r.ScaleDownModifications).toEqual([...r.ScaleDownModifications!].sort());
  });

  it('keeps data-tiering clusters among r6gd types', async () => {
    putCluster('tiered', 'cache.r6gd.2xlarge', 'redis', '7.1');
    const r = await list({ CacheClusterId: 'tiered' });
    expect(r.ScaleUpModifications).toEqual(['cache.r6gd.12xlarge', 'cache.r6gd.16xlarge', 'cache.r6gd.4xlarge', 'cache.r6gd.8xlarge']);
    expect(r.ScaleDownModifications).toEqual(['cache.r6gd.xlarge']);
  });

  it('leaves out types that need a newer Redis OSS release', async () => {
    putCluster('old', 'cache.m5.large', 'redis', '5.0.6');
    const r = await list({ CacheClusterId: 'old' });
    expect(r.ScaleUpModifications).toContain('cache.m6g.large');
    expect(r.ScaleUpModifications).not.toContain('cache.m7g.large');
  });

  it('looks replication groups up by id', async () => {
    putCluster('rg1-001', 'cache.r6g.large', 'valkey', '8.0', { ReplicationGroupId: 'rg1' });
    ctx.env.store.collection('replication-group').put(ctx, 'rg1', { ReplicationGroupId: 'rg1', CacheNodeType: 'cache.r6g.large', MemberClusters: ['rg1-001'], Engine: 'valkey' });
    const r = await list({ ReplicationGroupId: 'rg1' });
    expect(r.ScaleUpModifications).toContain('cache.r7g.large');
    expect(r.ScaleDownModifications).toContain('cache.m6g.large');
  });

  it('answers the not-found faults', async () => {
    await expectApiError(list({ CacheClusterId: 'nope' }), 'CacheClusterNotFoundFault');
    await expectApiError(list({ ReplicationGroupId: 'nope' }), 'ReplicationGroupNotFoundFault');
  });

  it('needs exactly one of CacheClusterId and ReplicationGroupId', async () => {
    await expectApiError(list({}), 'InvalidParameterCombinationException');
    await expectApiError(list({ CacheClusterId: 'a', ReplicationGroupId: 'b' }), 'InvalidParameterCombinationException');
  });

  it('refuses memcached clusters', async () => {
    putCluster('mc', 'cache.t3.micro', 'memcached', '1.6.22');
    await expectApiError(list({ CacheClusterId: 'mc' }), 'InvalidParameterValueException');
  });
});
