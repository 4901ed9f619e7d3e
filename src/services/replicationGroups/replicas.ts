import type {
  CreateCacheClusterMessage,
  CreateCacheClusterResult,
  DecreaseReplicaCountMessage,
  DecreaseReplicaCountResult,
  IncreaseReplicaCountMessage,
  IncreaseReplicaCountResult,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue } from '../../api/errors.js';
import type { RequestContext } from '../../env.js';
import { clusters, getCluster } from '../cacheClusters/model.js';
import { renderCluster } from '../cacheClusters/render.js';
import type { Handler } from '../handler.js';
import { createMembers, dropMember, templateOf } from './members.js';
import { getGroup, groupEvent, requireAvailable, nextMemberIds, saveGroup, type StoredGroup } from './model.js';
import { renderGroup } from './render.js';
import { checkReplicaCount, MAX_REPLICAS } from './validate.js';
import { NODE_GROUP_ID } from './failover.js';

function liveMembers(ctx: RequestContext, group: StoredGroup): { members: string[]; primary: string } {
  const live = ctx.env.fleet.groupState(ctx, group.ReplicationGroupId!);
  return { members: live?.members ?? group.Internal.members, primary: live?.primary ?? group.Internal.members[0]! };
}

function availableGroup(ctx: RequestContext, id: string | undefined): StoredGroup {
  const group = getGroup(ctx, id);
  requireAvailable(ctx, group);
  return group;
}

/** Adds replicas (new one-node clusters) that sync from the primary. */
async function addReplicas(ctx: RequestContext, group: StoredGroup, ids: string[], azs: (string | undefined)[], extra: Partial<CreateCacheClusterMessage> = {}) {
  const groupId = group.ReplicationGroupId!;
  await createMembers(ctx, groupId, { ...templateOf(group), ...extra }, ids, azs);
  for (const id of ids) {
    ctx.env.fleet.addGroupMember(ctx, groupId, id, getCluster(ctx, id).PreferredAvailabilityZone ?? '');
    group.Internal.members.push(id);
  }
  saveGroup(ctx, group);
}

async function removeReplicas(ctx: RequestContext, group: StoredGroup, ids: string[]) {
  const groupId = group.ReplicationGroupId!;
  for (const id of ids) {
    ctx.env.fleet.removeGroupMember(ctx, groupId, id);
    await dropMember(ctx, id);
    group.Internal.members = group.Internal.members.filter((m) => m !== id);
  }
  saveGroup(ctx, group);
}

function requireApplyImmediately(applyImmediately: boolean | undefined): void {
  if (applyImmediately !== true) throw invalidParameterValue('ApplyImmediately must be true for this operation.');
}

/** NewReplicaCount, or the one ReplicaConfiguration entry of node group 0001. */
function requestedReplicas(input: IncreaseReplicaCountMessage | DecreaseReplicaCountMessage): number | undefined {
  if (input.NewReplicaCount !== undefined) return input.NewReplicaCount;
  const config = input.ReplicaConfiguration?.find((c) => c.NodeGroupId === NODE_GROUP_ID) ?? input.ReplicaConfiguration?.[0];
  return config?.NewReplicaCount;
}

export const increaseReplicaCount: Handler<IncreaseReplicaCountMessage, IncreaseReplicaCountResult> = async (input, ctx) => {
  const group = availableGroup(ctx, input.ReplicationGroupId);
  requireApplyImmediately(input.ApplyImmediately);
  const wanted = requestedReplicas(input);
  if (wanted === undefined) throw invalidParameterCombination('Either NewReplicaCount or ReplicaConfiguration must be provided.');
  checkReplicaCount(wanted, 'NewReplicaCount');
  const current = liveMembers(ctx, group).members.length - 1;
  if (wanted <= current) {
    throw invalidParameterValue(`The new replica count (${wanted}) must be greater than the current replica count (${current}).`);
  }
  const azs = input.ReplicaConfiguration?.[0]?.PreferredAvailabilityZones ?? [];
  await addReplicas(ctx, group, nextMemberIds(group, wanted - current), azs);
  groupEvent(ctx, group.ReplicationGroupId!, `Added ${wanted - current} replica(s) to replication group ${group.ReplicationGroupId}`);
  return { ReplicationGroup: renderGroup(ctx, group) };
};

