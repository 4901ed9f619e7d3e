/** Connection commands: PING ECHO SELECT QUIT RESET HELLO AUTH CLIENT * (Redis networking.c). */
import type { Client } from '../client.js';
import { CLIENT_REPLY_OFF, CLIENT_REPLY_ON, CLIENT_REPLY_SKIP_NEXT } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { HELP } from './help-data.js';
import { replyHelp } from './cmd_keys.js';
import { parseI64 } from '../util.js';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) return c.w.error(E.ARITY('ping'));
  if (c.inPubSubContext) {
    c.w.arrayLen(2);
    c.w.bulk('pong');
    c.w.bulk(argv.length === 1 ? '' : argv[1]);
  } else if (argv.length === 1) c.w.simple('PONG');
  else c.w.bulk(argv[1]);
}

function echo(c: Client, argv: string[]): void { c.w.bulk(argv[1]); }

function select(c: Client, argv: string[]): void {
  const v = parseI64(argv[1]);
  if (v === null || typeof v === 'bigint' || v < -2147483648 || v > 2147483647) return c.w.error(E.NOT_INT);
  if (v < 0 || v >= c.server.ks.dbs.length) return c.w.error(E.DB_INDEX);
  c.selectDb(v);
  c.w.ok();
}

function quit(c: Client): void {
  c.w.ok();
  c.closeAfterReply = true;
}

/** Redis clearClientConnectionState(). */
export function resetClient(c: Client): void {
  const s = c.server;
  c.selectDb(0);
  c.w.proto = 2;
  c.user = s.acl.defaultUser;
  c.authenticated = !s.acl.authRequired;
  c.parser.authenticated = c.authenticated;
  c.inMulti = false; c.multiQueue = []; c.multiDirty = false;
  s.unwatchAll(c);
  s.unsubscribeAll(c);
  c.name = '';
  c.noEvict = false;
  c.replyMode = CLIENT_REPLY_ON;
  if (c.monitor) { c.monitor = false; s.monitors.delete(c); }
  s.tracking?.disable(c);
}

function reset(c: Client): void {
  resetClient(c);
  c.w.simple('RESET');
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.w.error(E.SYNTAX);
  const s = c.server;
  let user = 'default', pass: string;
  if (argv.length === 2) {
    if (s.acl.defaultUser.nopass) return c.w.error(E.AUTH_NO_PASSWORD);
    pass = argv[1];
  } else { user = argv[1]; pass = argv[2]; }
  if (s.acl.authenticate(c, user, pass, argv[0])) c.w.ok();
  else c.w.error(E.WRONGPASS);
}

function validName(n: string): boolean {
  for (let i = 0; i < n.length; i++) { const ch = n.charCodeAt(i); if (ch < 33 || ch > 126) return false; }
  return true;
}

function hello(c: Client, argv: string[]): void {
  const s = c.server;
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseI64(argv[next++]);
    if (v === null) return c.w.error('ERR Protocol version is not an integer or out of range');
    if (v < 2 || v > 3) return c.w.error(E.NOPROTO);
    ver = Number(v);
  }
  let user: string | null = null, pass: string | null = null, name: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'auth' && more >= 2) { user = argv[j + 1]; pass = argv[j + 2]; j += 2; }
    else if (opt === 'setname' && more) {
      name = argv[j + 1];
      if (!validName(name)) return c.w.error(E.CLIENT_NAME);
      j++;
    } else return c.w.error(`ERR Syntax error in HELLO option '${argv[j]}'`);
  }
  if (user !== null && pass !== null) {
    if (!s.acl.authenticate(c, user, pass, argv[0])) return c.w.error(E.WRONGPASS);
  }
  if (!c.authenticated) return c.w.error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
  if (name !== null) c.name = name;
  if (ver) c.w.proto = ver as 2 | 3;
  const w = c.w;
  w.mapLen(7);
  w.bulk('server'); w.bulk(s.opts.engine === 'valkey' ? 'valkey' : 'redis');
  w.bulk('version'); w.bulk(s.versionForHello());
  w.bulk('proto'); w.int(w.proto);
  w.bulk('id'); w.int(c.id);
  w.bulk('mode'); w.bulk('standalone');
  w.bulk('role'); w.bulk('master');
  w.bulk('modules'); w.arrayLen(0);
}

// ---- CLIENT ----

const isReplicaConn = (c: Client): boolean => c.server.repl !== null && c.server.repl.replicas.has(c);

