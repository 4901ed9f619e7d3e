import type {
  CacheParameterGroupDetails,
  CacheParameterGroupsMessage,
  CreateCacheParameterGroupResult,
  DescribeEngineDefaultParametersResult,
  Parameter,
} from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  assertParameterGroupFamily,
  defaultParameterGroupFor,
  effectiveParameters,
  handlers,
  PARAMETER_GROUP_QUOTA,
  resolveParameterGroup,
  setParameterGroupChangeListener,
  setParameterGroupInUseChecker,
} from '../../src/services/parameterGroups.js';
import type { RequestContext } from '../../src/env.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
beforeEach(() => {
  ctx = makeContext();
  setParameterGroupInUseChecker(undefined);
  setParameterGroupChangeListener(undefined);
});

const create = (name: string, family = 'redis7', description = 'my group', extra: object = {}) =>
  call<CreateCacheParameterGroupResult>(handlers, 'CreateCacheParameterGroup', { CacheParameterGroupName: name, CacheParameterGroupFamily: family, Description: description, ...extra }, ctx);

async function allParameters(name: string, source?: string): Promise<CacheParameterGroupDetails> {
  const out: CacheParameterGroupDetails = { Parameters: [], CacheNodeTypeSpecificParameters: [] };
  let marker: string | undefined;
  do {
    const page = await call<CacheParameterGroupDetails>(handlers, 'DescribeCacheParameters', { CacheParameterGroupName: name, Source: source, Marker: marker }, ctx);
    out.Parameters!.push(...(page.Parameters ?? []));
    out.CacheNodeTypeSpecificParameters!.push(...(page.CacheNodeTypeSpecificParameters ?? []));
    marker = page.Marker;
  } while (marker);
  return out;
}

const param = (details: CacheParameterGroupDetails, name: string): Parameter | undefined => details.Parameters!.find((p) => p.ParameterName === name);

describe('CreateCacheParameterGroup', () => {
  it('creates a group with ARN and returns it', async () => {
    const r = await create('My-Group', 'redis7', 'test group');
    expect(r.CacheParameterGroup).toEqual({
      CacheParameterGroupName: 'my-group',
      CacheParameterGroupFamily: 'redis7',
      Description: 'test group',
      IsGlobal: false,
      ARN: 'arn:aws:elasticache:us-east-1:000000000000:parametergroup:my-group',
    });
  });

  it('accepts an empty description', async () => {
    const r = await create('g1', 'memcached1.6', '');
    expect(r.CacheParameterGroup?.Description).toBe('');
  });

  it('rejects an unknown family with InvalidParameterValue', async () => {
    await expectApiError(create('g1', 'redis7.x'), 'InvalidParameterValueException', /not a valid family: redis7.x/);
    await expectApiError(create('g1', 'redis6'), 'InvalidParameterValueException');
  });

  it.each(['1abc', 'a--b', 'ab-', 'has space', 'under_score', 'dot.ted', 'a'.repeat(256)])('rejects the name %j', async (name) => {
    await expectApiError(create(name), 'InvalidParameterValueException', /parameter group name/i);
  });

  it('rejects missing parameters', async () => {
    await expectApiError(call(handlers, 'CreateCacheParameterGroup', { CacheParameterGroupFamily: 'redis7', Description: 'd' }, ctx), 'MissingParameter');
    await expectApiError(call(handlers, 'CreateCacheParameterGroup', { CacheParameterGroupName: 'x', Description: 'd' }, ctx), 'MissingParameter');
    await expectApiError(call(handlers, 'CreateCacheParameterGroup', { CacheParameterGroupName: 'x', CacheParameterGroupFamily: 'redis7' }, ctx), 'MissingParameter');
  });

  it('refuses a duplicate name, case-insensitively', async () => {
    await create('dup');
    await expectApiError(create('DUP', 'redis6.x'), 'CacheParameterGroupAlreadyExistsFault', /dup already exists/);
  });

  it('refuses names of default groups (they are not valid custom names)', async () => {
    await expectApiError(create('default.redis7'), 'InvalidParameterValueException');
  });

  it('enforces the quota', async () => {
    for (let i = 0; i < PARAMETER_GROUP_QUOTA; i++) await create(`g${i}`);
    await expectApiError(create('one-too-many'), 'CacheParameterGroupQuotaExceededFault');
  });

  it('stores tags for ListTagsForResource', async () => {
    const r = await create('tagged', 'redis7', 'd', { Tags: [{ Key: 'team', Value: 'cache' }] });
    const rows = ctx.env.store.db.prepare('SELECT key, value FROM tags WHERE arn = ?').all(r.CacheParameterGroup!.ARN);
    expect(rows).toEqual([{ key: 'team', value: 'cache' }]);
  });

  it('rejects more than 50 tags and stores nothing', async () => {
    const Tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expectApiError(create('tagged', 'redis7', 'd', { Tags }), 'TagQuotaPerResourceExceeded');
    expect(resolveParameterGroup.bind(null, ctx, 'tagged')).toThrow();
  });

  it('keeps groups of one region and account apart', async () => {
    await create('scoped');
    const other = makeContext('111111111111', 'us-east-1', ctx.env.store, ctx.env.clock);
    await expectApiError(call(handlers, 'DescribeCacheParameterGroups', { CacheParameterGroupName: 'scoped' }, other), 'CacheParameterGroupNotFoundFault');
    const otherRegion = makeContext('000000000000', 'eu-west-1', ctx.env.store, ctx.env.clock);
    await expectApiError(create('scoped'), 'CacheParameterGroupAlreadyExistsFault'); // same scope: duplicate
    await expect(
      call(handlers, 'CreateCacheParameterGroup', { CacheParameterGroupName: 'scoped', CacheParameterGroupFamily: 'redis7', Description: 'd' }, otherRegion),
    ).resolves.toBeDefined();
  }, 10_000);
});

