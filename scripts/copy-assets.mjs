// tsc copies no SQL: put the store's migrations beside the compiled store.
import { cpSync } from 'node:fs';
cpSync('src/store/migrations', 'dist/src/store/migrations', { recursive: true });
// The Lua runtime (WebAssembly inlined in a CommonJS module) is loaded next to the compiled scripting code.
cpSync('engines/redis/scripting/wasm/lua.cjs', 'dist/engines/redis/scripting/wasm/lua.cjs');
