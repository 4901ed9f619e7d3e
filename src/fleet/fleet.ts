import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Clock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import type { Scope, Store } from '../store/db.js';
import { recordEvent } from '../services/eventLog.js';
import { Endpoint } from './endpoints.js';
import { createEngineNode, type EngineName, type EngineNode } from './engineNode.js';
import { PortRegistry } from './ports.js';

export interface FleetOptions {
  store: Store;
  config: EmulatorConfig;
  clock: Clock;
}

/** What the fleet needs to (re)start a cluster's nodes; persisted so restore() can. */
export interface ClusterSpec {
  clusterId: string;
  engine: EngineName;
  engineVersion: string;
  memoryBytes: number;
  parameters: Record<string, string>;
  password?: string;
  /** The Port asked for at creation: the first node gets it when it is free. */
  requestedPort?: number;
  nodeIds: string[];
  /** Memcached clusters have a configuration endpoint. */
  configEndpoint: boolean;
  /** Auto Discovery config version, raised whenever a node is added or removed. */
  discoveryVersion: number;
}

export interface ClusterPorts {
  nodes: Record<string, number>;
  configPort?: number;
}

interface LiveCluster {
  scope: Scope;
  spec: ClusterSpec;
  nodes: Map<string, { engine: EngineNode; port: number }>;
  config?: { endpoint: Endpoint; port: number };
}

const SPEC_KIND = 'fleet-cluster';
const GROUP_KIND = 'fleet-group';
/** Member clusters of a replication group have exactly one node. */
const MEMBER_NODE = '0001';

/** A replication group (cluster mode disabled) as the fleet runs it; persisted so restore() can. */
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

interface LiveGroup {
  scope: Scope;
  spec: GroupSpec;
  primaryEndpoint: Endpoint;
  readerEndpoint: Endpoint;
  ports: GroupPorts;
  watch?: NodeJS.Timeout;
  /** A failover or recovery in progress: the watch skips its checks meanwhile. */
  busy: boolean;
}

/** One node of one cluster, as fault hooks and the admin API name it. */
export interface NodeRef {
  scope: Scope;
  clusterId: string;
  nodeId: string;
}

/** Why a node went down or came back; hooks (events, failover) decide what to do with it. */
export type NodeDownCause = 'killed' | 'az-down';
export type NodeUpCause = 'recovered' | 'restarted';

/** A node as the admin API lists it. */
export interface FleetNodeInfo extends NodeRef {
  engine: EngineName;
  port: number;
  running: boolean;
  /** Kept down (AZ outage) until released; not recovered automatically. */
  held: boolean;
}

/**
 * The fleet owns every running engine node: ports, start/stop, endpoints and
 * Auto Discovery; later issues add replication, failover and faults. It is the
 * only code that drives engines.
 */
export class Fleet {
  private readonly live = new Map<string, LiveCluster>();
  private readonly ports: PortRegistry;
  private readonly downHooks = new Set<(node: NodeRef, cause: NodeDownCause) => void>();
  private readonly upHooks = new Set<(node: NodeRef, cause: NodeUpCause) => void>();
  /** Killed nodes waiting for their replacement, by node key. */
  private readonly recoveries = new Map<string, NodeJS.Timeout>();
  /** Nodes an AZ outage keeps down, by node key. */
  private readonly held = new Set<string>();
  private readonly groups = new Map<string, LiveGroup>();
  /** Our nodes replicate from each other with this secret; clients still cannot PSYNC. */
  private readonly replicationSecret = randomBytes(24).toString('hex');
  /** How often each replication group's primary is checked (ms). */
  healthCheckMs = 200;

  constructor(readonly opts: FleetOptions) {
    this.ports = new PortRegistry(opts.store, opts.config.nodePortRange);
  }

  private get specs() {
    return this.opts.store.collection<ClusterSpec>(SPEC_KIND);
  }

  private key(scope: Scope, clusterId: string): string {
    return `${scope.account}/${scope.region}/${clusterId}`;
  }

