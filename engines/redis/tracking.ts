/**
 * Client-side caching: CLIENT TRACKING and its invalidation messages (Redis
 * tracking.c). Default mode remembers, per key name, the ids of the clients
 * that read it (the tracking table, db-agnostic like Redis); BCAST mode keeps
 * a prefix table and sends the keys modified under each prefix once per event
 * loop turn. Messages are RESP3 pushes `>2 invalidate [keys]` or, for a RESP2
 * client redirecting to a subscriber of `__redis__:invalidate`, Pub/Sub
 * messages on that channel. The state is created when the first client
 * enables tracking (`getTracking`), then hooks into the keyspace.
 */
import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Command } from './commands/table.js';
import { F } from './commands/table.js';
import { keyPositions as specKeyPositions } from './commands/getkeys.js';
import { E } from './errors.js';

/** Per-client tracking flags (Redis CLIENT_TRACKING_* bits). `Client.tracking` is null while tracking is off. */
export interface ClientTracking {
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING yes|no given for the next command (or transaction). */
  caching: boolean;
  brokenRedir: boolean;
  /** Client id invalidations go to; 0 = this connection. */
  redirect: number;
  /** BCAST prefixes of this client. */
  prefixes: Set<string>;
}

export const TRACKING_CHANNEL = '__redis__:invalidate';

/** BCAST prefix: its subscribers and the keys modified under it since the last broadcast (key → modifying client, null = server). */
interface BcastState { clients: Set<Client>; keys: Map<string, Client | null> }

const cmpBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Tracking {
  /** Key name → ids of clients that may have it cached. */
  readonly table = new Map<string, Set<number>>();
  totalItems = 0;
  readonly prefixes = new Map<string, BcastState>();
  /** Clients with tracking on (INFO tracking_clients). */
  clients = 0;
  /** Invalidations for the executing client, sent after its reply (null = flush). */
  private pending: (string | null)[] = [];
  private bcastScheduled = false;
  private readonly toFlush = new Set<Client>();
  private flushScheduled = false;
  /**
   * The top-level command being executed (set by beforeCall). Commands a script runs execute on the
   * script's own client in nested calls: their reads make the caller track the script's declared keys,
   * and NOLOOP / after-reply ordering apply to the caller (Redis server.script_caller, current_client).
   */
  private top: { c: Client; cmd: Command; argv: string[] } | null = null;
  /** Extra effort for tracking-table-max-keys when one round was not enough (Redis timeout_counter). */
  private limitCounter = 0;

  constructor(readonly s: Server) {
    s.ks.keyChangeHooks.push((_db, key, internal) => this.invalidateKey(internal ? null : s.current, key, true));
    s.ks.flushHooks.push(() => this.invalidateOnFlush());
    s.clientCloseHooks.push((c) => { if (c.tracking !== null) this.disable(c); });
  }

  // ---- enabling ----

  enable(c: Client, redirect: number, opts: { bcast: boolean; optin: boolean; optout: boolean; noloop: boolean }, prefixes: string[]): void {
    let t = c.tracking;
    if (t === null) {
      this.clients++;
      t = c.tracking = { bcast: false, optin: false, optout: false, noloop: false, caching: false, brokenRedir: false, redirect: 0, prefixes: new Set() };
    }
    t.brokenRedir = false;
    t.redirect = redirect;
    t.bcast = opts.bcast; t.optin = opts.optin; t.optout = opts.optout; t.noloop = opts.noloop;
    if (opts.bcast) {
      if (prefixes.length === 0) this.addPrefix(c, '');
      for (const p of prefixes) this.addPrefix(c, p);
    }
  }

  private addPrefix(c: Client, p: string): void {
    let bs = this.prefixes.get(p);
    if (bs === undefined) {
      bs = { clients: new Set(), keys: new Map() };
      this.prefixes.set(p, bs);
    }
    bs.clients.add(c);
    c.tracking!.prefixes.add(p);
  }

  disable(c: Client): void {
    const t = c.tracking;
    if (t === null) return;
    for (const p of t.prefixes) {
      const bs = this.prefixes.get(p);
      if (bs === undefined) continue;
      bs.clients.delete(c);
      if (bs.clients.size === 0) this.prefixes.delete(p);
    }
    c.tracking = null;
    this.clients--;
  }

  // ---- remembering keys (call()) ----

  /** A top-level command (not one inside EXEC or a script) is about to run. */
  beforeCall(c: Client, cmd: Command, argv: string[]): void { this.top = { c, cmd, argv }; }

  /** The client a change is attributed to: the top-level command's client (a script's caller), else the server's current one. */
  private currentClient(): Client | null { return this.top !== null && this.s.current !== null ? this.top.c : this.s.current; }

  /**
   * After a command ran (Redis call()): remember the keys a read-only command fetched; at top level
   * (`outer` null), send the invalidations deferred for this client and reset CLIENT CACHING.
   */
  afterCall(c: Client, cmd: Command, argv: string[], outer: Client | null): void {
    if ((cmd.flags & F.READONLY) && !(cmd.flags & F.PUBSUB) && !SCRIPT_RO.has(cmd.name)) {
      const top = this.top;
      if (outer !== null && c !== outer && top !== null) {
        // a read inside a script: the caller may cache the keys the script declared
        const ct = top.c.tracking;
        if (ct !== null && !ct.bcast) this.rememberKeys(top.c, ct, top.cmd, top.argv);
      } else if (c.tracking !== null && !c.tracking.bcast) this.rememberKeys(c, c.tracking, cmd, argv);
    }
    if (outer === null) {
      this.top = null;
      this.flushPending(c);
      // CLIENT CACHING affects only the next command or transaction (Redis resetClient).
      const t = c.tracking;
      if (t !== null && t.caching && !c.inMulti && (cmd.parent ?? cmd).name !== 'client') t.caching = false;
    }
  }

  private rememberKeys(c: Client, t: ClientTracking, cmd: Command, argv: string[]): void {
    if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
    for (const i of keyPositions(cmd, argv)) {
      const key = argv[i];
      let ids = this.table.get(key);
      if (ids === undefined) { ids = new Set(); this.table.set(key, ids); }
      if (!ids.has(c.id)) { ids.add(c.id); this.totalItems++; }
    }
  }

  // ---- invalidation ----

  /** A key was modified by `by` (null: expiry, eviction, the server). */
  invalidateKey(by: Client | null, key: string, bcast: boolean): void {
    if (bcast && this.prefixes.size > 0) this.rememberKeyToBroadcast(by, key);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    const s = this.s;
    const current = this.currentClient();
    for (const id of ids) {
      const target = s.clients.get(id);
      if (target === undefined) continue;
      const t = target.tracking;
      if (t === null || t.bcast) continue;
      if (t.noloop && target === current) continue;
      // The executing client gets it after its own reply (not interleaved with it).
      if (target === current) this.pending.push(key);
      else this.send(target, key);
    }
    this.totalItems -= ids.size;
    this.table.delete(key);
  }

  /** FLUSHALL / FLUSHDB: every tracking client gets a null invalidation; the table is dropped. */
  invalidateOnFlush(): void {
    const s = this.s;
    if (this.clients > 0) {
      const current = this.currentClient();
      for (const c of s.clients.values()) {
        if (c.tracking === null) continue;
        if (c === current) this.pending.push(null); else this.send(c, null);
      }
    }
    this.table.clear();
    this.totalItems = 0;
  }

  /** Send what was deferred for the executing client (Redis trackingHandlePendingKeyInvalidations). */
  flushPending(c: Client): void {
    if (this.pending.length === 0) return;
    const list = this.pending;
    this.pending = [];
    if (c.closed) return;
    for (const k of list) this.send(c, k);
  }

  private rememberKeyToBroadcast(by: Client | null, key: string): void {
    for (const [p, bs] of this.prefixes) {
      if (p.length > key.length || !key.startsWith(p)) continue;
      bs.keys.delete(key); // the last modifier wins (NOLOOP), as in Redis's rax insert
      bs.keys.set(key, by);
    }
    if (!this.bcastScheduled) {
      this.bcastScheduled = true;
      // Redis broadcasts in beforeSleep: once per event loop turn, after the commands of this turn.
      setImmediate(() => this.broadcast());
    }
  }

  /** Send the keys collected per prefix to its BCAST clients (Redis trackingBroadcastInvalidationMessages). */
  broadcast(): void {
    this.bcastScheduled = false;
    const names = [...this.prefixes.keys()].sort(cmpBytes);
    for (const p of names) {
      const bs = this.prefixes.get(p)!;
      if (bs.keys.size === 0) continue;
      const keys = [...bs.keys.entries()].sort((a, b) => cmpBytes(a[0], b[0]));
      bs.keys = new Map();
      for (const c of bs.clients) {
        if (c.closed) continue;
        const list = c.tracking?.noloop ? keys.filter((k) => k[1] !== c) : keys;
        if (list.length === 0) continue;
        this.send(c, list.map((k) => k[0]));
      }
    }
  }

  /**
   * Write one invalidation (Redis sendTrackingMessage): `keys` is one key,
   * an array of keys (BCAST) or null (flush: the original client's null).
   * Pushes bypass CLIENT REPLY OFF/SKIP.
   */
  send(c: Client, keys: string | string[] | null): void {
    const s = this.s;
    const t = c.tracking;
    const nullPayload = c.w.proto === 3 ? '_\r\n' : '$-1\r\n';
    let target = c, redirected = false;
    if (t !== null && t.redirect !== 0) {
      const r = s.clients.get(t.redirect);
      if (r === undefined || r.closed) {
        t.brokenRedir = true;
        if (c.w.proto === 3) this.write(c, (w) => { w.pushLen(2); w.bulk('tracking-redir-broken'); w.int(t.redirect); });
        return;
      }
      target = r; redirected = true;
    }
    const w = target.w;
    if (w.proto !== 3 && !(redirected && target.subscriptionCount > 0)) return; // RESP2 has no pushes on the same connection
    this.write(target, (w) => {
      if (w.proto === 3) { w.pushLen(2); w.bulk('invalidate'); }
      else { w.arrayLen(3); w.bulk('message'); w.bulk(TRACKING_CHANNEL); }
      if (keys === null) w.rawStr(nullPayload);
      else if (typeof keys === 'string') { w.arrayLen(1); w.bulk(keys); }
      else { w.arrayLen(keys.length); for (const k of keys) w.bulk(k); }
    });
  }

  private write(c: Client, f: (w: Client['w']) => void): void {
    const w = c.w, m = w.mute;
    w.mute = false;
    f(w);
    w.mute = m;
    if (c !== this.s.current) {
      // One socket write per target per batch of commands (Redis writes in beforeSleep), not per message.
      this.toFlush.add(c);
      if (!this.flushScheduled) { this.flushScheduled = true; queueMicrotask(() => this.flushTargets()); }
    }
  }

  private flushTargets(): void {
    this.flushScheduled = false;
    const list = [...this.toFlush];
    this.toFlush.clear();
    for (const c of list) if (!c.closed) this.s.flush(c);
  }

  // ---- tracking-table-max-keys ----

  /** Invalidate keys until the table is within tracking-table-max-keys (Redis trackingLimitUsedSlots). */
  limitUsedSlots(): void {
    if (this.table.size === 0) return;
    const max = this.s.config.num('tracking-table-max-keys');
    if (max === 0 || this.table.size <= max) { this.limitCounter = 0; return; }
    let effort = 100 * (this.limitCounter + 1);
    // Redis picks keys by a random walk of its radix tree; the oldest tracked keys go first here.
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.invalidateKey(null, key, false);
      if (this.table.size <= max) { this.limitCounter = 0; return; }
    }
    this.limitCounter++;
  }
}