describe('DescribeCacheParameterGroups', () => {
  it('lists the default groups of every family without creating them', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const r = await call<CacheParameterGroupsMessage>(handlers, 'DescribeCacheParameterGroups', { Marker: marker }, ctx);
      names.push(...r.CacheParameterGroups!.map((g) => g.CacheParameterGroupName!));
      marker = r.Marker;
    } while (marker);
    for (const name of [
      'default.memcached1.4',
      'default.memcached1.5',
      'default.memcached1.6',
      'default.redis2.6',
      'default.redis2.8',
      'default.redis3.2',
      'default.redis3.2.cluster.on',
      'default.redis4.0',
      'default.redis4.0.cluster.on',
      'default.redis5.0',
      'default.redis5.0.cluster.on',
      'default.redis6.x',
      'default.redis6.x.cluster.on',
      'default.redis7',
      'default.redis7.cluster.on',
      'default.valkey7',
      'default.valkey7.cluster.on',
      'default.valkey8',
      'default.valkey8.cluster.on',
    ]) {
      expect(names).toContain(name);
    }
    expect(names).not.toContain('default.redis2.8.cluster.on');
    expect(names).toHaveLength(19);
  });

  it('describes one default group with the AWS description', async () => {
    const r = await call<CacheParameterGroupsMessage>(handlers, 'DescribeCacheParameterGroups', { CacheParameterGroupName: 'default.redis7.cluster.on' }, ctx);
    expect(r.CacheParameterGroups).toEqual([
      {
        CacheParameterGroupName: 'default.redis7.cluster.on',
        CacheParameterGroupFamily: 'redis7',
        Description: 'Customized default parameter group for redis7 with cluster mode on',
        IsGlobal: false,
        ARN: 'arn:aws:elasticache:us-east-1:000000000000:parametergroup:default.redis7.cluster.on',
      },
    ]);
  });

  it('lists custom groups among the defaults, sorted by name, and pages with MaxRecords', async () => {
    for (let i = 0; i < 5; i++) await create(`custom-${i}`);
    const first = await call<CacheParameterGroupsMessage>(handlers, 'DescribeCacheParameterGroups', { MaxRecords: 20 }, ctx);
    expect(first.CacheParameterGroups).toHaveLength(20);
    expect(first.Marker).toBeDefined();
    const second = await call<CacheParameterGroupsMessage>(handlers, 'DescribeCacheParameterGroups', { MaxRecords: 20, Marker: first.Marker }, ctx);
    expect(second.CacheParameterGroups).toHaveLength(4);
    expect(second.Marker).toBeUndefined();
    const all = [...first.CacheParameterGroups!, ...second.CacheParameterGroups!].map((g) => g.CacheParameterGroupName!);
    expect(all).toEqual([...all].sort());
    expect(all.filter((n) => n.startsWith('custom-'))).toHaveLength(5);
  });

  it('answers CacheParameterGroupNotFound for an unknown name', async () => {
    await expectApiError(
      call(handlers, 'DescribeCacheParameterGroups', { CacheParameterGroupName: 'default.redis5.0.6' }, ctx),
      'CacheParameterGroupNotFoundFault',
      'CacheParameterGroup not found: default.redis5.0.6',
    );
  });

  it('rejects MaxRecords out of range', async () => {
    await expectApiError(call(handlers, 'DescribeCacheParameterGroups', { MaxRecords: 10 }, ctx), 'InvalidParameterValueException');
  });
});

