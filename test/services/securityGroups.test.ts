import type { CacheCluster, CacheSecurityGroup } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/env.js';
import { handlers, resolveSecurityGroup, SECURITY_GROUP_QUOTA } from '../../src/services/securityGroups.js';
import { listTags } from '../../src/services/tags.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
const run = (action: string, input: object) => call(handlers, action, input, ctx);
const create = (name: string, extra: object = {}) => run('CreateCacheSecurityGroup', { CacheSecurityGroupName: name, Description: 'desc', ...extra });
const describeAll = async (): Promise<CacheSecurityGroup[]> => (await run('DescribeCacheSecurityGroups', {})).CacheSecurityGroups;
const ingress = { EC2SecurityGroupName: 'web', EC2SecurityGroupOwnerId: '123456789012' };

beforeEach(() => {
  ctx = makeContext();
});

describe('CreateCacheSecurityGroup', () => {
  it('creates a group (lower-cased) with its tags', async () => {
    const out = await create('MySg', { Tags: [{ Key: 'k', Value: 'v' }] });
    expect(out.CacheSecurityGroup).toEqual({
      OwnerId: '000000000000',
      CacheSecurityGroupName: 'mysg',
      Description: 'desc',
      EC2SecurityGroups: [],
      ARN: 'arn:aws:elasticache:us-east-1:000000000000:securitygroup:mysg',
    });
    expect(listTags(ctx, out.CacheSecurityGroup.ARN)).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('validates name, description and tags', async () => {
    await expectApiError(run('CreateCacheSecurityGroup', { Description: 'd' }), 'MissingParameter', /CacheSecurityGroupName/);
    await expectApiError(run('CreateCacheSecurityGroup', { CacheSecurityGroupName: 'a' }), 'MissingParameter', /Description/);
    await expectApiError(create('Default'), 'InvalidParameterValueException', /Default/);
    await expectApiError(create('bad_name'), 'InvalidParameterValueException');
    await expectApiError(create('x'.repeat(256)), 'InvalidParameterValueException');
    await expectApiError(create('ok', { Tags: [{ Key: 'aws:reserved', Value: 'v' }] }), 'InvalidParameterValueException');
    expect(await describeAll()).toHaveLength(1);
  });

  it('refuses duplicates and enforces the quota', async () => {
    await create('sg');
    await expectApiError(create('SG'), 'CacheSecurityGroupAlreadyExistsFault');
    for (let i = 1; i < SECURITY_GROUP_QUOTA; i++) await create(`sg${i}`);
    await expectApiError(create('one-more'), 'CacheSecurityGroupQuotaExceededFault');
  });
});

describe('DescribeCacheSecurityGroups', () => {
  it('lists the default group first, then created ones, paged', async () => {
    const initial = await describeAll();
    expect(initial).toEqual([
      {
        OwnerId: '000000000000',
        CacheSecurityGroupName: 'default',
        Description: 'default',
        EC2SecurityGroups: [],
        ARN: 'arn:aws:elasticache:us-east-1:000000000000:securitygroup:default',
      },
    ]);
    for (let i = 0; i < 21; i++) await create(`sg${i}`);
    const first = await run('DescribeCacheSecurityGroups', { MaxRecords: 20 });
    expect(first.CacheSecurityGroups).toHaveLength(20);
    const second = await run('DescribeCacheSecurityGroups', { MaxRecords: 20, Marker: first.Marker });
    expect(second.CacheSecurityGroups.map((g: CacheSecurityGroup) => g.CacheSecurityGroupName)).toEqual(['sg19', 'sg20']);
    expect(second.Marker).toBeUndefined();
    await expectApiError(run('DescribeCacheSecurityGroups', { MaxRecords: 101 }), 'InvalidParameterValueException');
  });

  it('finds by name, NotFound otherwise and in other scopes', async () => {
    await create('sg');
    const out = await run('DescribeCacheSecurityGroups', { CacheSecurityGroupName: 'SG' });
    expect(out.CacheSecurityGroups[0].CacheSecurityGroupName).toBe('sg');
    await expectApiError(run('DescribeCacheSecurityGroups', { CacheSecurityGroupName: 'nope' }), 'CacheSecurityGroupNotFoundFault');
    const other = makeContext('111111111111', 'us-east-1', ctx.env.store);
    await expectApiError(call(handlers, 'DescribeCacheSecurityGroups', { CacheSecurityGroupName: 'sg' }, other), 'CacheSecurityGroupNotFoundFault');
    expect(resolveSecurityGroup(ctx, 'sg').CacheSecurityGroupName).toBe('sg');
    expect(() => resolveSecurityGroup(ctx, 'nope')).toThrow(/not found/);
  });
});

describe('DeleteCacheSecurityGroup', () => {
  it('deletes a group and its tags', async () => {
    const { CacheSecurityGroup: g } = await create('sg', { Tags: [{ Key: 'k', Value: 'v' }] });
    expect(await run('DeleteCacheSecurityGroup', { CacheSecurityGroupName: 'sg' })).toEqual({});
    expect((await describeAll()).map((x) => x.CacheSecurityGroupName)).toEqual(['default']);
    expect(listTags(ctx, g.ARN)).toEqual([]);
  });

  it('refuses unknown, default and in-use groups', async () => {
    await expectApiError(run('DeleteCacheSecurityGroup', { CacheSecurityGroupName: 'nope' }), 'CacheSecurityGroupNotFoundFault');
    await expectApiError(run('DeleteCacheSecurityGroup', {}), 'MissingParameter');
    await expectApiError(run('DeleteCacheSecurityGroup', { CacheSecurityGroupName: 'default' }), 'InvalidParameterValueException');
    await create('sg');
    const cluster: CacheCluster = { CacheClusterId: 'c1', CacheSecurityGroups: [{ CacheSecurityGroupName: 'sg', Status: 'active' }] };
    ctx.env.store.collection<CacheCluster>('cache-cluster').put(ctx, 'c1', cluster);
    await expectApiError(run('DeleteCacheSecurityGroup', { CacheSecurityGroupName: 'sg' }), 'InvalidCacheSecurityGroupStateFault', /c1/);
    expect(await describeAll()).toHaveLength(2);
  });
});

describe('Authorize/RevokeCacheSecurityGroupIngress', () => {
  it('authorizes, lists, revokes', async () => {
    await create('sg');
    const auth = await run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress });
    expect(auth.CacheSecurityGroup.EC2SecurityGroups).toEqual([{ Status: 'authorized', ...ingress }]);
    await run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress, EC2SecurityGroupName: 'db' });
    const [, sg] = await describeAll();
    expect(sg!.EC2SecurityGroups!.map((g) => g.EC2SecurityGroupName)).toEqual(['web', 'db']);
    const revoke = await run('RevokeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress });
    expect(revoke.CacheSecurityGroup.EC2SecurityGroups[0]).toEqual({ Status: 'revoking', ...ingress });
    const [, after] = await describeAll();
    expect(after!.EC2SecurityGroups!.map((g) => g.EC2SecurityGroupName)).toEqual(['db']);
  });

  it('works on the default group', async () => {
    await run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'default', ...ingress });
    const [def] = await describeAll();
    expect(def!.EC2SecurityGroups).toHaveLength(1);
    await expectApiError(run('DeleteCacheSecurityGroup', { CacheSecurityGroupName: 'default' }), 'InvalidParameterValueException');
  });

  it('reports every error without changing anything', async () => {
    await create('sg');
    await expectApiError(run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'nope', ...ingress }), 'CacheSecurityGroupNotFoundFault');
    await expectApiError(run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', EC2SecurityGroupName: 'web' }), 'MissingParameter');
    await expectApiError(
      run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', EC2SecurityGroupOwnerId: '123456789012' }),
      'MissingParameter',
    );
    await expectApiError(
      run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress, EC2SecurityGroupOwnerId: 'abc' }),
      'InvalidParameterValueException',
    );
    await run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress });
    await expectApiError(run('AuthorizeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress }), 'AuthorizationAlreadyExistsFault');
    await expectApiError(
      run('RevokeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'sg', ...ingress, EC2SecurityGroupOwnerId: '999999999999' }),
      'AuthorizationNotFoundFault',
    );
    await expectApiError(run('RevokeCacheSecurityGroupIngress', { CacheSecurityGroupName: 'nope', ...ingress }), 'CacheSecurityGroupNotFoundFault');
    const [, sg] = await describeAll();
    expect(sg!.EC2SecurityGroups).toEqual([{ Status: 'authorized', ...ingress }]);
  });
});
