import type { ModifyCacheClusterMessage, ModifyReplicationGroupMessage, ModifyReplicationGroupResult } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue } from '../../api/errors.js';
import { invalidClusterState } from '../cacheClusters/model.js';
import { modifyCacheCluster } from '../cacheClusters/modify.js';
import { checkSnapshotWindow } from '../cacheClusters/validate.js';
import type { Handler } from '../handler.js';
import { getGroup, groupEvent, requireAvailable, saveGroup } from './model.js';
import { renderGroup } from './render.js';
import { checkFailoverSettings } from './validate.js';

export const modifyReplicationGroup: Handler<ModifyReplicationGroupMessage, ModifyReplicationGroupResult> = async (input, ctx) => {
  const group = getGroup(ctx, input.ReplicationGroupId);
  const id = group.ReplicationGroupId!;
  requireAvailable(ctx, group);
  const live = ctx.env.fleet.groupState(ctx, id);
  const members = live?.members ?? group.Internal.members;
  const primary = live?.primary ?? members[0]!;

  const automaticFailover = input.AutomaticFailoverEnabled ?? group.AutomaticFailover === 'enabled';
  const multiAz = input.MultiAZEnabled ?? (group.MultiAZ === 'enabled' && automaticFailover);
  if (input.MultiAZEnabled === undefined && group.MultiAZ === 'enabled' && !automaticFailover) {
    throw invalidParameterCombination('Automatic failover cannot be disabled while Multi-AZ is enabled. Disable Multi-AZ as well.');
  }
  checkFailoverSettings(members.length, automaticFailover, multiAz);
  const newPrimary = input.PrimaryClusterId?.toLowerCase();
  if (newPrimary !== undefined && !members.includes(newPrimary)) {
    throw invalidParameterValue(`Cache cluster ${input.PrimaryClusterId} is not a member of replication group ${id}.`);
  }
  // A member whose node is down (being replaced) cannot take the primary role.
  if (newPrimary !== undefined && newPrimary !== primary && !ctx.env.fleet.isNodeRunning(ctx, newPrimary, '0001')) {
    throw invalidClusterState(newPrimary, 'rebooting cache cluster nodes');
  }
  const snapshotWindow = checkSnapshotWindow(input.SnapshotWindow);
  if (input.NodeGroupId !== undefined && input.NodeGroupId !== '0001') throw invalidParameterValue(`Node group ${input.NodeGroupId} not found.`);
  if (input.AuthToken !== undefined || input.AuthTokenUpdateStrategy !== undefined) {
    throw new ApiError('NotImplemented', 'Changing the AUTH token of a replication group is not implemented yet.', 501);
  }

  // Settings every member carries go through the cache-cluster modify path (its validation and node changes).
  const memberChange: Partial<ModifyCacheClusterMessage> = {
    ...(input.CacheNodeType !== undefined ? { CacheNodeType: input.CacheNodeType } : {}),
    ...(input.EngineVersion !== undefined ? { EngineVersion: input.EngineVersion } : {}),
    ...(input.CacheParameterGroupName !== undefined ? { CacheParameterGroupName: input.CacheParameterGroupName } : {}),
    ...(input.SnapshotRetentionLimit !== undefined ? { SnapshotRetentionLimit: input.SnapshotRetentionLimit } : {}),
    ...(snapshotWindow !== undefined ? { SnapshotWindow: snapshotWindow } : {}),
  };
  if (Object.keys(memberChange).length > 0) {
    for (const member of members) {
      await modifyCacheCluster({ CacheClusterId: member, ApplyImmediately: input.ApplyImmediately ?? false, ...memberChange }, ctx);
    }
    // An engine upgrade restarts the nodes: roles are wired again.
    if (input.EngineVersion !== undefined) ctx.env.fleet.rewireGroup(ctx, id);
  }
  if (input.CacheNodeType !== undefined && input.ApplyImmediately) group.CacheNodeType = input.CacheNodeType;
  if (input.SnapshotRetentionLimit !== undefined) group.SnapshotRetentionLimit = input.SnapshotRetentionLimit;
  if (snapshotWindow !== undefined) group.SnapshotWindow = snapshotWindow;
  if (input.ReplicationGroupDescription !== undefined) group.Description = input.ReplicationGroupDescription;
  if (input.CacheParameterGroupName !== undefined) group.Internal.parameterGroupName = input.CacheParameterGroupName;
  if (input.EngineVersion !== undefined && input.ApplyImmediately) group.Internal.engineVersion = input.EngineVersion;
  group.AutomaticFailover = automaticFailover ? 'enabled' : 'disabled';
  group.MultiAZ = multiAz ? 'enabled' : 'disabled';
  ctx.env.fleet.setAutomaticFailover(ctx, id, automaticFailover);
  if (newPrimary !== undefined && newPrimary !== primary) await ctx.env.fleet.failover(ctx, id, 'manual', newPrimary);
  saveGroup(ctx, group);
  groupEvent(ctx, id, `Replication group ${id} has been modified.`);
  return { ReplicationGroup: renderGroup(ctx, group) };
};
