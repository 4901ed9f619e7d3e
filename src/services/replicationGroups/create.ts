import type { CreateReplicationGroupMessage, CreateReplicationGroupResult } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue, missingParameter } from '../../api/errors.js';
import { DEFAULT_ENGINE_VERSION, familyForEngineVersion } from '../../catalog/engineVersions.js';
import type { RequestContext } from '../../env.js';
import { makeArn } from '../arn.js';
import { clusterNotFound, getCluster, invalidClusterState } from '../cacheClusters/model.js';
import { checkAuthToken, checkEngineVersion, checkNodeType, checkSnapshotWindow } from '../cacheClusters/validate.js';
import type { Handler } from '../handler.js';
import { assertParameterGroupFamily, defaultParameterGroupFor, effectiveParameters } from '../parameterGroups.js';
import { setTags } from '../tags.js';
import { attachMember, createMembers, dropMember, type MemberTemplate } from './members.js';
import { groupEvent, groups, saveGroup, type StoredGroup } from './model.js';
import { renderGroup } from './render.js';
import { checkFailoverSettings, checkGroupId, checkMemberCount, checkReplicaCount } from './validate.js';

const clusterModeLater = () => new ApiError('NotImplemented', 'Cluster mode enabled replication groups are not implemented yet.', 501);

function checkGroupEngine(engine: string | undefined): 'redis' | 'valkey' {
  const name = (engine ?? 'redis').toLowerCase();
  if (name !== 'redis' && name !== 'valkey') {
    throw invalidParameterValue(`Invalid value for parameter Engine: ${engine}. Valid values are redis, valkey.`);
  }
  return name;
}

/** NumCacheClusters, or 1 + ReplicasPerNodeGroup, or 1. */
function memberCount(input: CreateReplicationGroupMessage): number {
  if (input.NumCacheClusters !== undefined) {
    checkMemberCount(input.NumCacheClusters);
    if (input.ReplicasPerNodeGroup !== undefined && input.ReplicasPerNodeGroup + 1 !== input.NumCacheClusters) {
      throw invalidParameterCombination('NumCacheClusters and ReplicasPerNodeGroup do not agree.');
    }
    return input.NumCacheClusters;
  }
  if (input.ReplicasPerNodeGroup !== undefined) {
    checkReplicaCount(input.ReplicasPerNodeGroup, 'ReplicasPerNodeGroup');
    return input.ReplicasPerNodeGroup + 1;
  }
  return 1;
}

/** An existing standalone Redis/Valkey cluster that becomes the primary. */
function seedCluster(ctx: RequestContext, id: string) {
  const cluster = getCluster(ctx, id);
  if (cluster.Engine === 'memcached') throw invalidParameterValue(`Cluster ${cluster.CacheClusterId} is a memcached cluster; replication groups need redis or valkey.`);
  if (cluster.ReplicationGroupId) {
    throw invalidParameterValue(`Cluster ${cluster.CacheClusterId} is already a member of replication group ${cluster.ReplicationGroupId}.`);
  }
  if (cluster.CacheClusterStatus !== 'available') throw invalidClusterState(cluster.CacheClusterId!, cluster.CacheClusterStatus);
  return cluster;
}

