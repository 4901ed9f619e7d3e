import type { HandlerMap } from './handler.js';
import { setReplicationGroupMemberHooks } from './cacheClusters/create.js';
import { createReplicationGroup } from './replicationGroups/create.js';
import { deleteReplicationGroup } from './replicationGroups/delete.js';
import { describeReplicationGroups } from './replicationGroups/describe.js';
import { testFailover } from './replicationGroups/failover.js';
import { groupNotFound, GROUP_KIND } from './replicationGroups/model.js';
import { modifyReplicationGroup } from './replicationGroups/modify.js';
import { createReplicaCluster, decreaseReplicaCount, deleteReplicaCluster, increaseReplicaCount } from './replicationGroups/replicas.js';
import { registerTaggable } from './tags.js';

registerTaggable('replicationgroup', (ctx, id) => ctx.env.store.collection(GROUP_KIND).has(ctx, id), groupNotFound);
// CreateCacheCluster/DeleteCacheCluster with a group member come here.
setReplicationGroupMemberHooks({ create: createReplicaCluster, delete: deleteReplicaCluster });

export const handlers: HandlerMap = {
  CreateReplicationGroup: createReplicationGroup,
  DescribeReplicationGroups: describeReplicationGroups,
  ModifyReplicationGroup: modifyReplicationGroup,
  DeleteReplicationGroup: deleteReplicationGroup,
  IncreaseReplicaCount: increaseReplicaCount,
  DecreaseReplicaCount: decreaseReplicaCount,
  TestFailover: testFailover,
};
