/**
 * In-process CPU cost of the geo commands (no sockets): processCommand to reply
 * bytes on the 50 000-point set of geo-hll.ts, the same commands as its GEO rows.
 * Prints user+sys µs per command (min and median of 5 rounds).
 *   npx tsx scripts/bench/geo-micro.ts [name prefix, e.g. SEARCH]
 */
import { RedisServer } from '../../engines/redis/index.js';

const core = new RedisServer({}).core;
const c = core.fakeClient();
c.authenticated = true;
let seed = 7;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
for (let b = 0; b < 50; b++) {
  const cmd = ['GEOADD', 'pts'];
  for (let i = 0; i < 1000; i++) cmd.push((11 + rnd() * 4).toFixed(6), (36 + rnd() * 4).toFixed(6), `p${b * 1000 + i}`);
  core.processCommand(c, cmd); c.w.take();
}
let r = 1;
const rint = () => { r = (r * 1103515245 + 12345) & 0x7fffffff; return String(r % 1000000).padStart(12, '0'); };
const cases: [string, number, () => string[]][] = [
  ['GEOADD', 100000, () => { const x = rint(); return ['GEOADD', 'g', '13.' + x, '38.' + rint(), 'm:' + x]; }],
  ['SEARCH 5km ASC COUNT 10', 20000, () => ['GEOSEARCH', 'pts', 'FROMLONLAT', '13.1', '38.1', 'BYRADIUS', '5', 'km', 'ASC', 'COUNT', '10']],
  ['SEARCH box WITHDIST', 10000, () => ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p42', 'BYBOX', '10', '10', 'km', 'WITHDIST']],
  ['SEARCH 50km COUNT 5 ANY', 20000, () => ['GEOSEARCH', 'pts', 'FROMLONLAT', '12', '37', 'BYRADIUS', '50', 'km', 'COUNT', '5', 'ANY']],
  ['GEORADIUS 30km WITHCOORD', 1000, () => ['GEORADIUS', 'pts', '13', '38', '30', 'km', 'WITHCOORD']],
  ['SEARCHSTORE STOREDIST', 4000, () => ['GEOSEARCHSTORE', 'dst', 'pts', 'FROMLONLAT', '13.1', '38.1', 'BYRADIUS', '10', 'km', 'STOREDIST']],
];
const only = process.argv[2] ?? '';
for (const [name, n, gen] of cases) {
  if (!name.startsWith(only)) continue;
  const res: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) { core.processCommand(c, gen()); if ((i & 15) === 15) c.w.take(); }
    c.w.take();
    const d = process.cpuUsage(t0);
    res.push((d.user + d.system) / n);
  }
  res.sort((a, b) => a - b);
  console.log(name.padEnd(28), 'min', res[0].toFixed(2), 'med', res[2].toFixed(2), 'µs/op');
}
