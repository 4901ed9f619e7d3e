/**
 * One Lua interpreter with the Redis API (script_lua.c + script.c): the
 * `redis` table, redis.call/pcall through the engine's dispatcher with a fake
 * client, the deny rules, the run context (flags, dirty state, kill), the
 * count hook for the busy-script time limit, and protected globals.
 * eval.ts (EVAL scripts) and functions.ts (FUNCTION libraries) each own one.
 */
import crypto from 'node:crypto';
import * as lua from './lua.js';
import type { LuaState, LuaOwner } from './lua.js';
import { pushErrorTable, errorInfo, writeScriptReply } from './convert.js';
import type { Client } from '../client.js';
import type { Server } from '../server.js';
import type { Command } from '../commands/table.js';
import { redisCall, aclCheckCmd, PROPAGATE_AOF, PROPAGATE_REPL } from './call.js';
import { getScripting, type Scripting } from './state.js';
import { E } from '../errors.js';
import type { LdbSession } from './ldb.js';

// Script flags (script.h)
export const SF_NO_WRITES = 1, SF_ALLOW_OOM = 2, SF_ALLOW_STALE = 4, SF_NO_CLUSTER = 8, SF_EVAL_COMPAT = 16, SF_ALLOW_CROSS_SLOT = 32;
export const SCRIPT_FLAGS: [string, number][] = [
  ['no-writes', SF_NO_WRITES], ['allow-oom', SF_ALLOW_OOM], ['allow-stale', SF_ALLOW_STALE],
  ['no-cluster', SF_NO_CLUSTER], ['allow-cross-slot-keys', SF_ALLOW_CROSS_SLOT],
];

// host function ids
const H = {
  CALL: 1, PCALL: 2, LUA_PCALL: 3, SHA1HEX: 4, ERROR_REPLY: 5, STATUS_REPLY: 6, SET_REPL: 7, ACL_CHECK: 8, LOG: 9,
  SETRESP: 10, BREAKPOINT: 11, DEBUG: 12, REPLICATE_COMMANDS: 13, RANDOM: 14, RANDOMSEED: 15, GLOBAL_INDEX: 16,
  REGISTER_FUNCTION: 17,
} as const;

/** A running script (scriptRunCtx). */
export interface RunCtx {
  caller: Client;
  fake: Client;
  /** sha for EVAL, function name for FCALL. */
  name: string;
  evalMode: boolean;
  readOnly: boolean;
  allowOom: boolean;
  writeDirty: boolean;
  killed: boolean;
  timedOut: boolean;
  start: number;
  replFlags: number;
  oomAtStart: boolean;
  resp: 2 | 3;
  /** call.ts: the last plain command redis.call resolved (scripts repeat a few commands). */
  lastName: string;
  lastCmd: Command | null;
  /** The SCRIPT DEBUG session this run is debugged in (ldb.ts), else null. */
  ldb: LdbSession | null;
}

const ERR_HANDLER = `local dbg = debug
debug = nil
local function handler(err)
  local i = dbg.getinfo(2,'nSl')
  if i and i.what == 'C' then i = dbg.getinfo(3,'nSl') end
  if type(err) ~= 'table' then err = {err='ERR ' .. tostring(err)} end
  if i then err['source'] = i.source; err['line'] = i.currentline end
  return err
end
return handler`;

export abstract class LuaHost implements LuaOwner {
  readonly L: LuaState;
  run: RunCtx | null = null;
  /** Set by ldb.ts for an EVAL run under SCRIPT DEBUG: its hook replaces the busy-script count hook. */
  ldb: LdbSession | null = null;
  protected readonly fake: Client;
  /** redis.register_function target while FUNCTION LOAD runs (functions.ts). */
  loading: { register(L: LuaState): number; start: number; timeout: number } | null = null;
  private rand = [0x330e, 0xabcd, 0x1234];

