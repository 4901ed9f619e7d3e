import type { ModifyCacheClusterMessage, ModifyCacheClusterResult, PendingModifiedValues } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue } from '../../api/errors.js';
import { compareVersions, familyForEngineVersion, type EngineName } from '../../catalog/engineVersions.js';
import type { RequestContext } from '../../env.js';
import { placeNodes } from '../availabilityZones.js';
import type { Handler } from '../handler.js';
import { assertParameterGroupFamily, defaultParameterGroupFor, findParameterGroup } from '../parameterGroups.js';
import { resolveSubnetGroup } from '../subnetGroups.js';
import { nodeMemoryBytes } from './create.js';
import { afterDelay, clusterEvent, transitionDelays } from './lifecycle.js';
import { currentCluster } from './maintenance.js';
import { getCluster, invalidClusterState, nextNodeIds, saveCluster, type DeferredChanges, type StoredCluster } from './model.js';
import { reconcileParameters } from './parameters.js';
import { renderCluster } from './render.js';
import {
  checkAuthToken,
  checkEngineVersion,
  checkMaintenanceWindow,
  checkNodeType,
  checkNumCacheNodes,
  checkSnapshotWindow,
  refuseCacheSecurityGroups,
} from './validate.js';

/** Node count changes of a Memcached cluster, checked against its nodes. */
function nodeCountChange(ctx: RequestContext, cluster: StoredCluster, input: ModifyCacheClusterMessage): DeferredChanges {
  const engine = cluster.Engine as EngineName;
  const current = cluster.NumCacheNodes!;
  const toRemove = input.CacheNodeIdsToRemove ?? [];
  if (input.NumCacheNodes === undefined) {
    if (toRemove.length) throw invalidParameterCombination('CacheNodeIdsToRemove requires NumCacheNodes to be less than the current number of cache nodes.');
    return {};
  }
  const target = checkNumCacheNodes(engine, input.NumCacheNodes, 'modify');
  if (target < current) {
    if (toRemove.length !== current - target) {
      throw invalidParameterCombination(
        `The number of CacheNodeIdsToRemove must match the number of nodes you are trying to remove, current number of cache nodes is ${current}, requested number of cache nodes is ${target} and CacheNodeIdsToRemove supplied are ${toRemove.length}`,
      );
    }
    const known = new Set((cluster.CacheNodes ?? []).map((n) => n.CacheNodeId));
    const unknown = toRemove.filter((id) => !known.has(id));
    if (unknown.length || new Set(toRemove).size !== toRemove.length) {
      throw invalidParameterValue(`Some of the cache node ids to remove are not valid: ${unknown.join(', ') || toRemove.join(', ')}`);
    }
    return { NumCacheNodes: target, CacheNodeIdsToRemove: [...toRemove] };
  }
  if (toRemove.length) throw invalidParameterCombination('CacheNodeIdsToRemove can only be specified when decreasing NumCacheNodes.');
  if (target === current) return {};
  const added = target - current;
  const subnetAzs = resolveSubnetGroup(ctx, cluster.CacheSubnetGroupName ?? 'default').availabilityZones;
  const azMode = input.AZMode ?? (cluster.PreferredAvailabilityZone === 'Multiple' ? 'cross-az' : 'single-az');
  const azs = input.NewAvailabilityZones?.length
    ? placeNodes({ region: ctx.region, clusterId: cluster.CacheClusterId!, subnetAzs, count: added, preferredList: input.NewAvailabilityZones })
    : azMode === 'single-az'
      ? Array.from({ length: added }, () => cluster.CacheNodes?.[0]?.CustomerAvailabilityZone ?? subnetAzs[0]!)
      : placeNodes({ region: ctx.region, clusterId: `${cluster.CacheClusterId}-${current}`, subnetAzs, count: added, azMode });
  return { NumCacheNodes: target, NewAvailabilityZones: azs };
}

