import type { CacheCluster } from '@aws-sdk/client-elasticache';
import type { Env } from '../env.js';
import type { FleetNodeInfo } from '../fleet/fleet.js';
import { CLUSTER_KIND } from '../services/cacheClusters/model.js';
import type { AdminRoutes } from '../admin.js';

/** A node as GET /_emulator/nodes shows it. */
export interface AdminNode {
  account: string;
  region: string;
  clusterId: string;
  nodeId: string;
  engine: string;
  port: number;
  availabilityZone?: string;
  /** available; or, when not answering: az-down (held until az-up) or recovering (replacement pending). */
  status: string;
  role?: string;
  /** Replication-group members: the replication link as INFO replication shows it, and faults on it. */
  replication?: AdminReplication;
}

export interface AdminReplication {
  offset: number;
  /** Replicas: master_link_status. */
  linkStatus?: 'up' | 'down';
  /** Replicas: seconds the link has been down (master_link_down_since_seconds). */
  linkDownSeconds?: number;
  /** Replicas: bytes behind the primary (its offset minus this one). */
  lagBytes?: number;
  partitioned?: boolean;
  /** Replicas: the primary's stream had commands this engine could not apply. */
  outOfSync?: boolean;
}

const clusterKey = (account: string, region: string, id: string) => `${account}/${region}/${id}`;

/** The fleet's live nodes, joined with what the store says about their clusters (AZ, status). */
export function listAdminNodes(env: Env): AdminNode[] {
  const stored = new Map<string, CacheCluster>();
  for (const { scope, value } of env.store.collection<CacheCluster>(CLUSTER_KIND).listAll()) {
    stored.set(clusterKey(scope.account, scope.region, value.CacheClusterId!), value);
  }
  return env.fleet.listNodes().map((node) => toAdminNode(env, node, stored.get(clusterKey(node.scope.account, node.scope.region, node.clusterId))));
}

function toAdminNode(env: Env, node: FleetNodeInfo, cluster: CacheCluster | undefined): AdminNode {
  const cacheNode = cluster?.CacheNodes?.find((n) => n.CacheNodeId === node.nodeId);
  const storedStatus = cacheNode?.CacheNodeStatus ?? 'available';
  const status = node.running ? storedStatus : node.held ? 'az-down' : 'recovering';
  const out: AdminNode = {
    account: node.scope.account,
    region: node.scope.region,
    clusterId: node.clusterId,
    nodeId: node.nodeId,
    engine: node.engine,
    port: node.port,
    status,
  };
  if (cacheNode?.CustomerAvailabilityZone) out.availabilityZone = cacheNode.CustomerAvailabilityZone;
  const role = roleOf(env, node, cluster);
  if (role) out.role = role;
  const replication = cluster?.ReplicationGroupId && node.running ? replicationOf(env, node, cluster.ReplicationGroupId) : undefined;
  if (replication) out.replication = replication;
  return out;
}

function replicationOf(env: Env, node: FleetNodeInfo, groupId: string): AdminReplication | undefined {
  const info = env.fleet.replicationOf(node.scope, node.clusterId);
  if (!info) return undefined;
  if (info.role === 'master') return { offset: info.offset };
  const primary = env.fleet.groupState(node.scope, groupId)?.primary;
  const primaryOffset = primary ? env.fleet.replicationOf(node.scope, primary)?.offset : undefined;
  return {
    offset: info.offset,
    linkStatus: info.linkUp ? 'up' : 'down',
    ...(info.linkUp ? {} : { linkDownSeconds: info.linkDownSeconds }),
    ...(primaryOffset !== undefined ? { lagBytes: Math.max(0, primaryOffset - info.offset) } : {}),
    partitioned: node.partitioned,
    outOfSync: info.outOfSync,
  };
}

/** A standalone Redis node is its own primary; a replication-group member has the role its engine reports. */
function roleOf(env: Env, node: FleetNodeInfo, cluster: CacheCluster | undefined): string | undefined {
  if (node.engine === 'memcached') return undefined;
  if (!cluster?.ReplicationGroupId) return 'primary';
  const reported = node.running ? env.fleet.replicationOf(node.scope, node.clusterId)?.role : undefined;
  return reported === 'master' ? 'primary' : reported;
}

export const nodesRoutes: AdminRoutes = (app, env) => {
  app.get('/nodes', (c) => c.json({ nodes: listAdminNodes(env) }));
};
