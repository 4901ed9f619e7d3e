/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
 *         [AUTH2 username password] [KEYS key …]   (Redis 7.0 cluster.c migrateCommand)
 *
 * The keys are serialized with DUMP's payload format and sent as one pipeline of
 * [AUTH] [SELECT] RESTORE key ttl payload [REPLACE] over a connection cached per
 * `host:port` (64 at most, closed after 10 s unused, INFO migrate_cached_sockets).
 * A source key is deleted only once the target acknowledged its RESTORE (unless
 * COPY) and the deletions are propagated as one DEL.
 *
 * Redis does the network I/O synchronously and so blocks the whole server for up to
 * `timeout` ms per read/write. Here only the calling client is suspended (c.blocked,
 * its input is held) while the I/O runs on the event loop; everything else keeps
 * being served — which matters because the target may be a node of this very
 * process. Consequences, documented in docs/redis-engine.md:
 *  - the values are serialized when the command runs; a key another client modifies
 *    (or deletes, or replaces) before the target's acknowledgement is not deleted
 *    afterwards (as if that write had run after the MIGRATE);
 *  - inside MULTI/EXEC or a script the command cannot be suspended and answers
 *    E.MIGRATE_NO_SUSPEND;
 *  - concurrent MIGRATEs to one target are queued on its cached connection.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Client } from '../client.js';
import type { Db, Entry } from '../keyspace.js';
import type { Server } from '../server.js';
import { NOTIFY_GENERIC } from '../server.js';
import { E } from '../errors.js';
import { registerAll, type Command } from './table.js';
import { parseI64 } from '../util.js';
import { dumpEntry } from '../persistence.js';
import { recordCommandLatency, latencySampleIfNeeded } from '../latency.js';
import type { BlockedState } from './cmd_connection.js';

const CACHE_ITEMS = 64;        // MIGRATE_SOCKET_CACHE_ITEMS
const CACHE_TTL_S = 10;        // MIGRATE_SOCKET_CACHE_TTL
const WRITE_CHUNK = 64 * 1024; // the pipeline goes out in 64K chunks, each with its own timeout
const LINE_MAX = 1023;         // syncReadLine into a 1024-byte buffer
const MAX_TIMER = 2 ** 31 - 1;

/** A connection to a target (migrateCachedSocket) with a line reader. */
class TargetLink {
  lastDbid = -1;
  lastUse = unixNow();
  private buf: Buffer = Buffer.alloc(0);
  /** Nothing more to read; `fin`: the peer closed its side (writes still "succeed", as the kernel takes them); `failed`: refused/reset. */
  private eof = false;
  private fin = false;
  private failed = false;
  private wake: (() => void) | null = null;
  constructor(readonly name: string, readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => { this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d; this.notify(); });
    sock.on('end', () => { this.fin = true; this.eof = true; this.notify(); });
    sock.on('close', () => { this.eof = true; this.notify(); });
    sock.on('error', () => { this.failed = true; this.eof = true; this.notify(); });
    if (sock.destroyed) { this.failed = true; this.eof = true; }
  }
  private notify(): void { const w = this.wake; this.wake = null; if (w) w(); }

  /** connSyncReadLine: a line without CRLF; 'timeout' when no byte came for `ms`, null on EOF/error. */
  async readLine(ms: number): Promise<string | null | 'timeout'> {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl >= 0 && nl <= LINE_MAX) {
        // "\n" alone reads 0 bytes: an error for Redis (`<= 0`)
        if (nl === 0) { this.buf = this.buf.subarray(1); return null; }
        const end = this.buf[nl - 1] === 13 ? nl - 1 : nl;
        const line = this.buf.toString('latin1', 0, end);
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (this.buf.length >= LINE_MAX) { // a longer line is cut, the rest stays unread
        const line = this.buf.toString('latin1', 0, LINE_MAX);
        this.buf = this.buf.subarray(LINE_MAX);
        return line;
      }
      if (this.eof) return null;
      const got = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => { this.wake = null; resolve(false); }, Math.min(ms, MAX_TIMER));
        this.wake = () => { clearTimeout(t); resolve(true); };
      });
      if (!got) return 'timeout';
    }
  }

  /** connSyncWrite per 64K chunk: 'timeout' if a chunk is not taken within `ms`, false on error. */
  async write(data: Buffer, ms: number): Promise<true | false | 'timeout'> {
    for (let pos = 0; pos < data.length; pos += WRITE_CHUNK) {
      if (this.failed) return false;
      if (this.fin || this.sock.destroyed) return true; // the peer left: the reply read fails instead
      const chunk = data.subarray(pos, Math.min(data.length, pos + WRITE_CHUNK));
      const r = await new Promise<true | false | 'timeout'>((resolve) => {
        const t = setTimeout(() => resolve('timeout'), Math.min(ms, MAX_TIMER));
        this.sock.write(chunk, (err) => { clearTimeout(t); resolve(err ? false : true); });
      });
      if (r !== true) return r;
    }
    return true;
  }

  close(): void { this.eof = true; this.failed = true; this.sock.destroy(); this.notify(); }
}