  constructor(readonly server: Server) {
    this.L = lua.newState(this);
    this.sc = getScripting(server);
    this.fake = server.fakeClient();
    this.fake.authenticated = true;
    this.fake.isScript = true;
    (this.fake as { addr: string }).addr = 'lua'; // MONITOR shows script commands as [db lua]
    this.setupGlobals();
  }

  /** The redis API and the replaced builtins on the real globals (luaRegisterRedisAPI). */
  private setupGlobals(): void {
    const L = this.L;
    this.hostFn(H.LUA_PCALL); lua.setGlobal(L, 'pcall');
    lua.newTable(L);
    const fns: [string, number][] = [
      ['call', H.CALL], ['pcall', H.PCALL], ['log', H.LOG], ['setresp', H.SETRESP], ['sha1hex', H.SHA1HEX],
      ['error_reply', H.ERROR_REPLY], ['status_reply', H.STATUS_REPLY], ['set_repl', H.SET_REPL], ['acl_check_cmd', H.ACL_CHECK],
      ['breakpoint', H.BREAKPOINT], ['debug', H.DEBUG], ['replicate_commands', H.REPLICATE_COMMANDS],
    ];
    for (const [n, id] of fns) {
      if (id === H.CALL || id === H.PCALL) lua.pushCall(L, id); else this.hostFn(id); // call/pcall: glue.c call_host
      lua.setField(L, -2, n);
    }
    this.registerLogAndVersion();
    const nums: [string, number][] = [['REPL_NONE', 0], ['REPL_AOF', PROPAGATE_AOF], ['REPL_SLAVE', PROPAGATE_REPL],
      ['REPL_REPLICA', PROPAGATE_REPL], ['REPL_ALL', PROPAGATE_AOF | PROPAGATE_REPL]];
    for (const [n, v] of nums) { lua.pushNumber(L, v); lua.setField(L, -2, n); }
    lua.setGlobal(L, 'redis');
    lua.getGlobal(L, 'math');
    this.hostFn(H.RANDOM); lua.setField(L, -2, 'random');
    this.hostFn(H.RANDOMSEED); lua.setField(L, -2, 'randomseed');
    lua.pop(L, 1);
    // Not loaded by Redis: keep the sandbox identical.
    for (const g of ['loadfile', 'dofile', 'print']) { lua.pushNil(L); lua.setGlobal(L, g); }
  }

  /** redis.log, LOG_* and REDIS_VERSION(_NUM) into the table on top of the stack. */
  protected registerLogAndVersion(): void {
    const L = this.L;
    this.hostFn(H.LOG); lua.setField(L, -2, 'log');
    const levels: [string, number][] = [['LOG_DEBUG', 0], ['LOG_VERBOSE', 1], ['LOG_NOTICE', 2], ['LOG_WARNING', 3]];
    for (const [n, v] of levels) { lua.pushNumber(L, v); lua.setField(L, -2, n); }
    const v = this.server.versionString();
    const [a, b, c] = v.split('.').map((x) => Number(x) || 0);
    lua.pushNumber(L, (a << 16) | (b << 8) | c); lua.setField(L, -2, 'REDIS_VERSION_NUM');
    lua.pushString(L, v); lua.setField(L, -2, 'REDIS_VERSION');
  }

  protected hostFn(id: number): void { lua.pushHost(this.L, id); }
  protected registerFunctionHost(): void { this.hostFn(H.REGISTER_FUNCTION); }

  /** Compile the error handler; leaves it on the stack. */
  protected pushNewErrorHandler(): void {
    const L = this.L;
    lua.loadBuffer(L, ERR_HANDLER, '@err_handler_def');
    lua.pcall(L, 0, 1, 0);
  }

  /** Error metatable (__index raises on unknown globals) on the table on top of the stack. */
  protected setErrorMetatable(): void {
    const L = this.L;
    lua.newTable(L);
    this.hostFn(H.GLOBAL_INDEX); lua.setField(L, -2, '__index');
    lua.setMetatable(L, -2);
  }

