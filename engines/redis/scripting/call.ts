/**
 * redis.call / redis.pcall / redis.acl_check_cmd (luaRedisGenericCommand + scriptCall):
 * the arguments, the deny rules a command from a script passes, the call through the
 * dispatcher with the script's fake client, and the reply pushed back into Lua.
 */
import * as lua from './lua.js';
import type { LuaState } from './lua.js';
import { pushErrorTable } from './convert.js';
import type { RunCtx } from './engine.js';
import type { Server } from '../server.js';
import { F, lookupTop, type Command } from '../commands/table.js';
import { E } from '../errors.js';
import { formatDouble17g } from '../resp.js';
import { checkCommand, ACL_OK } from '../acl/check.js';

/** redis.set_repl flags (PROPAGATE_*). */
export const PROPAGATE_AOF = 1, PROPAGATE_REPL = 2;


/** Read redis.acl_check_cmd arguments (luaArgsToRedisArgv). Returns null after pushing the error table. */
function readArgv(L: LuaState): string[] | null {
  const argc = lua.getTop(L);
  if (argc === 0) { pushErrorTable(L, 'Please specify at least one argument for this redis lib call'); return null; }
  const argv = new Array<string>(argc);
  for (let j = 1; j <= argc; j++) {
    const t = lua.type(L, j);
    if (t === lua.T_NUMBER) argv[j - 1] = formatDouble17g(lua.toNumber(L, j));
    else if (t === lua.T_STRING) argv[j - 1] = lua.toString(L, j)!;
    else {
      lua.setTop(L, 0);
      pushErrorTable(L, 'Lua redis lib command arguments must be strings or integers');
      return null;
    }
  }
  lua.setTop(L, 0);
  return argv;
}

export function aclCheckCmd(run: RunCtx | null, L: LuaState): number {
  if (!run) { pushErrorTable(L, 'redis.acl_check_cmd can only be called inside a script invocation'); return -1; }
  const argv = readArgv(L);
  if (argv === null) return -1;
  const cmd = tableCommand(argv);
  if (cmd === undefined) { pushErrorTable(L, 'Invalid command passed to redis.acl_check_cmd()'); return -1; }
  lua.pushBoolean(L, checkCommand(run.caller.user, cmd, argv).code === ACL_OK);
  return 1;
}

/**
 * redis.call / redis.pcall (luaRedisGenericCommand + scriptCall). glue.c call_host left the
 * first `nconv` of the `argc` arguments in wasm memory (numbers as %.17g); the reply bytes go
 * back the same way and C pushes them (return -2). Checks in scriptCall's order: arity, noscript,
 * ACL, read-only script, READONLY replica / NOREPLICAS (first write only), OOM.
 */
export function redisCall(run: RunCtx | null, s: Server, L: LuaState, raise: boolean, argc: number, nconv: number): number {
  if (!run) { pushErrorTable(L, 'redis.call/pcall can only be called inside a script invocation'); return -1; }
  if (argc === 0) { pushErrorTable(L, 'Please specify at least one argument for this redis lib call'); return raise ? -1 : 1; }
  if (nconv < argc) { pushErrorTable(L, 'Lua redis lib command arguments must be strings or integers'); return raise ? -1 : 1; }
  const argv = lua.readArgs(argc);
  if (run.ldb !== null) run.ldb.logCommand(argv); // SCRIPT DEBUG: the debugger shows the command
  const fake = run.fake;
  // Scripts call the same few commands over and over: remember the last plain (no subcommands) one.
  const r = run.lastCmd !== null && argv[0] === run.lastName ? run.lastCmd : s.lookup(argv);
  if (typeof r !== 'string' && r !== run.lastCmd && r.parent === undefined && r.subcommands === undefined) { run.lastName = argv[0]; run.lastCmd = r; }
  let cmd: Command | null = null;
  let err: string | null = null;
  if (typeof r === 'string') {
    err = r.startsWith('ERR wrong number') ? 'Wrong number of args calling Redis command from script' : 'Unknown Redis command called from script';
    // A Redis command this engine lacks still has its table entry: Redis would refuse a noscript one first.
    const known = tableCommand(argv);
    if (known !== undefined && (known.flags & F.NOSCRIPT) && !((known.arity > 0 && argv.length !== known.arity) || argv.length < -known.arity)) {
      err = 'This Redis command is not allowed from script';
    }
  } else {
    cmd = r;
    const flags = cmd.flags;
    if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) err = 'Wrong number of args calling Redis command from script';
    else if (flags & F.NOSCRIPT) err = 'This Redis command is not allowed from script';
    else if (!run.caller.user.unrestricted && (err = s.acl.checkScript(fake, cmd, argv, run.caller)) !== null) { /* scriptVerifyACL */ }
    else if (run.readOnly && (flags & (F.WRITE | F.MAY_REPLICATE))) err = 'Write commands are not allowed from read-only scripts.';
    else if ((flags & F.WRITE) && !run.writeDirty && s.readOnlyReplica && run.caller !== s.masterClient) err = '-' + E.READONLY_REPLICA;
    else if ((flags & F.WRITE) && !run.writeDirty && !s.goodReplicasOk()) err = '-' + E.NOREPLICAS;
    else if (!run.allowOom && s.ks.evict.maxmemory > 0 && run.caller !== s.masterClient && !run.writeDirty && run.oomAtStart && (flags & F.DENYOOM)) err = '-' + E.OOM;
  }
  if (err !== null) {
    pushErrorTable(L, err, true);
    s.countError(err.charCodeAt(0) === 45 ? err.slice(1) : 'ERR ' + err);
    if (cmd) cmd.rejectedCalls++;
    return raise ? -1 : 1;
  }
  cmd = cmd!;
  if (cmd.flags & F.WRITE) run.writeDirty = true;
  const ks = s.ks;
  const mark = ks.txBuffer !== null ? ks.txBuffer.length : 0;
  s.call(fake, cmd, argv);
  if (!(run.replFlags & PROPAGATE_REPL) && ks.txBuffer !== null) ks.txBuffer.length = mark;
  const w = fake.w;
  if (w.pendingEnd === w.pendingStart) { lua.pushBoolean(L, false); return 1; }
  lua.setReply(w.buf, w.pendingStart, w.pendingEnd);
  if (run.ldb !== null) run.ldb.logReply(w.buf, w.pendingStart, w.pendingEnd); // ... and its reply
  w.taken();
  return -2;
}

/** The command table entry (with or without handler) for argv, as Redis's lookupCommand sees it. */
function tableCommand(argv: string[]): Command | undefined {
  const top = lookupTop(argv[0]);
  if (top === undefined) return undefined;
  if (top.subcommands && argv.length >= 2) return top.subcommands.get(argv[1].toLowerCase()) ?? undefined;
  return top;
}

