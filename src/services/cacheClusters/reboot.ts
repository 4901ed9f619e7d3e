import type { RebootCacheClusterMessage, RebootCacheClusterResult } from '@aws-sdk/client-elasticache';
import { invalidParameterValue, missingParameter } from '../../api/errors.js';
import type { Handler } from '../handler.js';
import { afterDelay, clusterEvent, transitionDelays } from './lifecycle.js';
import { currentCluster } from './maintenance.js';
import { invalidClusterState, saveCluster } from './model.js';
import { markRebooted } from './parameters.js';
import { renderCluster } from './render.js';

export const REBOOTING = 'rebooting cache cluster nodes';

export const rebootCacheCluster: Handler<RebootCacheClusterMessage, RebootCacheClusterResult> = async (input, ctx) => {
  const cluster = await currentCluster(ctx, input.CacheClusterId);
  const id = cluster.CacheClusterId!;
  const nodeIds = input.CacheNodeIdsToReboot;
  if (!nodeIds?.length) throw missingParameter('CacheNodeIdsToReboot');
  if (cluster.CacheClusterStatus !== 'available') throw invalidClusterState(id, cluster.CacheClusterStatus);
  const known = new Set((cluster.CacheNodes ?? []).map((n) => n.CacheNodeId));
  const unknown = nodeIds.filter((n) => !known.has(n));
  if (unknown.length) throw invalidParameterValue(`Some of the cache node ids to reboot are not valid: ${unknown.join(', ')}`);
  const unique = [...new Set(nodeIds)];

  cluster.CacheClusterStatus = REBOOTING;
  for (const node of cluster.CacheNodes ?? []) if (unique.includes(node.CacheNodeId!)) node.CacheNodeStatus = 'rebooting';
  saveCluster(ctx, cluster);
  const response = renderCluster(ctx, cluster, false);
  await afterDelay(ctx, id, transitionDelays(ctx.env).rebootingMs, REBOOTING, async (current) => {
    // A restarted node is empty (no replica to sync from) and starts with the pending-reboot parameters.
    await ctx.env.fleet.rebootNodes(ctx, id, unique);
    markRebooted(current, unique);
    for (const node of current.CacheNodes ?? []) if (unique.includes(node.CacheNodeId!)) node.CacheNodeStatus = 'available';
    current.CacheClusterStatus = 'available';
    saveCluster(ctx, current);
    for (const nodeId of unique) clusterEvent(ctx, id, `Cache node ${nodeId} restarted`);
  });
  return { CacheCluster: response };
};
