/**
 * The Lua runtime: Redis 7.0.15's own Lua 5.1 (with cjson, cmsgpack, struct,
 * bit and the readonly-table patch) compiled to WebAssembly (wasm/build.sh),
 * instantiated synchronously once per process. Several lua_States (one per
 * server and purpose) live in the one instance; C closures call back into
 * the owner registered for their state (see glue.c).
 *
 * Strings cross the boundary as latin1 (one byte per char), like the keyspace.
 */
import { createRequire } from 'node:module';

export type LuaState = number;

type FastBuf = Buffer & { latin1Slice(start: number, end: number): string; latin1Write(s: string, offset: number): number };
export const fb = (b: Buffer): FastBuf => b as FastBuf;

/** What a lua_State's owner implements: host functions (by id) and the count hook. */
export interface LuaOwner {
  /** Returns the number of results pushed, or -1 after pushing the error value to raise. */
  dispatch(L: LuaState, id: number): number;
  /** Returns 1 after pushing an error value to abort the script. */
  hook(L: LuaState): number;
  /**
   * redis.call / redis.pcall (`id`): argv is in wasm memory (readArgs(nconv); nconv < argc when an
   * argument was neither string nor number). Returns -2 after setReply(), else like dispatch().
   */
  call(L: LuaState, id: number, argc: number, nconv: number): number;
}

interface LuaModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  onDispatch: (L: number, id: number) => number;
  onHook: (L: number) => number;
  onCall: (L: number, id: number, argc: number, nconv: number) => number;
  [fn: `_${string}`]: (...args: number[]) => number;
}

const require = createRequire(import.meta.url);
/**
 * lua_State → owner. Weak: an interpreter belongs to a server's scripting state, and when
 * that server is garbage collected its lua_States are closed (they live in the shared wasm memory).
 */
const owners = new Map<number, WeakRef<LuaOwner>>();
const finalizer = new FinalizationRegistry<number>((L) => { if (owners.delete(L)) { lastL = 0; mod()._g_close(L); } });
let M: LuaModule | null = null;

/**
 * The owner of a state, or of the main thread of a coroutine. The last main state is
 * remembered (scripts call back often); only close()/the finalizer free one, and they reset it.
 */
let lastL = 0;
let lastOwner: WeakRef<LuaOwner> | undefined;
/** The state running a script and its owner, held strongly for the run (WeakRef.deref is a runtime call). */
let runL = 0;
let runOwner: LuaOwner | undefined;
function ownerOf(L: number): LuaOwner | undefined {
  if (L === runL) return runOwner;
  if (L === lastL) return lastOwner!.deref();
  const o = owners.get(L);
  if (o === undefined) return owners.get(M!._g_mainthread(L))?.deref();
  lastL = L; lastOwner = o;
  return o.deref();
}

function mod(): LuaModule {
  if (M !== null) return M;
  const create = require('./wasm/lua.cjs') as (o: object) => LuaModule;
  M = create({
    onDispatch: (L: number, id: number) => {
      const o = ownerOf(L);
      if (o === undefined) return 0;
      try { return o.dispatch(L, id); } catch (e) {
        // A JS exception must never unwind through wasm frames: turn it into a Lua error.
        pushString(L, 'ERR ' + String((e as Error)?.message ?? e));
        return -1;
      }
    },
    onCall: (L: number, id: number, argc: number, nconv: number) => {
      const o = ownerOf(L);
      if (o === undefined) return 0;
      try { return o.call(L, id, argc, nconv); } catch (e) {
        pushString(L, 'ERR ' + String((e as Error)?.message ?? e));
        return -1;
      }
    },
    onHook: (L: number) => {
      // Never let a JS exception unwind through the interpreter's frames.
      try { return ownerOf(L)?.hook(L) ?? 0; } catch { return 0; }
    },
  });
  gRun = M._g_run;
  return M;
}
/** Hot exports, read once: the emscripten Module object is a slow (dictionary) object. */
let gRun: (...args: number[]) => number;

/** Mark `L` as running a script of `owner` (LuaHost.callFunction), or clear it (L = 0). */
export function setRunning(L: LuaState, owner: LuaOwner | undefined): void { runL = L; runOwner = owner; }

// Lua type tags
export const T_NONE = -1, T_NIL = 0, T_BOOLEAN = 1, T_LIGHTUSERDATA = 2, T_NUMBER = 3, T_STRING = 4, T_TABLE = 5,
  T_FUNCTION = 6, T_USERDATA = 7, T_THREAD = 8;
export const MULTRET = -1;
export const REGISTRYINDEX = -10000, GLOBALSINDEX = -10002;

