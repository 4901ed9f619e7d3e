/**
 * Server core: connections, the command dispatcher (Redis processCommand +
 * call()), per-batch flushing, stats, WATCH bookkeeping, pub/sub registry,
 * keyspace notifications, MONITOR, SLOWLOG, CLIENT PAUSE, and the hz timer.
 */
import net from 'node:net';
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Client, CLIENT_REPLY_OFF, CLIENT_REPLY_ON, CLIENT_REPLY_SKIP, CLIENT_REPLY_SKIP_NEXT } from './client.js';
import { Keyspace, type Db } from './keyspace.js';
import { Config, notifyFlagsFromString } from './config.js';
import { E } from './errors.js';
import { lookupTop, F, type Command, TABLE } from './commands/table.js';
import { globMatch } from './glob.js';
import { reprArg } from './util.js';
import { readInto, writeOut } from './netio.js';
import type { Replication } from './replication/master.js';
import { recordCommandLatency, latencySampleIfNeeded } from './latency.js';
import type { Tracking } from './tracking.js';
import { Acl, CTX_MULTI, CTX_TOPLEVEL } from './acl/acl.js';
import { aclDeniedMessage } from './acl/messages.js';
import { redactArgv } from './acl/redact.js';
import { freeEffort } from './lazyfree.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  password?: string | null;
  allowRestrictedCommands?: boolean;
  engine?: 'redis' | 'valkey';
  engineVersion?: string;
  maxmemoryBytes?: number;
  maxmemoryPolicy?: string;
  config?: Record<string, string>;
  databases?: number;
  /** RDB directory (CONFIG dir) and file name (CONFIG dbfilename, default dump.rdb); nothing is written unless SAVE/BGSAVE/DEBUG RELOAD. */
  dir?: string;
  dbfilename?: string;
  /** Replication between our own nodes: PSYNC/SYNC/REPLCONF allowed after `REPLCONF auth-secret <s>` (see replication/). */
  replicationSecret?: string;
}

/**
 * Commands ElastiCache disables: they reply as unknown commands unless allowRestrictedCommands.
 * SYNC/PSYNC are refused the same way by their handlers (cmd_replication.ts), which also admit
 * our own replicas that authenticated with the replication secret.
 */
export const RESTRICTED_COMMANDS = new Set([
  'bgrewriteaof', 'bgsave', 'config', 'debug', 'migrate', 'replicaof', 'save', 'slaveof', 'shutdown',
]);

export interface SlowlogEntry { id: number; time: number; usec: number; argv: string[]; addr: string; name: string }

/** Read sizes below this get a cached view of Server.readBuf. */
const READ_VIEWS = 1024;
const EXEC_LIKE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
const PUBSUB_ALLOWED = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

export class Server {
  readonly opts: ServerOptions;
  readonly config = new Config();
  /** ACL users, the default user, ACL LOG (acl/acl.ts). */
  readonly acl = new Acl(this);
  readonly ks: Keyspace;
  readonly clients = new Map<number, Client>();
  private nextId = 1;
  /** The one buffer every client socket reads into (netio.ts readInto). */
  private readonly readBuf = Buffer.allocUnsafeSlow(64 * 1024);
  private readonly readViews: (Buffer | null)[] = new Array<Buffer | null>(READ_VIEWS).fill(null);
  requirePass: string | null = null;
  readonly allowRestricted: boolean;
  readonly startTime = Date.now();
  readonly runId = crypto.randomBytes(20).toString('hex');
  readonly replId = crypto.randomBytes(20).toString('hex');
  lastSave = Math.floor(Date.now() / 1000);
  port = 0;
  host = '127.0.0.1';
  // stats
  totalCommands = 0;
  totalConnections = 0;
  rejectedConnections = 0;
  netInput = 0;
  netOutput = 0;
  totalErrors = 0;
  readonly errorStats = new Map<string, number>();
  readonly slowlog: SlowlogEntry[] = [];
  slowlogId = 0;
  // pub/sub
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();
  pubsubMessages = 0;
  // watch: db -> key -> clients
  readonly watchedKeys = new Map<Db, Map<string, Set<Client>>>();
  readonly monitors = new Set<Client>();
  // CLIENT PAUSE
  pauseEnd = 0;
  pauseAll = false;
  private pauseTimer: NodeJS.Timeout | null = null;
  readonly pausedClients = new Set<Client>();
  // notify-keyspace-events flags
  notifyFlags = 0;
  // typed mirrors of hot config values
  slowlogSlower = 10000;
  slowlogMax = 128;
  /** latency-monitor-threshold (ms, 0 = off) and latency-tracking (per-command histograms), see latency.ts. */
  latencyThreshold = 0;
  latencyTracking = true;
  hz = 10;
  timeoutSec = 0;
  private timer: NodeJS.Timeout | null = null;
  private cronCount = 0;
  /** Hooks run once per connection close (blocking ops, tracking later). */
  readonly clientCloseHooks: ((c: Client) => void)[] = [];
  /** Hooks run when the node stops (close, crash, SHUTDOWN): MIGRATE's cached target connections. */
  readonly stopHooks: (() => void)[] = [];
  /** The currently executing client (for propagate()). */
  current: Client | null = null;
  execDepth = 0;
  /** Run after every top-level command (blocking.ts: serve clients blocked on keys that became ready). */
  afterCommand: (() => void) | null = null;
  /** Replication state (replication/master.ts), created on first use. */
  repl: Replication | null = null;
  /** Client-side caching state (tracking.ts), created when a client first enables CLIENT TRACKING. */
  tracking: Tracking | null = null;
  /** Set by the owner (RedisServer): close listeners and connections after SHUTDOWN (cmd_shutdown.ts). */
  onShutdown: ((info: { saved: boolean }) => void) | null = null;
  shutDown = false;
  /** This node replicates a master with replica-read-only yes: writes from normal clients get READONLY. */
  readOnlyReplica = false;
  /** min-replicas-to-write / min-replicas-max-lag (0 disables the check). */
  minReplicasToWrite = 0;
  minReplicasMaxLag = 10;
  /** The client executing our master's stream (exempt from READONLY). */
  masterClient: Client | null = null;
  /** Set while a script runs past busy-reply-threshold: the BUSY error for commands without allow-busy (scripting/). */
  busyReply: string | null = null;
  /** Flags of noscript commands whose flags depend on their arguments (EVAL with a shebang, FCALL): scripting/ sets it. */
  static dynamicFlags: ((s: Server, cmd: Command, argv: string[]) => number) | null = null;