/** Per-server state: the socket cache, jobs in flight, per-target queues. */
class MigrateState {
  readonly cache = new Map<string, TargetLink>();
  readonly jobs = new Set<Job>();
  /** host:port → continuations waiting for the target's connection to be free. */
  private readonly queues = new Map<string, (() => void)[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly s: Server) {
    // A key touched while its MIGRATE is in flight is not deleted after the acknowledgement.
    s.ks.keyChangeHooks.push((db, key) => {
      if (this.jobs.size === 0) return;
      for (const j of this.jobs) if (j.db === db && j.keySet.has(key)) j.modified.add(key);
    });
    s.ks.flushHooks.push(() => { for (const j of this.jobs) for (const k of j.keys) j.modified.add(k); });
    s.stopHooks.push(() => this.closeAll());
  }

  async acquire(name: string): Promise<void> {
    const q = this.queues.get(name);
    if (q === undefined) { this.queues.set(name, []); return; }
    await new Promise<void>((resolve) => q.push(resolve));
  }
  release(name: string): void {
    const q = this.queues.get(name);
    if (q === undefined) return;
    const next = q.shift();
    if (next) next(); else this.queues.delete(name);
  }

  /** migrateGetSocket: the cached connection, or a new one (null if connecting failed or timed out). */
  async get(name: string, host: string, port: number, ms: number): Promise<TargetLink | null> {
    const cached = this.cache.get(name);
    if (cached !== undefined) { cached.lastUse = unixNow(); cached.sock.ref(); return cached; }
    if (this.cache.size >= CACHE_ITEMS) {
      // too many: drop one at random (one no other MIGRATE is using right now)
      const names = [...this.cache.keys()].filter((n) => !this.queues.has(n));
      if (names.length > 0) this.closeSocket(names[Math.floor(Math.random() * names.length)]);
    }
    const sock = await connect(host, port, ms);
    if (sock === null) return null;
    const link = new TargetLink(name, sock);
    this.cache.set(name, link);
    this.arm();
    return link;
  }

  /** migrateCloseSocket */
  closeSocket(name: string): void {
    const l = this.cache.get(name);
    if (l === undefined) return;
    l.close();
    this.cache.delete(name);
  }

  /** migrateCloseTimedoutSockets, once a second like serverCron's run_with_period(1000). */
  private arm(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      const now = unixNow();
      for (const [name, l] of this.cache) if (now - l.lastUse > CACHE_TTL_S && !this.queues.has(name)) this.closeSocket(name);
      if (this.cache.size === 0 && this.timer !== null) { clearInterval(this.timer); this.timer = null; }
    }, 1000);
    this.timer.unref();
  }

  /** The node stops: close every cached connection; MIGRATEs in flight fail without reconnecting. */
  closeAll(): void {
    for (const j of this.jobs) j.aborted = true;
    for (const name of [...this.cache.keys()]) this.closeSocket(name);
    if (this.timer !== null) { clearInterval(this.timer); this.timer = null; }
  }
}

