/*
 * Thin C glue between Redis's Lua 5.1 (deps/lua of redis 7.0.15, with its
 * readonly-table patch, cjson, cmsgpack, struct, bit) and the TypeScript
 * scripting engine. Everything Redis-specific (redis.* API, conversions,
 * sandboxing) lives in TypeScript; C only provides what must be a C function:
 * closures that call back into JS and may raise Lua errors, and the count hook.
 */
#include <emscripten.h>
#include <stdlib.h>
#include <string.h>
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "lstate.h"
#include "lgc.h"
#include "ltable.h"

LUALIB_API int (luaopen_cjson) (lua_State *L);
LUALIB_API int (luaopen_struct) (lua_State *L);
LUALIB_API int (luaopen_cmsgpack) (lua_State *L);
LUALIB_API int (luaopen_bit) (lua_State *L);

/* JS side: run host function `id`; returns the number of results pushed, or -1 after pushing an error value to raise. */
EM_JS(int, js_dispatch, (lua_State *L, int id), { return Module.onDispatch(L, id); });
/* JS side: count hook; returns 1 (after pushing the error value) to abort the script. */
EM_JS(int, js_hook, (lua_State *L), { return Module.onHook(L); });

static int host_fn(lua_State *L) {
  int id = (int)lua_tointeger(L, lua_upvalueindex(1));
  int n = js_dispatch(L, id);
  if (n < 0) return lua_error(L);
  return n;
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (js_hook(L)) {
    /* From now on fire on every line, so pcall cannot swallow the kill for long. */
    lua_sethook(L, count_hook, LUA_MASKLINE, 0);
    lua_error(L);
  }
}

static void load_lib(lua_State *L, const char *name, lua_CFunction f) {
  lua_pushcfunction(L, f);
  lua_pushstring(L, name);
  lua_call(L, 1, 0);
}

/* Per state: allocations + frees so far, and that count after the last forced GC step (g_run). */
typedef struct { unsigned long ops, ops_at_gc; } alloc_stat;
/* luaL_newstate's allocator, counting. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)osize;
  ((alloc_stat *)ud)->ops++;
  if (nsize == 0) { free(ptr); return NULL; }
  return realloc(ptr, nsize);
}

/* A state with the libraries Redis loads (no io/os/package). */
EMSCRIPTEN_KEEPALIVE lua_State *g_newstate(void) {
  lua_State *L = luaL_newstate();
  alloc_stat *st = calloc(1, sizeof(alloc_stat));
  if (st == NULL) abort();
  lua_setallocf(L, counting_alloc, st);
  load_lib(L, "", luaopen_base);
  load_lib(L, LUA_TABLIBNAME, luaopen_table);
  load_lib(L, LUA_STRLIBNAME, luaopen_string);
  load_lib(L, LUA_MATHLIBNAME, luaopen_math);
  load_lib(L, LUA_DBLIBNAME, luaopen_debug);
  load_lib(L, "cjson", luaopen_cjson);
  load_lib(L, "struct", luaopen_struct);
  load_lib(L, "cmsgpack", luaopen_cmsgpack);
  load_lib(L, "bit", luaopen_bit);
  return L;
}

EMSCRIPTEN_KEEPALIVE void g_close(lua_State *L) {
  void *st;
  lua_getallocf(L, &st);
  lua_close(L);
  free(st);
}

EMSCRIPTEN_KEEPALIVE void g_push_host(lua_State *L, int id) {
  lua_pushinteger(L, id);
  lua_pushcclosure(L, host_fn, 1);
}

EMSCRIPTEN_KEEPALIVE void g_sethook(lua_State *L, int count) {
  if (count > 0) lua_sethook(L, count_hook, LUA_MASKCOUNT, count);
  else lua_sethook(L, NULL, 0, 0);
}

EMSCRIPTEN_KEEPALIVE int g_loadbuffer(lua_State *L, const char *buf, size_t len, const char *name) {
  return luaL_loadbuffer(L, buf, len, name);
}