  constructor(opts: ServerOptions = {}) {
    this.opts = opts;
    this.allowRestricted = !!opts.allowRestrictedCommands;
    const dbs = opts.databases ?? 16;
    this.config.setRaw('databases', String(dbs));
    this.ks = new Keyspace(dbs, { maxmemory: 0, policy: 'noeviction', samples: 5, lfuLogFactor: 10, lfuDecayTime: 1 });
    this.ks.freeEffort = (e) => freeEffort(this, e);
    this.config.listeners.push((name, value) => this.onConfig(name, value));
    if (opts.password) this.config.setRaw('requirepass', opts.password);
    if (opts.maxmemoryBytes !== undefined) this.config.setRaw('maxmemory', String(opts.maxmemoryBytes));
    if (opts.maxmemoryPolicy) this.config.setRaw('maxmemory-policy', opts.maxmemoryPolicy);
    if (opts.dir !== undefined) this.config.setRaw('dir', path.resolve(opts.dir));
    if (opts.dbfilename !== undefined) this.config.setRaw('dbfilename', opts.dbfilename);
    if (opts.config) this.applyConfig(opts.config);
    this.ks.keyChangeHooks.push((db, key) => this.touchWatchedKey(db, key));
    this.ks.expiredHooks.push((db, key) => this.notify(NOTIFY_EXPIRED, 'expired', key, db.id));
    this.ks.evictedHooks.push((db, key) => this.notify(NOTIFY_EVICTED, 'evicted', key, db.id));
    this.ks.newKeyHooks.push((db, key) => { if (this.notifyFlags & NOTIFY_NEW) this.notify(NOTIFY_NEW, 'new', key, db.id); });
  }

  private onConfig(name: string, value: string): void {
    switch (name) {
      case 'requirepass': this.requirePass = value === '' ? null : value; this.acl.setRequirePass(this.requirePass); break;
      case 'maxmemory': this.ks.evict.maxmemory = Number(value); break;
      case 'maxmemory-policy': this.ks.evict.policy = value; this.ks.lfuMode = value.endsWith('lfu'); break;
      case 'maxmemory-samples': this.ks.evict.samples = Number(value); break;
      case 'lfu-log-factor': this.ks.evict.lfuLogFactor = Number(value); break;
      case 'lfu-decay-time': this.ks.evict.lfuDecayTime = Number(value); break;
      case 'notify-keyspace-events':
        this.notifyFlags = notifyFlagsFromString(value) ?? 0;
        this.ks.keyMissHook = this.notifyFlags & NOTIFY_KEY_MISS ? (db, key) => this.notify(NOTIFY_KEY_MISS, 'keymiss', key, db.id) : null;
        break;
      case 'slowlog-log-slower-than': this.slowlogSlower = Number(value); break;
      case 'slowlog-max-len': this.slowlogMax = Number(value); while (this.slowlog.length > this.slowlogMax) this.slowlog.pop(); break;
      case 'hz': this.hz = Math.min(500, Math.max(1, Number(value))); if (this.timer) this.startTimer(); break;
      case 'timeout': this.timeoutSec = Number(value); break;
      case 'latency-monitor-threshold': this.latencyThreshold = Number(value); break;
      case 'latency-tracking': this.latencyTracking = value === 'yes'; break;
      case 'proto-max-bulk-len': for (const c of this.clients.values()) c.parser.maxBulkLen = Number(value); break;
      case 'min-replicas-to-write': this.minReplicasToWrite = Number(value); this.repl?.refreshGoodReplicas(); break;
      case 'lazyfree-lazy-server-del': this.ks.lazyServerDel = value === 'yes'; break;
      case 'lazyfree-lazy-expire': this.ks.lazyExpire = value === 'yes'; break;
      case 'lazyfree-lazy-eviction': this.ks.lazyEviction = value === 'yes'; break;
      case 'min-replicas-max-lag': this.minReplicasMaxLag = Number(value); this.repl?.refreshGoodReplicas(); break;
    }
  }

