import type {
  BatchApplyUpdateActionMessage,
  BatchStopUpdateActionMessage,
  CacheCluster,
  CacheNodeUpdateStatus,
  DescribeServiceUpdatesMessage,
  DescribeUpdateActionsMessage,
  NodeGroupUpdateStatus,
  ReplicationGroup,
  ServiceUpdateStatus,
  ServiceUpdatesMessage,
  UnprocessedUpdateAction,
  UpdateAction,
  UpdateActionResultsMessage,
  UpdateActionStatus,
  UpdateActionsMessage,
  ProcessedUpdateAction,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue, missingParameter } from '../api/errors.js';
import { allServiceUpdates, findServiceUpdate, type ServiceUpdateSpec } from '../catalog/serviceUpdates.js';
import type { RequestContext } from '../env.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';

/** Progress of one update on one target, stored once the user acted on it. */
interface StoredUpdateAction {
  status: UpdateActionStatus;
  modifiedMs: number;
}

const KIND = 'update-action';
const MAX_IDS_PER_CALL = 20;
const SERVICE_UPDATE_STATUSES: ServiceUpdateStatus[] = ['available', 'cancelled', 'expired'];
const UPDATE_ACTION_STATUSES: UpdateActionStatus[] = [
  'not-applied',
  'waiting-to-start',
  'in-progress',
  'stopping',
  'stopped',
  'complete',
  'scheduling',
  'scheduled',
  'not-applicable',
];

/** What an update is applied to: a replication group, or a cluster outside any group. */
interface Target {
  kind: 'replication-group' | 'cache-cluster';
  id: string;
  engine: string;
  engineVersion: string;
  createdMs: number;
  /** [node group id, cluster id, node id] of every node. */
  nodes: { nodeGroupId?: string; cacheClusterId: string; cacheNodeId: string }[];
}

const actionKey = (updateName: string, t: Pick<Target, 'kind' | 'id'>) => `${updateName}|${t.kind}|${t.id}`;

function timeMs(value: Date | string | undefined): number {
  return value === undefined ? 0 : new Date(value).getTime();
}

function clusterNodes(cluster: CacheCluster, nodeGroupId?: string): Target['nodes'] {
  const ids = cluster.CacheNodes?.length
    ? cluster.CacheNodes.map((n) => n.CacheNodeId!)
    : Array.from({ length: cluster.NumCacheNodes ?? 1 }, (_, i) => String(i + 1).padStart(4, '0'));
  return ids.map((cacheNodeId) => ({ nodeGroupId, cacheClusterId: cluster.CacheClusterId!, cacheNodeId }));
}

/** The account's clusters and replication groups, as update-action targets. */
function targets(ctx: RequestContext): Target[] {
  const clusters = ctx.env.store.collection<CacheCluster>('cache-cluster').list(ctx);
  const byId = new Map(clusters.map((c) => [c.CacheClusterId!, c]));
  const groups = ctx.env.store.collection<ReplicationGroup>('replication-group').list(ctx);
  const out: Target[] = [];
  for (const g of groups) {
    const members = (g.MemberClusters ?? []).map((id) => byId.get(id)).filter((c): c is CacheCluster => c !== undefined);
    const first = members[0];
    const nodes = g.NodeGroups?.some((ng) => ng.NodeGroupMembers?.length)
      ? g.NodeGroups.flatMap((ng) =>
          (ng.NodeGroupMembers ?? []).map((m) => ({
            nodeGroupId: ng.NodeGroupId,
            cacheClusterId: m.CacheClusterId!,
            cacheNodeId: m.CacheNodeId ?? '0001',
          })),
        )
      : members.flatMap((c) => clusterNodes(c));
    out.push({
      kind: 'replication-group',
      id: g.ReplicationGroupId!,
      engine: g.Engine ?? first?.Engine ?? 'redis',
      engineVersion: first?.EngineVersion ?? '',
      createdMs: timeMs(g.ReplicationGroupCreateTime ?? first?.CacheClusterCreateTime),
      nodes,
    });
  }
  for (const c of clusters) {
    if (c.ReplicationGroupId) continue; // reported through its replication group
    out.push({
      kind: 'cache-cluster',
      id: c.CacheClusterId!,
      engine: c.Engine ?? 'redis',
      engineVersion: c.EngineVersion ?? '',
      createdMs: timeMs(c.CacheClusterCreateTime),
      nodes: clusterNodes(c),
    });
  }
  return out;
}

