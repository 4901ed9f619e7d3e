/**
 * Replica side (Redis replication.c syncWithMaster/readSyncBulkPayload):
 * connect to the master, handshake (PING, AUTH, REPLCONF listening-port,
 * REPLCONF capa eof capa psync2, PSYNC), receive the RDB ($len or EOF:<mark>),
 * load it, then execute the command stream as the master client (no replies),
 * advancing the offset, ACKing every second and on GETACK; reconnects with a
 * partial PSYNC after a disconnect.
 */
import net from 'node:net';
import type { Client } from '../client.js';
import { RespParser } from '../resp.js';
import type { Replication } from './master.js';
import { encodeCommand } from './master.js';
import { loadSnapshot } from './snapshot.js';
import { AclUser } from '../acl/user.js';

/** The master client runs as no ACL user (Redis: user NULL, listed as "(superuser)"): it can do everything. */
export function replicationUser(): AclUser {
  const u = new AclUser('(superuser)', true);
  for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) u.apply(op, true);
  return u;
}
type Writable<T, K extends keyof T> = { -readonly [P in K]: T[P] };

type State = 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';

const FULL_RESYNC_EVERY_MS = 10_000;

export class MasterLink {
  private sock: net.Socket | null = null;
  private state: State = 'connect';
  private stopped = false;
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private parser: RespParser | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The master client (commands from the master run as this client). */
  client: Client | null = null;
  up = false;
  syncing = false;
  syncTotal = -1;
  syncRead = 0;
  lastIo = Date.now();
  downSince = Date.now();
  /** Bytes of the stream read (slave_read_repl_offset). */
  readOffset = 0;
  private lastAck = 0;
  /** Cut by a partition: no connection until resume(). */
  private paused = false;
  private resumeWaiter: (() => void) | null = null;
  /** Commands from the master that this engine could not apply (unknown to it): the dataset may differ. */
  unapplied = 0;
  outOfSync = false;
  /** When a divergence last forced a full resync (at most one per FULL_RESYNC_EVERY_MS, so a stream full of them cannot loop). */
  private lastForcedSync = 0;

  constructor(readonly repl: Replication, readonly host: string, readonly port: number, private readonly masterAuth?: string, private readonly masterUser?: string) {}

  /** The master client was freed (CLIENT KILL TYPE MASTER): drop the link; it reconnects with a partial PSYNC. */
  masterClientFreed(): void { if (this.up) this.sock?.destroy(); }

  /** ROLE state names of Redis 7.0 (replstateToString). */
  stateName(): string { return this.state; }

  start(): void { void this.run(); }

  /** Partition: drop the connection and stay disconnected (reads keep being served). */
  pause(): void {
    this.paused = true;
    this.sock?.destroy();
  }

