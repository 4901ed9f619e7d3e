/**
 * Cache subnet groups: Create/Describe/Modify/DeleteCacheSubnetGroup over the
 * simulated VPC of src/catalog/network.ts. The 'default' group of every
 * account/region is synthesized from the default VPC (one subnet per AZ) and
 * never stored, so it always reflects the current AZ list.
 */
import type {
  CacheCluster,
  CacheSubnetGroup,
  CacheSubnetGroupMessage,
  CreateCacheSubnetGroupMessage,
  CreateCacheSubnetGroupResult,
  DeleteCacheSubnetGroupMessage,
  DescribeCacheSubnetGroupsMessage,
  ModifyCacheSubnetGroupMessage,
  ModifyCacheSubnetGroupResult,
  NetworkType,
  Subnet,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterValue, missingParameter } from '../api/errors.js';
import { defaultVpc, findSubnet, type SimulatedSubnet } from '../catalog/network.js';
import type { RequestContext } from '../env.js';
import type { Scope } from '../store/db.js';
import { makeArn } from './arn.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';
import { deleteTagsFor, registerTaggable, setTags, validateTags } from './tags.js';

/** ElastiCache's default quotas: subnet groups per region, subnets per group. */
export const SUBNET_GROUP_QUOTA = 150;
export const SUBNETS_PER_GROUP_QUOTA = 20;
export const DEFAULT_SUBNET_GROUP = 'default';

const KIND = 'cache-subnet-group';
const NETWORK_TYPES: NetworkType[] = ['ipv4'];

const collection = (ctx: RequestContext) => ctx.env.store.collection<CacheSubnetGroup>(KIND);
const clusters = (ctx: RequestContext) => ctx.env.store.collection<CacheCluster>('cache-cluster').list(ctx);

export const subnetGroupNotFound = (name: string) =>
  new ApiError('CacheSubnetGroupNotFoundFault', `Cache subnet group ${name} not found.`);

function toSdkSubnet(subnet: SimulatedSubnet): Subnet {
  return {
    SubnetIdentifier: subnet.subnetId,
    SubnetAvailabilityZone: { Name: subnet.availabilityZone },
    SupportedNetworkTypes: NETWORK_TYPES,
  };
}

function defaultGroup(scope: Scope): CacheSubnetGroup {
  const vpc = defaultVpc(scope);
  return {
    CacheSubnetGroupName: DEFAULT_SUBNET_GROUP,
    CacheSubnetGroupDescription: 'default',
    VpcId: vpc.vpcId,
    Subnets: vpc.subnets.map(toSdkSubnet),
    ARN: makeArn(scope, 'subnetgroup', DEFAULT_SUBNET_GROUP),
    SupportedNetworkTypes: NETWORK_TYPES,
  };
}

function findGroup(ctx: RequestContext, name: string): CacheSubnetGroup | undefined {
  const key = name.toLowerCase();
  return key === DEFAULT_SUBNET_GROUP ? defaultGroup(ctx) : collection(ctx).get(ctx, key);
}

function getGroup(ctx: RequestContext, name: string): CacheSubnetGroup {
  const group = findGroup(ctx, name);
  if (!group) throw subnetGroupNotFound(name);
  return group;
}

export interface ResolvedSubnetGroup {
  group: CacheSubnetGroup;
  subnets: SimulatedSubnet[];
  /** The distinct AZs the group's subnets cover, in subnet order. */
  availabilityZones: string[];
}

/** For the cluster owner: the group with its subnets and AZs, or CacheSubnetGroupNotFoundFault. */
export function resolveSubnetGroup(ctx: RequestContext, name: string): ResolvedSubnetGroup {
  const group = getGroup(ctx, name);
  const subnets = (group.Subnets ?? []).map((s) => findSubnet(ctx, s.SubnetIdentifier!)!).filter(Boolean);
  return { group, subnets, availabilityZones: [...new Set(subnets.map((s) => s.availabilityZone))] };
}

registerTaggable('subnetgroup', (ctx, id) => findGroup(ctx, id) !== undefined, subnetGroupNotFound);

/** "Must contain no more than 255 alphanumeric characters or hyphens." Returns the stored (lower-case) name. */
function checkName(name: string | undefined): string {
  if (name === undefined || name === '') throw missingParameter('CacheSubnetGroupName');
  if (name.length > 255 || !/^[A-Za-z0-9-]+$/.test(name)) {
    throw invalidParameterValue('The parameter CacheSubnetGroupName must contain no more than 255 alphanumeric characters or hyphens.');
  }
  return name.toLowerCase();
}

/** Checks a SubnetIds list: present, within quota, existing, one VPC. Returns the subnets, duplicates dropped. */
function checkSubnets(ctx: RequestContext, subnetIds: string[] | undefined): SimulatedSubnet[] {
  if (!subnetIds || subnetIds.length === 0) throw missingParameter('SubnetIds');
  const unique = [...new Set(subnetIds)];
  if (unique.length > SUBNETS_PER_GROUP_QUOTA) {
    throw new ApiError(
      'CacheSubnetQuotaExceededFault',
      `The request cannot be processed because it would exceed the allowed number of subnets in a cache subnet group (${SUBNETS_PER_GROUP_QUOTA}).`,
    );
  }
  const unknown = unique.filter((id) => !findSubnet(ctx, id));
  if (unknown.length) throw new ApiError('InvalidSubnet', `The subnet ID ${unknown.join(', ')} does not exist`);
  const subnets = unique.map((id) => findSubnet(ctx, id)!);
  if (new Set(subnets.map((s) => s.vpcId)).size > 1) {
    throw new ApiError('InvalidSubnet', 'Subnets must all belong to the same VPC.');
  }
  return subnets;
}

