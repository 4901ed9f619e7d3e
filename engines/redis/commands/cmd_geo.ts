/**
 * Geo commands (Redis 7.0 geo.c): points are zset members whose score is the
 * 52-bit geohash (types/geohash.ts). GEOADD rewrites itself into ZADD like
 * Redis does; the searches scan the centre cell and its 8 neighbours as score
 * ranges, filter by exact distance, then sort/limit.
 */
import type { Client } from '../client.js';
import type { Entry } from '../keyspace.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { zaddParsed } from './cmd_zset.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../server.js';
import { parseI64 } from '../util.js';
import { parseScore, zsetFromEntries, zsetLimits, type ZsetValue } from '../types/zset.js';
import {
  GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, scoreOf, decodeScore, scoreIndices, decodeIndicesInto, indexWindow, geohashString, distance, distanceExact, distanceExactFrom, exactCos, nearRounding,
  searchCells, cellScoreRange, withinShape, lonBound, fmtDistance, fmtHumanLD, fmtF6, type Shape,
} from '../types/geohash.js';

/** extractLongLatOrReply: two floats, then the WGS84 range check. */
function parseLonLat(c: Client, a: string, b: string): [number, number] | null {
  const x = parseScore(a);
  if (x === null) { c.w.error(E.NOT_FLOAT); return null; }
  const y = parseScore(b);
  if (y === null) { c.w.error(E.NOT_FLOAT); return null; }
  if (x < GEO_LONG_MIN || x > GEO_LONG_MAX || y < GEO_LAT_MIN || y > GEO_LAT_MAX) {
    c.w.error(E.GEO_INVALID_PAIR(fmtF6(x), fmtF6(y)));
    return null;
  }
  return [x, y];
}

/** extractUnitOrReply: meters per unit, or -1 after replying the error. */
function parseUnit(c: Client, u: string): number {
  switch (u.toLowerCase()) {
    case 'm': return 1;
    case 'km': return 1000;
    case 'ft': return 0.3048;
    case 'mi': return 1609.34;
  }
  c.w.error(E.GEO_UNIT);
  return -1;
}

function lookupGeo(c: Client, key: string): Entry | undefined | null {
  const e = c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.type !== 'zset') { c.w.error(E.WRONGTYPE); return null; }
  return e;
}

/** addReplyHumanLongDouble: RESP2 bulk, RESP3 double, both "%.17Lf" trimmed. */
function replyCoord(c: Client, d: number): void {
  const s = fmtHumanLD(d);
  if (c.w.proto === 3) c.w.rawStr(',' + s + '\r\n'); else c.w.bulk(s);
}

// ---- GEOADD -------------------------------------------------------------------

/** GEOADD key [NX|XX] [CH] lon lat member ... → ZADD key [NX|XX] [CH] score member ... */
function geoadd(c: Client, argv: string[]): void {
  let xx = false, nx = false, longidx = 2;
  while (longidx < argv.length) {
    if (argv[longidx].length !== 2) break; // not NX / XX / CH: skip lower-casing a coordinate
    const o = argv[longidx].toLowerCase();
    if (o === 'nx') nx = true;
    else if (o === 'xx') xx = true;
    else if (o !== 'ch') break;
    longidx++;
  }
  if ((argv.length - longidx) % 3 || (xx && nx)) return c.w.error(E.SYNTAX);
  const zargv = ['zadd'];
  for (let i = 1; i < longidx; i++) zargv.push(argv[i]);
  const scores: number[] = [];
  for (let i = longidx; i < argv.length; i += 3) {
    const xy = parseLonLat(c, argv[i], argv[i + 1]);
    if (xy === null) return;
    scores.push(scoreOf(xy[0], xy[1])!);
    zargv.push('', argv[i + 2]);
  }
  const ks = c.server.ks, dirty = ks.dirty;
  // ZADD itself, handed the scores as numbers (it reads only the members from zargv)
  zaddParsed(c, zargv, scores);
  // like replaceClientCommandVector: replicas see the ZADD, with the scores as text
  if (ks.dirty !== dirty) {
    for (let j = 0; j < scores.length; j++) zargv[longidx + 2 * j] = String(scores[j]);
    c.server.propagate(c, zargv);
  }
}

