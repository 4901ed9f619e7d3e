/**
 * The ACL state of one server (Redis 7.0 acl.c globals): the users, the
 * `default` user, the ACL LOG, authentication, SETUSER with all-or-nothing
 * validation, DELUSER/LOAD killing the clients of removed users, killing
 * Pub/Sub clients whose channels were revoked, and the aclfile.
 */
import fs from 'node:fs';
import type { Client } from '../client.js';
import type { Command } from '../commands/table.js';
import type { Server } from '../server.js';
import { clientInfoString } from '../commands/cmd_connection.js';
import { AclUser } from './user.js';
import { hasSpaces, mergeSelectorArgs } from './args.js';
import { ACL_OK, DENIED_AUTH, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY, channelAllowed, checkCommand } from './check.js';
import { aclScriptDeniedMessage } from './messages.js';

export const CTX_TOPLEVEL = 0, CTX_MULTI = 1, CTX_LUA = 2;
const CTX_NAMES = ['toplevel', 'multi', 'lua'];
const REASONS = ['', 'command', 'key', 'auth', 'channel'];

export interface AclLogEntry { count: number; reason: number; context: number; object: string; username: string; ctime: number; cinfo: string }

/** Plain description of a user for the engine API (ElastiCache RBAC). */
export interface AclUserSpec { name: string; rules: string[] }

export class Acl {
  readonly users = new Map<string, AclUser>();
  readonly defaultUser: AclUser;
  readonly log: AclLogEntry[] = [];
  /** The transaction being executed (set by EXEC): Redis still shows that client in MULTI, running EXEC. */
  exec: { client: Client; queue: { cmd: Command; argv: string[] }[] } | null = null;
  /** True when new connections must AUTH (default user has a password or is off). */
  authRequired = false;

  constructor(private readonly server: Server) {
    this.defaultUser = this.createDefault();
    this.users.set('default', this.defaultUser);
  }

  /** acl-pubsub-default: selectors created from now on start with allchannels (existing users keep theirs). */
  get allChannelsByDefault(): boolean { return this.server.config.get('acl-pubsub-default') === 'allchannels'; }

