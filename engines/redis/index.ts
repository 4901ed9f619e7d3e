/**
 * Public API of the Redis engine: a Redis 7.0-compatible server on a real
 * TCP port, run in-process. See docs/redis-engine.md.
 */
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { Server, type ServerOptions } from './server.js';
import './commands/cmd_connection.js';
import './commands/cmd_keys.js';
import './commands/cmd_string.js';
import './commands/cmd_multi.js';
import './commands/cmd_pubsub.js';
import './commands/cmd_server.js';
// Data-type groups register themselves here (one line each):
// import './commands/cmd_hash.js';
import './commands/cmd_hash.js';
import './commands/cmd_set.js';
import './commands/cmd_list.js';
import './commands/cmd_zset.js';
import './commands/cmd_sort.js';
import './commands/cmd_bitops.js';
import './commands/cmd_hll.js';
import './commands/cmd_stream.js';
import './commands/cmd_stream_read.js';
import './commands/cmd_stream_group.js';
import './commands/cmd_geo.js';
import './commands/cmd_latency.js';
import './commands/cmd_dump.js';
import './commands/cmd_migrate.js';
import './commands/cmd_replication.js';
import './commands/cmd_scripting.js';
import './commands/cmd_function.js';
import './commands/cmd_tracking.js';
import './commands/cmd_shutdown.js';
import './commands/cmd_acl.js';
import { getReplication, type ReplicationInfo } from './replication/master.js';
import { usedMemory } from './commands/cmd_server.js';
import { writeSnapshot, loadSnapshot, loadFromDisk } from './persistence.js';
import { signalShutdown } from './commands/cmd_shutdown.js';

/** The server's own options (ServerOptions, declared in server.ts) plus what only the public class does. */
export interface RedisServerOptions extends ServerOptions {
  /** Load this RDB file at listen(). Like redis-server at startup: a missing file starts empty, a corrupt one makes listen() reject. */
  loadRdbPath?: string;
}

/**
 * Events: 'shutdown' ({ saved }) after a client's SHUTDOWN closed the node (listeners and connections),
 * which the owner should treat like the process exiting.
 */
export class RedisServer extends EventEmitter {
  /** The engine core (keyspace, config, hooks) — for tests and later phases. */
  readonly core: Server;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private _port = 0;

  constructor(private readonly opts: RedisServerOptions = {}) {
    super();
    this.core = new Server(opts);
    this.core.onShutdown = (info) => { void this.close().then(() => this.emit('shutdown', info)); };
  }

