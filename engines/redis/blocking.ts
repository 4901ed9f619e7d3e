/**
 * Blocking operations on keys (Redis blocked.c): BLPOP/BRPOP/BLMOVE/BLMPOP
 * today, BZPOPMIN/BZMPOP and XREAD BLOCK reuse the same mechanism.
 *
 * A command that has to wait calls `blockForKeys(c, spec)`. The client is
 * queued FIFO on every key of the spec (per db); while `c.blocked` is set the
 * server stops reading its input. Whenever a key is signalled ready
 * (`ks.signalReady`, called by LPUSH/ZADD/XADD/RENAME/…), the key is queued;
 * after the current top-level command (and so after a whole EXEC) the server
 * calls `handleBlockedOnKeys`, which offers the key to the waiting clients
 * in the order they blocked, as long as it still holds a value of the
 * spec's type. A served client gets its reply, is unblocked, and its pending
 * input is processed once the current round is over (Redis does that in
 * beforeSleep). Timeouts use one timer per blocked client; CLIENT UNBLOCK
 * and disconnects go through the BlockedState interface / close hooks.
 *
 * State lives per Server instance (installed lazily on the first block),
 * so the key-ready hook costs nothing until someone blocks.
 */
import type { Client } from './client.js';
import type { Db } from './keyspace.js';
import type { Server } from './server.js';
import type { BlockedState } from './commands/cmd_connection.js';
import { E } from './errors.js';
import { parseLD } from './util.js';

export interface BlockSpec {
  /** Value type this client waits for ('list', 'zset', 'stream'). */
  type: string;
  /** Keys to wait on (in the db the client had selected when it blocked). */
  keys: string[];
  /** Absolute unix ms, 0 = wait forever. */
  timeoutAt: number;
  /**
   * Key `key` holds a value of `type`: try to serve the client. Write the
   * reply to c.w, do the write/propagation/notifications, and return true;
   * return false to keep the client waiting (e.g. the value cannot serve it).
   */
  serve(c: Client, key: string, db: Db): boolean;
  /** Reply written when the timeout fires or CLIENT UNBLOCK … TIMEOUT is used. */
  onTimeout(c: Client): void;
  /**
   * Optional: the key was deleted or now holds another type (XREADGROUP
   * answers an error then). Reply and return true to unblock the client.
   */
  gone?(c: Client, key: string, db: Db): boolean;
}

const MAX_TIMER = 2 ** 31 - 1;

class Blocked implements BlockedState {
  timer: NodeJS.Timeout | null = null;
  constructor(readonly st: BlockingState, readonly db: Db, readonly spec: BlockSpec) {}
  timeout(c: Client): void { this.spec.onTimeout(c); }
  cancel(c: Client): void { this.st.remove(c, this); }
}

class BlockingState {
  /** db → key → FIFO of waiting clients. */
  readonly waiting = new Map<Db, Map<string, Client[]>>();
  ready: { db: Db; key: string }[] = [];
  readonly readySet = new Map<Db, Set<string>>();
  /** Clients unblocked during a round: their pending input is processed afterwards. */
  unblocked: Client[] = [];
  serving = false;
  count = 0;
  /** Blocked clients whose spec has gone(). */
  goneWaiters = 0;

  constructor(readonly s: Server) {
    s.ks.keyReadyHooks.push((db, key) => this.signal(db, key));
    // deletions/overwrites matter to waiters with a gone() handler (XREADGROUP)
    s.ks.keyChangeHooks.push((db, key) => { if (this.goneWaiters > 0) this.signalIfGone(db, key); });
    s.ks.flushHooks.push(() => this.signalAllWaited());
    s.clientCloseHooks.push((c) => {
      const b = c.blocked;
      if (b instanceof Blocked && b.st === this) { this.remove(c, b); c.blocked = null; }
    });
    const prev = s.afterCommand;
    s.afterCommand = prev ? () => { prev(); this.handle(); } : () => this.handle();
  }

  signal(db: Db, key: string): void {
    const m = this.waiting.get(db);
    if (m === undefined || !m.has(key)) return;
    let rs = this.readySet.get(db);
    if (rs === undefined) { rs = new Set(); this.readySet.set(db, rs); }
    if (rs.has(key)) return;
    rs.add(key);
    this.ready.push({ db, key });
  }

  /** A waited key was modified: queue it only if it vanished / changed type for a waiter with gone(). */
  private signalIfGone(db: Db, key: string): void {
    const list = this.waiting.get(db)?.get(key);
    if (list === undefined) return;
    const e = db.peek(key);
    for (const c of list) {
      const b = c.blocked;
      if (b instanceof Blocked && b.spec.gone && (e === undefined || e.type !== b.spec.type)) { this.signal(db, key); return; }
    }
  }

  /** FLUSHDB/FLUSHALL/SWAPDB: let gone() waiters see their key vanish (scanDatabaseForDeletedStreams). */
  signalAllWaited(): void {
    if (this.goneWaiters === 0) return;
    for (const [db, m] of this.waiting) for (const k of m.keys()) this.signal(db, k);
  }

  add(c: Client, spec: BlockSpec): void {
    const db = c.db;
    const b = new Blocked(this, db, spec);
    let m = this.waiting.get(db);
    if (m === undefined) { m = new Map(); this.waiting.set(db, m); }
    const seen = new Set<string>();
    for (const k of spec.keys) {
      if (seen.has(k)) continue;
      seen.add(k);
      let l = m.get(k);
      if (l === undefined) { l = []; m.set(k, l); }
      l.push(c);
    }
    c.blocked = b;
    this.count++;
    if (spec.gone) this.goneWaiters++;
    if (spec.timeoutAt > 0) this.arm(c, b);
  }

