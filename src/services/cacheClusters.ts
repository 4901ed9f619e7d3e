import { ApiError } from '../api/errors.js';
import { createCacheCluster } from './cacheClusters/create.js';
import { deleteCacheCluster } from './cacheClusters/delete.js';
import { describeCacheClusters } from './cacheClusters/describe.js';
import { clusterNotFound, CLUSTER_KIND } from './cacheClusters/model.js';
import { modifyCacheCluster } from './cacheClusters/modify.js';
import './cacheClusters/parameters.js';
import { rebootCacheCluster } from './cacheClusters/reboot.js';
import type { HandlerMap } from './handler.js';
import { registerTaggable } from './tags.js';

export { setTransitionDelays, type TransitionDelays } from './cacheClusters/lifecycle.js';

registerTaggable('cluster', (ctx, id) => ctx.env.store.collection(CLUSTER_KIND).has(ctx, id), (id): ApiError => clusterNotFound(id));

export const handlers: HandlerMap = {
  CreateCacheCluster: createCacheCluster,
  DescribeCacheClusters: describeCacheClusters,
  ModifyCacheCluster: modifyCacheCluster,
  DeleteCacheCluster: deleteCacheCluster,
  RebootCacheCluster: rebootCacheCluster,
};
