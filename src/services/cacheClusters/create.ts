import type { CacheNode, CreateCacheClusterMessage, CreateCacheClusterResult } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue } from '../../api/errors.js';
import { DEFAULT_ENGINE_VERSION, familyForEngineVersion } from '../../catalog/engineVersions.js';
import { nodeTypeInfo } from '../../catalog/nodeTypes.js';
import type { RequestContext } from '../../env.js';
import { makeArn } from '../arn.js';
import { placeNodes } from '../availabilityZones.js';
import type { Handler } from '../handler.js';
import { assertParameterGroupFamily, defaultParameterGroupFor, effectiveParameters } from '../parameterGroups.js';
import { resolveSubnetGroup } from '../subnetGroups.js';
import { deleteTagsFor, setTags } from '../tags.js';
import { afterDelay, clusterEvent, transitionDelays } from './lifecycle.js';
import { clusters, nodeId, saveCluster, type StoredCluster } from './model.js';
import { renderCluster } from './render.js';
import {
  MAX_CLUSTERS_PER_REGION,
  MAX_NODES_PER_REGION,
  checkAuthToken,
  checkClusterId,
  checkEngine,
  checkEngineVersion,
  checkMaintenanceWindow,
  checkNodeType,
  checkNumCacheNodes,
  checkPort,
  checkSnapshotWindow,
  defaultMaintenanceWindow,
  defaultSnapshotWindow,
  refuseCacheSecurityGroups,
} from './validate.js';

export const CLIENT_DOWNLOAD_LANDING_PAGE = 'https://console.aws.amazon.com/elasticache/home#client-download:';

/** Node memory for the fleet: Redis maxmemory, Memcached max_cache_memory. */
export function nodeMemoryBytes(nodeType: string, engine: string): number {
  const info = nodeTypeInfo(nodeType)!;
  return engine === 'memcached' && info.memcachedMaxCacheMemoryMiB ? info.memcachedMaxCacheMemoryMiB * 1024 * 1024 : info.memoryBytes;
}

/** What the replication-group family does with a cluster that belongs to a group (set by that family). */
export interface ReplicationGroupMemberHooks {
  create: Handler<CreateCacheClusterMessage, CreateCacheClusterResult>;
  delete: (ctx: RequestContext, clusterId: string, groupId: string) => Promise<void>;
}

let memberHooks: ReplicationGroupMemberHooks | undefined;

export function setReplicationGroupMemberHooks(hooks: ReplicationGroupMemberHooks | undefined): void {
  memberHooks = hooks;
}

export function replicationGroupMemberHooks(): ReplicationGroupMemberHooks | undefined {
  return memberHooks;
}