  /** Parameter group → node: CONFIG SET semantics without restrictions; invalid entries are skipped. */
  applyConfig(params: Record<string, string>): void {
    for (const [k, v] of Object.entries(params)) {
      const r = this.config.validate(k, v, true);
      if (r.ok) this.config.setRaw(k, r.value);
    }
  }

  // ---------------------------------------------------------------------
  // connections

  handleConnection(socket: net.Socket): void {
    const c = new Client(this, socket, this.nextId++);
    c.parser.maxBulkLen = this.config.num('proto-max-bulk-len');
    this.clients.set(c.id, c);
    this.totalConnections++;
    socket.setNoDelay(true);
    // Hot path: libuv reads into the server's one read buffer (netio.ts); 'data' events are the fallback.
    const rb = this.readBuf;
    if (!readInto(socket, rb, (n) => this.onRead(c, rb, n))) socket.on('data', (chunk: Buffer) => this.onData(c, chunk));
    socket.on('error', () => { /* closed below */ });
    socket.on('close', () => this.freeClient(c));
    if (!this.timer) this.startTimer();
  }

  /** Make a socket-less client (for tests / internal use). */
  fakeClient(): Client { return new Client(this, null, this.nextId++); }

  private onData(c: Client, chunk: Buffer): void {
    if (c.closed) return;
    this.netInput += chunk.length;
    c.parser.push(chunk);
    const ks = this.ks;
    ks.freeze();
    c.lastInteraction = ks.now(); // the frozen clock: one clock read per input chunk
    try { this.processInput(c); } finally { ks.unfreeze(); }
    this.flushLater(c);
  }

  /** `n` bytes were read into the shared read buffer `rb` (reused by the next read of any client). */
  private onRead(c: Client, rb: Buffer, n: number): void {
    if (c.closed) return;
    this.netInput += n;
    // Views of the read buffer are immutable: keep one per small length instead of allocating one per read.
    let chunk = n < READ_VIEWS ? this.readViews[n] : null;
    if (chunk === null) { chunk = rb.subarray(0, n); if (n < READ_VIEWS) this.readViews[n] = chunk; }
    const p = c.parser;
    p.pushBorrowed(chunk);
    const ks = this.ks;
    ks.freeze();
    c.lastInteraction = ks.now(); // the frozen clock: one clock read per input chunk
    try { this.processInput(c); } finally { ks.unfreeze(); p.release(chunk); }
    this.flushLater(c);
  }

  /**
   * Replies are written once every client readable in this event-loop turn has been served
   * (setImmediate: the check phase follows the poll phase), as Redis writes them in beforeSleep
   * (handleClientsWithPendingWrites). Writing per client woke a pipelining peer such as
   * redis-benchmark once per client instead of once per turn: twice the system time per
   * EVALSHA, and the woken peer often preempted us. A lone connection has nobody to batch with.
   */
  private flushLater(c: Client): void {
    if (this.clients.size <= 1) return this.flush(c);
    this.pendingWrites.push(c);
    if (!this.flushScheduled) { this.flushScheduled = true; setImmediate(this.flushPending); }
  }
  private readonly pendingWrites: Client[] = [];
  private flushScheduled = false;
  private readonly flushPending = (): void => {
    this.flushScheduled = false;
    const list = this.pendingWrites;
    try {
      for (let i = 0; i < list.length; i++) this.flush(list[i]); // a client listed twice: the second flush finds nothing
    } finally { list.length = 0; }
  };