// ---- GEOPOS / GEOHASH / GEODIST --------------------------------------------------

function geopos(c: Client, argv: string[]): void {
  const e = lookupGeo(c, argv[1]);
  if (e === null) return;
  const zs = e === undefined ? null : (e.value as ZsetValue).zs;
  c.w.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zs?.score(argv[j]);
    if (score === undefined) { c.w.nullArray(); continue; }
    const [x, y] = decodeScore(score);
    c.w.arrayLen(2);
    replyCoord(c, x);
    replyCoord(c, y);
  }
}

function geohash(c: Client, argv: string[]): void {
  const e = lookupGeo(c, argv[1]);
  if (e === null) return;
  const zs = e === undefined ? null : (e.value as ZsetValue).zs;
  c.w.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zs?.score(argv[j]);
    if (score === undefined) c.w.nullBulk(); else c.w.bulk(geohashString(score));
  }
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = parseUnit(c, argv[4]);
    if (toMeter < 0) return;
  } else if (argv.length > 5) return c.w.error(E.SYNTAX);
  const e = lookupGeo(c, argv[1]);
  if (e === null) return;
  if (e === undefined) return c.w.nullBulk();
  const zs = (e.value as ZsetValue).zs;
  const s1 = zs.score(argv[2]), s2 = zs.score(argv[3]);
  if (s1 === undefined || s2 === undefined) return c.w.nullBulk();
  const a = decodeScore(s1), b = decodeScore(s2);
  let d = distance(a[0], a[1], b[0], b[1]) / toMeter;
  // 4 decimals hide V8's last-bit differences except next to a rounding boundary
  if (nearRounding(d)) d = distanceExact(a[0], a[1], b[0], b[1]) / toMeter;
  c.w.bulk(fmtDistance(d));
}

// ---- GEORADIUS* / GEOSEARCH* -------------------------------------------------------

const XY = new Float64Array(2);
const RADIUS_COORDS = 1, RADIUS_MEMBER = 2, RADIUS_NOSTORE = 4, GEOSEARCH = 8, GEOSEARCHSTORE = 16;
const SORT_NONE = 0, SORT_ASC = 1, SORT_DESC = 2;

interface GeoPoint { lon: number; lat: number; dist: number; score: number; member: string }

/** extractDistanceOrReply: radius and its unit into the shape. */
function parseRadius(c: Client, shape: Shape, a: string, unit: string): boolean {
  const r = parseScore(a);
  if (r === null) { c.w.error(E.GEO_NEED_RADIUS); return false; }
  if (r < 0) { c.w.error(E.GEO_RADIUS_NEG); return false; }
  const conv = parseUnit(c, unit);
  if (conv < 0) return false;
  shape.circle = true; shape.radius = r; shape.conversion = conv;
  return true;
}

/** The point of a member of the source zset (longLatFromMember), or null after replying. */
function memberPoint(c: Client, e: Entry, member: string): [number, number] | null {
  const score = (e.value as ZsetValue).zs.score(member);
  if (score === undefined) { c.w.error(E.GEO_DECODE_MEMBER); return null; }
  return decodeScore(score);
}

// The scan's state lives at module level so the per-point visitor is one function, not a closure per search.
let scanShape: Shape = { lon: 0, lat: 0, circle: true, radius: 0, width: 0, height: 0, conversion: 1 };
let scanOut: GeoPoint[] = [];
let scanLimit = 0, scanMaxDlon = Infinity;
const IDX = new Uint32Array(2);
const WIN = new Float64Array(6);
function visitPoint(member: string, score: number): boolean {
  scoreIndices(score, IDX);
  const ilat = IDX[0], ilon = IDX[1];
  // clearly outside in index space (see indexWindow): what the checks below would reject, without the float work
  if (ilat < WIN[0] || ilat > WIN[1] || (ilon < WIN[2] && ilon > WIN[4]) || (ilon > WIN[3] && ilon < WIN[5])) return true;
  decodeIndicesInto(ilat, ilon, XY);
  const lon = XY[0], lat = XY[1], clon = scanShape.lon;
  const dl = lon > clon ? lon - clon : clon - lon;
  if (dl > scanMaxDlon && dl <= 180) return true;
  const d = withinShape(scanShape, lon, lat);
  if (d >= 0) scanOut.push({ lon, lat, dist: d, score, member });
  return scanLimit === 0 || scanOut.length < scanLimit;
}

