/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (Redis 7.0 shutdownCommand /
 * prepareForShutdown / finishShutdown). Restricted like on ElastiCache unless
 * allowRestrictedCommands. Without NOW, a master with lagging replicas pauses
 * writes and waits up to `shutdown-timeout` seconds for them to acknowledge
 * the whole stream; then the dataset is saved when `save` is configured (or
 * SAVE is given) and the owner (RedisServer) is told to close the node —
 * listeners and every client connection — as if the process exited.
 */
import type { Client } from '../client.js';
import type { Server } from '../server.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { saveToDisk } from '../persistence.js';

const NOSAVE = 1, SAVE = 2, NOW = 4, FORCE = 8;

/** A shutdown waiting for replicas; the clients that asked for it stay blocked. */
interface Pending { flags: number; clients: Set<Client>; deadline: number; timer: NodeJS.Timeout }
const pending = new WeakMap<Server, Pending>();

function shutdown(c: Client, argv: string[]): void {
  let flags = 0, abort = false;
  for (let i = 1; i < argv.length; i++) {
    const o = argv[i].toLowerCase();
    if (o === 'nosave') flags |= NOSAVE;
    else if (o === 'save') flags |= SAVE;
    else if (o === 'now') flags |= NOW;
    else if (o === 'force') flags |= FORCE;
    else if (o === 'abort') abort = true;
    else return c.w.error(E.SYNTAX);
  }
  if ((abort && flags !== 0) || ((flags & NOSAVE) && (flags & SAVE))) return c.w.error(E.SYNTAX);
  const s = c.server;
  if (abort) {
    if (!abortShutdown(s)) return c.w.error(E.SHUTDOWN_NOT_IN_PROGRESS);
    return c.w.ok();
  }
  const err = startShutdown(s, flags, c);
  if (err !== null) c.w.error(err);
}

/**
 * prepareForShutdown: finish now, or (replicas lagging, no NOW) wait for them with `c` blocked.
 * Returns an error when the shutdown was refused.
 */
function startShutdown(s: Server, flags: number, c: Client | null): string | null {
  const p = pending.get(s);
  if (p !== undefined) { if (c !== null) block(c, p); return null; } // join the shutdown in progress
  const timeout = s.config.num('shutdown-timeout');
  if (!(flags & NOW) && timeout > 0 && !replicasCaughtUp(s)) {
    // Redis pauses writes and asks the replicas for an ACK, then retries until they caught up or the timeout.
    s.pause(timeout * 1000 + 1000, false);
    s.repl?.requestAcks();
    const np: Pending = { flags, clients: new Set(), deadline: Date.now() + timeout * 1000, timer: setInterval(() => retry(s), 100) };
    np.timer.unref();
    pending.set(s, np);
    if (c !== null) block(c, np);
    return null;
  }
  return finishShutdown(s, flags);
}

/**
 * The owner got SIGTERM / SIGINT: shut down as `shutdown-on-sigterm` / `shutdown-on-sigint` say
 * ("default": save if `save` is configured, wait for lagging replicas). Returns an error if refused.
 */
export function signalShutdown(s: Server, signal: 'sigterm' | 'sigint'): string | null {
  let flags = 0;
  for (const f of (s.config.get(`shutdown-on-${signal}`) ?? 'default').split(' ')) {
    if (f === 'save') flags |= SAVE; else if (f === 'nosave') flags |= NOSAVE; else if (f === 'now') flags |= NOW; else if (f === 'force') flags |= FORCE;
  }
  return startShutdown(s, flags, null);
}

function block(c: Client, p: Pending): void {
  p.clients.add(c);
  c.blocked = {
    timeout: () => { /* not unblockable by timeout */ },
    cancel: (cl: Client) => { p.clients.delete(cl); },
  };
}

function replicasCaughtUp(s: Server): boolean {
  const r = s.repl;
  if (r === null || r.link !== null) return true;
  for (const rc of r.replicas.values()) if (rc.ackOffset !== r.offset) return false;
  return true;
}

function retry(s: Server): void {
  const p = pending.get(s);
  if (p === undefined) return;
  if (!replicasCaughtUp(s) && Date.now() < p.deadline) return;
  clearInterval(p.timer);
  pending.delete(s);
  s.unpause();
  const err = finishShutdown(s, p.flags);
  if (err !== null) replyBlocked(s, p, err);
}

/** Unblock the clients waiting on a shutdown with an error reply. */
function replyBlocked(s: Server, p: Pending, err: string): void {
  for (const c of p.clients) {
    if (c.closed) continue;
    c.blocked = null;
    c.w.error(err);
    s.processInput(c);
    s.flush(c);
  }
  p.clients.clear();
}

/** SHUTDOWN ABORT: cancel a shutdown that waits for replicas. */
function abortShutdown(s: Server): boolean {
  const p = pending.get(s);
  if (p === undefined) return false;
  clearInterval(p.timer);
  pending.delete(s);
  s.unpause();
  replyBlocked(s, p, E.SHUTDOWN_ERRORS);
  return true;
}

/** Save if needed, then have the owner close the node. Returns an error reply when the shutdown was refused. */
function finishShutdown(s: Server, flags: number): string | null {
  const saveConfigured = (s.config.get('save') ?? '').trim() !== '';
  let saved = false;
  if ((saveConfigured && !(flags & NOSAVE)) || (flags & SAVE)) {
    try { saveToDisk(s); saved = true; } catch {
      if (!(flags & FORCE)) return E.SHUTDOWN_ERRORS; // Redis: "Error trying to save the DB, can't exit."
    }
  }
  s.shutdownNow({ saved });
  return null;
}

registerAll({ shutdown });
