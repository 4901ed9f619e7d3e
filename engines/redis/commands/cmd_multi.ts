/** Transactions: MULTI EXEC DISCARD WATCH UNWATCH (Redis multi.c). */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { CTX_MULTI } from '../acl/acl.js';
import { aclExecDeniedMessage } from '../acl/messages.js';

export function discardTransaction(c: Client): void {
  c.inMulti = false;
  c.multiQueue = [];
  c.multiDirty = false;
  c.server.unwatchAll(c);
}

function multi(c: Client): void {
  if (c.inMulti) return c.w.error(E.MULTI_NESTED);
  c.inMulti = true;
  c.w.ok();
}

function discard(c: Client): void {
  if (!c.inMulti) return c.w.error(E.DISCARD_NO_MULTI);
  discardTransaction(c);
  c.w.ok();
}

function exec(c: Client): void {
  const s = c.server;
  if (!c.inMulti) return c.w.error(E.EXEC_NO_MULTI);
  if (s.isWatchedKeyExpired(c)) c.watchDirty = true;
  if (c.multiDirty || c.watchDirty) {
    if (c.multiDirty) c.w.error(E.EXECABORT); else c.w.nullArray();
    discardTransaction(c);
    return;
  }
  const queue = c.multiQueue;
  s.unwatchAll(c);
  c.inMulti = false;
  c.multiQueue = [];
  c.w.arrayLen(queue.length);
  const ks = s.ks;
  const outer = ks.txBuffer === null;
  if (outer) ks.txBuffer = [];
  s.execDepth++;
  s.acl.exec = { client: c, queue }; // ACL LOG shows the client as Redis sees it during EXEC
  try {
    for (const q of queue) {
      // ACL rules may have changed since the command was queued (Redis rechecks at EXEC).
      if (!c.user.unrestricted) {
        const denied = s.acl.check(c, q.cmd, q.argv, CTX_MULTI, true);
        if (denied !== null) { c.w.error(aclExecDeniedMessage(denied.code)); s.countError('NOPERM'); continue; }
      }
      s.call(c, q.cmd, q.argv);
    }
  } finally {
    s.acl.exec = null;
    s.execDepth--;
    if (outer) {
      const buf = ks.txBuffer!;
      ks.txBuffer = null;
      if (buf.length) {
        ks.propagate(buf[0][0], ['MULTI']);
        for (const [db, argv] of buf) ks.propagate(db, argv);
        ks.propagate(buf[buf.length - 1][0], ['EXEC']);
      }
    }
  }
  c.propagated = true; // EXEC itself is never propagated verbatim
  discardTransaction(c);
}

function watch(c: Client, argv: string[]): void {
  if (c.inMulti) return c.w.error(E.WATCH_IN_MULTI);
  for (let i = 1; i < argv.length; i++) c.server.watch(c, argv[i]);
  c.w.ok();
}

function unwatch(c: Client): void {
  c.server.unwatchAll(c);
  c.w.ok();
}

registerAll({ multi, exec, discard, watch, unwatch });
