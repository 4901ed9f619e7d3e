import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/env.js';
import { makeArn, type ArnResourceType } from '../../src/services/arn.js';
import { deleteTagsFor, handlers, listTags, registerTaggable, setTags } from '../../src/services/tags.js';
import { ApiError } from '../../src/api/errors.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
const add = (arn: string, tags: object[]) => call(handlers, 'AddTagsToResource', { ResourceName: arn, Tags: tags }, ctx);
const list = (arn: string) => call(handlers, 'ListTagsForResource', { ResourceName: arn }, ctx);
const remove = (arn: string, keys: string[]) => call(handlers, 'RemoveTagsFromResource', { ResourceName: arn, TagKeys: keys }, ctx);

/** Each taggable type: the collection its fallback looks in, and its NotFound fault. */
const TYPES: [ArnResourceType, string, string][] = [
  ['cluster', 'cache-cluster', 'CacheClusterNotFoundFault'],
  ['replicationgroup', 'replication-group', 'ReplicationGroupNotFoundFault'],
  ['subnetgroup', 'cache-subnet-group', 'CacheSubnetGroupNotFoundFault'],
  ['securitygroup', 'cache-security-group', 'CacheSecurityGroupNotFoundFault'],
  ['snapshot', 'snapshot', 'SnapshotNotFoundFault'],
  ['user', 'user', 'UserNotFoundFault'],
  ['usergroup', 'user-group', 'UserGroupNotFoundFault'],
  ['reserved-instance', 'reserved-cache-node', 'ReservedCacheNodeNotFoundFault'],
  ['serverlesscache', 'serverless-cache', 'ServerlessCacheNotFoundFault'],
  ['serverlesscachesnapshot', 'serverless-cache-snapshot', 'ServerlessCacheSnapshotNotFoundFault'],
];

function putResource(kind: string, id: string): void {
  ctx.env.store.collection(kind).put(ctx, id, { id });
}

beforeEach(() => {
  ctx = makeContext();
});

describe('tagging every resource type', () => {
  for (const [type, kind, notFound] of TYPES) {
    it(`${type}: NotFound when missing, tags when present`, async () => {
      const arn = makeArn(ctx, type, 'res-1');
      await expectApiError(list(arn), notFound);
      await expectApiError(add(arn, [{ Key: 'a', Value: '1' }]), notFound);
      await expectApiError(remove(arn, ['a']), notFound);
      putResource(kind, 'res-1');
      expect(await add(arn, [{ Key: 'a', Value: '1' }])).toEqual({ TagList: [{ Key: 'a', Value: '1' }] });
      expect(await list(arn)).toEqual({ TagList: [{ Key: 'a', Value: '1' }] });
      expect(await remove(arn, ['a'])).toEqual({ TagList: [] });
    });
  }

  it('parametergroup: default groups exist, custom ones once created, unknown defaults do not', async () => {
    const { handlers: pg } = await import('../../src/services/parameterGroups.js');
    const arn = makeArn(ctx, 'parametergroup', 'mine');
    await expectApiError(list(arn), 'CacheParameterGroupNotFoundFault', /mine/);
    await call(pg, 'CreateCacheParameterGroup', { CacheParameterGroupName: 'mine', CacheParameterGroupFamily: 'redis7', Description: 'd' }, ctx);
    expect((await add(arn, [{ Key: 'a', Value: '1' }])).TagList).toEqual([{ Key: 'a', Value: '1' }]);
    await expectApiError(list(makeArn(ctx, 'parametergroup', 'default.nosuchfamily')), 'CacheParameterGroupNotFoundFault');
  });

  it('treats built-in resources as existing', async () => {
    for (const arn of [
      makeArn(ctx, 'subnetgroup', 'default'),
      makeArn(ctx, 'securitygroup', 'default'),
      makeArn(ctx, 'parametergroup', 'default.redis7'),
      makeArn(ctx, 'user', 'default'),
    ]) {
      expect(await add(arn, [{ Key: 'k', Value: 'v' }])).toEqual({ TagList: [{ Key: 'k', Value: 'v' }] });
    }
  });

  it('lets a family register its own existence check', async () => {
    registerTaggable(
      'usergroup',
      (_ctx, id) => id === 'magic',
      (id) => new ApiError('UserGroupNotFoundFault', `nope ${id}`),
    );
    try {
      expect((await list(makeArn(ctx, 'usergroup', 'magic'))).TagList).toEqual([]);
      await expectApiError(list(makeArn(ctx, 'usergroup', 'other')), 'UserGroupNotFoundFault', 'nope other');
    } finally {
      registerTaggable('usergroup', (c, id) => c.env.store.collection('user-group').has(c, id), (id) => new ApiError('UserGroupNotFoundFault', id));
    }
  });
});