EMSCRIPTEN_KEEPALIVE void g_pushstring(lua_State *L, const char *s, size_t len) { lua_pushlstring(L, s, len); }
EMSCRIPTEN_KEEPALIVE void g_setglobal(lua_State *L, const char *name) { lua_setfield(L, LUA_GLOBALSINDEX, name); }
EMSCRIPTEN_KEEPALIVE void g_getglobal(lua_State *L, const char *name) { lua_getfield(L, LUA_GLOBALSINDEX, name); }
EMSCRIPTEN_KEEPALIVE void g_pushglobals(lua_State *L) { lua_pushvalue(L, LUA_GLOBALSINDEX); }
/* The main thread of a coroutine's state: JS keys interpreters by it. */
EMSCRIPTEN_KEEPALIVE lua_State *g_mainthread(lua_State *L) { return G(L)->mainthread; }
/* Number of bytes used by the Lua heap. */
EMSCRIPTEN_KEEPALIVE int g_memory(lua_State *L) { return lua_gc(L, LUA_GCCOUNT, 0) * 1024 + lua_gc(L, LUA_GCCOUNTB, 0); }
EMSCRIPTEN_KEEPALIVE lua_Number g_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
EMSCRIPTEN_KEEPALIVE void g_pushnumber(lua_State *L, lua_Number n) { lua_pushnumber(L, n); }

/* ---------------------------------------------------------------------------
 * Lua debugger (scripting/ldb.ts, Redis's LDB in eval.c). Only used while a
 * SCRIPT DEBUG session runs: the line+count hook replaces the count hook.
 */
/* JS side: every line / count event; returns 1 (after pushing the error value) to abort the script. */
EM_JS(int, js_ldb_hook, (lua_State *L, int event, int line, int user), { return Module.onLdbHook(L, event, line, user); });

static void ldb_hook(lua_State *L, lua_Debug *ar) {
  int event = ar->event;
  lua_getstack(L, 0, ar);
  lua_getinfo(L, "Sl", ar);
  if (js_ldb_hook(L, event, ar->currentline, strstr(ar->short_src, "user_script") != NULL)) lua_error(L);
}

/* luaLdbLineHook's registration: LUA_MASKLINE|LUA_MASKCOUNT every 100000 instructions. */
EMSCRIPTEN_KEEPALIVE void g_ldb_sethook(lua_State *L) { lua_sethook(L, ldb_hook, LUA_MASKLINE | LUA_MASKCOUNT, 100000); }

/* One call frame (ldbTrace): NULL past the outermost level. */
static struct { int line; int user; const char *name; } ldb_frame;
EMSCRIPTEN_KEEPALIVE void *g_ldb_frame(lua_State *L, int level) {
  lua_Debug ar;
  if (!lua_getstack(L, level, &ar)) return NULL;
  lua_getinfo(L, "Snl", &ar);
  ldb_frame.line = ar.currentline;
  ldb_frame.user = strstr(ar.short_src, "user_script") != NULL;
  ldb_frame.name = ar.name;
  return &ldb_frame;
}

/* Local `n` of the frame at `level` (ldbPrint): its name, with the value pushed; NULL when there is
 * no such local; (const char *)1 when there is no such level. */
EMSCRIPTEN_KEEPALIVE const char *g_ldb_getlocal(lua_State *L, int level, int n) {
  lua_Debug ar;
  if (!lua_getstack(L, level, &ar)) return (const char *)1;
  return lua_getlocal(L, &ar, n);
}

/* ==========================================================================
 * Hot path (EVALSHA / FCALL / redis.call): one JS<->wasm crossing per script
 * run and one per redis.call. Data goes through `io`, whose address JS reads
 * once (g_io) and then accesses in the wasm heap directly.
 * ========================================================================== */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  unsigned char *out;        /* C -> JS: redis.call argv ([u32 len][bytes]...) or a script's reply stream */
  uint32_t out_len, out_cap;
  const unsigned char *in;   /* JS -> C: the reply bytes (RESP) of a redis.call */
  uint32_t in_len;
  int32_t resp;              /* the running script's redis.setresp() (JS writes it) */
} io_t;
static io_t io;
EMSCRIPTEN_KEEPALIVE io_t *g_io(void) { return &io; }