// Scratch memory: one growable buffer for strings going into Lua, one size_t for lengths coming out.
let scratch = 0, scratchCap = 0, lenPtr = 0;
let view: Buffer = Buffer.alloc(0);
let U32: Uint32Array = new Uint32Array(0);
/** The wasm heap as a Buffer. Growing the memory detaches the old one, whose views then have length 0. */
function heap(): Buffer {
  if (view.length === 0) { const m = mod(); view = Buffer.from(m.HEAPU8.buffer); U32 = m.HEAPU32; }
  return view;
}
function reserve(n: number): number {
  const m = mod();
  if (n > scratchCap) {
    if (scratch) m._free(scratch);
    scratchCap = Math.max(256, n * 2);
    scratch = m._malloc(scratchCap);
  }
  return scratch;
}
/** Copy a latin1 string (plus NUL) into scratch memory; returns its address. */
function cstr(s: string): number {
  const p = reserve(s.length + 1);
  const h = heap();
  if (s.length < 32) { for (let i = 0; i < s.length; i++) h[p + i] = s.charCodeAt(i); }
  else fb(h).latin1Write(s, p);
  h[p + s.length] = 0;
  return p;
}
// Names used with getfield/setfield are interned once in wasm memory.
const names = new Map<string, number>();
function cname(s: string): number {
  let p = names.get(s);
  if (p === undefined) {
    const m = mod();
    p = m._malloc(s.length + 1);
    const h = heap();
    fb(h).latin1Write(s, p);
    h[p + s.length] = 0;
    names.set(s, p);
  }
  return p;
}

export function newState(owner: LuaOwner): LuaState {
  const m = mod();
  if (!lenPtr) lenPtr = m._malloc(8);
  const L = m._g_newstate();
  owners.set(L, new WeakRef(owner));
  lastL = 0; // the address may be a closed state's
  finalizer.register(owner, L, owner);
  return L;
}
export function close(L: LuaState): void {
  const o = owners.get(L)?.deref();
  if (o !== undefined) finalizer.unregister(o);
  owners.delete(L);
  lastL = 0; lastOwner = undefined;
  mod()._g_close(L);
}

export function pushString(L: LuaState, s: string): void { mod()._g_pushstring(L, cstr(s), s.length); }
export function toString(L: LuaState, idx: number): string | null {
  const m = mod();
  const p = m._lua_tolstring(L, idx, lenPtr);
  if (p === 0) return null;
  const h = heap();
  return latin1(h, p, U32[lenPtr >> 2]);
}

/**
 * h[p, p+len) as a latin1 string. Up to 8 bytes one String.fromCharCode call (no intermediate
 * strings, ~2x faster than latin1Slice's native call); longer ones latin1Slice.
 */
