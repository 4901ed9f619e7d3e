import type { DeleteCacheClusterMessage, DeleteCacheClusterResult } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination } from '../../api/errors.js';
import type { Handler } from '../handler.js';
import { deleteTagsFor } from '../tags.js';
import { replicationGroupMemberHooks } from './create.js';
import { afterDelay, clusterEvent, transitionDelays } from './lifecycle.js';
import { currentCluster } from './maintenance.js';
import { clusters, saveCluster } from './model.js';
import { renderCluster } from './render.js';

/** Statuses from which ElastiCache lets a cluster be deleted. */
const DELETABLE = ['available', 'failed', 'incompatible-parameters', 'incompatible-network', 'restore-failed'];

export const deleteCacheCluster: Handler<DeleteCacheClusterMessage, DeleteCacheClusterResult> = async (input, ctx) => {
  const cluster = await currentCluster(ctx, input.CacheClusterId);
  const id = cluster.CacheClusterId!;
  if (cluster.ReplicationGroupId) {
    const hooks = replicationGroupMemberHooks();
    if (!hooks) {
      throw new ApiError(
        'InvalidCacheClusterStateFault',
        'Cannot delete the cache cluster since it is the only member of a replication group. Delete the replication group instead.',
      );
    }
    if (input.FinalSnapshotIdentifier !== undefined) {
      throw new ApiError('NotImplemented', 'FinalSnapshotIdentifier is not implemented yet (snapshots are a later issue).', 501);
    }
    // A replica leaves its group (the group family refuses the primary).
    const response = { ...renderCluster(ctx, cluster, false), CacheClusterStatus: 'deleting' };
    await hooks.delete(ctx, id, cluster.ReplicationGroupId);
    clusterEvent(ctx, id, 'Cache cluster deleted');
    return { CacheCluster: response };
  }
  if (!DELETABLE.includes(cluster.CacheClusterStatus!)) {
    throw new ApiError('InvalidCacheClusterStateFault', `Can only delete cache clusters with state in: ${DELETABLE.join(', ')}`);
  }
  if (input.FinalSnapshotIdentifier !== undefined) {
    if (cluster.Engine === 'memcached') throw invalidParameterCombination('Final snapshot is not supported for engine memcached.');
    throw new ApiError('NotImplemented', 'FinalSnapshotIdentifier is not implemented yet (snapshots are a later issue).', 501);
  }
  cluster.CacheClusterStatus = 'deleting';
  for (const node of cluster.CacheNodes ?? []) node.CacheNodeStatus = 'deleting';
  saveCluster(ctx, cluster);
  const response = renderCluster(ctx, cluster, false);
  await afterDelay(ctx, id, transitionDelays(ctx.env).deletingMs, 'deleting', async (current) => {
    await ctx.env.fleet.deleteCluster(ctx, id);
    ctx.env.store.tx(() => {
      clusters(ctx).delete(ctx, id);
      deleteTagsFor(ctx, current.ARN!);
    });
    clusterEvent(ctx, id, 'Cache cluster deleted');
  });
  return { CacheCluster: response };
};
