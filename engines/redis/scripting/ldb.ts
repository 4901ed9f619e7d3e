/**
 * Redis's Lua debugger (LDB, eval.c "ldb*" + the hooks in script_lua.c):
 * SCRIPT DEBUG YES|SYNC|NO marks a client; its next EVAL runs as a debugging
 * session. A line+count hook (glue.c g_ldb_sethook) stops the script, the
 * session prints its log lines as one RESP array of status replies, then
 * reads debugger commands straight from the client's socket until one of
 * them resumes the script — the script is suspended inside Lua, so there is
 * no event loop to wait on: the socket is read synchronously, polling with
 * short sleeps, until input arrives or the client is gone. At the end
 * `<endsession>`, the EVAL reply, and the connection is closed.
 *
 * SYNC runs the session here and blocks the server, as Redis does.
 * YES forks in Redis; ldb-fork.ts emulates that with a child process that
 * gets the connection and a copy of the dataset (see there).
 *
 * Nothing here runs unless a client asked for SCRIPT DEBUG: the engine's
 * hook points (engine.ts, call.ts, convert.ts) test one null field.
 */
import fs from 'node:fs';
import * as lua from './lua.js';
import { luaModule, type LuaState } from './lua.js';
import type { LuaHost } from './engine.js';
import { errorLog, pushErrorTable } from './convert.js';
import { getScripting } from './state.js';
import { getEvalEngine } from './eval.js';
import { atoi, catStackValue, cString, protocolToHuman, replyErrors, parseCommand, HELP } from './ldb-repr.js';
import { forkSession } from './ldb-fork.js';
import { parseI64 } from '../util.js';
import { E } from '../errors.js';
import type { Client } from '../client.js';
import type { Server } from '../server.js';

const LDB_BREAKPOINTS_MAX = 64;
const LDB_MAX_LEN_DEFAULT = 256;
const LUA_HOOKCOUNT = 3;

// ---------------------------------------------------------------------------
// SCRIPT DEBUG (CLIENT_LUA_DEBUG / CLIENT_LUA_DEBUG_SYNC)

/** How a client's next EVAL is debugged; `fd` is set in the forked child, whose client has no socket. */
export interface DebugFlag { mode: 'yes' | 'sync'; fd?: number; child?: boolean }
const debugClients = new Map<Client, DebugFlag>();
const cleanupInstalled = new WeakSet<Server>();

/** Whether the client's EVALs are to be debugged (a Map size test when nobody debugs). */
export function ldbWanted(c: Client): boolean {
  return debugClients.size !== 0 && debugClients.has(c);
}

export function setDebugFlag(c: Client, flag: DebugFlag | null): void {
  if (flag === null) { debugClients.delete(c); return; }
  const s = c.server;
  if (!cleanupInstalled.has(s)) {
    cleanupInstalled.add(s);
    s.clientCloseHooks.push((x) => { debugClients.delete(x); });
  }
  debugClients.set(c, flag);
}

/** SCRIPT DEBUG YES|SYNC|NO (scriptCommand). */
export function scriptDebugCommand(c: Client, argv: string[]): void {
  // clientHasPendingReplies: replies of earlier pipelined commands not yet written
  if (c.w.pendingBytes > 0 || (c.socket?.writableLength ?? 0) > 0) return c.w.error(E.SCRIPT_DEBUG_PIPELINE);
  const mode = argv[2].toLowerCase();
  if (mode === 'no') setDebugFlag(c, null);
  else if (mode === 'yes' || mode === 'sync') setDebugFlag(c, { mode });
  else return c.w.error(E.SCRIPT_DEBUG_OPT);
  c.w.ok();
}

