import type { ReplicationGroup } from '@aws-sdk/client-elasticache';
import { ApiError } from '../../api/errors.js';
import type { RequestContext } from '../../env.js';
import { recordEvent } from '../eventLog.js';

/** The store kind of replication groups (tags and CreateCacheCluster look groups up by it). */
export const GROUP_KIND = 'replication-group';

/** What the API never shows but the group needs to create members like the others. */
export interface GroupInternal {
  engine: string;
  engineVersion: string;
  parameterGroupName: string;
  authToken?: string;
  /** Member cluster ids, in creation order (the fleet knows which one is primary). */
  members: string[];
}

export type StoredGroup = ReplicationGroup & { Internal: GroupInternal };

export const groups = (ctx: RequestContext) => ctx.env.store.collection<StoredGroup>(GROUP_KIND);

export const groupNotFound = (id: string) => new ApiError('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${id}`);

export function getGroup(ctx: RequestContext, id: string | undefined): StoredGroup {
  const group = id ? groups(ctx).get(ctx, id.toLowerCase()) : undefined;
  if (!group) throw groupNotFound(id ?? '');
  return group;
}

/**
 * The status ElastiCache shows: `modifying` while a failover or the
 * replacement of the failed primary is under way (TestFailover, a failed
 * primary), whatever the stored lifecycle status says once it is available.
 */
export function groupStatus(ctx: RequestContext, group: StoredGroup): string | undefined {
  if (group.Status === 'available' && ctx.env.fleet.groupInProgress(ctx, group.ReplicationGroupId!)) return 'modifying';
  return group.Status;
}

/** Throws InvalidReplicationGroupState unless the group is available (a failover in progress counts as modifying). */
export function requireAvailable(ctx: RequestContext, group: StoredGroup): void {
  const status = groupStatus(ctx, group);
  if (status !== 'available') throw invalidGroupState(group.ReplicationGroupId!, status);
}

export function saveGroup(ctx: RequestContext, group: StoredGroup): void {
  groups(ctx).put(ctx, group.ReplicationGroupId!, group);
}

/** Member clusters are named <group>-001, -002, … after the highest number used so far. */
export function nextMemberIds(group: StoredGroup, count: number): string[] {
  const used = group.Internal.members.map((id) => Number(/-(\d{3})$/.exec(id)?.[1] ?? 0));
  const highest = Math.max(0, ...used);
  return Array.from({ length: count }, (_, i) => `${group.ReplicationGroupId}-${String(highest + i + 1).padStart(3, '0')}`);
}

export function groupEvent(ctx: RequestContext, groupId: string, message: string): void {
  recordEvent(ctx.env, ctx, 'replication-group', groupId, message);
}

export const invalidGroupState = (id: string, status: string | undefined) =>
  new ApiError('InvalidReplicationGroupStateFault', `Replication group ${id} is not in available state (current status: ${status}).`);
