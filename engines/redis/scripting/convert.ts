/**
 * Redis's RESP <-> Lua conversion rules (script_lua.c), both directions.
 *
 * Command replies reach Lua the way Redis does it: the fake client's reply
 * bytes are parsed (RESP2 or RESP3, whatever redis.setresp chose) and pushed.
 * Script results go to the caller through an intermediate tree, because the
 * array length of a Lua table is only known after walking it.
 */
import * as lua from './lua.js';
import type { LuaState } from './lua.js';
import type { ReplyWriter } from '../resp.js';
import { fb } from './lua.js';

/** Push a Redis error the way luaPushErrorBuff does: {err="CODE msg"}; `raw` may start with '-'. */
export function pushErrorTable(L: LuaState, raw: string, ignoreStats = false): void {
  let code = 'ERR', msg = raw;
  if (raw.charCodeAt(0) === 45 /* - */) {
    const sp = raw.indexOf(' ');
    if (sp < 0) msg = raw.slice(1);
    else { code = raw.slice(1, sp); msg = raw.slice(sp + 1); }
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  lua.newTable(L, 0, 2);
  // lua_pushstring stops at NUL, like Redis's use of C strings here
  const full = code + ' ' + msg;
  const nul = full.indexOf('\0');
  lua.pushString(L, nul < 0 ? full : full.slice(0, nul));
  lua.setField(L, -2, 'err');
  if (ignoreStats) { lua.pushBoolean(L, true); lua.setField(L, -2, 'ignore_error_stats_update'); }
}

/** Parse one RESP reply from `b` at `pos` and push it; returns the position after it. */
export function pushReply(L: LuaState, b: Buffer, pos: number): number {
  lua.checkStack(L, 5);
  const t = b[pos];
  // the common replies (integer, bulk, status) are read without making a JS string of the line
  if (t === 58 || t === 36) {
    let i = pos + 1, neg = false, v = 0, c = b[i];
    if (c === 45) { neg = true; c = b[++i]; }
    while (c !== 13) { v = v * 10 + (c - 48); c = b[++i]; }
    const p = i + 2;
    if (v > 9007199254740991) { lua.pushNumber(L, Number(fb(b).latin1Slice(pos + 1, i))); return p; } // beyond 2^53: round like strtod
    if (neg) v = -v;
    if (t === 58) { lua.pushNumber(L, v); return p; }
    if (v < 0) { lua.pushBoolean(L, false); return p; }
    lua.pushBytes(L, b, p, p + v);
    return p + v + 2;
  }
  const eol = b.indexOf(13, pos);
  if (t === 43) { lua.newTable(L, 0, 1); lua.pushBytes(L, b, pos + 1, eol); lua.setField(L, -2, 'ok'); return eol + 2; }
  const line = fb(b).latin1Slice(pos + 1, eol);
  let p = eol + 2;
  switch (t) {
    case 45: /* - */ pushErrorTable(L, '-' + line, true); return p;
    case 42: /* * */ {
      const n = Number(line);
      if (n < 0) { lua.pushBoolean(L, false); return p; }
      lua.newTable(L, n, 0);
      for (let i = 1; i <= n; i++) { p = pushReply(L, b, p); lua.rawSetI(L, -2, i); }
      return p;
    }
    case 37: /* % */ {
      const n = Number(line);
      lua.newTable(L, 0, 1); lua.pushString(L, 'map'); lua.newTable(L, 0, n);
      for (let i = 0; i < n; i++) { p = pushReply(L, b, p); p = pushReply(L, b, p); lua.setTable(L, -3); }
      lua.setTable(L, -3);
      return p;
    }
    case 126: /* ~ */ {
      const n = Number(line);
      lua.newTable(L, 0, 1); lua.pushString(L, 'set'); lua.newTable(L, 0, n);
      for (let i = 0; i < n; i++) { p = pushReply(L, b, p); lua.pushBoolean(L, true); lua.setTable(L, -3); }
      lua.setTable(L, -3);
      return p;
    }
    case 95: /* _ */ lua.pushNil(L); return p;
    case 35: /* # */ lua.pushBoolean(L, line === 't'); return p;
    case 44: /* , */ {
      lua.newTable(L, 0, 1);
      lua.pushNumber(L, line === 'inf' ? Infinity : line === '-inf' ? -Infinity : line === 'nan' ? NaN : Number(line));
      lua.setField(L, -2, 'double');
      return p;
    }
    case 40: /* ( */ lua.newTable(L, 0, 1); lua.pushString(L, line); lua.setField(L, -2, 'big_number'); return p;
    case 61: /* = */ {
      const n = Number(line);
      const body = fb(b).latin1Slice(p, p + n);
      lua.newTable(L, 0, 1); lua.pushString(L, 'verbatim_string'); lua.newTable(L, 0, 2);
      lua.pushString(L, body.slice(4)); lua.setField(L, -2, 'string');
      lua.pushString(L, body.slice(0, 3)); lua.setField(L, -2, 'format');
      lua.setTable(L, -3);
      return p + n + 2;
    }
    case 62: /* > push: not produced by commands run from scripts; treat as array */ {
      const n = Number(line);
      lua.newTable(L, n, 0);
      for (let i = 1; i <= n; i++) { p = pushReply(L, b, p); lua.rawSetI(L, -2, i); }
      return p;
    }
    case 124: /* | attribute: skipped, like Redis */ {
      const n = Number(line);
      const top = lua.getTop(L);
      for (let i = 0; i < 2 * n; i++) p = pushReply(L, b, p);
      lua.setTop(L, top);
      return pushReply(L, b, p);
    }
    default: lua.pushNil(L); return b.length;
  }
}

/** Script result as a reply tree. */
export type Reply =
  | { t: 'bulk'; s: string } | { t: 'int'; n: number | bigint } | { t: 'null' } | { t: 'bool'; b: boolean }
  | { t: 'err'; msg: string; ignoreStats: boolean } | { t: 'status'; s: string } | { t: 'double'; d: number }
  | { t: 'big'; s: string } | { t: 'verbatim'; fmt: string; s: string }
  | { t: 'map'; items: Reply[] } | { t: 'set'; items: Reply[] } | { t: 'arr'; items: Reply[] }
  | { t: 'stackerr' };

/** (long long) cast of a Lua number, as C does it on x86-64 (out of range → INT64_MIN). */
function toLongLong(d: number): number | bigint {
  if (Number.isNaN(d) || d >= 9223372036854775808 || d < -9223372036854775808) return -9223372036854775808n;
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t);
}