/** EVAL / EVALSHA of a client with SCRIPT DEBUG on (evalGenericCommandWithDebugging). */
export function evalWithDebugging(c: Client, argv: string[], evalsha: boolean, ro: boolean): void {
  if (evalsha) return c.w.error(argv[1].length !== 40 ? E.NOSCRIPT : E.LDB_EVALSHA);
  const flag = debugClients.get(c)!;
  if (flag.mode === 'yes' && !flag.child) {
    const why = forkSession(c, argv, ro);
    if (why !== null) { setDebugFlag(c, null); c.w.error(E.LDB_FORK_FAILED(why)); }
    return;
  }
  const s = c.server;
  const sc = getScripting(s);
  sc.log(3, flag.child ? 'Redis forked for debugging eval' : 'Redis synchronous debugging eval session started');
  const fd = flag.fd ?? socketFd(c);
  const engine = getEvalEngine(s);
  const sess = new LdbSession(engine, new LdbConn(fd), argv[1]);
  engine.ldb = sess;
  errorLog.fn = (raw) => sess.logError(raw);
  try {
    engine.eval(c, argv, false, ro);
  } finally {
    engine.ldb = null;
    errorLog.fn = null;
    sess.end();
    sess.log('<endsession>');
    sess.sendLogs();
    if (flag.child) sc.log(3, 'Lua debugging session child exiting');
    else {
      sc.log(3, 'Redis synchronous debugging eval session ended');
      // The end of the session is signalled by closing the connection; like CLIENT_CLOSE_AFTER_REPLY,
      // that drops any reply added later (the rest of an EXEC the EVAL was part of).
      c.closeAfterReply = true;
      c.w.mute = true;
    }
  }
}

function socketFd(c: Client): number {
  const fd = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd;
  return typeof fd === 'number' ? fd : -1;
}

// ---------------------------------------------------------------------------
// the debugging client's connection

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => { Atomics.wait(sleeper, 0, 0, ms); };
/** connSendTimeout(ldb.conn, 5000) */
const SEND_TIMEOUT_MS = 5000;

/** The client's socket, read and written synchronously while the script is suspended. */
export class LdbConn {
  private readonly rbuf = Buffer.allocUnsafe(1024); // Redis reads 1024 bytes at a time
  constructor(readonly fd: number) {}

  /** Waits for input (polling the non-blocking socket); null once the client is gone. */
  read(): string | null {
    if (this.fd < 0) return null;
    let wait = 1;
    for (;;) {
      try {
        const n = fs.readSync(this.fd, this.rbuf, 0, this.rbuf.length, null);
        return n > 0 ? this.rbuf.toString('latin1', 0, n) : null;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') return null;
      }
      sleep(wait);
      if (wait < 16) wait *= 2;
    }
  }

  /** Blocking write with Redis's 5 s send timeout; errors are ignored (the next read notices a dead client). */
  write(s: string): void { this.writeBytes(Buffer.from(s, 'latin1')); }
  writeBytes(b: Buffer): void {
    if (this.fd < 0) return;
    let off = 0, wait = 1;
    const deadline = Date.now() + SEND_TIMEOUT_MS;
    while (off < b.length) {
      try { off += fs.writeSync(this.fd, b, off, b.length - off); wait = 1; continue; } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') || Date.now() > deadline) return;
      }
      sleep(wait);
      if (wait < 16) wait *= 2;
    }
  }
}

// ---------------------------------------------------------------------------
// the session

/** ldbRepl outcomes. */
const REPL_OK = 0, REPL_RAISE = 1, REPL_GONE = 2;

type LuaMod = ReturnType<typeof luaModule> & { onLdbHook?: (L: number, event: number, line: number, user: number) => number };
let active: LdbSession | null = null;

function onLdbHook(L: number, event: number, line: number, user: number): number {
  // Never let a JS exception unwind through the interpreter's frames.
  try { return active !== null ? active.hook(L, event, line, user !== 0) : 0; } catch { return 0; }
}