function checkDescription(description: string | undefined): string {
  if (description === undefined || description === '') throw missingParameter('CacheSubnetGroupDescription');
  return description;
}

const createCacheSubnetGroup: Handler<CreateCacheSubnetGroupMessage, CreateCacheSubnetGroupResult> = (input, ctx) => {
  const name = checkName(input.CacheSubnetGroupName);
  const description = checkDescription(input.CacheSubnetGroupDescription);
  const subnets = checkSubnets(ctx, input.SubnetIds);
  validateTags(input.Tags);
  if (findGroup(ctx, name)) {
    throw new ApiError('CacheSubnetGroupAlreadyExists', `Cache subnet group ${name} already exists.`);
  }
  if (collection(ctx).list(ctx).length >= SUBNET_GROUP_QUOTA) {
    throw new ApiError(
      'CacheSubnetGroupQuotaExceeded',
      `The request cannot be processed because it would exceed the allowed number of cache subnet groups (${SUBNET_GROUP_QUOTA}).`,
    );
  }
  const group: CacheSubnetGroup = {
    CacheSubnetGroupName: name,
    CacheSubnetGroupDescription: description,
    VpcId: subnets[0]!.vpcId,
    Subnets: subnets.map(toSdkSubnet),
    ARN: makeArn(ctx, 'subnetgroup', name),
    SupportedNetworkTypes: NETWORK_TYPES,
  };
  ctx.env.store.tx(() => {
    collection(ctx).put(ctx, name, group);
    setTags(ctx, group.ARN!, input.Tags);
  });
  return { CacheSubnetGroup: group };
};

const describeCacheSubnetGroups: Handler<DescribeCacheSubnetGroupsMessage, CacheSubnetGroupMessage> = (input, ctx) => {
  const groups =
    input.CacheSubnetGroupName !== undefined
      ? [getGroup(ctx, input.CacheSubnetGroupName)]
      : [defaultGroup(ctx), ...collection(ctx).list(ctx)];
  const { page, marker } = paginate(groups, input.Marker, input.MaxRecords);
  return { CacheSubnetGroups: page, ...(marker ? { Marker: marker } : {}) };
};

const modifyCacheSubnetGroup: Handler<ModifyCacheSubnetGroupMessage, ModifyCacheSubnetGroupResult> = (input, ctx) => {
  const name = checkName(input.CacheSubnetGroupName);
  const group = getGroup(ctx, name);
  if (name === DEFAULT_SUBNET_GROUP) throw invalidParameterValue('The default cache subnet group cannot be modified.');
  const updated: CacheSubnetGroup = { ...group };
  if (input.CacheSubnetGroupDescription !== undefined) updated.CacheSubnetGroupDescription = input.CacheSubnetGroupDescription;
  if (input.SubnetIds !== undefined) {
    const subnets = checkSubnets(ctx, input.SubnetIds);
    const users = clusters(ctx).filter((c) => c.CacheSubnetGroupName === name);
    if (users.length && subnets[0]!.vpcId !== group.VpcId) {
      throw invalidParameterValue(`Cache subnet group ${name} is in use; its subnets must stay in VPC ${group.VpcId}.`);
    }
    // A subnet can only go when no node still lives in its AZ without another subnet there.
    const keptAzs = new Set(subnets.map((s) => s.availabilityZone));
    for (const cluster of users) {
      for (const node of cluster.CacheNodes ?? []) {
        const az = node.CustomerAvailabilityZone ?? cluster.PreferredAvailabilityZone;
        if (az && !keptAzs.has(az)) {
          const removed = (group.Subnets ?? []).find((s) => s.SubnetAvailabilityZone?.Name === az);
          throw new ApiError(
            'SubnetInUse',
            `The subnet ${removed?.SubnetIdentifier ?? az} is in use by cache cluster ${cluster.CacheClusterId} and cannot be removed.`,
          );
        }
      }
    }
    updated.VpcId = subnets[0]!.vpcId;
    updated.Subnets = subnets.map(toSdkSubnet);
  }
  collection(ctx).put(ctx, name, updated);
  return { CacheSubnetGroup: updated };
};

const deleteCacheSubnetGroup: Handler<DeleteCacheSubnetGroupMessage, Record<string, never>> = (input, ctx) => {
  const name = checkName(input.CacheSubnetGroupName);
  if (name === DEFAULT_SUBNET_GROUP) throw invalidParameterValue('Cannot delete default cache subnet group.');
  const group = getGroup(ctx, name);
  const user = clusters(ctx).find((c) => c.CacheSubnetGroupName === name);
  if (user) {
    throw new ApiError('CacheSubnetGroupInUse', `Cache subnet group ${name} is currently in use by cache cluster ${user.CacheClusterId}.`);
  }
  ctx.env.store.tx(() => {
    collection(ctx).delete(ctx, name);
    deleteTagsFor(ctx, group.ARN!);
  });
  return {};
};

export const handlers: HandlerMap = {
  CreateCacheSubnetGroup: createCacheSubnetGroup,
  DescribeCacheSubnetGroups: describeCacheSubnetGroups,
  ModifyCacheSubnetGroup: modifyCacheSubnetGroup,
  DeleteCacheSubnetGroup: deleteCacheSubnetGroup,
};
