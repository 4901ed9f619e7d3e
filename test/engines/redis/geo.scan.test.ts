/**
 * The GEOSEARCH fast paths: zset scanScore (skiplist and listpack) visits the
 * same elements as rangeByScore [min, max), and the longitude pre-filter
 * (lonBound) never rejects a point that the full haversine check accepts.
 */
import { describe, it, expect } from 'vitest';
import { SortedSet } from '../../../engines/redis/ds/sortedset.js';
import { ListpackZset } from '../../../engines/redis/types/zset-listpack.js';
import { lonBound, withinShape, type Shape } from '../../../engines/redis/types/geohash.js';

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