/** One debugging session (Redis's global `ldb` state while ldb.active). */
export class LdbSession {
  private logs: string[] = [];
  /** ldb.bp as Redis keeps it (ldbDelBreakpoint's memmove moves bytes: see delBreakpoint). */
  private readonly bp = new Int32Array(LDB_BREAKPOINTS_MAX);
  private bpcount = 0;
  /** Stop at the next line; also what makes redis.call log (ldbIsEnabled). */
  private step = true;
  private luabp = false;
  private readonly src: string[];
  private currentline = 0;
  private cbuf = '';
  private maxlen = LDB_MAX_LEN_DEFAULT;
  private maxlenHintSent = false;

  constructor(private readonly host: LuaHost, private readonly conn: LdbConn, body: string) {
    // the source without trailing newlines, split on \n (sdssplitlen: an empty script has no lines)
    const trimmed = body.replace(/[\r\n]+$/, '');
    this.src = trimmed === '' ? [] : trimmed.split('\n');
  }

  /** luaCallFunction with debug_enabled: the line+count hook instead of the busy-script count hook. */
  setHook(L: LuaState): void {
    const m = luaModule() as LuaMod;
    m.onLdbHook = onLdbHook;
    active = this;
    m._g_ldb_sethook(L);
  }
  /** The session is over (its hook was removed with the script's). */
  end(): void { if (active === this) active = null; }

  // --- log -------------------------------------------------------------------

  log(entry: string): void { this.logs.push(entry); }

  /** ldbLogWithMaxLen: long entries are cut at maxlen, with a one-time hint. */
  private logWithMaxLen(entry: string): void {
    let trimmed = false;
    if (this.maxlen && entry.length > this.maxlen) { entry = entry.slice(0, this.maxlen) + ' ...'; trimmed = true; }
    this.log(entry);
    if (trimmed && !this.maxlenHintSent) {
      this.maxlenHintSent = true;
      this.log("<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.");
    }
  }

  /** ldbSendLogs: one array of status replies (newlines become spaces). */
  sendLogs(): void {
    let out = `*${this.logs.length}\r\n`;
    for (const e of this.logs) out += '+' + e.replace(/[\r\n]/g, ' ') + '\r\n';
    this.logs = [];
    this.conn.write(out);
  }

  private logStackValue(L: LuaState, prefix: string): void { this.logWithMaxLen(prefix + catStackValue(L, -1)); }

  // --- what the engine reports (only while stepping, as ldbIsEnabled) -----------

  /** luaRedisGenericCommand: the command a script runs (at most 10 arguments shown). */
  logCommand(argv: string[]): void {
    if (!this.step) return;
    let s = '<redis>';
    for (let j = 0; j < argv.length; j++) {
      if (j === 10) { s += ` ... (${argv.length - j - 1} more)`; break; }
      s += ' ' + argv[j];
    }
    this.log(s);
  }

  /** The reply of a script's command: its errors as Lua gets them (luaPushErrorBuff), then ldbLogRedisReply. */
  logReply(b: Buffer, start: number, end: number): void {
    if (!this.step) return;
    const r = b.toString('latin1', start, end);
    replyErrors(r, 0, (e) => this.log('<error> ' + e));
    this.logRedisReply(r);
  }
  private logRedisReply(reply: string): void { this.logWithMaxLen('<reply> ' + protocolToHuman(reply)[0]); }

  /** luaPushErrorBuff: every error handed to Lua (convert.ts pushErrorTable). */
  logError(raw: string): void { if (this.step) this.log('<error> ' + raw); }

  /** redis.breakpoint() */
  breakpoint(L: LuaState): number {
    this.luabp = true;
    lua.pushBoolean(L, true);
    return 1;
  }

  /** redis.debug(...): the arguments separated by commas. */
  debug(L: LuaState): number {
    const argc = lua.getTop(L);
    const parts: string[] = [];
    for (let i = 1; i <= argc; i++) parts.push(catStackValue(L, i));
    this.log(`<debug> line ${this.currentline}: ` + parts.join(', '));
    return 0;
  }

  // --- the hook (luaLdbLineHook) ---------------------------------------------

