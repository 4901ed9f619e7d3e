/**
 * Replication state of one node (Redis replication.c), master side:
 * replid/replid2, master_repl_offset, the backlog, attached replicas, the
 * propagation feed (SELECT when the db changes, MULTI/EXEC kept), PSYNC
 * (full and partial), REPLCONF ACK bookkeeping, PINGs and WAIT.
 *
 * The replica side (link to a master) lives in replica.ts; both share this
 * object because a promoted replica keeps its replid/offset/backlog.
 */
import crypto from 'node:crypto';
import type { Server } from '../server.js';
import type { Client } from '../client.js';
import { Backlog } from './backlog.js';
import { makeSnapshot } from './snapshot.js';
import { MasterLink } from './replica.js';

export interface ReplicaConn {
  c: Client;
  ip: string;
  port: number;
  /** 'wait_bgsave' | 'send_bulk' | 'online' */
  state: string;
  ackOffset: number;
  ackTime: number;
  capaEof: boolean;
  capaPsync2: boolean;
  /** socket.bytesWritten right after the RDB payload: only stream bytes past it count against the output limit. */
  rdbEnd: number;
  /** When the stream backlog on this socket first passed the soft limit (0: it is under). */
  softSince: number;
}

export interface ReplicationInfo {
  role: 'master' | 'replica';
  offset: number;
  linkUp: boolean;
  replicas: { host: string; port: number; offset: number; lag: number }[];
  /** Replica: seconds since the link to the master went down (-1 while up). */
  linkDownSeconds: number;
  /** Replica: the link is cut on purpose (partition) and does not reconnect until healed. */
  partitioned: boolean;
  /** Replica: commands from the master this engine could not apply; the dataset may differ until a full resync. */
  outOfSync: boolean;
  unappliedCommands: number;
}

/** client-output-buffer-limit for one client class (bytes, bytes, seconds; 0 = no limit). */
export interface OutputLimit { hard: number; soft: number; softSeconds: number }

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 };
const toBytes = (v: string) => { const m = /^(\d+)([a-z]*)$/i.exec(v); return m && UNITS[m[2].toLowerCase()] !== undefined ? Number(m[1]) * UNITS[m[2].toLowerCase()] : 0; };

/** The replica class of `client-output-buffer-limit` ("normal 0 0 0 slave 268435456 67108864 60 pubsub ..."). */
export function replicaOutputLimit(value: string): OutputLimit {
  const w = value.trim().split(/\s+/);
  for (let i = 0; i + 3 < w.length; i += 4) {
    const cls = w[i].toLowerCase();
    if (cls === 'slave' || cls === 'replica') return { hard: toBytes(w[i + 1]), soft: toBytes(w[i + 2]), softSeconds: Number(w[i + 3]) || 0 };
  }
  return { hard: 268435456, soft: 67108864, softSeconds: 60 };
}

interface WaitState { c: Client; offset: number; numreplicas: number; timer: NodeJS.Timeout | null; timeout(c: Client): void; cancel(c: Client): void }

const ZERO_ID = '0000000000000000000000000000000000000000';

export function encodeCommand(argv: string[]): Buffer {
  let len = 1 + String(argv.length).length + 2;
  for (const a of argv) len += 1 + String(a.length).length + 2 + a.length + 2;
  const b = Buffer.allocUnsafe(len);
  let o = b.write(`*${argv.length}\r\n`, 0, 'latin1');
  for (const a of argv) {
    o += b.write(`$${a.length}\r\n`, o, 'latin1');
    o += b.write(a, o, 'latin1');
    o += b.write('\r\n', o, 'latin1');
  }
  return b;
}

/** Per-connection replication flags (kept out of Client to stay off the hot path). */
export const replSecretOk = new WeakSet<Client>();
const replicaPorts = new WeakMap<Client, { port: number; ip: string; eof: boolean; psync2: boolean }>();