static void out_reserve(size_t n) {
  if (io.out_len + n <= io.out_cap) return;
  size_t cap = (io.out_len + n) * 2;
  if (cap < 4096) cap = 4096;
  unsigned char *p = realloc(io.out, cap);
  if (p == NULL) abort();
  io.out = p;
  io.out_cap = (uint32_t)cap;
}
static void out_u8(int v) { out_reserve(1); io.out[io.out_len++] = (unsigned char)v; }
static void out_u32(uint32_t v) { out_reserve(4); memcpy(io.out + io.out_len, &v, 4); io.out_len += 4; }
static void out_f64(double d) { out_reserve(8); memcpy(io.out + io.out_len, &d, 8); io.out_len += 8; }
static void out_bytes(const void *s, size_t n) { out_reserve(n); memcpy(io.out + io.out_len, s, n); io.out_len += n; }
static void out_str(const char *s, size_t n) { out_u32((uint32_t)n); out_bytes(s, n); }
/* A string with \r and \n replaced by spaces (status, big number). */
static void out_str_nocrlf(const char *s, size_t n) {
  uint32_t at = io.out_len + 4;
  out_str(s, n);
  for (size_t i = 0; i < n; i++) if (io.out[at + i] == '\r' || io.out[at + i] == '\n') io.out[at + i] = ' ';
}

/* --- RESP (a command's reply) -> Lua, as redisProtocolToLuaType does. --- */
static long long parse_ll(const unsigned char **pp) {
  const unsigned char *p = *pp;
  int neg = 0;
  unsigned long long v = 0;
  if (*p == '-') { neg = 1; p++; }
  while (*p != '\r') v = v * 10 + (unsigned long long)(*p++ - '0');
  *pp = p + 2;
  return neg ? -(long long)v : (long long)v;
}
static const unsigned char *line_end(const unsigned char *p) { while (*p != '\r') p++; return p; }

static void push_error_buff(lua_State *L, const unsigned char *s, size_t len);

