/**
 * Cache security groups (EC2-Classic, legacy): Create/Describe/Delete and
 * Authorize/RevokeCacheSecurityGroupIngress. Every account/region has a
 * synthesized 'default' group that cannot be created, modified away or deleted.
 * Authorizations take effect at once (status 'authorized'), as clusters
 * become available at once; a revoke answers 'revoking' and is then gone.
 */
import type {
  AuthorizeCacheSecurityGroupIngressMessage,
  AuthorizeCacheSecurityGroupIngressResult,
  CacheCluster,
  CacheSecurityGroup,
  CacheSecurityGroupMessage,
  CreateCacheSecurityGroupMessage,
  CreateCacheSecurityGroupResult,
  DeleteCacheSecurityGroupMessage,
  DescribeCacheSecurityGroupsMessage,
  RevokeCacheSecurityGroupIngressMessage,
  RevokeCacheSecurityGroupIngressResult,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterValue, missingParameter } from '../api/errors.js';
import type { RequestContext } from '../env.js';
import type { Scope } from '../store/db.js';
import { makeArn } from './arn.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';
import { deleteTagsFor, registerTaggable, setTags, validateTags } from './tags.js';

/** ElastiCache's default quota of cache security groups per region. */
export const SECURITY_GROUP_QUOTA = 50;
export const DEFAULT_SECURITY_GROUP = 'default';

const KIND = 'cache-security-group';
const collection = (ctx: RequestContext) => ctx.env.store.collection<CacheSecurityGroup>(KIND);

export const securityGroupNotFound = (name: string) =>
  new ApiError('CacheSecurityGroupNotFoundFault', `CacheSecurityGroup ${name} not found.`);

function defaultGroup(scope: Scope): CacheSecurityGroup {
  return {
    OwnerId: scope.account,
    CacheSecurityGroupName: DEFAULT_SECURITY_GROUP,
    Description: 'default',
    EC2SecurityGroups: [],
    ARN: makeArn(scope, 'securitygroup', DEFAULT_SECURITY_GROUP),
  };
}

function findGroup(ctx: RequestContext, name: string): CacheSecurityGroup | undefined {
  const key = name.toLowerCase();
  return key === DEFAULT_SECURITY_GROUP ? (collection(ctx).get(ctx, key) ?? defaultGroup(ctx)) : collection(ctx).get(ctx, key);
}

function getGroup(ctx: RequestContext, name: string | undefined): CacheSecurityGroup {
  if (name === undefined || name === '') throw missingParameter('CacheSecurityGroupName');
  const group = findGroup(ctx, name);
  if (!group) throw securityGroupNotFound(name);
  return group;
}

/** For the cluster owner: the named group, or CacheSecurityGroupNotFound. */
export function resolveSecurityGroup(ctx: RequestContext, name: string): CacheSecurityGroup {
  return getGroup(ctx, name);
}

registerTaggable('securitygroup', (ctx, id) => findGroup(ctx, id) !== undefined, securityGroupNotFound);

/** "Must contain no more than 255 alphanumeric characters. Cannot be the word 'Default'." */
function checkNewName(name: string | undefined): string {
  if (name === undefined || name === '') throw missingParameter('CacheSecurityGroupName');
  if (name.toLowerCase() === DEFAULT_SECURITY_GROUP) {
    throw invalidParameterValue("The cache security group name cannot be 'Default'.");
  }
  if (name.length > 255 || !/^[A-Za-z0-9-]+$/.test(name)) {
    throw invalidParameterValue('The parameter CacheSecurityGroupName must contain no more than 255 alphanumeric characters or hyphens.');
  }
  return name.toLowerCase();
}

function inUseBy(ctx: RequestContext, name: string): CacheCluster | undefined {
  return ctx.env.store
    .collection<CacheCluster>('cache-cluster')
    .list(ctx)
    .find((c) => (c.CacheSecurityGroups ?? []).some((m) => m.CacheSecurityGroupName?.toLowerCase() === name));
}

const createCacheSecurityGroup: Handler<CreateCacheSecurityGroupMessage, CreateCacheSecurityGroupResult> = (input, ctx) => {
  const name = checkNewName(input.CacheSecurityGroupName);
  if (input.Description === undefined || input.Description === '') throw missingParameter('Description');
  validateTags(input.Tags);
  if (collection(ctx).has(ctx, name)) {
    throw new ApiError('CacheSecurityGroupAlreadyExistsFault', `Cache security group ${name} already exists.`);
  }
  if (collection(ctx).list(ctx).filter((g) => g.CacheSecurityGroupName !== DEFAULT_SECURITY_GROUP).length >= SECURITY_GROUP_QUOTA) {
    throw new ApiError(
      'CacheSecurityGroupQuotaExceededFault',
      `The request cannot be processed because it would exceed the allowed number of cache security groups (${SECURITY_GROUP_QUOTA}).`,
    );
  }
  const group: CacheSecurityGroup = {
    OwnerId: ctx.account,
    CacheSecurityGroupName: name,
    Description: input.Description,
    EC2SecurityGroups: [],
    ARN: makeArn(ctx, 'securitygroup', name),
  };
  ctx.env.store.tx(() => {
    collection(ctx).put(ctx, name, group);
    setTags(ctx, group.ARN!, input.Tags);
  });
  return { CacheSecurityGroup: group };
};

