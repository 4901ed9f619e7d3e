import type { CacheCluster, CacheSubnetGroup } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { availabilityZones, defaultVpc, findSubnet, vpcs } from '../../src/catalog/network.js';
import type { RequestContext } from '../../src/env.js';
import { handlers, resolveSubnetGroup, SUBNET_GROUP_QUOTA } from '../../src/services/subnetGroups.js';
import { handlers as tagHandlers, listTags } from '../../src/services/tags.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
const subnetsOf = (c: RequestContext) => defaultVpc(c).subnets.map((s) => s.subnetId);
const create = (input: object) => call(handlers, 'CreateCacheSubnetGroup', input, ctx);
const groupCount = () => ctx.env.store.collection('cache-subnet-group').list(ctx).length;

function putCluster(id: string, subnetGroup: string, azs: string[]): void {
  const cluster: CacheCluster = {
    CacheClusterId: id,
    CacheSubnetGroupName: subnetGroup,
    CacheNodes: azs.map((az, i) => ({ CacheNodeId: String(i + 1).padStart(4, '0'), CustomerAvailabilityZone: az })),
  };
  ctx.env.store.collection<CacheCluster>('cache-cluster').put(ctx, id, cluster);
}

beforeEach(() => {
  ctx = makeContext();
});

describe('simulated network', () => {
  it('has a default VPC with one subnet per AZ, stable and scoped', () => {
    const vpc = defaultVpc(ctx);
    expect(vpc.isDefault).toBe(true);
    expect(vpc.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.subnets.map((s) => s.availabilityZone)).toEqual(availabilityZones('us-east-1'));
    expect(availabilityZones('us-east-1')).toHaveLength(6);
    expect(availabilityZones('eu-west-1')).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(defaultVpc(makeContext()).vpcId).toBe(vpc.vpcId);
    expect(defaultVpc(makeContext('111111111111')).vpcId).not.toBe(vpc.vpcId);
    expect(vpcs(ctx)).toHaveLength(2);
    expect(findSubnet(ctx, vpc.subnets[0]!.subnetId)?.cidrBlock).toBe('172.31.0.0/20');
    expect(findSubnet(ctx, 'subnet-nope')).toBeUndefined();
  });
});

describe('CreateCacheSubnetGroup', () => {
  it('creates a group, lower-cases its name and stores tags', async () => {
    const ids = subnetsOf(ctx).slice(0, 2);
    const out = await create({
      CacheSubnetGroupName: 'My-Group',
      CacheSubnetGroupDescription: 'mine',
      SubnetIds: ids,
      Tags: [{ Key: 'team', Value: 'cache' }],
    });
    const group: CacheSubnetGroup = out.CacheSubnetGroup;
    expect(group.CacheSubnetGroupName).toBe('my-group');
    expect(group.VpcId).toBe(defaultVpc(ctx).vpcId);
    expect(group.ARN).toBe('arn:aws:elasticache:us-east-1:000000000000:subnetgroup:my-group');
    expect(group.Subnets).toEqual([
      { SubnetIdentifier: ids[0], SubnetAvailabilityZone: { Name: 'us-east-1a' }, SupportedNetworkTypes: ['ipv4'] },
      { SubnetIdentifier: ids[1], SubnetAvailabilityZone: { Name: 'us-east-1b' }, SupportedNetworkTypes: ['ipv4'] },
    ]);
    expect(group.SupportedNetworkTypes).toEqual(['ipv4']);
    expect(listTags(ctx, group.ARN!)).toEqual([{ Key: 'team', Value: 'cache' }]);
  });

  it('accepts subnets of the non-default VPC', async () => {
    const other = vpcs(ctx)[1]!;
    const out = await create({ CacheSubnetGroupName: 'app', CacheSubnetGroupDescription: 'd', SubnetIds: [other.subnets[0]!.subnetId] });
    expect(out.CacheSubnetGroup.VpcId).toBe(other.vpcId);
  });

  it('requires name, description and subnets', async () => {
    await expectApiError(create({ CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) }), 'MissingParameter', /CacheSubnetGroupName/);
    await expectApiError(create({ CacheSubnetGroupName: 'g', SubnetIds: subnetsOf(ctx) }), 'MissingParameter', /CacheSubnetGroupDescription/);
    await expectApiError(create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd' }), 'MissingParameter', /SubnetIds/);
    await expectApiError(create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: [] }), 'MissingParameter');
    expect(groupCount()).toBe(0);
  });

  it('checks the name rules', async () => {
    for (const name of ['has_underscore', 'has space', 'x'.repeat(256)]) {
      await expectApiError(create({ CacheSubnetGroupName: name, CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) }), 'InvalidParameterValueException');
    }
    await create({ CacheSubnetGroupName: 'x'.repeat(255), CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) });
  });

  it('refuses unknown subnets and subnets of two VPCs with InvalidSubnet', async () => {
    await expectApiError(
      create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-12345678'] }),
      'InvalidSubnet',
      /subnet-12345678/,
    );
    const mixed = [defaultVpc(ctx).subnets[0]!.subnetId, vpcs(ctx)[1]!.subnets[0]!.subnetId];
    await expectApiError(create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: mixed }), 'InvalidSubnet', /same VPC/);
    // Subnets of another account are not ours.
    await expectApiError(
      create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(makeContext('111111111111')) }),
      'InvalidSubnet',
    );
    expect(groupCount()).toBe(0);
  });

  it('refuses duplicates (any case) and the name default', async () => {
    await create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) });
    await expectApiError(create({ CacheSubnetGroupName: 'G', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) }), 'CacheSubnetGroupAlreadyExists');
    await expectApiError(
      create({ CacheSubnetGroupName: 'default', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) }),
      'CacheSubnetGroupAlreadyExists',
    );
  });

  it('enforces the subnet-per-group quota', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `subnet-${i}`);
    await expectApiError(create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: many }), 'CacheSubnetQuotaExceededFault');
  });

  it('enforces the group quota', async () => {
    for (let i = 0; i < SUBNET_GROUP_QUOTA; i++) {
      await create({ CacheSubnetGroupName: `g${i}`, CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx).slice(0, 1) });
    }
    await expectApiError(
      create({ CacheSubnetGroupName: 'one-more', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) }),
      'CacheSubnetGroupQuotaExceeded',
    );
  });

  it('validates tags before creating anything', async () => {
    await expectApiError(
      create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx), Tags: [{ Key: 'aws:x', Value: 'y' }] }),
      'InvalidParameterValueException',
    );
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expectApiError(
      create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx), Tags: tooMany }),
      'TagQuotaPerResourceExceeded',
    );
    expect(groupCount()).toBe(0);
  });
});

