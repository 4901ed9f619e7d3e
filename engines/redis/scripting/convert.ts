/**
 * Redis's RESP <-> Lua conversion rules (script_lua.c), both directions.
 *
 * The conversions themselves run in C (wasm/glue.c), in one crossing each:
 * a redis.call reply is parsed from the fake client's bytes (RESP2 or RESP3,
 * whatever redis.setresp chose) and pushed as Redis's redisProtocolToLuaType
 * does; a script's result is walked as luaReplyToRedisReply does (without
 * recursion, with the same Lua stack use) into an op stream that
 * writeScriptReply() writes to the caller. Here: error tables and the writer.
 */
import * as lua from './lua.js';
import type { LuaState } from './lua.js';
import type { ReplyWriter } from '../resp.js';
import { fb } from './lua.js';

/** Set while a SCRIPT DEBUG session runs (ldb.ts): luaPushErrorBuff logs every error it pushes. */
export const errorLog: { fn: ((raw: string) => void) | null } = { fn: null };

/** Push a Redis error the way luaPushErrorBuff does: {err="CODE msg"}; `raw` may start with '-'. */
export function pushErrorTable(L: LuaState, raw: string, ignoreStats = false): void {
  if (errorLog.fn !== null) errorLog.fn(raw);
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

// Ops of the reply stream glue.c reply_to_stream() writes (luaReplyToRedisReply's cases).
const OP_BULK = 1, OP_NUM = 2, OP_NULL = 3, OP_BOOL = 4, OP_ERR = 5, OP_STATUS = 6, OP_DOUBLE = 7, OP_BIG = 8,
  OP_VERB = 9, OP_MAP = 10, OP_SET = 11, OP_ARR = 12, OP_STACKERR = 13, OP_INT = 14;

/** (long long) cast of a Lua number, as C does it on x86-64 (out of range → INT64_MIN). */
function writeLongLong(w: ReplyWriter, d: number): void {
  if (Number.isNaN(d) || d >= 9223372036854775808 || d < -9223372036854775808) return w.bigint(-9223372036854775808n);
  const t = Math.trunc(d);
  if (Number.isSafeInteger(t)) w.int(t === 0 ? 0 : t);
  else w.bigint(BigInt(t));
}

const u32 = (h: Buffer, p: number): number => (h[p] | (h[p + 1] << 8) | (h[p + 2] << 16) | (h[p + 3] << 24)) >>> 0;

/**
 * Write the script's result, converted by glue.c into an op stream (lua.replyStream()), to the
 * caller. Errors inside aggregates are error elements, like Redis; nesting deeper than Lua's
 * stack allows is "reached lua stack limit" at the depth Redis reaches it.
 */
export function writeScriptReply(w: ReplyWriter): void {
  const { h, start, end } = lua.replyStream();
  let p = start;
  while (p < end) {
    const op = h[p++];
    switch (op) {
      case OP_BULK: { const n = u32(h, p); p += 4; w.bulkBytes(h, p, p + n); p += n; break; }
      case OP_INT: w.int(h[p] | (h[p + 1] << 8) | (h[p + 2] << 16) | (h[p + 3] << 24)); p += 4; break;
      case OP_NUM: writeLongLong(w, h.readDoubleLE(p)); p += 8; break;
      case OP_NULL: w.nullBulk(); break;
      case OP_BOOL: w.bool(h[p++] !== 0); break;
      case OP_ERR: { // addReplyErrorFormatEx("-%s"): newlines become spaces
        const n = u32(h, p); p += 4;
        w.error(fb(h).latin1Slice(p, p + n).replace(/[\r\n]/g, ' '));
        p += n + 1; // + ignore_error_stats_update: the stats of an error redis.call returned are counted once, by call()
        break;
      }
      case OP_STATUS: { const n = u32(h, p); p += 4; w.simple(fb(h).latin1Slice(p, p + n)); p += n; break; }
      case OP_DOUBLE: w.double(h.readDoubleLE(p)); p += 8; break;
      case OP_BIG: { const n = u32(h, p); p += 4; w.bigNumber(fb(h).latin1Slice(p, p + n)); p += n; break; }
      case OP_VERB: {
        const fmt = fb(h).latin1Slice(p, p + 3); p += 3;
        const n = u32(h, p); p += 4;
        const s = fb(h).latin1Slice(p, p + n); p += n;
        if (w.proto === 3) w.verbatim(s, fmt); else w.bulk(s);
        break;
      }
      case OP_MAP: w.mapLen(u32(h, p)); p += 4; break;
      case OP_SET: w.setLen(u32(h, p)); p += 4; break;
      case OP_ARR: w.arrayLen(u32(h, p)); p += 4; break;
      case OP_STACKERR: w.error('ERR reached lua stack limit'); break;
      default: throw new Error(`bad script reply op ${op}`);
    }
  }
}
