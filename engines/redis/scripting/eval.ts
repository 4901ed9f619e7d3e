/**
 * EVAL scripts (eval.c): the interpreter with `__redis__err__handler` and
 * KEYS/ARGV globals, the script cache (sha1 → body, flags; the compiled
 * function lives in the Lua registry as f_<sha>), shebang flags.
 */
import crypto from 'node:crypto';
import * as lua from './lua.js';
import { LuaHost, SCRIPT_FLAGS, SF_EVAL_COMPAT, SF_NO_WRITES, SF_ALLOW_OOM, SF_ALLOW_STALE } from './engine.js';
import { getScripting } from './state.js';
import type { Server } from '../server.js';
import type { Client } from '../client.js';
import { F, type Command } from '../commands/table.js';
import { E } from '../errors.js';
import { parseI64 } from '../util.js';

/** A cached script; `ref` is the compiled function's reference in the Lua registry. */
export interface CachedScript { body: string; flags: number; ref: number }

export class EvalEngine extends LuaHost {
  readonly scripts = new Map<string, CachedScript>();
  /** Bytes of cached bodies + shas (used_memory_scripts_eval). */
  scriptsMem = 0;
  /** The global __redis__err__handler, also referenced from the registry for a fast fetch. */
  private handlerRef = 0;
  /** Cached scripts with a shebang (their flags change the command's flags). */
  flaggedScripts = 0;
  /** The last script EVALSHA ran (scripts are only ever removed all at once, with the engine). */
  private lastSha = '';
  private lastScript: CachedScript | null = null;

  constructor(server: Server) {
    super(server);
    const L = this.L;
    this.pushNewErrorHandler();
    lua.pushValue(L, -1);
    this.handlerRef = lua.ref(L);
    lua.setGlobal(L, '__redis__err__handler');
    lua.pushGlobals(L);
    this.setErrorMetatable();
    this.protectRecursively();
    lua.pop(L, 1);
    // KEYS and ARGV: writable tables (not protected) that every run refills
    lua.setReadonly(L, lua.GLOBALSINDEX, false);
    lua.newTable(L); lua.pushValue(L, -1); this.keysRef = lua.ref(L); lua.setGlobal(L, 'KEYS');
    lua.newTable(L); lua.pushValue(L, -1); this.argvRef = lua.ref(L); lua.setGlobal(L, 'ARGV');
    lua.setReadonly(L, lua.GLOBALSINDEX, true);
  }

  /** luaCreateFunction: compile and cache; returns the sha or an error message. */
  create(body: string): { sha: string } | { err: string } {
    const sha = sha1hex(body);
    if (this.scripts.has(sha)) return { sha };
    const sb = extractShebang(body);
    if ('err' in sb) return { err: 'ERR ' + sb.err };
    const L = this.L;
    if (lua.loadBuffer(L, body.slice(sb.len), '@user_script')) {
      const msg = lua.toString(L, -1) ?? '';
      lua.pop(L, 1);
      return { err: `ERR Error compiling script (new function): ${msg}`.replace(/[\r\n]/g, ' ') };
    }
    const ref = lua.ref(L); // Redis keeps it as registry["f_<sha>"]; a numeric ref is cheaper to fetch
    this.scripts.set(sha, { body, flags: sb.flags, ref });
    if (!(sb.flags & SF_EVAL_COMPAT)) this.flaggedScripts++;
    this.scriptsMem += 40 + 9 + body.length + 9;
    return { sha };
  }

  /** EVAL / EVALSHA / EVAL_RO / EVALSHA_RO. */
  eval(c: Client, argv: string[], evalsha: boolean, ro: boolean): void {
    if (evalsha && argv[1].length !== 40) return c.w.error(E.NOSCRIPT);
    const nk = parseI64(argv[2]);
    if (nk === null) return c.w.error(E.NOT_INT);
    const numkeys = Number(nk);
    if (numkeys > argv.length - 3) return c.w.error(E.NUMKEYS_ARGS);
    if (numkeys < 0) return c.w.error(E.NUMKEYS_NEG);
    // shas are case-insensitive; clients almost always send them lower-case already, and
    // mostly the same one again (a compare is cheaper than hashing a new 40-char string)
    let sha = evalsha ? argv[1] : sha1hex(argv[1]);
    let script = evalsha && sha === this.lastSha ? this.lastScript! : this.scripts.get(sha);
    if (script === undefined && evalsha) { sha = sha.toLowerCase(); script = this.scripts.get(sha); }
    if (evalsha && script !== undefined) { this.lastSha = sha; this.lastScript = script; }
    if (script === undefined) {
      if (evalsha) return c.w.error(E.NOSCRIPT);
      const r = this.create(argv[1]);
      if ('err' in r) return c.w.error(r.err);
      script = this.scripts.get(sha)!;
    }
    const perr = LuaHost.prepareError(this.server, script.flags, ro, c);
    if (perr !== null) return c.w.error(perr);
    this.callFunction(c, sha, script.flags, ro, true, this.handlerRef, script.ref, argv, 3, numkeys);
  }
}