  private cluster(scope: Scope, clusterId: string): LiveCluster {
    const cluster = this.live.get(this.key(scope, clusterId));
    if (!cluster) throw new Error(`fleet: no cluster ${clusterId} in ${scope.account}/${scope.region}`);
    return cluster;
  }

  /** Starts every node (and the configuration endpoint) of a new or restored cluster. */
  async startCluster(scope: Scope, spec: ClusterSpec): Promise<ClusterPorts> {
    const cluster: LiveCluster = { scope, spec: { ...spec }, nodes: new Map() };
    this.live.set(this.key(scope, spec.clusterId), cluster);
    this.specs.put(scope, spec.clusterId, cluster.spec);
    try {
      for (const [i, nodeId] of spec.nodeIds.entries()) await this.startNode(cluster, nodeId, i === 0 ? spec.requestedPort : undefined);
      if (spec.configEndpoint) await this.startEndpoint(cluster);
      this.publishDiscovery(cluster);
    } catch (err) {
      await this.stopCluster(cluster);
      throw err;
    }
    return this.portsOf(cluster);
  }

  private async startNode(cluster: LiveCluster, nodeId: string, requestedPort?: number): Promise<void> {
    const { spec } = cluster;
    const engine = createEngineNode({
      engine: spec.engine,
      engineVersion: spec.engineVersion,
      host: this.opts.config.host,
      memoryBytes: spec.memoryBytes,
      parameters: spec.parameters,
      password: spec.password,
      allowRestrictedCommands: this.opts.config.allowRestrictedCommands,
      replicationSecret: this.replicationSecret,
    });
    const owner = `${this.key(cluster.scope, spec.clusterId)}/${nodeId}`;
    const port = await this.ports.bind(owner, requestedPort, (p) => engine.start(p));
    cluster.nodes.set(nodeId, { engine, port });
  }

  private async startEndpoint(cluster: LiveCluster): Promise<void> {
    const endpoint = new Endpoint(this.opts.config.host, () =>
      [...cluster.nodes.values()].filter((n) => n.engine.running).map((n) => n.engine),
    );
    const owner = `${this.key(cluster.scope, cluster.spec.clusterId)}/config`;
    const port = await this.ports.bind(owner, undefined, (p) => endpoint.listen(p));
    cluster.config = { endpoint, port };
  }

  /** Every node answers `config get cluster` with the current node list. */
  private publishDiscovery(cluster: LiveCluster): void {
    if (cluster.spec.engine !== 'memcached') return;
    const host = this.opts.config.advertiseHost;
    const ip = isIP(host) ? host : '';
    const config = {
      version: cluster.spec.discoveryVersion,
      nodes: cluster.spec.nodeIds.map((id) => ({ host, ip, port: cluster.nodes.get(id)?.port ?? 0 })),
    };
    for (const node of cluster.nodes.values()) node.engine.setClusterConfig(config);
  }

  private portsOf(cluster: LiveCluster): ClusterPorts {
    const nodes: Record<string, number> = {};
    for (const [id, node] of cluster.nodes) nodes[id] = node.port;
    return cluster.config ? { nodes, configPort: cluster.config.port } : { nodes };
  }

  private saveSpec(cluster: LiveCluster): void {
    this.specs.put(cluster.scope, cluster.spec.clusterId, cluster.spec);
  }

  /** The listening ports of a cluster, or undefined when the fleet does not run it. */
  portsFor(scope: Scope, clusterId: string): ClusterPorts | undefined {
    const cluster = this.live.get(this.key(scope, clusterId));
    return cluster && this.portsOf(cluster);
  }

  isNodeRunning(scope: Scope, clusterId: string, nodeId: string): boolean {
    return this.live.get(this.key(scope, clusterId))?.nodes.get(nodeId)?.engine.running ?? false;
  }

  nodeStats(scope: Scope, clusterId: string, nodeId: string): Record<string, unknown> {
    return this.live.get(this.key(scope, clusterId))?.nodes.get(nodeId)?.engine.stats() ?? {};
  }