export class Replication {
  replid = crypto.randomBytes(20).toString('hex');
  replid2 = ZERO_ID;
  offset = 0;
  secondOffset = -1;
  backlog: Backlog | null = null;
  readonly replicas = new Map<Client, ReplicaConn>();
  /** Db of the last SELECT in the stream (-1: emit SELECT before the next command). */
  private seldb = -1;
  private pingTimer: NodeJS.Timeout | null = null;
  private lastPing = Date.now();
  private readonly waiting = new Set<WaitState>();
  private getackPending = false;
  /** Link to our master when this node is a replica. */
  link: MasterLink | null = null;
  /** INFO stats sync_full / sync_partial_ok / sync_partial_err. */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  /** Replicas dropped for overcoming client-output-buffer-limit replica. */
  outputLimitDisconnects = 0;
  /** Online replicas that ACKed within min-replicas-max-lag (repl_good_slaves_count; refreshed once a second). */
  goodReplicas = 0;
  /** A partition cuts the link to the master (kept across REPLICAOF) until healed. */
  partitioned = false;
  /** Warnings as redis-server would log them (newest last, bounded); `onWarning` sees each one. */
  readonly warnings: string[] = [];
  onWarning: ((message: string) => void) | null = null;

  constructor(readonly server: Server) {
    server.ks.propagateHooks.push((db, argv) => this.feed(db, argv));
    server.clientCloseHooks.push((c) => this.onClientClose(c));
    server.config.listeners.push((name, value) => {
      if (name === 'repl-backlog-size' && this.backlog) this.backlog.resize(Number(value), this.offset);
      if (name === 'replica-read-only' && this.link) this.server.readOnlyReplica = value !== 'no';
    });
  }

  get isReplica(): boolean { return this.link !== null; }

  // ---------------------------------------------------------------- feed
  /** ks.propagateHooks: a command to replicate (ignored on a replica: the master's stream is proxied instead). */
  feed(db: number, argv: string[]): void {
    if (this.backlog === null || this.link !== null) return;
    if (db !== this.seldb) {
      this.feedRaw(encodeCommand(['SELECT', String(db)]));
      this.seldb = db;
    }
    this.feedRaw(encodeCommand(argv));
  }

  /** Stream bytes not yet written to the replicas (coalesced: one socket write per replica per tick). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;

  /** Append exact stream bytes: backlog, offset, every attached replica. */
  feedRaw(b: Buffer): void {
    if (this.backlog === null) return;
    this.backlog.append(b);
    this.offset += b.length;
    if (this.replicas.size === 0) return;
    this.pending.push(b);
    this.pendingBytes += b.length;
    if (!this.flushScheduled) { this.flushScheduled = true; setImmediate(() => this.flushReplicas()); }
  }

  /** Write the pending stream to every attached replica. */
  flushReplicas(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const out = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    for (const r of [...this.replicas.values()]) {
      const s = r.c.socket;
      if (s && !s.destroyed) { s.write(out); this.server.netOutput += out.length; this.checkOutputLimit(r); }
    }
  }

  /** Redis checkClientOutputBufferLimits for a replica: over the hard limit, or over the soft one for too long, it is dropped. */
  private checkOutputLimit(r: ReplicaConn): boolean {
    const s = r.c.socket;
    if (!s || s.destroyed) return false;
    const flushed = s.bytesWritten - s.writableLength;
    const queued = s.bytesWritten - Math.max(flushed, r.rdbEnd);
    const limit = replicaOutputLimit(this.server.config.get('client-output-buffer-limit') ?? '');
    let over = limit.hard > 0 && queued >= limit.hard;
    if (!over && limit.soft > 0 && queued >= limit.soft) {
      if (r.softSince === 0) r.softSince = Date.now();
      else over = Date.now() - r.softSince >= limit.softSeconds * 1000;
    } else if (queued < limit.soft) r.softSince = 0;
    if (!over) return false;
    this.warn(`Client id=${r.c.id} addr=${r.c.addr} flags=S scheduled to be closed ASAP for overcoming of output buffer limits.`);
    this.outputLimitDisconnects++;
    this.server.killClient(r.c);
    return true;
  }

  warn(message: string): void {
    this.warnings.push(message);
    if (this.warnings.length > 100) this.warnings.shift();
    this.onWarning?.(message);
  }