export function sha1hex(s: string): string {
  return crypto.createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');
}

/** evalExtractShebangFlags: `#!lua flags=a,b` on the first line. */
export function extractShebang(body: string): { flags: number; len: number } | { err: string } {
  if (!body.startsWith('#!')) return { flags: SF_EVAL_COMPAT, len: 0 };
  const end = body.indexOf('\n');
  if (end < 0) return { err: 'Invalid script shebang' };
  const parts = splitArgs(body.slice(0, end));
  if (parts === null || parts.length === 0) return { err: 'Invalid engine in script shebang' };
  if (parts[0] !== '#!lua') return { err: `Unexpected engine in script shebang: ${parts[0]}` };
  let flags = 0;
  for (let j = 1; j < parts.length; j++) {
    if (!parts[j].startsWith('flags=')) return { err: `Unknown lua shebang option: ${parts[j]}` };
    const list = parts[j].slice(6);
    if (list === '') continue;
    for (const f of list.split(',')) {
      const def = SCRIPT_FLAGS.find(([n]) => n === f);
      if (!def) return { err: `Unexpected flag in script shebang: ${f}` };
      flags |= def[1];
    }
  }
  return { flags, len: end };
}

/** sdssplitargs: whitespace-separated, with "double" (escapes) and 'single' quotes. null on unbalanced quotes. */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inq = false, insq = false;
    for (;;) {
      const ch = line[i];
      if (inq) {
        if (i >= n) return null;
        if (ch === '\\' && line[i + 1] === 'x' && /[0-9a-fA-F]{2}/.test(line.slice(i + 2, i + 4))) { cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16)); i += 3; }
        else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          inq = false; i++; break;
        } else cur += ch;
      } else if (insq) {
        if (i >= n) return null;
        if (ch === '\\' && line[i + 1] === "'") { cur += "'"; i++; }
        else if (ch === "'") {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          insq = false; i++; break;
        } else cur += ch;
      } else {
        if (i >= n || /\s/.test(ch)) break;
        if (ch === '"') inq = true;
        else if (ch === "'") insq = true;
        else cur += ch;
      }
      i++;
    }
    out.push(cur);
  }
}

export function getEvalEngine(s: Server): EvalEngine {
  const sc = getScripting(s);
  if (sc.evalEngine === null) sc.evalEngine = new EvalEngine(s);
  return sc.evalEngine as EvalEngine;
}

/** SCRIPT FLUSH: a new interpreter and an empty cache (scriptingReset). */
export function resetEval(s: Server): void {
  const sc = getScripting(s);
  const e = sc.evalEngine as EvalEngine | null;
  if (e !== null) { e.close(); sc.evalEngine = null; }
}

/** scriptFlagsToCmdFlags: a script with a shebang declares its own write/denyoom/stale flags. */
export function scriptFlagsToCmdFlags(cmdFlags: number, sf: number): number {
  let f = cmdFlags & ~(F.STALE | F.DENYOOM | F.WRITE);
  if (!(sf & (SF_ALLOW_OOM | SF_NO_WRITES))) f |= F.DENYOOM;
  if (!(sf & SF_NO_WRITES)) f |= F.WRITE;
  if (sf & SF_ALLOW_STALE) f |= F.STALE;
  return f & ~F.MAY_REPLICATE;
}

/** evalGetCommandFlags. */
export function evalCommandFlags(s: Server, cmd: Command, argv: string[]): number {
  const evalsha = cmd.name === 'evalsha' || cmd.name === 'evalsha_ro';
  if (argv.length < 2 || (evalsha && argv[1].length !== 40)) return cmd.flags;
  const sc = getScripting(s);
  const e = sc.evalEngine as EvalEngine | null;
  if (evalsha && (e === null || e.flaggedScripts === 0)) return cmd.flags; // fast path: no cached script declares flags
  if (!evalsha && !argv[1].startsWith('#!')) return cmd.flags; // no shebang: compatibility mode, the command's own flags
  const sha = evalsha ? argv[1].toLowerCase() : null;
  let flags: number;
  const cached = e !== null ? e.scripts.get(sha ?? sha1hex(argv[1])) : undefined;
  if (cached !== undefined) flags = cached.flags;
  else {
    if (evalsha) return cmd.flags;
    const sb = extractShebang(argv[1]);
    if ('err' in sb) return cmd.flags;
    flags = sb.flags;
  }
  if (flags & SF_EVAL_COMPAT) return cmd.flags;
  return scriptFlagsToCmdFlags(cmd.flags, flags);
}