  private createDefault(): AclUser {
    const u = new AclUser('default', this.allChannelsByDefault);
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) u.apply(op, false);
    return u;
  }

  private defaultChanged(): void {
    const d = this.defaultUser;
    this.authRequired = !d.nopass || !d.enabled;
  }

  /** requirepass → the default user's password (ACLUpdateDefaultUserPassword). */
  setRequirePass(pass: string | null): void {
    const d = this.defaultUser;
    d.apply('resetpass', false);
    if (pass !== null) d.apply('>' + pass, false); else d.apply('nopass', false);
    this.defaultChanged();
  }

  /** ACLCheckUserCredentials. */
  checkCredentials(name: string, pass: string): AclUser | null {
    const u = this.users.get(name);
    if (!u || !u.enabled) return null;
    return u.checkPassword(pass) ? u : null;
  }

  /** ACLAuthenticateUser: on success the client becomes that user; failures are logged. */
  authenticate(c: Client, name: string, pass: string, argv0: string): boolean {
    const u = this.checkCredentials(name, pass);
    if (u) {
      c.user = u;
      c.authenticated = true;
      c.parser.authenticated = true;
      return true;
    }
    c.lastCmd = argv0.toLowerCase();
    this.addLog(c, DENIED_AUTH, c.inMulti || this.server.execDepth > 0 ? CTX_MULTI : CTX_TOPLEVEL, name, argv0);
    return false;
  }

  // ---------------------------------------------------------------------
  // SETUSER / DELUSER

  /** ACLStringSetUser: apply all modifiers to a copy, commit only if every one is valid. Returns an error (without "ERR ") or null. */
  setUser(name: string, ops: string[]): string | null {
    const merged = mergeSelectorArgs(ops);
    if ('unmatched' in merged) return `Unmatched parenthesis in acl selector starting at '${ops[merged.unmatched]}'.`;
    const existing = this.users.get(name);
    const temp = existing ? existing.clone() : new AclUser(name, this.allChannelsByDefault);
    const allCh = this.allChannelsByDefault;
    for (const op of merged.args) {
      const e = temp.apply(op, allCh);
      if (e) return `Error in ACL SETUSER modifier '${op}': ${e}`;
    }
    if (existing) {
      this.killPubsubClientsIfNeeded(temp, existing);
      existing.copyFrom(temp);
    } else this.users.set(name, temp);
    if (name === 'default') this.defaultChanged();
    return null;
  }

  /** Remove users (not `default`) and close their connections. Returns how many existed. */
  delUsers(names: string[]): number {
    let n = 0;
    for (const name of names) {
      const u = this.users.get(name);
      if (!u || u === this.defaultUser) continue;
      this.users.delete(name);
      this.killClientsOf(u);
      n++;
    }
    return n;
  }

  /** ACLFreeUserAndKillClients: the current client is closed after its reply. */
  private killClientsOf(u: AclUser): void {
    const s = this.server;
    for (const c of [...s.clients.values()]) {
      if (c.user !== u) continue;
      c.user = this.defaultUser;
      c.authenticated = false;
      if (c === s.current) c.closeAfterReply = true;
      else s.killClient(c);
    }
  }

  /** ACLKillPubsubClientsIfNeeded: close the user's subscribers whose channels the new rules no longer allow. */
  private killPubsubClientsIfNeeded(next: AclUser, orig: AclUser): void {
    if (next.selectors.some((s) => s.allChannels)) return;
    const upcoming: string[] = [];
    for (const s of next.selectors) upcoming.push(...s.channels);
    let superset = true;
    for (const s of orig.selectors) {
      if (s.allChannels) { superset = false; break; }
      if (!s.channels.every((ch) => upcoming.includes(ch))) { superset = false; break; }
    }
    if (superset) return;
    const srv = this.server;
    for (const c of [...srv.clients.values()]) {
      if (c.user !== orig || c.subscriptionCount === 0 || c.monitor) continue;
      let kill = false;
      for (const p of c.patterns) if (!channelAllowed(upcoming, p, true)) { kill = true; break; }
      if (!kill) for (const ch of c.channels) if (!channelAllowed(upcoming, ch, false)) { kill = true; break; }
      if (!kill) for (const ch of c.shardChannels) if (!channelAllowed(upcoming, ch, false)) { kill = true; break; }
      if (kill) {
        if (c === srv.current) c.closeAfterReply = true;
        else srv.killClient(c);
      }
    }
  }

  // ---------------------------------------------------------------------
  // permission check (the one gate used by processCommand, EXEC and scripts)

  /**
   * Check `argv` against the client's user. Returns null when allowed;
   * otherwise logs the denial (context: CTX_TOPLEVEL/MULTI/LUA) and returns
   * the reason code and offending argument position.
   */
  check(c: Client, cmd: Command, argv: string[], context: number, keepLastCmd = false, infoClient: Client = c, u = c.user): { code: number; pos: number } | null {
    if (u.unrestricted || c === this.server.masterClient) return null;
    const r = checkCommand(u, cmd, argv);
    if (r.code === ACL_OK) return null;
    const object = r.code === DENIED_CMD ? cmd.fullname : argv[r.pos];
    if (!keepLastCmd) c.lastCmd = cmd.fullname; // Redis sets lastcmd at lookup: the log's client-info names the denied command
    this.addLog(infoClient, r.code, context, u.name, object);
    return r;
  }

  /**
   * scriptVerifyACL(): the gate for redis.call/redis.pcall. `c` is the script's
   * client, which runs as the user of `caller` (the client that ran
   * EVAL/FCALL). Returns null when allowed, else the error text the script
   * call raises ("The user executing the script can't run this command or
   * subcommand"), after logging with context "lua" and the caller's client-info.
   * Server.call() runs it for every command called on behalf of another client.
   */
  checkScript(c: Client, cmd: Command, argv: string[], caller: Client): string | null {
    const r = this.check(c, cmd, argv, CTX_LUA, true, caller, caller.user);
    return r === null ? null : aclScriptDeniedMessage(r.code);
  }

  // ---------------------------------------------------------------------
  // ACL LOG

  addLog(c: Client, reason: number, context: number, username: string, object: string): void {
    const now = Date.now();
    let cinfo: string;
    const ex = this.exec;
    if (ex !== null && ex.client === c) {
      const saved = [c.inMulti, c.multiQueue, c.lastCmd] as const;
      c.inMulti = true; c.multiQueue = ex.queue; c.lastCmd = 'exec';
      cinfo = clientInfoString(c);
      [c.inMulti, c.multiQueue, c.lastCmd] = saved;
    } else cinfo = clientInfoString(c);
    const max = this.server.config.num('acllog-max-len');
    for (let i = 0; i < this.log.length && i < 10; i++) {
      const e = this.log[i];
      if (e.reason === reason && e.context === context && Math.abs(e.ctime - now) <= 60000 && e.object === object && e.username === username) {
        e.cinfo = cinfo; e.ctime = now; e.count++;
        this.log.splice(i, 1);
        this.log.unshift(e);
        return;
      }
    }
    this.log.unshift({ count: 1, reason, context, object, username, ctime: now, cinfo });
    while (this.log.length > max) this.log.pop();
  }

  /** ACL LOG [count]: newest first. (A lowered acllog-max-len trims on the next insertion, as in Redis.) */
  writeLog(c: Client, count: number): void {
    const w = c.w, now = Date.now();
    const n = Math.min(count, this.log.length);
    w.arrayLen(n);
    for (let i = 0; i < n; i++) {
      const e = this.log[i];
      w.mapLen(7);
      w.bulk('count'); w.int(e.count);
      w.bulk('reason'); w.bulk(REASONS[e.reason] ?? 'unknown');
      w.bulk('context'); w.bulk(CTX_NAMES[e.context] ?? 'unknown');
      w.bulk('object'); w.bulk(e.object);
      w.bulk('username'); w.bulk(e.username);
      w.bulk('age-seconds'); w.double((now - e.ctime) / 1000);
      w.bulk('client-info'); w.bulk(e.cinfo);
    }
  }

  // ---------------------------------------------------------------------
  // aclfile

  get aclfile(): string { return this.server.config.get('aclfile') ?? ''; }

  /** ACLLoadFromFile: all or nothing. Returns the error text or null. */
  loadFile(): string | null {
    const file = this.aclfile;
    let text: string;
    try { text = fs.readFileSync(file, 'latin1'); } catch (e) {
      return `Error loading ACLs, opening file '${file}': ${errnoText(e as NodeJS.ErrnoException)}`;
    }
    const fresh = new Map<string, AclUser>();
    let errors = '';
    const lines = text.split('\n');
    const allCh = this.allChannelsByDefault;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      const ln = i + 1;
      if (line === '') continue;
      const argv = line.split(' ');
      if (argv[0] !== 'user' || argv.length < 2) { errors += `${file}:${ln} should start with user keyword followed by the username. `; continue; }
      if (hasSpaces(argv[1])) { errors += `'${file}:${ln}: username '${argv[1]}' contains invalid characters. `; continue; }
      if (fresh.has(argv[1])) { errors += `WARNING: Duplicate user '${argv[1]}' found on line ${ln}. `; continue; }
      const u = new AclUser(argv[1], allCh);
      fresh.set(argv[1], u);
      const merged = mergeSelectorArgs(argv.slice(2));
      if ('unmatched' in merged) { errors += `${file}:${ln}: Unmatched parenthesis in selector definition.`; continue; }
      let syntaxErr = false;
      for (const raw of merged.args) {
        const op = raw.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '');
        const e = u.apply(op, allCh);
        if (e === null) continue;
        if (e.startsWith('Unknown command')) errors += `${file}:${ln}: Error in applying operation '${op}': ${e}. `;
        else if (!syntaxErr) { errors += `${file}:${ln}: ${e}. `; syntaxErr = true; }
      }
    }
    if (errors) return errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed';
    // The default user object is referenced everywhere: copy the new rules into it.
    const nd = fresh.get('default') ?? this.createDefault();
    const old = [...this.users.values()];
    this.defaultUser.copyFrom(nd);
    fresh.set('default', this.defaultUser);
    this.users.clear();
    for (const [k, v] of fresh) this.users.set(k, v);
    this.defaultChanged();
    for (const u of old) if (u !== this.defaultUser) this.killClientsOf(u);
    return null;
  }

  /** ACLSaveToFile: write every user (sorted) to a temp file and rename it over the aclfile. */
  saveFile(): boolean {
    const file = this.aclfile;
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    try {
      fs.writeFileSync(tmp, Buffer.from(this.list().join('\n') + (this.users.size ? '\n' : ''), 'latin1'), { mode: 0o644 });
      fs.renameSync(tmp, file);
      return true;
    } catch {
      try { fs.unlinkSync(tmp); } catch { /* not created */ }
      return false;
    }
  }

  /** Users sorted as Redis's radix tree orders them (bytewise). */
  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  /** ACL LIST lines. */
  list(): string[] { return this.sortedUsers().map((u) => `user ${u.name} ${u.describe()}`); }

  // ---------------------------------------------------------------------
  // engine API (ElastiCache RBAC)

  /**
   * Replace every user but keep the `default` user object (whose rules are
   * replaced too when the list contains `default`). All rules are validated
   * first; on error nothing changes and the error is thrown. Clients of
   * removed users are disconnected, as ACL LOAD does.
   */
  replaceUsers(specs: AclUserSpec[]): void {
    const fresh = new Map<string, AclUser>();
    for (const sp of specs) {
      if (hasSpaces(sp.name)) throw new Error(`invalid ACL user name '${sp.name}'`);
      if (fresh.has(sp.name)) throw new Error(`duplicate ACL user '${sp.name}'`);
      const merged = mergeSelectorArgs(sp.rules);
      if ('unmatched' in merged) throw new Error(`user '${sp.name}': unmatched parenthesis`);
      const u = new AclUser(sp.name, this.allChannelsByDefault);
      for (const op of merged.args) { const e = u.apply(op, this.allChannelsByDefault); if (e) throw new Error(`user '${sp.name}', rule '${op}': ${e}`); }
      fresh.set(sp.name, u);
    }
    // Users that stay keep their object (and their connections, which see the new rules at once,
    // as after ACL SETUSER); users that are gone lose their connections.
    const old = [...this.users.values()];
    if (!fresh.has('default')) fresh.set('default', this.defaultUser);
    for (const [name, nu] of fresh) {
      const cur = this.users.get(name);
      if (cur && cur !== nu) { this.killPubsubClientsIfNeeded(nu, cur); cur.copyFrom(nu); fresh.set(name, cur); }
    }
    this.users.clear();
    for (const [k, v] of fresh) this.users.set(k, v);
    this.defaultChanged();
    for (const u of old) if (this.users.get(u.name) !== u) this.killClientsOf(u);
  }
}

function errnoText(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'EISDIR': return 'Is a directory';
    default: return e.message;
  }
}

export { ACL_OK, DENIED_AUTH, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY };
