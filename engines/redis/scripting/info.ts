/** INFO memory fields of scripting (used_memory_lua, number_of_cached_scripts, ...). Loads no Lua by itself. */
import type { Server } from '../server.js';
import { peekScripting } from './state.js';
import type { EvalEngine } from './eval.js';
import type { FunctionsEngine } from './functions.js';

/** An interpreter that was never created reports what an idle one uses. */
const IDLE_VM = 32768;

function human(n: number): string {
  if (n < 1024) return `${n}B`;
  const u = ['K', 'M', 'G', 'T'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(2)}${u[i]}`;
}

export function scriptingMemoryInfo(s: Server): Record<string, string | number> {
  const sc = peekScripting(s);
  const ev = (sc?.evalEngine ?? null) as EvalEngine | null;
  const fe = (sc?.functions ?? null) as FunctionsEngine | null;
  const vmEval = ev ? ev.memory() : IDLE_VM;
  const vmFunctions = fe ? fe.memory() : IDLE_VM;
  const scriptsEval = ev ? ev.scriptsMem + ev.scripts.size * 48 : 0;
  let functionsMem = 0, nfun = 0, nlib = 0;
  if (fe) {
    nlib = fe.current.libraries.size;
    nfun = fe.current.functions.size;
    for (const li of fe.current.libraries.values()) functionsMem += 64 + li.name.length + li.code.length + li.functions.size * 96;
  }
  return {
    used_memory_lua: vmEval, used_memory_vm_eval: vmEval, used_memory_lua_human: human(vmEval), used_memory_scripts_eval: scriptsEval,
    number_of_cached_scripts: ev ? ev.scripts.size : 0, number_of_functions: nfun, number_of_libraries: nlib,
    used_memory_vm_functions: vmFunctions, used_memory_vm_total: vmEval + vmFunctions, used_memory_vm_total_human: human(vmEval + vmFunctions),
    used_memory_functions: functionsMem, used_memory_scripts: scriptsEval + functionsMem, used_memory_scripts_human: human(scriptsEval + functionsMem),
  };
}