/** Applies node count, node type and engine version changes to the fleet and the document. */
async function applyDataPlane(ctx: RequestContext, cluster: StoredCluster, changes: DeferredChanges): Promise<void> {
  const id = cluster.CacheClusterId!;
  const fleet = ctx.env.fleet;
  if (changes.CacheNodeIdsToRemove?.length) {
    await fleet.removeNodes(ctx, id, changes.CacheNodeIdsToRemove);
    cluster.CacheNodes = (cluster.CacheNodes ?? []).filter((n) => !changes.CacheNodeIdsToRemove!.includes(n.CacheNodeId!));
    for (const nodeId of changes.CacheNodeIdsToRemove) clusterEvent(ctx, id, `Removed cache node ${nodeId}`);
  } else if (changes.NewAvailabilityZones?.length) {
    const ids = nextNodeIds(cluster, changes.NewAvailabilityZones.length);
    const ports = await fleet.addNodes(ctx, id, ids);
    const now = ctx.env.clock.now();
    ids.forEach((nodeId, i) => {
      cluster.CacheNodes!.push({
        CacheNodeId: nodeId,
        CacheNodeStatus: 'available',
        CacheNodeCreateTime: now,
        Endpoint: { Address: ctx.env.config.advertiseHost, Port: ports.nodes[nodeId] },
        ParameterGroupStatus: 'in-sync',
        CustomerAvailabilityZone: changes.NewAvailabilityZones![i],
      });
      clusterEvent(ctx, id, `Added cache node ${nodeId} in availability zone ${changes.NewAvailabilityZones![i]}`);
    });
  }
  if (changes.NumCacheNodes !== undefined) {
    cluster.NumCacheNodes = cluster.CacheNodes!.length;
    const azs = new Set(cluster.CacheNodes!.map((n) => n.CustomerAvailabilityZone));
    cluster.PreferredAvailabilityZone = azs.size > 1 ? 'Multiple' : [...azs][0];
  }
  if (changes.CacheParameterGroupName) {
    cluster.CacheParameterGroup = { ...cluster.CacheParameterGroup, CacheParameterGroupName: changes.CacheParameterGroupName };
  }
  if (changes.EngineVersion) {
    await fleet.upgradeEngine(ctx, id, changes.EngineVersion);
    cluster.EngineVersion = changes.EngineVersion;
    clusterEvent(ctx, id, `Cache cluster engine version upgraded to ${changes.EngineVersion}`);
  }
  if (changes.CacheNodeType) {
    cluster.CacheNodeType = changes.CacheNodeType;
    clusterEvent(ctx, id, `Cache cluster node type modified to ${changes.CacheNodeType}`);
  }
  if (changes.CacheNodeType || changes.CacheParameterGroupName || changes.EngineVersion) {
    reconcileParameters(ctx, cluster, nodeMemoryBytes(cluster.CacheNodeType!, cluster.Engine!));
  }
}

/** PendingModifiedValues for deferred changes. */
function pendingValues(cluster: StoredCluster, changes: DeferredChanges): PendingModifiedValues {
  const pending: PendingModifiedValues = {};
  if (changes.NumCacheNodes !== undefined) pending.NumCacheNodes = changes.NumCacheNodes;
  if (changes.CacheNodeIdsToRemove?.length) pending.CacheNodeIdsToRemove = changes.CacheNodeIdsToRemove;
  if (changes.CacheNodeType) pending.CacheNodeType = changes.CacheNodeType;
  if (changes.EngineVersion) pending.EngineVersion = changes.EngineVersion;
  if (cluster.PendingModifiedValues?.AuthTokenStatus) pending.AuthTokenStatus = cluster.PendingModifiedValues.AuthTokenStatus;
  return pending;
}

const hasChanges = (c: DeferredChanges) => Object.values(c).some((v) => v !== undefined);

/** Runs changes: status modifying, the work, then available (after the configured delay). */
async function runChanges(ctx: RequestContext, cluster: StoredCluster, changes: DeferredChanges): Promise<void> {
  const id = cluster.CacheClusterId!;
  cluster.CacheClusterStatus = 'modifying';
  cluster.PendingModifiedValues = pendingValues(cluster, changes);
  saveCluster(ctx, cluster);
  await afterDelay(ctx, id, transitionDelays(ctx.env).modifyingMs, 'modifying', async (current) => {
    await applyDataPlane(ctx, current, changes);
    current.CacheClusterStatus = 'available';
    current.PendingModifiedValues = {};
    saveCluster(ctx, current);
  });
}