  createBacklog(): void {
    if (this.backlog) return;
    this.backlog = new Backlog(this.server.config.num('repl-backlog-size') || 1048576, this.offset);
    this.seldb = -1;
    this.startPing();
  }

  private startPing(): void {
    if (this.pingTimer) return;
    this.pingTimer = setInterval(() => this.cron(), 1000);
    this.pingTimer.unref();
  }

  stop(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    for (const w of [...this.waiting]) this.finishWait(w);
    this.link?.stop();
  }

  private cron(): void {
    // Drop replicas that stopped ACKing (Redis: "Disconnecting timedout replica").
    const tmo = (this.server.config.num('repl-timeout') || 60) * 1000;
    for (const r of [...this.replicas.values()]) {
      if (Date.now() - r.ackTime > tmo) this.server.killClient(r.c);
      else this.checkOutputLimit(r); // the soft limit is about time, even when nothing new is written
    }
    this.refreshGoodReplicas();
    const period = (this.server.config.num('repl-ping-replica-period') || 10) * 1000;
    if (this.link === null && this.replicas.size > 0 && Date.now() - this.lastPing >= period) {
      this.lastPing = Date.now();
      this.feed(this.seldb < 0 ? 0 : this.seldb, ['PING']);
    }
    this.link?.cron();
  }

  // ---------------------------------------------------------------- PSYNC / SYNC
  /** PSYNC replid offset / SYNC (argv[0] = 'sync'). */
  psync(c: Client, argv: string[]): void {
    if (this.replicas.has(c)) return; // already a replica: ignore (Redis does the same)
    this.flushReplicas(); // what the others still owe is already in the snapshot / backlog for this one
    if (this.link !== null && !this.link.up) { c.w.error('NOMASTERLINK Can\'t SYNC while not connected with my master'); return; }
    const info = replicaPorts.get(c);
    const isPsync = argv[0].toLowerCase() === 'psync';
    if (isPsync) {
      const id = argv[1], off = Number(argv[2]);
      if (this.tryPartial(c, id, off, info?.psync2 ?? false)) { this.syncPartialOk++; return; }
      if (id !== '?') this.syncPartialErr++;
    }
    // Full resync.
    if (this.backlog === null) {
      // Redis: a fresh backlog gets a fresh replication id (no one can continue the old history).
      if (this.link === null && this.replicas.size === 0) { this.replid = crypto.randomBytes(20).toString('hex'); this.replid2 = ZERO_ID; this.secondOffset = -1; }
      this.createBacklog();
    }
    this.syncFull++;
    if (isPsync) c.w.simple(`FULLRESYNC ${this.replid} ${this.offset}`);
    this.server.flush(c);
    const aux: Record<string, string> = {
      'redis-ver': this.server.versionString(), 'redis-bits': '64', ctime: String(Math.floor(Date.now() / 1000)),
      'used-mem': String(this.server.ks.usedMemory), 'repl-stream-db': '0', 'repl-id': this.replid,
      'repl-offset': String(this.offset), 'aof-base': '0',
    };
    const rdb = makeSnapshot(this.server, aux);
    const s = c.socket;
    if (s && !s.destroyed) {
      s.write(`$${rdb.length}\r\n`, 'latin1');
      s.write(rdb);
      this.server.netOutput += rdb.length;
    }
    // Force SELECT for the next command: the replica's selected db after loading is unknown.
    this.seldb = -1;
    this.attach(c, info);
  }

  private tryPartial(c: Client, id: string, off: number, psync2: boolean): boolean {
    if (this.backlog === null || !Number.isFinite(off)) return false;
    if (id !== this.replid && !(id === this.replid2 && off <= this.secondOffset)) return false;
    const data = this.backlog.from(off);
    if (data === null) return false;
    const s = c.socket;
    c.w.simple(psync2 ? `CONTINUE ${this.replid}` : 'CONTINUE');
    this.server.flush(c);
    if (s && !s.destroyed && data.length) { s.write(data); this.server.netOutput += data.length; }
    this.attach(c, replicaPorts.get(c));
    return true;
  }

