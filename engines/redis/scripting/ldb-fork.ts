/**
 * SCRIPT DEBUG YES, Redis's "forked" debugging session. Redis forks: the child
 * runs the EVAL with the debugger on its copy of the dataset and exits, the
 * parent forgets the client at once and keeps serving everybody else, so what
 * the script changed is gone with the child ("dataset changes rolled back").
 *
 * A Node process can't fork, so a child process plays the forked Redis: it
 * gets the client's socket (passed over IPC; the parent then closes its copy,
 * as after fork), an RDB image of the dataset taken at the EVAL (the moment
 * of the fork), the configuration, the ACL users and the caller's state
 * (db, RESP version, user, replies still pending), and runs the EVAL through
 * the normal dispatcher of a server of its own, with the session of ldb.ts
 * on that socket. Other clients never wait and never see the script's
 * writes; nothing it does is propagated, notified or counted here.
 * The cost is the RDB image (O(dataset), synchronous) and ~1 s of process
 * start before the first stop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type net from 'node:net';
import { pathToFileURL } from 'node:url';
import { Server } from '../server.js';
import type { Client } from '../client.js';
import type { Command } from '../commands/table.js';
import { writeSnapshot, loadSnapshot } from '../persistence.js';
import { getScripting } from './state.js';

/** What the child needs to be the parent at the moment of the fork. */
export interface ForkState {
  rdb: Buffer;
  config: [string, string][];
  users: string[];
  opts: { allowRestrictedCommands: boolean; databases: number; engine?: 'redis' | 'valkey'; engineVersion?: string };
  client: { db: number; proto: 2 | 3; user: string; name: string };
  readOnlyReplica: boolean;
  goodReplicas: boolean;
  argv: string[];
  ro: boolean;
  /** Replies of earlier pipelined commands not yet written: the child writes them before the EVAL reply. */
  prefix: Buffer;
}

/** Forked sessions of each server, killed at SHUTDOWN (ldbKillForkedSessions). */
const children = new WeakMap<Server, Set<ChildProcess>>();

/** The child's entry and how to start it: under tsx the engine is TypeScript. */
function childCommand(): { entry: string; execArgv: string[] } {
  const url = new URL(import.meta.url);
  const ts = url.pathname.endsWith('.ts');
  const entry = new URL(ts ? './ldb-child.ts' : './ldb-child.js', url);
  const execArgv = ts ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return { entry: entry.pathname, execArgv };
}

/**
 * Fork the debugging session of `c`'s EVAL. Returns null once the child owns
 * the connection (the client is gone from this server), or the reason the
 * fork failed (the client stays, as after Redis's failed fork()).
 */
export function forkSession(c: Client, argv: string[], ro: boolean): string | null {
  const s = c.server;
  const sock = c.socket;
  if (sock === null || !(sock as unknown as { _handle?: unknown })._handle) return 'no connection to hand over';
  const pending = c.w.take();
  const state: ForkState = {
    rdb: writeSnapshot(s),
    config: s.config.getMatching(['*']),
    users: s.acl.list(),
    opts: { allowRestrictedCommands: s.allowRestricted, databases: s.ks.dbs.length, engine: s.opts.engine, engineVersion: s.opts.engineVersion },
    client: { db: c.db.id, proto: c.w.proto, user: c.user.name, name: c.name },
    readOnlyReplica: s.readOnlyReplica,
    goodReplicas: s.goodReplicasOk(),
    argv, ro,
    prefix: pending === null ? Buffer.alloc(0) : Buffer.from(pending),
  };
  let child: ChildProcess;
  try {
    const { entry, execArgv } = childCommand();
    child = fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  } catch (e) {
    if (pending !== null) c.w.raw(state.prefix);
    return (e as Error).message;
  }
  const sc = getScripting(s);
  child.on('error', (e) => sc.log(3, `Lua debugging session child error: ${e.message}`));
  child.on('message', (m: { logs?: [number, string][] }) => { for (const [level, msg] of m.logs ?? []) sc.log(level, msg); });
  let set = children.get(s);
  if (set === undefined) { set = new Set(); children.set(s, set); killOnShutdown(s); }
  set.add(child);
  child.once('exit', () => set!.delete(child));
  // Stop reading here, hand the socket over and forget the client (the parent's freeClientAsync).
  sock.pause();
  try { child.send(state, sock); } catch (e) {
    sock.resume();
    child.kill('SIGKILL');
    set.delete(child);
    if (pending !== null) c.w.raw(state.prefix);
    return (e as Error).message;
  }
  s.freeClient(c);
  sock.destroy();
  child.unref();
  (child as unknown as { channel?: { unref(): void } }).channel?.unref();
  return null;
}

function killOnShutdown(s: Server): void {
  const prev = s.onShutdown;
  if (prev === null) return;
  s.onShutdown = (info) => {
    const set = children.get(s);
    for (const ch of set ?? []) {
      getScripting(s).log(3, `Killing debugging session ${ch.pid}`);
      ch.kill('SIGKILL');
    }
    set?.clear();
    prev(info);
  };
}

// ---------------------------------------------------------------------------
// the child (ldb-child.ts calls this with the parent's message)

/**
 * Run the forked session: the server as the parent had it, the EVAL (with `flag` marking the client
 * for a session on `fd`), the reply (`write`), then exit.
 */
export function runForkedChild(state: ForkState, sock: net.Socket, flag: (c: Client, fd: number) => void, write: (fd: number, b: Buffer) => void): void {
  sock.pause();
  const fd = (sock as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
  const o = state.opts;
  const s = new Server({ allowRestrictedCommands: o.allowRestrictedCommands, databases: o.databases, engine: o.engine, engineVersion: o.engineVersion });
  for (const [k, v] of state.config) s.config.setRaw(k, v);
  s.acl.replaceUsers(state.users.map((line) => { const w = line.split(' '); return { name: w[1], rules: w.slice(2) }; }));
  loadSnapshot(s, state.rdb);
  s.readOnlyReplica = state.readOnlyReplica;
  const good = state.goodReplicas;
  s.goodReplicasOk = () => good;
  const logs: [number, string][] = [];
  getScripting(s).onLog = (level, msg) => { logs.push([level, msg]); };
  const c = s.fakeClient();
  c.db = s.ks.dbs[state.client.db];
  c.w.proto = state.client.proto;
  c.user = s.acl.users.get(state.client.user) ?? s.acl.defaultUser;
  c.authenticated = true;
  c.name = state.client.name;
  flag(c, fd);
  s.call(c, s.lookup(state.argv) as Command, state.argv);
  const reply = c.w.take();
  write(fd, reply === null ? state.prefix : Buffer.concat([state.prefix, reply]));
  // exitFromChild: the connection closes with the process; the parent gets the log lines first.
  const exit = (): never => process.exit(0);
  setTimeout(exit, 2000).unref();
  if (process.send) process.send({ logs }, exit); else exit();
}