  listen(): Promise<{ host: string; port: number }> {
    const host = this.opts.host ?? '127.0.0.1';
    if (this.opts.loadRdbPath) {
      try { loadFromDisk(this.core, this.opts.loadRdbPath); } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return Promise.reject(err);
      }
    }
    // Like redis-server: an `aclfile` is loaded at startup and any error in it aborts the start.
    if (this.core.acl.aclfile !== '') {
      const err = this.core.acl.loadFile();
      if (err !== null) return Promise.reject(new Error(`Aborting Redis startup because of ACL errors: ${err}`));
    }
    return new Promise((resolve, reject) => {
      const srv = net.createServer((sock) => this.handleConnection(sock));
      srv.once('error', reject);
      srv.listen(this.opts.port ?? 0, host, () => {
        srv.off('error', reject);
        const addr = srv.address() as net.AddressInfo;
        this._port = addr.port;
        this.core.port = addr.port;
        this.core.host = host;
        this.core.config.setRaw('port', String(addr.port));
        this.core.startTimer();
        this.server = srv;
        resolve({ host, port: addr.port });
      });
    });
  }

  get port(): number { return this._port; }

  handleConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    this.core.handleConnection(socket);
  }

  /** Graceful: stop accepting, flush and end client connections. */
  close(): Promise<void> {
    this.core.stopTimers();
    this.core.repl?.stop();
    const srv = this.server;
    this.server = null;
    for (const s of this.sockets) s.end();
    const done = new Promise<void>((resolve) => {
      if (!srv) return resolve();
      srv.close(() => resolve());
    });
    const t = setTimeout(() => { for (const s of this.sockets) s.destroy(); }, 1000);
    return done.finally(() => clearTimeout(t));
  }

  /** Abrupt: destroy every socket and timer immediately. */
  crash(): void {
    this.core.stopTimers();
    this.core.repl?.stop();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.server?.close();
    this.server = null;
  }

  /**
   * A signal asks the node to stop (redis-server's SIGTERM/SIGINT handling): shuts down as
   * `shutdown-on-sigterm` / `shutdown-on-sigint` configure; 'shutdown' is emitted when done.
   * Returns an error message if the shutdown was refused (e.g. the save failed without FORCE).
   */
  shutdownOnSignal(signal: 'sigterm' | 'sigint'): string | null { return signalShutdown(this.core, signal); }

  applyConfig(params: Record<string, string>): void { this.core.applyConfig(params); }

  stats(): { usedMemory: number; keys: number; connectedClients: number; [k: string]: unknown } {
    const ks = this.core.ks;
    return {
      usedMemory: usedMemory(this.core),
      keys: ks.dbs.reduce((a, d) => a + d.size, 0),
      connectedClients: this.core.clients.size,
      totalCommands: this.core.totalCommands,
      expiredKeys: ks.expiredKeys,
      evictedKeys: ks.evictedKeys,
      keyspaceHits: ks.hits,
      keyspaceMisses: ks.misses,
      maxmemory: ks.evict.maxmemory,
      maxmemoryPolicy: ks.evict.policy,
    };
  }

  flushAll(): void { this.core.flushAll(); }

  /** The whole dataset as an RDB v10 file (control-plane snapshots). */
  saveSnapshot(): Buffer { return writeSnapshot(this.core); }

  /** Replace the dataset with an RDB file's contents (expired keys skipped). Throws on a corrupt file without touching the data. */
  loadSnapshot(buf: Buffer): { keys: number } { return loadSnapshot(this.core, buf); }

  // ---- replication (control plane; REPLICAOF is restricted for clients) ----
  /** Become a replica of host:port (REPLICAOF host port); connects and syncs in the background. */
  replicaOf(host: string, port: number, opts: { masterAuth?: string; masterUser?: string } = {}): void { getReplication(this.core).replicaOf(host, port, opts); }
  /** Become a master (REPLICAOF NO ONE): new replid, old history kept as replid2 for partial resyncs. */
  promote(): void { getReplication(this.core).promote(); }
  /** Role, replication offset, link state (replica) and attached replicas with their acked offsets. */
  replicationInfo(): ReplicationInfo { return getReplication(this.core).summary(); }
  /** Fault injection: cut (true) or heal (false) this replica's link to its master; it keeps serving reads. */
  setReplicationPartitioned(on: boolean): void { getReplication(this.core).setPartitioned(on); }
  /** Replication warnings as redis-server logs them (output-buffer disconnects, errors from the master's stream). */
  onReplicationWarning(listener: ((message: string) => void) | null): void { getReplication(this.core).onWarning = listener; }

  // ---- ACL users (ElastiCache RBAC: users and user groups map onto these) ----
  /**
   * Replace all ACL users at once. Each user is its name plus ACL SETUSER rules
   * (an array, or one space-separated string such as an ElastiCache AccessString
   * "on ~* +@all" with ">password" rules added). A `default` entry replaces the
   * default user's rules; without one the default user is kept as it is.
   * Everything is validated first (throws, changing nothing); connections of
   * users that disappear are closed.
   */
  setAclUsers(users: { name: string; rules: string[] | string }[]): void {
    this.core.acl.replaceUsers(users.map((u) => ({ name: u.name, rules: typeof u.rules === 'string' ? u.rules.split(' ').filter(Boolean) : u.rules })));
  }
  /** The users as ACL LIST renders them (`user <name> <rules>`), sorted by name. */
  aclList(): string[] { return this.core.acl.list(); }
}

export { Server } from './server.js';
export type { ServerOptions } from './server.js';
export { registerAll, register, F } from './commands/table.js';
export type { Handler, Command } from './commands/table.js';
export { registerType, type TypeInfo, type Entry, type Db, Keyspace } from './keyspace.js';
export type { Client } from './client.js';
export type { ReplicationInfo } from './replication/master.js';
export type { AclUserSpec } from './acl/acl.js';