static void resp_to_lua(lua_State *L, const unsigned char **pp, int push) {
  const unsigned char *p = *pp;
  unsigned char t = *p++;
  switch (t) {
  case ':': { long long v = parse_ll(&p); if (push) { lua_checkstack(L, 1); lua_pushnumber(L, (lua_Number)v); } break; }
  case '$': {
    long long n = parse_ll(&p);
    if (n < 0) { if (push) { lua_checkstack(L, 1); lua_pushboolean(L, 0); } break; }
    if (push) { lua_checkstack(L, 1); lua_pushlstring(L, (const char *)p, (size_t)n); }
    p += n + 2;
    break;
  }
  case '+': {
    const unsigned char *e = line_end(p);
    /* one-field tables are created with their one node: the table Redis builds with a rehash */
    if (push) { lua_checkstack(L, 3); lua_createtable(L, 0, 1); lua_pushstring(L, "ok"); lua_pushlstring(L, (const char *)p, (size_t)(e - p)); lua_settable(L, -3); }
    p = e + 2;
    break;
  }
  case '-': {
    const unsigned char *e = line_end(p);
    if (push) {
      lua_checkstack(L, 3);
      push_error_buff(L, p, (size_t)(e - p));
      lua_pushstring(L, "ignore_error_stats_update"); lua_pushboolean(L, 1); lua_settable(L, -3);
    }
    p = e + 2;
    break;
  }
  case '*': case '>': {
    long long n = parse_ll(&p);
    if (n < 0) { if (push) { lua_checkstack(L, 1); lua_pushboolean(L, 0); } break; }
    if (push) { lua_checkstack(L, 2); lua_createtable(L, (int)n, 0); }
    for (long long j = 1; j <= n; j++) { resp_to_lua(L, &p, push); if (push) lua_rawseti(L, -2, (int)j); }
    break;
  }
  case '%': case '~': {
    long long n = parse_ll(&p);
    if (push) { lua_checkstack(L, 3); lua_newtable(L); lua_pushstring(L, t == '%' ? "map" : "set"); lua_newtable(L); }
    for (long long j = 0; j < n; j++) {
      resp_to_lua(L, &p, push);
      if (t == '%') resp_to_lua(L, &p, push);
      else if (push) { lua_checkstack(L, 1); lua_pushboolean(L, 1); }
      if (push) lua_settable(L, -3);
    }
    if (push) lua_settable(L, -3);
    break;
  }
  case '_': p = line_end(p) + 2; if (push) { lua_checkstack(L, 1); lua_pushnil(L); } break;
  case '#': if (push) { lua_checkstack(L, 1); lua_pushboolean(L, *p == 't'); } p = line_end(p) + 2; break;
  case ',': {
    const unsigned char *e = line_end(p);
    char buf[64];
    size_t n = (size_t)(e - p);
    double d = 0;
    if (n < sizeof(buf)) { memcpy(buf, p, n); buf[n] = 0; d = strtod(buf, NULL); }
    if (push) { lua_checkstack(L, 3); lua_createtable(L, 0, 1); lua_pushstring(L, "double"); lua_pushnumber(L, d); lua_settable(L, -3); }
    p = e + 2;
    break;
  }
  case '(': {
    const unsigned char *e = line_end(p);
    if (push) { lua_checkstack(L, 3); lua_createtable(L, 0, 1); lua_pushstring(L, "big_number"); lua_pushlstring(L, (const char *)p, (size_t)(e - p)); lua_settable(L, -3); }
    p = e + 2;
    break;
  }
  case '=': {
    long long n = parse_ll(&p);
    if (push) {
      lua_checkstack(L, 5);
      lua_newtable(L); lua_pushstring(L, "verbatim_string"); lua_newtable(L);
      lua_pushstring(L, "string"); lua_pushlstring(L, (const char *)p + 4, (size_t)(n - 4)); lua_settable(L, -3);
      lua_pushstring(L, "format"); lua_pushlstring(L, (const char *)p, 3); lua_settable(L, -3);
      lua_settable(L, -3);
    }
    p += n + 2;
    break;
  }
  case '|': { /* attribute: skipped, the reply itself follows */
    long long n = parse_ll(&p);
    for (long long j = 0; j < 2 * n; j++) resp_to_lua(L, &p, 0);
    *pp = p;
    resp_to_lua(L, pp, push);
    return;
  }
  default: if (push) lua_pushnil(L); break;
  }
  *pp = p;
}

/* luaPushErrorBuff("-" + s): {err = "CODE msg"} with the message trimmed of \r\n. */
static void push_error_buff(lua_State *L, const unsigned char *s, size_t len) {
  luaL_Buffer b;
  size_t sp = 0;
  while (sp < len && s[sp] != ' ') sp++;
  const unsigned char *msg = sp < len ? s + sp + 1 : s;
  size_t mlen = sp < len ? len - sp - 1 : len;
  while (mlen > 0 && (*msg == '\r' || *msg == '\n')) { msg++; mlen--; }
  while (mlen > 0 && (msg[mlen - 1] == '\r' || msg[mlen - 1] == '\n')) mlen--;
  lua_newtable(L);
  lua_pushstring(L, "err");
  luaL_buffinit(L, &b);
  if (sp < len) luaL_addlstring(&b, (const char *)s, sp); else luaL_addstring(&b, "ERR");
  luaL_addchar(&b, ' ');
  luaL_addlstring(&b, (const char *)msg, mlen);
  luaL_pushresult(&b);
  /* Redis pushes it with lua_pushstring: the text ends at a NUL byte */
  { size_t n; const char *str = lua_tolstring(L, -1, &n); if (strlen(str) != n) { lua_pushstring(L, str); lua_remove(L, -2); } }
  lua_settable(L, -3);
}

/* JS side of redis.call / redis.pcall: runs the command whose argv C left in io.out.
 * Returns -2 when the reply bytes are in io.in, else like js_dispatch. */