  processInput(c: Client): void {
    const p = c.parser;
    for (;;) {
      if (c.closeAfterReply || c.closed || c.blocked || this.shutDown) return;
      if (c.pausedArgv) return;
      const argv = p.next();
      if (!p.small) this.ks.clockMark = 0; // parsing a big command takes time: the next call() reads the clock
      if (argv === null) {
        if (p.error !== null) {
          c.w.error('ERR ' + p.error);
          this.countError('ERR');
          c.closeAfterReply = true;
        }
        return;
      }
      this.processCommand(c, argv);
    }
  }

  /** Write pending replies: one socket write per processed batch. */
  flush(c: Client): void {
    // Replicas get the stream before the client gets its reply (as Redis writes them): an acknowledged write is already on its way.
    if (this.repl !== null) this.repl.flushReplicas();
    const s = c.socket;
    if (s === null) { c.w.take(); return; }
    const w = c.w, start = w.pendingStart, end = w.pendingEnd;
    if (end > start) {
      this.netOutput += end - start;
      if (!s.destroyed) writeOut(s, w.buf, start, end); // no Buffer view per reply batch
      w.taken();
    }
    if (c.closeAfterReply && !c.closed) {
      c.closed = true;
      // Like Redis: close the socket (not just half-close) once the reply is written.
      s.end(() => s.destroy());
      setTimeout(() => s.destroy(), 1000).unref();
    }
  }

  freeClient(c: Client): void {
    if (!this.clients.has(c.id)) return;
    c.closed = true;
    this.clients.delete(c.id);
    this.unwatchAll(c);
    this.unsubscribeAll(c);
    this.monitors.delete(c);
    this.pausedClients.delete(c);
    for (const h of this.clientCloseHooks) h(c);
  }

  killClient(c: Client): void {
    if (c.socket) { c.closed = true; c.socket.destroy(); }
    this.freeClient(c);
  }

  // ---------------------------------------------------------------------
  // dispatch

  /** Resolve argv to a command (handles subcommands and restricted commands). */
  lookup(argv: string[]): Command | string {
    const top = lookupTop(argv[0]);
    if (top === undefined || (!this.allowRestricted && RESTRICTED_COMMANDS.has(top.name))) return E.UNKNOWN_CMD(argv[0], argv.slice(1));
    if (top.subcommands && argv.length >= 2) {
      const sub = top.subcommands.get(argv[1].toLowerCase());
      if (sub === undefined || sub.handler === undefined) {
        if (!top.handler && !hasAnyHandler(top)) return E.UNKNOWN_CMD(argv[0], argv.slice(1));
        return E.UNKNOWN_SUBCMD(argv[1], top.name);
      }
      return sub;
    }
    if (top.handler === undefined) {
      if (top.subcommands && hasAnyHandler(top)) return E.ARITY(top.fullname);
      return E.UNKNOWN_CMD(argv[0], argv.slice(1));
    }
    return top;
  }

  private reject(c: Client, msg: string, cmd?: Command): void {
    if (cmd) cmd.rejectedCalls++;
    if (cmd && cmd.name === 'exec' && c.inMulti) {
      // execCommandAbort(): the transaction is discarded with the reason.
      c.inMulti = false; c.multiQueue = []; c.multiDirty = false;
      this.unwatchAll(c);
      c.w.error('EXECABORT Transaction discarded because of: ' + msg);
      this.countError('EXECABORT');
      return;
    }
    if (c.inMulti) c.multiDirty = true;
    c.w.error(msg);
    this.countError(msg);
  }

  countError(msg: string): void {
    const sp = msg.indexOf(' ');
    const prefix = sp < 0 ? msg : msg.slice(0, sp);
    this.totalErrors++;
    this.errorStats.set(prefix, (this.errorStats.get(prefix) ?? 0) + 1);
  }

