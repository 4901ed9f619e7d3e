/**
 * Randomized differential test: seeded random sequences of stream commands
 * (explicit IDs, small node sizes so nodes split, tombstones, ~ trims,
 * groups, claims) run on our engine and on redis-server; every reply must
 * be byte-identical. Time-dependent replies (idle times, delivery times,
 * seen-times) are not requested.
 */
import { diffSuite, type DiffCase, type Step } from './diff.js';

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

function program(seed: number, n: number): Step[] {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const int = (m: number) => Math.floor(r() * m);
  const keys = ['s1', 's2'];
  const groups = ['g1', 'g2'];
  const consumers = ['alice', 'bob', 'carol'];
  let ms = 1;
  const id = (): string => (r() < 0.5 ? `${ms}-${int(4)}` : String(ms));
  const anyId = (): string => pick([`${int(ms + 2)}-${int(5)}`, String(int(ms + 2)), '-', '+', `(${int(ms + 2)}-${int(3)}`]);
  const steps: Step[] = [
    ['CONFIG', 'SET', 'stream-node-max-entries', String(2 + int(6))],
    ['CONFIG', 'SET', 'stream-node-max-bytes', pick(['0', '120', '4096'])],
  ];
  for (let i = 0; i < n; i++) {
    const k = pick(keys), g = pick(groups), c = pick(consumers);
    const x = r();
    if (x < 0.3) {
      ms += int(3);
      const fields = int(3) + 1;
      const fv: string[] = [];
      for (let f = 0; f < fields; f++) fv.push(pick(['a', 'b', 'c', '12', '-7']), pick(['v', '1', String(int(1e6)), 'x'.repeat(int(80))]));
      const trim = r() < 0.2 ? pick([['MAXLEN', '~', String(int(20))], ['MAXLEN', String(int(20))], ['MINID', '~', String(int(ms))], ['MAXLEN', '~', String(int(20)), 'LIMIT', String(int(10))]]) : [];
      steps.push(['XADD', k, ...trim, r() < 0.8 ? id() : `${ms}-*`, ...fv]);
    } else if (x < 0.38) steps.push(['XDEL', k, ...Array.from({ length: 1 + int(3) }, () => `${int(ms + 1)}-${int(4)}`)]);
    else if (x < 0.44) steps.push(['XRANGE', k, anyId(), anyId(), ...(r() < 0.5 ? ['COUNT', String(int(6))] : [])]);
    else if (x < 0.48) steps.push(['XREVRANGE', k, anyId(), anyId(), ...(r() < 0.5 ? ['COUNT', String(int(6))] : [])]);
    else if (x < 0.52) steps.push(['XTRIM', k, ...pick([['MAXLEN', '~', String(int(15))], ['MAXLEN', String(int(15))], ['MINID', String(int(ms))], ['MINID', '~', String(int(ms)), 'LIMIT', String(int(8))]])]);
    else if (x < 0.56) steps.push(['XGROUP', 'CREATE', k, g, pick(['0', '$', `${int(ms)}-0`]), ...(r() < 0.5 ? ['MKSTREAM'] : [])]);
    else if (x < 0.66) steps.push(['XREADGROUP', 'GROUP', g, c, ...(r() < 0.3 ? ['NOACK'] : []), 'COUNT', String(1 + int(4)), 'STREAMS', k, r() < 0.75 ? '>' : '0']);
    else if (x < 0.7) steps.push(['XACK', k, g, ...Array.from({ length: 1 + int(3) }, () => `${int(ms + 1)}-${int(4)}`)]);
    else if (x < 0.74) steps.push(['XCLAIM', k, g, c, '0', ...Array.from({ length: 1 + int(3) }, () => `${int(ms + 1)}-${int(4)}`), 'JUSTID', ...(r() < 0.3 ? ['FORCE'] : [])]);
    else if (x < 0.78) steps.push(['XAUTOCLAIM', k, g, c, '0', pick(['0', '-', `${int(ms)}-0`]), 'COUNT', String(1 + int(5)), 'JUSTID']);
    else if (x < 0.82) steps.push(['XPENDING', k, g]);
    else if (x < 0.86) steps.push(['XINFO', 'GROUPS', k]);
    else if (x < 0.9) steps.push(['XINFO', 'STREAM', k]);
    else if (x < 0.92) steps.push(['XGROUP', 'SETID', k, g, pick(['0', '$', `${int(ms)}-0`]), ...(r() < 0.3 ? ['ENTRIESREAD', String(int(10))] : [])]);
    else if (x < 0.94) steps.push(['XGROUP', 'DELCONSUMER', k, g, c]);
    else if (x < 0.95) steps.push(['XGROUP', 'DESTROY', k, g]);
    else if (x < 0.97) steps.push(['XREAD', 'COUNT', String(1 + int(5)), 'STREAMS', ...keys, `${int(ms)}-0`, '$']);
    else steps.push(['XLEN', k]);
  }
  for (const k of keys) steps.push(['XINFO', 'STREAM', k], ['XRANGE', k, '-', '+'], ['XINFO', 'GROUPS', k], ['XPENDING', k, 'g1'], ['XPENDING', k, 'g2']);
  steps.push(['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
  return steps;
}

const cases: DiffCase[] = [];
for (let seed = 1; seed <= 20; seed++) cases.push({ name: `random program #${seed}`, resp: seed % 3 === 0 ? 3 : 2, steps: program(seed * 7919, 400) });

diffSuite('streams (randomized)', cases);
