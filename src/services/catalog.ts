import type {
  AllowedNodeTypeModificationsMessage,
  CacheCluster,
  CacheEngineVersion,
  CacheEngineVersionMessage,
  DescribeCacheEngineVersionsMessage,
  ListAllowedNodeTypeModificationsMessage,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue } from '../api/errors.js';
import { allEngineVersions, compareVersions } from '../catalog/engineVersions.js';
import { allNodeTypes, nodeTypeInfo, nodeTypeSupportsEngine } from '../catalog/nodeTypes.js';
import type { RequestContext } from '../env.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';

const describeCacheEngineVersions: Handler<DescribeCacheEngineVersionsMessage, CacheEngineVersionMessage> = (input) => {
  // Unknown engines, versions or families match nothing: ElastiCache answers with an empty list.
  let versions = allEngineVersions().filter(
    (v) =>
      (input.Engine === undefined || v.Engine === input.Engine) &&
      (input.EngineVersion === undefined || v.EngineVersion === input.EngineVersion) &&
      (input.CacheParameterGroupFamily === undefined || v.CacheParameterGroupFamily === input.CacheParameterGroupFamily),
  );
  if (input.DefaultOnly) versions = latestPerEngine(versions);
  const { page, marker } = paginate(versions, input.Marker, input.MaxRecords);
  return { CacheEngineVersions: page, ...(marker ? { Marker: marker } : {}) };
};

/** DefaultOnly: the default (newest) version of each engine among the matches. */
function latestPerEngine(versions: CacheEngineVersion[]): CacheEngineVersion[] {
  const latest = new Map<string, CacheEngineVersion>();
  for (const v of versions) {
    const seen = latest.get(v.Engine!);
    if (!seen || compareVersions(v.EngineVersion!, seen.EngineVersion!) > 0) latest.set(v.Engine!, v);
  }
  return versions.filter((v) => latest.get(v.Engine!) === v);
}

interface ScalingSubject {
  nodeType: string;
  engine: string;
  engineVersion?: string;
}

function lookUpCluster(ctx: RequestContext, id: string): ScalingSubject {
  const clusters = ctx.env.store.collection<CacheCluster>('cache-cluster');
  const cluster = clusters.get(ctx, id) ?? clusters.get(ctx, id.toLowerCase());
  if (!cluster) throw new ApiError('CacheClusterNotFoundFault', `CacheCluster not found: ${id}`);
  return { nodeType: cluster.CacheNodeType!, engine: cluster.Engine ?? 'redis', engineVersion: cluster.EngineVersion };
}

function lookUpReplicationGroup(ctx: RequestContext, id: string): ScalingSubject {
  const groups = ctx.env.store.collection<ReplicationGroup>('replication-group');
  const group = groups.get(ctx, id) ?? groups.get(ctx, id.toLowerCase());
  if (!group) throw new ApiError('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${id}`);
  // The group's engine version lives on its member clusters.
  const firstMember = group.MemberClusters?.[0];
  const member = firstMember ? ctx.env.store.collection<CacheCluster>('cache-cluster').get(ctx, firstMember) : undefined;
  return {
    nodeType: group.CacheNodeType!,
    engine: group.Engine ?? member?.Engine ?? 'redis',
    engineVersion: member?.EngineVersion,
  };
}

/**
 * Every node type the subject could move to, split by memory: larger (or
 * equal, another family) is a scale up, smaller a scale down. Data-tiering
 * types only move among themselves; Redis OSS versions exclude the types
 * that need a newer release. Sorted by name, as ElastiCache lists them.
 */
function allowedModifications(subject: ScalingSubject): AllowedNodeTypeModificationsMessage {
  const current = nodeTypeInfo(subject.nodeType);
  if (!current) return { ScaleUpModifications: [], ScaleDownModifications: [] };
  const candidates = allNodeTypes().filter(
    (t) =>
      t.nodeType !== current.nodeType &&
      t.dataTiering === current.dataTiering &&
      nodeTypeSupportsEngine(t.nodeType, subject.engine) &&
      (subject.engine !== 'redis' ||
        subject.engineVersion === undefined ||
        compareVersions(t.minimumRedisVersion, subject.engineVersion) <= 0),
  );
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    ScaleUpModifications: candidates
      .filter((t) => t.memoryBytes >= current.memoryBytes)
      .map((t) => t.nodeType)
      .sort(byName),
    ScaleDownModifications: candidates
      .filter((t) => t.memoryBytes < current.memoryBytes)
      .map((t) => t.nodeType)
      .sort(byName),
  };
}

const listAllowedNodeTypeModifications: Handler<ListAllowedNodeTypeModificationsMessage, AllowedNodeTypeModificationsMessage> = (
  input,
  ctx,
) => {
  if (input.CacheClusterId && input.ReplicationGroupId) {
    throw invalidParameterCombination('Only one of CacheClusterId or ReplicationGroupId may be specified.');
  }
  if (!input.CacheClusterId && !input.ReplicationGroupId) {
    throw invalidParameterCombination('Either CacheClusterId or ReplicationGroupId must be specified.');
  }
  const subject = input.CacheClusterId ? lookUpCluster(ctx, input.CacheClusterId) : lookUpReplicationGroup(ctx, input.ReplicationGroupId!);
  if (subject.engine === 'memcached') {
    throw invalidParameterValue(
      `Cache cluster ${input.CacheClusterId} runs memcached; node type modifications are listed for Valkey and Redis OSS only.`,
    );
  }
  return allowedModifications(subject);
};

export const handlers: HandlerMap = {
  DescribeCacheEngineVersions: describeCacheEngineVersions,
  ListAllowedNodeTypeModifications: listAllowedNodeTypeModifications,
};
