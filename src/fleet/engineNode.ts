import type net from 'node:net';
import { MemcachedServer, type ClusterConfig, type MemcachedConfigChange } from '../../engines/memcached/index.js';
import { RedisServer } from '../../engines/redis/index.js';

export type EngineName = 'redis' | 'valkey' | 'memcached';

/** What a node is started with; kept by the fleet so a restart starts it alike. */
export interface NodeSpec {
  engine: EngineName;
  engineVersion: string;
  /** Listen interface. */
  host: string;
  /** Node type memory: Redis maxmemory, Memcached max_cache_memory (bytes). */
  memoryBytes: number;
  /** Effective parameter-group values. */
  parameters: Record<string, string>;
  /** Redis AUTH token (requirepass); none for Memcached. */
  password?: string;
  allowRestrictedCommands: boolean;
  /** Lets our own nodes replicate from each other (PSYNC stays restricted for clients). */
  replicationSecret?: string;
}

/** A node's replication state as the fleet sees it (Redis only). */
export interface NodeReplication {
  role: 'master' | 'replica';
  offset: number;
  linkUp: boolean;
  /** Replica: seconds since its link went down (-1 while up). */
  linkDownSeconds: number;
  /** Replica: cut from its primary by a partition fault. */
  partitioned: boolean;
  /** Replica: the primary's stream had commands this engine could not apply (a full resync was asked for). */
  outOfSync: boolean;
}

/**
 * The narrow interface the fleet drives engines through. `start` makes a
 * fresh engine (a restarted node comes back empty, as on ElastiCache without
 * persistence).
 */
export interface EngineNode {
  readonly running: boolean;
  start(port: number): Promise<number>;
  stop(): Promise<void>;
  crash(): void;
  applyConfig(parameters: Record<string, string>): void;
  setPassword(password: string | undefined): void;
  setClusterConfig(config: ClusterConfig): void;
  stats(): Record<string, unknown>;
  handleConnection(socket: net.Socket): void;
  /** Redis replication; Memcached nodes ignore these. */
  replicaOf(host: string, port: number): void;
  promote(): void;
  replication(): NodeReplication | undefined;
  /** Fault injection: cut (true) or heal (false) a replica's replication link; kept across restarts of the link. */
  setPartitioned(on: boolean): void;
  /** Where the engine's replication warnings go (kept across restarts). */
  onWarning(listener: (message: string) => void): void;
}

export function createEngineNode(spec: NodeSpec): EngineNode {
  return spec.engine === 'memcached' ? new MemcachedNode(spec) : new RedisNode(spec);
}

/** What both engines' server classes offer the fleet. */
interface EngineServer {
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
  crash(): void;
  handleConnection(socket: net.Socket): void;
  stats(): object;
}

/** The lifecycle both engines share: one server instance while running, none while stopped or crashed. */
abstract class ServerNode<S extends EngineServer> {
  protected server: S | undefined;

  constructor(protected spec: NodeSpec) {}

  /** A new, not yet listening, server for this node's spec. */
  protected abstract createServer(port: number): S;

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(port: number): Promise<number> {
    const server = this.createServer(port);
    const bound = await server.listen();
    this.server = server;
    return bound.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  crash(): void {
    this.server?.crash();
    this.server = undefined;
  }

  stats(): Record<string, unknown> {
    return (this.server?.stats() as Record<string, unknown> | undefined) ?? {};
  }

  handleConnection(socket: net.Socket): void {
    if (this.server) this.server.handleConnection(socket);
    else socket.destroy();
  }
}

class RedisNode extends ServerNode<RedisServer> implements EngineNode {
  private warningListener: ((message: string) => void) | null = null;

  protected createServer(port: number): RedisServer {
    const server = new RedisServer({
      port,
      host: this.spec.host,
      password: this.spec.password ?? null,
      allowRestrictedCommands: this.spec.allowRestrictedCommands,
      engine: this.spec.engine === 'valkey' ? 'valkey' : 'redis',
      engineVersion: this.spec.engineVersion,
      maxmemoryBytes: Number(this.spec.parameters.maxmemory ?? this.spec.memoryBytes),
      maxmemoryPolicy: this.spec.parameters['maxmemory-policy'],
      // ElastiCache nodes keep no RDB of their own (backups are snapshots): no save points, so
      // SHUTDOWN or a SIGTERM never writes dump.rdb into the emulator's working directory.
      config: { save: '', ...redisConfig(this.spec.parameters) },
      replicationSecret: this.spec.replicationSecret,
    });
    server.onReplicationWarning(this.warningListener);
    // SHUTDOWN (allowed with allowRestrictedCommands) stops the engine: the node is down, as after a crash.
    server.on('shutdown', () => { if (this.server === server) this.server = undefined; });
    return server;
  }