  /** Memcached scale-out: new nodes start, then every node learns the new list (version + 1). */
  async addNodes(scope: Scope, clusterId: string, nodeIds: string[]): Promise<ClusterPorts> {
    const cluster = this.cluster(scope, clusterId);
    for (const nodeId of nodeIds) {
      await this.startNode(cluster, nodeId);
      cluster.spec.nodeIds.push(nodeId);
    }
    cluster.spec.discoveryVersion++;
    this.saveSpec(cluster);
    this.publishDiscovery(cluster);
    return this.portsOf(cluster);
  }

  /** Memcached scale-in: the list shrinks first (version + 1), then the nodes stop and free their ports. */
  async removeNodes(scope: Scope, clusterId: string, nodeIds: string[]): Promise<void> {
    const cluster = this.cluster(scope, clusterId);
    cluster.spec.nodeIds = cluster.spec.nodeIds.filter((id) => !nodeIds.includes(id));
    cluster.spec.discoveryVersion++;
    this.saveSpec(cluster);
    const removed = nodeIds.map((id) => cluster.nodes.get(id)).filter((n) => n !== undefined);
    for (const id of nodeIds) cluster.nodes.delete(id);
    this.publishDiscovery(cluster);
    await Promise.all(removed.map((n) => n.engine.stop()));
    for (const id of nodeIds) this.ports.release(`${this.key(scope, clusterId)}/${id}`);
  }

  /** Restarts nodes on their ports: their data is gone, as after an ElastiCache reboot. */
  async rebootNodes(scope: Scope, clusterId: string, nodeIds: string[]): Promise<void> {
    const cluster = this.cluster(scope, clusterId);
    for (const nodeId of nodeIds) {
      await cluster.nodes.get(nodeId)?.engine.stop();
      cluster.nodes.delete(nodeId);
      await this.startNode(cluster, nodeId);
    }
    this.publishDiscovery(cluster);
    // A replication group member takes its role again (a restarted node starts as a master).
    this.rejoinGroup(scope, clusterId);
  }

  /**
   * Parameter-group values: `startParameters` for every later start (reboot,
   * restore), `liveParameters` (default: the same) applied to the running
   * nodes now — requires-reboot changes wait for a reboot.
   */
  applyParameters(
    scope: Scope,
    clusterId: string,
    startParameters: Record<string, string>,
    liveParameters: Record<string, string> = startParameters,
    memoryBytes?: number,
  ): void {
    const cluster = this.cluster(scope, clusterId);
    cluster.spec.parameters = { ...startParameters };
    if (memoryBytes !== undefined) cluster.spec.memoryBytes = memoryBytes;
    this.saveSpec(cluster);
    for (const node of cluster.nodes.values()) node.engine.applyConfig(liveParameters);
  }

  /** The parameters nodes start with (what a reboot would apply). */
  parametersFor(scope: Scope, clusterId: string): Record<string, string> {
    return { ...(this.live.get(this.key(scope, clusterId))?.spec.parameters ?? {}) };
  }

  /** A new AUTH token (AuthTokenUpdateStrategy SET/ROTATE both end with this one). */
  setPassword(scope: Scope, clusterId: string, password: string | undefined): void {
    const cluster = this.cluster(scope, clusterId);
    cluster.spec.password = password;
    this.saveSpec(cluster);
    for (const node of cluster.nodes.values()) node.engine.setPassword(password);
  }

  /** An engine upgrade restarts every node on the new version. */
  async upgradeEngine(scope: Scope, clusterId: string, engineVersion: string): Promise<void> {
    const cluster = this.cluster(scope, clusterId);
    cluster.spec.engineVersion = engineVersion;
    this.saveSpec(cluster);
    await this.rebootNodes(scope, clusterId, [...cluster.spec.nodeIds]);
  }

  /** Stops a deleted cluster's nodes and endpoint and forgets its ports. */
  async deleteCluster(scope: Scope, clusterId: string): Promise<void> {
    const cluster = this.live.get(this.key(scope, clusterId));
    if (cluster) await this.stopCluster(cluster);
    this.live.delete(this.key(scope, clusterId));
    this.specs.delete(scope, clusterId);
    this.ports.releaseAll(`${this.key(scope, clusterId)}/`);
  }

