/**
 * The GEOSEARCH fast paths: zset scanScore (skiplist and listpack) visits the
 * same elements as rangeByScore [min, max), and the longitude pre-filter
 * (lonBound) never rejects a point that the full haversine check accepts.
 */
import { describe, it, expect } from 'vitest';
import { SortedSet } from '../../../engines/redis/ds/sortedset.js';
import { ListpackZset } from '../../../engines/redis/types/zset-listpack.js';
import { lonBound, withinShape, indexWindow, scoreIndices, decodeScoreInto, scoreOf, encode, interleave, distance, distanceExact, distanceExactFrom, exactCos, latDistance, nearBoundary, type Shape } from '../../../engines/redis/types/geohash.js';

let seed = 12345;
const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };

describe('scanScore', () => {
  for (const [name, make] of [['skiplist', () => new SortedSet<string>()], ['listpack', () => new ListpackZset()]] as const) {
    it(`${name}: same elements as rangeByScore with an exclusive max, stops when told`, () => {
      const zs = make();
      for (let i = 0; i < 300; i++) zs.add(`m${i}`, Math.floor(rnd() * 100));
      for (let q = 0; q < 200; q++) {
        const min = Math.floor(rnd() * 110) - 5, max = min + Math.floor(rnd() * 40);
        const want = zs.rangeByScore({ min, max, maxex: true }).map((e) => `${e.member}:${e.score}`);
        const got: string[] = [];
        zs.scanScore(min, max, (m, s) => { got.push(`${m}:${s}`); return true; });
        expect(got).toEqual(want);
        const limit = 1 + Math.floor(rnd() * 5);
        const first: string[] = [];
        zs.scanScore(min, max, (m, s) => { first.push(`${m}:${s}`); return first.length < limit; });
        expect(first).toEqual(want.slice(0, limit));
      }
    });
  }
});