describe('ModifyCacheParameterGroup', () => {
  const modify = (name: string, values: [string, string | undefined][]) =>
    call(handlers, 'ModifyCacheParameterGroup', { CacheParameterGroupName: name, ParameterNameValues: values.map(([n, v]) => ({ ParameterName: n, ParameterValue: v })) }, ctx);

  it('sets values that DescribeCacheParameters then reports with Source user', async () => {
    await create('mod');
    const r = await modify('mod', [
      ['maxmemory-policy', 'allkeys-lru'],
      ['notify-keyspace-events', 'Ex'],
      ['timeout', '300'],
    ]);
    expect(r).toEqual({ CacheParameterGroupName: 'mod' });
    const details = await allParameters('mod');
    expect(param(details, 'maxmemory-policy')).toMatchObject({ ParameterValue: 'allkeys-lru', Source: 'user', IsModifiable: true, ChangeType: 'immediate' });
    expect(param(details, 'notify-keyspace-events')).toMatchObject({ ParameterValue: 'Ex', Source: 'user' });
    expect(param(details, 'timeout')?.ParameterValue).toBe('300');
    // As AWS reports a custom group: every parameter the user may set is Source user, the others system.
    expect(param(details, 'tcp-keepalive')).toMatchObject({ ParameterValue: '300', Source: 'user' });
    expect(param(details, 'maxclients')).toMatchObject({ Source: 'system', IsModifiable: false });
    const user = await allParameters('mod', 'user');
    expect(user.Parameters!.every((p) => p.Source === 'user' && p.IsModifiable)).toBe(true);
    expect(user.Parameters!.map((p) => p.ParameterName)).toContain('timeout');
    expect(user.CacheNodeTypeSpecificParameters).toEqual([]);
  });

  it('lets a custom group set cluster-enabled and databases while no cluster uses it', async () => {
    await create('cm', 'redis5.0');
    const before = await allParameters('cm');
    expect(param(before, 'cluster-enabled')).toMatchObject({ IsModifiable: true, Source: 'user' });
    expect(param(before, 'activerehashing')).toMatchObject({ IsModifiable: true });
    expect(param(await allParameters('default.redis5.0'), 'cluster-enabled')).toMatchObject({ IsModifiable: false, Source: 'system' });
    await modify('cm', [['cluster-enabled', 'yes'], ['databases', '32']]);
    expect(effectiveParameters(ctx, 'cm')).toMatchObject({ 'cluster-enabled': 'yes', databases: '32' });
    await create('cm7', 'redis7');
    expect(param(await allParameters('cm7'), 'activerehashing')).toMatchObject({ IsModifiable: false, Source: 'system' });
    await expectApiError(modify('cm7', [['activerehashing', 'no']]), 'InvalidParameterValueException', /not modifiable/);
  });

  it('cannot modify a default group', async () => {
    await expectApiError(modify('default.redis7', [['timeout', '300']]), 'InvalidParameterValueException', /default parameter group/);
  });

  it('answers CacheParameterGroupNotFound for an unknown group', async () => {
    await expectApiError(modify('nope', [['timeout', '300']]), 'CacheParameterGroupNotFoundFault');
  });

  it('rejects unknown, non-modifiable and out-of-range values, changing nothing', async () => {
    await create('strict');
    await expectApiError(modify('strict', [['timeout', '300'], ['no-such-parameter', '1']]), 'InvalidParameterValueException', /no-such-parameter/);
    await expectApiError(modify('strict', [['maxclients', '100']]), 'InvalidParameterValueException', /maxclients is not modifiable/);
    await expectApiError(modify('strict', [['maxmemory', '100']]), 'InvalidParameterValueException', /maxmemory is not modifiable/);
    await expectApiError(modify('strict', [['timeout', '10']]), 'InvalidParameterValueException', /timeout/);
    await expectApiError(modify('strict', [['timeout', 'abc']]), 'InvalidParameterValueException');
    await expectApiError(modify('strict', [['maxmemory-policy', 'lru-everything']]), 'InvalidParameterValueException', /maxmemory-policy/);
    await expectApiError(modify('strict', [['active-defrag-cycle-max', '76']]), 'InvalidParameterValueException');
    await expectApiError(modify('strict', [['notify-keyspace-events', 'Q']]), 'InvalidParameterValueException');
    await expectApiError(modify('strict', [['timeout', undefined]]), 'InvalidParameterValueException');
    // a parameter of another family
    await expectApiError(modify('strict', [['hash-max-ziplist-entries', '10']]), 'InvalidParameterValueException');
    expect(effectiveParameters(ctx, 'strict')).toEqual(effectiveParameters(ctx, 'default.redis7'));
  });

  it('accepts the boundaries of ranges and literal alternatives', async () => {
    await create('bounds');
    await modify('bounds', [
      ['timeout', '0'],
      ['active-defrag-cycle-max', '75'],
      ['slowlog-log-slower-than', '-1'],
      ['hll-sparse-max-bytes', '16000'],
    ]);
    await modify('bounds', [['timeout', '20']]);
    expect(param(await allParameters('bounds'), 'timeout')?.ParameterValue).toBe('20');
  });

  it('allows at most 20 parameters per call', async () => {
    await create('many');
    const names = ['timeout', 'tcp-keepalive', 'maxmemory-samples', 'slowlog-max-len', 'slowlog-log-slower-than', 'set-max-intset-entries', 'lfu-decay-time', 'lfu-log-factor', 'repl-backlog-ttl', 'hll-sparse-max-bytes', 'list-compress-depth', 'stream-node-max-bytes', 'stream-node-max-entries', 'acllog-max-len', 'active-expire-effort', 'tracking-table-max-keys', 'hash-max-listpack-entries', 'hash-max-listpack-value', 'zset-max-listpack-entries', 'zset-max-listpack-value', 'active-defrag-cycle-min'];
    await expectApiError(
      modify('many', names.map((n) => [n, n === 'timeout' ? '0' : '1'])),
      'InvalidParameterCombinationException',
      'Cannot modify more than 20 parameters in a single request',
    );
    await modify('many', names.slice(0, 20).map((n) => [n, n === 'timeout' ? '0' : '2']));
  });

  it('requires ParameterNameValues', async () => {
    await create('empty');
    await expectApiError(call(handlers, 'ModifyCacheParameterGroup', { CacheParameterGroupName: 'empty', ParameterNameValues: [] }, ctx), 'MissingParameter');
  });

  it('validates memcached parameters', async () => {
    await create('mc', 'memcached1.6');
    await modify('mc', [['max_item_size', '10485760'], ['chunk_size_growth_factor', '1.5']]);
    await expectApiError(modify('mc', [['max_item_size', '1000']]), 'InvalidParameterValueException');
    await expectApiError(modify('mc', [['cas_disabled', '2']]), 'InvalidParameterValueException');
    await expectApiError(modify('mc', [['max_cache_memory', '2000']]), 'InvalidParameterValueException', /not modifiable/);
    await expectApiError(modify('mc', [['modern', '1']]), 'InvalidParameterValueException'); // removed in 1.5
    expect(effectiveParameters(ctx, 'mc')).toMatchObject({ max_item_size: '10485760', chunk_size_growth_factor: '1.5', chunk_size: '48' });
  });

  it('validates rename-commands pairs', async () => {
    await create('rn', 'redis6.x');
    await modify('rn', [['rename-commands', 'flushall blocked-flushall KEYS nokeys']]);
    await expectApiError(modify('rn', [['rename-commands', 'flushall']]), 'InvalidParameterValueException');
    await expectApiError(modify('rn', [['rename-commands', 'CONFIG myconfig']]), 'InvalidParameterValueException');
  });

  it('tells the change listener which parameters changed, with their change type', async () => {
    const calls: { groupName: string; changed: { name: string; value?: string; changeType: string }[]; effective: Record<string, string> }[] = [];
    setParameterGroupChangeListener((_c, change) => void calls.push(change));
    await create('listened');
    await modify('listened', [['maxmemory-policy', 'allkeys-lfu']]);
    await modify('listened', [['maxmemory-policy', 'allkeys-lfu']]); // unchanged: no call
    expect(calls).toHaveLength(1);
    expect(calls[0]!.groupName).toBe('listened');
    expect(calls[0]!.changed).toEqual([{ name: 'maxmemory-policy', value: 'allkeys-lfu', changeType: 'immediate' }]);
    expect(calls[0]!.effective['maxmemory-policy']).toBe('allkeys-lfu');
    await call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'listened', ResetAllParameters: true }, ctx);
    expect(calls[1]!.changed).toEqual([{ name: 'maxmemory-policy', value: 'volatile-lru', changeType: 'immediate' }]);
  });

  it('reports requires-reboot memcached changes', async () => {
    const calls: { changed: { name: string; changeType: string }[] }[] = [];
    setParameterGroupChangeListener((_c, change) => void calls.push(change));
    await create('mcl', 'memcached1.6');
    await modify('mcl', [['max_item_size', '2097152']]);
    expect(calls[0]!.changed[0]).toMatchObject({ name: 'max_item_size', changeType: 'requires-reboot' });
  });

  it('lets conditionally modifiable parameters change only while no cluster uses the group', async () => {
    await create('cond', 'redis4.0');
    await modify('cond', [['databases', '32']]);
    setParameterGroupInUseChecker((_c, name) => name === 'cond');
    await expectApiError(modify('cond', [['databases', '64']]), 'InvalidParameterValueException', /not associated/);
    await modify('cond', [['timeout', '0']]);
    await create('old28', 'redis2.8');
    await modify('old28', [['databases', '64']]); // plainly modifiable before 3.2.4
  });
});