  /** Every failure goes through killNode, so failover and events see each one. */
  onNodeDown(hook: (node: NodeRef, cause: NodeDownCause) => void): () => void {
    this.downHooks.add(hook);
    return () => this.downHooks.delete(hook);
  }

  onNodeUp(hook: (node: NodeRef, cause: NodeUpCause) => void): () => void {
    this.upHooks.add(hook);
    return () => this.upHooks.delete(hook);
  }

  private nodeKey(scope: Scope, clusterId: string, nodeId: string): string {
    return `${this.key(scope, clusterId)}/${nodeId}`;
  }

  /**
   * Fault injection: the node dies at once (sockets destroyed); its port stays
   * reserved. Unless `hold` (an AZ outage), the fleet replaces it after
   * config.nodeRecoveryMs, as ElastiCache replaces a failed node.
   */
  killNode(scope: Scope, clusterId: string, nodeId: string, opts: { hold?: boolean; cause?: NodeDownCause } = {}): void {
    const node = this.cluster(scope, clusterId).nodes.get(nodeId);
    if (!node) throw new Error(`fleet: no node ${nodeId} in cluster ${clusterId}`);
    const key = this.nodeKey(scope, clusterId, nodeId);
    const wasRunning = node.engine.running;
    node.engine.crash();
    clearTimeout(this.recoveries.get(key));
    this.recoveries.delete(key);
    if (opts.hold) this.held.add(key);
    // A node still down from an AZ outage stays held; one that came back (an API reboot) is no longer.
    else if (wasRunning || !this.held.has(key)) (this.held.delete(key), this.scheduleRecovery(scope, clusterId, nodeId));
    if (wasRunning) this.emit(this.downHooks, { scope, clusterId, nodeId }, opts.cause ?? 'killed');
  }

  private scheduleRecovery(scope: Scope, clusterId: string, nodeId: string): void {
    const key = this.nodeKey(scope, clusterId, nodeId);
    const timer = setTimeout(() => {
      this.recoveries.delete(key);
      // Gone, or already back (an API reboot restarted it meanwhile): nothing to replace.
      if (!this.live.has(this.key(scope, clusterId)) || this.isNodeRunning(scope, clusterId, nodeId)) return;
      void this.bringBack(scope, clusterId, nodeId, 'recovered').catch(() => undefined);
    }, this.opts.config.nodeRecoveryMs ?? 1000);
    timer.unref();
    this.recoveries.set(key, timer);
  }

  /** Brings a killed (or running) node back, empty, on its port; lifts an AZ hold on it. */
  async restartNode(scope: Scope, clusterId: string, nodeId: string): Promise<void> {
    if (!this.cluster(scope, clusterId).nodes.has(nodeId)) throw new Error(`fleet: no node ${nodeId} in cluster ${clusterId}`);
    await this.bringBack(scope, clusterId, nodeId, 'restarted');
  }

  private async bringBack(scope: Scope, clusterId: string, nodeId: string, cause: NodeUpCause): Promise<void> {
    const key = this.nodeKey(scope, clusterId, nodeId);
    clearTimeout(this.recoveries.get(key));
    this.recoveries.delete(key);
    this.held.delete(key);
    await this.rebootNodes(scope, clusterId, [nodeId]);
    this.emit(this.upHooks, { scope, clusterId, nodeId }, cause);
  }

  private emit<C>(hooks: Set<(node: NodeRef, cause: C) => void>, node: NodeRef, cause: C): void {
    for (const hook of hooks) {
      try {
        hook(node, cause);
      } catch {
        // A failing observer must not stop the fault or the other observers.
      }
    }
  }