  setPartitioned(on: boolean): void {
    this.server?.setReplicationPartitioned(on);
  }

  onWarning(listener: (message: string) => void): void {
    this.warningListener = listener;
    this.server?.onReplicationWarning(listener);
  }

  applyConfig(parameters: Record<string, string>): void {
    this.spec = { ...this.spec, parameters };
    this.server?.applyConfig(redisConfig(parameters));
  }

  setPassword(password: string | undefined): void {
    this.spec = { ...this.spec, password };
    this.server?.applyConfig({ requirepass: password ?? '' });
  }

  setClusterConfig(): void {
    // Auto Discovery is a Memcached feature.
  }


  replicaOf(host: string, port: number): void {
    this.server?.replicaOf(host, port);
  }

  promote(): void {
    this.server?.promote();
  }

  replication(): NodeReplication | undefined {
    const info = this.server?.replicationInfo();
    return info && {
      role: info.role, offset: info.offset, linkUp: info.linkUp,
      linkDownSeconds: info.linkDownSeconds, partitioned: info.partitioned, outOfSync: info.outOfSync,
    };
  }
}

/** Parameters that are ElastiCache settings rather than redis.conf directives stay out of the engine. */
function redisConfig(parameters: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (name === 'requirepass') continue;
    out[name] = value;
  }
  return out;
}

class MemcachedNode extends ServerNode<MemcachedServer> implements EngineNode {
  private clusterConfig: ClusterConfig | undefined;

  protected createServer(port: number): MemcachedServer {
    return new MemcachedServer({
      port,
      host: this.spec.host,
      version: patchVersion(this.spec.engineVersion),
      clusterConfig: this.clusterConfig,
      ...memcachedConfig(this.spec.parameters, this.spec.memoryBytes),
    });
  }

  applyConfig(parameters: Record<string, string>): void {
    this.spec = { ...this.spec, parameters };
    this.server?.applyConfig(memcachedConfig(parameters, this.spec.memoryBytes));
  }

  setPassword(): void {
    // Memcached on ElastiCache has no AUTH token (SASL needs TLS and users).
  }

  setClusterConfig(config: ClusterConfig): void {
    this.clusterConfig = config;
    this.server?.setClusterConfig(config);
  }


  replicaOf(): void {}

  promote(): void {}

  replication(): undefined {
    return undefined;
  }

  setPartitioned(): void {}

  onWarning(): void {}
}

/** ElastiCache addresses Memcached by its full version (1.6.22), which the engine reports as is. */
function patchVersion(version: string): string {
  return /^\d+\.\d+\.\d+$/.test(version) ? version : `${version}.0`;
}

const flag = (value: string | undefined) => (value === undefined ? undefined : value === '1' || value === 'true');

/** ElastiCache Memcached parameters → engine settings. */
function memcachedConfig(parameters: Record<string, string>, memoryBytes: number): MemcachedConfigChange {
  const maxCacheMiB = Number(parameters.max_cache_memory);
  const change: MemcachedConfigChange = {
    maxMemoryBytes: Number.isFinite(maxCacheMiB) && maxCacheMiB > 0 ? maxCacheMiB * 1024 * 1024 : memoryBytes,
  };
  const maxItemSize = Number(parameters.max_item_size);
  if (Number.isFinite(maxItemSize) && maxItemSize > 0) change.maxItemSize = maxItemSize;
  const errorOnMemoryExhausted = flag(parameters.error_on_memory_exhausted);
  if (errorOnMemoryExhausted !== undefined) change.errorOnMemoryExhausted = errorOnMemoryExhausted;
  const disableFlushAll = flag(parameters.disable_flush_all);
  if (disableFlushAll !== undefined) change.disableFlushAll = disableFlushAll;
  const casDisabled = flag(parameters.cas_disabled);
  if (casDisabled !== undefined) change.casDisabled = casDisabled;
  return change;
}