function fieldType(L: LuaState, name: string): number {
  lua.pushString(L, name);
  lua.rawGet(L, -2);
  return lua.type(L, -1);
}

/** Convert and pop the value on top of the stack (luaReplyToRedisReply). `scriptResp` is redis.setresp's choice. */
/** Nesting depth of the conversion; JS recursion runs out before Lua's stack limit (LUAI_MAXCSTACK), so cap it. */
let depth = 0;
const MAX_DEPTH = 1000;

export function luaToReply(L: LuaState, scriptResp: number): Reply {
  if (depth >= MAX_DEPTH || !lua.checkStack(L, 4)) { lua.pop(L, 1); return { t: 'stackerr' }; }
  depth++;
  try { return convertTop(L, scriptResp); } finally { depth--; }
}

function convertTop(L: LuaState, scriptResp: number): Reply {
  const t = lua.type(L, -1);
  let r: Reply;
  switch (t) {
    case lua.T_STRING: r = { t: 'bulk', s: lua.toString(L, -1)! }; break;
    case lua.T_BOOLEAN:
      r = scriptResp === 2 ? (lua.toBoolean(L, -1) ? { t: 'int', n: 1 } : { t: 'null' }) : { t: 'bool', b: lua.toBoolean(L, -1) };
      break;
    case lua.T_NUMBER: r = { t: 'int', n: toLongLong(lua.toNumber(L, -1)) }; break;
    case lua.T_TABLE: return tableToReply(L, scriptResp);
    default: r = { t: 'null' };
  }
  lua.pop(L, 1);
  return r;
}

