/**
 * Replication commands: REPLICAOF/SLAVEOF, PSYNC, SYNC, REPLCONF, WAIT, ROLE
 * (state and protocol in ../replication/).
 *
 * Access (ElastiCache refuses SYNC/PSYNC/REPLICAOF from clients):
 * - REPLICAOF/SLAVEOF are restricted commands (unknown unless allowRestrictedCommands);
 *   the control plane uses RedisServer.replicaOf()/promote().
 * - PSYNC/SYNC/REPLCONF are served when allowRestrictedCommands is on, or on a
 *   connection that first sent `REPLCONF auth-secret <s>` matching the server's
 *   `replicationSecret` option (our own replicas send it when configured with the
 *   same secret). Otherwise they answer like unknown commands.
 */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { getReplication, replSecretOk } from '../replication/master.js';
import { replicationUser } from '../replication/replica.js';
import { parseI64 } from '../util.js';

function replAllowed(c: Client): boolean {
  return c.server.allowRestricted || replSecretOk.has(c);
}

function replicaof(c: Client, argv: string[]): void {
  const r = getReplication(c.server);
  if (argv[1].toLowerCase() === 'no' && argv[2].toLowerCase() === 'one') {
    r.promote();
    return c.w.ok();
  }
  const port = parseI64(argv[2]);
  if (port === null || typeof port === 'bigint' || port < 0 || port > 65535) return c.w.error(E.NOT_INT);
  if (r.link && r.link.host === argv[1] && r.link.port === port) return c.w.simple('OK Already connected to specified master');
  r.replicaOf(argv[1], port);
  c.w.ok();
}

function psync(c: Client, argv: string[]): void {
  if (!replAllowed(c)) return c.w.error(E.UNKNOWN_CMD(argv[0], argv.slice(1)));
  if (c.server.masterClient === c) return;
  getReplication(c.server).psync(c, argv);
}

function replconf(c: Client, argv: string[]): void {
  const s = c.server;
  if (argv.length === 3 && argv[1].toLowerCase() === 'auth-secret') {
    if (s.opts.replicationSecret && argv[2] === s.opts.replicationSecret) {
      // The node's internal replication user (ElastiCache RBAC may switch the default user off).
      replSecretOk.add(c);
      c.authenticated = c.parser.authenticated = true;
      c.user = replicationUser();
      return c.w.ok();
    }
    if (s.allowRestricted) return c.w.ok();
    return c.w.error('ERR invalid replication secret');
  }
  if (!replAllowed(c) && c !== s.masterClient) return c.w.error(E.UNKNOWN_CMD(argv[0], argv.slice(1)));
  getReplication(s).replconf(c, argv);
}

function wait(c: Client, argv: string[]): void {
  const n = parseI64(argv[1]);
  if (n === null) return c.w.error(E.NOT_INT);
  const t = parseI64(argv[2]);
  if (t === null) return c.w.error('ERR timeout is not an integer or out of range');
  if (t < 0) return c.w.error(E.TIMEOUT_NEG);
  getReplication(c.server).wait(c, Number(n), Number(t));
}

function role(c: Client): void {
  getReplication(c.server).role(c);
}

registerAll({ replicaof, slaveof: replicaof, psync, sync: psync, replconf, wait, role });