interface Job {
  s: Server;
  c: Client;
  cmd: Command;
  db: Db;
  host: string;
  port: string;
  dbid: number;
  timeout: number;
  copy: boolean;
  replace: boolean;
  username: string | null;
  password: string | null;
  keys: string[];
  keySet: Set<string>;
  entries: Entry[];
  expireAts: number[];
  payloads: Buffer[];
  modified: Set<string>;
  /** The node stopped while this MIGRATE was in flight. */
  aborted: boolean;
  /** performance.now() when the handler started, and how long the handler itself ran (call() counted that). */
  t0: number;
  handlerMs: number;
  muted: boolean;
}

const states = new WeakMap<Server, MigrateState>();
function stateOf(s: Server): MigrateState {
  let st = states.get(s);
  if (st === undefined) { st = new MigrateState(s); states.set(s, st); }
  return st;
}

/** INFO stats migrate_cached_sockets. */
export function migrateCachedSockets(s: Server): number { return states.get(s)?.cache.size ?? 0; }

function unixNow(): number { return Math.floor(Date.now() / 1000); }

/** C atoi(): leading blanks, sign, digits; anything else ends the number (0 if none). */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  const v = Number(m[1]);
  return Math.trunc(v) | 0;
}

/**
 * connBlockingConnect as Redis 7.0 does it: only a failure to create the socket (name
 * resolution, a negative port) fails here; a refused connection or a connect that does not
 * complete within the timeout still counts as connected, so the error shows up when
 * writing ("IOERR error or timeout writing to target instance"), as with redis-server.
 */
function connect(host: string, port: number, ms: number): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    if (port < 0) { resolve(null); return; } // getaddrinfo rejects the service "-1"
    let sock: net.Socket;
    try { sock = net.connect({ host, port: port & 0xffff }); } catch { resolve(null); return; }
    const t = setTimeout(() => resolve(sock), Math.min(ms, MAX_TIMER)); // still connecting: writes wait for it
    sock.once('connect', () => { clearTimeout(t); resolve(sock); });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(t);
      if (err.syscall === 'connect') resolve(sock); // refused/reset: a dead "connected" socket
      else { sock.destroy(); resolve(null); }       // name resolution failed
    });
  });
}

// ---------------------------------------------------------------- RESP encoding of the pipeline

function bulk(parts: Buffer[], s: string | Buffer): void {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  parts.push(Buffer.from(`$${b.length}\r\n`, 'latin1'), b, CRLF);
}
const CRLF = Buffer.from('\r\n');

// ---------------------------------------------------------------- the command

