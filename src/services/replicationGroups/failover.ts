import type { TestFailoverMessage, TestFailoverResult } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterValue, missingParameter } from '../../api/errors.js';
import type { Handler } from '../handler.js';
import { getGroup, groupEvent, requireAvailable } from './model.js';
import { renderGroup } from './render.js';

/** Cluster mode disabled groups have one node group, 0001. */
export const NODE_GROUP_ID = '0001';

export const testFailover: Handler<TestFailoverMessage, TestFailoverResult> = async (input, ctx) => {
  const group = getGroup(ctx, input.ReplicationGroupId);
  const id = group.ReplicationGroupId!;
  if (!input.NodeGroupId) throw missingParameter('NodeGroupId');
  if (input.NodeGroupId !== NODE_GROUP_ID) throw invalidParameterValue(`Node group ${input.NodeGroupId} not found in replication group ${id}.`);
  requireAvailable(ctx, group);
  if (group.AutomaticFailover !== 'enabled') {
    throw new ApiError('TestFailoverNotAvailableFault', `Automatic failover is not enabled for replication group ${id}.`);
  }
  const members = ctx.env.fleet.groupState(ctx, id)?.members ?? group.Internal.members;
  if (members.length < 2) throw new ApiError('TestFailoverNotAvailableFault', `Replication group ${id} has no replica to fail over to.`);
  groupEvent(ctx, id, `Test Failover API called for node group ${NODE_GROUP_ID}`);
  // The failover starts now (the primary fails, the group is modifying) and completes after the answer;
  // events tell when it is done, as on ElastiCache.
  void ctx.env.fleet.failover(ctx, id, 'test').catch(() => undefined);
  return { ReplicationGroup: renderGroup(ctx, group) };
};