EM_JS(int, js_call, (lua_State *L, int id, int argc, int nconv), { return Module.onCall(L, id, argc, nconv); });

/* luaArgsToRedisArgv: numbers as %.17g, strings as they are; stops at the first other type. */
static int call_host(lua_State *L) {
  int id = (int)lua_tointeger(L, lua_upvalueindex(1));
  int argc = lua_gettop(L), j;
  io.out_len = 0;
  for (j = 1; j <= argc; j++) {
    char dbuf[64];
    size_t len;
    const char *s;
    if (lua_type(L, j) == LUA_TNUMBER) { len = (size_t)snprintf(dbuf, sizeof(dbuf), "%.17g", (double)lua_tonumber(L, j)); s = dbuf; }
    else if ((s = lua_tolstring(L, j, &len)) == NULL) break;
    out_str(s, len);
  }
  lua_settop(L, 0);
  int n = js_call(L, id, argc, j - 1);
  if (n == -2) {
    const unsigned char *p = io.in;
    int raise = (id & 1) && p[0] == '-'; /* odd id: redis.call raises errors */
    resp_to_lua(L, &p, 1);
    if (raise) return lua_error(L);
    return 1;
  }
  if (n < 0) return lua_error(L);
  return n;
}
EMSCRIPTEN_KEEPALIVE void g_push_call(lua_State *L, int id) {
  lua_pushinteger(L, id);
  lua_pushcclosure(L, call_host, 1);
}

/* --- Lua -> RESP (a script's result), as luaReplyToRedisReply does, without recursion:
 * the Lua stack grows exactly as in Redis's recursive version, so "reached lua stack
 * limit" comes at the same depth. Output: an op stream in io.out that JS writes out. --- */
enum { OP_BULK = 1, OP_NUM, OP_NULL, OP_BOOL, OP_ERR, OP_STATUS, OP_DOUBLE, OP_BIG, OP_VERB, OP_MAP, OP_SET, OP_ARR, OP_STACKERR, OP_INT };
enum { F_ARR, F_MAP, F_SET };
typedef struct { int kind, state, j; uint32_t count, patch; } frame_t;
static frame_t *frames;
static int frames_cap;

static void push_frame(int kind, int op, int *depth) {
  if (*depth == frames_cap) {
    frames_cap = frames_cap ? frames_cap * 2 : 64;
    frames = realloc(frames, sizeof(frame_t) * (size_t)frames_cap);
    if (frames == NULL) abort();
  }
  frame_t *f = &frames[(*depth)++];
  f->kind = kind; f->state = 0; f->j = 1; f->count = 0;
  out_u8(op);
  f->patch = io.out_len;
  out_u32(0);
}