const describeCacheSecurityGroups: Handler<DescribeCacheSecurityGroupsMessage, CacheSecurityGroupMessage> = (input, ctx) => {
  const stored = collection(ctx).list(ctx).filter((g) => g.CacheSecurityGroupName !== DEFAULT_SECURITY_GROUP);
  const groups =
    input.CacheSecurityGroupName !== undefined ? [getGroup(ctx, input.CacheSecurityGroupName)] : [findGroup(ctx, DEFAULT_SECURITY_GROUP)!, ...stored];
  const { page, marker } = paginate(groups, input.Marker, input.MaxRecords);
  return { CacheSecurityGroups: page, ...(marker ? { Marker: marker } : {}) };
};

const deleteCacheSecurityGroup: Handler<DeleteCacheSecurityGroupMessage, Record<string, never>> = (input, ctx) => {
  const group = getGroup(ctx, input.CacheSecurityGroupName);
  const name = group.CacheSecurityGroupName!;
  if (name === DEFAULT_SECURITY_GROUP) throw invalidParameterValue('The default cache security group cannot be deleted.');
  const user = inUseBy(ctx, name);
  if (user) {
    throw new ApiError(
      'InvalidCacheSecurityGroupStateFault',
      `Cache security group ${name} is in use by cache cluster ${user.CacheClusterId} and cannot be deleted.`,
    );
  }
  ctx.env.store.tx(() => {
    collection(ctx).delete(ctx, name);
    deleteTagsFor(ctx, group.ARN!);
  });
  return {};
};

function checkIngress(input: { EC2SecurityGroupName?: string; EC2SecurityGroupOwnerId?: string }): { ec2Name: string; ownerId: string } {
  if (!input.EC2SecurityGroupName) throw missingParameter('EC2SecurityGroupName');
  if (!input.EC2SecurityGroupOwnerId) throw missingParameter('EC2SecurityGroupOwnerId');
  if (!/^\d{12}$/.test(input.EC2SecurityGroupOwnerId)) {
    throw invalidParameterValue(`Invalid AWS account id: ${input.EC2SecurityGroupOwnerId}. It must be 12 digits.`);
  }
  return { ec2Name: input.EC2SecurityGroupName, ownerId: input.EC2SecurityGroupOwnerId };
}

const sameEc2Group = (ec2Name: string, ownerId: string) => (g: { EC2SecurityGroupName?: string; EC2SecurityGroupOwnerId?: string }) =>
  g.EC2SecurityGroupName === ec2Name && g.EC2SecurityGroupOwnerId === ownerId;

const authorizeIngress: Handler<AuthorizeCacheSecurityGroupIngressMessage, AuthorizeCacheSecurityGroupIngressResult> = (input, ctx) => {
  const group = getGroup(ctx, input.CacheSecurityGroupName);
  const { ec2Name, ownerId } = checkIngress(input);
  if ((group.EC2SecurityGroups ?? []).some(sameEc2Group(ec2Name, ownerId))) {
    throw new ApiError(
      'AuthorizationAlreadyExistsFault',
      `EC2 security group ${ec2Name} owned by ${ownerId} is already authorized for cache security group ${group.CacheSecurityGroupName}.`,
    );
  }
  const updated: CacheSecurityGroup = {
    ...group,
    EC2SecurityGroups: [...(group.EC2SecurityGroups ?? []), { Status: 'authorized', EC2SecurityGroupName: ec2Name, EC2SecurityGroupOwnerId: ownerId }],
  };
  collection(ctx).put(ctx, updated.CacheSecurityGroupName!, updated);
  return { CacheSecurityGroup: updated };
};

const revokeIngress: Handler<RevokeCacheSecurityGroupIngressMessage, RevokeCacheSecurityGroupIngressResult> = (input, ctx) => {
  const group = getGroup(ctx, input.CacheSecurityGroupName);
  const { ec2Name, ownerId } = checkIngress(input);
  const entries = group.EC2SecurityGroups ?? [];
  if (!entries.some(sameEc2Group(ec2Name, ownerId))) {
    throw new ApiError(
      'AuthorizationNotFoundFault',
      `EC2 security group ${ec2Name} owned by ${ownerId} is not authorized for cache security group ${group.CacheSecurityGroupName}.`,
    );
  }
  const matches = sameEc2Group(ec2Name, ownerId);
  collection(ctx).put(ctx, group.CacheSecurityGroupName!, { ...group, EC2SecurityGroups: entries.filter((g) => !matches(g)) });
  // The response still shows the entry, on its way out.
  return {
    CacheSecurityGroup: { ...group, EC2SecurityGroups: entries.map((g) => (matches(g) ? { ...g, Status: 'revoking' } : g)) },
  };
};

export const handlers: HandlerMap = {
  CreateCacheSecurityGroup: createCacheSecurityGroup,
  DescribeCacheSecurityGroups: describeCacheSecurityGroups,
  DeleteCacheSecurityGroup: deleteCacheSecurityGroup,
  AuthorizeCacheSecurityGroupIngress: authorizeIngress,
  RevokeCacheSecurityGroupIngress: revokeIngress,
};