describe('ARN checks', () => {
  it('refuses malformed ARNs with InvalidARN', async () => {
    await expectApiError(list('not-an-arn'), 'InvalidARNFault', 'Input ARN string does not have 7 components.');
    await expectApiError(list('arn:aws:elasticache:us-east-1:000000000000:my-cluster'), 'InvalidARNFault', /7 components/);
    await expectApiError(list('arn:aws:s3:us-east-1:000000000000:bucket:x'), 'InvalidARNFault');
    await expectApiError(list('arn:aws:elasticache:us-east-1:0000:cluster:x'), 'InvalidARNFault');
    await expectApiError(list('arn:aws:elasticache:us-east-1:000000000000:widget:x'), 'InvalidARNFault');
    await expectApiError(list(makeArn(ctx, 'globalreplicationgroup', 'x')), 'InvalidARNFault');
    await expectApiError(call(handlers, 'ListTagsForResource', {}, ctx), 'MissingParameter');
  });

  it('answers NotFound for an ARN of another account or region', async () => {
    putResource('cache-cluster', 'c1');
    await add(makeArn(ctx, 'cluster', 'c1'), [{ Key: 'a', Value: 'b' }]);
    await expectApiError(list(makeArn({ account: '000000000000', region: 'eu-west-1' }, 'cluster', 'c1')), 'CacheClusterNotFoundFault');
    await expectApiError(list(makeArn({ account: '111111111111', region: 'us-east-1' }, 'cluster', 'c1')), 'CacheClusterNotFoundFault');
  });
});

describe('tag rules', () => {
  const arn = () => makeArn(ctx, 'cluster', 'c1');
  beforeEach(() => putResource('cache-cluster', 'c1'));

  it('overwrites values, keeps first-added order, allows empty values', async () => {
    await add(arn(), [{ Key: 'b', Value: '1' }, { Key: 'a', Value: '2' }]);
    const out = await add(arn(), [{ Key: 'b', Value: 'new' }, { Key: 'c' }]);
    expect(out.TagList).toEqual([
      { Key: 'b', Value: 'new' },
      { Key: 'a', Value: '2' },
      { Key: 'c', Value: '' },
    ]);
  });

  it('enforces 50 tags per resource over the merged set', async () => {
    await add(arn(), Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })));
    await add(arn(), [{ Key: 'k0', Value: 'again' }, { Key: 'k49', Value: 'v' }]);
    await expectApiError(add(arn(), [{ Key: 'k50', Value: 'v' }]), 'TagQuotaPerResourceExceeded');
    expect((await list(arn())).TagList).toHaveLength(50);
  });

  it('checks keys and values', async () => {
    await expectApiError(add(arn(), [{ Key: 'aws:name', Value: 'v' }]), 'InvalidParameterValueException');
    await expectApiError(add(arn(), [{ Key: 'AWS:name', Value: 'v' }]), 'InvalidParameterValueException');
    await expectApiError(add(arn(), [{ Key: 'k'.repeat(129), Value: 'v' }]), 'InvalidParameterValueException');
    await expectApiError(add(arn(), [{ Key: 'k', Value: 'v'.repeat(257) }]), 'InvalidParameterValueException');
    await expectApiError(add(arn(), [{ Key: '', Value: 'v' }]), 'InvalidParameterValueException');
    await expectApiError(add(arn(), [{ Key: 'ok', Value: 'v' }, { Key: 'aws:x', Value: 'v' }]), 'InvalidParameterValueException');
    await expectApiError(call(handlers, 'AddTagsToResource', { ResourceName: arn() }, ctx), 'MissingParameter');
    expect((await list(arn())).TagList).toEqual([]);
    await add(arn(), [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
  });

  it('RemoveTagsFromResource of a missing key is TagNotFound and removes nothing', async () => {
    await add(arn(), [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    await expectApiError(remove(arn(), ['a', 'zzz']), 'TagNotFoundFault', /zzz/);
    expect((await list(arn())).TagList).toHaveLength(2);
    expect((await remove(arn(), ['a'])).TagList).toEqual([{ Key: 'b', Value: '2' }]);
    await expectApiError(call(handlers, 'RemoveTagsFromResource', { ResourceName: arn() }, ctx), 'MissingParameter');
  });

  it('exports setTags / listTags / deleteTagsFor for other families', async () => {
    setTags(ctx, arn(), [{ Key: 'x', Value: 'y' }]);
    setTags(ctx, arn(), undefined);
    expect(listTags(ctx, arn())).toEqual([{ Key: 'x', Value: 'y' }]);
    expect(() => setTags(ctx, arn(), [{ Key: 'aws:x', Value: 'y' }])).toThrow(ApiError);
    deleteTagsFor(ctx, arn());
    expect(listTags(ctx, arn())).toEqual([]);
  });
});