/** At the maintenance window: the deferred changes take effect. */
export async function applyDeferred(ctx: RequestContext, cluster: StoredCluster): Promise<StoredCluster> {
  const changes = cluster.Internal.deferred ?? {};
  cluster.Internal = { ...cluster.Internal, deferred: undefined, deferredSinceMs: undefined };
  await runChanges(ctx, cluster, changes);
  return getCluster(ctx, cluster.CacheClusterId);
}

/** A version change that moves to another family needs a group of that family. */
function groupForVersion(ctx: RequestContext, cluster: StoredCluster, version: string, requestedGroup: string | undefined): string | undefined {
  const family = familyForEngineVersion(cluster.Engine!, version)!;
  if (requestedGroup) return requestedGroup;
  const currentName = cluster.CacheParameterGroup!.CacheParameterGroupName!;
  const current = findParameterGroup(ctx, currentName);
  if (current?.group.CacheParameterGroupFamily === family) return undefined;
  if (current?.isDefault) return defaultParameterGroupFor(cluster.Engine!, version, false);
  throw invalidParameterCombination(
    `The current parameter group ${currentName} is not of family ${family}; specify a CacheParameterGroupName of that family to upgrade to ${version}.`,
  );
}

export const modifyCacheCluster: Handler<ModifyCacheClusterMessage, ModifyCacheClusterResult> = async (input, ctx) => {
  let cluster = await currentCluster(ctx, input.CacheClusterId);
  const id = cluster.CacheClusterId!;
  if (cluster.CacheClusterStatus !== 'available') throw invalidClusterState(id, cluster.CacheClusterStatus);
  const engine = cluster.Engine as EngineName;
  const isRedis = engine !== 'memcached';
  if (input.Engine !== undefined && input.Engine.toLowerCase() !== engine) {
    throw new ApiError('NotImplemented', 'Changing the engine of a cache cluster is not implemented yet.', 501);
  }
  refuseCacheSecurityGroups(input.CacheSecurityGroupNames);
  if (input.AZMode !== undefined && isRedis) throw invalidParameterCombination(`AZMode is not supported for engine ${engine}.`);

  // Everything is checked before anything changes.
  const changes: DeferredChanges = nodeCountChange(ctx, cluster, input);
  if (input.CacheNodeType !== undefined && input.CacheNodeType !== cluster.CacheNodeType) {
    if (!isRedis) throw invalidParameterCombination('Modifying the cache node type is not supported for engine memcached.');
    changes.CacheNodeType = checkNodeType(input.CacheNodeType, engine);
  }
  let version = cluster.EngineVersion!;
  if (input.EngineVersion !== undefined && input.EngineVersion !== cluster.EngineVersion) {
    version = checkEngineVersion(engine, input.EngineVersion);
    if (compareVersions(version, cluster.EngineVersion!) < 0) {
      throw invalidParameterCombination(`Cannot downgrade the engine version from ${cluster.EngineVersion} to ${version}.`);
    }
    changes.EngineVersion = version;
    const group = groupForVersion(ctx, cluster, version, input.CacheParameterGroupName);
    if (group && !input.CacheParameterGroupName) changes.CacheParameterGroupName = group;
  }
  const family = familyForEngineVersion(engine, version)!;
  let newGroup =
    input.CacheParameterGroupName !== undefined && input.CacheParameterGroupName !== cluster.CacheParameterGroup?.CacheParameterGroupName
      ? assertParameterGroupFamily(ctx, input.CacheParameterGroupName, family).group.CacheParameterGroupName
      : undefined;
  if (newGroup && changes.EngineVersion) {
    // The group of the new family takes effect together with the new version.
    changes.CacheParameterGroupName = newGroup;
    newGroup = undefined;
  }
  if (!isRedis && (input.SnapshotRetentionLimit !== undefined || input.SnapshotWindow !== undefined)) {
    throw invalidParameterCombination('SnapshotRetentionLimit and SnapshotWindow are not supported for engine memcached.');
  }
  const maintenanceWindow = checkMaintenanceWindow(input.PreferredMaintenanceWindow);
  const snapshotWindow = checkSnapshotWindow(input.SnapshotWindow);
  let authChange: { token?: string } | undefined;
  if (input.AuthToken !== undefined || input.AuthTokenUpdateStrategy !== undefined) {
    if (!isRedis) throw invalidParameterCombination('AuthToken is not supported for engine memcached.');
    if (!cluster.TransitEncryptionEnabled) {
      throw invalidParameterCombination('The AUTH token can only be modified when encryption-in-transit is enabled.');
    }
    const strategy = input.AuthTokenUpdateStrategy ?? 'ROTATE';
    if (strategy === 'DELETE') {
      if (input.AuthToken !== undefined) throw invalidParameterCombination('AuthToken must not be specified with AuthTokenUpdateStrategy DELETE.');
      authChange = {};
    } else {
      if (input.AuthToken === undefined) throw invalidParameterCombination(`AuthToken is required with AuthTokenUpdateStrategy ${strategy}.`);
      authChange = { token: checkAuthToken(input.AuthToken) };
    }
  }

  // Settings that ElastiCache applies as soon as possible, whatever ApplyImmediately says.
  if (maintenanceWindow) cluster.PreferredMaintenanceWindow = maintenanceWindow;
  if (isRedis && input.SnapshotRetentionLimit !== undefined) cluster.SnapshotRetentionLimit = input.SnapshotRetentionLimit;
  if (snapshotWindow) cluster.SnapshotWindow = snapshotWindow;
  if (input.SecurityGroupIds) cluster.SecurityGroups = input.SecurityGroupIds.map((sg) => ({ SecurityGroupId: sg, Status: 'active' }));
  if (input.NotificationTopicArn !== undefined) {
    cluster.NotificationConfiguration = { TopicArn: input.NotificationTopicArn, TopicStatus: input.NotificationTopicStatus ?? 'active' };
  } else if (input.NotificationTopicStatus !== undefined && cluster.NotificationConfiguration) {
    cluster.NotificationConfiguration = { ...cluster.NotificationConfiguration, TopicStatus: input.NotificationTopicStatus };
  }
  if (input.AutoMinorVersionUpgrade !== undefined) cluster.AutoMinorVersionUpgrade = input.AutoMinorVersionUpgrade;
  if (input.IpDiscovery !== undefined) cluster.IpDiscovery = input.IpDiscovery;
  if (authChange) {
    ctx.env.fleet.setPassword(ctx, id, authChange.token);
    cluster.Internal = { ...cluster.Internal, authToken: authChange.token };
    cluster.AuthTokenEnabled = authChange.token !== undefined;
    cluster.AuthTokenLastModifiedDate = ctx.env.clock.now();
  }
  if (newGroup) {
    cluster.CacheParameterGroup = { ...cluster.CacheParameterGroup, CacheParameterGroupName: newGroup };
    reconcileParameters(ctx, cluster);
  }
  saveCluster(ctx, cluster);
  clusterEvent(ctx, id, 'Cache cluster modified');

  if (hasChanges(changes)) {
    if (input.ApplyImmediately) {
      // Changes queued earlier go with these (the newest value of each wins).
      const merged = { ...cluster.Internal.deferred, ...changes };
      cluster.Internal = { ...cluster.Internal, deferred: undefined, deferredSinceMs: undefined };
      const response = renderCluster(ctx, { ...cluster, CacheClusterStatus: 'modifying', PendingModifiedValues: pendingValues(cluster, merged) }, false);
      await runChanges(ctx, cluster, merged);
      return { CacheCluster: response };
    }
    const deferred = { ...cluster.Internal.deferred, ...changes };
    cluster.Internal = { ...cluster.Internal, deferred, deferredSinceMs: ctx.env.clock.nowMs() };
    cluster.PendingModifiedValues = pendingValues(cluster, deferred);
    saveCluster(ctx, cluster);
  } else if (input.ApplyImmediately && cluster.Internal.deferred && input.NumCacheNodes === cluster.NumCacheNodes) {
    // Asking for the current node count with ApplyImmediately cancels a pending change of it.
    const { NumCacheNodes: _n, CacheNodeIdsToRemove: _r, NewAvailabilityZones: _a, ...rest } = cluster.Internal.deferred;
    cluster.Internal = { ...cluster.Internal, deferred: hasChanges(rest) ? rest : undefined };
    cluster.PendingModifiedValues = pendingValues(cluster, rest);
    saveCluster(ctx, cluster);
  }
  cluster = getCluster(ctx, id);
  return { CacheCluster: renderCluster(ctx, cluster, false) };
};