describe('DescribeCacheSubnetGroups', () => {
  it('always has a default group covering every AZ', async () => {
    const out = await call(handlers, 'DescribeCacheSubnetGroups', {}, ctx);
    expect(out.CacheSubnetGroups).toHaveLength(1);
    const def: CacheSubnetGroup = out.CacheSubnetGroups[0];
    expect(def.CacheSubnetGroupName).toBe('default');
    expect(def.VpcId).toBe(defaultVpc(ctx).vpcId);
    expect(def.Subnets!.map((s) => s.SubnetAvailabilityZone!.Name)).toEqual(availabilityZones('us-east-1'));
    expect(def.ARN).toBe('arn:aws:elasticache:us-east-1:000000000000:subnetgroup:default');
    const west = makeContext('000000000000', 'us-west-2', ctx.env.store);
    const westOut = await call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'default' }, west);
    expect(westOut.CacheSubnetGroups[0].Subnets).toHaveLength(4);
  });

  it('finds one by name in any case, and NotFound otherwise', async () => {
    await create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) });
    const out = await call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'G' }, ctx);
    expect(out.CacheSubnetGroups.map((g: CacheSubnetGroup) => g.CacheSubnetGroupName)).toEqual(['g']);
    await expectApiError(call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'nope' }, ctx), 'CacheSubnetGroupNotFoundFault');
    // Another region does not see it.
    await expectApiError(
      call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'g' }, makeContext('000000000000', 'eu-west-1', ctx.env.store)),
      'CacheSubnetGroupNotFoundFault',
    );
  });

  it('pages with Marker and MaxRecords', async () => {
    for (let i = 0; i < 24; i++) await create({ CacheSubnetGroupName: `g${i}`, CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) });
    const first = await call(handlers, 'DescribeCacheSubnetGroups', { MaxRecords: 20 }, ctx);
    expect(first.CacheSubnetGroups).toHaveLength(20);
    expect(first.Marker).toBeTruthy();
    const second = await call(handlers, 'DescribeCacheSubnetGroups', { MaxRecords: 20, Marker: first.Marker }, ctx);
    expect(second.CacheSubnetGroups).toHaveLength(5);
    expect(second.Marker).toBeUndefined();
    await expectApiError(call(handlers, 'DescribeCacheSubnetGroups', { MaxRecords: 19 }, ctx), 'InvalidParameterValueException');
    await expectApiError(call(handlers, 'DescribeCacheSubnetGroups', { Marker: 'garbage' }, ctx), 'InvalidParameterValueException');
  });
});

