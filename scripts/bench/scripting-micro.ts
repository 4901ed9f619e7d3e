/**
 * In-process CPU cost of EVALSHA (no sockets): the command path from processCommand to the
 * reply bytes, in batches of 16 like a pipelined client, for the scripts of scripting.ts and
 * plain INCR for reference. Prints user+sys µs per command (median and min of --reps rounds).
 *   npx tsx scripts/bench/scripting-micro.ts [-n 200000] [--reps 5] [--only <label substring>]
 */
import { loadavg } from 'node:os';
import { RedisServer } from '../../engines/redis/index.js';

const arg = (name: string, def: number): number => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const N = arg('-n', 200000);
const REPS = arg('--reps', 5);
const BATCH = 16;

const core = new RedisServer({}).core;
const c = core.fakeClient();
c.authenticated = true;
function run(argv: string[]): Buffer | null {
  core.processCommand(c, argv);
  return c.w.take();
}
const load = (body: string): string => (run(['SCRIPT', 'LOAD', body]) ?? Buffer.alloc(0)).toString('latin1').split('\r\n')[1];
const cases: [string, string[]][] = [
  ['INCR (no script)', ['INCR', 'bench:plain']],
  ['return 1', ['EVALSHA', load('return 1'), '0']],
  ['INCR via redis.call', ['EVALSHA', load('return redis.call("incr", KEYS[1])'), '1', 'bench:counter']],
  ['SET+GET via redis.call', ['EVALSHA', load('redis.call("set", KEYS[1], ARGV[1]) return redis.call("get", KEYS[1])'), '1', 'bench:k', 'value']],
];
const ks = core.ks;
function round(argv: string[], n: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i += BATCH) {
    ks.freeze();
    for (let j = 0; j < BATCH; j++) core.processCommand(c, argv.slice()); // argv arrays are fresh per command, as from the parser
    ks.unfreeze();
    c.w.take();
  }
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
for (const [, argv] of cases) round(argv, 50000); // warm-up
console.log(`in-process, batches of ${BATCH}, ${N} commands × ${REPS}: CPU µs per command (median, min); load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const only = process.argv.indexOf('--only');
for (const [label, argv] of cases) {
  if (only > 0 && !label.includes(process.argv[only + 1])) continue;
  const xs: number[] = [];
  for (let r = 0; r < REPS; r++) xs.push(round(argv, N));
  console.log(`${label.padEnd(26)}${median(xs).toFixed(3).padStart(8)}${Math.min(...xs).toFixed(3).padStart(8)}   [${xs.map((x) => x.toFixed(2)).join(' ')}]`);
}
process.exit(0);