function migrate(c: Client, argv: string[]): void {
  const t0 = performance.now();
  const s = c.server;
  let copy = false, replace = false, username: string | null = null, password: string | null = null;
  let firstKey = 3, numKeys = 1;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const o = argv[j].toLowerCase();
    if (o === 'copy') copy = true;
    else if (o === 'replace') replace = true;
    else if (o === 'auth') {
      if (more < 1) return c.w.error(E.SYNTAX);
      password = argv[++j];
    } else if (o === 'auth2') {
      if (more < 2) return c.w.error(E.SYNTAX);
      username = argv[++j];
      password = argv[++j];
    } else if (o === 'keys') {
      if (argv[3].length !== 0) return c.w.error(E.MIGRATE_KEYS_EMPTY);
      firstKey = j + 1;
      numKeys = argv.length - j - 1;
      break;
    } else return c.w.error(E.SYNTAX);
  }
  // timeout first, then the db (getLongFromObjectOrReply order)
  const tv = parseI64(argv[5]);
  if (tv === null) return c.w.error(E.NOT_INT);
  const dv = parseI64(argv[4]);
  if (dv === null) return c.w.error(E.NOT_INT);
  let timeout = Number(tv);
  if (timeout <= 0) timeout = 1000;

  // Keys that are here (lookupKeyRead: expired ones are deleted, hits/misses counted).
  const db = c.db;
  const keys: string[] = [], entries: Entry[] = [];
  for (let j = 0; j < numKeys; j++) {
    const e = db.lookupRead(argv[firstKey + j]);
    if (e !== undefined) { keys.push(argv[firstKey + j]); entries.push(e); }
  }
  if (keys.length === 0) return c.w.simple('NOKEY');
  if (s.execDepth > 0 || c.isScript || c.socket === null) return c.w.error(E.MIGRATE_NO_SUSPEND);

  // The values as they are now: this is the MIGRATE's point in time.
  const payloads = entries.map((e) => dumpEntry(s, e));
  const job: Job = {
    s, c, cmd: s.lookup(argv) as Command, db, host: argv[1], port: argv[2], dbid: Number(dv), timeout, copy, replace,
    username, password, keys, keySet: new Set(keys), entries, expireAts: entries.map((e) => e.expireAt), payloads,
    modified: new Set(), aborted: false, t0, handlerMs: 0, muted: c.w.mute,
  };
  const st = stateOf(s);
  st.jobs.add(job);
  const blocked: BlockedState = { timeout() { /* not a blocking command: CLIENT UNBLOCK does not apply */ }, cancel() { /* runs to completion */ }, unblockable: false };
  c.blocked = blocked;
  job.handlerMs = performance.now() - t0;
  void run(st, job).then((reply) => finish(st, job, reply), () => finish(st, job, E.MIGRATE_IO('reading')));
}

/** The network part of migrateCommand, with its one retry. Returns the reply: 'OK' or an error text. */
async function run(st: MigrateState, j: Job): Promise<string> {
  const name = `${j.host}:${j.port}`;
  await st.acquire(name);
  try {
    let mayRetry = true;
    // keys still to send (those whose TTL ran out are dropped, as Redis drops them)
    let idx = j.keys.map((_, i) => i);
    for (;;) {
      if (j.aborted) return E.MIGRATE_IO('reading');
      let writeError = false, timedOut = false;
      const cs = await st.get(name, j.host, atoi(j.port), j.timeout);
      if (cs === null) return E.MIGRATE_CONNECT;

      const parts: Buffer[] = [];
      if (j.password !== null) {
        parts.push(Buffer.from(j.username !== null ? '*3\r\n' : '*2\r\n'));
        bulk(parts, 'AUTH');
        if (j.username !== null) bulk(parts, j.username);
        bulk(parts, j.password);
      }
      const select = cs.lastDbid !== j.dbid;
      if (select) { parts.push(Buffer.from('*2\r\n')); bulk(parts, 'SELECT'); bulk(parts, String(j.dbid)); }
      const restore = j.s.config.get('cluster-enabled') === 'yes' ? 'RESTORE-ASKING' : 'RESTORE';
      const now = Date.now();
      const live: number[] = [];
      for (const i of idx) {
        let ttl = 0;
        const at = j.expireAts[i];
        if (at !== 0) {
          ttl = at - now;
          if (ttl < 0) continue;
          if (ttl < 1) ttl = 1;
        }
        live.push(i);
        parts.push(Buffer.from(j.replace ? '*5\r\n' : '*4\r\n'));
        bulk(parts, restore);
        bulk(parts, j.keys[i]);
        bulk(parts, String(ttl));
        bulk(parts, j.payloads[i]);
        if (j.replace) bulk(parts, 'REPLACE');
      }
      idx = live;

      let ok = true;
      const w = await cs.write(Buffer.concat(parts), j.timeout);
      if (w !== true) { writeError = true; timedOut = w === 'timeout'; ok = false; }
      let authReply = '', selectReply = '';
      if (ok && j.password !== null) {
        const r = await cs.readLine(j.timeout);
        if (r === null || r === 'timeout') { timedOut = r === 'timeout'; ok = false; } else authReply = r;
      }
      if (ok && select) {
        const r = await cs.readLine(j.timeout);
        if (r === null || r === 'timeout') { timedOut = r === 'timeout'; ok = false; } else selectReply = r;
      }
      if (ok) {
        // Read the RESTORE replies; delete what the target acknowledged.
        let targetError: string | null = null, socketError = false, n = 0;
        const deleted: string[] = [];
        for (; n < idx.length; n++) {
          const r = await cs.readLine(j.timeout);
          if (r === null || r === 'timeout') { socketError = true; timedOut = r === 'timeout'; break; }
          const errLine = j.password !== null && authReply[0] === '-' ? authReply
            : select && selectReply[0] === '-' ? selectReply : r[0] === '-' ? r : null;
          if (errLine !== null) {
            if (targetError === null) { cs.lastDbid = -1; targetError = E.MIGRATE_TARGET_ERROR(errLine.slice(1)); }
          } else if (!j.copy && deleteLocal(j, idx[n])) deleted.push(j.keys[idx[n]]);
        }
        if (targetError === null && socketError && n === 0 && mayRetry && !timedOut) {
          // nothing was processed: reconnect and try once more
          st.closeSocket(name);
          mayRetry = false;
          continue;
        }
        if (socketError) st.closeSocket(name);
        if (deleted.length > 0) {
          j.s.ks.propagate(j.db.id, ['DEL', ...deleted]);
          if (j.s.afterCommand !== null) j.s.afterCommand();
        }
        if (targetError !== null) return targetError;
        if (socketError) return E.MIGRATE_IO('reading');
        cs.lastDbid = j.dbid;
        return 'OK';
      }
      // socket_err: close, and retry once unless it was a timeout
      st.closeSocket(name);
      if (!timedOut && mayRetry) { mayRetry = false; continue; }
      return E.MIGRATE_IO(writeError ? 'writing' : 'reading');
    }
  } finally {
    const l = st.cache.get(name);
    if (l !== undefined) { l.lastUse = unixNow(); l.sock.unref(); }
    st.release(name);
  }
}