  /** Every node the fleet runs (or keeps down), for the admin API and metrics. */
  listNodes(): FleetNodeInfo[] {
    const out: FleetNodeInfo[] = [];
    for (const cluster of this.live.values()) {
      for (const nodeId of cluster.spec.nodeIds) {
        const node = cluster.nodes.get(nodeId);
        if (!node) continue;
        const ref = { scope: cluster.scope, clusterId: cluster.spec.clusterId, nodeId };
        const held = this.held.has(this.nodeKey(ref.scope, ref.clusterId, nodeId));
        out.push({ ...ref, engine: cluster.spec.engine, port: node.port, running: node.engine.running, held });
      }
    }
    return out;
  }

  private async stopCluster(cluster: LiveCluster): Promise<void> {
    // Pending recoveries and AZ holds die with the cluster.
    const prefix = `${this.key(cluster.scope, cluster.spec.clusterId)}/`;
    for (const [key, timer] of this.recoveries) if (key.startsWith(prefix)) (clearTimeout(timer), this.recoveries.delete(key));
    for (const key of this.held) if (key.startsWith(prefix)) this.held.delete(key);
    await cluster.config?.endpoint.close();
    await Promise.all([...cluster.nodes.values()].map((n) => n.engine.stop()));
  }

  /** At emulator start: starts again every node the store says should run, on its persisted port. */
  async restore(): Promise<void> {
    for (const { scope, value } of this.specs.listAll()) {
      // One cluster that cannot start (its engine failed) must not keep the others down.
      await this.startCluster(scope, value).catch(() => undefined);
    }
    for (const { scope, value } of this.groupSpecs.listAll()) {
      await this.startGroup(scope, value).catch(() => undefined);
    }
  }

  /** The admin reset: every node stops; the caller clears the state (specs and ports included). */
  async reset(): Promise<void> {
    await this.stopAll();
  }

  /** At emulator stop: closes every node and endpoint listener (their ports stay on record). */
  async stopAll(): Promise<void> {
    const groups = [...this.groups.values()];
    this.groups.clear();
    await Promise.all(groups.map((g) => this.stopGroup(g)));
    const clusters = [...this.live.values()];
    this.live.clear();
    await Promise.all(clusters.map((c) => this.stopCluster(c)));
  }

  // ---- replication groups (cluster mode disabled) ----

  private get groupSpecs() {
    return this.opts.store.collection<GroupSpec>(GROUP_KIND);
  }

  private memberNode(scope: Scope, clusterId: string): EngineNode | undefined {
    return this.live.get(this.key(scope, clusterId))?.nodes.get(MEMBER_NODE)?.engine;
  }

  /** Where replicas connect to their primary: the listen interface (loopback when it is a wildcard). */
  private replicationTarget(scope: Scope, clusterId: string): { host: string; port: number } | undefined {
    const port = this.live.get(this.key(scope, clusterId))?.nodes.get(MEMBER_NODE)?.port;
    const host = ['0.0.0.0', '::', ''].includes(this.opts.config.host) ? '127.0.0.1' : this.opts.config.host;
    return port === undefined ? undefined : { host, port };
  }

  private follow(group: LiveGroup, replicaId: string): void {
    const target = this.replicationTarget(group.scope, group.spec.primary);
    if (target) this.memberNode(group.scope, replicaId)?.replicaOf(target.host, target.port);
  }

  private event(scope: Scope, type: 'cache-cluster' | 'replication-group', id: string, message: string): void {
    recordEvent({ ...this.opts, fleet: this }, scope, type, id, message);
  }