  hook(L: LuaState, event: number, line: number, user: boolean): number {
    this.currentline = line;
    const bp = this.isBreakpoint(line) || this.luabp;
    let timeout = false;
    if (!user) return 0; // events outside the script (error handler, debugger eval)
    const run = this.host.run;
    if (event === LUA_HOOKCOUNT && !this.step && !bp) {
      const limit = getScripting(this.host.server).busyThreshold || 5000;
      if (run === null || performance.now() - run.start < limit) return 0;
      timeout = true;
      this.step = true;
    }
    if (!this.step && !bp) return 0;
    const reason = bp ? (this.luabp ? 'redis.breakpoint() called' : 'break point') : timeout ? 'timeout reached, infinite loop?' : 'step over';
    this.step = false;
    this.luabp = false;
    this.log(`* Stopped at ${line}, stop reason = ${reason}`);
    this.logSourceLine(line);
    this.sendLogs();
    const r = this.repl(L);
    if (r === REPL_RAISE) return 1;
    if (r === REPL_GONE && timeout) {
      // Nobody can stop the loop any more: end the script rather than block forever.
      pushErrorTable(L, E.LDB_TIMEOUT_CLOSED);
      return 1;
    }
    if (run !== null) run.start = performance.now();
    const ks = this.host.server.ks;
    if (ks.frozen) ks.freeze(); // a new time snapshot for the script, as rctx->snapshot_time
    return 0;
  }

  // --- the command loop (ldbRepl) ----------------------------------------------

  private repl(L: LuaState): number {
    for (;;) {
      let argv: string[];
      for (;;) {
        const r = parseCommand(this.cbuf);
        if (r === 'error') { pushErrorTable(L, E.LDB_PROTOCOL); return REPL_RAISE; }
        if (r !== 'more') { argv = r; break; }
        const data = this.conn.read();
        if (data === null) {
          // the client is gone: let the script run to its end without stopping
          this.step = false;
          this.bpcount = 0;
          return REPL_GONE;
        }
        this.cbuf += data;
        if (this.cbuf.length > 1 << 20) { this.cbuf = ''; pushErrorTable(L, E.LDB_MAX_BUFFER); return REPL_RAISE; }
      }
      this.cbuf = ''; // whatever followed the command is dropped, as Redis does
      const name = cString(argv[0]).toLowerCase();
      const argc = argv.length;
      if (name === 'h' || name === 'help') { for (const l of HELP) this.log(l); }
      else if (name === 's' || name === 'step' || name === 'n' || name === 'next') { this.step = true; return REPL_OK; }
      else if (name === 'c' || name === 'continue') return REPL_OK;
      else if (name === 't' || name === 'trace') this.trace(L);
      else if (name === 'm' || name === 'maxlen') this.maxlenCmd(argv);
      else if (name === 'b' || name === 'break') this.breakCmd(argv);
      else if (name === 'e' || name === 'eval') this.evalCmd(L, argv);
      else if (name === 'a' || name === 'abort') { pushErrorTable(L, E.LDB_ABORTED); return REPL_RAISE; }
      else if (argc > 1 && (name === 'r' || name === 'redis')) this.redisCmd(L, argv);
      else if (name === 'p' || name === 'print') { if (argc === 2) this.print(L, cString(argv[1])); else this.printAll(L); }
      else if (name === 'l' || name === 'list') {
        let around = this.currentline, ctx = 5;
        if (argc > 1) { const num = atoi(argv[1]); if (num > 0) around = num; }
        if (argc > 2) ctx = atoi(argv[2]);
        this.list(around, ctx);
      } else if (name === 'w' || name === 'whole') this.list(1, 1000000);
      else this.log('<error> Unknown Redis Lua debugger command or wrong number of arguments.');
      this.sendLogs();
    }
  }

  // --- source and breakpoints ----------------------------------------------------

  private sourceLine(line: number): string {
    const idx = line - 1;
    return idx < 0 || idx >= this.src.length ? '<out of range source code line>' : this.src[idx];
  }

