import { isIP } from 'node:net';
import type { Clock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import type { Scope, Store } from '../store/db.js';
import { ConfigEndpoint } from './configEndpoint.js';
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
  config?: { endpoint: ConfigEndpoint; port: number };
}

const SPEC_KIND = 'fleet-cluster';

/**
 * The fleet owns every running engine node: ports, start/stop, endpoints and
 * Auto Discovery; later issues add replication, failover and faults. It is the
 * only code that drives engines.
 */
export class Fleet {
  private readonly live = new Map<string, LiveCluster>();
  private readonly ports: PortRegistry;

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
      if (spec.configEndpoint) await this.startConfigEndpoint(cluster);
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
    });
    const owner = `${this.key(cluster.scope, spec.clusterId)}/${nodeId}`;
    const port = await this.ports.bind(owner, requestedPort, (p) => engine.start(p));
    cluster.nodes.set(nodeId, { engine, port });
  }

  private async startConfigEndpoint(cluster: LiveCluster): Promise<void> {
    const endpoint = new ConfigEndpoint(this.opts.config.host, () =>
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

  /** Fault injection: the node dies at once (sockets destroyed); its port stays reserved. */
  killNode(scope: Scope, clusterId: string, nodeId: string): void {
    this.cluster(scope, clusterId).nodes.get(nodeId)?.engine.crash();
  }

  /** Brings a killed (or running) node back, empty, on its port. */
  async restartNode(scope: Scope, clusterId: string, nodeId: string): Promise<void> {
    await this.rebootNodes(scope, clusterId, [nodeId]);
  }

  private async stopCluster(cluster: LiveCluster): Promise<void> {
    await cluster.config?.endpoint.close();
    await Promise.all([...cluster.nodes.values()].map((n) => n.engine.stop()));
  }

  /** At emulator start: starts again every node the store says should run, on its persisted port. */
  async restore(): Promise<void> {
    for (const { scope, value } of this.specs.listAll()) {
      // One cluster that cannot start (its engine failed) must not keep the others down.
      await this.startCluster(scope, value).catch(() => undefined);
    }
  }

  /** The admin reset: every node stops; the caller clears the state (specs and ports included). */
  async reset(): Promise<void> {
    await this.stopAll();
  }

  /** At emulator stop: closes every node and endpoint listener (their ports stay on record). */
  async stopAll(): Promise<void> {
    const clusters = [...this.live.values()];
    this.live.clear();
    await Promise.all(clusters.map((c) => this.stopCluster(c)));
  }
}
