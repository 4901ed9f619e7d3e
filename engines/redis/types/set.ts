/**
 * Set values: a JS Set of latin1 members plus the Redis encoding. While the
 * set is an "intset" (every member a canonical 64-bit integer, at most
 * set-max-intset-entries members) Redis iterates it in ascending numeric
 * order, so SMEMBERS/SSCAN/SRANDMEMBER replies follow that order here too
 * (sorted lazily and cached). Redis 7.0 has no listpack sets.
 */
import { registerType, isCanonicalInt, type Entry } from '../keyspace.js';
import type { Server } from '../server.js';

/** Live set-max-intset-entries of a server (kept current through a config listener). */
const limitsCache = new WeakMap<Server, { intset: number }>();
export function maxIntsetEntries(s: Server): number {
  let l = limitsCache.get(s);
  if (l === undefined) {
    const lim = { intset: s.config.num('set-max-intset-entries') };
    s.config.listeners.push((name, v) => { if (name === 'set-max-intset-entries') lim.intset = Number(v); });
    limitsCache.set(s, lim);
    l = lim;
  }
  return l.intset;
}

export class SetValue {
  set = new Set<string>();
  enc: 'intset' | 'hashtable' = 'intset';
  data = 0;
  private sorted: string[] | null = null;
  /** Insertion-ordered snapshot for SSCAN cursors of hashtable sets. */
  keysCache: string[] | null = null;

  get size(): number { return this.set.size; }
  has(m: string): boolean { return this.set.has(m); }

  /** Add without encoding checks (caller runs `fit()` afterwards). */
  add(m: string): boolean {
    if (this.set.has(m)) return false;
    this.set.add(m);
    this.data += m.length;
    this.sorted = null;
    if (this.keysCache !== null) this.keysCache.push(m);
    if (this.enc === 'intset' && !isCanonicalInt(m)) this.enc = 'hashtable';
    return true;
  }
  delete(m: string): boolean {
    if (!this.set.delete(m)) return false;
    this.data -= m.length;
    this.sorted = null;
    return true;
  }
  /** Convert to hashtable when the intset grew past set-max-intset-entries. */
  fit(maxIntset: number): void {
    if (this.enc === 'intset' && this.set.size > maxIntset) this.enc = 'hashtable';
  }
  /** Members in Redis iteration order (sorted for intsets). */
  members(): string[] {
    if (this.enc === 'intset') {
      if (this.sorted === null) this.sorted = [...this.set].sort(cmpInt);
      return this.sorted;
    }
    return [...this.set];
  }
  /** A random member (set must not be empty): O(1) expected, rejection sampling over the member array. */
  random(): string {
    const n = this.set.size;
    if (this.enc === 'intset') return this.members()[Math.floor(Math.random() * n)];
    let arr = this.keysCache;
    if (arr === null || arr.length > 4 * n + 64) arr = this.keysCache = [...this.set];
    for (;;) { const m = arr[Math.floor(Math.random() * arr.length)]; if (this.set.has(m)) return m; }
  }
  /** `count` distinct random members (count < size). */
  randomDistinct(count: number): string[] {
    const n = this.set.size;
    if (count * 3 > n) {
      const arr = [...this.members()];
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(Math.random() * (n - i));
        const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
      }
      arr.length = count;
      return arr;
    }
    const picked = new Set<string>();
    while (picked.size < count) picked.add(this.random());
    return [...picked];
  }
  /** Member order for SSCAN cursors of hashtable sets (see HashValue.scanKeys). */
  scanKeys(cursor: number): string[] {
    if (this.keysCache === null || (cursor === 0 && this.keysCache.length > 2 * this.set.size + 16)) this.keysCache = [...this.set];
    return this.keysCache;
  }
  memory(): number {
    const n = this.set.size;
    return this.enc === 'intset' ? 16 + n * 8 : 64 + this.data + n * 40;
  }
  clone(): SetValue {
    const s = new SetValue();
    s.set = new Set(this.set);
    s.enc = this.enc;
    s.data = this.data;
    return s;
  }
}

/** Compare canonical integer strings numerically. */
export function cmpInt(a: string, b: string): number {
  if (a.length < 16 && b.length < 16) return Number(a) - Number(b);
  const x = BigInt(a), y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

registerType({
  name: 'set',
  encoding: (e: Entry) => (e.value as SetValue).enc,
  memory: (e: Entry) => (e.value as SetValue).memory(),
  copy: (v) => (v as SetValue).clone(),
});
