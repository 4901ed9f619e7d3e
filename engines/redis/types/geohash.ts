/**
 * Redis's geohash (geohash.c + geohash_helper.c): 52-bit interleaved cells
 * over lon [-180,180] × lat [-85.05112878,85.05112878], stored as zset
 * scores. A cell is kept de-interleaved as (lat, lon) cell indices at `step`
 * bits each; interleaving (lat bits even, lon bits odd) only happens when a
 * score range is needed, so every value stays an exact double (< 2^54).
 * The arithmetic follows the C code operation for operation so decoded
 * coordinates, search boxes and distances match redis-server bit for bit
 * (distances: see distanceExact for the one range where they may not).
 */
import { glibcSin, glibcCos, glibcAsin } from './glibcmath.js';

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878, GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180, GEO_LONG_MAX = 180;
const D_R = Math.PI / 180.0;
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const TWO32 = 4294967296;

/** A geohash cell: lat/lon cell indices (uint32, usually < 2^step) at `step` bits per coordinate. */
export interface Cell { lat: number; lon: number; step: number }
export interface Range { min: number; max: number }
export interface Area { lat: Range; lon: Range }

const WGS_LON: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const WGS_LAT: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

// spread16[x]: the 16 bits of x moved to the even bit positions of a 32-bit word
const SPREAD16 = new Uint32Array(65536);
for (let x = 0; x < 65536; x++) {
  let v = x;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  SPREAD16[x] = v >>> 0;
}
/** Even bits of a 32-bit word packed into 16 bits. */
function compact(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** interleave64(lat, lon) as an exact double (lat, lon ≤ 2^26). */
export function interleave(lat: number, lon: number): number {
  const a = SPREAD16[lat & 0xffff] + SPREAD16[lat >>> 16] * TWO32;
  const b = SPREAD16[lon & 0xffff] + SPREAD16[lon >>> 16] * TWO32;
  return a + b * 2;
}

/** The 64-bit value C's `(uint64_t)score` gives, as hi/lo 32-bit words (x86-64 conversion rules). */
function toU64(score: number): [number, number] {
  if (score >= 0 && score < 18446744073709551616) {
    const t = Math.trunc(score);
    const hi = Math.floor(t / TWO32);
    return [hi >>> 0, (t - hi * TWO32) >>> 0];
  }
  if (score < 0 && score > -9223372036854775808) {
    const v = (1n << 64n) + BigInt(Math.trunc(score));
    return [Number(v >> 32n) >>> 0, Number(v & 0xffffffffn) >>> 0];
  }
  return score < 0 ? [0x80000000, 0] : [0, 0]; // "integer indefinite" (and its xor for huge values)
}

/** geohashEncode: null when outside the WGS84 limits or the given ranges. */
export function encode(lon: number, lat: number, step: number, lonR: Range = WGS_LON, latR: Range = WGS_LAT): Cell | null {
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return null;
  if (lat < latR.min || lat > latR.max || lon < lonR.min || lon > lonR.max) return null;
  let latOff = (lat - latR.min) / (latR.max - latR.min);
  let lonOff = (lon - lonR.min) / (lonR.max - lonR.min);
  latOff *= 2 ** step;
  lonOff *= 2 ** step;
  return { lat: latOff >>> 0, lon: lonOff >>> 0, step };
}

/** The zset score of a point (geohashAlign52Bits of the 26-step hash); null when out of range. */
export function scoreOf(lon: number, lat: number): number | null {
  // encode() at step 26 over the WGS84 ranges, without the Cell object (GEOADD hot path)
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return null;
  const latOff = ((lat - GEO_LAT_MIN) / (GEO_LAT_MAX - GEO_LAT_MIN)) * STEP26;
  const lonOff = ((lon - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN)) * STEP26;
  return interleave(latOff >>> 0, lonOff >>> 0);
}
const STEP26 = 2 ** GEO_STEP_MAX;

/** geohashDecode of a cell. */
export function decodeCell(c: Cell, lonR: Range = WGS_LON, latR: Range = WGS_LAT): Area {
  const latScale = latR.max - latR.min, lonScale = lonR.max - lonR.min;
  const div = 2 ** c.step;
  return {
    lat: { min: latR.min + (c.lat * 1.0 / div) * latScale, max: latR.min + ((c.lat + 1) * 1.0 / div) * latScale },
    lon: { min: lonR.min + (c.lon * 1.0 / div) * lonScale, max: lonR.min + ((c.lon + 1) * 1.0 / div) * lonScale },
  };
}

const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN, LON_SCALE = GEO_LONG_MAX - GEO_LONG_MIN, STEP_DIV = 2 ** GEO_STEP_MAX;

/** deinterleave64 of `(uint64_t)score`: out[0] = lat cell index (even bits), out[1] = lon cell index (odd bits). */
export function scoreIndices(score: number, out: Uint32Array): void {
  let hi: number, lo: number;
  if (score >= 0 && score < 9007199254740992) {
    const t = Math.trunc(score);
    hi = Math.floor(t / TWO32);
    lo = (t - hi * TWO32) >>> 0;
  } else [hi, lo] = toU64(score);
  out[0] = compact(lo) | (compact(hi) << 16);
  out[1] = compact(lo >>> 1) | (compact(hi >>> 1) << 16);
}

/** geohashDecode + geohashDecodeAreaToLongLat of 26-step cell indices, operation for operation: out[0] = lon, out[1] = lat (clamped). */
export function decodeIndicesInto(ilat: number, ilon: number, out: Float64Array): void {
  const latMin = GEO_LAT_MIN + (ilat * 1.0 / STEP_DIV) * LAT_SCALE, latMax = GEO_LAT_MIN + ((ilat + 1) * 1.0 / STEP_DIV) * LAT_SCALE;
  const lonMin = GEO_LONG_MIN + (ilon * 1.0 / STEP_DIV) * LON_SCALE, lonMax = GEO_LONG_MIN + ((ilon + 1) * 1.0 / STEP_DIV) * LON_SCALE;
  let x = (lonMin + lonMax) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (latMin + latMax) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  out[0] = x; out[1] = y;
}

const IDX = new Uint32Array(2);
/** decodeGeohash(score) into out[0] = lon, out[1] = lat (cell centre, clamped); no allocation (search hot path). */
export function decodeScoreInto(score: number, out: Float64Array): void {
  scoreIndices(score, IDX);
  decodeIndicesInto(IDX[0], IDX[1], out);
}

/**
 * Index windows for the search scan, so most points outside the shape are
 * dropped before any floating point: out = [latMin, latMax, lonLo, lonHi,
 * lonFarLo, lonFarHi]. A point whose lat index is outside [latMin, latMax],
 * or whose lon index lies in (lonFarLo, lonLo) or (lonHi, lonFarHi), is one
 * that visiting it would reject anyway (|Δlat| beyond withinShape's latitude
 * pre-filter, or |Δlon| in (maxDlon, 180]); two cells of margin on every side,
 * and no window where clamped coordinates could fall.
 */
function latIdx(lat: number): number { return ((lat - GEO_LAT_MIN) / LAT_SCALE) * STEP_DIV; }
function lonIdx(lon: number): number { return ((lon - GEO_LONG_MIN) / LON_SCALE) * STEP_DIV; }
export function indexWindow(s: Shape, maxDlon: number, out: Float64Array): void {
  const lim = s.circle ? s.radius * s.conversion * (1 + 1e-9) + 1e-6 : s.height * s.conversion / 2;
  const band = (lim / EARTH_RADIUS_IN_METERS / D_R) * (1 + 1e-6) + 1e-6;
  out[0] = s.lat - band <= GEO_LAT_MIN ? -Infinity : Math.floor(latIdx(s.lat - band)) - 2;
  out[1] = !(s.lat + band < GEO_LAT_MAX) ? Infinity : Math.ceil(latIdx(s.lat + band)) + 2;
  const dl = maxDlon * (1 + 1e-9) + 1e-6;
  const lo = s.lon - dl, hi = s.lon + dl;
  out[2] = !(lo > GEO_LONG_MIN) ? -Infinity : Math.floor(lonIdx(lo)) - 2;
  out[3] = !(hi < GEO_LONG_MAX) ? Infinity : Math.ceil(lonIdx(hi)) + 2;
  out[4] = Math.ceil(lonIdx(s.lon - 180)) + 2;
  out[5] = Math.floor(lonIdx(s.lon + 180)) - 2;
}

const XY = new Float64Array(2);
/** decodeGeohash(score): the cell centre [lon, lat], clamped to the WGS84 limits. */
export function decodeScore(score: number): [number, number] {
  decodeScoreInto(score, XY);
  return [XY[0], XY[1]];
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
/** GEOHASH's 11-character standard geohash of a stored score (re-encoded over lat [-90,90]). */
export function geohashString(score: number): string {
  const [x, y] = decodeScore(score);
  const c = encode(x, y, 26, { min: -180, max: 180 }, { min: -90, max: 90 });
  let out = '';
  if (c === null) return '00000000000';
  const bits = interleave(c.lat, c.lon);
  for (let i = 0; i < 10; i++) out += GEOALPHABET[Math.floor(bits / 2 ** (52 - (i + 1) * 5)) % 32];
  return out + '0';
}

// ---- distances -----------------------------------------------------------

export function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(lat2 * D_R - lat1 * D_R);
}

/** geohashGetDistance: haversine on Redis's earth radius. */
export function distance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = lon1 * D_R, lon2r = lon2 * D_R;
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = lat1 * D_R, lat2r = lat2 * D_R;
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// Math.cos of the last search centre's latitude: the same value distance() would compute per point
let centreLat = NaN, centreCos = NaN;
/** distance(s.lon, s.lat, lon, lat), bit for bit, with the centre's cosine computed once per centre. */
function distanceFromCentre(s: Shape, lon2: number, lat2: number): number {
  const lon1r = s.lon * D_R, lon2r = lon2 * D_R;
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(s.lat, lat2);
  if (s.lat !== centreLat) { centreLat = s.lat; centreCos = Math.cos(s.lat * D_R); }
  const lat1r = s.lat * D_R, lat2r = lat2 * D_R;
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + centreCos * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/**
 * distance(lon, lat, lon2, lat) bit for bit: on one latitude the haversine's
 * sin(0) term is exactly 0, so one sine and one cosine are enough (box width check).
 */
function widthDistance(lon: number, lat: number, lon2: number): number {
  const lon1r = lon * D_R, lon2r = lon2 * D_R;
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat, lat);
  const c = Math.cos(lat * D_R);
  const a = c * c * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/**
 * distance() computed the way redis-server's libm computes it (glibcmath.ts):
 * V8's Math.sin/cos/asin (fdlibm) differ from glibc's in the last bit for a
 * few % of arguments, so wherever a last-bit difference can show (STOREDIST
 * scores, GEODIST/WITHDIST on a rounding boundary, a point on the radius) the
 * distance is recomputed with this version: redis-server's double bit for bit
 * under ~1 597 km and over ~16 818 km; in between up to 2 ulps off for ~0.1 %
 * of pairs (glibcAsin is correctly rounded there, glibc's table-driven asin
 * is not).
 */
export function distanceExact(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = lon1 * D_R, lon2r = lon2 * D_R;
  const v = glibcSin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = lat1 * D_R, lat2r = lat2 * D_R;
  const u = glibcSin((lat2r - lat1r) / 2);
  const a = u * u + glibcCos(lat1r) * glibcCos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * glibcAsin(Math.sqrt(a));
}

/** distanceExact from a fixed centre, `cosLat1` being glibcCos(lat1 · D_R): one cosine per search instead of per point (STOREDIST). */
export function distanceExactFrom(lon1: number, lat1: number, cosLat1: number, lon2: number, lat2: number): number {
  const lon1r = lon1 * D_R, lon2r = lon2 * D_R;
  const v = glibcSin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = lat1 * D_R, lat2r = lat2 * D_R;
  const u = glibcSin((lat2r - lat1r) / 2);
  const a = u * u + cosLat1 * glibcCos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * glibcAsin(Math.sqrt(a));
}
/** The cosLat1 argument of distanceExactFrom. */
export function exactCos(lat: number): number { return glibcCos(lat * D_R); }

/** True when `x` is so close to `limit` that a one-ulp error could change a comparison with it. */
export function nearBoundary(x: number, limit: number): boolean {
  return Math.abs(x - limit) <= Math.abs(limit) * 1e-12;
}

/** True when d·10⁴ is near a .5 boundary, where fmtDistance of a one-ulp different d could differ. */
export function nearRounding(d: number): boolean {
  const x = d * 10000, f = x - Math.floor(x);
  return Math.abs(f - 0.5) <= Math.abs(x) * 1e-13 + 1e-9;
}

// ---- search areas --------------------------------------------------------

/** A search shape (GeoShape): centre, radius or box (in `conversion` units), and its bounding box. */
export interface Shape {
  lon: number; lat: number;
  circle: boolean;
  radius: number; width: number; height: number;
  conversion: number;
}

/**
 * |Δlon| in degrees beyond which no point of the shape's latitude band can be
 * inside (Infinity: no such bound). Haversine gives d ≥ 2R·asin(√(cos φ1·cos φ2)·|sin(Δλ/2)|)
 * and cos φ2 is smallest at the band's far edge, so a point past this bound is
 * rejected without trigonometry; the margins keep it clear of last-bit effects.
 */
export function lonBound(s: Shape): number {
  const lim = (s.circle ? s.radius : s.width / 2) * s.conversion * (1 + 1e-9) + 1e-6;
  const band = ((s.circle ? s.radius : s.height / 2) * s.conversion / EARTH_RADIUS_IN_METERS) * (1 + 1e-6) + 1e-9;
  const lat1r = s.lat * D_R;
  const far = Math.max(Math.abs(lat1r - band), Math.abs(lat1r + band));
  const half = lim / (2 * EARTH_RADIUS_IN_METERS);
  if (far >= Math.PI / 2 || half >= Math.PI / 2) return Infinity;
  const cosMin = Math.cos(far);
  const k = s.circle ? Math.sqrt(Math.cos(lat1r) * cosMin) : cosMin; // a box checks the width on the point's own latitude
  const t = Math.sin(half) / k;
  if (!(t < 1)) return Infinity;
  return ((2 * Math.asin(t)) / D_R) * (1 + 1e-9);
}

/** Distance from the shape's centre when the point lies inside, else -1 (geoWithinShape). */
export function withinShape(s: Shape, lon: number, lat: number): number {
  if (s.circle) {
    const lim = s.radius * s.conversion;
    // cheap exact pre-filter: the great-circle distance is never below R·|Δlat|, so a point
    // clearly beyond that is outside for Redis too (saves the trig for most rejected points)
    if (latDistance(lat, s.lat) > lim * (1 + 1e-9) + 1e-6) return -1;
    let d = distanceFromCentre(s, lon, lat);
    if (nearBoundary(d, lim)) d = distanceExact(s.lon, s.lat, lon, lat);
    return d > lim ? -1 : d;
  }
  const w = s.width * s.conversion, h = s.height * s.conversion;
  if (latDistance(lat, s.lat) > h / 2) return -1;
  let wd = widthDistance(lon, lat, s.lon);
  if (nearBoundary(wd, w / 2)) wd = distanceExact(lon, lat, s.lon, lat);
  if (wd > w / 2) return -1;
  return distanceFromCentre(s, lon, lat);
}

function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) { rangeMeters *= 2; step++; }
  step -= 2;
  if (lat > 66 || lat < -66) { step--; if (lat > 80 || lat < -80) step--; }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat]. */