  /** ldbLogSourceLine: "->" marks the current line, "#" a breakpoint. */
  private logSourceLine(lnum: number): void {
    const current = this.currentline === lnum, bp = this.isBreakpoint(lnum);
    const prefix = current && bp ? '->#' : current ? '-> ' : bp ? '  #' : '   ';
    this.log(`${prefix}${String(lnum).padEnd(3)} ${this.sourceLine(lnum)}`);
  }

  /** ldbList: every line within `context` of `around` (0: the whole source). */
  private list(around: number, context: number): void {
    for (let j = 1; j <= this.src.length; j++) {
      if (around !== 0 && Math.abs(around - j) > context) continue;
      this.logSourceLine(j);
    }
  }

  private isBreakpoint(line: number): boolean {
    for (let j = 0; j < this.bpcount; j++) if (this.bp[j] === line) return true;
    return false;
  }

  private addBreakpoint(line: number): boolean {
    if (line <= 0 || line > this.src.length) return false;
    if (!this.isBreakpoint(line) && this.bpcount !== LDB_BREAKPOINTS_MAX) { this.bp[this.bpcount++] = line; return true; }
    return false;
  }

  /**
   * ldbDelBreakpoint. Redis moves `bpcount - j` *bytes* (not ints) down over the
   * removed entry; the resulting list (a duplicate, a lost breakpoint) is what
   * `break` then shows and where the script stops, so it is reproduced.
   */
  private delBreakpoint(line: number): boolean {
    for (let j = 0; j < this.bpcount; j++) {
      if (this.bp[j] === line) {
        this.bpcount--;
        const bytes = new Uint8Array(this.bp.buffer);
        bytes.copyWithin(j * 4, (j + 1) * 4, (j + 1) * 4 + (this.bpcount - j));
        return true;
      }
    }
    return false;
  }

  /** ldbBreak */
  private breakCmd(argv: string[]): void {
    if (argv.length === 1) {
      if (this.bpcount === 0) { this.log("No breakpoints set. Use 'b <line>' to add one."); return; }
      this.log(`${this.bpcount} breakpoints set:`);
      for (let j = 0; j < this.bpcount; j++) this.logSourceLine(this.bp[j]);
      return;
    }
    for (let j = 1; j < argv.length; j++) {
      const v = parseI64(argv[j]); // string2l
      if (v === null) { this.log(`Invalid argument:'${cString(argv[j])}'`); continue; }
      const line = BigInt(v);
      const asInt = Number(BigInt.asIntN(32, line)); // the int parameter of ldbAdd/DelBreakpoint
      if (line === 0n) { this.bpcount = 0; this.log('All breakpoints removed.'); }
      else if (line > 0n) {
        if (this.bpcount === LDB_BREAKPOINTS_MAX) this.log('Too many breakpoints set.');
        else if (this.addBreakpoint(asInt)) this.list(asInt, 1);
        else this.log('Wrong line number.');
      } else {
        this.log(this.delBreakpoint(Number(BigInt.asIntN(32, -line))) ? 'Breakpoint removed.' : 'No breakpoint in the specified line.');
      }
    }
  }

  // --- inspection --------------------------------------------------------------

  /** ldbPrint: the first local of that name from the current frame outwards, else the globals KEYS / ARGV. */
  private print(L: LuaState, varname: string): void {
    for (let level = 0; ; level++) {
      let name = localName(L, level, 1);
      if (name === NO_LEVEL) break;
      for (let i = 2; name !== null; i++) {
        if (name === varname) { this.logStackValue(L, '<value> '); lua.pop(L, 1); return; }
        lua.pop(L, 1);
        name = localName(L, level, i) as string | null;
      }
    }
    if (varname === 'ARGV' || varname === 'KEYS') {
      lua.getGlobal(L, varname);
      this.logStackValue(L, '<value> ');
      lua.pop(L, 1);
    } else this.log('No such variable.');
  }