  /** luaSetTableProtectionRecursively on the table on top of the stack. */
  protected protectRecursively(): void {
    const L = this.L;
    if (lua.isReadonly(L, -1)) return;
    lua.setReadonly(L, -1, true);
    lua.checkStack(L, 2);
    lua.pushNil(L);
    while (lua.next(L, -2)) {
      if (lua.type(L, -1) === lua.T_TABLE) this.protectRecursively();
      lua.pop(L, 1);
    }
    if (lua.getMetatable(L, -1)) { this.protectRecursively(); lua.pop(L, 1); }
  }

  close(): void { lua.close(this.L); }

  /** Bytes used by this interpreter (INFO used_memory_vm_*), as luaMemory(): GCCOUNT KB × 1024. */
  memory(): number { return Math.floor(lua.gcCount(this.L) / 1024) * 1024; }

  // ---------------------------------------------------------------------------
  // running

  /** scriptPrepareForRun: checks that depend on the script flags. Returns the error or null. */
  static prepareError(s: Server, flags: number, ro: boolean, caller: Client): string | null {
    if (flags & SF_EVAL_COMPAT) return null;
    const obey = caller === s.masterClient;
    if (!(flags & SF_NO_WRITES)) {
      if (s.readOnlyReplica && !obey) return 'READONLY Can not run script with write flag on readonly replica';
      if (ro) return 'ERR Can not execute a script with write flag using *_ro command.';
      if (!s.goodReplicasOk()) return E.NOREPLICAS;
    }
    if (s.ks.evict.maxmemory > 0 && !(flags & (SF_ALLOW_OOM | SF_NO_WRITES)) && !s.ks.performEvictions()) {
      return "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";
    }
    return null;
  }

  private readonly sc: Scripting;
  /** The effects of a run (ks.txBuffer), reused: nothing keeps the array. */
  private readonly txBuf: [number, string[]][] = [];
  /** EVAL: registry refs of the tables that are the KEYS and ARGV globals (refilled per run, glue.c refill). */
  protected keysRef = 0;
  protected argvRef = 0;
  /** The run context, reused: scripts never nest (EVAL/FCALL are noscript). */
  private readonly ctx: RunCtx = {
    caller: null as unknown as Client, fake: null as unknown as Client, name: '', evalMode: true, readOnly: false,
    allowOom: false, writeDirty: false, killed: false, timedOut: false, start: 0, replFlags: 0, oomAtStart: false, resp: 2, ldb: null,
    lastName: '', lastCmd: null,
  };