describe('lonBound', () => {
  it('rejects only points the shape check rejects too (circles and boxes, all latitudes)', () => {
    let rejected = 0;
    for (let q = 0; q < 400; q++) {
      const lat = -85 + rnd() * 170, lon = -180 + rnd() * 360;
      const circle = q % 2 === 0;
      const size = 10 ** (rnd() * 7); // 1 m … 10 000 km
      const shape: Shape = { lon, lat, circle, radius: size, width: size * (0.5 + rnd()), height: size * (0.5 + rnd()), conversion: 1 };
      const bound = lonBound(shape);
      for (let k = 0; k < 200; k++) {
        // points near the bound (where a wrong bound would show) and anywhere
        const dl = k % 2 && Number.isFinite(bound) ? bound * (0.999 + rnd() * 0.002) : rnd() * 180;
        let plon = lon + (rnd() < 0.5 ? -dl : dl);
        if (plon > 180) plon -= 360;
        if (plon < -180) plon += 360;
        const plat = Math.max(-85.05, Math.min(85.05, lat + (rnd() - 0.5) * (size / 111000) * 2.2));
        const d = Math.abs(plon - lon);
        if (d > bound && d <= 180) {
          rejected++;
          expect(withinShape(shape, plon, plat)).toBe(-1);
        }
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});

describe('indexWindow', () => {
  it('drops only points that the longitude bound or the shape check drop too (incl. clamped and non-geo scores)', () => {
    const win = new Float64Array(6), idx = new Uint32Array(2), xy = new Float64Array(2);
    let dropped = 0;
    for (let q = 0; q < 400; q++) {
      // centres near the poles and the antimeridian too
      const lat = q % 5 === 0 ? (rnd() < 0.5 ? -1 : 1) * (84 + rnd() * 1.05) : -85 + rnd() * 170;
      const lon = q % 7 === 0 ? (rnd() < 0.5 ? -1 : 1) * (179 + rnd()) : -180 + rnd() * 360;
      const circle = q % 2 === 0;
      const size = 10 ** (rnd() * 7);
      const shape: Shape = { lon, lat, circle, radius: size, width: size * (0.5 + rnd()), height: size * (0.5 + rnd()), conversion: 1 };
      const bound = lonBound(shape);
      indexWindow(shape, bound, win);
      for (let k = 0; k < 300; k++) {
        let score: number;
        if (k % 10 === 0) score = Math.floor(rnd() * 2 ** 53); // beyond 52 bits: clamped coordinates
        else if (k % 10 === 1) score = -Math.floor(rnd() * 2 ** 40);
        else {
          const plat = Math.max(-85.05, Math.min(85.05, lat + (rnd() - 0.5) * (size / 111000) * 3));
          let plon = lon + (rnd() - 0.5) * Math.min(360, (size / 111000) * 4 / Math.max(0.05, Math.cos(lat * Math.PI / 180)));
          if (plon > 180) plon -= 360;
          if (plon < -180) plon += 360;
          score = scoreOf(plon, plat)!;
        }
        scoreIndices(score, idx);
        const [ilat, ilon] = idx;
        if (!(ilat < win[0] || ilat > win[1] || (ilon < win[2] && ilon > win[4]) || (ilon > win[3] && ilon < win[5]))) continue;
        dropped++;
        decodeScoreInto(score, xy);
        const d = Math.abs(xy[0] - lon);
        if (!(d > bound && d <= 180)) expect(withinShape(shape, xy[0], xy[1])).toBe(-1);
      }
    }
    expect(dropped).toBeGreaterThan(10000);
  });
});

describe('withinShape', () => {
  // the plain geoWithinShape formulation, to check the cached-cosine / one-latitude shortcuts bit for bit
  function reference(s: Shape, lon: number, lat: number): number {
    if (s.circle) {
      const lim = s.radius * s.conversion;
      if (latDistance(lat, s.lat) > lim * (1 + 1e-9) + 1e-6) return -1;
      let d = distance(s.lon, s.lat, lon, lat);
      if (nearBoundary(d, lim)) d = distanceExact(s.lon, s.lat, lon, lat);
      return d > lim ? -1 : d;
    }
    const w = s.width * s.conversion, h = s.height * s.conversion;
    if (latDistance(lat, s.lat) > h / 2) return -1;
    let wd = distance(lon, lat, s.lon, lat);
    if (nearBoundary(wd, w / 2)) wd = distanceExact(lon, lat, s.lon, lat);
    if (wd > w / 2) return -1;
    return distance(s.lon, s.lat, lon, lat);
  }
  it('gives the same distances as the plain formulas (and distanceExactFrom as distanceExact)', () => {
    let inside = 0;
    for (let q = 0; q < 300; q++) {
      const lat = -85 + rnd() * 170, lon = -180 + rnd() * 360, size = 10 ** (rnd() * 7);
      const shape: Shape = { lon, lat, circle: q % 2 === 0, radius: size, width: size * (0.5 + rnd()), height: size * (0.5 + rnd()), conversion: 1 };
      for (let k = 0; k < 100; k++) {
        const plat = Math.max(-85.05, Math.min(85.05, lat + (rnd() - 0.5) * (size / 111000) * 2.2));
        let plon = lon + (rnd() - 0.5) * (size / 111000) * 2.2 / Math.max(0.05, Math.cos(lat * Math.PI / 180));
        if (k === 0) plon = lon;
        if (plon > 180) plon -= 360;
        if (plon < -180) plon += 360;
        const want = reference(shape, plon, plat);
        if (want >= 0) inside++;
        expect(Object.is(withinShape(shape, plon, plat), want)).toBe(true);
        if (k < 5) expect(Object.is(distanceExactFrom(lon, lat, exactCos(lat), plon, plat), distanceExact(lon, lat, plon, plat))).toBe(true);
      }
    }
    expect(inside).toBeGreaterThan(3000);
  });
});

describe('scoreOf', () => {
  it('is interleave(encode(lon, lat, 26)) (the allocation-free GEOADD path)', () => {
    const pts: [number, number][] = [[-180, -85.05112878], [180, 85.05112878], [0, 0], [-0, -0], [179.9999999, -85.0511287], [13.361389, 38.115556]];
    for (let i = 0; i < 2000; i++) pts.push([-180 + rnd() * 360, -85.05112878 + rnd() * 170.10225756]);
    for (const [lon, lat] of pts) {
      const c = encode(lon, lat, 26)!;
      expect(scoreOf(lon, lat)).toBe(interleave(c.lat, c.lon));
    }
    expect(scoreOf(180.0000001, 0)).toBe(null);
    expect(scoreOf(0, 85.06)).toBe(null);
  });
});