function actionState(ctx: RequestContext, spec: ServiceUpdateSpec, target: Target): StoredUpdateAction | undefined {
  return ctx.env.store.collection<StoredUpdateAction>(KIND).get(ctx, actionKey(spec.update.ServiceUpdateName!, target));
}

function toUpdateAction(ctx: RequestContext, spec: ServiceUpdateSpec, target: Target, nodeLevel: boolean): UpdateAction {
  const u = spec.update;
  const state = actionState(ctx, spec, target);
  const status: UpdateActionStatus = state?.status ?? 'not-applied';
  const availableMs = Math.max(timeMs(u.ServiceUpdateReleaseDate), target.createdMs);
  const done = status === 'complete';
  const recommendedBy = timeMs(u.ServiceUpdateRecommendedApplyByDate);
  const action: UpdateAction = {
    ...(target.kind === 'replication-group' ? { ReplicationGroupId: target.id } : { CacheClusterId: target.id }),
    ServiceUpdateName: u.ServiceUpdateName,
    ServiceUpdateReleaseDate: u.ServiceUpdateReleaseDate,
    ServiceUpdateSeverity: u.ServiceUpdateSeverity,
    ServiceUpdateStatus: u.ServiceUpdateStatus,
    ServiceUpdateRecommendedApplyByDate: u.ServiceUpdateRecommendedApplyByDate,
    ServiceUpdateType: u.ServiceUpdateType,
    UpdateActionAvailableDate: new Date(availableMs),
    UpdateActionStatus: status,
    NodesUpdated: `${done ? target.nodes.length : 0}/${target.nodes.length}`,
    UpdateActionStatusModifiedDate: new Date(state?.modifiedMs ?? availableMs),
    // "n/a" until applied; then whether it was applied by the recommended date.
    SlaMet: done ? (state!.modifiedMs <= recommendedBy ? 'yes' : 'no') : 'n/a',
    EstimatedUpdateTime: u.EstimatedUpdateTime,
    Engine: target.engine,
  };
  if (nodeLevel) {
    const nodeStatus = status === 'complete' || status === 'stopped' ? status : 'not-applied';
    const modified = state ? new Date(state.modifiedMs) : undefined;
    const perNode = (n: Target['nodes'][number]): CacheNodeUpdateStatus => ({
      CacheNodeId: n.cacheNodeId,
      NodeUpdateStatus: nodeStatus,
      ...(done && modified ? { NodeUpdateStartDate: modified, NodeUpdateEndDate: modified, NodeUpdateInitiatedBy: 'customer' as const } : {}),
      ...(modified ? { NodeUpdateInitiatedDate: modified, NodeUpdateStatusModifiedDate: modified } : {}),
    });
    if (target.kind === 'cache-cluster') {
      action.CacheNodeUpdateStatus = target.nodes.map(perNode);
    } else {
      const groups = new Map<string, NodeGroupUpdateStatus>();
      for (const n of target.nodes) {
        const id = n.nodeGroupId ?? '0001';
        const group = groups.get(id) ?? { NodeGroupId: id, NodeGroupMemberUpdateStatus: [] };
        group.NodeGroupMemberUpdateStatus!.push({ CacheClusterId: n.cacheClusterId, ...perNode(n) });
        groups.set(id, group);
      }
      action.NodeGroupUpdateStatus = [...groups.values()];
    }
  }
  return action;
}

function checkStatuses<T extends string>(name: string, values: T[] | undefined, valid: readonly T[]): void {
  for (const v of values ?? []) {
    if (!valid.includes(v)) throw invalidParameterValue(`Invalid value for ${name}: ${v}. Valid values are: ${valid.join(', ')}`);
  }
}

function checkIdCount(name: string, ids: string[] | undefined): void {
  if ((ids?.length ?? 0) > MAX_IDS_PER_CALL) {
    throw invalidParameterValue(`${name} can contain at most ${MAX_IDS_PER_CALL} identifiers.`);
  }
}