describe('ResetCacheParameterGroup', () => {
  const modify = (name: string, n: string, v: string) =>
    call(handlers, 'ModifyCacheParameterGroup', { CacheParameterGroupName: name, ParameterNameValues: [{ ParameterName: n, ParameterValue: v }] }, ctx);

  it('resets named parameters to the engine default', async () => {
    await create('rs');
    await modify('rs', 'timeout', '120');
    await modify('rs', 'maxmemory-policy', 'noeviction');
    const r = await call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'rs', ParameterNameValues: [{ ParameterName: 'timeout' }] }, ctx);
    expect(r).toEqual({ CacheParameterGroupName: 'rs' });
    const d = await allParameters('rs');
    expect(param(d, 'timeout')).toMatchObject({ ParameterValue: '0', Source: 'user' });
    expect(param(d, 'maxmemory-policy')).toMatchObject({ ParameterValue: 'noeviction', Source: 'user' });
    expect(param(await allParameters('rs', 'engine-default'), 'timeout')).toBeDefined();
  });

  it('resets everything with ResetAllParameters', async () => {
    await create('rsall');
    await modify('rsall', 'timeout', '120');
    await call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'rsall', ResetAllParameters: true }, ctx);
    expect(effectiveParameters(ctx, 'rsall')).toEqual(effectiveParameters(ctx, 'default.redis7'));
  });

  it('needs exactly one of ResetAllParameters and ParameterNameValues', async () => {
    await create('rsx');
    await expectApiError(call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'rsx' }, ctx), 'InvalidParameterCombinationException');
    await expectApiError(call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'rsx', ResetAllParameters: false }, ctx), 'InvalidParameterCombinationException');
    await expectApiError(
      call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'rsx', ResetAllParameters: true, ParameterNameValues: [{ ParameterName: 'timeout' }] }, ctx),
      'InvalidParameterCombinationException',
    );
  });

  it('rejects unknown parameters, unknown groups and default groups', async () => {
    await create('rsy');
    await expectApiError(call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'rsy', ParameterNameValues: [{ ParameterName: 'bogus' }] }, ctx), 'InvalidParameterValueException');
    await expectApiError(call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'nope', ResetAllParameters: true }, ctx), 'CacheParameterGroupNotFoundFault');
    await expectApiError(call(handlers, 'ResetCacheParameterGroup', { CacheParameterGroupName: 'default.redis7', ResetAllParameters: true }, ctx), 'InvalidParameterValueException');
  });
});