  /**
   * Wires a group whose member clusters already run: replicas follow the
   * primary, the primary and reader endpoints listen, the health watch starts.
   */
  async startGroup(scope: Scope, spec: GroupSpec): Promise<GroupPorts> {
    const running = (id: string) => this.memberNode(scope, id)?.running === true;
    const primaryEndpoint = new Endpoint(this.opts.config.host, () => {
      const primary = this.memberNode(scope, group.spec.primary);
      return primary?.running ? [primary] : [];
    });
    const readerEndpoint = new Endpoint(this.opts.config.host, () => {
      const replicas = group.spec.members.filter((id) => id !== group.spec.primary && running(id));
      const ids = replicas.length > 0 ? replicas : [group.spec.primary].filter(running);
      return ids.map((id) => this.memberNode(scope, id)!);
    });
    const group: LiveGroup = { scope, spec: { ...spec }, primaryEndpoint, readerEndpoint, ports: { primaryPort: 0, readerPort: 0 }, busy: false };
    const owner = `${this.key(scope, spec.groupId)}/group`;
    group.ports.primaryPort = await this.ports.bind(`${owner}/primary`, undefined, (p) => primaryEndpoint.listen(p));
    group.ports.readerPort = await this.ports.bind(`${owner}/reader`, undefined, (p) => readerEndpoint.listen(p));
    this.groups.set(this.key(scope, spec.groupId), group);
    this.saveGroup(group);
    this.memberNode(scope, spec.primary)?.promote();
    for (const id of spec.members) if (id !== spec.primary) this.follow(group, id);
    group.watch = setInterval(() => void this.checkHealth(group), this.healthCheckMs);
    group.watch.unref();
    return { ...group.ports };
  }

  private saveGroup(group: LiveGroup): void {
    this.groupSpecs.put(group.scope, group.spec.groupId, group.spec);
  }

  private group(scope: Scope, groupId: string): LiveGroup {
    const group = this.groups.get(this.key(scope, groupId));
    if (!group) throw new Error(`fleet: no replication group ${groupId} in ${scope.account}/${scope.region}`);
    return group;
  }

  groupPorts(scope: Scope, groupId: string): GroupPorts | undefined {
    const group = this.groups.get(this.key(scope, groupId));
    return group && { ...group.ports };
  }

  /** The current primary and members (the fleet's view is the truth after a failover). */
  groupState(scope: Scope, groupId: string): GroupSpec | undefined {
    const group = this.groups.get(this.key(scope, groupId));
    return group && structuredClone(group.spec);
  }

  /** Replication offset of each running member (the highest one is promoted). */
  replicationOf(scope: Scope, clusterId: string) {
    return this.memberNode(scope, clusterId)?.replication();
  }

  setAutomaticFailover(scope: Scope, groupId: string, enabled: boolean): void {
    const group = this.group(scope, groupId);
    group.spec.automaticFailover = enabled;
    this.saveGroup(group);
  }

  /** A new member (an already running one-node cluster) replicates from the primary. */
  addGroupMember(scope: Scope, groupId: string, clusterId: string, az: string): void {
    const group = this.group(scope, groupId);
    group.spec.members.push(clusterId);
    group.spec.azs[clusterId] = az;
    this.saveGroup(group);
    this.follow(group, clusterId);
  }

  /** A replica leaves the group (the caller deletes its cluster). */
  removeGroupMember(scope: Scope, groupId: string, clusterId: string): void {
    const group = this.group(scope, groupId);
    group.spec.members = group.spec.members.filter((id) => id !== clusterId);
    delete group.spec.azs[clusterId];
    this.saveGroup(group);
  }

  /** Stops the endpoints and the watch; the member clusters are the caller's to delete or keep. */
  async deleteGroup(scope: Scope, groupId: string): Promise<void> {
    const group = this.groups.get(this.key(scope, groupId));
    this.groups.delete(this.key(scope, groupId));
    if (group) await this.stopGroup(group);
    this.groupSpecs.delete(scope, groupId);
    this.ports.releaseAll(`${this.key(scope, groupId)}/group/`);
  }

  private async stopGroup(group: LiveGroup): Promise<void> {
    if (group.watch) clearInterval(group.watch);
    await Promise.all([group.primaryEndpoint.close(), group.readerEndpoint.close()]);
  }

  /** The health watch: a dead primary fails over when automatic failover is on (else the recovery replaces it). */
  private async checkHealth(group: LiveGroup): Promise<void> {
    if (group.busy || !group.spec.automaticFailover || !this.groups.has(this.key(group.scope, group.spec.groupId))) return;
    if (this.memberNode(group.scope, group.spec.primary)?.running) return;
    await this.failover(group.scope, group.spec.groupId, 'failure').catch(() => undefined);
  }