  /**
   * Run the function `fnRef` under the error handler `handlerRef` (registry refs) with
   * KEYS = argv[first, first+numkeys) and ARGV = the rest, and reply to the caller
   * (luaCallFunction). The run is one call into wasm (glue.c g_run).
   */
  protected callFunction(caller: Client, name: string, flags: number, ro: boolean, evalMode: boolean,
    handlerRef: number, fnRef: number, argv: string[], first: number, numkeys: number): void {
    const L = this.L, s = this.server, ks = s.ks;
    const fake = this.fake;
    fake.db = caller.db;
    fake.w.proto = 2;
    const run = this.ctx;
    run.caller = caller; run.fake = fake; run.name = name; run.evalMode = evalMode;
    run.readOnly = ro || (!(flags & SF_EVAL_COMPAT) && (flags & SF_NO_WRITES) !== 0);
    run.allowOom = !(flags & SF_EVAL_COMPAT) && (flags & SF_ALLOW_OOM) !== 0;
    run.writeDirty = false; run.killed = false; run.timedOut = false;
    // The command's start time when Server.call() has it (a top-level command in a batch; not inside EXEC,
    // where the mark is EXEC's start): one clock read less per script. Only the busy-script check uses it.
    run.start = ks.clockMark !== 0 && s.execDepth === 0 ? ks.clockMark : performance.now();
    run.replFlags = PROPAGATE_AOF | PROPAGATE_REPL;
    run.oomAtStart = ks.evict.maxmemory > 0 && !ks.performEvictions();
    run.resp = 2;
    this.run = run;
    const sc = this.sc;
    sc.running = this;
    // Effects replication: every write the script makes is wrapped in MULTI/EXEC (unless already in EXEC);
    // with nobody to propagate to (no replica, no AOF) there is nothing to collect.
    const outerTx = ks.txBuffer === null && ks.propagateHooks.length > 0;
    if (outerTx) ks.txBuffer = this.txBuf;
    lua.setRunning(L, this);
    try {
      const ldb = run.ldb = this.ldb;
      if (ldb !== null) ldb.setHook(L);
      const err = lua.runScript(L, handlerRef, fnRef, evalMode, argv, first, numkeys, ldb === null && sc.busyThreshold > 0 ? 100000 : 0,
        this.keysRef, this.argvRef);
      if (ldb !== null) lua.setHook(L, 0);
      const w = caller.w;
      if (err) {
        if (lua.type(L, -1) !== lua.T_TABLE) {
          const msg = lua.isString(L, -1) ? lua.toString(L, -1)! : 'execution failure';
          w.error(`ERR Error running script ${name}, ${msg.slice(0, 100)} `.replace(/[\r\n]/g, ' '));
        } else {
          const info = errorInfo(L);
          let m = info.msg ?? '';
          if (info.line !== null && info.source !== null) m += ` script: ${name}, on ${info.source}:${info.line}.`;
          m = m.replace(/[\r\n]/g, ' ');
          w.error(m); // an error redis.call already counted is not counted twice: call() sees totalErrors moved
        }
        lua.pop(L, 2); // the error and the handler
      } else {
        writeScriptReply(w);
      }
    } finally {
      lua.setRunning(0, undefined);
      this.run = null;
      sc.running = null;
      if (run.timedOut) sc.endBusy();
      if (outerTx) {
        const buf = ks.txBuffer!;
        ks.txBuffer = null;
        if (buf.length > 1) {
          ks.propagate(buf[0][0], ['MULTI']);
          for (const [db, argv] of buf) ks.propagate(db, argv);
          ks.propagate(buf[buf.length - 1][0], ['EXEC']);
        } else if (buf.length === 1) ks.propagate(buf[0][0], buf[0][1]);
        if (buf.length !== 0) buf.length = 0;
      }
      caller.propagated = true; // the script's effects were propagated, never EVAL/FCALL itself
    }
  }

  // ---------------------------------------------------------------------------
  // host functions

  /** redis.call / redis.pcall (glue.c call_host). */
  call(L: LuaState, id: number, argc: number, nconv: number): number {
    return redisCall(this.run, this.server, L, id === H.CALL, argc, nconv);
  }