describe('DeleteCacheParameterGroup', () => {
  it('deletes a custom group and its tags', async () => {
    const r = await create('del', 'redis7', 'd', { Tags: [{ Key: 'a', Value: 'b' }] });
    await call(handlers, 'DeleteCacheParameterGroup', { CacheParameterGroupName: 'del' }, ctx);
    await expectApiError(call(handlers, 'DescribeCacheParameterGroups', { CacheParameterGroupName: 'del' }, ctx), 'CacheParameterGroupNotFoundFault');
    expect(ctx.env.store.db.prepare('SELECT count(*) AS n FROM tags WHERE arn = ?').get(r.CacheParameterGroup!.ARN)).toEqual({ n: 0 });
  });

  it('refuses default groups', async () => {
    await expectApiError(call(handlers, 'DeleteCacheParameterGroup', { CacheParameterGroupName: 'default.redis7' }, ctx), 'InvalidCacheParameterGroupStateFault');
  });

  it('answers CacheParameterGroupNotFound for an unknown group', async () => {
    await expectApiError(call(handlers, 'DeleteCacheParameterGroup', { CacheParameterGroupName: 'nope' }, ctx), 'CacheParameterGroupNotFoundFault');
  });

  it('refuses a group a cache cluster uses (stored cluster documents)', async () => {
    await create('used');
    ctx.env.store.collection('cache-cluster').put(ctx, 'c1', { CacheClusterId: 'c1', CacheParameterGroup: { CacheParameterGroupName: 'used', ParameterApplyStatus: 'in-sync' } });
    await expectApiError(call(handlers, 'DeleteCacheParameterGroup', { CacheParameterGroupName: 'used' }, ctx), 'InvalidCacheParameterGroupStateFault', /can not be deleted in the current state/);
    expect(resolveParameterGroup(ctx, 'used').group.CacheParameterGroupName).toBe('used');
  });

  it('uses the in-use checker the cluster owner installs', async () => {
    await create('hooked');
    setParameterGroupInUseChecker((_c, name) => name === 'hooked');
    await expectApiError(call(handlers, 'DeleteCacheParameterGroup', { CacheParameterGroupName: 'hooked' }, ctx), 'InvalidCacheParameterGroupStateFault');
    setParameterGroupInUseChecker(undefined);
    await call(handlers, 'DeleteCacheParameterGroup', { CacheParameterGroupName: 'hooked' }, ctx);
  });
});