/** A cluster created into a replication group is a new replica of it. */
function createGroupMember(input: CreateCacheClusterMessage, ctx: RequestContext, id: string, groupId: string) {
  if (!ctx.env.store.collection('replication-group').has(ctx, groupId.toLowerCase())) {
    throw new ApiError('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${groupId}`);
  }
  if (clusters(ctx).has(ctx, id)) throw new ApiError('CacheClusterAlreadyExistsFault', `Cache cluster ${id} already exists.`);
  if (!memberHooks) throw new ApiError('NotImplemented', 'Adding a cache cluster to a replication group is not implemented yet.', 501);
  return memberHooks.create({ ...input, CacheClusterId: id, ReplicationGroupId: groupId.toLowerCase() }, ctx);
}

function checkQuotas(ctx: RequestContext, newNodes: number): void {
  const all = clusters(ctx).list(ctx);
  if (all.length + 1 > MAX_CLUSTERS_PER_REGION) {
    throw new ApiError(
      'ClusterQuotaForCustomerExceededFault',
      `The request cannot be processed because it would exceed the allowed number of clusters per customer (${MAX_CLUSTERS_PER_REGION}).`,
    );
  }
  const nodes = all.reduce((sum, c) => sum + (c.NumCacheNodes ?? 0), 0);
  if (nodes + newNodes > MAX_NODES_PER_REGION) {
    throw new ApiError(
      'NodeQuotaForCustomerExceededFault',
      `The request cannot be processed because it would exceed the allowed number of cache nodes per customer (${MAX_NODES_PER_REGION}).`,
    );
  }
}

export const createCacheCluster: Handler<CreateCacheClusterMessage, CreateCacheClusterResult> = async (input, ctx) => {
  const id = checkClusterId(input.CacheClusterId);
  if (input.ReplicationGroupId) return createGroupMember(input, ctx, id, input.ReplicationGroupId);
  const engine = checkEngine(input.Engine);
  const isRedis = engine !== 'memcached';
  const engineVersion = checkEngineVersion(engine, input.EngineVersion ?? DEFAULT_ENGINE_VERSION[engine]);
  const nodeType = checkNodeType(input.CacheNodeType, engine);
  const numNodes = checkNumCacheNodes(engine, input.NumCacheNodes, 'create');
  if (input.SnapshotArns?.length || input.SnapshotName) {
    if (!isRedis) throw invalidParameterCombination('Snapshots are not supported for engine memcached.');
    throw new ApiError('NotImplemented', 'Seeding a cluster from a snapshot is not implemented yet.', 501);
  }
  if (!isRedis && (input.SnapshotRetentionLimit || input.SnapshotWindow)) {
    throw invalidParameterCombination('SnapshotRetentionLimit and SnapshotWindow are not supported for engine memcached.');
  }
  if (input.AZMode !== undefined) {
    if (input.AZMode !== 'single-az' && input.AZMode !== 'cross-az') {
      throw invalidParameterValue(`Invalid value for parameter AZMode: ${input.AZMode}. Valid values are single-az, cross-az.`);
    }
    if (isRedis) throw invalidParameterCombination(`AZMode is not supported for engine ${engine}.`);
  }
  const family = familyForEngineVersion(engine, engineVersion)!;
  const groupName = input.CacheParameterGroupName ?? defaultParameterGroupFor(engine, engineVersion, false)!;
  const group = assertParameterGroupFamily(ctx, groupName, family);
  if (isRedis && effectiveParameters(ctx, groupName)['cluster-enabled'] === 'yes') {
    throw invalidParameterCombination('Cluster mode should be disabled in parameter group, but found it is enabled.');
  }
  const subnetGroup = resolveSubnetGroup(ctx, input.CacheSubnetGroupName ?? 'default');
  refuseCacheSecurityGroups(input.CacheSecurityGroupNames);
  const transitEncryption = input.TransitEncryptionEnabled ?? false;
  let authToken: string | undefined;
  if (input.AuthToken !== undefined) {
    if (!isRedis) throw invalidParameterCombination('AuthToken is not supported for engine memcached.');
    if (!transitEncryption) throw invalidParameterValue('The AUTH token is only supported when encryption-in-transit is enabled.');
    authToken = checkAuthToken(input.AuthToken);
  }
  const maintenanceWindow = checkMaintenanceWindow(input.PreferredMaintenanceWindow) ?? defaultMaintenanceWindow(id);
  const snapshotWindow = checkSnapshotWindow(input.SnapshotWindow);
  const port = checkPort(input.Port, isRedis ? 6379 : 11211);
  const azs = placeNodes({
    region: ctx.region,
    clusterId: id,
    subnetAzs: subnetGroup.availabilityZones,
    count: numNodes,
    azMode: input.AZMode,
    preferred: input.PreferredAvailabilityZone,
    preferredList: input.PreferredAvailabilityZones,
  });
  if (clusters(ctx).has(ctx, id)) throw new ApiError('CacheClusterAlreadyExistsFault', `Cache cluster ${id} already exists.`);
  checkQuotas(ctx, numNodes);

  const now = ctx.env.clock.now();
  const arn = makeArn(ctx, 'cluster', id);
  const nodeIds = azs.map((_, i) => nodeId(i + 1));
  const cluster: StoredCluster = {
    CacheClusterId: id,
    ClientDownloadLandingPage: CLIENT_DOWNLOAD_LANDING_PAGE,
    CacheNodeType: nodeType,
    Engine: engine,
    EngineVersion: engineVersion,
    CacheClusterStatus: 'creating',
    NumCacheNodes: numNodes,
    PreferredAvailabilityZone: new Set(azs).size > 1 ? 'Multiple' : azs[0],
    CacheClusterCreateTime: now,
    PreferredMaintenanceWindow: maintenanceWindow,
    PendingModifiedValues: {},
    ...(input.NotificationTopicArn ? { NotificationConfiguration: { TopicArn: input.NotificationTopicArn, TopicStatus: 'active' } } : {}),
    CacheSecurityGroups: [],
    CacheParameterGroup: { CacheParameterGroupName: group.group.CacheParameterGroupName, ParameterApplyStatus: 'in-sync', CacheNodeIdsToReboot: [] },
    CacheSubnetGroupName: subnetGroup.group.CacheSubnetGroupName,
    CacheNodes: nodeIds.map(
      (cacheNodeId, i): CacheNode => ({
        CacheNodeId: cacheNodeId,
        CacheNodeStatus: 'creating',
        CacheNodeCreateTime: now,
        ParameterGroupStatus: 'in-sync',
        CustomerAvailabilityZone: azs[i],
      }),
    ),
    AutoMinorVersionUpgrade: input.AutoMinorVersionUpgrade ?? true,
    SecurityGroups: (input.SecurityGroupIds ?? []).map((sg) => ({ SecurityGroupId: sg, Status: 'active' })),
    ...(isRedis ? { SnapshotRetentionLimit: input.SnapshotRetentionLimit ?? 0, SnapshotWindow: snapshotWindow ?? defaultSnapshotWindow(id) } : {}),
    AuthTokenEnabled: authToken !== undefined,
    ...(authToken !== undefined ? { AuthTokenLastModifiedDate: now } : {}),
    TransitEncryptionEnabled: transitEncryption,
    ...(transitEncryption ? { TransitEncryptionMode: 'required' as const } : {}),
    AtRestEncryptionEnabled: false,
    ARN: arn,
    ReplicationGroupLogDeliveryEnabled: false,
    LogDeliveryConfigurations: (input.LogDeliveryConfigurations ?? []).map((c) => ({
      LogType: c.LogType,
      DestinationType: c.DestinationType,
      DestinationDetails: c.DestinationDetails,
      LogFormat: c.LogFormat,
      Status: 'active',
    })),
    NetworkType: input.NetworkType ?? 'ipv4',
    IpDiscovery: input.IpDiscovery ?? 'ipv4',
    Internal: { authToken },
  };

  ctx.env.store.tx(() => {
    saveCluster(ctx, cluster);
    setTags(ctx, arn, input.Tags);
  });
  const response = renderCluster(ctx, cluster, false);

  let ports;
  try {
    ports = await ctx.env.fleet.startCluster(ctx, {
      clusterId: id,
      engine,
      engineVersion,
      memoryBytes: nodeMemoryBytes(nodeType, engine),
      parameters: effectiveParameters(ctx, groupName, nodeType),
      password: authToken,
      requestedPort: port,
      nodeIds,
      configEndpoint: !isRedis,
      discoveryVersion: 1,
    });
  } catch (err) {
    // Nothing may stay behind from a cluster whose nodes could not start.
    await ctx.env.fleet.deleteCluster(ctx, id).catch(() => undefined);
    clusters(ctx).delete(ctx, id);
    deleteTagsFor(ctx, arn);
    throw new ApiError('InsufficientCacheClusterCapacityFault', `Nodes could not be started: ${(err as Error).message}`);
  }
  const address = ctx.env.config.advertiseHost;
  for (const node of cluster.CacheNodes!) node.Endpoint = { Address: address, Port: ports.nodes[node.CacheNodeId!] };
  if (ports.configPort !== undefined) cluster.ConfigurationEndpoint = { Address: address, Port: ports.configPort };
  saveCluster(ctx, cluster);

  await afterDelay(ctx, id, transitionDelays(ctx.env).creatingMs, 'creating', (current) => {
    current.CacheClusterStatus = 'available';
    for (const node of current.CacheNodes ?? []) node.CacheNodeStatus = 'available';
    saveCluster(ctx, current);
    clusterEvent(ctx, id, 'Cache cluster created');
  });
  return { CacheCluster: response };
};