/** CLIENT LIST flags in Redis's order (catClientInfoString). */
function clientFlags(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  else if (isReplicaConn(c)) f += 'S';
  if (c === c.server.masterClient) f += 'M';
  if (c.subscriptionCount) f += 'P';
  if (c.inMulti) f += 'x';
  if (c.blocked || c.pausedArgv) f += 'b'; // CLIENT PAUSE blocks clients too (BLOCKED_PAUSE)
  const t = c.tracking;
  if (t !== null) { f += 't'; if (t.brokenRedir) f += 'R'; if (t.bcast) f += 'B'; }
  if (c.watchDirty) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict && c !== c.server.masterClient) f += 'e'; // the master client is exempt without the flag
  return f || 'N';
}

/** Bytes of argv as a multibulk request. */
function requestBytes(argv: string[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 5 + String(a.length).length + a.length;
  return n;
}

/**
 * One CLIENT LIST line. `argv`: the command `c` is executing — Redis still has it in the query
 * buffer (qbuf counts it, argv-mem is its argument bytes).
 */
export function clientInfoString(c: Client, argv?: string[]): string {
  const now = Date.now();
  let argvMem = 0;
  if (argv !== undefined) for (const a of argv) argvMem += a.length;
  const qbuf = c.parser.pending + (argv !== undefined ? requestBytes(argv) : 0);
  const omem = c.w.pendingBytes;
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name} age=${Math.floor((now - c.createdAt) / 1000)} ` +
    `idle=${Math.floor((now - c.lastInteraction) / 1000)} flags=${clientFlags(c)} db=${c.db.id} sub=${c.channels.size} ` +
    `psub=${c.patterns.size} ssub=${c.shardChannels.size} multi=${c.inMulti ? c.multiQueue.length : -1} qbuf=${qbuf} ` +
    `qbuf-free=${qbuf ? 20474 - qbuf > 0 ? 20474 - qbuf : 0 : 0} argv-mem=${argvMem} multi-mem=0 rbs=1024 rbp=0 obl=${omem} oll=0 omem=0 ` +
    `tot-mem=${22298 + qbuf + omem} events=r cmd=${c.lastCmd} user=${c.user.name} redir=${c.tracking !== null ? c.tracking.redirect : -1} resp=${c.w.proto}`;
}

/** Redis getClientType: a MONITOR client is "normal" (its S flag comes with MONITOR). */
function clientType(c: Client): string {
  if (c === c.server.masterClient) return 'master';
  if (!c.monitor && isReplicaConn(c)) return 'replica';
  return c.subscriptionCount ? 'pubsub' : 'normal';
}
const CLIENT_TYPES = ['normal', 'master', 'replica', 'slave', 'pubsub'];
const normType = (t: string) => (t === 'slave' ? 'replica' : t);

function clientList(c: Client, argv: string[]): void {
  const s = c.server;
  let list = [...s.clients.values()];
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    const t = argv[3].toLowerCase();
    if (!CLIENT_TYPES.includes(t)) return c.w.error(`ERR Unknown client type '${argv[3]}'`);
    list = list.filter((x) => clientType(x) === normType(t));
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    const ids: Client[] = [];
    for (let j = 3; j < argv.length; j++) {
      const v = parseI64(argv[j]);
      if (v === null) return c.w.error('ERR Invalid client ID');
      const cl = s.clients.get(Number(v));
      if (cl) ids.push(cl);
    }
    list = ids;
  } else if (argv.length !== 2) return c.w.error(E.SYNTAX);
  c.w.verbatim(list.map((x) => clientInfoString(x, x === c ? argv : undefined) + '\n').join(''));
}

function clientKill(c: Client, argv: string[]): void {
  const s = c.server;
  let addr: string | null = null, laddr: string | null = null, type: string | null = null, user: string | null = null;
  let id = 0, skipme = true;
  if (argv.length === 3) { addr = argv[2]; skipme = false; }
  else if (argv.length > 3) {
    for (let i = 2; i < argv.length; i += 2) {
      const o = argv[i].toLowerCase();
      const more = argv.length > i + 1;
      if (o === 'id' && more) {
        const v = parseI64(argv[i + 1]);
        if (v === null || v < 1) return c.w.error('ERR client-id should be greater than 0');
        id = Number(v);
      } else if (o === 'type' && more) {
        const t = argv[i + 1].toLowerCase();
        if (!CLIENT_TYPES.includes(t)) return c.w.error(`ERR Unknown client type '${argv[i + 1]}'`);
        type = normType(t);
      } else if (o === 'addr' && more) addr = argv[i + 1];
      else if (o === 'laddr' && more) laddr = argv[i + 1];
      else if (o === 'user' && more) {
        if (!s.acl.users.has(argv[i + 1])) return c.w.error(E.NO_SUCH_USER(argv[i + 1]));
        user = argv[i + 1];
      } else if (o === 'skipme' && more) {
        const v = argv[i + 1].toLowerCase();
        if (v === 'yes') skipme = true; else if (v === 'no') skipme = false; else return c.w.error(E.SYNTAX);
      } else return c.w.error(E.SYNTAX);
    }
  } else return c.w.error(E.SYNTAX);
  let killed = 0, closeSelf = false;
  for (const cl of [...s.clients.values()]) {
    if (addr !== null && cl.addr !== addr) continue;
    if (laddr !== null && cl.laddr !== laddr) continue;
    if (type !== null && clientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== null && cl.user !== s.acl.users.get(user)) continue;
    if (cl === c && skipme) continue;
    if (cl === c) closeSelf = true; else s.killClient(cl);
    killed++;
  }
  if (argv.length === 3) { if (killed === 0) c.w.error(E.NO_SUCH_CLIENT); else c.w.ok(); }
  else c.w.int(killed);
  if (closeSelf) c.closeAfterReply = true;
}

function clientReply(c: Client, argv: string[]): void {
  const o = argv[2].toLowerCase();
  if (o === 'on') { c.replyMode = CLIENT_REPLY_ON; c.w.mute = false; c.w.ok(); }
  else if (o === 'off') c.replyMode = CLIENT_REPLY_OFF;
  else if (o === 'skip') { if (c.replyMode !== CLIENT_REPLY_OFF) c.replyMode = CLIENT_REPLY_SKIP_NEXT; }
  else c.w.error(E.SYNTAX);
}

function clientNoEvict(c: Client, argv: string[]): void {
  const o = argv[2].toLowerCase();
  if (o === 'on') { c.noEvict = true; c.w.ok(); }
  else if (o === 'off') { c.noEvict = false; c.w.ok(); }
  else c.w.error(E.SYNTAX);
}

/** Blocked-client protocol for later phases: set c.blocked to an object implementing this. */
export interface BlockedState {
  /** Reply as if the timeout fired (null array etc.). */
  timeout(c: Client): void;
  /** Remove the client from whatever wait lists it is in. */
  cancel(c: Client): void;
  /** false: not a blocking command (a MIGRATE waiting for its target), CLIENT UNBLOCK answers 0. */
  unblockable?: boolean;
}

function clientUnblock(c: Client, argv: string[]): void {
  let err = false;
  if (argv.length === 4) {
    const o = argv[3].toLowerCase();
    if (o === 'error') err = true;
    else if (o !== 'timeout') return c.w.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const v = parseI64(argv[2]);
  if (v === null) return c.w.error(E.NOT_INT);
  const t = c.server.clients.get(Number(v));
  if (!t || !t.blocked || (t.blocked as BlockedState).unblockable === false) return c.w.int(0);
  const b = t.blocked as BlockedState;
  if (err) t.w.error('UNBLOCKED client unblocked via CLIENT UNBLOCK'); else b.timeout(t);
  b.cancel(t);
  t.blocked = null;
  c.server.processInput(t);
  c.server.flush(t);
  c.w.int(1);
}

function clientPause(c: Client, argv: string[]): void {
  let all = true;
  if (argv.length === 4) {
    const o = argv[3].toLowerCase();
    if (o === 'write') all = false;
    else if (o !== 'all') return c.w.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  const v = parseI64(argv[2]);
  if (v === null) return c.w.error('ERR timeout is not an integer or out of range');
  if (v < 0) return c.w.error(E.TIMEOUT_NEG);
  c.server.pause(Number(v), all);
  c.w.ok();
}

registerAll({
  ping, echo, select, quit, reset, auth, hello,
  'client|id': (c) => c.w.int(c.id),
  'client|info': (c, a) => c.w.verbatim(clientInfoString(c, a) + '\n'),
  'client|list': clientList,
  'client|kill': clientKill,
  'client|setname': (c, a) => { if (!validName(a[2])) return c.w.error(E.CLIENT_NAME); c.name = a[2]; c.w.ok(); },
  'client|getname': (c) => (c.name ? c.w.bulk(c.name) : c.w.nullBulk()),
  'client|reply': clientReply,
  'client|no-evict': clientNoEvict,
  'client|unblock': clientUnblock,
  'client|pause': clientPause,
  'client|unpause': (c) => { c.server.unpause(); c.w.ok(); },
  'client|help': (c, a) => replyHelp(c, a[0], HELP.client),
});
