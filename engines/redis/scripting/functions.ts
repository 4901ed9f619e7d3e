/**
 * FUNCTION libraries (functions.c + function_lua.c): one Lua interpreter for
 * all libraries. Library code runs once at FUNCTION LOAD with a restricted
 * environment (only redis.register_function / redis.log / versions); the
 * registered callbacks later run with the full API through a proxy globals
 * table whose __index is switched between the two.
 */
import * as lua from './lua.js';
import type { LuaState } from './lua.js';
import { LuaHost, SCRIPT_FLAGS } from './engine.js';
import { pushErrorTable, errorInfo } from './convert.js';
import { splitArgs, scriptFlagsToCmdFlags } from './eval.js';
import { getScripting } from './state.js';
import type { Server } from '../server.js';
import type { Client } from '../client.js';
import type { Command } from '../commands/table.js';
import { parseI64 } from '../util.js';
import { E } from '../errors.js';
import { rdbFunctionHooks } from '../persistence.js';

export interface FunctionInfo { name: string; desc: string | null; flags: number; ref: number; lib: Library }
export interface Library { name: string; code: string; functions: Map<string, FunctionInfo> }

const LOAD_TIMEOUT_MS = 500;
const BAD_NAME = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

/** A set of libraries (the current one, or one being built by RESTORE / LOAD). */
export class LibSet {
  readonly libraries = new Map<string, Library>();
  /** Lower-cased function name → function (FCALL is case-insensitive). */
  readonly functions = new Map<string, FunctionInfo>();
  link(li: Library): void {
    this.libraries.set(li.name, li);
    for (const f of li.functions.values()) this.functions.set(f.name.toLowerCase(), f);
  }
  unlink(li: Library): void {
    this.libraries.delete(li.name);
    for (const f of li.functions.values()) this.functions.delete(f.name.toLowerCase());
  }
  functionCount(): number { return this.functions.size; }
}

export class FunctionsEngine extends LuaHost {
  current = new LibSet();
  private building: Library | null = null;
  private handlerRef = 0;

  constructor(server: Server) {
    super(server);
    const L = this.L;
    // library-load environment: { redis = { register_function, log, LOG_*, REDIS_VERSION* } }
    lua.newTable(L);
    lua.newTable(L);
    this.registerFunctionHost(); lua.setField(L, -2, 'register_function');
    this.registerLogAndVersion();
    this.setErrorMetatable();
    lua.setField(L, -2, 'redis');
    this.setErrorMetatable();
    this.protectRecursively();
    lua.setField(L, lua.REGISTRYINDEX, '__LIBRARY_API__');
    this.pushNewErrorHandler();
    lua.pushValue(L, -1);
    this.handlerRef = lua.ref(L); // the same handler, by reference for g_run
    lua.setField(L, lua.REGISTRYINDEX, '__ERROR_HANDLER__');
    lua.pushGlobals(L);
    this.setErrorMetatable();
    this.protectRecursively();
    lua.pop(L, 1);
    lua.pushGlobals(L);
    lua.setField(L, lua.REGISTRYINDEX, '__GLOBALS_API__');
    // proxy globals: an empty readonly table whose metatable points at the real globals
    lua.newTable(L);
    lua.newTable(L);
    lua.pushGlobals(L);
    lua.setField(L, -2, '__index');
    lua.setReadonly(L, -1, true);
    lua.setMetatable(L, -2);
    lua.setReadonly(L, -1, true);
    lua.replace(L, lua.GLOBALSINDEX);
  }

  private setGlobalsIndex(registryName: string): void {
    const L = this.L;
    lua.getMetatable(L, lua.GLOBALSINDEX);
    lua.setReadonly(L, -1, false);
    lua.getField(L, lua.REGISTRYINDEX, registryName);
    lua.setField(L, -2, '__index');
    lua.setReadonly(L, -1, true);
    lua.pop(L, 1);
  }

  /** luaEngineCreate: run the library code so it registers its functions into `li`. */
  private compile(li: Library, code: string, timeout: number): string | null {
    const L = this.L;
    this.setGlobalsIndex('__LIBRARY_API__');
    let err: string | null = null;
    try {
      if (lua.loadBuffer(L, code, '@user_function')) {
        err = `Error compiling function: ${lua.toString(L, -1) ?? ''}`;
        lua.pop(L, 1);
        return err;
      }
      this.building = li;
      this.loading = { register: (Ls) => this.register(Ls), start: performance.now(), timeout };
      lua.setHook(L, 100000);
      if (lua.pcall(L, 0, 0, 0)) {
        const info = errorInfo(L);
        err = `Error registering functions: ${info.msg ?? '(null)'}`;
        lua.pop(L, 1);
      }
      return err;
    } finally {
      this.setGlobalsIndex('__GLOBALS_API__');
      lua.setHook(L, 0);
      this.loading = null;
      this.building = null;
    }
  }