function boundingBox(s: Shape): [number, number, number, number] {
  const height = s.conversion * (s.circle ? s.radius : s.height / 2);
  const width = s.conversion * (s.circle ? s.radius : s.width / 2);
  const latDelta = (height / EARTH_RADIUS_IN_METERS) / D_R;
  const lonDeltaTop = (width / EARTH_RADIUS_IN_METERS / Math.cos((s.lat + latDelta) * D_R)) / D_R;
  const lonDeltaBottom = (width / EARTH_RADIUS_IN_METERS / Math.cos((s.lat - latDelta) * D_R)) / D_R;
  const south = s.lat < 0;
  return [
    south ? s.lon - lonDeltaBottom : s.lon - lonDeltaTop,
    s.lat - latDelta,
    south ? s.lon + lonDeltaBottom : s.lon + lonDeltaTop,
    s.lat + latDelta,
  ];
}

/** geohash_move_x/_y: a zero move leaves the coordinate untouched, a move wraps modulo 2^step. */
function move(c: Cell, dx: number, dy: number): Cell {
  const mask = 2 ** c.step - 1; // step ≤ 26: two's complement & is the modulo, also for -1
  return {
    lat: dy === 0 ? c.lat : (c.lat + dy) & mask,
    lon: dx === 0 ? c.lon : (c.lon + dx) & mask,
    step: c.step,
  };
}
/** The 8 neighbours in geohashNeighbors' order: N S E W NE NW SE SW. */
function neighbours(h: Cell): (Cell | null)[] {
  return [move(h, 0, 1), move(h, 0, -1), move(h, 1, 0), move(h, -1, 0), move(h, 1, 1), move(h, -1, 1), move(h, 1, -1), move(h, -1, -1)];
}

