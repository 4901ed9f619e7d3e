import type { CreateCacheClusterMessage } from '@aws-sdk/client-elasticache';
import type { RequestContext } from '../../env.js';
import { createCacheCluster } from '../cacheClusters/create.js';
import { clusters, saveCluster } from '../cacheClusters/model.js';
import { deleteTagsFor } from '../tags.js';
import type { StoredGroup } from './model.js';

/** What every member of a group shares; each member is a one-node cache cluster. */
export type MemberTemplate = Omit<CreateCacheClusterMessage, 'CacheClusterId' | 'ReplicationGroupId' | 'NumCacheNodes'>;

export function templateOf(group: StoredGroup): MemberTemplate {
  return {
    Engine: group.Internal.engine,
    EngineVersion: group.Internal.engineVersion,
    CacheNodeType: group.CacheNodeType,
    CacheParameterGroupName: group.Internal.parameterGroupName,
    TransitEncryptionEnabled: group.TransitEncryptionEnabled,
    ...(group.Internal.authToken ? { AuthToken: group.Internal.authToken } : {}),
    SnapshotRetentionLimit: group.SnapshotRetentionLimit,
    SnapshotWindow: group.SnapshotWindow,
  };
}

/**
 * Creates member clusters through the cache-cluster create path (its
 * validation, node start and events), then marks them as the group's.
 */
export async function createMembers(
  ctx: RequestContext,
  groupId: string,
  template: MemberTemplate,
  ids: string[],
  azs: (string | undefined)[],
): Promise<void> {
  const created: string[] = [];
  try {
    for (const [i, id] of ids.entries()) {
      const az = azs[i];
      await createCacheCluster({ ...template, CacheClusterId: id, ...(az ? { PreferredAvailabilityZone: az } : {}) }, ctx);
      created.push(id);
      attachMember(ctx, id, groupId);
    }
  } catch (err) {
    for (const id of created) await dropMember(ctx, id);
    throw err;
  }
}

export function attachMember(ctx: RequestContext, clusterId: string, groupId: string | undefined): void {
  const cluster = clusters(ctx).get(ctx, clusterId);
  if (!cluster) return;
  if (groupId) cluster.ReplicationGroupId = groupId;
  else delete cluster.ReplicationGroupId;
  saveCluster(ctx, cluster);
}

/** A member cluster goes away with its node (replica removal, group deletion). */
export async function dropMember(ctx: RequestContext, clusterId: string): Promise<void> {
  const cluster = clusters(ctx).get(ctx, clusterId);
  await ctx.env.fleet.deleteCluster(ctx, clusterId);
  ctx.env.store.tx(() => {
    clusters(ctx).delete(ctx, clusterId);
    if (cluster?.ARN) deleteTagsFor(ctx, cluster.ARN);
  });
}
