import { describe, it, expect } from 'vitest';
import { diffSuite, type DiffCase, type Step } from './diff.js';

const SICILY = ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'];

const cases: DiffCase[] = [
  { name: 'GEOADD / GEOPOS / GEOHASH / GEODIST basics', resp: 'both', steps: [
    SICILY, ['GEODIST', 'Sicily', 'Palermo', 'Catania'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
    ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'],
    ['GEODIST', 'Sicily', 'Palermo', 'nope'], ['GEODIST', 'nokey', 'a', 'b'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'yd'],
    ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'x'], ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
    ['GEOPOS', 'Sicily', 'Palermo', 'Catania', 'NonExisting'], ['GEOPOS', 'nokey', 'a', 'b'], ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'x'],
    ['GEOHASH', 'nokey', 'a'], ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'Sicily'], ['TYPE', 'Sicily']] },
  { name: 'GEOADD options and errors', resp: 'both', steps: [
    ['GEOADD', 'k', '1', '2', 'a'], ['GEOADD', 'k', 'NX', '3', '4', 'a', '5', '6', 'b'], ['GEOADD', 'k', 'XX', '7', '8', 'a', '9', '10', 'c'],
    ['GEOADD', 'k', 'CH', '1', '1', 'a', '1', '1', 'd'], ['GEOADD', 'k', 'xx', 'ch', '2', '2', 'a'], ['GEOADD', 'k', 'NX', 'XX', '1', '1', 'a'],
    ['GEOADD', 'k', '1', '2'], ['GEOADD', 'k', 'CH', '1', '2', 'a', '3'], ['GEOADD', 'k', 'x', '2', 'a'], ['GEOADD', 'k', '1', 'y', 'a'],
    ['GEOADD', 'k', '181', '0', 'a'], ['GEOADD', 'k', '0', '86', 'a'], ['GEOADD', 'k', '-180.0000001', '0', 'a'], ['GEOADD', 'k', '0.0078125', '-85.06', 'a'],
    ['GEOADD', 'k', 'inf', '0', 'a'], ['GEOADD', 'k', '1e300', '0', 'a'], ['GEOADD', 'k', '-0.5', '-90', 'a'], ['GEOADD', 'k', 'nan', '0', 'a'],
    ['GEOADD', 'k', '1', '1', 'ok', '200', '0', 'bad'], ['GEOPOS', 'k', 'ok'], ['GEOADD', 'k', 'GT', '1', '1', 'a'], ['GEOADD', 'k'],
    ['SET', 's', 'x'], ['GEOADD', 's', '1', '1', 'a'], ['GEOPOS', 's', 'a'], ['GEOHASH', 's', 'a'], ['GEODIST', 's', 'a', 'b'],
    ['GEOSEARCH', 's', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'], ['GEORADIUS', 's', '0', '0', '1', 'km'], ['ZRANGE', 'k', '0', '-1', 'WITHSCORES']] },
  { name: 'extreme coordinates: poles, antimeridian, non-geo scores', resp: 'both', steps: [
    ['GEOADD', 'p', '180', '85.05112878', 'a', '-180', '-85.05112878', 'b', '0', '0', 'c', '179.9999', '0', 'd', '-179.9999', '0', 'e',
      '180', '-85.05112878', 'f', '-180', '85.05112878', 'g', '0.000001', '-0.000001', 'h'],
    ['GEOPOS', 'p', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], ['GEOHASH', 'p', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    ['GEODIST', 'p', 'd', 'e'], ['GEODIST', 'p', 'a', 'b', 'km'], ['GEODIST', 'p', 'a', 'g'],
    ['GEOSEARCH', 'p', 'FROMLONLAT', '180', '0', 'BYRADIUS', '100', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC'],
    ['GEOSEARCH', 'p', 'FROMLONLAT', '0', '85', 'BYBOX', '40000', '100', 'km', 'WITHDIST', 'ASC'],
    ['GEOSEARCH', 'p', 'FROMMEMBER', 'a', 'BYRADIUS', '20000', 'km', 'ASC'],
    ['GEOSEARCH', 'p', 'FROMMEMBER', 'c', 'BYRADIUS', '0', 'm', 'WITHDIST'],
    ['ZADD', 'p', '-1', 'neg', '1e20', 'huge', '0.5', 'half', 'inf', 'pinf', '-inf', 'ninf', '4503599627370496', 'big'],
    ['GEOPOS', 'p', 'neg', 'huge', 'half', 'pinf', 'ninf', 'big'], ['GEOHASH', 'p', 'neg', 'huge', 'half', 'pinf', 'ninf', 'big'],
    ['GEODIST', 'p', 'neg', 'huge']] },
  { name: 'GEORADIUS family', resp: 'both', steps: [
    SICILY, ['GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2'],
    ['GEORADIUS', 'Sicily', '15', '37', '100', 'km'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'DESC', 'COUNT', '2'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '1', 'ANY'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'ANY'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '0'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', 'x'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT'],
    ['GEORADIUS', 'Sicily', '15', '37', '-1', 'km'], ['GEORADIUS', 'Sicily', '15', '37', 'x', 'km'], ['GEORADIUS', 'Sicily', '15', '37', '1', 'yd'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'dst', 'ASC'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'dst'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst', 'WITHDIST'], ['GEORADIUS', 'Sicily', '0', '0', '1', 'km', 'STORE', 'dst'],
    ['EXISTS', 'dst'], ['GEORADIUS', 'nokey', '15', '37', '200', 'km', 'STORE', 'dst'], ['GEORADIUS', 'nokey', '15', '37', '200', 'km'],
    ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'], ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STORE', 'x'],
    ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST', 'ASC'], ['GEORADIUSBYMEMBER', 'Sicily', 'nope', '200', 'km'],
    ['GEORADIUSBYMEMBER', 'nokey', 'x', '1', 'badunit', 'WITHDIST'], ['GEORADIUSBYMEMBER', 'nokey', 'x', '1', 'km', 'STORE', 'd2'],
    ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Catania', '300', 'mi', 'WITHCOORD', 'DESC'], ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Catania', '300', 'mi', 'STOREDIST', 'x'],
    ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'STOREDIST', 'd3', 'COUNT', '1'], ['ZRANGE', 'd3', '0', '-1', 'WITHSCORES'],
    ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'FROMMEMBER', 'Palermo']] },
  { name: 'GEOSEARCH / GEOSEARCHSTORE', resp: 'both', steps: [
    SICILY, ['GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
    ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '100', '100', 'mi', 'DESC', 'COUNT', '3'],
    ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'],
    ['GEOSEARCH', 'Sicily', 'BYRADIUS', '1', 'km'], ['geosearch', 'Sicily', 'FROMLONLAT', '1', '1'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYBOX', 'x', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYBOX', '1', 'y', 'km'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYBOX', '-1', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYBOX', '1', '1', 'lightyear'],
    ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '500', '1', 'BYRADIUS', '1', 'km'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'],
    ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '2', 'ANY', 'WITHDIST'],
    ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'nokey', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'ANY'],
    ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STOREDIST', 'DESC', 'COUNT', '2'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHCOORD'],
    ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x'],
    ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'], ['EXISTS', 'dst'],
    ['SET', 'dst', 'x'], ['GEOSEARCHSTORE', 'dst', 'nokey', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'], ['EXISTS', 'dst'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '1'], ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
    ['OBJECT', 'ENCODING', 'dst'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHDIST'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '128']] },
];

// Deterministic PRNG (mulberry32) so a failure is reproducible.
function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fuzzCase(seed: number, n: number, wide: boolean): DiffCase {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const coord = (lim: number, specials: string[]) => (r() < 0.1 ? pick(specials) : ((r() * 2 - 1) * lim).toFixed(Math.floor(r() * 9)));
  const lon = () => coord(wide ? 180 : 3, ['180', '-180', '179.99999', '-179.99999', '0']);
  const lat = () => coord(wide ? 85.05112878 : 3, ['85.05112878', '-85.05112878', '85', '-85', '0', '66.5', '-80.1']);
  const steps: Step[] = [];
  const add: string[] = ['GEOADD', 'g'];
  for (let i = 0; i < n; i++) add.push(lon(), lat(), `m${i}`);
  steps.push(add, ['ZRANGE', 'g', '0', '-1', 'WITHSCORES']);
  const units = ['m', 'km', 'mi', 'ft'];
  for (let q = 0; q < 40; q++) {
    const from = r() < 0.5 ? ['FROMMEMBER', `m${Math.floor(r() * n)}`] : ['FROMLONLAT', lon(), lat()];
    const unit = pick(units);
    const scale = unit === 'm' ? 1000 : unit === 'ft' ? 3000 : 1;
    const size = () => String(Math.floor(r() * (wide ? 8000 : 400) * scale));
    const by = r() < 0.5 ? ['BYRADIUS', size(), unit] : ['BYBOX', size(), size(), unit];
    const opts = [pick([[], ['ASC'], ['DESC']]), pick([[], ['WITHDIST'], ['WITHCOORD', 'WITHHASH'], ['WITHDIST', 'WITHCOORD']]),
      pick([[], [], ['COUNT', String(1 + Math.floor(r() * 5))]])].flat();
    // no ORDER without COUNT sorts by nothing: Redis's order is then the cell walk, compared exactly
    steps.push(['GEOSEARCH', 'g', ...from, ...by, ...opts]);
    // STORE keeps geohash scores. STOREDIST stores every bit of redis-server's (glibc's) distance: ours are
    // bit-identical under ~1 597 km (all 'local' pairs), but between 1 597 and 16 818 km ~0.1 % can be an
    // ulp or two off (see geo.storedist.diff.test.ts, which compares those with a tolerance), so the
    // world-wide runs compare the stored members and their order only.
    if (q % 8 === 0) steps.push(['GEOSEARCHSTORE', 'd', 'g', ...from, ...by, 'ASC', 'COUNT', '20'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'd', 'g', ...from, ...by, 'STOREDIST'], ['ZRANGE', 'd', '0', '-1', ...(wide ? [] : ['WITHSCORES'])]);
    if (q % 5 === 0) steps.push(['GEODIST', 'g', `m${Math.floor(r() * n)}`, `m${Math.floor(r() * n)}`, unit]);
  }
  const members = Array.from({ length: Math.min(n, 40) }, (_, i) => `m${i}`);
  steps.push(['GEOPOS', 'g', ...members], ['GEOHASH', 'g', ...members]);
  return { name: `random points seed ${seed} (${n} pts, ${wide ? 'world' : 'local'})`, resp: 'both', steps };
}

// Equal distances (several members on the same point): with COUNT < results Redis orders them with its
// pqsort, without COUNT with glibc's stable merge sort — both reproduced.
{
  const add: string[] = ['GEOADD', 'ties'];
  const pts = [['13', '38'], ['13.01', '38'], ['13', '38.01'], ['12.99', '38'], ['13', '37.99'], ['13.02', '38.02']];
  for (let i = 0; i < 72; i++) add.push(pts[(i * 7) % 6][0], pts[(i * 7) % 6][1], `m${(i * 37) % 72}`);
  const steps: Step[] = [add];
  for (const n of [1, 2, 5, 6, 7, 11, 12, 13, 30, 41, 50, 71, 72, 100]) {
    steps.push(['GEOSEARCH', 'ties', 'FROMLONLAT', '13', '38', 'BYRADIUS', '10', 'km', 'ASC', 'COUNT', String(n)]);
    steps.push(['GEOSEARCH', 'ties', 'FROMLONLAT', '13.001', '38.001', 'BYRADIUS', '10', 'km', 'DESC', 'COUNT', String(n), 'WITHDIST']);
  }
  steps.push(['GEOSEARCH', 'ties', 'FROMLONLAT', '13', '38', 'BYRADIUS', '10', 'km', 'ASC'], ['GEOSEARCH', 'ties', 'FROMLONLAT', '13', '38', 'BYBOX', '5', '5', 'km', 'DESC'],
    ['GEORADIUS', 'ties', '13', '38', '10', 'km', 'COUNT', '9'], ['GEOSEARCHSTORE', 'tdst', 'ties', 'FROMLONLAT', '13', '38', 'BYRADIUS', '10', 'km', 'COUNT', '20', 'DESC'],
    ['ZRANGE', 'tdst', '0', '-1', 'WITHSCORES']);
  cases.push({ name: 'equal distances with and without COUNT (pqsort / stable sort)', resp: 'both', steps });
}

cases.push(fuzzCase(1, 60, true), fuzzCase(2, 200, true), fuzzCase(3, 100, false), fuzzCase(4, 300, false), fuzzCase(5, 150, true));

diffSuite('geo', cases);

describe('geo propagation', () => {
  it('GEOADD propagates as the ZADD it becomes; GEOSEARCHSTORE verbatim; read-only searches not at all', async () => {
    const { RedisServer } = await import('../../../engines/redis/index.js');
    const s = new RedisServer({});
    const seen: string[][] = [];
    s.core.ks.propagateHooks.push((_db, argv) => { seen.push([...argv]); });
    const c = s.core.fakeClient();
    const run = (...argv: string[]) => { s.core.processCommand(c, argv); c.w.take(); };
    run('GEOADD', 'g', 'CH', '13.361389', '38.115556', 'Palermo');
    run('GEOADD', 'g', 'NX', '13.361389', '38.115556', 'Palermo'); // no change: nothing propagated
    run('GEOSEARCH', 'g', 'FROMLONLAT', '13', '38', 'BYRADIUS', '100', 'km');
    run('GEORADIUS_RO', 'g', '13', '38', '100', 'km');
    run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '13', '38', 'BYRADIUS', '100', 'km');
    expect(seen).toEqual([
      ['zadd', 'g', 'CH', '3479099956230698', 'Palermo'],
      ['GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '13', '38', 'BYRADIUS', '100', 'km'],
    ]);
  });
});
