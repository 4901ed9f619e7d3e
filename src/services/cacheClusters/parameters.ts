import type { RequestContext } from '../../env.js';
import { effectiveParameters, resolveParameterGroup, setParameterGroupChangeListener } from '../parameterGroups.js';
import { clusters, saveCluster, type StoredCluster } from './model.js';

/**
 * Brings a cluster's nodes to the effective values of `groupName` (after a
 * group switch, a node-type change, or a change to the group itself).
 * Dynamic parameters reach the live nodes now; requires-reboot ones wait, and
 * the cluster shows pending-reboot with the nodes to reboot.
 */
export function reconcileParameters(ctx: RequestContext, cluster: StoredCluster, memoryBytes?: number): void {
  const id = cluster.CacheClusterId!;
  const groupName = cluster.CacheParameterGroup!.CacheParameterGroupName!;
  const previous = ctx.env.fleet.parametersFor(ctx, id);
  const next = effectiveParameters(ctx, groupName, cluster.CacheNodeType);
  const definitions = [...resolveParameterGroup(ctx, groupName).family.parameters];
  const rebootOnly = new Set(definitions.filter((d) => d.changeType === 'requires-reboot').map((d) => d.name));
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  const waiting = [...names].filter((n) => previous[n] !== next[n] && rebootOnly.has(n));
  const live = { ...next };
  for (const name of waiting) {
    if (previous[name] === undefined) delete live[name];
    else live[name] = previous[name]!;
  }
  ctx.env.fleet.applyParameters(ctx, id, next, live, memoryBytes);
  if (waiting.length > 0) {
    const nodeIds = (cluster.CacheNodes ?? []).map((n) => n.CacheNodeId!);
    cluster.CacheParameterGroup = { ...cluster.CacheParameterGroup, ParameterApplyStatus: 'pending-reboot', CacheNodeIdsToReboot: nodeIds };
    for (const node of cluster.CacheNodes ?? []) node.ParameterGroupStatus = 'pending-reboot';
  }
}

/** After a reboot of `nodeIds`, their pending parameters are in effect. */
export function markRebooted(cluster: StoredCluster, nodeIds: string[]): void {
  const group = cluster.CacheParameterGroup!;
  const left = (group.CacheNodeIdsToReboot ?? []).filter((id) => !nodeIds.includes(id));
  cluster.CacheParameterGroup = { ...group, CacheNodeIdsToReboot: left, ParameterApplyStatus: left.length ? 'pending-reboot' : 'in-sync' };
  for (const node of cluster.CacheNodes ?? []) if (nodeIds.includes(node.CacheNodeId!)) node.ParameterGroupStatus = 'in-sync';
}

// ModifyCacheParameterGroup / ResetCacheParameterGroup on a group clusters use.
setParameterGroupChangeListener((ctx, change) => {
  for (const cluster of clusters(ctx).list(ctx)) {
    if (cluster.CacheParameterGroup?.CacheParameterGroupName !== change.groupName) continue;
    if (!ctx.env.fleet.portsFor(ctx, cluster.CacheClusterId!)) continue;
    reconcileParameters(ctx, cluster);
    saveCluster(ctx, cluster);
  }
});