describe('DescribeCacheParameters', () => {
  it('shows cluster-enabled yes in the .cluster.on default group', async () => {
    expect(param(await allParameters('default.redis7.cluster.on'), 'cluster-enabled')?.ParameterValue).toBe('yes');
    expect(param(await allParameters('default.redis7'), 'cluster-enabled')?.ParameterValue).toBe('no');
  });

  it('includes node-type-specific maxmemory values', async () => {
    const d = await allParameters('default.redis7');
    const maxmemory = d.CacheNodeTypeSpecificParameters!.find((p) => p.ParameterName === 'maxmemory')!;
    expect(maxmemory.IsModifiable).toBe(false);
    const values = Object.fromEntries(maxmemory.CacheNodeTypeSpecificValues!.map((v) => [v.CacheNodeType, v.Value]));
    expect(values['cache.t3.micro']).toBe('536870912');
    expect(values['cache.r6g.large']).toBe('14037181030');
    expect(values['cache.m5.24xlarge']).toBe('337500562842');
    const hard = d.CacheNodeTypeSpecificParameters!.find((p) => p.ParameterName === 'client-output-buffer-limit-replica-hard-limit')!;
    expect(hard.CacheNodeTypeSpecificValues!.find((v) => v.CacheNodeType === 'cache.m5.large')?.Value).toBe('685454275');
  });

  it('pages parameters and node-type-specific parameters together', async () => {
    const first = await call<CacheParameterGroupDetails>(handlers, 'DescribeCacheParameters', { CacheParameterGroupName: 'default.redis5.0', MaxRecords: 20 }, ctx);
    expect(first.Parameters).toHaveLength(20);
    expect(first.Marker).toBeDefined();
    const all = await allParameters('default.redis5.0');
    expect(all.Parameters).toHaveLength(57);
    expect(all.CacheNodeTypeSpecificParameters!.map((p) => p.ParameterName).sort()).toEqual([
      'client-output-buffer-limit-replica-hard-limit',
      'client-output-buffer-limit-replica-soft-limit',
      'maxmemory',
    ]);
  });

  it('validates Source and the group name', async () => {
    await expectApiError(call(handlers, 'DescribeCacheParameters', { CacheParameterGroupName: 'default.redis7', Source: 'bogus' }, ctx), 'InvalidParameterValueException');
    await expectApiError(call(handlers, 'DescribeCacheParameters', { CacheParameterGroupName: 'nope' }, ctx), 'CacheParameterGroupNotFoundFault');
    await expectApiError(call(handlers, 'DescribeCacheParameters', {}, ctx), 'MissingParameter');
  });

  it('filters by Source: system for the fixed ones, engine-default for unchanged values', async () => {
    await create('src');
    await call(handlers, 'ModifyCacheParameterGroup', { CacheParameterGroupName: 'src', ParameterNameValues: [{ ParameterName: 'timeout', ParameterValue: '60' }] }, ctx);
    const system = await allParameters('src', 'system');
    expect(system.Parameters!.every((p) => p.Source === 'system')).toBe(true);
    expect(param(system, 'maxclients')).toBeDefined();
    expect(param(system, 'timeout')).toBeUndefined();
    expect(system.CacheNodeTypeSpecificParameters).toHaveLength(3);
    const unchanged = await allParameters('src', 'engine-default');
    expect(param(unchanged, 'timeout')).toBeUndefined();
    expect(param(unchanged, 'tcp-keepalive')).toBeDefined();
  });
});