  remove(c: Client, b: Blocked): void {
    if (b.timer !== null) { clearTimeout(b.timer); b.timer = null; }
    const m = this.waiting.get(b.db);
    if (m !== undefined) {
      for (const k of b.spec.keys) {
        const l = m.get(k);
        if (l === undefined) continue;
        const i = l.indexOf(c);
        if (i >= 0) l.splice(i, 1);
        if (l.length === 0) m.delete(k);
      }
      if (m.size === 0) this.waiting.delete(b.db);
    }
    this.count--;
    if (b.spec.gone) this.goneWaiters--;
  }

  /** setTimeout caps at 2^31-1 ms: far timeouts re-arm until due. */
  private arm(c: Client, b: Blocked): void {
    const ms = Math.min(MAX_TIMER, Math.max(0, b.spec.timeoutAt - Date.now()));
    b.timer = setTimeout(() => this.fireTimeout(c, b), ms);
  }

  private fireTimeout(c: Client, b: Blocked): void {
    b.timer = null;
    if (c.blocked !== b) return;
    if (b.spec.timeoutAt - Date.now() > 0) { this.arm(c, b); return; }
    b.spec.onTimeout(c);
    this.remove(c, b);
    c.blocked = null;
    resume(this.s, c);
  }

  /** Serve clients blocked on keys that became ready (Redis handleClientsBlockedOnKeys). */
  handle(): void {
    if (this.ready.length === 0 || this.serving) return;
    const s = this.s, ks = s.ks;
    this.serving = true;
    const froze = !ks.frozen;
    if (froze) ks.freeze();
    const prevCurrent = s.current;
    try {
      while (this.ready.length) {
        const batch = this.ready;
        this.ready = [];
        for (const { db, key } of batch) {
          this.readySet.get(db)?.delete(key);
          const list = this.waiting.get(db)?.get(key);
          if (list === undefined) continue;
          for (const c of list.slice()) {
            const e = db.has(key) ? db.peek(key)! : undefined;
            const b = c.blocked;
            if (!(b instanceof Blocked) || b.st !== this) continue;
            const match = e !== undefined && b.spec.type === e.type;
            if (!match && b.spec.gone === undefined) continue;
            s.current = c;
            const prevDb = c.db;
            c.db = db;
            const errMark = c.w.errors;
            const served = match ? b.spec.serve(c, key, db) : b.spec.gone!(c, key, db);
            c.db = prevDb;
            if (!served) continue;
            if (c.w.errors !== errMark) {
              // updateStatsOnUnblock: error stats and failed_calls of the blocked command
              s.countError(c.w.lastError);
              const cmd = s.lookup(c.lastCmd.split('|'));
              if (typeof cmd !== 'string') cmd.failedCalls++;
            }
            this.remove(c, b);
            c.blocked = null;
            s.slowlogUnblocked(c);
            this.unblocked.push(c);
            s.tracking?.flushPending(c); // its own invalidations go after its reply (Redis afterCommand)
            s.flush(c);
          }
        }
      }
    } finally {
      s.current = prevCurrent;
      if (froze) ks.unfreeze();
      this.serving = false;
    }
    if (this.unblocked.length) {
      const list = this.unblocked;
      this.unblocked = [];
      queueMicrotask(() => { for (const c of list) resume(s, c); });
    }
  }
}

function resume(s: Server, c: Client): void {
  if (c.closed || c.blocked) { s.flush(c); return; }
  s.ks.freeze();
  try { s.processInput(c); } finally { s.ks.unfreeze(); }
  s.flush(c);
}

const states = new WeakMap<Server, BlockingState>();
function stateOf(s: Server): BlockingState {
  let st = states.get(s);
  if (st === undefined) { st = new BlockingState(s); states.set(s, st); }
  return st;
}

/** getTimeoutFromObjectOrReply(UNIT_SECONDS): absolute ms or 0 (forever); null after replying. */
export function parseTimeout(c: Client, s: string): number | null {
  const ld = parseLD(s);
  if (ld === null) { c.w.error(E.TIMEOUT_NOT_FLOAT); return null; }
  let ms: number;
  // (long long)ceill(x * 1000): out of range (and inf) becomes LLONG_MIN on x86, i.e. "negative"
  if (ld.inf) ms = -1;
  else {
    // exact ceil(m * 2^e * 1000) in BigInt, then the long long range check
    const num = ld.m * 1000n;
    let q: bigint;
    if (ld.e >= 0) q = num << BigInt(ld.e);
    else { const d = 1n << BigInt(-ld.e); q = num / d; if (!ld.neg && q * d !== num) q++; }
    if (ld.neg) q = -q;
    ms = q >= 1n << 63n ? -1 : Number(q);
  }
  if (ms < 0) { c.w.error(E.TIMEOUT_NEG); return null; }
  if (ms > 0) ms += Date.now();
  return ms;
}

/** Block `c` on spec.keys until served, timed out, unblocked or disconnected. */
export function blockForKeys(c: Client, spec: BlockSpec): void {
  stateOf(c.server).add(c, spec);
}

/**
 * True when a blocking command must not block and has to answer as if
 * timed out right away: inside MULTI/EXEC (and, later, scripts).
 */
export function cannotBlock(c: Client): boolean {
  return c.server.execDepth > 0;
}

/** After SWAPDB: re-check every waited key (XREADGROUP waiters whose stream went away get an error). */
export function signalAllWaited(s: Server): void { states.get(s)?.signalAllWaited(); }

/** Number of clients blocked on keys (INFO blocked_clients uses c.blocked). */
export function blockedOnKeysCount(s: Server): number { return states.get(s)?.count ?? 0; }

export type { Blocked };
