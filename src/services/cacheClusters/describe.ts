import type { CacheClusterMessage, DescribeCacheClustersMessage } from '@aws-sdk/client-elasticache';
import type { Handler } from '../handler.js';
import { paginate } from '../paging.js';
import { applyDueMaintenance } from './maintenance.js';
import { clusterNotFound, clusters, getCluster } from './model.js';
import { recoverInterrupted } from './recovery.js';
import { renderCluster } from './render.js';

export const describeCacheClusters: Handler<DescribeCacheClustersMessage, CacheClusterMessage> = async (input, ctx) => {
  const stored = input.CacheClusterId ? [getCluster(ctx, input.CacheClusterId)] : clusters(ctx).list(ctx);
  const picked = [];
  for (const cluster of stored) {
    const current = await recoverInterrupted(ctx, cluster);
    if (current) picked.push(current);
  }
  if (input.CacheClusterId && picked.length === 0) throw clusterNotFound(input.CacheClusterId.toLowerCase());
  const filtered = input.ShowCacheClustersNotInReplicationGroups ? picked.filter((c) => !c.ReplicationGroupId) : picked;
  const { page, marker } = paginate(filtered, input.Marker, input.MaxRecords);
  const current = [];
  for (const cluster of page) current.push(await applyDueMaintenance(ctx, cluster));
  return {
    ...(marker ? { Marker: marker } : {}),
    CacheClusters: current.map((c) => renderCluster(ctx, c, input.ShowCacheNodeInfo === true)),
  };
};
