/**
 * Hash values: a Map of latin1 field → latin1 value (insertion order, which
 * is listpack order while the hash is listpack-encoded). The encoding is
 * kept on the value like robj->encoding: listpack until
 * hash-max-listpack-entries / -value is exceeded, then hashtable (never back).
 */
import { registerType, type Entry } from '../keyspace.js';
import type { Server } from '../server.js';

/** Live hash-max-listpack-entries / -value of a server (kept current through a config listener). */
export interface HashLimits { entries: number; value: number }
const limitsCache = new WeakMap<Server, HashLimits>();
export function hashLimits(s: Server): HashLimits {
  let l = limitsCache.get(s);
  if (l === undefined) {
    const lim: HashLimits = { entries: s.config.num('hash-max-listpack-entries'), value: s.config.num('hash-max-listpack-value') };
    s.config.listeners.push((name, v) => {
      if (name === 'hash-max-listpack-entries') lim.entries = Number(v);
      else if (name === 'hash-max-listpack-value') lim.value = Number(v);
    });
    limitsCache.set(s, lim);
    l = lim;
  }
  return l;
}

export class HashValue {
  map = new Map<string, string>();
  enc: 'listpack' | 'hashtable' = 'listpack';
  /** Sum of field and value lengths. */
  data = 0;
  /** Insertion-ordered snapshot used as the HSCAN cursor space of hashtable hashes (rebuilt lazily). */
  keysCache: string[] | null = null;

  set(f: string, v: string): boolean {
    const old = this.map.get(f);
    if (old === undefined) { this.data += f.length + v.length; this.map.set(f, v); if (this.keysCache !== null) this.keysCache.push(f); return true; }
    this.data += v.length - old.length;
    this.map.set(f, v);
    return false;
  }
  delete(f: string): boolean {
    const old = this.map.get(f);
    if (old === undefined) return false;
    this.data -= f.length + old.length;
    this.map.delete(f);
    return true;
  }
  get size(): number { return this.map.size; }
  /**
   * Field order for HSCAN cursors: append-only while a scan may be running
   * (deleted fields leave holes that are skipped), compacted only when a new
   * scan starts (cursor 0) and it holds mostly holes.
   */
  scanKeys(cursor: number): string[] {
    if (this.keysCache === null || (cursor === 0 && this.keysCache.length > 2 * this.map.size + 16)) this.keysCache = [...this.map.keys()];
    return this.keysCache;
  }
  /** A random field (hash must not be empty): O(1) expected, rejection sampling over the field array. */
  randomField(): string {
    const n = this.map.size;
    let arr = this.keysCache;
    if (arr === null || arr.length > 4 * n + 64) arr = this.keysCache = [...this.map.keys()];
    for (;;) { const f = arr[Math.floor(Math.random() * arr.length)]; if (this.map.has(f)) return f; }
  }
  /** `count` distinct random fields (count < size). */
  randomDistinct(count: number): string[] {
    const n = this.map.size;
    if (count * 3 > n) {
      const arr = [...this.map.keys()];
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(Math.random() * (n - i));
        const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
      }
      arr.length = count;
      return arr;
    }
    const picked = new Set<string>();
    while (picked.size < count) picked.add(this.randomField());
    return [...picked];
  }
  memory(): number {
    const n = this.map.size;
    return this.enc === 'listpack' ? 16 + this.data + n * 4 : 64 + this.data + n * 56;
  }
  clone(): HashValue {
    const h = new HashValue();
    h.map = new Map(this.map);
    h.enc = this.enc;
    h.data = this.data;
    return h;
  }
}

registerType({
  name: 'hash',
  encoding: (e: Entry) => (e.value as HashValue).enc,
  memory: (e: Entry) => (e.value as HashValue).memory(),
  copy: (v) => (v as HashValue).clone(),
});