const describeServiceUpdates: Handler<DescribeServiceUpdatesMessage, ServiceUpdatesMessage> = (input) => {
  checkStatuses('ServiceUpdateStatus', input.ServiceUpdateStatus, SERVICE_UPDATE_STATUSES);
  let specs = allServiceUpdates();
  if (input.ServiceUpdateName !== undefined) {
    const one = findServiceUpdate(input.ServiceUpdateName);
    if (!one) throw new ApiError('ServiceUpdateNotFoundFault', `Service update ${input.ServiceUpdateName} not found.`);
    specs = [one];
  }
  const statuses = input.ServiceUpdateStatus ?? [];
  const updates = specs
    .map((s) => s.update)
    .filter((u) => statuses.length === 0 || statuses.includes(u.ServiceUpdateStatus!))
    // Newest first, as the console and API list them.
    .sort((a, b) => timeMs(b.ServiceUpdateReleaseDate) - timeMs(a.ServiceUpdateReleaseDate));
  const { page, marker } = paginate(updates, input.Marker, input.MaxRecords);
  return { ServiceUpdates: page, ...(marker ? { Marker: marker } : {}) };
};

const describeUpdateActions: Handler<DescribeUpdateActionsMessage, UpdateActionsMessage> = (input, ctx) => {
  checkStatuses('ServiceUpdateStatus', input.ServiceUpdateStatus, SERVICE_UPDATE_STATUSES);
  checkStatuses('UpdateActionStatus', input.UpdateActionStatus, UPDATE_ACTION_STATUSES);
  checkIdCount('ReplicationGroupIds', input.ReplicationGroupIds);
  checkIdCount('CacheClusterIds', input.CacheClusterIds);
  const range = input.ServiceUpdateTimeRange;
  const startMs = range?.StartTime ? timeMs(range.StartTime) : -Infinity;
  const endMs = range?.EndTime ? timeMs(range.EndTime) : Infinity;
  const specs = allServiceUpdates().filter(
    (s) =>
      (input.ServiceUpdateName === undefined || s.update.ServiceUpdateName === input.ServiceUpdateName) &&
      (!input.ServiceUpdateStatus?.length || input.ServiceUpdateStatus.includes(s.update.ServiceUpdateStatus!)) &&
      timeMs(s.update.ServiceUpdateReleaseDate) >= startMs &&
      timeMs(s.update.ServiceUpdateReleaseDate) <= endMs,
  );
  const rgIds = input.ReplicationGroupIds ?? [];
  const clusterIds = input.CacheClusterIds ?? [];
  const chosen = targets(ctx).filter(
    (t) =>
      (input.Engine === undefined || t.engine === input.Engine) &&
      ((rgIds.length === 0 && clusterIds.length === 0) ||
        (t.kind === 'replication-group' ? rgIds.includes(t.id) : clusterIds.includes(t.id))),
  );
  const actions: UpdateAction[] = [];
  for (const spec of specs) {
    for (const t of chosen) {
      if (!spec.appliesTo(t.engine, t.engineVersion)) continue;
      const action = toUpdateAction(ctx, spec, t, input.ShowNodeLevelUpdateStatus === true);
      if (input.UpdateActionStatus?.length && !input.UpdateActionStatus.includes(action.UpdateActionStatus!)) continue;
      actions.push(action);
    }
  }
  const { page, marker } = paginate(actions, input.Marker, input.MaxRecords);
  return { UpdateActions: page, ...(marker ? { Marker: marker } : {}) };
};

type BatchInput = BatchApplyUpdateActionMessage | BatchStopUpdateActionMessage;

/**
 * Shared by BatchApply/BatchStop: validates the call as a whole (unknown
 * update → ServiceUpdateNotFoundFault), then each id on its own, so one bad
 * id lands in UnprocessedUpdateActions without stopping the others.
 */
