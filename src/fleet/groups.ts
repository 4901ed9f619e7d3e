/**
 * Replication groups (cluster mode disabled) as the fleet runs them: replicas
 * follow the primary, the primary and reader endpoints, the health watch,
 * failover (TestFailover, failure, PrimaryClusterId), the replacement of a
 * failed primary and replication partitions. The nodes themselves belong to
 * the fleet (fleet.ts); this part only drives them through GroupHost.
 */
import { failoverTimings, type EmulatorConfig } from '../config.js';
import type { Scope, Store } from '../store/db.js';
import { Endpoint } from './endpoints.js';
import type { EngineNode } from './engineNode.js';
import type { PortRegistry } from './ports.js';

/** Member clusters of a replication group have exactly one node. */
export const MEMBER_NODE = '0001';
const GROUP_KIND = 'fleet-group';

/** A replication group as the fleet runs it; persisted so restore() can. */
export interface GroupSpec {
  groupId: string;
  /** Member cluster ids, each a one-node cluster the fleet already runs. */
  members: string[];
  primary: string;
  automaticFailover: boolean;
  /** Member → Availability Zone: a failover prefers a replica in another zone. */
  azs: Record<string, string>;
}

export interface GroupPorts {
  primaryPort: number;
  readerPort: number;
}

/** A request the fleet refuses (the admin API answers 404 / 400 with the message). */
export class FleetError extends Error {
  constructor(
    readonly kind: 'not-found' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** What the group logic needs from the fleet. */
export interface GroupHost {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly ports: PortRegistry;
  key(scope: Scope, id: string): string;
  memberNode(scope: Scope, clusterId: string): EngineNode | undefined;
  memberPort(scope: Scope, clusterId: string): number | undefined;
  /** Kept down by an AZ outage (no replacement until the zone is back). */
  isHeld(scope: Scope, clusterId: string): boolean;
  /** Kills a member's node the way every fault does (hooks, scheduled replacement). */
  killMember(scope: Scope, clusterId: string): void;
  event(scope: Scope, type: 'cache-cluster' | 'replication-group', id: string, message: string): void;
}

interface LiveGroup {
  scope: Scope;
  spec: GroupSpec;
  primaryEndpoint: Endpoint;
  readerEndpoint: Endpoint;
  ports: GroupPorts;
  watch?: NodeJS.Timeout;
  /** A failover in progress: the watch skips its checks meanwhile. */
  busy: boolean;
  /** When the watch first saw the primary down (failure detection runs from here). */
  primaryDownSince?: number;
  /** Members that failed as (or instead of) the primary and are being replaced: the group is `modifying`. */
  recovering: Set<string>;
}

/** A partitioned replica: its link to the primary stays cut until healed (by hand or after durationMs). */
interface Partition {
  timer?: NodeJS.Timeout;
  until?: number;
}

/** How long a failover waits for replicas to read what the old primary sent before it died. */
const DRAIN_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class ReplicationGroups {
  private readonly live = new Map<string, LiveGroup>();
  private readonly partitions = new Map<string, Partition>();
  /** How often each group's primary is checked (ms). */
  healthCheckMs = 200;

  constructor(private readonly host: GroupHost) {}

  private get specs() {
    return this.host.store.collection<GroupSpec>(GROUP_KIND);
  }

  private node(scope: Scope, clusterId: string): EngineNode | undefined {
    return this.host.memberNode(scope, clusterId);
  }

  private running(scope: Scope, clusterId: string): boolean {
    return this.node(scope, clusterId)?.running === true;
  }

  /** Where replicas connect to their primary: the listen interface (loopback when it is a wildcard). */
  private replicationTarget(scope: Scope, clusterId: string): { host: string; port: number } | undefined {
    const port = this.host.memberPort(scope, clusterId);
    const host = ['0.0.0.0', '::', ''].includes(this.host.config.host) ? '127.0.0.1' : this.host.config.host;
    return port === undefined ? undefined : { host, port };
  }

  private follow(group: LiveGroup, replicaId: string): void {
    const target = this.replicationTarget(group.scope, group.spec.primary);
    const node = this.node(group.scope, replicaId);
    if (!target || !node) return;
    node.setPartitioned(this.partitions.has(this.host.key(group.scope, replicaId)));
    node.replicaOf(target.host, target.port);
  }

  /**
   * Wires a group whose member clusters already run: replicas follow the
   * primary, the primary and reader endpoints listen, the health watch starts.
   */
  async start(scope: Scope, spec: GroupSpec): Promise<GroupPorts> {
    const primaryEndpoint = new Endpoint(this.host.config.host, () => {
      const primary = this.node(scope, group.spec.primary);
      return primary?.running ? [primary] : [];
    });
    const readerEndpoint = new Endpoint(this.host.config.host, () => {
      const replicas = group.spec.members.filter((id) => id !== group.spec.primary && this.running(scope, id));
      const ids = replicas.length > 0 ? replicas : [group.spec.primary].filter((id) => this.running(scope, id));
      return ids.map((id) => this.node(scope, id)!);
    });
    const group: LiveGroup = {
      scope, spec: { ...spec }, primaryEndpoint, readerEndpoint, ports: { primaryPort: 0, readerPort: 0 }, busy: false, recovering: new Set(),
    };
    const owner = `${this.host.key(scope, spec.groupId)}/group`;
    group.ports.primaryPort = await this.host.ports.bind(`${owner}/primary`, undefined, (p) => primaryEndpoint.listen(p));
    group.ports.readerPort = await this.host.ports.bind(`${owner}/reader`, undefined, (p) => readerEndpoint.listen(p));
    this.live.set(this.host.key(scope, spec.groupId), group);
    this.save(group);
    this.node(scope, spec.primary)?.promote();
    for (const id of spec.members) if (id !== spec.primary) this.follow(group, id);
    group.watch = setInterval(() => void this.checkHealth(group), this.healthCheckMs);
    group.watch.unref();
    return { ...group.ports };
  }

  private save(group: LiveGroup): void {
    this.specs.put(group.scope, group.spec.groupId, group.spec);
  }

  private group(scope: Scope, groupId: string): LiveGroup {
    const group = this.live.get(this.host.key(scope, groupId));
    if (!group) throw new FleetError('not-found', `no replication group ${groupId} in ${scope.account}/${scope.region}`);
    return group;
  }

  private alive(group: LiveGroup): boolean {
    return this.live.get(this.host.key(group.scope, group.spec.groupId)) === group;
  }

  /** The group a member cluster belongs to. */
  private groupOf(scope: Scope, clusterId: string): LiveGroup | undefined {
    for (const group of this.live.values()) {
      if (group.scope.account === scope.account && group.scope.region === scope.region && group.spec.members.includes(clusterId)) return group;
    }
    return undefined;
  }

  ports(scope: Scope, groupId: string): GroupPorts | undefined {
    const group = this.live.get(this.host.key(scope, groupId));
    return group && { ...group.ports };
  }

  /** The current primary and members (the fleet's view is the truth after a failover). */
  state(scope: Scope, groupId: string): GroupSpec | undefined {
    const group = this.live.get(this.host.key(scope, groupId));
    return group && structuredClone(group.spec);
  }

  /** A failover or the replacement of a failed primary is under way (the group shows `modifying`). */
  inProgress(scope: Scope, groupId: string): boolean {
    const group = this.live.get(this.host.key(scope, groupId));
    if (!group) return false;
    return group.busy || [...group.recovering].some((id) => !this.host.isHeld(scope, id));
  }

  setAutomaticFailover(scope: Scope, groupId: string, enabled: boolean): void {
    const group = this.group(scope, groupId);
    group.spec.automaticFailover = enabled;
    this.save(group);
  }

  /** A new member (an already running one-node cluster) replicates from the primary. */
  addMember(scope: Scope, groupId: string, clusterId: string, az: string): void {
    const group = this.group(scope, groupId);
    group.spec.members.push(clusterId);
    group.spec.azs[clusterId] = az;
    this.save(group);
    this.follow(group, clusterId);
  }

  /** A replica leaves the group (the caller deletes its cluster). */
  removeMember(scope: Scope, groupId: string, clusterId: string): void {
    const group = this.group(scope, groupId);
    group.spec.members = group.spec.members.filter((id) => id !== clusterId);
    delete group.spec.azs[clusterId];
    group.recovering.delete(clusterId);
    this.clearPartition(scope, clusterId);
    this.save(group);
  }

  /** Stops the endpoints and the watch; the member clusters are the caller's to delete or keep. */
  async delete(scope: Scope, groupId: string): Promise<void> {
    const group = this.live.get(this.host.key(scope, groupId));
    this.live.delete(this.host.key(scope, groupId));
    if (group) {
      for (const id of group.spec.members) this.clearPartition(scope, id);
      await this.stop(group);
    }
    this.specs.delete(scope, groupId);
    this.host.ports.releaseAll(`${this.host.key(scope, groupId)}/group/`);
  }

  private async stop(group: LiveGroup): Promise<void> {
    if (group.watch) clearInterval(group.watch);
    await Promise.all([group.primaryEndpoint.close(), group.readerEndpoint.close()]);
  }

  async stopAll(): Promise<void> {
    const groups = [...this.live.values()];
    this.live.clear();
    for (const p of this.partitions.values()) clearTimeout(p.timer);
    this.partitions.clear();
    await Promise.all(groups.map((g) => this.stop(g)));
  }

  async restore(): Promise<void> {
    for (const { scope, value } of this.specs.listAll()) {
      await this.start(scope, value).catch(() => undefined);
    }
  }

  /**
   * The health watch. A dead primary fails over once it has been down for the
   * detection time (automatic failover on); without automatic failover the
   * node's replacement brings it back in place, empty.
   */
  private async checkHealth(group: LiveGroup): Promise<void> {
    if (!this.alive(group)) return;
    const { scope, spec } = group;
    if (this.running(scope, spec.primary)) {
      group.primaryDownSince = undefined;
      return;
    }
    if (!spec.automaticFailover) {
      group.recovering.add(spec.primary);
      return;
    }
    if (group.busy) return;
    group.primaryDownSince ??= Date.now();
    if (Date.now() - group.primaryDownSince < failoverTimings(this.host.config).detectionMs) return;
    group.primaryDownSince = undefined;
    await this.failover(scope, spec.groupId, 'failure').catch(() => undefined);
  }

  /**
   * Whether the replacement of a failed node must wait: it is the primary of a
   * group that will fail over (or is failing over) to a replica. Replacing it
   * first would bring it back empty as the primary.
   */
  holdsReplacement(scope: Scope, clusterId: string): boolean {
    const group = this.groupOf(scope, clusterId);
    if (!group) return false;
    if (group.busy) return true;
    return group.spec.automaticFailover && group.spec.primary === clusterId && group.spec.members.some((id) => id !== clusterId && this.running(scope, id));
  }

  /** A member that comes back (recovered, restarted, replaced) takes its role again. */
  rejoin(scope: Scope, clusterId: string): void {
    const group = this.groupOf(scope, clusterId);
    if (!group) return;
    group.recovering.delete(clusterId);
    if (clusterId !== group.spec.primary) return this.follow(group, clusterId);
    // The primary was replaced in place (no automatic failover): replicas resync from it, empty.
    this.node(scope, clusterId)?.promote();
    for (const id of group.spec.members) if (id !== clusterId) this.follow(group, id);
    group.readerEndpoint.dropConnections();
  }

  /** After nodes restarted together (engine upgrade): the primary is promoted again, replicas follow it. */
  rewire(scope: Scope, groupId: string): void {
    this.rejoin(scope, this.group(scope, groupId).spec.primary);
  }

  /**
   * Replicas read what the old primary wrote before it stopped (their links
   * close once they reached its end), so that ranking by offset sees every
   * write the old primary acknowledged. Bounded by DRAIN_MS.
   */
  private async drain(scope: Scope, ids: string[]): Promise<void> {
    const deadline = Date.now() + DRAIN_MS;
    const pending = () => ids.some((id) => this.node(scope, id)?.replication()?.linkUp === true);
    while (pending() && Date.now() < deadline) await sleep(5);
  }

  /**
   * Moves the primary role.
   * - 'test' (TestFailover): the primary fails now, the failover completes
   *   after the promotion time, the failed node is replaced afterwards.
   * - 'failure' (the watch, once the primary was down for the detection
   *   time): the same without killing anything.
   * - 'manual' (PrimaryClusterId): the old primary stops taking writes and
   *   becomes the target's replica; the target is promoted once it has read
   *   everything (as Redis FAILOVER does), so nothing acknowledged is lost.
   * The replica promoted is the one with the highest replication offset
   * (another AZ first on a tie), after the replicas read what the old primary
   * had sent. Returns the new primary, or undefined when there was none to
   * promote (the old one is then replaced in place).
   */
  async failover(scope: Scope, groupId: string, cause: 'test' | 'failure' | 'manual', target?: string): Promise<string | undefined> {
    const group = this.group(scope, groupId);
    if (group.busy && cause !== 'failure') throw new FleetError('invalid', 'a failover is already in progress');
    if (group.busy) return undefined;
    if (cause === 'manual' && (!target || !this.running(scope, target))) throw new FleetError('invalid', `cluster ${target} is not running`);
    group.busy = true;
    try {
      const old = group.spec.primary;
      const timings = failoverTimings(this.host.config);
      if (cause === 'test') this.host.killMember(scope, old);
      if (cause === 'manual') {
        const to = target && this.replicationTarget(scope, target);
        if (to && this.running(scope, old)) this.node(scope, old)?.replicaOf(to.host, to.port);
      } else if (timings.promotionMs > 0) {
        await sleep(timings.promotionMs);
        if (!this.alive(group)) return undefined;
        // The primary came back meanwhile (restarted by hand): nothing to fail over.
        if (cause === 'failure' && this.running(scope, old)) return undefined;
      }
      group.primaryEndpoint.dropConnections();
      const candidates = group.spec.members.filter((id) => id !== old && this.running(scope, id));
      await this.drain(scope, target ? [target] : candidates);
      if (!this.alive(group)) return undefined;
      const oldAz = group.spec.azs[old];
      const ranked = candidates
        .filter((id) => this.running(scope, id))
        .map((id) => ({ id, offset: this.node(scope, id)?.replication()?.offset ?? 0, sameAz: group.spec.azs[id] === oldAz }))
        .sort((a, b) => b.offset - a.offset || Number(a.sameAz) - Number(b.sameAz));
      const chosen = target ?? ranked[0]?.id;
      if (!chosen) {
        // No replica to promote: the node's replacement brings the primary back in place (see rejoin).
        group.recovering.add(old);
        return undefined;
      }
      this.clearPartition(scope, chosen);
      this.node(scope, chosen)?.promote();
      group.spec.primary = chosen;
      this.save(group);
      group.primaryEndpoint.dropConnections();
      group.readerEndpoint.dropConnections();
      for (const id of group.spec.members) if (id !== chosen && id !== old) this.follow(group, id);
      if (cause !== 'manual') {
        this.host.event(scope, 'replication-group', groupId, `Failover to replica node ${chosen} completed`);
        const message = `Failover from master node ${old} to replica node ${chosen} completed`;
        this.host.event(scope, 'cache-cluster', old, message);
        this.host.event(scope, 'replication-group', groupId, message);
        // TestFailover's node fails silently at the start; ElastiCache reports its recovery after the failover.
        if (cause === 'test') this.host.event(scope, 'cache-cluster', old, `Recovering cache nodes ${MEMBER_NODE}`);
      }
      if (this.running(scope, old)) this.follow(group, old);
      else group.recovering.add(old);
      return chosen;
    } finally {
      group.busy = false;
    }
  }

  // ---- partitions ----

  /** Cuts a replica's replication link (it keeps serving reads); heals after durationMs when given. */
  partition(scope: Scope, clusterId: string, durationMs?: number): { groupId: string; primary: string; until?: number } {
    const group = this.groupOf(scope, clusterId);
    if (!group) throw new FleetError('invalid', `cluster ${clusterId} is not a member of a replication group`);
    if (group.spec.primary === clusterId) throw new FleetError('invalid', `cluster ${clusterId} is the primary of ${group.spec.groupId}; partition one of its replicas`);
    const key = this.host.key(scope, clusterId);
    clearTimeout(this.partitions.get(key)?.timer);
    const p: Partition = {};
    if (durationMs !== undefined) {
      p.until = Date.now() + durationMs;
      p.timer = setTimeout(() => {
        if (this.partitions.get(key) === p) this.heal(scope, clusterId);
      }, durationMs);
      p.timer.unref();
    }
    this.partitions.set(key, p);
    this.node(scope, clusterId)?.setPartitioned(true);
    return { groupId: group.spec.groupId, primary: group.spec.primary, ...(p.until !== undefined ? { until: p.until } : {}) };
  }

  /** Reconnects a partitioned replica: partial resync from the backlog, or a full one when it fell too far behind. */
  heal(scope: Scope, clusterId: string): void {
    if (!this.partitions.has(this.host.key(scope, clusterId))) throw new FleetError('invalid', `cluster ${clusterId} is not partitioned`);
    this.clearPartition(scope, clusterId);
  }

  isPartitioned(scope: Scope, clusterId: string): boolean {
    return this.partitions.has(this.host.key(scope, clusterId));
  }

  private clearPartition(scope: Scope, clusterId: string): void {
    const key = this.host.key(scope, clusterId);
    const p = this.partitions.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    this.partitions.delete(key);
    this.node(scope, clusterId)?.setPartitioned(false);
  }
}
