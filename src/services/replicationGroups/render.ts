import type { NodeGroupMember, ReplicationGroup } from '@aws-sdk/client-elasticache';
import type { RequestContext } from '../../env.js';
import { clusters } from '../cacheClusters/model.js';
import { groupStatus, type StoredGroup } from './model.js';

/**
 * The API view of a group: NodeGroups, MemberClusters and roles come from
 * the member cluster documents and the fleet (after a failover the fleet
 * knows the primary first).
 */
export function renderGroup(ctx: RequestContext, stored: StoredGroup): ReplicationGroup {
  const { Internal, ...group } = structuredClone(stored);
  const live = ctx.env.fleet.groupState(ctx, stored.ReplicationGroupId!);
  const members = live?.members ?? Internal.members;
  const primary = live?.primary ?? members[0];
  const ports = ctx.env.fleet.groupPorts(ctx, stored.ReplicationGroupId!);
  const address = ctx.env.config.advertiseHost;
  const nodeMembers: NodeGroupMember[] = members.map((clusterId) => {
    const cluster = clusters(ctx).get(ctx, clusterId);
    const port = ctx.env.fleet.portsFor(ctx, clusterId)?.nodes['0001'];
    return {
      CacheClusterId: clusterId,
      CacheNodeId: '0001',
      ...(port !== undefined ? { ReadEndpoint: { Address: address, Port: port } } : {}),
      PreferredAvailabilityZone: cluster?.PreferredAvailabilityZone,
      CurrentRole: clusterId === primary ? 'primary' : 'replica',
    };
  });
  const status = groupStatus(ctx, stored);
  const out: ReplicationGroup = {
    ...group,
    Status: status,
    MemberClusters: [...members],
    NodeGroups: [
      {
        NodeGroupId: '0001',
        Status: status,
        ...(ports ? { PrimaryEndpoint: { Address: address, Port: ports.primaryPort }, ReaderEndpoint: { Address: address, Port: ports.readerPort } } : {}),
        NodeGroupMembers: nodeMembers,
      },
    ],
    SnapshottingClusterId: (group.SnapshotRetentionLimit ?? 0) > 0 ? members.find((id) => id !== primary) ?? primary : undefined,
  };
  if (out.ReplicationGroupCreateTime) out.ReplicationGroupCreateTime = new Date(out.ReplicationGroupCreateTime as unknown as string);
  if (out.AuthTokenLastModifiedDate) out.AuthTokenLastModifiedDate = new Date(out.AuthTokenLastModifiedDate as unknown as string);
  return out;
}