  processCommand(c: Client, argv: string[]): void {
    if (c.replyMode !== CLIENT_REPLY_ON) c.w.mute = c.replyMode === CLIENT_REPLY_OFF || c.replyMode === CLIENT_REPLY_SKIP;
    const r = this.lookup(argv);
    // Redis sets lastcmd at lookup: CLIENT INFO names itself; inside EXEC it stays "exec".
    c.lastCmd = typeof r === 'string' ? 'NULL' : r.fullname;
    if (typeof r === 'string') { this.reject(c, r); this.afterReply(c); return; }
    const cmd = r;
    const arity = cmd.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) {
      this.reject(c, E.ARITY(cmd.fullname), cmd);
      this.afterReply(c);
      return;
    }
    // Our replicas present the replication secret first: it authenticates the link whatever the ACL users are.
    if (cmd.name === 'replconf' && argv.length === 3 && this.opts.replicationSecret && argv[1].toLowerCase() === 'auth-secret') { this.call(c, cmd, argv); this.afterReply(c); return; }
    if (!c.authenticated && this.acl.authRequired && !(cmd.flags & F.NO_AUTH)) { this.reject(c, E.NOAUTH, cmd); this.afterReply(c); return; }
    if (c.inMulti && (cmd.flags & F.NO_MULTI)) { this.reject(c, 'ERR Command not allowed inside a transaction', cmd); this.afterReply(c); return; }
    if (!c.user.unrestricted) {
      const denied = this.acl.check(c, cmd, argv, c.inMulti ? CTX_MULTI : CTX_TOPLEVEL);
      if (denied !== null) { this.reject(c, aclDeniedMessage(denied.code, cmd), cmd); this.afterReply(c); return; }
    }
    const top = cmd.parent ?? cmd;
    const flags = this.flagsOf(cmd, argv);
    if (this.ks.evict.maxmemory > 0 && !c.noEvict && this.busyReply === null) {
      let denyoom = (flags & F.DENYOOM) !== 0;
      if (top.name === 'exec') for (const q of c.multiQueue) if (q.cmd.flags & F.DENYOOM) denyoom = true;
      if (c.inMulti && !EXEC_LIKE.has(top.name)) denyoom = true;
      if (c.inMulti && (top.name === 'watch' || top.name === 'multi')) denyoom = false;
      this.ks.clockMark = 0; // eviction time is not the command's
      const ev = this.ks.evictedKeys, t0 = this.latencyThreshold ? performance.now() : 0;
      const ok = this.ks.performEvictions();
      if (this.latencyThreshold && this.ks.evictedKeys !== ev) latencySampleIfNeeded(this, 'eviction-cycle', Math.trunc(performance.now() - t0));
      if (!ok && denyoom) { this.reject(c, E.OOM, cmd); this.afterReply(c); return; }
    }
    if (this.tracking !== null) this.tracking.limitUsedSlots();
    if (this.minReplicasToWrite > 0 && !this.goodReplicasOk()) {
      // A write (or an EXEC queueing one) needs enough good replicas (Redis checkGoodReplicasStatus).
      const write = (flags & F.WRITE) !== 0 || (top.name === 'exec' && c.multiQueue.some((q) => (this.flagsOf(q.cmd, q.argv) & F.WRITE) !== 0));
      if (write) { this.reject(c, E.NOREPLICAS, cmd); this.afterReply(c); return; }
    }
    if (c.inPubSubContext && !PUBSUB_ALLOWED.has(top.name)) {
      this.reject(c, E.SUBSCRIBE_CONTEXT(cmd.fullname), cmd);
      this.afterReply(c);
      return;
    }
    if (this.readOnlyReplica && (flags & F.WRITE) && c !== this.masterClient) {
      this.reject(c, E.READONLY_REPLICA, cmd);
      this.afterReply(c);
      return;
    }
    if (this.busyReply !== null && !(cmd.flags & F.ALLOW_BUSY)) { this.reject(c, this.busyReply, cmd); this.afterReply(c); return; }
    // CLIENT PAUSE holds the command after all checks that reject it (a wrong arity still gets its error at once).
    if (this.pauseEnd && c !== this.masterClient && this.isPausedFor(c, cmd, argv)) { c.pausedArgv = argv; this.pausedClients.add(c); return; }
    if (c.inMulti && !EXEC_LIKE.has(top.name)) {
      c.multiQueue.push({ cmd, argv });
      c.w.simple('QUEUED');
      this.afterReply(c);
      return;
    }
    this.call(c, cmd, argv);
    if (this.afterCommand !== null) this.afterCommand();
    this.afterReply(c);
  }

  /** Execute a resolved command with stats, propagation, slowlog and MONITOR. */
  call(c: Client, cmd: Command, argv: string[]): void {
    // A script's redis.call is checked against the caller's ACL user before it gets here (scripting/call.ts).
    const ks = this.ks;
    const dirty = ks.dirty;
    const froze = !ks.frozen;
    if (froze) ks.freeze();
    const prevCurrent = this.current;
    this.current = c;
    c.propagated = false;
    if (this.tracking !== null && prevCurrent === null) this.tracking.beforeCall(c, cmd, argv);
    const errs = this.totalErrors;
    const w = c.w;
    const errMark = w.errors;
    // A top-level command inside an input batch starts where the previous one ended (see ks.clockMark).
    const batch = !froze && prevCurrent === null;
    const t0 = batch && ks.clockMark !== 0 ? ks.clockMark : performance.now();
    cmd.handler!(c, argv);
    const t1 = performance.now();
    if (batch) ks.clockMark = t1;
    const usec = ((t1 - t0) * 1000 + 0.5) | 0;
    if (froze) ks.unfreeze();
    this.current = prevCurrent;
    cmd.calls++;
    cmd.usec += usec;
    this.totalCommands++;
    if (this.latencyTracking && !c.blocked) recordCommandLatency(cmd, usec);
    if (this.latencyThreshold) latencySampleIfNeeded(this, cmd.flags & F.FAST ? 'fast-command' : 'command', Math.trunc(usec / 1000));
    if (w.errors !== errMark) {
      cmd.failedCalls++;
      if (this.totalErrors === errs && w.lastError) this.countError(w.lastError);
    }
    if (ks.dirty !== dirty && !c.propagated) ks.propagate(c.db.id, argv);
    if (this.tracking !== null) this.tracking.afterCall(c, cmd, argv, prevCurrent);
    if (!(cmd.flags & F.SKIP_SLOWLOG)) {
      // A command that blocked is logged when it is served or times out (updateStatsOnUnblock).
      if (c.blocked) this.slowlogBlocked.set(c, { argv: redactArgv(cmd, argv), usec });
      else if (usec >= this.slowlogSlower && this.slowlogSlower >= 0) this.slowlogPush(c, redactArgv(cmd, argv), usec);
    }
    if (this.monitors.size && !(cmd.flags & (F.SKIP_MONITOR | F.ADMIN))) { this.feedMonitors(c, redactArgv(cmd, argv)); ks.clockMark = 0; }
  }

  /** Reply-mode bookkeeping after each command (CLIENT REPLY SKIP/OFF). */
  private afterReply(c: Client): void {
    if (c.replyMode === CLIENT_REPLY_ON) { c.w.mute = false; return; }
    if (c.replyMode === CLIENT_REPLY_SKIP_NEXT) { c.w.mute = false; c.replyMode = CLIENT_REPLY_SKIP; return; }
    if (c.replyMode === CLIENT_REPLY_SKIP) { c.w.mute = false; c.replyMode = CLIENT_REPLY_ON; return; }
    c.w.mute = false;
  }

  /**
   * Replace what the current command propagates (e.g. SET EX → SET PXAT).
   * Call any number of times; each call emits one command.
   */
  propagate(c: Client, argv: string[]): void {
    c.propagated = true;
    this.ks.propagate(c.db.id, argv);
  }

  private readonly slowlogBlocked = new WeakMap<Client, { argv: string[]; usec: number }>();
  /** blocking.ts: the client's blocked command was served or timed out (`usec`: its whole duration, MIGRATE). */
  slowlogUnblocked(c: Client, usec?: number): void {
    const p = this.slowlogBlocked.get(c);
    if (p === undefined) return;
    this.slowlogBlocked.delete(c);
    if (usec !== undefined) p.usec = usec;
    if (p.usec >= this.slowlogSlower && this.slowlogSlower >= 0) this.slowlogPush(c, p.argv, p.usec);
  }
  private slowlogPush(c: Client, argv: string[], usec: number): void {
    const args = argv.slice(0, 32).map((a) => (a.length > 128 ? a.slice(0, 128) + `... (${a.length - 128} more bytes)` : a));
    if (argv.length > 32) args[31] = `... (${argv.length - 31} more arguments)`;
    this.slowlog.unshift({ id: this.slowlogId++, time: Math.floor(Date.now() / 1000), usec, argv: args, addr: c.addr, name: c.name });
    while (this.slowlog.length > this.slowlogMax) this.slowlog.pop();
  }

  feedMonitors(c: Client, argv: string[]): void {
    const now = Date.now();
    const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
    const line = `+${ts} [${c.db.id} ${c.addr}] ${argv.map(reprArg).join(' ')}\r\n`;
    for (const m of this.monitors) { if (m === c) continue; m.w.rawStr(line); this.flush(m); }
  }

  // ---------------------------------------------------------------------
  // WATCH

  watch(c: Client, key: string): void {
    let keys = c.watched.get(c.db);
    if (!keys) { keys = new Map(); c.watched.set(c.db, keys); }
    if (keys.has(key)) return;
    const e = c.db.peek(key);
    keys.set(key, e !== undefined && e.expireAt !== 0 && e.expireAt <= Date.now());
    let m = this.watchedKeys.get(c.db);
    if (!m) { m = new Map(); this.watchedKeys.set(c.db, m); }
    let s = m.get(key);
    if (!s) { s = new Set(); m.set(key, s); }
    s.add(c);
  }
  unwatchAll(c: Client): void {
    for (const [db, keys] of c.watched) {
      const m = this.watchedKeys.get(db);
      if (!m) continue;
      for (const k of keys.keys()) { const s = m.get(k); if (s) { s.delete(c); if (s.size === 0) m.delete(k); } }
      if (m.size === 0) this.watchedKeys.delete(db);
    }
    c.watched.clear();
    c.watchDirty = false;
  }
  touchWatchedKey(db: Db, key: string): void {
    if (this.watchedKeys.size === 0) return; // fast path: nobody WATCHes
    const s = this.watchedKeys.get(db)?.get(key);
    if (s) for (const c of s) {
      const keys = c.watched.get(db);
      if (keys && keys.get(key)) {
        // key was already expired when WATCHed: its deletion is not a change
        if (db.peek(key) === undefined) { keys.set(key, false); continue; }
      }
      c.watchDirty = true;
    }
  }
  /** EXEC: a watched key that was live at WATCH time is now logically expired. */
  isWatchedKeyExpired(c: Client): boolean {
    const now = this.ks.now();
    for (const [db, keys] of c.watched) for (const [k, wasExpired] of keys) {
      if (wasExpired) continue;
      const e = db.peek(k);
      if (e && e.expireAt !== 0 && e.expireAt <= now) return true;
    }
    return false;
  }
  /** FLUSHDB/FLUSHALL/SWAPDB: touch watched keys that exist (or all when `all`). */
  touchAllWatched(db: Db, onlyExisting: boolean): void {
    const m = this.watchedKeys.get(db);
    if (!m) return;
    for (const [k, s] of m) if (!onlyExisting || db.peek(k)) for (const c of s) c.watchDirty = true;
  }

  // ---------------------------------------------------------------------
  // Pub/Sub core

  /** Deliver a message; returns the number of receivers. */
  publish(channel: string, message: string, shard = false): number {
    let n = 0;
    const subs = shard ? this.shardChannels.get(channel) : this.channels.get(channel);
    if (subs) for (const c of subs) {
      const m = c.w.mute; c.w.mute = false;
      c.w.pushLen(3); c.w.bulk(shard ? 'smessage' : 'message'); c.w.bulk(channel); c.w.bulk(message);
      c.w.mute = m;
      if (c !== this.current) this.flush(c);
      n++;
    }
    if (!shard && this.patterns.size) for (const [pat, set] of this.patterns) {
      if (!globMatch(pat, channel)) continue;
      for (const c of set) {
        const m = c.w.mute; c.w.mute = false;
        c.w.pushLen(4); c.w.bulk('pmessage'); c.w.bulk(pat); c.w.bulk(channel); c.w.bulk(message);
        c.w.mute = m;
        if (c !== this.current) this.flush(c);
        n++;
      }
    }
    this.pubsubMessages++;
    return n;
  }

  unsubscribeAll(c: Client): void {
    for (const ch of c.channels) { const s = this.channels.get(ch); s?.delete(c); if (s && !s.size) this.channels.delete(ch); }
    for (const p of c.patterns) { const s = this.patterns.get(p); s?.delete(c); if (s && !s.size) this.patterns.delete(p); }
    for (const ch of c.shardChannels) { const s = this.shardChannels.get(ch); s?.delete(c); if (s && !s.size) this.shardChannels.delete(ch); }
    c.channels.clear(); c.patterns.clear(); c.shardChannels.clear();
  }

  /**
   * Keyspace notification (Redis notifyKeyspaceEvent). `type` is a NOTIFY_*
   * class bit; nothing is published unless notify-keyspace-events enables it.
   */
  notify(type: number, event: string, key: string, dbid: number): void {
    const f = this.notifyFlags;
    if (f === 0 || !(f & type)) return;
    if (f & 1 /* K */) this.publish(`__keyspace@${dbid}__:${key}`, event);
    if (f & 2 /* E */) this.publish(`__keyevent@${dbid}__:${event}`, key);
  }

  // ---------------------------------------------------------------------
  // CLIENT PAUSE

  private isPausedFor(c: Client, r: Command, argv: string[]): boolean {
    if (Date.now() >= this.pauseEnd) { this.unpause(); return false; }
    if (this.pauseAll) return true;
    const top = r.parent ?? r;
    // EXEC is held when a queued command may replicate; a queued write is held too (Redis checks before queueing).
    if (top.name === 'exec') return c.multiQueue.some((q) => (this.flagsOf(q.cmd, q.argv) & (F.WRITE | F.MAY_REPLICATE)) !== 0);
    return (this.flagsOf(r, argv) & (F.WRITE | F.MAY_REPLICATE)) !== 0;
  }
  /** checkGoodReplicasStatus: a replica, or min-replicas-* off, or enough replicas ACKed within the lag. */
  goodReplicasOk(): boolean {
    if (this.minReplicasToWrite <= 0 || this.minReplicasMaxLag <= 0) return true;
    const r = this.repl;
    if (r !== null && r.link !== null) return true;
    return (r?.goodReplicas ?? 0) >= this.minReplicasToWrite;
  }
  /** getCommandFlags: a script's shebang / a function's flags replace EVAL's and FCALL's (no-writes is not held). */
  private flagsOf(cmd: Command, argv: string[]): number {
    return Server.dynamicFlags !== null && (cmd.flags & F.NOSCRIPT) ? Server.dynamicFlags(this, cmd, argv) : cmd.flags;
  }
  pause(ms: number, all: boolean): void {
    const end = Date.now() + ms;
    if (this.pauseEnd && !all && this.pauseAll && end < this.pauseEnd) { /* keep stronger */ }
    this.pauseEnd = Math.max(this.pauseEnd, end);
    this.pauseAll = all || (this.pauseAll && this.pauseEnd > Date.now());
    this.ks.expiryPaused = true;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.unpause(), Math.max(0, this.pauseEnd - Date.now()));
  }
  unpause(): void {
    this.pauseEnd = 0;
    this.pauseAll = false;
    this.ks.expiryPaused = false;
    if (this.pauseTimer) { clearTimeout(this.pauseTimer); this.pauseTimer = null; }
    const list = [...this.pausedClients];
    this.pausedClients.clear();
    for (const c of list) {
      const argv = c.pausedArgv;
      c.pausedArgv = null;
      if (argv && !c.closed) { this.processCommand(c, argv); this.processInput(c); this.flush(c); }
    }
  }

  // ---------------------------------------------------------------------
  // cron

  startTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.cron(), Math.max(2, Math.floor(1000 / this.hz)));
    this.timer.unref();
  }
  stopTimers(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    for (const h of this.stopHooks) h();
  }
  /** Active expiry over all DBs with a time budget (25% of the cron period), idle timeouts. */
  activeExpireEnabled = true;
  private cron(): void {
    this.cronCount++;
    if (this.activeExpireEnabled && !this.ks.expiryPaused) {
      const t0 = performance.now();
      const deadline = Date.now() + Math.max(1, Math.floor(250 / this.hz));
      this.ks.freeze();
      for (const db of this.ks.dbs) db.activeExpire(deadline);
      this.ks.unfreeze();
      if (this.latencyThreshold) latencySampleIfNeeded(this, 'expire-cycle', Math.trunc(performance.now() - t0));
    }
    if (this.timeoutSec > 0 && this.cronCount % this.hz === 0) {
      const limit = Date.now() - this.timeoutSec * 1000;
      for (const c of this.clients.values()) {
        if (c.lastInteraction < limit && c.subscriptionCount === 0 && !c.blocked && !c.monitor && c !== this.masterClient) this.killClient(c);
      }
    }
    if (this.ks.evict.maxmemory > 0) this.ks.performEvictions();
    if (this.tracking !== null) this.tracking.limitUsedSlots();
  }

  /** SHUTDOWN succeeded: replicas get what is buffered, then the node stops serving (Redis exits here). */
  shutdownNow(info: { saved: boolean }): void {
    this.shutDown = true;
    if (this.repl !== null) this.repl.flushReplicas();
    this.stopTimers();
    if (this.onShutdown !== null) this.onShutdown(info);
    else for (const c of [...this.clients.values()]) this.killClient(c);
  }

  // ---------------------------------------------------------------------
  flushAll(): void {
    for (const db of this.ks.dbs) { this.touchAllWatched(db, true); db.clear(); }
    this.ks.usedMemory = 0;
    this.ks.signalFlushed();
  }

  allCommands(): Command[] { return [...TABLE.values()]; }

  /** Engine version as INFO reports it ("7.1" → "7.1.0"; default 7.0.15). */
  versionString(): string {
    const v = this.opts.engineVersion;
    if (!v) return this.opts.engine === 'valkey' ? '7.2.4' : '7.0.15';
    return v.split('.').length === 2 ? v + '.0' : v;
  }
  /** HELLO "version": Valkey answers its own version, Redis its redis_version. */
  versionForHello(): string { return this.versionString(); }
}

function hasAnyHandler(c: Command): boolean {
  if (c.subcommands) for (const s of c.subcommands.values()) if (s.handler) return true;
  return false;
}

// Notification class bits (mirrors config NOTIFY)
export const NOTIFY_GENERIC = 4, NOTIFY_STRING = 8, NOTIFY_LIST = 16, NOTIFY_SET = 32, NOTIFY_HASH = 64,
  NOTIFY_ZSET = 128, NOTIFY_EXPIRED = 256, NOTIFY_EVICTED = 512, NOTIFY_STREAM = 1024, NOTIFY_KEY_MISS = 2048,
  NOTIFY_MODULE = 4096, NOTIFY_NEW = 8192;

export { CLIENT_REPLY_OFF, CLIENT_REPLY_ON, CLIENT_REPLY_SKIP, CLIENT_REPLY_SKIP_NEXT };