describe('DescribeEngineDefaultParameters', () => {
  it('returns the family defaults with Source system', async () => {
    const r = await call<DescribeEngineDefaultParametersResult>(handlers, 'DescribeEngineDefaultParameters', { CacheParameterGroupFamily: 'redis5.0' }, ctx);
    const d = r.EngineDefaults!;
    expect(d.CacheParameterGroupFamily).toBe('redis5.0');
    expect(d.Marker).toBeUndefined();

    expect(d.Parameters!.length).toBe(57);
    expect(d.Parameters![0]).toEqual({
      ParameterName: 'activedefrag',
      ParameterValue: 'no',
      Description: 'Enabled active memory defragmentation',
      Source: 'system',
      DataType: 'string',
      AllowedValues: 'yes,no',
      IsModifiable: true,
      MinimumEngineVersion: '5.0.0',
      ChangeType: 'immediate',
    });
    const notify = d.Parameters!.find((p) => p.ParameterName === 'notify-keyspace-events')!;
    expect(notify.ParameterValue).toBeUndefined();
  });

  it('pages with MaxRecords', async () => {
    const r = await call<DescribeEngineDefaultParametersResult>(handlers, 'DescribeEngineDefaultParameters', { CacheParameterGroupFamily: 'memcached1.4', MaxRecords: 20 }, ctx);
    expect(r.EngineDefaults!.Parameters).toHaveLength(20);
    const next = await call<DescribeEngineDefaultParametersResult>(handlers, 'DescribeEngineDefaultParameters', { CacheParameterGroupFamily: 'memcached1.4', MaxRecords: 20, Marker: r.EngineDefaults!.Marker }, ctx);
    expect(next.EngineDefaults!.Parameters!.length).toBeGreaterThan(0);
    expect(next.EngineDefaults!.CacheNodeTypeSpecificParameters!.map((p) => p.ParameterName).sort()).toEqual(['max_cache_memory', 'num_threads']);
  });

  it('rejects an unknown family', async () => {
    await expectApiError(call(handlers, 'DescribeEngineDefaultParameters', { CacheParameterGroupFamily: 'redis8' }, ctx), 'InvalidParameterValueException');
    await expectApiError(call(handlers, 'DescribeEngineDefaultParameters', {}, ctx), 'MissingParameter');
  });
});