  /** After nodes restarted together (engine upgrade): the primary is promoted again, replicas follow it. */
  rewireGroup(scope: Scope, groupId: string): void {
    const group = this.group(scope, groupId);
    this.rejoinGroup(scope, group.spec.primary);
  }

  /** A group member that comes back (recovered, restarted, replaced) takes its role again. */
  private rejoinGroup(scope: Scope, clusterId: string): void {
    for (const group of this.groups.values()) {
      if (group.scope.account !== scope.account || group.scope.region !== scope.region) continue;
      if (!group.spec.members.includes(clusterId)) continue;
      if (clusterId !== group.spec.primary) return this.follow(group, clusterId);
      // The primary was replaced in place (no automatic failover): replicas resync from it, empty.
      this.memberNode(scope, clusterId)?.promote();
      for (const id of group.spec.members) if (id !== clusterId) this.follow(group, id);
      group.readerEndpoint.dropConnections();
    }
  }

  /** ElastiCache replaces a failed node: it comes back empty on its port and resyncs from the primary. */
  private async replaceNode(group: LiveGroup, clusterId: string): Promise<void> {
    if (this.held.has(this.nodeKey(group.scope, clusterId, MEMBER_NODE))) return; // the AZ comes back first
    this.event(group.scope, 'cache-cluster', clusterId, `Recovering cache nodes ${MEMBER_NODE}`);
    await this.bringBack(group.scope, clusterId, MEMBER_NODE, 'recovered');
    this.event(group.scope, 'cache-cluster', clusterId, `Finished recovery for cache nodes ${MEMBER_NODE}`);
  }

  /**
   * Moves the primary role. 'test' (TestFailover) and 'failure' (the watch)
   * stop the old primary first, so that no write it acknowledges after the
   * choice is lost, promote the replica with the highest offset (another AZ
   * first on a tie) and replace the old node; 'manual' (PrimaryClusterId)
   * promotes `target` and turns the old primary into its replica.
   * Returns the new primary, or undefined when the old one was replaced in place.
   */
  async failover(scope: Scope, groupId: string, cause: 'test' | 'failure' | 'manual', target?: string): Promise<string | undefined> {
    const group = this.group(scope, groupId);
    if (group.busy && cause !== 'failure') throw new Error('fleet: a failover is already in progress');
    if (group.busy) return undefined;
    group.busy = true;
    try {
      const old = group.spec.primary;
      const oldNode = this.memberNode(scope, old);
      if (cause === 'test') oldNode?.crash();
      group.primaryEndpoint.dropConnections();
      const running = (id: string) => this.memberNode(scope, id)?.running === true;
      const candidates = group.spec.members.filter((id) => id !== old && running(id));
      const oldAz = group.spec.azs[old];
      const ranked = candidates
        .map((id) => ({ id, offset: this.memberNode(scope, id)?.replication()?.offset ?? 0, sameAz: group.spec.azs[id] === oldAz }))
        .sort((a, b) => b.offset - a.offset || Number(a.sameAz) - Number(b.sameAz));
      const chosen = target ?? ranked[0]?.id;
      // No replica to promote: the node recovery replaces the primary in place (see rejoinGroup).
      if (!chosen) return undefined;
      this.memberNode(scope, chosen)?.promote();
      group.spec.primary = chosen;
      this.saveGroup(group);
      group.primaryEndpoint.dropConnections();
      group.readerEndpoint.dropConnections();
      for (const id of group.spec.members) if (id !== chosen && id !== old) this.follow(group, id);
      if (cause !== 'manual') {
        const message = `Failover from master node ${old} to replica node ${chosen} completed`;
        this.event(scope, 'cache-cluster', chosen, message);
        this.event(scope, 'replication-group', groupId, message);
        await this.replaceNode(group, old);
      } else {
        if (running(old)) this.follow(group, old);
        else await this.replaceNode(group, old);
      }
      return chosen;
    } finally {
      group.busy = false;
    }
  }
}
