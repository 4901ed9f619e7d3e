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
  if (ConfigurationEndpoint) {
    out.ConfigurationEndpoint = { ...ConfigurationEndpoint, Port: live?.configPort ?? ConfigurationEndpoint.Port };
  }
  if (showNodes && CacheNodes) {
    out.CacheNodes = CacheNodes.map((node) => {
      const port = live?.nodes[node.CacheNodeId!];
      return node.Endpoint && port !== undefined ? { ...node, Endpoint: { ...node.Endpoint, Port: port } } : node;
    });
  }
  return reviveDates(out);
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