/* Convert the value on top of the stack: pops it, or pushes a frame (which pops it when done). */
static void begin_value(lua_State *L, int *depth) {
  int t = lua_type(L, -1);
  if (!lua_checkstack(L, 4)) { out_u8(OP_STACKERR); lua_pop(L, 1); return; }
  switch (t) {
  case LUA_TSTRING: { size_t n; const char *s = lua_tolstring(L, -1, &n); out_u8(OP_BULK); out_str(s, n); break; }
  case LUA_TBOOLEAN:
    if (io.resp == 2) { if (lua_toboolean(L, -1)) { out_u8(OP_NUM); out_f64(1); } else out_u8(OP_NULL); }
    else { out_u8(OP_BOOL); out_u8(lua_toboolean(L, -1)); }
    break;
  case LUA_TNUMBER: {
    double d = lua_tonumber(L, -1);
    /* (long long)d: within int32 range that is the truncation, which JS reads without a double */
    if (d > -2147483649.0 && d < 2147483648.0) { int32_t v = (int32_t)d; out_u8(OP_INT); out_bytes(&v, 4); }
    else { out_u8(OP_NUM); out_f64(d); }
    break;
  }
  case LUA_TTABLE:
    lua_pushstring(L, "err"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TSTRING) {
      lua_pop(L, 1);
      lua_getfield(L, -1, "err");
      const char *m = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
      out_u8(OP_ERR); out_str(m, strlen(m));
      lua_pop(L, 1);
      lua_getfield(L, -1, "ignore_error_stats_update");
      out_u8(lua_type(L, -1) == LUA_TBOOLEAN && lua_toboolean(L, -1));
      lua_pop(L, 2);
      return;
    }
    lua_pop(L, 1);
    lua_pushstring(L, "ok"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *s = lua_tostring(L, -1);
      out_u8(OP_STATUS); out_str_nocrlf(s, strlen(s));
      lua_pop(L, 2);
      return;
    }
    lua_pop(L, 1);
    lua_pushstring(L, "double"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TNUMBER) { out_u8(OP_DOUBLE); out_f64(lua_tonumber(L, -1)); lua_pop(L, 2); return; }
    lua_pop(L, 1);
    lua_pushstring(L, "big_number"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TSTRING) {
      size_t n; const char *s = lua_tolstring(L, -1, &n);
      out_u8(OP_BIG); out_str_nocrlf(s, n);
      lua_pop(L, 2);
      return;
    }
    lua_pop(L, 1);
    lua_pushstring(L, "verbatim_string"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_pushstring(L, "format"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TSTRING) {
        const char *fmt = lua_tostring(L, -1);
        lua_pushstring(L, "string"); lua_rawget(L, -3);
        if (lua_type(L, -1) == LUA_TSTRING) {
          size_t n; const char *s = lua_tolstring(L, -1, &n);
          char ext[3];
          /* addReplyVerbatim: the first 3 chars of the format, padded with spaces */
          for (int i = 0; i < 3; i++) ext[i] = *fmt ? *fmt++ : ' ';
          out_u8(OP_VERB); out_bytes(ext, 3); out_str(s, n);
          lua_pop(L, 4);
          return;
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_pushstring(L, "map"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) { push_frame(F_MAP, OP_MAP, depth); lua_pushnil(L); return; }
    lua_pop(L, 1);
    lua_pushstring(L, "set"); lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) { push_frame(F_SET, OP_SET, depth); lua_pushnil(L); return; }
    lua_pop(L, 1);
    push_frame(F_ARR, OP_ARR, depth);
    return;
  default: out_u8(OP_NULL); break;
  }
  lua_pop(L, 1);
}

/* Convert and pop the value on top of the stack into io.out. */
static void reply_to_stream(lua_State *L) {
  int depth = 0, need = 1;
  io.out_len = 0;
  for (;;) {
    if (need) { need = 0; begin_value(L, &depth); }
    if (depth == 0) break;
    frame_t *f = &frames[depth - 1];
    if (f->kind == F_ARR) {
      lua_rawgeti(L, -1, f->j++);
      if (lua_type(L, -1) != LUA_TNIL) { f->count++; need = 1; continue; }
      lua_pop(L, 2);
    } else if (f->kind == F_MAP) {
      if (f->state == 1) { f->state = 0; need = 1; continue; } /* the key is done: now the value */
      if (lua_next(L, -2)) { lua_pushvalue(L, -2); f->count++; f->state = 1; need = 1; continue; }
      lua_pop(L, 2);
    } else {
      if (lua_next(L, -2)) { lua_pop(L, 1); lua_pushvalue(L, -1); f->count++; need = 1; continue; }
      lua_pop(L, 2);
    }
    memcpy(io.out + f->patch, &f->count, 4);
    depth--;
  }
}

static void push_strings(lua_State *L, const unsigned char **pp, int n) {
  const unsigned char *p = *pp;
  lua_createtable(L, n, 0);
  for (int i = 1; i <= n; i++) {
    uint32_t len;
    memcpy(&len, p, 4);
    lua_pushlstring(L, (const char *)p + 4, len);
    p += 4 + len;
    lua_rawseti(L, -2, i);
  }
  *pp = p;
}

/*
 * EVAL's KEYS / ARGV: one table each per interpreter, refilled for every run instead of
 * two new tables (and two protected global writes). No script can keep a reference past
 * its run (globals are read-only, a script's chunk has no upvalues, `debug` is gone), so
 * only the content is observable: whatever the last run left (fields, metatable) is reset.
 */
static void refill(lua_State *L, int ref, const unsigned char **pp, int n) {
  const unsigned char *p = *pp;
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  Table *t = hvalue(L->top - 1);
  int clean = t->metatable == NULL, i;
  for (i = 0; clean && i < sizenode(t); i++) if (!ttisnil(gval(gnode(t, i)))) clean = 0;
  if (clean) { /* the usual case: only array entries, of which those past n go */
    for (i = n; i < t->sizearray; i++) setnilvalue(&t->array[i]);
  } else {
    if (lua_getmetatable(L, -1)) { lua_pop(L, 1); lua_pushnil(L); lua_setmetatable(L, -2); }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      lua_Number k = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
      if (!(k >= 1 && k <= n && k == (lua_Number)(int)k)) { lua_pushvalue(L, -1); lua_pushnil(L); lua_rawset(L, -4); }
    }
  }
  for (i = 1; i <= n; i++) {
    uint32_t len;
    memcpy(&len, p, 4);
    lua_pushlstring(L, (const char *)p + 4, len);
    p += 4 + len;
    lua_rawseti(L, -2, i);
  }
  lua_pop(L, 1);
  *pp = p;
}

/*
 * Run a script (luaCallFunction): the error handler and the function come from the
 * registry; KEYS and ARGV ([u32 len][bytes]... at `args`) become globals (EVAL) or the
 * function's two arguments (FCALL). hook > 0 installs the count hook for the call.
 * keys_ref/argv_ref (EVAL, optional): the global KEYS/ARGV tables to refill (see refill).
 * Returns 0 with the converted reply in io.out (stack as on entry), or the pcall error
 * with [handler, error value] left on the stack.
 */
EMSCRIPTEN_KEEPALIVE int g_run(lua_State *L, int handler_ref, int fn_ref, int eval_mode, const unsigned char *args, int nkeys, int nargs, int hook, int keys_ref, int argv_ref) {
  static int gc_count = 0;
  int err;
  io.resp = 2;
  lua_rawgeti(L, LUA_REGISTRYINDEX, handler_ref);
  lua_rawgeti(L, LUA_REGISTRYINDEX, fn_ref);
  if (eval_mode && keys_ref != 0) { /* the KEYS/ARGV globals are these two tables (refill) */
    refill(L, keys_ref, &args, nkeys);
    refill(L, argv_ref, &args, nargs);
    eval_mode = 2;
  } else push_strings(L, &args, nkeys);
  if (eval_mode == 1) {
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
    lua_setglobal(L, "KEYS");
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
  }
  if (eval_mode != 2) push_strings(L, &args, nargs);
  if (eval_mode == 1) {
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
    lua_setglobal(L, "ARGV");
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
  }
  if (hook > 0) lua_sethook(L, count_hook, LUA_MASKCOUNT, hook);
  err = eval_mode ? lua_pcall(L, 0, 1, -2) : lua_pcall(L, 2, 1, -4);
  if (hook > 0) lua_sethook(L, NULL, 0, 0);
  /* A GC step every 50 calls, so that a full cycle never runs inside a script (LUA_GC_CYCLE_PERIOD).
   * With a heap under 50 KB the step is a whole cycle (about 7 us here, ~0.15 us per run). When the
   * last one completed its cycle and nothing was allocated or freed since, the cycle would find
   * only what became unreachable without any allocation (a KEYS entry the refill cleared): that
   * waits for the next step after an allocation, used_memory_lua is otherwise the same. */
  if (++gc_count == 50) {
    alloc_stat *st;
    gc_count = 0;
    lua_getallocf(L, (void **)&st);
    if (st->ops != st->ops_at_gc || G(L)->gcstate != GCSpause) { lua_gc(L, LUA_GCSTEP, 50); st->ops_at_gc = st->ops; }
  }
  if (err) return err;
  reply_to_stream(L);
  lua_pop(L, 1); /* the error handler */
  return 0;
}