/**
 * geohashCalculateAreasByShapeWGS84 + membersOfAllNeighbors' box list: the
 * centre cell and its 8 neighbours in Redis's order (N S E W NE NW SE SW),
 * null for neighbours excluded as useless.
 */
export function searchCells(s: Shape): (Cell | null)[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(s);
  const radiusMeters = (s.circle ? s.radius : Math.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2))) * s.conversion;
  let steps = estimateSteps(radiusMeters, s.lat);
  let hash = encode(s.lon, s.lat, steps)!;
  let nb: (Cell | null)[] = neighbours(hash);
  let area = decodeCell(hash);
  let decrease = false;
  if (decodeCell(nb[0]!).lat.max < maxLat) decrease = true;
  if (decodeCell(nb[1]!).lat.min > minLat) decrease = true;
  if (decodeCell(nb[2]!).lon.max < maxLon) decrease = true;
  if (decodeCell(nb[3]!).lon.min > minLon) decrease = true;
  if (steps > 1 && decrease) {
    steps--;
    hash = encode(s.lon, s.lat, steps)!;
    nb = neighbours(hash);
    area = decodeCell(hash);
  }
  // indexes: 0 N, 1 S, 2 E, 3 W, 4 NE, 5 NW, 6 SE, 7 SW
  if (steps >= 2) {
    if (area.lat.min < minLat) nb[1] = nb[7] = nb[6] = null;
    if (area.lat.max > maxLat) nb[0] = nb[4] = nb[5] = null;
    if (area.lon.min < minLon) nb[3] = nb[7] = nb[5] = null;
    if (area.lon.max > maxLon) nb[2] = nb[6] = nb[4] = null;
  }
  return [hash, ...nb];
}

