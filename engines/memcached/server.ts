// MemcachedServer: one in-process memcached node on its own TCP port.

import net from 'node:net';
import { Store, refreshClock } from './store.js';
import { Connection } from './connection.js';
import type { NodeContext, SaslCredentials } from './context.js';
import type { ClusterConfig } from './discovery.js';
import {
  connsStats, generalStats, itemsStats, settingsStats, slabsStats, type ServerInfo, type StatList,
} from './stats.js';

export interface MemcachedServerOptions {
  port?: number;
  host?: string;
  maxMemoryBytes?: number;
  maxItemSize?: number;
  version?: string;
  sasl?: SaslCredentials | null;
  clusterConfig?: ClusterConfig;
  /** memcached -c; connections beyond it are closed at once. */
  maxConnections?: number;
  /** memcached -M / ElastiCache error_on_memory_exhausted. */
  errorOnMemoryExhausted?: boolean;
  /** memcached -F / ElastiCache disable_flush_all. */
  disableFlushAll?: boolean;
  /** memcached -C / ElastiCache cas_disabled (takes effect for items stored afterwards). */
  casDisabled?: boolean;
}

export interface MemcachedConfigChange {
  maxMemoryBytes?: number;
  maxItemSize?: number;
  version?: string;
  sasl?: SaslCredentials | null;
  maxConnections?: number;
  errorOnMemoryExhausted?: boolean;
  disableFlushAll?: boolean;
  casDisabled?: boolean;
}

export const DEFAULT_MAX_MEMORY = 64 * 1024 * 1024;
export const DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;
export const DEFAULT_VERSION = '1.6.17';
const MIN_ITEM_SIZE = 1024;

export class MemcachedServer implements NodeContext {
  readonly store: Store;
  version: string;
  sasl: SaslCredentials | null;
  clusterConfig: ClusterConfig | null;
  verbosity = 0;
  flushDisabled: boolean;

  private readonly host: string;
  private readonly requestedPort: number;
  private boundPort = 0;
  private server: net.Server | null = null;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private totalConnections = 0;
  private rejectedConnections = 0;
  private closedBytesRead = 0;
  private closedBytesWritten = 0;
  private maxConnections: number;
  private readonly startedAtMs = Date.now();

