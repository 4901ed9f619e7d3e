/*
 * Thin C glue between Redis's Lua 5.1 (deps/lua of redis 7.0.15, with its
 * readonly-table patch, cjson, cmsgpack, struct, bit) and the TypeScript
 * scripting engine. Everything Redis-specific (redis.* API, conversions,
 * sandboxing) lives in TypeScript; C only provides what must be a C function:
 * closures that call back into JS and may raise Lua errors, and the count hook.
 */
#include <emscripten.h>
#include <string.h>
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "lstate.h"

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

/* A state with the libraries Redis loads (no io/os/package). */
EMSCRIPTEN_KEEPALIVE lua_State *g_newstate(void) {
  lua_State *L = luaL_newstate();
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
