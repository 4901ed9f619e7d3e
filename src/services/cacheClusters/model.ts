import type { CacheCluster, PendingModifiedValues } from '@aws-sdk/client-elasticache';
import { ApiError } from '../../api/errors.js';
import type { RequestContext } from '../../env.js';

/** The store kind of cache clusters (tags and parameter groups look clusters up by it). */
export const CLUSTER_KIND = 'cache-cluster';

/** Changes ModifyCacheCluster deferred to the maintenance window (ApplyImmediately false). */
export interface DeferredChanges {
  NumCacheNodes?: number;
  CacheNodeIdsToRemove?: string[];
  NewAvailabilityZones?: string[];
  CacheNodeType?: string;
  EngineVersion?: string;
  /** A group of the new family that goes with an engine version change. */
  CacheParameterGroupName?: string;
}

/** What the API never shows but the cluster needs. */
export interface ClusterInternal {
  /** The AUTH token (Redis); AuthTokenEnabled is what DescribeCacheClusters shows. */
  authToken?: string;
  deferred?: DeferredChanges;
  /** When the deferred changes were queued (emulator clock, ms). */
  deferredSinceMs?: number;
}

/** A cluster as stored: the SDK shape (so other families can read it) plus internals. */
export type StoredCluster = CacheCluster & { Internal: ClusterInternal };

export const clusters = (ctx: RequestContext) => ctx.env.store.collection<StoredCluster>(CLUSTER_KIND);

export const clusterNotFound = (id: string) => new ApiError('CacheClusterNotFoundFault', `CacheCluster not found: ${id}`);

export const invalidClusterState = (id: string, status: string | undefined) =>
  new ApiError('InvalidCacheClusterStateFault', `Cache cluster ${id} is not in available state (current status: ${status}).`);

export function getCluster(ctx: RequestContext, id: string | undefined): StoredCluster {
  const cluster = id ? clusters(ctx).get(ctx, id.toLowerCase()) : undefined;
  if (!cluster) throw clusterNotFound(id ?? '');
  return cluster;
}

export function saveCluster(ctx: RequestContext, cluster: StoredCluster): void {
  clusters(ctx).put(ctx, cluster.CacheClusterId!, cluster);
}

export const isMemcached = (cluster: CacheCluster) => cluster.Engine === 'memcached';

/** Node ids as ElastiCache numbers them: 0001, 0002, ... */
export const nodeId = (n: number) => String(n).padStart(4, '0');

/** The next free node ids after the highest one ever used by the cluster. */
export function nextNodeIds(cluster: CacheCluster, count: number): string[] {
  const highest = Math.max(0, ...(cluster.CacheNodes ?? []).map((n) => Number(n.CacheNodeId)));
  return Array.from({ length: count }, (_, i) => nodeId(highest + i + 1));
}

export function hasPending(p: PendingModifiedValues | undefined): boolean {
  return !!p && Object.values(p).some((v) => v !== undefined);
}