  constructor(opts: MemcachedServerOptions = {}) {
    this.host = opts.host ?? '127.0.0.1';
    this.requestedPort = opts.port ?? 0;
    const maxItemSize = Math.max(MIN_ITEM_SIZE, opts.maxItemSize ?? DEFAULT_MAX_ITEM_SIZE);
    this.store = new Store(opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY, maxItemSize);
    this.version = opts.version ?? DEFAULT_VERSION;
    this.sasl = opts.sasl ?? null;
    this.clusterConfig = opts.clusterConfig ?? null;
    this.maxConnections = opts.maxConnections ?? 1024;
    this.store.evictionsDisabled = opts.errorOnMemoryExhausted ?? false;
    this.flushDisabled = opts.disableFlushAll ?? false;
    this.store.casEnabled = !(opts.casDisabled ?? false);
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.server) return Promise.resolve({ host: this.host, port: this.boundPort });
    return new Promise((resolve, reject) => {
      const server = net.createServer({ noDelay: true }, (socket) => this.handleConnection(socket));
      server.once('error', reject);
      server.listen(this.requestedPort, this.host, () => {
        server.off('error', reject);
        server.on('error', () => { /* accept errors are per-connection; keep serving */ });
        this.server = server;
        const addr = server.address() as net.AddressInfo;
        this.boundPort = addr.port;
        resolve({ host: this.host, port: addr.port });
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  /** Serve a socket accepted elsewhere (configuration or primary endpoint listener). */
  handleConnection(socket: net.Socket): void {
    if (this.connections.size >= this.maxConnections) {
      this.rejectedConnections++;
      socket.destroy();
      return;
    }
    this.totalConnections++;
    const conn = new Connection(this.nextConnectionId++, socket, this, (c) => {
      if (this.connections.delete(c)) {
        this.closedBytesRead += c.bytesRead;
        this.closedBytesWritten += c.bytesWritten;
      }
    });
    this.connections.add(conn);
  }

  /** Graceful: stop accepting, end every connection, resolve when all are gone. */
  close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.store.maintainer.stop();
    const waits: Promise<void>[] = [];
    for (const c of this.connections) {
      waits.push(new Promise<void>((resolve) => {
        c.socket.once('close', () => resolve());
        if (c.socket.destroyed) resolve();
      }));
      c.end();
      // A client that never reads must not hold close() forever.
      setTimeout(() => c.destroy(), 2000).unref();
    }
    if (server) waits.push(new Promise<void>((resolve) => server.close(() => resolve())));
    return Promise.all(waits).then(() => undefined);
  }

  /** Abrupt: stop listening and destroy every socket at once. */
  crash(): void {
    this.store.maintainer.stop();
    if (this.server) {
      this.server.close();
      this.server = null;
    }
    for (const c of this.connections) c.destroy();
  }

  setClusterConfig(cfg: ClusterConfig): void {
    this.clusterConfig = { version: cfg.version, nodes: cfg.nodes.map((n) => ({ ...n })) };
  }

  flush(): void {
    this.store.clear();
  }

  stats(): Record<string, string | number> {
    return Object.fromEntries(this.statsGroup('') ?? []);
  }

  /** Parameter-group changes on a live node. Shrinking memory evicts at the next store. */
  applyConfig(p: MemcachedConfigChange): void {
    if (p.maxMemoryBytes !== undefined) this.store.maxBytes = p.maxMemoryBytes;
    if (p.maxItemSize !== undefined) this.store.maxItemSize = Math.max(MIN_ITEM_SIZE, p.maxItemSize);
    if (p.version !== undefined) this.version = p.version;
    if (p.sasl !== undefined) this.sasl = p.sasl;
    if (p.maxConnections !== undefined) this.maxConnections = p.maxConnections;
    if (p.errorOnMemoryExhausted !== undefined) this.store.evictionsDisabled = p.errorOnMemoryExhausted;
    if (p.disableFlushAll !== undefined) this.flushDisabled = p.disableFlushAll;
    if (p.casDisabled !== undefined) this.store.casEnabled = !p.casDisabled;
  }

  // ---- NodeContext ----

  statsGroup(name: string): StatList | null {
    const info = this.serverInfo();
    switch (name) {
      case '':
        this.store.sweepFlushed(refreshClock());
        return generalStats(this.store, info);
      case 'settings': return settingsStats(this.store, info);
      case 'items': return itemsStats(this.store);
      case 'slabs': return slabsStats(this.store);
      case 'sizes': return [['sizes_status', 'disabled']];
      case 'conns': return connsStats(info);
      default: return null;
    }
  }

  resetStats(): void {
    this.store.resetCounters();
    this.totalConnections = 0;
    this.rejectedConnections = 0;
    this.closedBytesRead = 0;
    this.closedBytesWritten = 0;
    for (const c of this.connections) {
      c.bytesRead = 0;
      c.bytesWritten = 0;
    }
  }

  private serverInfo(): ServerInfo {
    let bytesRead = this.closedBytesRead;
    let bytesWritten = this.closedBytesWritten;
    for (const c of this.connections) {
      bytesRead += c.bytesRead;
      bytesWritten += c.bytesWritten;
    }
    const conns = this.connections;
    return {
      version: this.version,
      port: this.boundPort,
      host: this.host,
      startedAtMs: this.startedAtMs,
      currConnections: conns.size,
      totalConnections: this.totalConnections,
      rejectedConnections: this.rejectedConnections,
      bytesRead,
      bytesWritten,
      verbosity: this.verbosity,
      sasl: this.sasl !== null,
      flushEnabled: !this.flushDisabled,
      maxConnections: this.maxConnections,
      connections: [...conns].map((c) => ({
        id: c.id,
        remote: c.remoteAddress,
        local: c.localAddress,
        lastCommandAt: c.lastCommandAt,
        state: 'conn_parse_cmd',
      })),
    };
  }
}
