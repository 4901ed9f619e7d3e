import type { DescribeReplicationGroupsMessage, ReplicationGroupMessage } from '@aws-sdk/client-elasticache';
import type { Handler } from '../handler.js';
import { paginate } from '../paging.js';
import { getGroup, groups } from './model.js';
import { renderGroup } from './render.js';

export const describeReplicationGroups: Handler<DescribeReplicationGroupsMessage, ReplicationGroupMessage> = (input, ctx) => {
  const stored = input.ReplicationGroupId ? [getGroup(ctx, input.ReplicationGroupId)] : groups(ctx).list(ctx);
  const { page, marker } = paginate(stored, input.Marker, input.MaxRecords);
  return { ...(marker ? { Marker: marker } : {}), ReplicationGroups: page.map((g) => renderGroup(ctx, g)) };
};