/** Commands without movable keys: their legacy first/last/step range is exact (cheaper than walking key specs). */
const fixedKeys = new WeakMap<Command, boolean>();
function keyPositions(cmd: Command, argv: string[]): number[] {
  let fixed = fixedKeys.get(cmd);
  if (fixed === undefined) { fixed = cmd.firstKey > 0 && !cmd.flagNames.includes('movablekeys'); fixedKeys.set(cmd, fixed); }
  if (!fixed) return specKeyPositions(cmd, argv);
  const last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
  const out: number[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.step || 1) out.push(i);
  return out;
}

/** EVAL_RO & co. are read-only but track keys only when the script reads (see Tracking.top). */
const SCRIPT_RO = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro']);

const states = new WeakMap<Server, Tracking>();
/** The server's tracking state, created on first use. */
export function getTracking(s: Server): Tracking {
  let t = states.get(s);
  if (t === undefined) { t = new Tracking(s); states.set(s, t); s.tracking = t; }
  return t;
}

/**
 * Prefix overlap check of CLIENT TRACKING ... BCAST PREFIX (Redis
 * checkPrefixCollisionsOrReply). Returns null when fine, else the error and
 * whether to abort. Like Redis 7.0, an overlap between two given prefixes
 * found after the first one is replied but does not abort: Redis then also
 * enables tracking and replies +OK (two replies to one command).
 */
export function prefixCollision(existing: Iterable<string>, prefixes: string[]): { err: string; abort: boolean } | null {
  const overlaps = (a: string, b: string) => (a.length < b.length ? b.startsWith(a) : a.startsWith(b));
  const sorted = [...existing].sort(cmpBytes);
  for (let i = 0; i < prefixes.length; i++) {
    for (const p of sorted) {
      if (overlaps(p, prefixes[i])) return { err: E.TRACKING_PREFIX_EXISTING(prefixes[i], p), abort: true };
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) return { err: E.TRACKING_PREFIX_OTHER(prefixes[i], prefixes[j]), abort: i === 0 };
    }
  }
  return null;
}