export const decreaseReplicaCount: Handler<DecreaseReplicaCountMessage, DecreaseReplicaCountResult> = async (input, ctx) => {
  const group = availableGroup(ctx, input.ReplicationGroupId);
  requireApplyImmediately(input.ApplyImmediately);
  const { members, primary } = liveMembers(ctx, group);
  const replicas = members.filter((m) => m !== primary);
  let remove: string[];
  if (input.ReplicasToRemove?.length) {
    remove = input.ReplicasToRemove.map((r) => r.toLowerCase());
    for (const id of remove) {
      if (id === primary) throw invalidParameterValue(`Cannot remove the primary cache cluster ${id}.`);
      if (!replicas.includes(id)) throw invalidParameterValue(`Cache cluster ${id} is not a replica in replication group ${group.ReplicationGroupId}.`);
    }
  } else {
    const wanted = requestedReplicas(input);
    if (wanted === undefined) throw invalidParameterCombination('Either NewReplicaCount, ReplicaConfiguration or ReplicasToRemove must be provided.');
    checkReplicaCount(wanted, 'NewReplicaCount');
    if (wanted >= replicas.length) {
      throw invalidParameterValue(`The new replica count (${wanted}) must be less than the current replica count (${replicas.length}).`);
    }
    remove = replicas.slice(wanted).reverse();
  }
  if (group.AutomaticFailover === 'enabled' && replicas.length - remove.length < 1) {
    throw invalidParameterValue('Must have at least 1 replica when cluster mode is disabled with auto failover enabled.');
  }
  await removeReplicas(ctx, group, remove);
  groupEvent(ctx, group.ReplicationGroupId!, `Removed ${remove.length} replica(s) from replication group ${group.ReplicationGroupId}`);
  return { ReplicationGroup: renderGroup(ctx, group) };
};

/** CreateCacheCluster with ReplicationGroupId: a new replica with the group's settings. */
export const createReplicaCluster: Handler<CreateCacheClusterMessage, CreateCacheClusterResult> = async (input, ctx) => {
  const group = availableGroup(ctx, input.ReplicationGroupId);
  const id = (input.CacheClusterId ?? '').toLowerCase();
  if (liveMembers(ctx, group).members.length - 1 >= MAX_REPLICAS) {
    throw new ApiError(
      'NodeQuotaForClusterExceededFault',
      `The request cannot be processed because it would exceed the allowed number of replicas (${MAX_REPLICAS}) in replication group ${group.ReplicationGroupId}.`,
    );
  }
  await addReplicas(ctx, group, [input.CacheClusterId ?? ''], [input.PreferredAvailabilityZone], { Tags: input.Tags });
  return { CacheCluster: renderCluster(ctx, clusters(ctx).get(ctx, id)!, false) };
};

/** DeleteCacheCluster of a member: replicas go, the primary must be switched or the group deleted. */
export async function deleteReplicaCluster(ctx: RequestContext, clusterId: string, groupId: string): Promise<void> {
  const group = availableGroup(ctx, groupId);
  const { members, primary } = liveMembers(ctx, group);
  if (clusterId === primary) {
    throw new ApiError(
      'InvalidCacheClusterStateFault',
      members.length === 1
        ? 'Cannot delete the cache cluster since it is the only member of a replication group. Delete the replication group instead.'
        : `Cannot delete the primary cache cluster ${clusterId} of replication group ${groupId}. Promote a replica first or delete the replication group.`,
    );
  }
  if (group.AutomaticFailover === 'enabled' && members.length - 2 < 1) {
    throw invalidParameterValue('Must have at least 1 replica when cluster mode is disabled with auto failover enabled.');
  }
  await removeReplicas(ctx, group, [clusterId]);
}