function latin1(h: Buffer, p: number, len: number): string {
  switch (len) {
    case 0: return '';
    case 1: return String.fromCharCode(h[p]);
    case 2: return String.fromCharCode(h[p], h[p + 1]);
    case 3: return String.fromCharCode(h[p], h[p + 1], h[p + 2]);
    case 4: return String.fromCharCode(h[p], h[p + 1], h[p + 2], h[p + 3]);
    case 5: return String.fromCharCode(h[p], h[p + 1], h[p + 2], h[p + 3], h[p + 4]);
    case 6: return String.fromCharCode(h[p], h[p + 1], h[p + 2], h[p + 3], h[p + 4], h[p + 5]);
    case 7: return String.fromCharCode(h[p], h[p + 1], h[p + 2], h[p + 3], h[p + 4], h[p + 5], h[p + 6]);
    case 8: return String.fromCharCode(h[p], h[p + 1], h[p + 2], h[p + 3], h[p + 4], h[p + 5], h[p + 6], h[p + 7]);
    default: return fb(h).latin1Slice(p, p + len);
  }
}
export function loadBuffer(L: LuaState, code: string, chunkname: string): number {
  const m = mod();
  const n = cname(chunkname);
  return m._g_loadbuffer(L, cstr(code), code.length, n);
}
export const type = (L: LuaState, i: number): number => mod()._lua_type(L, i);
export const getTop = (L: LuaState): number => mod()._lua_gettop(L);
export const setTop = (L: LuaState, i: number): void => { mod()._lua_settop(L, i); };
export const pop = (L: LuaState, n: number): void => { mod()._lua_settop(L, -n - 1); };
export const pushValue = (L: LuaState, i: number): void => { mod()._lua_pushvalue(L, i); };
export const remove = (L: LuaState, i: number): void => { mod()._lua_remove(L, i); };
export const insert = (L: LuaState, i: number): void => { mod()._lua_insert(L, i); };
export const replace = (L: LuaState, i: number): void => { mod()._lua_replace(L, i); };
export const checkStack = (L: LuaState, n: number): boolean => mod()._lua_checkstack(L, n) !== 0;
export const toNumber = (L: LuaState, i: number): number => mod()._g_tonumber(L, i);
export const toBoolean = (L: LuaState, i: number): boolean => mod()._lua_toboolean(L, i) !== 0;
export const objLen = (L: LuaState, i: number): number => mod()._lua_objlen(L, i);
export const pushNil = (L: LuaState): void => { mod()._lua_pushnil(L); };
export const pushNumber = (L: LuaState, n: number): void => { mod()._g_pushnumber(L, n); };
export const pushBoolean = (L: LuaState, b: boolean): void => { mod()._lua_pushboolean(L, b ? 1 : 0); };
export const newTable = (L: LuaState, narr = 0, nrec = 0): void => { mod()._lua_createtable(L, narr, nrec); };
export const getField = (L: LuaState, i: number, k: string): void => { mod()._lua_getfield(L, i, cname(k)); };
export const setField = (L: LuaState, i: number, k: string): void => { mod()._lua_setfield(L, i, cname(k)); };
export const getGlobal = (L: LuaState, k: string): void => { mod()._g_getglobal(L, cname(k)); };
export const setGlobal = (L: LuaState, k: string): void => { mod()._g_setglobal(L, cname(k)); };
export const rawGet = (L: LuaState, i: number): void => { mod()._lua_rawget(L, i); };
export const rawSet = (L: LuaState, i: number): void => { mod()._lua_rawset(L, i); };
export const rawGetI = (L: LuaState, i: number, n: number): void => { mod()._lua_rawgeti(L, i, n); };
export const rawSetI = (L: LuaState, i: number, n: number): void => { mod()._lua_rawseti(L, i, n); };
export const setTable = (L: LuaState, i: number): void => { mod()._lua_settable(L, i); };
export const next = (L: LuaState, i: number): boolean => mod()._lua_next(L, i) !== 0;
export const setMetatable = (L: LuaState, i: number): void => { mod()._lua_setmetatable(L, i); };
export const getMetatable = (L: LuaState, i: number): boolean => mod()._lua_getmetatable(L, i) !== 0;
export const pcall = (L: LuaState, nargs: number, nres: number, errfunc: number): number => mod()._lua_pcall(L, nargs, nres, errfunc);
export const pushHost = (L: LuaState, id: number): void => { mod()._g_push_host(L, id); };
export const setHook = (L: LuaState, count: number): void => { mod()._g_sethook(L, count); };
export const gcCount = (L: LuaState): number => mod()._g_memory(L);
export const gcStep = (L: LuaState, n: number): void => { mod()._lua_gc(L, 5 /* LUA_GCSTEP */, n); };
export const setReadonly = (L: LuaState, i: number, on: boolean): void => { mod()._lua_enablereadonlytable(L, i, on ? 1 : 0); };
export const isReadonly = (L: LuaState, i: number): boolean => mod()._lua_isreadonlytable(L, i) !== 0;
export const pushGlobals = (L: LuaState): void => { mod()._g_pushglobals(L); };
export const pushWhere = (L: LuaState, level: number): void => { mod()._luaL_where(L, level); };
export const concat = (L: LuaState, n: number): void => { mod()._lua_concat(L, n); };
export const setfenv = (L: LuaState, i: number): boolean => mod()._lua_setfenv(L, i) !== 0;
/** luaL_ref / luaL_unref in the registry (pops the value). */
export const ref = (L: LuaState): number => mod()._luaL_ref(L, REGISTRYINDEX);
export const unref = (L: LuaState, r: number): void => { mod()._luaL_unref(L, REGISTRYINDEX, r); };
export const isCFunction = (L: LuaState, i: number): boolean => mod()._lua_iscfunction(L, i) !== 0;
/** lua_isstring: strings and numbers. */
export const isString = (L: LuaState, i: number): boolean => { const t = type(L, i); return t === T_STRING || t === T_NUMBER; };
/** luaL_error: message prefixed with the position of the Lua code at `level`; returns -1 for dispatch. */
export function raiseWithWhere(L: LuaState, msg: string, level = 1): number {
  pushWhere(L, level);
  pushString(L, msg);
  concat(L, 2);
  return -1;
}

/** The module itself, for the debugger's own C entry points (ldb.ts: g_ldb_*, Module.onLdbHook). */
export function luaModule(): LuaModule { return mod(); }