  /** redis.register_function(name, fn) or redis.register_function{function_name=, callback=, flags=, description=}. */
  private register(L: LuaState): number {
    const li = this.building!;
    const argc = lua.getTop(L);
    let name: string | null = null, desc: string | null = null, ref = -1, flags = 0;
    const fail = (msg: string): number => {
      if (ref >= 0) luaUnref(L, ref);
      pushErrorTable(L, msg);
      return -1;
    };
    if (argc < 1 || argc > 2) return fail('wrong number of arguments to redis.register_function');
    if (argc === 1) {
      if (lua.type(L, 1) !== lua.T_TABLE) return fail('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      lua.pushNil(L);
      while (lua.next(L, -2)) {
        if (!lua.isString(L, -2)) return fail('named argument key given to redis.register_function is not a string');
        const key = lua.toString(L, -2)!.toLowerCase();
        if (key === 'function_name') {
          if (!lua.isString(L, -1)) return fail('function_name argument given to redis.register_function must be a string');
          name = lua.toString(L, -1)!;
        } else if (key === 'description') {
          if (!lua.isString(L, -1)) return fail('description argument given to redis.register_function must be a string');
          desc = lua.toString(L, -1)!;
        } else if (key === 'callback') {
          if (lua.type(L, -1) !== lua.T_FUNCTION) return fail('callback argument given to redis.register_function must be a function');
          if (ref >= 0) luaUnref(L, ref);
          ref = luaRef(L);
          continue;
        } else if (key === 'flags') {
          if (lua.type(L, -1) !== lua.T_TABLE) return fail('flags argument to redis.register_function must be a table representing function flags');
          const f = readFlags(L);
          if (f === null) return fail('unknown flag given');
          flags = f;
        } else return fail('unknown argument given to redis.register_function');
        lua.pop(L, 1);
      }
      if (name === null) return fail('redis.register_function must get a function name argument');
      if (ref < 0) return fail('redis.register_function must get a callback argument');
    } else {
      if (!lua.isString(L, 1)) return fail('first argument to redis.register_function must be a string');
      name = lua.toString(L, 1)!;
      if (lua.type(L, 2) !== lua.T_FUNCTION) return fail('second argument to redis.register_function must be a function');
      ref = luaRef(L);
    }
    if (!validName(name)) return fail(BAD_NAME);
    if (li.functions.has(name)) return fail('Function already exists in the library');
    li.functions.set(name, { name, desc, flags, ref, lib: li });
    return 0;
  }

  private freeLibrary(li: Library): void {
    for (const f of li.functions.values()) luaUnref(this.L, f.ref);
  }

  /** functionsCreateWithLibraryCtx: returns the library name or an error message (without code). */
  create(code: string, replace: boolean, set: LibSet, timeout = LOAD_TIMEOUT_MS): { name: string } | { err: string } {
    const md = extractMetadata(code);
    if ('err' in md) return md;
    if (!validName(md.name)) return { err: BAD_NAME };
    if (md.engine.toLowerCase() !== 'lua') return { err: `Engine '${md.engine}' not found` };
    const old = set.libraries.get(md.name);
    if (old && !replace) return { err: `Library '${md.name}' already exists` };
    if (old) set.unlink(old);
    const li: Library = { name: md.name, code, functions: new Map() };
    const restore = (err: string): { err: string } => { this.freeLibrary(li); if (old) set.link(old); return { err }; };
    const err = this.compile(li, md.body, timeout);
    if (err !== null) return restore(err);
    if (li.functions.size === 0) return restore('No functions registered');
    for (const f of li.functions.values()) {
      if (set.functions.has(f.name.toLowerCase())) return restore(`Function ${f.name} already exists`);
    }
    set.link(li);
    if (old) this.freeLibrary(old);
    return { name: md.name };
  }

  /** Drop every library (FUNCTION FLUSH, FUNCTION RESTORE FLUSH) — or swap in a new set. */
  replaceAll(next: LibSet): void {
    for (const li of this.current.libraries.values()) this.freeLibrary(li);
    this.current = next;
  }

  /** Free a set that was built but not installed. */
  discard(set: LibSet): void { for (const li of set.libraries.values()) this.freeLibrary(li); }

  /** libraryJoin: move `src` into the current set (REPLACE replaces same-named libraries). */
  join(src: LibSet, replace: boolean): string | null {
    const dst = this.current;
    const replaced: Library[] = [];
    for (const li of src.libraries.values()) {
      const old = dst.libraries.get(li.name);
      if (old) {
        if (!replace) { for (const r of replaced) dst.link(r); return `Library ${li.name} already exists`; }
        dst.unlink(old);
        replaced.push(old);
      }
    }
    for (const f of src.functions.values()) {
      if (dst.functions.has(f.name.toLowerCase())) { for (const r of replaced) dst.link(r); return `Function ${f.name} already exists`; }
    }
    for (const li of src.libraries.values()) dst.link(li);
    for (const r of replaced) this.freeLibrary(r);
    return null;
  }

  /** FCALL / FCALL_RO. */
  fcall(c: Client, argv: string[], ro: boolean): void {
    const f = this.current.functions.get(argv[1].toLowerCase());
    if (f === undefined) return c.w.error('ERR Function not found');
    const nk = parseI64(argv[2]);
    if (nk === null) return c.w.error('ERR Bad number of keys provided');
    const numkeys = Number(nk);
    if (numkeys > argv.length - 3) return c.w.error(E.NUMKEYS_ARGS);
    if (numkeys < 0) return c.w.error(E.NUMKEYS_NEG);
    const perr = LuaHost.prepareError(this.server, f.flags, ro, c);
    if (perr !== null) return c.w.error(perr);
    this.callFunction(c, f.name, f.flags, ro, false, this.handlerRef, f.ref, argv, 3, numkeys);
  }
}

function luaRef(L: LuaState): number { return lua.ref(L); }
function luaUnref(L: LuaState, ref: number): void { lua.unref(L, ref); }

function readFlags(L: LuaState): number | null {
  let flags = 0;
  for (let j = 1; ; j++) {
    lua.pushNumber(L, j);
    lua.rawGet(L, -2);
    const t = lua.type(L, -1);
    if (t === lua.T_NIL) { lua.pop(L, 1); return flags; }
    if (!lua.isString(L, -1)) { lua.pop(L, 1); return null; }
    const s = lua.toString(L, -1)!.toLowerCase();
    lua.pop(L, 1);
    const def = SCRIPT_FLAGS.find(([n]) => n === s);
    if (!def) return null;
    flags |= def[1];
  }
}

function validName(s: string): boolean { return s.length > 0 && /^[A-Za-z0-9_]+$/.test(s); }

/** functionExtractLibMetaData: `#!<engine> name=<lib>` on the first line; the body keeps the newline (line numbers). */
export function extractMetadata(code: string): { engine: string; name: string; body: string } | { err: string } {
  if (!code.startsWith('#!')) return { err: 'Missing library metadata' };
  const end = code.indexOf('\n');
  if (end < 0) return { err: 'Invalid library metadata' };
  const parts = splitArgs(code.slice(0, end));
  if (parts === null || parts.length === 0) return { err: 'Invalid library metadata' };
  const engine = parts[0].slice(2);
  let name: string | null = null;
  for (let i = 1; i < parts.length; i++) {
    if (parts[i].slice(0, 5).toLowerCase() === 'name=') {
      if (name !== null) return { err: 'Invalid metadata value, name argument was given multiple times' };
      name = parts[i].slice(5);
      continue;
    }
    return { err: `Invalid metadata value given: ${parts[i]}` };
  }
  if (name === null) return { err: 'Library name was not given' };
  return { engine, name, body: code.slice(end) };
}

export function getFunctions(s: Server): FunctionsEngine {
  const sc = getScripting(s);
  if (sc.functions === null) sc.functions = new FunctionsEngine(s);
  return sc.functions as FunctionsEngine;
}
export function peekFunctions(s: Server): FunctionsEngine | null {
  return (getScripting(s).functions as FunctionsEngine | null) ?? null;
}

/** fcallGetCommandFlags. */
export function fcallCommandFlags(s: Server, cmd: Command, argv: string[]): number {
  if (argv.length < 2) return cmd.flags;
  const fe = peekFunctions(s);
  const f = fe?.current.functions.get(argv[1].toLowerCase());
  if (f === undefined) return cmd.flags;
  return scriptFlagsToCmdFlags(cmd.flags, f.flags);
}

/** Library sources for RDB (RDB_OPCODE_FUNCTION2) and FUNCTION DUMP. */
export function librarySources(s: Server): string[] {
  const fe = peekFunctions(s);
  return fe === null ? [] : [...fe.current.libraries.values()].map((li) => li.code);
}

/** RDB load: replace the libraries with the file's (Redis empties functions with the data). */
export function loadLibrariesFromRdb(s: Server, codes: string[], flush: boolean): void {
  if (codes.length === 0 && (!flush || peekFunctions(s) === null)) return;
  const fe = getFunctions(s);
  if (flush) fe.replaceAll(new LibSet());
  for (const code of codes) {
    const r = fe.create(code, true, fe.current, 0);
    if ('err' in r) throw new Error(`Failed loading library: ${r.err}`);
  }
}

rdbFunctionHooks.save = librarySources;
rdbFunctionHooks.load = loadLibrariesFromRdb;
