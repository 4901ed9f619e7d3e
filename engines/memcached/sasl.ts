// SASL for the binary protocol, as memcached -S offers it: mechanism list,
// PLAIN authentication (RFC 4616: [authzid] NUL authcid NUL passwd), and a
// step command that PLAIN never needs.

import { BinaryStatus } from './errors.js';
import type { BinaryReplier } from './binary.js';

export const SASL_MECHANISMS = 'PLAIN';
const MAX_SASL_MECH_LEN = 32;

export function handleSaslListMechs(r: BinaryReplier): void {
  if (r.conn.node.sasl === null) return r.error(BinaryStatus.UnknownCommand);
  r.success(0, null, SASL_MECHANISMS);
}

export function handleSaslAuth(r: BinaryReplier, mechanism: string, data: Buffer): void {
  const node = r.conn.node;
  const creds = node.sasl;
  if (creds === null) return r.error(BinaryStatus.UnknownCommand);
  if (mechanism.length > MAX_SASL_MECH_LEN) return r.error(BinaryStatus.InvalidArguments);
  const counters = node.store.counters;
  counters.auth_cmds++;
  if (mechanism === 'PLAIN' && plainMatches(data, creds.username, creds.password)) {
    r.conn.authenticated = true;
    return r.raw(BinaryStatus.Success, 0, null, null, 'Authenticated');
  }
  counters.auth_errors++;
  r.error(BinaryStatus.AuthError);
}

/** PLAIN finishes in one round trip, so a step is always out of sequence. */
export function handleSaslStep(r: BinaryReplier): void {
  if (r.conn.node.sasl === null) return r.error(BinaryStatus.UnknownCommand);
  r.error(BinaryStatus.AuthError);
}

function plainMatches(data: Buffer, username: string, password: string): boolean {
  const first = data.indexOf(0);
  if (first < 0) return false;
  const second = data.indexOf(0, first + 1);
  if (second < 0) return false;
  const authcid = data.toString('utf8', first + 1, second);
  const passwd = data.toString('utf8', second + 1);
  return authcid === username && passwd === password;
}