describe('ModifyCacheSubnetGroup', () => {
  beforeEach(async () => {
    await create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx).slice(0, 2) });
  });
  const modify = (input: object) => call(handlers, 'ModifyCacheSubnetGroup', input, ctx);

  it('changes the description and the subnets', async () => {
    const out = await modify({ CacheSubnetGroupName: 'G', CacheSubnetGroupDescription: 'new', SubnetIds: subnetsOf(ctx).slice(2, 4) });
    expect(out.CacheSubnetGroup.CacheSubnetGroupDescription).toBe('new');
    expect(out.CacheSubnetGroup.Subnets.map((s: { SubnetAvailabilityZone: { Name: string } }) => s.SubnetAvailabilityZone.Name)).toEqual([
      'us-east-1c',
      'us-east-1d',
    ]);
    const described = await call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'g' }, ctx);
    expect(described.CacheSubnetGroups[0]).toEqual(out.CacheSubnetGroup);
    // Only the description: subnets stay.
    const again = await modify({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'again' });
    expect(again.CacheSubnetGroup.Subnets).toEqual(out.CacheSubnetGroup.Subnets);
  });

  it('fails on unknown groups, bad subnets and the default group, changing nothing', async () => {
    await expectApiError(modify({ CacheSubnetGroupName: 'nope', CacheSubnetGroupDescription: 'x' }), 'CacheSubnetGroupNotFoundFault');
    await expectApiError(modify({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'x', SubnetIds: ['subnet-bad'] }), 'InvalidSubnet');
    await expectApiError(modify({ CacheSubnetGroupName: 'default', CacheSubnetGroupDescription: 'x' }), 'InvalidParameterValueException');
    await expectApiError(modify({ CacheSubnetGroupDescription: 'x' }), 'MissingParameter');
    await expectApiError(
      modify({ CacheSubnetGroupName: 'g', SubnetIds: Array.from({ length: 21 }, (_, i) => `s-${i}`) }),
      'CacheSubnetQuotaExceededFault',
    );
    const out = await call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'g' }, ctx);
    expect(out.CacheSubnetGroups[0].CacheSubnetGroupDescription).toBe('d');
  });

  it('refuses to remove the subnet of an AZ a cluster node lives in (SubnetInUse)', async () => {
    putCluster('c1', 'g', ['us-east-1b']);
    await expectApiError(modify({ CacheSubnetGroupName: 'g', SubnetIds: subnetsOf(ctx).slice(0, 1) }), 'SubnetInUse', /c1/);
    // Replacing the other subnet is fine.
    await modify({ CacheSubnetGroupName: 'g', SubnetIds: [subnetsOf(ctx)[1], subnetsOf(ctx)[2]] });
    // Moving an in-use group to another VPC is not.
    await expectApiError(modify({ CacheSubnetGroupName: 'g', SubnetIds: [vpcs(ctx)[1]!.subnets[1]!.subnetId] }), 'InvalidParameterValueException');
  });
});

describe('DeleteCacheSubnetGroup', () => {
  const del = (name?: string) => call(handlers, 'DeleteCacheSubnetGroup', name === undefined ? {} : { CacheSubnetGroupName: name }, ctx);

  it('deletes a group and its tags', async () => {
    const { CacheSubnetGroup: g } = await create({
      CacheSubnetGroupName: 'g',
      CacheSubnetGroupDescription: 'd',
      SubnetIds: subnetsOf(ctx),
      Tags: [{ Key: 'a', Value: 'b' }],
    });
    expect(await del('G')).toEqual({});
    await expectApiError(call(handlers, 'DescribeCacheSubnetGroups', { CacheSubnetGroupName: 'g' }, ctx), 'CacheSubnetGroupNotFoundFault');
    expect(listTags(ctx, g.ARN)).toEqual([]);
    await expectApiError(call(tagHandlers, 'ListTagsForResource', { ResourceName: g.ARN }, ctx), 'CacheSubnetGroupNotFoundFault');
  });

  it('refuses unknown, in-use and default groups', async () => {
    await expectApiError(del('nope'), 'CacheSubnetGroupNotFoundFault');
    await expectApiError(del(), 'MissingParameter');
    await expectApiError(del('default'), 'InvalidParameterValueException');
    await create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx) });
    putCluster('c1', 'g', ['us-east-1a']);
    await expectApiError(del('g'), 'CacheSubnetGroupInUse', /c1/);
    expect(groupCount()).toBe(1);
  });
});

describe('resolveSubnetGroup', () => {
  it('returns subnets and AZs, default included', async () => {
    const def = resolveSubnetGroup(ctx, 'default');
    expect(def.availabilityZones).toEqual(availabilityZones('us-east-1'));
    await create({ CacheSubnetGroupName: 'g', CacheSubnetGroupDescription: 'd', SubnetIds: subnetsOf(ctx).slice(1, 3) });
    const g = resolveSubnetGroup(ctx, 'G');
    expect(g.group.CacheSubnetGroupName).toBe('g');
    expect(g.availabilityZones).toEqual(['us-east-1b', 'us-east-1c']);
    expect(g.subnets.map((s) => s.cidrBlock)).toEqual(['172.31.16.0/20', '172.31.32.0/20']);
    await expectApiError(() => resolveSubnetGroup(ctx, 'nope'), 'CacheSubnetGroupNotFoundFault');
  });
});
