/** EVAL EVALSHA EVAL_RO EVALSHA_RO SCRIPT * (Redis eval.c). The interpreter is in scripting/. */
import { registerAll } from './table.js';
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { getEvalEngine, resetEval } from '../scripting/eval.js';
import { getScripting } from '../scripting/state.js';
import { ldbWanted, evalWithDebugging, scriptDebugCommand } from '../scripting/ldb.js';
import '../scripting/hooks.js';
import { replyHelp } from './cmd_keys.js';
import { HELP } from './help-data.js';

/** Like Redis, EVAL is fed to MONITOR before the commands it runs (it is skip_monitor otherwise). */
function run(c: Client, argv: string[], sha: boolean, ro: boolean): void {
  if (c.server.monitors.size) c.server.feedMonitors(c, argv);
  if (ldbWanted(c)) return evalWithDebugging(c, argv, sha, ro); // SCRIPT DEBUG YES|SYNC
  getEvalEngine(c.server).eval(c, argv, sha, ro);
}
function evalCmd(c: Client, argv: string[]): void { run(c, argv, false, false); }
function evalRo(c: Client, argv: string[]): void { run(c, argv, false, true); }
function evalsha(c: Client, argv: string[]): void { run(c, argv, true, false); }
function evalshaRo(c: Client, argv: string[]): void { run(c, argv, true, true); }

function scriptLoad(c: Client, argv: string[]): void {
  const r = getEvalEngine(c.server).create(argv[2]);
  if ('err' in r) return c.w.error(r.err);
  c.w.bulk(r.sha);
}

function scriptExists(c: Client, argv: string[]): void {
  const scripts = getEvalEngine(c.server).scripts;
  c.w.arrayLen(argv.length - 2);
  // the script dict compares shas case-insensitively
  for (let j = 2; j < argv.length; j++) c.w.int(scripts.has(argv[j].toLowerCase()) ? 1 : 0);
}

function scriptFlush(c: Client, argv: string[]): void {
  if (argv.length > 3 || (argv.length === 3 && !['sync', 'async'].includes(argv[2].toLowerCase()))) return c.w.error(E.SCRIPT_FLUSH_OPT);
  resetEval(c.server);
  c.w.ok();
}

registerAll({
  eval: evalCmd, eval_ro: evalRo, evalsha, evalsha_ro: evalshaRo,
  'script|load': scriptLoad, 'script|exists': scriptExists, 'script|flush': scriptFlush,
  'script|kill': (c) => getScripting(c.server).kill(c, true),
  'script|debug': scriptDebugCommand,
  'script|help': (c, a) => replyHelp(c, a[0], HELP.script),
});
