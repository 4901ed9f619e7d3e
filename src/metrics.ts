/**
 * Emulator metrics in the Prometheus text format (GET /_emulator/metrics):
 * API requests by action and code, nodes by engine and status, per-node
 * memory, keys and clients from each engine's stats(), and for replicas the
 * replication link and lag (ElastiCache's ReplicationLag is a CloudWatch metric).
 */
import type { Env } from './env.js';
import type { AdminNode } from './admin/nodes.js';

/** Request counts per environment, keyed "action\0code". */
const requestsByEnv = new WeakMap<Env, Map<string, number>>();

/** Counts one API call; `code` is the error code, or 'Success'. */
export function recordApiRequest(env: Env, action: string | undefined, code: string | undefined): void {
  let counts = requestsByEnv.get(env);
  if (!counts) requestsByEnv.set(env, (counts = new Map()));
  const key = `${action ?? 'unknown'}\0${code ?? 'Success'}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Label values escaped as the exposition format requires. */
const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs).map(([k, v]) => `${k}="${label(v)}"`).join(',')}}`;

/** Redis and Memcached name the same numbers differently. */
function nodeNumbers(stats: Record<string, unknown>): { usedMemory?: number; keys?: number; clients?: number } {
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
  return {
    usedMemory: num(stats.usedMemory ?? stats.bytes),
    keys: num(stats.keys ?? stats.curr_items),
    clients: num(stats.connectedClients ?? stats.curr_connections),
  };
}

export function renderMetrics(env: Env, nodes: AdminNode[]): string {
  const lines: string[] = [];
  const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

  family('elasticache_local_api_requests_total', 'counter', 'ElastiCache API requests by action and result code.');
  for (const [key, count] of [...(requestsByEnv.get(env) ?? new Map<string, number>())].sort()) {
    const [action, code] = key.split('\0') as [string, string];
    lines.push(`elasticache_local_api_requests_total${labels({ action, code })} ${count}`);
  }

  family('elasticache_local_nodes', 'gauge', 'Cache nodes by engine and status.');
  const byEngineStatus = new Map<string, number>();
  for (const node of nodes) byEngineStatus.set(`${node.engine}\0${node.status}`, (byEngineStatus.get(`${node.engine}\0${node.status}`) ?? 0) + 1);
  for (const [key, count] of [...byEngineStatus].sort()) {
    const [engine, status] = key.split('\0') as [string, string];
    lines.push(`elasticache_local_nodes${labels({ engine, status })} ${count}`);
  }

  const perNode = [
    ['elasticache_local_node_used_memory_bytes', 'Memory the node uses.', 'usedMemory'],
    ['elasticache_local_node_keys', 'Keys (items) the node holds.', 'keys'],
    ['elasticache_local_node_connected_clients', 'Client connections to the node.', 'clients'],
  ] as const;
  const numbers = nodes.map((node) => ({ node, n: nodeNumbers(env.fleet.nodeStats(node, node.clusterId, node.nodeId)) }));
  for (const [name, help, field] of perNode) {
    family(name, 'gauge', help);
    for (const { node, n } of numbers) {
      const value = n[field];
      if (value === undefined) continue;
      const l = labels({ account: node.account, region: node.region, cluster: node.clusterId, node: node.nodeId, engine: node.engine });
      lines.push(`${name}${l} ${value}`);
    }
  }

  const replicas = nodes.filter((node) => node.replication?.linkStatus !== undefined);
  const nodeLabels = (node: AdminNode) => labels({ account: node.account, region: node.region, cluster: node.clusterId, node: node.nodeId, engine: node.engine });
  family('elasticache_local_replica_link_up', 'gauge', 'Replicas: 1 while the replication link to the primary is up.');
  for (const node of replicas) lines.push(`elasticache_local_replica_link_up${nodeLabels(node)} ${node.replication!.linkStatus === 'up' ? 1 : 0}`);
  family('elasticache_local_replica_lag_bytes', 'gauge', 'Replicas: replication offset behind the primary, in bytes.');
  for (const node of replicas) {
    if (node.replication!.lagBytes !== undefined) lines.push(`elasticache_local_replica_lag_bytes${nodeLabels(node)} ${node.replication!.lagBytes}`);
  }
  return `${lines.join('\n')}\n`;
}
