import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Clock } from '../clock.js';
import { failoverTimings, type EmulatorConfig } from '../config.js';
import type { Scope, Store } from '../store/db.js';
import { log } from '../log.js';
import { recordEvent } from '../services/eventLog.js';
import { Endpoint } from './endpoints.js';
import { createEngineNode, type EngineName, type EngineNode } from './engineNode.js';
import { MEMBER_NODE, ReplicationGroups, type GroupPorts, type GroupSpec } from './groups.js';
import { PortRegistry } from './ports.js';

export { FleetError, type GroupPorts, type GroupSpec } from './groups.js';

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

/** One node of one cluster, as fault hooks and the admin API name it. */
export interface NodeRef {
  scope: Scope;
  clusterId: string;
  nodeId: string;
}

/** Why a node went down or came back; hooks (events, failover) decide what to do with it. */
export type NodeDownCause = 'killed' | 'az-down' | 'failover';
export type NodeUpCause = 'recovered' | 'restarted';

/** A node as the admin API lists it. */
export interface FleetNodeInfo extends NodeRef {
  engine: EngineName;
  port: number;
  running: boolean;
  /** Kept down (AZ outage) until released; not recovered automatically. */
  held: boolean;
  /** A replica whose replication link is cut by a partition fault. */
  partitioned: boolean;
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
  /** Replication groups: endpoints, health watch, failover, partitions. */
  readonly groups: ReplicationGroups;
  /** Our nodes replicate from each other with this secret; clients still cannot PSYNC. */
  private readonly replicationSecret = randomBytes(24).toString('hex');

  constructor(readonly opts: FleetOptions) {
    this.ports = new PortRegistry(opts.store, opts.config.nodePortRange);
    this.groups = new ReplicationGroups({
      config: opts.config,
      store: opts.store,
      ports: this.ports,
      key: (scope, id) => this.key(scope, id),
      memberNode: (scope, clusterId) => this.memberNode(scope, clusterId),
      memberPort: (scope, clusterId) => this.live.get(this.key(scope, clusterId))?.nodes.get(MEMBER_NODE)?.port,
      isHeld: (scope, clusterId) => this.held.has(this.nodeKey(scope, clusterId, MEMBER_NODE)),
      killMember: (scope, clusterId) => this.killNode(scope, clusterId, MEMBER_NODE, { cause: 'failover' }),
      event: (scope, type, id, message) => recordEvent({ ...this.opts, fleet: this }, scope, type, id, message),
    });
  }

  /** How often each replication group's primary is checked (ms). */
  get healthCheckMs(): number {
    return this.groups.healthCheckMs;
  }

  set healthCheckMs(ms: number) {
    this.groups.healthCheckMs = ms;
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
    engine.onWarning((message) => log.warn(`${spec.clusterId}/${nodeId}: ${message}`));
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
    this.groups.rejoin(scope, clusterId);
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
   * reserved. Unless `hold` (an AZ outage), the fleet replaces it after the
   * recovery time (--node-recovery-ms or the failover profile), as
   * ElastiCache replaces a failed node.
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
    this.armRecovery(scope, clusterId, nodeId, failoverTimings(this.opts.config).recoveryMs);
  }

  private armRecovery(scope: Scope, clusterId: string, nodeId: string, ms: number): void {
    const key = this.nodeKey(scope, clusterId, nodeId);
    const timer = setTimeout(() => {
      this.recoveries.delete(key);
      // Gone, or already back (an API reboot restarted it meanwhile): nothing to replace.
      if (!this.live.has(this.key(scope, clusterId)) || this.isNodeRunning(scope, clusterId, nodeId)) return;
      // A failed primary comes back only after its group failed over (else it would return, empty, as the primary).
      if (nodeId === MEMBER_NODE && this.groups.holdsReplacement(scope, clusterId)) return this.armRecovery(scope, clusterId, nodeId, 100);
      void this.bringBack(scope, clusterId, nodeId, 'recovered').catch(() => undefined);
    }, ms);
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
        const partitioned = nodeId === MEMBER_NODE && this.groups.isPartitioned(ref.scope, ref.clusterId);
        out.push({ ...ref, engine: cluster.spec.engine, port: node.port, running: node.engine.running, held, partitioned });
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
    await this.groups.restore();
  }

  /** The admin reset: every node stops; the caller clears the state (specs and ports included). */
  async reset(): Promise<void> {
    await this.stopAll();
  }

  /** At emulator stop: closes every node and endpoint listener (their ports stay on record). */
  async stopAll(): Promise<void> {
    await this.groups.stopAll();
    const clusters = [...this.live.values()];
    this.live.clear();
    await Promise.all(clusters.map((c) => this.stopCluster(c)));
  }

  // ---- replication groups (cluster mode disabled): groups.ts ----

  private memberNode(scope: Scope, clusterId: string): EngineNode | undefined {
    return this.live.get(this.key(scope, clusterId))?.nodes.get(MEMBER_NODE)?.engine;
  }

  startGroup(scope: Scope, spec: GroupSpec): Promise<GroupPorts> {
    return this.groups.start(scope, spec);
  }

  groupPorts(scope: Scope, groupId: string): GroupPorts | undefined {
    return this.groups.ports(scope, groupId);
  }

  /** The current primary and members (the fleet's view is the truth after a failover). */
  groupState(scope: Scope, groupId: string): GroupSpec | undefined {
    return this.groups.state(scope, groupId);
  }

  /** A failover or the replacement of a failed primary is under way. */
  groupInProgress(scope: Scope, groupId: string): boolean {
    return this.groups.inProgress(scope, groupId);
  }

  /** Replication state of a member's node (role, offset, link, partition). */
  replicationOf(scope: Scope, clusterId: string) {
    return this.memberNode(scope, clusterId)?.replication();
  }

  setAutomaticFailover(scope: Scope, groupId: string, enabled: boolean): void {
    this.groups.setAutomaticFailover(scope, groupId, enabled);
  }

  addGroupMember(scope: Scope, groupId: string, clusterId: string, az: string): void {
    this.groups.addMember(scope, groupId, clusterId, az);
  }

  removeGroupMember(scope: Scope, groupId: string, clusterId: string): void {
    this.groups.removeMember(scope, groupId, clusterId);
  }

  deleteGroup(scope: Scope, groupId: string): Promise<void> {
    return this.groups.delete(scope, groupId);
  }

  rewireGroup(scope: Scope, groupId: string): void {
    this.groups.rewire(scope, groupId);
  }

  failover(scope: Scope, groupId: string, cause: 'test' | 'failure' | 'manual', target?: string): Promise<string | undefined> {
    return this.groups.failover(scope, groupId, cause, target);
  }

  /** Fault injection: a replica's link to its primary is cut (it keeps serving reads) until healed. */
  partitionReplica(scope: Scope, clusterId: string, durationMs?: number) {
    return this.groups.partition(scope, clusterId, durationMs);
  }

  healReplica(scope: Scope, clusterId: string): void {
    this.groups.heal(scope, clusterId);
  }
}