/** scoresOfGeoHashBox: [min, max) of the zset scores inside a cell. */
export function cellScoreRange(c: Cell): [number, number] {
  const shift = 2 ** (52 - c.step * 2);
  const bits = interleave(c.lat, c.lon);
  return [bits * shift, (bits + 1) * shift];
}

// ---- number formatting ----------------------------------------------------

/** fixedpoint_d2string(d, 4): llrint(d·10⁴) printed with 4 decimals (distances). */
export function fmtDistance(d: number): string {
  if (d === 0) return '0.0000';
  const x = d * 10000;
  let r = Math.floor(x);
  const diff = x - r;
  if (diff > 0.5 || (diff === 0.5 && r % 2 !== 0)) r++;
  const neg = r < 0;
  let s = String(neg ? -r : r);
  if (s.length < 5) s = s.padStart(5, '0');
  return (neg ? '-' : '') + s.slice(0, -4) + '.' + s.slice(-4);
}

/** ld2string(LD_STR_HUMAN) of a double: exact "%.17Lf" with trailing zeros trimmed (coordinates). */
export function fmtHumanLD(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'nan' : d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // toFixed is exact but breaks ties upwards; an exact tie at 17 decimals needs d·2^18 to be an odd integer
  const t = d * 262144;
  if (Math.abs(d) < 1e20 && !(Number.isInteger(t) && t % 2 !== 0)) {
    let s = d.toFixed(17);
    let e = s.length;
    while (s.charCodeAt(e - 1) === 48) e--;
    if (s.charCodeAt(e - 1) === 46) e--;
    if (e !== s.length) s = s.slice(0, e);
    return s === '-0' ? '-0' : s;
  }
  const neg = d < 0;
  let a = neg ? -d : d;
  // a = m / 2^k exactly
  let k = 0;
  while (!Number.isInteger(a) && k < 1100) { a *= 2; k++; }
  let num = BigInt(a) * 10n ** 17n;
  const den = 1n << BigInt(k);
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q++;
  num = q;
  const str = num.toString().padStart(18, '0');
  let s = str.slice(0, -17) + '.' + str.slice(-17);
  s = s.replace(/0+$/, '').replace(/\.$/, '');
  return neg ? '-' + s : s;
}

/** printf("%f"): six decimals, exact value, ties to even (the invalid-pair error message). */
export function fmtF6(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? (Math.sign(d) < 0 ? '-nan' : 'nan') : d > 0 ? 'inf' : '-inf';
  const neg = d < 0 || Object.is(d, -0);
  let a = Math.abs(d);
  let k = 0;
  while (!Number.isInteger(a) && k < 1100) { a *= 2; k++; }
  const den = 1n << BigInt(k);
  const num = BigInt(a) * 1000000n;
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q++;
  const str = q.toString().padStart(7, '0');
  return (neg ? '-' : '') + str.slice(0, -6) + '.' + str.slice(-6);
}