  private attach(c: Client, info: { port: number; ip: string; eof: boolean; psync2: boolean } | undefined): void {
    const ip = c.addr.slice(0, c.addr.lastIndexOf(':')).replace(/^::ffff:/, '');
    this.replicas.set(c, {
      c, ip: info?.ip || ip, port: info?.port ?? 0, state: 'online', ackOffset: 0, ackTime: Date.now(),
      capaEof: info?.eof ?? false, capaPsync2: info?.psync2 ?? false, rdbEnd: c.socket?.bytesWritten ?? 0, softSince: 0,
    });
    this.refreshGoodReplicas();
  }

  /** refreshGoodSlavesCount: lag counted in whole seconds, as Redis's unixtime - repl_ack_time. */
  refreshGoodReplicas(): void {
    const s = this.server;
    if (s.minReplicasToWrite <= 0 || s.minReplicasMaxLag <= 0) return;
    const now = Math.floor(Date.now() / 1000);
    let good = 0;
    for (const r of this.replicas.values()) if (r.state === 'online' && now - Math.floor(r.ackTime / 1000) <= s.minReplicasMaxLag) good++;
    this.goodReplicas = good;
  }

  private onClientClose(c: Client): void {
    if (this.replicas.delete(c)) this.refreshGoodReplicas();
    if (this.link !== null && c === this.link.client) this.link.masterClientFreed();
    for (const w of this.waiting) if (w.c === c) { if (w.timer) clearTimeout(w.timer); this.waiting.delete(w); }
  }

  // ---------------------------------------------------------------- REPLCONF
  replconf(c: Client, argv: string[]): void {
    if (argv.length % 2 === 0) { c.w.error('ERR syntax error'); return; }
    let info = replicaPorts.get(c);
    if (!info) { info = { port: 0, ip: '', eof: false, psync2: false }; replicaPorts.set(c, info); }
    for (let i = 1; i < argv.length; i += 2) {
      const opt = argv[i].toLowerCase(), val = argv[i + 1];
      switch (opt) {
        case 'listening-port': {
          const p = Number(val);
          if (!/^\d+$/.test(val) || p > 65535) { c.w.error('ERR value is out of range'); return; }
          info.port = p;
          break;
        }
        case 'ip-address': info.ip = val; break;
        case 'capa': if (val.toLowerCase() === 'eof') info.eof = true; else if (val.toLowerCase() === 'psync2') info.psync2 = true; break;
        case 'ack': {
          const r = this.replicas.get(c);
          if (r) { const o = Number(val); if (o > r.ackOffset) r.ackOffset = o; r.ackTime = Date.now(); this.checkWaiting(); }
          return; // never replies
        }
        case 'getack': {
          // We are a replica and our master asks (it arrives on the master link, handled in replica.ts).
          if (this.link && c === this.link.client) this.link.sendAck();
          return;
        }
        case 'auth-secret': break; // checked by the command handler
        case 'rdb-only': case 'rdb-filter-only': break;
        default: c.w.error(`ERR Unrecognized REPLCONF option: ${argv[i]}`); return;
      }
    }
    c.w.ok();
  }

  // ---------------------------------------------------------------- WAIT
  wait(c: Client, numreplicas: number, timeoutMs: number): void {
    if (this.link !== null) { c.w.error('ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.'); return; }
    const target = this.offset;
    const acked = this.countAcked(target);
    if (acked >= numreplicas || c.inMulti || this.server.execDepth > 0) { c.w.int(acked); return; }
    const self = this;
    const w: WaitState = {
      c, offset: target, numreplicas, timer: null,
      timeout(cl: Client) { self.finishWait(w); void cl; },
      cancel() { if (w.timer) clearTimeout(w.timer); self.waiting.delete(w); },
    };
    this.waiting.add(w);
    c.blocked = w;
    if (timeoutMs > 0) { w.timer = setTimeout(() => this.finishWait(w), timeoutMs); w.timer.unref(); }
    this.requestAcks();
  }