  /** Heal: reconnect now; PSYNC continues from the backlog, or the master sends a full resync. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const w = this.resumeWaiter; this.resumeWaiter = null; w?.();
    this.wakeRetry();
  }

  /** Ends the wait between two connection attempts now. */
  private wakeRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const r = this.retryNow; this.retryNow = null; r?.();
  }
  private retryNow: (() => void) | null = null;

  stop(): void {
    this.stopped = true;
    const w = this.resumeWaiter; this.resumeWaiter = null; w?.();
    this.wakeRetry();
    this.sock?.destroy();
    this.sock = null;
    this.linkDown();
  }

  private linkDown(): void {
    if (this.up) this.downSince = Date.now();
    this.up = false;
    this.syncing = false;
    const s = this.repl.server;
    const c = this.client;
    this.client = null;
    if (c) s.freeClient(c);
    if (s.masterClient === c) s.masterClient = null;
    const w = this.waiter; this.waiter = null; w?.();
  }

  /** Once per second: REPLCONF ACK; reconnect is scheduled by run(). */
  cron(): void {
    if (this.up && Date.now() - this.lastAck >= 1000) this.sendAck();
    const timeout = (this.repl.server.config.num('repl-timeout') || 60) * 1000;
    if ((this.up || this.syncing) && Date.now() - this.lastIo > timeout) this.sock?.destroy();
  }

  sendAck(): void {
    this.lastAck = Date.now();
    const s = this.sock;
    if (s && !s.destroyed && this.up) s.write(encodeCommand(['REPLCONF', 'ACK', String(this.repl.offset)]));
  }

  // ------------------------------------------------------------ byte reading
  /** Chunks received but not yet joined into `buf` (joined once when needed: O(n) for a big RDB). */
  private parts: Buffer[] = [];
  private partsLen = 0;

  private onData(chunk: Buffer): void {
    this.lastIo = Date.now();
    if (this.state === 'connected') { this.onStream(chunk); return; }
    this.parts.push(chunk);
    this.partsLen += chunk.length;
    if (this.syncing) this.syncRead += chunk.length;
    const w = this.waiter; this.waiter = null; w?.();
  }

  private gather(): void {
    if (this.parts.length === 0) return;
    if (this.buf.length) this.parts.unshift(this.buf);
    this.buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    this.partsLen = 0;
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  private alive(sock: net.Socket): boolean { return !this.stopped && this.sock === sock && !sock.destroyed; }

  private async readLine(sock: net.Socket, skipNewlines = false): Promise<string> {
    for (;;) {
      this.gather();
      if (skipNewlines) { let i = 0; while (i < this.buf.length && this.buf[i] === 10) i++; if (i) this.buf = this.buf.subarray(i); }
      const nl = this.buf.indexOf(10);
      if (nl >= 0) {
        const line = this.buf.toString('latin1', 0, nl > 0 && this.buf[nl - 1] === 13 ? nl - 1 : nl);
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (!this.alive(sock)) throw new Error('link closed');
      await this.wait();
    }
  }

  private async command(sock: net.Socket, argv: string[]): Promise<string> {
    sock.write(encodeCommand(argv));
    // The master may send bare newlines to keep the link alive before replying (PSYNC).
    for (;;) { const l = await this.readLine(sock); if (l !== '') return l; }
  }

  // ------------------------------------------------------------ connection
  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.paused) {
        await new Promise<void>((r) => { this.resumeWaiter = r; });
        if (this.stopped) return;
      }
      try { await this.connectAndSync(); } catch { /* link dropped */ }
      if (this.stopped) return;
      this.sock?.destroy();
      this.sock = null;
      this.linkDown();
      this.state = 'connect';
      if (this.paused) continue;
      await new Promise<void>((r) => { this.retryNow = r; this.retryTimer = setTimeout(r, 1000); this.retryTimer.unref(); });
      this.retryNow = null;
    }
  }

  private connectAndSync(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.state = 'connecting';
      this.buf = Buffer.alloc(0);
      this.parts = [];
      this.partsLen = 0;
      const sock = net.connect({ host: this.host, port: this.port });
      this.sock = sock;
      sock.setNoDelay(true);
      const ct = setTimeout(() => sock.destroy(new Error('connect timeout')), 10000);
      ct.unref();
      sock.on('data', (d: Buffer) => { if (this.sock === sock) this.onData(d); });
      sock.on('error', () => { /* close follows */ });
      sock.on('close', () => {
        clearTimeout(ct);
        if (this.sock === sock) { const w = this.waiter; this.waiter = null; w?.(); }
        resolve();
      });
      sock.on('connect', () => {
        clearTimeout(ct);
        this.handshake(sock).catch((e: unknown) => {
          if (process.env.REDIS_REPL_DEBUG) console.error('replication link:', e);
          sock.destroy(); reject(e);
        });
      });
    });
  }

  private async handshake(sock: net.Socket): Promise<void> {
    this.state = 'handshake';
    this.lastIo = Date.now();
    const pong = await this.command(sock, ['PING']);
    if (pong.startsWith('-') && !pong.startsWith('-NOAUTH') && !pong.startsWith('-NOPERM') && !pong.startsWith('-ERR operation not permitted')) throw new Error(pong);
    // masterauth: explicit, else CONFIG masterauth, else our own requirepass (the nodes of an
    // ElastiCache replication group share one AUTH token); masteruser: AUTH <user> <pass> (ACL user).
    const cfg = this.repl.server.config;
    const auth = this.masterAuth ?? (cfg.get('masterauth') || this.repl.server.requirePass || undefined);
    const user = this.masterUser ?? (cfg.get('masteruser') || undefined);
    // Nodes of one fleet share a replication secret: accepted, it stands for AUTH (RBAC users may exclude us).
    const secret = this.repl.server.opts.replicationSecret;
    const secretOk = secret ? (await this.command(sock, ['REPLCONF', 'auth-secret', secret])) === '+OK' : false;
    if (auth && !secretOk) {
      const r = await this.command(sock, user ? ['AUTH', user, auth] : ['AUTH', auth]);
      if (r.startsWith('-')) {
        this.repl.warn(`Unable to AUTH to MASTER: ${r}`);
        throw new Error(r);
      }
    }
    await this.command(sock, ['REPLCONF', 'listening-port', String(this.repl.server.port)]);
    await this.command(sock, ['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    const r = this.repl;
    const partial = r.backlog !== null && !this.fullResyncRequested;
    const reply = await this.command(sock, ['PSYNC', partial ? r.replid : '?', partial ? String(r.offset + 1) : '-1']);
    if (reply.startsWith('+FULLRESYNC')) {
      const [, id, off] = reply.split(' ');
      await this.fullSync(sock, id, Number(off));
      this.fullResyncRequested = false;
      this.outOfSync = false; // the master's whole dataset: nothing skipped before it matters any more
    } else if (reply.startsWith('+CONTINUE')) {
      const id = reply.split(' ')[1];
      if (id) r.switchId(id);
      if (!r.backlog) r.createBacklog();
    } else {
      throw new Error(reply);
    }
    this.goOnline(sock);
  }

  private async fullSync(sock: net.Socket, id: string, off: number): Promise<void> {
    this.state = 'sync';
    this.syncing = true;
    this.syncRead = 0;
    const hdr = await this.readLine(sock, true);
    if (!hdr.startsWith('$')) throw new Error('bad bulk header ' + hdr);
    let rdb: Buffer;
    if (hdr.startsWith('$EOF:')) {
      const mark = Buffer.from(hdr.slice(5), 'latin1');
      this.syncTotal = -1;
      const parts: Buffer[] = [];
      let tail = Buffer.alloc(0);
      for (;;) {
        this.gather();
        if (this.buf.length) {
          parts.push(this.buf);
          tail = Buffer.concat([tail, this.buf]).subarray(-mark.length);
          this.buf = Buffer.alloc(0);
          if (tail.length === mark.length && tail.equals(mark)) break;
        }
        if (!this.alive(sock)) throw new Error('link closed');
        await this.wait();
      }
      const all = Buffer.concat(parts);
      rdb = all.subarray(0, all.length - mark.length);
    } else {
      const len = Number(hdr.slice(1));
      this.syncTotal = len;
      while (this.buf.length + this.partsLen < len) {
        if (!this.alive(sock)) throw new Error('link closed');
        await this.wait();
      }
      this.gather();
      rdb = Buffer.from(this.buf.subarray(0, len));
      this.buf = this.buf.subarray(len);
      this.syncRead = len;
    }
    const s = this.repl.server;
    s.ks.freeze();
    try { loadSnapshot(s, rdb); } finally { s.ks.unfreeze(); }
    this.repl.adoptMaster(id, off);
    this.syncing = false;
  }

  private goOnline(sock: net.Socket): void {
    const s = this.repl.server;
    const c = s.fakeClient();
    c.authenticated = true;
    c.noEvict = true;
    c.name = '';
    c.user = replicationUser();
    // Listed by CLIENT LIST (flags=M, type master) with the link's addresses, as Redis lists server.master.
    const m = c as Writable<Client, 'addr' | 'laddr'>;
    m.addr = `${(sock.remoteAddress ?? this.host).replace(/^::ffff:/, '')}:${sock.remotePort ?? this.port}`;
    m.laddr = `${(sock.localAddress ?? '').replace(/^::ffff:/, '')}:${sock.localPort ?? 0}`;
    this.client = c;
    s.masterClient = c;
    s.clients.set(c.id, c);
    this.parser = new RespParser();
    this.parser.maxBulkLen = Number.MAX_SAFE_INTEGER;
    this.state = 'connected';
    this.up = true;
    this.readOffset = this.repl.offset;
    this.lastIo = Date.now();
    this.sendAck();
    this.gather();
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    if (rest.length && this.alive(sock)) this.onStream(rest);
  }

  /** Apply stream bytes: each complete command runs as the master client; its exact bytes advance the offset. */
  private onStream(chunk: Buffer): void {
    const c = this.client, p = this.parser;
    if (!c || !p) return;
    this.readOffset += chunk.length;
    p.push(chunk);
    const s = this.repl.server;
    c.lastInteraction = Date.now();
    s.ks.freeze();
    try {
      for (;;) {
        const argv = p.next();
        if (argv === null) break;
        const bytes = encodeCommand(argv);
        const name = argv[0].toLowerCase();
        if (name === 'replconf' && argv.length >= 2 && argv[1].toLowerCase() === 'getack') {
          this.sendAck(); // Redis acks the offset before the GETACK itself
          this.repl.feedRaw(bytes);
          continue;
        }
        const known = typeof s.lookup(argv) !== 'string';
        s.processCommand(c, argv);
        const reply = c.w.take(); // the master gets no replies
        this.repl.feedRaw(bytes); // offset + backlog + sub-replicas (proxy the master's stream)
        if (reply !== null && reply[0] === 0x2d) this.errorToMaster(argv, reply, known);
      }
    } finally { s.ks.unfreeze(); }
  }

  /**
   * Redis logs an error a replica would send its master (afterErrorReply). A
   * command this engine does not implement means the dataset now differs from
   * the master's: the replica says so (outOfSync) and asks for a full resync,
   * which carries the master's whole dataset.
   */
  private errorToMaster(argv: string[], reply: Buffer, known: boolean): void {
    const text = reply.toString('latin1', 1, Math.min(reply.length, 4096)).replace(/\r\n$/, '');
    this.repl.warn(`== CRITICAL == This replica is sending an error to its master: '${text}' after processing the command '${known ? argv[0].toLowerCase() : '<unknown>'}'`);
    if (known) return;
    this.unapplied++;
    this.outOfSync = true;
    if (Date.now() - this.lastForcedSync < FULL_RESYNC_EVERY_MS) return;
    this.lastForcedSync = Date.now();
    this.repl.warn(`Replica cannot apply '${argv[0]}' from its master: requesting a full resynchronization`);
    this.fullResyncRequested = true;
    setImmediate(() => this.sock?.destroy());
  }
  /** The next PSYNC asks for a full resync (PSYNC ? -1). */
  private fullResyncRequested = false;
}
