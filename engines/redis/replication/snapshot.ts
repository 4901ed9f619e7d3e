/**
 * Bridge to the keyspace ⇄ RDB codec (engines/redis/persistence.ts) for full
 * resynchronisation: the master sends writeSnapshot(), the replica loads it
 * with loadSnapshot() keeping already-expired keys (like a Redis replica:
 * the master's DELs remove them).
 */
import type { Server } from '../server.js';
import { writeSnapshot, loadSnapshot as load } from '../persistence.js';

export function makeSnapshot(server: Server, aux: Record<string, string>): Buffer {
  return writeSnapshot(server, aux);
}

export function loadSnapshot(server: Server, buf: Buffer): void {
  load(server, buf, { flush: true, skipExpired: false });
}