  private countAcked(offset: number): number {
    let n = 0;
    for (const r of this.replicas.values()) if (r.ackOffset >= offset) n++;
    return n;
  }

  /** Send REPLCONF GETACK * once (coalesced per tick, like Redis's beforeSleep). */
  requestAcks(): void {
    if (this.getackPending) return;
    this.getackPending = true;
    setImmediate(() => {
      this.getackPending = false;
      if (this.replicas.size) this.feed(this.seldb < 0 ? 0 : this.seldb, ['REPLCONF', 'GETACK', '*']);
    });
  }

  private checkWaiting(): void {
    for (const w of [...this.waiting]) if (this.countAcked(w.offset) >= w.numreplicas) this.finishWait(w);
  }

  private finishWait(w: WaitState): void {
    if (!this.waiting.delete(w)) return;
    if (w.timer) clearTimeout(w.timer);
    const c = w.c;
    if (c.blocked === w) c.blocked = null;
    if (c.closed) return;
    c.w.int(this.countAcked(w.offset));
    const s = this.server;
    s.ks.freeze();
    try { s.processInput(c); } finally { s.ks.unfreeze(); }
    s.flush(c);
  }

  // ---------------------------------------------------------------- role changes
  /** REPLICAOF host port. */
  replicaOf(host: string, port: number, opts: { masterAuth?: string; masterUser?: string } = {}): void {
    if (this.link && this.link.host === host && this.link.port === port) return;
    const wasMaster = this.link === null;
    this.link?.stop();
    // What the replicas are owed goes out before they are dropped: a write a client saw acknowledged is not lost by the switch.
    this.flushReplicas();
    if (wasMaster) {
      // Our own history becomes the cached master (Redis replicationCacheMasterUsingMyself): PSYNC from our offset.
      for (const r of [...this.replicas.keys()]) this.server.killClient(r);
      for (const w of [...this.waiting]) this.finishWait(w);
    }
    this.link = new MasterLink(this, host, port, opts.masterAuth, opts.masterUser);
    this.server.readOnlyReplica = this.server.config.get('replica-read-only') !== 'no';
    this.server.activeExpireEnabled = false;
    this.startPing();
    if (this.partitioned) this.link.pause();
    this.link.start();
  }

  /** Cut (true) or restore (false) the link to the master; a replica keeps serving reads meanwhile. */
  setPartitioned(on: boolean): void {
    this.partitioned = on;
    if (on) this.link?.pause();
    else this.link?.resume();
  }

  /** REPLICAOF NO ONE. */
  promote(): void {
    if (this.link === null) return;
    this.link.stop();
    this.link = null;
    this.server.readOnlyReplica = false;
    this.server.masterClient = null;
    this.server.activeExpireEnabled = true;
    // shiftReplicationId(): keep the old history reachable for partial resyncs.
    this.replid2 = this.replid;
    this.secondOffset = this.offset + 1;
    this.replid = crypto.randomBytes(20).toString('hex');
    this.seldb = -1;
    // Sub-replicas must reconnect to learn the new id (Redis disconnects them too).
    this.flushReplicas();
    for (const r of [...this.replicas.keys()]) this.server.killClient(r);
  }

  /** Called by MasterLink after a full resync: adopt the master's history. */
  adoptMaster(replid: string, offset: number): void {
    this.replid = replid;
    this.replid2 = ZERO_ID;
    this.secondOffset = -1;
    this.offset = offset;
    this.backlog = null;
    this.createBacklog();
    for (const r of [...this.replicas.keys()]) this.server.killClient(r);
  }
  /** +CONTINUE with a new id (the master was promoted meanwhile). */
  switchId(newId: string): void {
    if (newId === this.replid) return;
    this.replid2 = this.replid;
    this.secondOffset = this.offset + 1;
    this.replid = newId;
    for (const r of [...this.replicas.keys()]) this.server.killClient(r);
  }