describe('helpers for the cluster owner', () => {
  it('picks the default group for an engine version', () => {
    expect(defaultParameterGroupFor('redis', '7.1', false)).toBe('default.redis7');
    expect(defaultParameterGroupFor('redis', '7.1', true)).toBe('default.redis7.cluster.on');
    expect(defaultParameterGroupFor('redis', '6.2', true)).toBe('default.redis6.x.cluster.on');
    expect(defaultParameterGroupFor('redis', '5.0.6', false)).toBe('default.redis5.0');
    expect(defaultParameterGroupFor('redis', '2.8.24', true)).toBe('default.redis2.8');
    expect(defaultParameterGroupFor('valkey', '8.0', true)).toBe('default.valkey8.cluster.on');
    expect(defaultParameterGroupFor('valkey', '7.2', false)).toBe('default.valkey7');
    expect(defaultParameterGroupFor('memcached', '1.6.22', false)).toBe('default.memcached1.6');
    expect(defaultParameterGroupFor('memcached', '1.4.5', false)).toBe('default.memcached1.4');
    expect(defaultParameterGroupFor('redis', '9.9', false)).toBeUndefined();
  });

  it('gives effective parameters with node-type-specific values', async () => {
    const e = effectiveParameters(ctx, 'default.redis7', 'cache.t3.micro');
    expect(e['maxmemory']).toBe('536870912');
    expect(e['maxmemory-policy']).toBe('volatile-lru');
    expect(e['cluster-enabled']).toBe('no');
    expect(e['notify-keyspace-events']).toBeUndefined();
    const m = effectiveParameters(ctx, 'default.memcached1.6', 'cache.t3.micro');
    expect(m).toMatchObject({ max_cache_memory: '512', num_threads: '2', max_item_size: '1048576' });
  });

  it('checks the family of a named group', async () => {
    await create('fam5', 'redis5.0');
    expect(assertParameterGroupFamily(ctx, 'fam5', 'redis5.0').group.CacheParameterGroupName).toBe('fam5');
    await expectApiError(() => assertParameterGroupFamily(ctx, 'fam5', 'redis7'), 'InvalidParameterCombinationException', 'Expected a parameter group of family redis7 but found one of family redis5.0');
    await expectApiError(() => assertParameterGroupFamily(ctx, 'nope', 'redis7'), 'CacheParameterGroupNotFoundFault');
  });
});