function tableToReply(L: LuaState, scriptResp: number): Reply {
  if (fieldType(L, 'err') === lua.T_STRING) {
    lua.pop(L, 1);
    const info = errorInfo(L);
    lua.pop(L, 1);
    return { t: 'err', msg: info.msg ?? '', ignoreStats: info.ignoreStats };
  }
  lua.pop(L, 1);
  if (fieldType(L, 'ok') === lua.T_STRING) {
    const s = cstring(lua.toString(L, -1)!).replace(/[\r\n]/g, ' ');
    lua.pop(L, 2);
    return { t: 'status', s };
  }
  lua.pop(L, 1);
  if (fieldType(L, 'double') === lua.T_NUMBER) {
    const d = lua.toNumber(L, -1);
    lua.pop(L, 2);
    return { t: 'double', d };
  }
  lua.pop(L, 1);
  if (fieldType(L, 'big_number') === lua.T_STRING) {
    const s = lua.toString(L, -1)!.replace(/[\r\n]/g, ' ');
    lua.pop(L, 2);
    return { t: 'big', s };
  }
  lua.pop(L, 1);
  if (fieldType(L, 'verbatim_string') === lua.T_TABLE) {
    if (fieldType(L, 'format') === lua.T_STRING) {
      const fmt = cstring(lua.toString(L, -1)!);
      lua.pushString(L, 'string'); lua.rawGet(L, -3);
      if (lua.type(L, -1) === lua.T_STRING) {
        const s = lua.toString(L, -1)!;
        lua.pop(L, 4);
        return { t: 'verbatim', fmt, s };
      }
      lua.pop(L, 1);
    }
    lua.pop(L, 1);
  }
  lua.pop(L, 1);
  if (fieldType(L, 'map') === lua.T_TABLE) {
    const items: Reply[] = [];
    lua.pushNil(L);
    while (lua.next(L, -2)) {
      lua.pushValue(L, -2);
      items.push(luaToReply(L, scriptResp));
      items.push(luaToReply(L, scriptResp));
    }
    lua.pop(L, 2);
    return { t: 'map', items };
  }
  lua.pop(L, 1);
  if (fieldType(L, 'set') === lua.T_TABLE) {
    const items: Reply[] = [];
    lua.pushNil(L);
    while (lua.next(L, -2)) {
      lua.pop(L, 1);
      lua.pushValue(L, -1);
      items.push(luaToReply(L, scriptResp));
    }
    lua.pop(L, 2);
    return { t: 'set', items };
  }
  lua.pop(L, 1);
  const items: Reply[] = [];
  for (let j = 1; ; j++) {
    lua.rawGetI(L, -1, j);
    if (lua.type(L, -1) === lua.T_NIL) { lua.pop(L, 1); break; }
    items.push(luaToReply(L, scriptResp));
  }
  lua.pop(L, 1);
  return { t: 'arr', items };
}

/** C-string view of a Lua string (Redis reads these fields with strlen semantics). */
function cstring(s: string): string { const i = s.indexOf('\0'); return i < 0 ? s : s.slice(0, i); }

/** luaExtractErrorInformation on the error value on top of the stack (not popped). */
export function errorInfo(L: LuaState): { msg: string | null; source: string | null; line: string | null; ignoreStats: boolean } {
  const r = { msg: null as string | null, source: null as string | null, line: null as string | null, ignoreStats: false };
  if (lua.isString(L, -1)) { r.msg = 'ERR ' + cstring(lua.toString(L, -1)!); return r; }
  if (lua.type(L, -1) !== lua.T_TABLE) return r;
  lua.getField(L, -1, 'err');
  if (lua.isString(L, -1)) r.msg = cstring(lua.toString(L, -1)!);
  lua.pop(L, 1);
  lua.getField(L, -1, 'source');
  if (lua.isString(L, -1)) r.source = cstring(lua.toString(L, -1)!);
  lua.pop(L, 1);
  lua.getField(L, -1, 'line');
  if (lua.isString(L, -1)) r.line = cstring(lua.toString(L, -1)!);
  lua.pop(L, 1);
  lua.getField(L, -1, 'ignore_error_stats_update');
  if (lua.type(L, -1) === lua.T_BOOLEAN) r.ignoreStats = lua.toBoolean(L, -1);
  lua.pop(L, 1);
  return r;
}

/** Write a reply tree. Errors inside aggregates are written as error elements, like Redis. */
export function writeReply(w: ReplyWriter, r: Reply): void {
  switch (r.t) {
    case 'bulk': w.bulk(r.s); break;
    case 'int': if (typeof r.n === 'bigint') w.bigint(r.n); else w.int(r.n); break;
    case 'null': w.nullBulk(); break;
    case 'bool': w.bool(r.b); break;
    case 'err': w.error(r.msg.replace(/[\r\n]/g, ' ')); break; // addReplyErrorFormat("-%s")
    case 'status': w.simple(r.s); break;
    case 'double': w.double(r.d); break;
    case 'big': w.bigNumber(r.s); break;
    case 'verbatim': if (w.proto === 3) w.verbatim(r.s, r.fmt); else w.bulk(r.s); break;
    case 'map': w.mapLen(r.items.length / 2); for (const x of r.items) writeReply(w, x); break;
    case 'set': w.setLen(r.items.length); for (const x of r.items) writeReply(w, x); break;
    case 'arr': w.arrayLen(r.items.length); for (const x of r.items) writeReply(w, x); break;
    case 'stackerr': w.error('ERR reached lua stack limit'); break;
  }
}