  // ---------------------------------------------------------------- reports
  role(c: Client): void {
    const w = c.w;
    if (this.link) {
      w.arrayLen(5); w.bulk('slave'); w.bulk(this.link.host); w.int(this.link.port); w.bulk(this.link.stateName()); w.int(this.link.up ? this.offset : -1);
      return;
    }
    w.arrayLen(3); w.bulk('master'); w.int(this.offset);
    const rs = [...this.replicas.values()].filter((r) => r.state === 'online');
    w.arrayLen(rs.length);
    for (const r of rs) { w.arrayLen(3); w.bulk(r.ip); w.bulk(String(r.port)); w.bulk(String(r.ackOffset)); }
  }

  info(): string {
    const L: [string, string | number][] = [];
    const cfg = this.server.config;
    if (this.link) {
      const l = this.link;
      L.push(['role', 'slave'], ['master_host', l.host], ['master_port', l.port], ['master_link_status', l.up ? 'up' : 'down'],
        ['master_last_io_seconds_ago', l.up ? Math.floor((Date.now() - l.lastIo) / 1000) : -1], ['master_sync_in_progress', l.syncing ? 1 : 0],
        ['slave_read_repl_offset', l.readOffset], ['slave_repl_offset', this.offset]);
      if (l.syncing) L.push(['master_sync_total_bytes', l.syncTotal], ['master_sync_read_bytes', l.syncRead], ['master_sync_left_bytes', l.syncTotal < 0 ? -1 : l.syncTotal - l.syncRead], ['master_sync_perc', l.syncTotal > 0 ? (l.syncRead * 100 / l.syncTotal).toFixed(2) : '0.00'], ['master_sync_last_io_seconds_ago', Math.floor((Date.now() - l.lastIo) / 1000)]);
      if (!l.up) L.push(['master_link_down_since_seconds', l.downSince ? Math.floor((Date.now() - l.downSince) / 1000) : -1]);
      L.push(['slave_priority', cfg.num('replica-priority')], ['slave_read_only', cfg.get('replica-read-only') === 'no' ? 0 : 1],
        ['replica_announced', cfg.get('replica-announced') === 'no' ? 0 : 1]);
    } else L.push(['role', 'master']);
    const rs = [...this.replicas.values()];
    L.push(['connected_slaves', rs.length]);
    if (this.server.minReplicasToWrite > 0 && this.server.minReplicasMaxLag > 0) L.push(['min_slaves_good_slaves', this.goodReplicas]);
    rs.forEach((r, i) => L.push([`slave${i}`, `ip=${r.ip},port=${r.port},state=${r.state},offset=${r.ackOffset},lag=${Math.floor((Date.now() - r.ackTime) / 1000)}`]));
    L.push(['master_failover_state', 'no-failover'], ['master_replid', this.replid], ['master_replid2', this.replid2],
      ['master_repl_offset', this.offset], ['second_repl_offset', this.secondOffset],
      ['repl_backlog_active', this.backlog ? 1 : 0], ['repl_backlog_size', this.backlog ? this.backlog.size : cfg.num('repl-backlog-size')],
      ['repl_backlog_first_byte_offset', this.backlog ? this.backlog.firstByteOffset : 0], ['repl_backlog_histlen', this.backlog ? this.backlog.histlen : 0]);
    return '# Replication\r\n' + L.map(([k, v]) => `${k}:${v}\r\n`).join('');
  }

  summary(): ReplicationInfo {
    const now = Date.now();
    const l = this.link;
    return {
      role: l ? 'replica' : 'master',
      offset: this.offset,
      linkUp: l ? l.up : true,
      replicas: [...this.replicas.values()].map((r) => ({ host: r.ip, port: r.port, offset: r.ackOffset, lag: Math.floor((now - r.ackTime) / 1000) })),
      linkDownSeconds: l && !l.up ? Math.floor((now - l.downSince) / 1000) : -1,
      partitioned: l !== null && this.partitioned,
      outOfSync: l?.outOfSync ?? false,
      unappliedCommands: l?.unapplied ?? 0,
    };
  }
}

/** The node's replication state, created on first use. */
export function getReplication(server: Server): Replication {
  if (server.repl === null) server.repl = new Replication(server);
  return server.repl as Replication;
}
