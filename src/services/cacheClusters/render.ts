import type { CacheCluster } from '@aws-sdk/client-elasticache';
import type { RequestContext } from '../../env.js';
import type { StoredCluster } from './model.js';

/**
 * The API view of a stored cluster: internals dropped, endpoint ports taken
 * from the live listeners (a port can move when a restart finds it taken),
 * CacheNodes only when asked for.
 */
export function renderCluster(ctx: RequestContext, stored: StoredCluster, showNodes: boolean): CacheCluster {
  const { Internal: _internal, CacheNodes, ConfigurationEndpoint, ...cluster } = structuredClone(stored);
  const live = ctx.env.fleet.portsFor(ctx, stored.CacheClusterId!);
  const out: CacheCluster = { ...cluster };
  const down = downNodes(ctx, stored);
  // A failed node is being replaced: ElastiCache shows it (and its cluster) as rebooting until it is back.
  if (down.size > 0 && out.CacheClusterStatus === 'available') out.CacheClusterStatus = NODE_RECOVERY_STATUS;
  if (ConfigurationEndpoint) {
    out.ConfigurationEndpoint = { ...ConfigurationEndpoint, Port: live?.configPort ?? ConfigurationEndpoint.Port };
  }
  if (showNodes && CacheNodes) {
    out.CacheNodes = CacheNodes.map((cacheNode) => {
      const node = down.has(cacheNode.CacheNodeId!) ? { ...cacheNode, CacheNodeStatus: 'rebooting' } : cacheNode;
      const port = live?.nodes[node.CacheNodeId!];
      return node.Endpoint && port !== undefined ? { ...node, Endpoint: { ...node.Endpoint, Port: port } } : node;
    });
  }
  return reviveDates(out);
}

const NODE_RECOVERY_STATUS = 'rebooting cache cluster nodes';

/** Nodes the fleet runs for this cluster that are not answering (killed, AZ down). */
function downNodes(ctx: RequestContext, stored: StoredCluster): Set<string> {
  const down = new Set<string>();
  if (!ctx.env.fleet.portsFor(ctx, stored.CacheClusterId!)) return down;
  for (const node of stored.CacheNodes ?? []) {
    if (node.CacheNodeStatus === 'available' && !ctx.env.fleet.isNodeRunning(ctx, stored.CacheClusterId!, node.CacheNodeId!)) down.add(node.CacheNodeId!);
  }
  return down;
}

/** The store keeps JSON; the codec wants Date objects for timestamps. */
function reviveDates(cluster: CacheCluster): CacheCluster {
  const date = (v: unknown) => (v === undefined ? undefined : new Date(v as string));
  if (cluster.CacheClusterCreateTime) cluster.CacheClusterCreateTime = date(cluster.CacheClusterCreateTime);
  if (cluster.AuthTokenLastModifiedDate) cluster.AuthTokenLastModifiedDate = date(cluster.AuthTokenLastModifiedDate);
  for (const node of cluster.CacheNodes ?? []) {
    if (node.CacheNodeCreateTime) node.CacheNodeCreateTime = date(node.CacheNodeCreateTime);
  }
  return cluster;
}