/** Points of the zset inside the shape, cell by cell (membersOfAllNeighbors). `limit` 0 = all. */
function pointsInShape(e: Entry, shape: Shape, limit: number): GeoPoint[] {
  const zs = (e.value as ZsetValue).zs;
  const out: GeoPoint[] = [];
  const cells = searchCells(shape);
  scanShape = shape; scanOut = out; scanLimit = limit; scanMaxDlon = lonBound(shape);
  indexWindow(shape, scanMaxDlon, WIN);
  let last = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null) continue;
    // huge radii: neighbouring cells can coincide; skip a repeat of the previous box
    if (last > 0) {
      const p = cells[last]!;
      if (p.lat === cell.lat && p.lon === cell.lon && p.step === cell.step) continue;
    }
    if (out.length && limit && out.length >= limit) break;
    const [min, max] = cellScoreRange(cell);
    zs.scanScore(min, max, visitPoint);
    last = i;
  }
  scanOut = [];
  return out;
}

const cmpAsc = (a: GeoPoint, b: GeoPoint) => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);
const cmpDesc = (a: GeoPoint, b: GeoPoint) => -cmpAsc(a, b);

/**
 * pqsort.c: a Bentley–McIlroy quicksort (median of 3 / ninther, fat pivot,
 * insertion sort below 7) that only recurses into parts overlapping
 * [lrange, rrange]. Needed to order equal distances exactly like Redis when
 * COUNT returns a prefix.
 */
function pqsort<T>(arr: T[], cmp: (a: T, b: T) => number, lrange: number, rrange: number): void {
  qsArr = arr as unknown[]; qsCmp = cmp as (a: unknown, b: unknown) => number;
  qsSort(0, arr.length, lrange, rrange);
  qsArr = [];
}
// pqsort's helpers at module level (no closures per call)
let qsArr: unknown[] = [];
let qsCmp: (a: unknown, b: unknown) => number = () => 0;
function qsSwap(i: number, j: number): void { const t = qsArr[i]; qsArr[i] = qsArr[j]; qsArr[j] = t; }
function qsVecswap(i: number, j: number, n: number): void { for (let k = 0; k < n; k++) qsSwap(i + k, j + k); }
function qsMed3(a: number, b: number, c: number): number {
  const arr = qsArr, cmp = qsCmp;
  return cmp(arr[a], arr[b]) < 0
    ? (cmp(arr[b], arr[c]) < 0 ? b : cmp(arr[a], arr[c]) < 0 ? c : a)
    : (cmp(arr[b], arr[c]) > 0 ? b : cmp(arr[a], arr[c]) < 0 ? a : c);
}
function qsSort(a: number, n: number, lrange: number, rrange: number): void {
  const arr = qsArr, cmp = qsCmp;
  for (;;) {
    if (n < 7) {
      for (let pm = a + 1; pm < a + n; pm++) for (let pl = pm; pl > a && cmp(arr[pl - 1], arr[pl]) > 0; pl--) qsSwap(pl, pl - 1);
      return;
    }
    let pm = a + Math.floor(n / 2);
    if (n > 7) {
      let pl = a, pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = qsMed3(pl, pl + d, pl + 2 * d);
        pm = qsMed3(pm - d, pm, pm + d);
        pn = qsMed3(pn - 2 * d, pn - d, pn);
      }
      pm = qsMed3(pl, pm, pn);
    }
    qsSwap(a, pm);
    let pa = a + 1, pb = a + 1, pc = a + n - 1, pd = a + n - 1;
    for (;;) {
      let r = 0;
      while (pb <= pc && (r = cmp(arr[pb], arr[a])) <= 0) { if (r === 0) { qsSwap(pa, pb); pa++; } pb++; }
      while (pb <= pc && (r = cmp(arr[pc], arr[a])) >= 0) { if (r === 0) { qsSwap(pc, pd); pd--; } pc--; }
      if (pb > pc) break;
      qsSwap(pb, pc); pb++; pc--;
    }
    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    qsVecswap(a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    qsVecswap(pb, pn - r, r);
    if ((r = pb - pa) > 1 && !(rrange < a || lrange > a + r - 1)) qsSort(a, r, lrange, rrange);
    if ((r = pd - pc) > 1) {
      a = pn - r; n = r;
      if (!(rrange < a || lrange > a + r - 1)) continue;
    }
    return;
  }
}