// ---------------------------------------------------------------------------
// Hot path (glue.c g_run / g_push_call): one crossing per script run and per redis.call.
// `io` (glue.c io_t) is read and written in the wasm heap directly:
// out, out_len, out_cap, in, in_len, resp (u32 each).

let io = 0;
function ioIdx(): number { if (io === 0) io = mod()._g_io() >> 2; return io; }

/** redis.call / redis.pcall as a C closure that hands its argv over in wasm memory (owner.call). */
export const pushCall = (L: LuaState, id: number): void => { mod()._g_push_call(L, id); };

/** The first n arguments of the redis.call in progress, as latin1 strings. */
export function readArgs(n: number): string[] {
  const i = ioIdx();
  const h = heap();
  let p = U32[i];
  const argv = new Array<string>(n);
  for (let j = 0; j < n; j++) {
    const len = (h[p] | (h[p + 1] << 8) | (h[p + 2] << 16) | (h[p + 3] << 24)) >>> 0;
    p += 4;
    argv[j] = len <= 8 || len > INTERN_MAX ? latin1(h, p, len) : interned(h, p, len);
    p += len;
  }
  return argv;
}

/**
 * Scripts pass the same keys and arguments to redis.call run after run: strings of 9..32 bytes
 * come from a small direct-mapped cache (hash, then compare) instead of a native latin1Slice,
 * and a cached string keeps the hash V8 computed for the keyspace lookup.
 */
const INTERN_MAX = 32, INTERN_SLOTS = 256;
const internTab: string[] = new Array<string>(INTERN_SLOTS).fill('');
function interned(h: Buffer, p: number, len: number): string {
  let x = len;
  for (let k = 0; k < len; k++) x = (Math.imul(x, 31) + h[p + k]) | 0;
  const slot = (x ^ (x >>> 8)) & (INTERN_SLOTS - 1);
  const s = internTab[slot];
  if (s.length === len) {
    let k = 0;
    while (k < len && s.charCodeAt(k) === h[p + k]) k++;
    if (k === len) return s;
  }
  return (internTab[slot] = fb(h).latin1Slice(p, p + len));
}

/** Hand the reply bytes b[start, end) of a redis.call to C, which pushes them as Lua values (return -2 then). */
export function setReply(b: Buffer, start: number, end: number): void {
  const n = end - start;
  const p = reserve(n + 1);
  const h = heap();
  if (n < 64) { for (let k = 0; k < n; k++) h[p + k] = b[start + k]; }
  else b.copy(h, p, start, end);
  h[p + n] = 0;
  const i = ioIdx();
  U32[i + 3] = p; U32[i + 4] = n;
}

/** redis.setresp() of the running script (the result conversion reads it). */
export function setResp(resp: number): void { heap(); U32[ioIdx() + 5] = resp; }

/**
 * Run the function `fnRef` under the error handler `handlerRef` (registry refs) with KEYS =
 * argv[first, first+nkeys) and ARGV = the rest: globals for EVAL, arguments for FCALL.
 * `hook` > 0 installs the count hook for the run. keysRef/argvRef (EVAL): the tables that are
 * the KEYS/ARGV globals, refilled instead of new ones. Returns 0 with the converted reply in
 * replyStream(), or the pcall error code with [handler, error] on the stack.
 */
export function runScript(L: LuaState, handlerRef: number, fnRef: number, evalMode: boolean, argv: string[], first: number, nkeys: number, hook: number,
  keysRef = 0, argvRef = 0): number {
  let total = 1;
  for (let j = first; j < argv.length; j++) total += 4 + argv[j].length;
  const p = reserve(total);
  const h = heap();
  let q = p;
  for (let j = first; j < argv.length; j++) {
    const s = argv[j], n = s.length;
    h[q] = n & 255; h[q + 1] = (n >>> 8) & 255; h[q + 2] = (n >>> 16) & 255; h[q + 3] = n >>> 24;
    q += 4;
    if (n < 32) { for (let k = 0; k < n; k++) h[q + k] = s.charCodeAt(k); }
    else fb(h).latin1Write(s, q);
    q += n;
  }
  return gRun(L, handlerRef, fnRef, evalMode ? 1 : 0, p, nkeys, argv.length - first - nkeys, hook, keysRef, argvRef);
}

/** The reply stream g_run left (glue.c OP_*): the heap and [start, end). */
export function replyStream(): { h: Buffer; start: number; end: number } {
  const i = ioIdx();
  stream.h = heap(); stream.start = U32[i]; stream.end = U32[i] + U32[i + 1];
  return stream;
}
const stream = { h: null as unknown as Buffer, start: 0, end: 0 };