export const createReplicationGroup: Handler<CreateReplicationGroupMessage, CreateReplicationGroupResult> = async (input, ctx) => {
  const id = checkGroupId(input.ReplicationGroupId);
  if (!input.ReplicationGroupDescription) throw missingParameter('ReplicationGroupDescription');
  if ((input.NumNodeGroups ?? 1) > 1 || input.NodeGroupConfiguration?.length || input.ClusterMode === 'enabled') throw clusterModeLater();
  const seed = input.PrimaryClusterId ? seedCluster(ctx, input.PrimaryClusterId) : undefined;
  const engine = seed ? (seed.Engine as 'redis' | 'valkey') : checkGroupEngine(input.Engine);
  const engineVersion = seed?.EngineVersion ?? checkEngineVersion(engine, input.EngineVersion ?? DEFAULT_ENGINE_VERSION[engine]);
  const nodeType = seed?.CacheNodeType ?? checkNodeType(input.CacheNodeType, engine);
  const count = memberCount(input);
  const automaticFailover = input.AutomaticFailoverEnabled ?? false;
  const multiAz = input.MultiAZEnabled ?? false;
  checkFailoverSettings(count, automaticFailover, multiAz);
  const azs = input.PreferredCacheClusterAZs ?? [];
  if (azs.length > 0 && azs.length !== count) {
    throw invalidParameterValue(`The number of preferred availability zones (${azs.length}) must match the number of cache clusters (${count}).`);
  }
  const parameterGroupName =
    seed?.CacheParameterGroup?.CacheParameterGroupName ?? input.CacheParameterGroupName ?? defaultParameterGroupFor(engine, engineVersion, false)!;
  assertParameterGroupFamily(ctx, parameterGroupName, familyForEngineVersion(engine, engineVersion)!);
  if (effectiveParameters(ctx, parameterGroupName)['cluster-enabled'] === 'yes') throw clusterModeLater();
  const transitEncryption = input.TransitEncryptionEnabled ?? false;
  let authToken: string | undefined;
  if (input.AuthToken !== undefined) {
    if (!transitEncryption) throw invalidParameterValue('The AUTH token is only supported when encryption-in-transit is enabled.');
    authToken = checkAuthToken(input.AuthToken);
  }
  const snapshotWindow = checkSnapshotWindow(input.SnapshotWindow);
  if (groups(ctx).has(ctx, id)) throw new ApiError('ReplicationGroupAlreadyExistsFault', `Replication group ${id} already exists.`);
  if (input.PrimaryClusterId && !seed) throw clusterNotFound(input.PrimaryClusterId);

  const template: MemberTemplate = {
    Engine: engine,
    EngineVersion: engineVersion,
    CacheNodeType: nodeType,
    CacheParameterGroupName: parameterGroupName,
    TransitEncryptionEnabled: transitEncryption,
    ...(authToken ? { AuthToken: authToken } : {}),
    SnapshotRetentionLimit: input.SnapshotRetentionLimit ?? 0,
    ...(snapshotWindow ? { SnapshotWindow: snapshotWindow } : {}),
    ...(input.Port !== undefined ? { Port: input.Port } : {}),
    CacheSubnetGroupName: input.CacheSubnetGroupName,
    SecurityGroupIds: input.SecurityGroupIds,
    PreferredMaintenanceWindow: input.PreferredMaintenanceWindow,
  };
  const newIds = Array.from({ length: seed ? count - 1 : count }, (_, i) => `${id}-${String(i + (seed ? 2 : 1)).padStart(3, '0')}`);
  await createMembers(ctx, id, template, newIds, seed ? azs.slice(1) : azs);
  const members = seed ? [seed.CacheClusterId!, ...newIds] : newIds;
  if (seed) attachMember(ctx, seed.CacheClusterId!, id);

  const now = ctx.env.clock.now();
  const arn = makeArn(ctx, 'replicationgroup', id);
  const group: StoredGroup = {
    ReplicationGroupId: id,
    Description: input.ReplicationGroupDescription,
    Status: 'creating',
    PendingModifiedValues: {},
    MemberClusters: members,
    AutomaticFailover: automaticFailover ? 'enabled' : 'disabled',
    MultiAZ: multiAz ? 'enabled' : 'disabled',
    SnapshotRetentionLimit: template.SnapshotRetentionLimit,
    SnapshotWindow: snapshotWindow ?? getCluster(ctx, members[0]).SnapshotWindow,
    ClusterEnabled: false,
    CacheNodeType: nodeType,
    AuthTokenEnabled: authToken !== undefined,
    ...(authToken !== undefined ? { AuthTokenLastModifiedDate: now } : {}),
    TransitEncryptionEnabled: transitEncryption,
    ...(transitEncryption ? { TransitEncryptionMode: 'required' as const } : {}),
    AtRestEncryptionEnabled: input.AtRestEncryptionEnabled ?? false,
    ARN: arn,
    LogDeliveryConfigurations: [],
    ReplicationGroupCreateTime: now,
    DataTiering: 'disabled',
    AutoMinorVersionUpgrade: input.AutoMinorVersionUpgrade ?? true,
    NetworkType: input.NetworkType ?? 'ipv4',
    IpDiscovery: input.IpDiscovery ?? 'ipv4',
    ClusterMode: 'disabled',
    Engine: engine,
    Internal: { engine, engineVersion, parameterGroupName, authToken, members },
  };
  try {
    const memberAzs: Record<string, string> = {};
    for (const member of members) memberAzs[member] = getCluster(ctx, member).PreferredAvailabilityZone ?? '';
    await ctx.env.fleet.startGroup(ctx, { groupId: id, members, primary: members[0]!, automaticFailover, azs: memberAzs });
  } catch (err) {
    await ctx.env.fleet.deleteGroup(ctx, id).catch(() => undefined);
    for (const member of newIds) await dropMember(ctx, member);
    if (seed) attachMember(ctx, seed.CacheClusterId!, undefined);
    throw new ApiError('InsufficientCacheClusterCapacityFault', `Replication group endpoints could not be started: ${(err as Error).message}`);
  }
  ctx.env.store.tx(() => {
    saveGroup(ctx, group);
    setTags(ctx, arn, input.Tags);
  });
  const response = renderGroup(ctx, group);
  group.Status = 'available';
  saveGroup(ctx, group);
  groupEvent(ctx, id, `Replication group ${id} created`);
  return { ReplicationGroup: response };
};