function batch(
  input: BatchInput,
  ctx: RequestContext,
  transition: (current: UpdateActionStatus) => { next: UpdateActionStatus } | { errorType: string; message: string },
): UpdateActionResultsMessage {
  if (!input.ServiceUpdateName) throw missingParameter('ServiceUpdateName');
  const rgIds = input.ReplicationGroupIds ?? [];
  const clusterIds = input.CacheClusterIds ?? [];
  if (rgIds.length === 0 && clusterIds.length === 0) {
    throw invalidParameterCombination('At least one of ReplicationGroupIds or CacheClusterIds must be specified.');
  }
  checkIdCount('ReplicationGroupIds', rgIds);
  checkIdCount('CacheClusterIds', clusterIds);
  const spec = findServiceUpdate(input.ServiceUpdateName);
  if (!spec) throw new ApiError('ServiceUpdateNotFoundFault', `Service update ${input.ServiceUpdateName} not found.`);

  const name = spec.update.ServiceUpdateName!;
  const all = targets(ctx);
  const clustersById = new Map(ctx.env.store.collection<CacheCluster>('cache-cluster').list(ctx).map((c) => [c.CacheClusterId!, c]));
  const processed: ProcessedUpdateAction[] = [];
  const unprocessed: UnprocessedUpdateAction[] = [];
  const actions = ctx.env.store.collection<StoredUpdateAction>(KIND);

  const handle = (kind: Target['kind'], id: string) => {
    const ref = kind === 'replication-group' ? { ReplicationGroupId: id } : { CacheClusterId: id };
    const fail = (errorType: string, message: string) =>
      unprocessed.push({ ...ref, ServiceUpdateName: name, ErrorType: errorType, ErrorMessage: message });
    const target = all.find((t) => t.kind === kind && t.id === id);
    if (!target) {
      const member = kind === 'cache-cluster' ? clustersById.get(id) : undefined;
      if (member?.ReplicationGroupId) {
        return fail('InvalidParameterValue', `Cache cluster ${id} belongs to replication group ${member.ReplicationGroupId}; use ReplicationGroupIds.`);
      }
      return kind === 'replication-group'
        ? fail('ReplicationGroupNotFoundFault', `Replication group ${id} not found.`)
        : fail('CacheClusterNotFoundFault', `Cache cluster ${id} not found.`);
    }
    if (spec.update.ServiceUpdateStatus !== 'available') {
      return fail('InvalidParameterValue', `Service update ${name} is ${spec.update.ServiceUpdateStatus} and can no longer be applied or stopped.`);
    }
    if (!spec.appliesTo(target.engine, target.engineVersion)) {
      return fail('InvalidParameterValue', `Service update ${name} does not apply to ${id} (${target.engine} ${target.engineVersion}).`);
    }
    const current = actionState(ctx, spec, target)?.status ?? 'not-applied';
    const outcome = transition(current);
    if ('errorType' in outcome) return fail(outcome.errorType, outcome.message.replace('{id}', id));
    actions.put(ctx, actionKey(name, target), { status: outcome.next, modifiedMs: ctx.env.clock.nowMs() });
    processed.push({ ...ref, ServiceUpdateName: name, UpdateActionStatus: outcome.next });
  };

  ctx.env.store.tx(() => {
    for (const id of rgIds) handle('replication-group', id);
    for (const id of clusterIds) handle('cache-cluster', id);
  });
  return { ProcessedUpdateActions: processed, UnprocessedUpdateActions: unprocessed };
}

// The emulator applies an update at once: not-applied/stopped → complete.
const batchApplyUpdateAction: Handler<BatchApplyUpdateActionMessage, UpdateActionResultsMessage> = (input, ctx) =>
  batch(input, ctx, (current) =>
    current === 'complete' ? { errorType: 'InvalidParameterValue', message: 'The update has already been applied to {id}.' } : { next: 'complete' },
  );

const batchStopUpdateAction: Handler<BatchStopUpdateActionMessage, UpdateActionResultsMessage> = (input, ctx) =>
  batch(input, ctx, (current) =>
    current === 'complete' ? { errorType: 'InvalidParameterValue', message: 'The update has already been applied to {id} and cannot be stopped.' } : { next: 'stopped' },
  );

export const handlers: HandlerMap = {
  DescribeServiceUpdates: describeServiceUpdates,
  DescribeUpdateActions: describeUpdateActions,
  BatchApplyUpdateAction: batchApplyUpdateAction,
  BatchStopUpdateAction: batchStopUpdateAction,
};