/** dbDelete of an acknowledged key — unless another client changed it meanwhile (see the header). */
function deleteLocal(j: Job, i: number): boolean {
  const s = j.s, db = j.db, key = j.keys[i];
  if (j.modified.has(key) || db.peek(key) !== j.entries[i]) return false;
  const prev = s.current;
  s.current = j.c;
  s.ks.freeze();
  try {
    db.delete(key);
    s.ks.signalModified(db, key);
    s.notify(NOTIFY_GENERIC, 'del', key, db.id);
    s.ks.dirty++;
  } finally { s.ks.unfreeze(); s.current = prev; }
  return true;
}

/** Reply, account the whole call (commandstats, latency, slowlog), resume the client. */
function finish(st: MigrateState, j: Job, reply: string): void {
  st.jobs.delete(j);
  const s = j.s, c = j.c, cmd = j.cmd;
  const totalMs = performance.now() - j.t0;
  const usec = Math.round(totalMs * 1000);
  cmd.usec += Math.max(0, usec - Math.round(j.handlerMs * 1000));
  if (s.latencyTracking) recordCommandLatency(cmd, usec);
  if (s.latencyThreshold) latencySampleIfNeeded(s, 'command', Math.trunc(totalMs));
  if (reply !== 'OK') { cmd.failedCalls++; s.countError(reply); }
  if (c.blocked !== null && (c.blocked as BlockedState).unblockable === false) c.blocked = null;
  s.slowlogUnblocked(c, usec);
  if (c.closed) return;
  const m = c.w.mute;
  c.w.mute = j.muted;
  if (reply === 'OK') c.w.ok(); else c.w.error(reply);
  c.w.mute = m;
  s.tracking?.flushPending(c);
  s.ks.freeze();
  try { s.processInput(c); } finally { s.ks.unfreeze(); }
  // Pipelined MIGRATEs: like redis-server, which writes the replies of a whole read batch at
  // once, the reply waits while the next MIGRATE of the same batch runs (up to 64 KB of replies).
  const again = c.blocked !== null && (c.blocked as BlockedState).unblockable === false;
  if (!again || c.w.pendingBytes > 65536) s.flush(c);
}

registerAll({ migrate });
