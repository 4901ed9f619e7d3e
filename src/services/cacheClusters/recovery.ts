import type { RequestContext } from '../../env.js';
import { deleteTagsFor } from '../tags.js';
import { clusterEvent, hasPendingTransition } from './lifecycle.js';
import { clusters, saveCluster, type StoredCluster } from './model.js';

const TRANSITIONAL = new Set(['creating', 'modifying', 'rebooting cache cluster nodes', 'deleting']);

/**
 * A transition whose timer died with a previous emulator process (stopped
 * during a configured delay) is finished on the next read: the fleet has
 * already restored the nodes, so the cluster is available — or, when it was
 * being deleted, gone. Returns undefined for a cluster that is gone.
 */
export async function recoverInterrupted(ctx: RequestContext, cluster: StoredCluster): Promise<StoredCluster | undefined> {
  const id = cluster.CacheClusterId!;
  if (!TRANSITIONAL.has(cluster.CacheClusterStatus!) || hasPendingTransition(ctx, id)) return cluster;
  if (cluster.CacheClusterStatus === 'deleting') {
    await ctx.env.fleet.deleteCluster(ctx, id);
    ctx.env.store.tx(() => {
      clusters(ctx).delete(ctx, id);
      deleteTagsFor(ctx, cluster.ARN!);
    });
    clusterEvent(ctx, id, 'Cache cluster deleted');
    return undefined;
  }
  cluster.CacheClusterStatus = 'available';
  cluster.PendingModifiedValues = {};
  for (const node of cluster.CacheNodes ?? []) node.CacheNodeStatus = 'available';
  saveCluster(ctx, cluster);
  return cluster;
}