  dispatch(L: LuaState, id: number): number {
    switch (id) {
      case H.LUA_PCALL: return this.luaPcall(L);
      case H.SHA1HEX: {
        if (lua.getTop(L) !== 1) { pushErrorTable(L, 'wrong number of arguments'); return -1; }
        const s = lua.toString(L, 1) ?? '';
        lua.pushString(L, crypto.createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex'));
        return 1;
      }
      case H.ERROR_REPLY: {
        if (lua.getTop(L) !== 1 || lua.type(L, -1) !== lua.T_STRING) { pushErrorTable(L, 'wrong number or type of arguments'); return 1; }
        let e = lua.toString(L, -1)!;
        const nul = e.indexOf('\0'); if (nul >= 0) e = e.slice(0, nul);
        pushErrorTable(L, e.charCodeAt(0) === 45 ? e : '-' + e);
        return 1;
      }
      case H.STATUS_REPLY: {
        if (lua.getTop(L) !== 1 || lua.type(L, -1) !== lua.T_STRING) { pushErrorTable(L, 'wrong number or type of arguments'); return 1; }
        lua.newTable(L, 0, 1); lua.pushString(L, 'ok'); lua.pushValue(L, -3); lua.setTable(L, -3);
        return 1;
      }
      case H.SET_REPL: {
        const run = this.run;
        if (!run) { pushErrorTable(L, 'redis.set_repl can only be called inside a script invocation'); return -1; }
        if (lua.getTop(L) !== 1) { pushErrorTable(L, 'redis.set_repl() requires two arguments.'); return -1; }
        const flags = Math.trunc(lua.toNumber(L, -1));
        if ((flags & ~(PROPAGATE_AOF | PROPAGATE_REPL)) !== 0) {
          pushErrorTable(L, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
          return -1;
        }
        run.replFlags = flags;
        return 0;
      }
      case H.ACL_CHECK: return aclCheckCmd(this.run, L);
      case H.LOG: return this.log(L);
      case H.SETRESP: {
        const run = this.run;
        if (!run) { pushErrorTable(L, 'redis.setresp can only be called inside a script invocation'); return -1; }
        if (lua.getTop(L) !== 1) { pushErrorTable(L, 'redis.setresp() requires one argument.'); return -1; }
        const resp = Math.trunc(lua.toNumber(L, -1));
        if (resp !== 2 && resp !== 3) { pushErrorTable(L, 'RESP version must be 2 or 3.'); return -1; }
        run.resp = resp; run.fake.w.proto = resp; lua.setResp(resp);
        return 0;
      }
      case H.BREAKPOINT: if (this.ldb !== null) return this.ldb.breakpoint(L); lua.pushBoolean(L, false); return 1;
      case H.DEBUG: return this.ldb !== null ? this.ldb.debug(L) : 0;
      case H.REPLICATE_COMMANDS: lua.pushBoolean(L, true); return 1;
      case H.RANDOM: return this.random(L);
      case H.RANDOMSEED: {
        if (!this.run) return lua.raiseWithWhere(L, 'math.randomseed can only be called inside a script invocation');
        const seed = this.checkInt(L, 1);
        if (seed === null) return -1;
        this.rand = [0x330e, seed & 0xffff, (seed >>> 16) & 0xffff];
        return 0;
      }
      case H.GLOBAL_INDEX: {
        if (lua.getTop(L) !== 2) return lua.raiseWithWhere(L, 'Wrong number of arguments to luaProtectedTableError');
        if (!lua.isString(L, -1)) return lua.raiseWithWhere(L, 'Second argument to luaProtectedTableError must be a string or number');
        return lua.raiseWithWhere(L, `Script attempted to access nonexistent global variable '${lua.toString(L, -1)}'`);
      }
      case H.REGISTER_FUNCTION: {
        if (!this.loading) { pushErrorTable(L, 'redis.register_function can only be called on FUNCTION LOAD command'); return -1; }
        return this.loading.register(L);
      }
    }
    return 0;
  }

  /** Our pcall: an error raised as a table (redis.call) is returned as its err string (Redis 6 compatibility). */
  private luaPcall(L: LuaState): number {
    const argc = lua.getTop(L);
    lua.pushBoolean(L, true);
    lua.insert(L, 1);
    if (lua.pcall(L, argc - 1, lua.MULTRET, 0)) {
      lua.remove(L, 1);
      if (lua.type(L, -1) === lua.T_TABLE) {
        lua.getField(L, -1, 'err');
        if (lua.isString(L, -1)) lua.replace(L, -2); else lua.pop(L, 1);
      }
      lua.pushBoolean(L, false);
      lua.insert(L, 1);
    }
    return lua.getTop(L);
  }

  /** luaL_checkint at argument `i`, raising Lua's "bad argument" error. */
  private checkInt(L: LuaState, i: number): number | null {
    const t = lua.type(L, i);
    if (t === lua.T_NUMBER || (t === lua.T_STRING && lua.toString(L, i)!.trim() !== '' && !Number.isNaN(Number(lua.toString(L, i))))) {
      return Math.trunc(lua.toNumber(L, i)) | 0;
    }
    lua.pushWhere(L, 1);
    lua.pushString(L, `bad argument #${i} to '?' (number expected, got ${t === lua.T_NONE ? 'no value' : typeName(t)})`);
    lua.concat(L, 2);
    return null;
  }

  /** redisLrand48(): 48-bit LCG, 31-bit output (portable math.random). */
  private lrand48(): number {
    // x = a*x + c mod 2^48 with 16-bit limbs, as rand.c does
    const [x0, x1, x2] = this.rand;
    const a0 = 0xe66d, a1 = 0xdeec, a2 = 0x5;
    let p = a0 * x0 + 0xb;
    const n0 = p & 0xffff; p = Math.floor(p / 0x10000);
    p += a0 * x1 + a1 * x0;
    const n1 = p & 0xffff; p = Math.floor(p / 0x10000);
    p += a0 * x2 + a1 * x1 + a2 * x0;
    const n2 = p & 0xffff;
    this.rand = [n0, n1, n2];
    return n2 * 0x8000 + (n1 >>> 1);
  }

  private random(L: LuaState): number {
    if (!this.run) return lua.raiseWithWhere(L, 'math.random can only be called inside a script invocation');
    const MAX = 2147483647;
    const r = (this.lrand48() % MAX) / MAX;
    switch (lua.getTop(L)) {
      case 0: lua.pushNumber(L, r); return 1;
      case 1: {
        const u = this.checkInt(L, 1); if (u === null) return -1;
        if (!(1 <= u)) return lua.raiseWithWhere(L, "bad argument #1 to 'random' (interval is empty)");
        lua.pushNumber(L, Math.floor(r * u) + 1); return 1;
      }
      case 2: {
        const l = this.checkInt(L, 1); if (l === null) return -1;
        const u = this.checkInt(L, 2); if (u === null) return -1;
        if (!(l <= u)) return lua.raiseWithWhere(L, "bad argument #2 to 'random' (interval is empty)");
        lua.pushNumber(L, Math.floor(r * (u - l + 1)) + l); return 1;
      }
      default: return lua.raiseWithWhere(L, 'wrong number of arguments');
    }
  }

  private log(L: LuaState): number {
    const argc = lua.getTop(L);
    if (argc < 2) { pushErrorTable(L, 'redis.log() requires two arguments or more.'); return -1; }
    if (!lua.isString(L, 1) || Number.isNaN(Number(lua.toString(L, 1)))) { pushErrorTable(L, 'First argument must be a number (log level).'); return -1; }
    const level = Math.trunc(lua.toNumber(L, 1));
    if (level < 0 || level > 3) { pushErrorTable(L, 'Invalid debug level.'); return -1; }
    const parts: string[] = [];
    for (let j = 2; j <= argc; j++) { const s = lua.toString(L, j); if (s !== null) parts.push(s); }
    getScripting(this.server).log(level, parts.join(' '));
    return 0;
  }

  /** Count hook: busy-script handling and SCRIPT KILL / FUNCTION KILL (scriptInterrupt). */
  hook(L: LuaState): number {
    const loading = this.loading;
    if (loading) {
      if (loading.timeout > 0 && performance.now() - loading.start > loading.timeout) { pushErrorTable(L, 'FUNCTION LOAD timeout'); return 1; }
      return 0;
    }
    const run = this.run;
    if (!run) return 0;
    const sc = getScripting(this.server);
    if (!run.timedOut) {
      const elapsed = performance.now() - run.start;
      if (elapsed < this.server.config.num('busy-reply-threshold')) return 0;
      run.timedOut = true;
      sc.log(3, `Slow script detected: still in execution after ${Math.floor(elapsed)} milliseconds. You can try killing the script using the ${run.evalMode ? 'SCRIPT KILL' : 'FUNCTION KILL'} command. Script name is: ${run.name}.`);
      sc.startBusy(run);
    }
    sc.processEventsWhileBlocked();
    // SHUTDOWN (NOSAVE) while busy: Redis exits mid-script; here the node is closed, so stop the script.
    if (this.server.shutDown) run.killed = true;
    if (run.killed) {
      sc.log(3, 'Lua script killed by user with SCRIPT KILL.');
      pushErrorTable(L, 'Script killed by user with SCRIPT KILL...');
      return 1;
    }
    return 0;
  }
}

function typeName(t: number): string {
  return ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'][t] ?? 'no value';
}
