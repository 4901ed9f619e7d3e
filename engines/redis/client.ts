/** Per-connection state. Handlers receive the Client and write replies to `c.w`. */
import type net from 'node:net';
import { RespParser, ReplyWriter } from './resp.js';
import type { Db } from './keyspace.js';
import type { Server } from './server.js';
import type { Command } from './commands/table.js';
import type { ClientTracking } from './tracking.js';
import type { AclUser } from './acl/user.js';

export const CLIENT_REPLY_ON = 0, CLIENT_REPLY_OFF = 1, CLIENT_REPLY_SKIP_NEXT = 2, CLIENT_REPLY_SKIP = 3;

export class Client {
  readonly id: number;
  readonly parser = new RespParser();
  readonly w = new ReplyWriter();
  db: Db;
  name = '';
  libName = '';
  libVer = '';
  authenticated: boolean;
  /** The ACL user this connection runs as (the default user until AUTH/HELLO AUTH). */
  user: AclUser;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  lastCmd = 'NULL';
  /** Close the connection once pending replies are flushed. */
  closeAfterReply = false;
  closed = false;
  // MULTI/EXEC
  inMulti = false;
  multiQueue: { cmd: Command; argv: string[] }[] = [];
  multiDirty = false; // EXECABORT: a command was rejected while queueing
  watchDirty = false; // CAS failed: a watched key was modified
  /** WATCHed keys per db → whether the key was already expired at WATCH time. */
  readonly watched = new Map<Db, Map<string, boolean>>();
  // Pub/Sub
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  // CLIENT REPLY / NO-EVICT / MONITOR / blocking
  replyMode = CLIENT_REPLY_ON;
  noEvict = false;
  monitor = false;
  /** The fake client of a Lua script (Redis CLIENT_SCRIPT). */
  isScript = false;
  /** Set by blocking commands (later phases); input processing stops while set. */
  blocked: unknown = null;
  /** CLIENT TRACKING state (tracking.ts); null while tracking is off. */
  tracking: ClientTracking | null = null;
  /** Set while this client's processing is suspended by CLIENT PAUSE. */
  pausedArgv: string[] | null = null;
  /** True while a handler wants to replace the propagated argv (see Server.propagate). */
  propagated = false;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  /** Monotonic ms of the last error prefix (errorstats). */
  constructor(readonly server: Server, readonly socket: net.Socket | null, id: number) {
    this.id = id;
    this.db = server.ks.dbs[0];
    this.user = server.acl.defaultUser;
    this.authenticated = !server.acl.authRequired;
    this.parser.authenticated = this.authenticated;
    this.addr = socket ? `${socket.remoteAddress}:${socket.remotePort}` : '';
    this.laddr = socket ? `${socket.localAddress}:${socket.localPort}` : '';
    this.fd = 7 + id;
  }

  get subscriptionCount(): number { return this.channels.size + this.patterns.size + this.shardChannels.size; }
  /** RESP2 client with subscriptions: only (un)subscribe/ping/quit/reset allowed. */
  get inPubSubContext(): boolean { return this.w.proto === 2 && this.subscriptionCount > 0; }

  /** Select a database by index (no range check). */
  selectDb(i: number): void { this.db = this.server.ks.dbs[i]; }
}
