#!/bin/sh
# Rebuilds lua.cjs (Redis 7.0.15's Lua 5.1 + glue.c as a single-file, synchronously
# instantiated WebAssembly module). Needs emscripten (Debian: apt-get install emscripten)
# and a Redis 7.0.15 source tree (deps/lua/src, plus src/solarisfixes.h that lua_cjson.c includes), e.g.
#   git archive 7.0.15 deps/lua/src src/solarisfixes.h | tar x -C /tmp/redis-lua && sh build.sh /tmp/redis-lua
set -e
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # Debian's emscripten finds its acorn there
SRC=${1:?usage: build.sh <redis source tree>}/deps/lua/src
HERE=$(cd "$(dirname "$0")" && pwd)
LUA_C="lapi.c lcode.c ldebug.c ldo.c ldump.c lfunc.c lgc.c llex.c lmem.c lobject.c lopcodes.c lparser.c lstate.c
 lstring.c ltable.c ltm.c lundump.c lvm.c lzio.c lauxlib.c lbaselib.c ldblib.c lmathlib.c lstrlib.c ltablib.c
 lua_cjson.c lua_struct.c lua_cmsgpack.c lua_bit.c strbuf.c fpconv.c"
FILES=""
for f in $LUA_C; do FILES="$FILES $SRC/$f"; done
EXPORTS='["_malloc","_free","_g_newstate","_g_push_host","_g_sethook","_g_loadbuffer","_g_pushstring","_g_setglobal","_g_getglobal","_g_pushglobals","_g_memory","_g_tonumber","_g_pushnumber","_g_mainthread","_g_close","_lua_gettop","_lua_settop","_lua_pushvalue","_lua_remove","_lua_insert","_lua_replace","_lua_checkstack","_lua_type","_lua_tolstring","_lua_toboolean","_lua_objlen","_lua_pushnil","_lua_pushinteger","_lua_pushboolean","_lua_createtable","_lua_gettable","_lua_getfield","_lua_rawget","_lua_rawgeti","_lua_settable","_lua_setfield","_lua_rawset","_lua_rawseti","_lua_setmetatable","_lua_getmetatable","_lua_next","_lua_pcall","_lua_error","_lua_gc","_lua_enablereadonlytable","_lua_isreadonlytable","_lua_rawequal","_lua_iscfunction","_lua_tointeger","_lua_touserdata","_lua_pushlightuserdata","_lua_topointer","_luaL_ref","_luaL_unref","_luaL_where","_lua_concat","_lua_pushcclosure","_lua_newuserdata","_lua_setfenv","_lua_getfenv","_g_io","_g_push_call","_g_run","_g_ldb_sethook","_g_ldb_frame","_g_ldb_getlocal"]'
emcc -O2 -DLUA_ANSI -DENABLE_CJSON_GLOBAL -DREDIS_STATIC='' -I"$SRC" $FILES "$HERE/glue.c" \
  -s MODULARIZE=1 -s EXPORT_NAME=createLua -s ENVIRONMENT=node -s SINGLE_FILE=1 -s WASM_ASYNC_COMPILATION=0 \
  -s ALLOW_MEMORY_GROWTH=1 -s INITIAL_MEMORY=16777216 -s TOTAL_STACK=1048576 -s FILESYSTEM=0 -s NODEJS_CATCH_EXIT=0 -s NODEJS_CATCH_REJECTION=0 \
  -s EXPORTED_FUNCTIONS="$EXPORTS" -s EXPORTED_RUNTIME_METHODS='["HEAPU8","HEAP32","HEAPU32"]' \
  -o "$HERE/lua.cjs"