  /** ldbPrintAll: the locals of the current frame. */
  private printAll(L: LuaState): void {
    let vars = 0;
    let name = localName(L, 0, 1);
    for (let i = 2; name !== null && name !== NO_LEVEL; i++) {
      if (!name.includes('(*temporary)')) { this.logStackValue(L, `<value> ${name} = `); vars++; }
      lua.pop(L, 1);
      name = localName(L, 0, i);
    }
    if (vars === 0) this.log('No local variables in the current context.');
  }

  /** ldbTrace */
  private trace(L: LuaState): void {
    const m = luaModule();
    let level = 0;
    for (;;) {
      const p = m._g_ldb_frame(L, level);
      if (p === 0) break;
      const h = m.HEAPU32;
      const line = h[p >> 2] | 0, user = h[(p >> 2) + 1], namePtr = h[(p >> 2) + 2];
      if (user) {
        this.log(`${level === 0 ? 'In' : 'From'} ${namePtr !== 0 ? readCString(namePtr) : 'top level'}:`);
        this.logSourceLine(line);
      }
      level++;
    }
    if (level === 0) this.log("<error> Can't retrieve Lua stack.");
  }

  /** ldbMaxlen */
  private maxlenCmd(argv: string[]): void {
    if (argv.length === 2) {
      let v = atoi(argv[1]);
      this.maxlenHintSent = true; // the user knows about the command now
      if (v !== 0 && v <= 60) v = 60;
      this.maxlen = v;
    }
    this.log(this.maxlen ? `<value> replies are truncated at ${this.maxlen} bytes.` : '<value> replies are unlimited.');
  }

  // --- running code ----------------------------------------------------------

  /** ldbEval: the code as an expression ("return " prepended), else as statements, in a new call frame. */
  private evalCmd(L: LuaState, argv: string[]): void {
    const code = argv.slice(1).join(' ');
    if (lua.loadBuffer(L, 'return ' + code, '@ldb_eval')) {
      lua.pop(L, 1);
      if (lua.loadBuffer(L, code, '@ldb_eval')) { this.log('<error> ' + errorText(L)); lua.pop(L, 1); return; }
    }
    if (lua.pcall(L, 0, 1, 0)) { this.log('<error> ' + errorText(L)); lua.pop(L, 1); return; }
    this.logStackValue(L, '<retval> ');
    lua.pop(L, 1);
  }

  /** ldbRedis: redis.call with logging forced on, so the command and its reply are shown. */
  private redisCmd(L: LuaState, argv: string[]): void {
    if (!lua.checkStack(L, argv.length + 1)) { this.logRedisReply('max lua stack reached'); return; }
    lua.getGlobal(L, 'redis');
    lua.getField(L, -1, 'call');
    for (let j = 1; j < argv.length; j++) lua.pushString(L, argv[j]);
    this.step = true;
    lua.pcall(L, argv.length - 1, 1, 0);
    this.step = false;
    lua.pop(L, 2);
  }
}

/** ldbEval prints lua_tostring of the error. Redis 7.0 crashes when that is not a string (NULL through %s); we print the error table's text, or "(null)". */
function errorText(L: LuaState): string {
  if (lua.isString(L, -1)) return cString(lua.toString(L, -1)!);
  if (lua.type(L, -1) === lua.T_TABLE) {
    lua.getField(L, -1, 'err');
    const s = lua.isString(L, -1) ? cString(lua.toString(L, -1)!) : null;
    lua.pop(L, 1);
    if (s !== null) return s;
  }
  return '(null)';
}

const NO_LEVEL = 1 as const;
/** lua_getstack + lua_getlocal: the name (value pushed), null when there is no such local, NO_LEVEL past the outermost frame. */
function localName(L: LuaState, level: number, n: number): string | null | typeof NO_LEVEL {
  const p = luaModule()._g_ldb_getlocal(L, level, n);
  if (p === 1) return NO_LEVEL;
  return p === 0 ? null : readCString(p);
}

function readCString(p: number): string {
  const h = luaModule().HEAPU8;
  let end = p;
  while (h[end] !== 0) end++;
  return Buffer.from(h.buffer, h.byteOffset + p, end - p).toString('latin1');
}