function georadiusGeneric(c: Client, argv: string[], srcKeyIndex: number, flags: number): void {
  const w = c.w, db = c.db, s = c.server;
  let storekey: string | null = null;
  let storedist = false;
  const e = lookupGeo(c, argv[srcKeyIndex]);
  if (e === null) return;
  const shape: Shape = { lon: 0, lat: 0, circle: true, radius: 0, width: 0, height: 0, conversion: 1 };
  let baseArgs: number;
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    const xy = parseLonLat(c, argv[2], argv[3]);
    if (xy === null) return;
    [shape.lon, shape.lat] = xy;
    if (!parseRadius(c, shape, argv[4], argv[5])) return;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    // no source key: still parse the options to know which empty reply to give
    if (e !== undefined) {
      const xy = memberPoint(c, e, argv[2]);
      if (xy === null) return;
      [shape.lon, shape.lat] = xy;
      if (!parseRadius(c, shape, argv[3], argv[4])) return;
    }
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) { baseArgs = 3; storekey = argv[1]; }
  }

  let withdist = false, withhash = false, withcoords = false;
  let frommember = false, fromloc = false, byradius = false, bybox = false;
  let sort = SORT_NONE, any = false, count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[baseArgs + i].toLowerCase();
    const next = baseArgs + i + 1;
    if (arg === 'withdist') withdist = true;
    else if (arg === 'withhash') withhash = true;
    else if (arg === 'withcoord') withcoords = true;
    else if (arg === 'any') any = true;
    else if (arg === 'asc') sort = SORT_ASC;
    else if (arg === 'desc') sort = SORT_DESC;
    else if (arg === 'count' && i + 1 < remaining) {
      const v = parseI64(argv[next]);
      if (v === null) return w.error(E.NOT_INT);
      if (v <= 0) return w.error(E.GEO_COUNT);
      count = Number(v);
      i++;
    } else if ((arg === 'store' || arg === 'storedist') && i + 1 < remaining && !(flags & (RADIUS_NOSTORE | GEOSEARCH))) {
      storekey = argv[next];
      storedist = arg === 'storedist';
      i++;
    } else if (arg === 'storedist' && (flags & GEOSEARCH) && (flags & GEOSEARCHSTORE)) {
      storedist = true;
    } else if (arg === 'frommember' && i + 1 < remaining && (flags & GEOSEARCH) && !fromloc) {
      if (e !== undefined) {
        const xy = memberPoint(c, e, argv[next]);
        if (xy === null) return;
        [shape.lon, shape.lat] = xy;
      }
      frommember = true;
      i++;
    } else if (arg === 'fromlonlat' && i + 2 < remaining && (flags & GEOSEARCH) && !frommember) {
      const xy = parseLonLat(c, argv[next], argv[next + 1]);
      if (xy === null) return;
      [shape.lon, shape.lat] = xy;
      fromloc = true;
      i += 2;
    } else if (arg === 'byradius' && i + 2 < remaining && (flags & GEOSEARCH) && !bybox) {
      if (!parseRadius(c, shape, argv[next], argv[next + 1])) return;
      byradius = true;
      i += 2;
    } else if (arg === 'bybox' && i + 3 < remaining && (flags & GEOSEARCH) && !byradius) {
      const wd = parseScore(argv[next]);
      if (wd === null) return w.error(E.GEO_NEED_WIDTH);
      const ht = parseScore(argv[next + 1]);
      if (ht === null) return w.error(E.GEO_NEED_HEIGHT);
      if (ht < 0 || wd < 0) return w.error(E.GEO_BOX_NEG);
      const conv = parseUnit(c, argv[next + 2]);
      if (conv < 0) return;
      shape.circle = false; shape.width = wd; shape.height = ht; shape.conversion = conv;
      bybox = true;
      i += 3;
    } else return w.error(E.SYNTAX);
  }

  if (storekey !== null && (withdist || withhash || withcoords)) {
    return w.error(E.GEO_STORE_WITH(flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'));
  }
  if ((flags & GEOSEARCH) && !(frommember || fromloc)) return w.error(E.GEO_FROM(argv[0]));
  if ((flags & GEOSEARCH) && !(byradius || bybox)) return w.error(E.GEO_BY(argv[0]));
  if (any && !count) return w.error(E.GEO_ANY_COUNT);

  if (e === undefined) {
    if (storekey !== null) {
      if (db.delete(storekey)) {
        s.ks.signalModified(db, storekey);
        s.notify(NOTIFY_GENERIC, 'del', storekey, db.id);
        s.ks.dirty++;
      }
      w.int(0);
    } else w.arrayLen(0);
    return;
  }
  // COUNT without ordering: the closest N are wanted
  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;

  const ga = pointsInShape(e, shape, any ? count : 0);
  if (ga.length === 0 && storekey === null) return w.arrayLen(0);
  const returned = count === 0 || ga.length < count ? ga.length : count;
  if (storedist) {
    // stored distances show every bit: redis-server's doubles (see distanceExact), also for choosing a COUNT prefix
    const cosLat = exactCos(shape.lat);
    for (const gp of ga) gp.dist = distanceExactFrom(shape.lon, shape.lat, cosLat, gp.lon, gp.lat);
  }
  if (sort !== SORT_NONE) {
    const cmp = sort === SORT_ASC ? cmpAsc : cmpDesc;
    // all results: glibc qsort (a stable merge sort, like Array.sort); a COUNT prefix: Redis's pqsort
    if (returned === ga.length) ga.sort(cmp); else pqsort(ga, cmp, 0, returned - 1);
  }

  if (storekey === null) {
    const opts = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
    w.arrayLen(returned);
    for (let i = 0; i < returned; i++) {
      const gp = ga[i];
      if (opts) w.arrayLen(opts + 1);
      w.bulk(gp.member);
      if (withdist) {
        let d = gp.dist / shape.conversion;
        if (nearRounding(d)) d = distanceExact(shape.lon, shape.lat, gp.lon, gp.lat) / shape.conversion;
        w.bulk(fmtDistance(d));
      }
      if (withhash) w.int(Math.trunc(gp.score));
      if (withcoords) { w.arrayLen(2); replyCoord(c, gp.lon); replyCoord(c, gp.lat); }
    }
    return;
  }
  if (returned) {
    const items: { member: string; score: number }[] = new Array(returned);
    for (let i = 0; i < returned; i++) {
      const gp = ga[i];
      const score = storedist ? gp.dist / shape.conversion : gp.score;
      items[i] = { member: gp.member, score };
    }
    db.setKey(storekey, 'zset', zsetFromEntries(items, zsetLimits(s)));
    s.ks.signalModified(db, storekey);
    s.ks.signalReady(db, storekey);
    s.notify(NOTIFY_ZSET, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore', storekey, db.id);
    s.ks.dirty += returned;
  } else if (db.delete(storekey)) {
    s.ks.signalModified(db, storekey);
    s.notify(NOTIFY_GENERIC, 'del', storekey, db.id);
    s.ks.dirty++;
  }
  w.int(returned);
}

registerAll({
  geoadd,
  geopos,
  geohash,
  geodist,
  georadius: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_COORDS),
  georadiusbymember: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_MEMBER),
  georadius_ro: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE),
  georadiusbymember_ro: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE),
  geosearch: (c, argv) => georadiusGeneric(c, argv, 1, GEOSEARCH),
  geosearchstore: (c, argv) => georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE),
});
