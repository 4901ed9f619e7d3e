/**
 * The chunked PEL and the node structure of types/stream.ts against plain
 * array models (sizes well past one chunk / node, removal while iterating).
 */
import { describe, it, expect } from 'vitest';
import { Pel, Nack, StreamValue, cmpId, idStr, type SID } from '../../../engines/redis/types/stream.js';

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}
const mk = (ms: number, seq = 0): Nack => { const id: SID = { ms, seq }; return new Nack(id, idStr(id), null, 0, 1); };

describe('stream PEL (chunked)', () => {
  it('insert/remove in random order keeps the order, size and lookups of a sorted model', () => {
    const r = rng(42);
    const pel = new Pel();
    const model = new Map<number, Nack>();
    for (let step = 0; step < 20000; step++) {
      const ms = Math.floor(r() * 3000);
      const cur = model.get(ms);
      if (cur && r() < 0.5) { pel.remove(cur); model.delete(ms); }
      else if (!cur) { const n = mk(ms); pel.insert(n); model.set(ms, n); }
    }
    const sorted = [...model.keys()].sort((a, b) => a - b);
    expect(pel.size).toBe(sorted.length);
    expect(pel.toArray().map((n) => n.id.ms)).toEqual(sorted);
    expect(pel.first()?.id.ms).toBe(sorted[0]);
    expect(pel.last()?.id.ms).toBe(sorted[sorted.length - 1]);
    expect([...pel.from({ ms: 1500, seq: 0 })].map((n) => n.id.ms)).toEqual(sorted.filter((x) => x >= 1500));
    expect(pel.take(7).map((n) => n.id.ms)).toEqual(sorted.slice(0, 7));
  });

  it('from() tolerates removal of the yielded Nack and of the next one (XAUTOCLAIM pattern)', () => {
    const pel = new Pel();
    for (let i = 0; i < 2000; i++) pel.insert(mk(i));
    const seen: number[] = [];
    const it = pel.from({ ms: 100, seq: 0 });
    let cur = it.next();
    while (!cur.done) {
      const n = cur.value;
      cur = it.next();
      const ms = Number(n.id.ms);
      seen.push(ms);
      if (ms % 3 === 0) pel.remove(n); // remove the one already passed
    }
    expect(seen).toEqual(Array.from({ length: 1900 }, (_, i) => i + 100));
    const removed = Array.from({ length: 1900 }, (_, i) => i + 100).filter((x) => x % 3 === 0).length;
    expect(pel.size).toBe(2000 - removed);
    expect(pel.toArray().every((n, i, a) => i === 0 || cmpId(a[i - 1].id, n.id) < 0)).toBe(true);
    // removing the current element inside a for-of
    const out: number[] = [];
    for (const n of pel.from({ ms: 0, seq: 0 })) { out.push(Number(n.id.ms)); pel.remove(n); }
    expect(pel.size).toBe(0);
    expect(out.length).toBe(new Set(out).size);
  });
});

describe('stream nodes', () => {
  it('ranges, deletes and trims agree with an array model across many nodes', () => {
    const r = rng(7);
    const st = new StreamValue();
    let model: { ms: number; seq: number }[] = [];
    let ms = 1;
    for (let i = 0; i < 3000; i++) {
      ms += Math.floor(r() * 2);
      const id = { ms, seq: i };
      st.append(id, ['f', String(i)], 4096, 10);
      model.push(id);
      if (r() < 0.2) {
        const victim = model[Math.floor(r() * model.length)];
        expect(st.deleteId(victim)).toBe(true);
        model = model.filter((x) => x !== victim);
      }
    }
    const all: string[] = [];
    st.range({ ms: 0, seq: 0 }, { ms: Number.MAX_SAFE_INTEGER, seq: 0 }, false, (n, j) => { all.push(idStr(n.id(j))); return true; });
    expect(all).toEqual(model.map(idStr));
    const rev: string[] = [];
    const lo = model[100], hi = model[900];
    st.range(lo, hi, true, (n, j) => { rev.push(idStr(n.id(j))); return true; });
    expect(rev).toEqual(model.slice(100, 901).reverse().map(idStr));
    expect(st.length).toBe(model.length);
    const removed = st.trim('maxlen', 0, { ms: 0, seq: 0 }, false, 0);
    expect(removed).toBe(model.length);
    expect(st.length).toBe(0);
    expect(st.nodes.length).toBe(0);
  });
});
