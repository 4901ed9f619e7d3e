import type { DeleteReplicationGroupMessage, DeleteReplicationGroupResult } from '@aws-sdk/client-elasticache';
import { ApiError } from '../../api/errors.js';
import type { Handler } from '../handler.js';
import { deleteTagsFor } from '../tags.js';
import { attachMember, dropMember } from './members.js';
import { getGroup, groupEvent, groups, requireAvailable } from './model.js';
import { renderGroup } from './render.js';

export const deleteReplicationGroup: Handler<DeleteReplicationGroupMessage, DeleteReplicationGroupResult> = async (input, ctx) => {
  const group = getGroup(ctx, input.ReplicationGroupId);
  const id = group.ReplicationGroupId!;
  requireAvailable(ctx, group);
  if (input.FinalSnapshotIdentifier !== undefined) {
    throw new ApiError('NotImplemented', 'FinalSnapshotIdentifier is not implemented yet (snapshots are a later issue).', 501);
  }
  const live = ctx.env.fleet.groupState(ctx, id);
  const members = live?.members ?? group.Internal.members;
  const primary = live?.primary ?? members[0]!;
  group.Status = 'deleting';
  const response = renderGroup(ctx, group);
  await ctx.env.fleet.deleteGroup(ctx, id);
  for (const member of members) {
    // RetainPrimaryCluster: the primary stays as a standalone cluster with its data.
    if (input.RetainPrimaryCluster && member === primary) attachMember(ctx, member, undefined);
    else await dropMember(ctx, member);
  }
  ctx.env.store.tx(() => {
    groups(ctx).delete(ctx, id);
    deleteTagsFor(ctx, group.ARN!);
  });
  groupEvent(ctx, id, `Replication group ${id} deleted`);
  return { ReplicationGroup: response };
};
