/**
 * Fault injection under /_emulator/faults/. Every fault goes through the
 * fleet (killNode / restartNode), so its hooks — events here, replication-group
 * failover elsewhere — see each failure.
 */
import type { Context } from 'hono';
import type { AdminRoutes } from '../admin.js';
import type { Env } from '../env.js';
import { failoverTimings } from '../config.js';
import { FleetError, type NodeDownCause, type NodeRef, type NodeUpCause } from '../fleet/fleet.js';
import { recordEvent } from '../services/eventLog.js';
import { CLUSTER_KIND } from '../services/cacheClusters/model.js';
import { listAdminNodes, type AdminNode } from './nodes.js';

/** A request the admin API refuses: JSON `{error}` with 400 or 404. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

async function body(c: Context): Promise<Record<string, unknown>> {
  const parsed: unknown = await c.req.json().catch(() => undefined);
  if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AdminError(400, 'the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function optionalString(b: Record<string, unknown>, field: string): string | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new AdminError(400, `${field} must be a non-empty string`);
  return v;
}

function requiredString(b: Record<string, unknown>, field: string): string {
  const v = optionalString(b, field);
  if (v === undefined) throw new AdminError(400, `${field} is required`);
  return v;
}

/**
 * {clusterId, nodeId?, region?, account?} → one node. Region and account only
 * need to be given when the cluster id exists in more than one; nodeId only
 * when the cluster has more than one node.
 */
function findNode(env: Env, b: Record<string, unknown>): AdminNode {
  const clusterId = requiredString(b, 'clusterId').toLowerCase();
  const nodeId = optionalString(b, 'nodeId');
  const region = optionalString(b, 'region');
  const account = optionalString(b, 'account');
  const inCluster = listAdminNodes(env).filter(
    (n) => n.clusterId === clusterId && (!region || n.region === region) && (!account || n.account === account),
  );
  if (inCluster.length === 0) throw new AdminError(404, `no running cluster ${clusterId}`);
  if (new Set(inCluster.map((n) => `${n.account}/${n.region}`)).size > 1) {
    throw new AdminError(400, `cluster ${clusterId} exists in several accounts/regions; give region (and account)`);
  }
  if (!nodeId) {
    if (inCluster.length > 1) throw new AdminError(400, `cluster ${clusterId} has ${inCluster.length} nodes; give nodeId`);
    return inCluster[0]!;
  }
  const node = inCluster.find((n) => n.nodeId === nodeId);
  if (!node) throw new AdminError(404, `cluster ${clusterId} has no node ${nodeId}`);
  return node;
}

const ref = (n: AdminNode): NodeRef => ({ scope: { account: n.account, region: n.region }, clusterId: n.clusterId, nodeId: n.nodeId });

export const faultRoutes: AdminRoutes = (app, env) => {
  watchNodeHealth(env);

  app.post('/faults/kill-node', async (c) => {
    const node = findNode(env, await body(c));
    const { scope, clusterId, nodeId } = ref(node);
    env.fleet.killNode(scope, clusterId, nodeId);
    return c.json({ killed: nodeSummary(node), recoveryMs: failoverTimings(env.config).recoveryMs });
  });

  // A replica's replication link is cut: it keeps serving (stale) reads, its lag grows; heal reconnects it.
  app.post('/faults/partition', async (c) => {
    const b = await body(c);
    const durationMs = optionalDuration(b);
    const node = findNode(env, b);
    const { scope, clusterId } = ref(node);
    const result = fleetCall(() => env.fleet.partitionReplica(scope, clusterId, durationMs));
    return c.json({
      partitioned: nodeSummary(node),
      replicationGroupId: result.groupId,
      primary: result.primary,
      ...(result.until !== undefined ? { healsAt: new Date(result.until).toISOString() } : {}),
    });
  });

  app.post('/faults/heal', async (c) => {
    const node = findNode(env, await body(c));
    const { scope, clusterId } = ref(node);
    fleetCall(() => env.fleet.healReplica(scope, clusterId));
    return c.json({ healed: nodeSummary(node) });
  });

  app.post('/faults/restart-node', async (c) => {
    const node = findNode(env, await body(c));
    const { scope, clusterId, nodeId } = ref(node);
    await env.fleet.restartNode(scope, clusterId, nodeId);
    return c.json({ restarted: nodeSummary(node) });
  });

  app.post('/faults/az-down', async (c) => {
    const az = requiredString(await body(c), 'az');
    const nodes = listAdminNodes(env).filter((n) => n.availabilityZone === az);
    for (const node of nodes) {
      const { scope, clusterId, nodeId } = ref(node);
      env.fleet.killNode(scope, clusterId, nodeId, { hold: true, cause: 'az-down' });
    }
    return c.json({ az, down: nodes.map(nodeSummary) });
  });

  app.post('/faults/az-up', async (c) => {
    const az = requiredString(await body(c), 'az');
    const nodes = listAdminNodes(env).filter((n) => n.availabilityZone === az && n.status === 'az-down');
    for (const node of nodes) {
      const { scope, clusterId, nodeId } = ref(node);
      await env.fleet.restartNode(scope, clusterId, nodeId);
    }
    return c.json({ az, up: nodes.map(nodeSummary) });
  });
};

function optionalDuration(b: Record<string, unknown>): number | undefined {
  const v = b.durationMs;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new AdminError(400, 'durationMs must be a positive integer (milliseconds)');
  return v;
}

/** A fleet refusal becomes the admin API's 400/404. */
function fleetCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FleetError) throw new AdminError(err.kind === 'not-found' ? 404 : 400, err.message);
    throw err;
  }
}

const nodeSummary = (n: AdminNode) => ({ account: n.account, region: n.region, clusterId: n.clusterId, nodeId: n.nodeId, port: n.port });

const watched = new WeakSet<Env>();

/** Node failures and recoveries become cache-cluster events, worded as ElastiCache words them. */
export function watchNodeHealth(env: Env): void {
  if (watched.has(env)) return;
  watched.add(env);
  const isCacheCluster = (node: NodeRef) => env.store.collection(CLUSTER_KIND).has(node.scope, node.clusterId);
  const event = (node: NodeRef, message: string) => {
    if (isCacheCluster(node)) recordEvent(env, node.scope, 'cache-cluster', node.clusterId, message);
  };
  // A TestFailover's node: the failover reports its recovery once the replica is promoted (ElastiCache's order).
  env.fleet.onNodeDown((node, cause: NodeDownCause) => {
    if (cause !== 'failover') event(node, `Recovering cache nodes ${node.nodeId}`);
  });
  env.fleet.onNodeUp((node, cause: NodeUpCause) =>
    event(node, cause === 'recovered' ? `Finished recovery for cache nodes ${node.nodeId}` : `Cache node ${node.nodeId} restarted`),
  );
}
