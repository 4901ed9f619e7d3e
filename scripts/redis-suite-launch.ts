/**
 * `redis-server <config file>` for the Redis TCL suite in its normal (spawning) mode, so that
 * the tests tagged `external:skip` — e.g. unit/dump's MIGRATE tests, which start a second
 * server — run against our engine. Reads the suite's config file (port, bind, dir; every
 * other directive is applied as CONFIG, invalid ones skipped) and prints the two log lines
 * the suite waits for (" PID: <pid>", "Ready to accept connections"). Set up a suite copy
 * with scripts/redis-suite-spawn.sh.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RedisServer } from '../engines/redis/index.js';

const file = process.argv[2];
const cwd = process.env.SUITE_CWD ?? process.cwd();
const config: Record<string, string> = {};
let port = 6379, host = '127.0.0.1', dir: string | undefined;
for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  const sp = line.indexOf(' ');
  const k = sp < 0 ? line : line.slice(0, sp);
  const v = sp < 0 ? '' : line.slice(sp + 1).replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  if (k === 'port') port = Number(v);
  else if (k === 'bind') host = v.split(' ')[0];
  else if (k === 'dir') dir = path.resolve(cwd, v);
  else config[k] = v;
}
console.log(`${process.pid}:M * elasticache-local redis engine, PID: ${process.pid}`);
const srv = new RedisServer({ port, host, allowRestrictedCommands: true, dir, config });
srv.listen().then(
  () => console.log(`${process.pid}:M * Ready to accept connections tcp`),
  (e) => { console.log(`Failed listening on port ${port} (tcp), aborting: ${e}`); process.exit(1); },
);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
srv.on('shutdown', () => process.exit(0));
