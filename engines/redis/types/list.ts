/**
 * List values: a growable ring buffer of latin1 strings. O(1) push/pop at
 * both ends and O(1) indexed access (LINDEX/LSET/LRANGE); middle inserts and
 * removals are O(n). Redis 7.0 reports every list as "quicklist".
 */
import { registerType, type Entry } from '../keyspace.js';

/** Per-element memory estimate (quicklist listpack entry + node share). */
export const LIST_ELEM_OVERHEAD = 3;
/** Fixed cost of an empty quicklist object. */
export const LIST_BASE = 80;

export class ListValue {
  buf: (string | undefined)[];
  head = 0;
  len = 0;
  mask: number;
  /** Running byte estimate for memory accounting. */
  bytes = LIST_BASE;

  constructor(cap = 8) {
    let c = 8;
    while (c < cap) c *= 2;
    this.buf = new Array(c);
    this.mask = c - 1;
  }

  static from(items: readonly string[]): ListValue {
    const l = new ListValue(items.length + 1);
    for (let i = 0; i < items.length; i++) l.pushBack(items[i]);
    return l;
  }

  private grow(): void {
    const old = this.buf, n = this.len, oldMask = this.mask;
    const cap = old.length * 2;
    const nb = new Array<string | undefined>(cap);
    for (let i = 0; i < n; i++) nb[i] = old[(this.head + i) & oldMask];
    this.buf = nb;
    this.head = 0;
    this.mask = cap - 1;
  }

  get(i: number): string { return this.buf[(this.head + i) & this.mask]!; }
  set(i: number, v: string): void {
    const idx = (this.head + i) & this.mask;
    this.bytes += v.length - this.buf[idx]!.length;
    this.buf[idx] = v;
  }

  pushBack(v: string): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
    this.bytes += v.length + LIST_ELEM_OVERHEAD;
  }
  pushFront(v: string): void {
    if (this.len === this.buf.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.len++;
    this.bytes += v.length + LIST_ELEM_OVERHEAD;
  }
  popFront(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head]!;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.bytes -= v.length + LIST_ELEM_OVERHEAD;
    this.maybeShrink();
    return v;
  }
  popBack(): string | undefined {
    if (this.len === 0) return undefined;
    const idx = (this.head + this.len - 1) & this.mask;
    const v = this.buf[idx]!;
    this.buf[idx] = undefined;
    this.len--;
    this.bytes -= v.length + LIST_ELEM_OVERHEAD;
    this.maybeShrink();
    return v;
  }
  /** Pop from head (left=true) or tail. */
  pop(left: boolean): string | undefined { return left ? this.popFront() : this.popBack(); }
  push(v: string, left: boolean): void { if (left) this.pushFront(v); else this.pushBack(v); }

  private maybeShrink(): void {
    if (this.buf.length > 1024 && this.len < this.buf.length >> 2) this.rebuild(this.toArray(0, this.len - 1));
  }

  /** Elements [start, end] (inclusive, already clamped). */
  toArray(start: number, end: number): string[] {
    const out: string[] = [];
    for (let i = start; i <= end; i++) out.push(this.buf[(this.head + i) & this.mask]!);
    return out;
  }

  /** Replace the content (middle edits: LINSERT, LREM, LTRIM). */
  rebuild(items: string[]): void {
    let c = 8;
    while (c < items.length + 1) c *= 2;
    const nb = new Array<string | undefined>(c);
    let bytes = LIST_BASE;
    for (let i = 0; i < items.length; i++) { nb[i] = items[i]; bytes += items[i].length + LIST_ELEM_OVERHEAD; }
    this.buf = nb;
    this.head = 0;
    this.len = items.length;
    this.mask = c - 1;
    this.bytes = bytes;
  }

  /** Drop `n` elements from the head and `m` from the tail (LTRIM), O(n + m). */
  trim(n: number, m: number): void {
    for (let i = 0; i < n; i++) this.popFront();
    for (let i = 0; i < m; i++) this.popBack();
  }

  /** Insert at index i (0..len), O(min(i, len - i)). */
  insertAt(i: number, v: string): void {
    if (i === 0) return this.pushFront(v);
    if (i === this.len) return this.pushBack(v);
    if (i < this.len / 2) {
      this.pushFront(this.get(0));
      for (let k = 1; k < i; k++) this.buf[(this.head + k) & this.mask] = this.buf[(this.head + k + 1) & this.mask];
      this.bytes -= this.get(0).length; // pushFront counted a duplicate of element 0's bytes
      this.buf[(this.head + i) & this.mask] = v;
      this.bytes += v.length;
    } else {
      this.pushBack(this.get(this.len - 1));
      for (let k = this.len - 2; k > i; k--) this.buf[(this.head + k) & this.mask] = this.buf[(this.head + k - 1) & this.mask];
      this.bytes -= this.get(this.len - 1).length;
      this.buf[(this.head + i) & this.mask] = v;
      this.bytes += v.length;
    }
  }
}

registerType({
  name: 'list',
  encoding: () => 'quicklist',
  memory: (e: Entry) => (e.value as ListValue).bytes,
  copy: (v) => { const l = v as ListValue; return ListValue.from(l.toArray(0, l.len - 1)); },
});
