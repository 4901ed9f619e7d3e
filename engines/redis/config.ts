/**
 * CONFIG parameters: every parameter redis-server 7.0 knows (defaults in
 * config-defaults.ts, generated), with validation for the types Redis uses
 * (bool, integer, memory with units, enum, special). Values are stored as
 * the normalised strings CONFIG GET returns; hot values are mirrored into
 * typed fields through listeners.
 */
import { CONFIG_DEFAULTS } from './config-defaults.js';
import { globMatch } from './glob.js';
import { CONFIG_META } from './config-meta.js';

/** alias → canonical name, from redis 7.0 config.c (e.g. hash-max-ziplist-entries, slaveof, lua-time-limit). */
const ALIASES: Record<string, string> = {};
for (const [name, meta] of Object.entries(CONFIG_META)) if (meta.alias) ALIASES[meta.alias] = name;

export const NOTIFY_ERR = 'Invalid event class character. Use \'Ag$lshzxeKEtmdn\'.';

export function parseMemory(v: string): number | null {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const u = (m[2] ?? 'b').toLowerCase();
  const mul = u === 'k' ? 1000 : u === 'kb' ? 1024 : u === 'm' ? 1e6 : u === 'mb' ? 1024 * 1024 : u === 'g' ? 1e9 : u === 'gb' ? 1024 ** 3 : 1;
  return n * mul;
}

// notify-keyspace-events flags (Redis NOTIFY_*)
export const NOTIFY = { K: 1, E: 2, g: 4, $: 8, l: 16, s: 32, h: 64, z: 128, x: 256, e: 512, t: 1024, m: 2048, d: 4096, n: 8192 } as const;
const NOTIFY_ALL = NOTIFY.g | NOTIFY.$ | NOTIFY.l | NOTIFY.s | NOTIFY.h | NOTIFY.z | NOTIFY.x | NOTIFY.e | NOTIFY.t | NOTIFY.d;
export function notifyFlagsFromString(s: string): number | null {
  let f = 0;
  for (const c of s) {
    if (c === 'A') f |= NOTIFY_ALL;
    else if (c in NOTIFY) f |= NOTIFY[c as keyof typeof NOTIFY];
    else return null;
  }
  return f;
}
export function notifyFlagsToString(f: number): string {
  let s = '';
  if ((f & NOTIFY_ALL) === NOTIFY_ALL) s += 'A';
  else for (const c of 'g$lshzxetd') if (f & NOTIFY[c as keyof typeof NOTIFY]) s += c;
  if (f & NOTIFY.K) s += 'K';
  if (f & NOTIFY.E) s += 'E';
  if (f & NOTIFY.m) s += 'm';
  if (f & NOTIFY.n) s += 'n';
  return s;
}

/**
 * HIDDEN_CONFIG parameters (redis 7.0.15 config.c): CONFIG GET * leaves them out, so the
 * generated defaults lack them; CONFIG GET/SET by exact name works.
 */
const HIDDEN_DEFAULTS: Record<string, string> = {
  'use-exit-on-panic': 'no', 'rdb-key-save-delay': '0', 'key-load-delay': '0', 'watchdog-period': '0',
  'loading-process-events-interval-bytes': '2097152',
};
const HIDDEN = new Set(Object.keys(HIDDEN_DEFAULTS));

/** maxmemory-clients (PERCENT_CONFIG | MEMORY_CONFIG): bytes, or "N%" of maxmemory (numericParseString). */
function memoryOrPercent(value: string): { ok: true; value: string } | { ok: false; err: string } {
  const m = /^(0|[1-9]\d*)(k|kb|m|mb|g|gb|b)?$/i.exec(value);
  if (m) {
    const u = (m[2] ?? 'b').toLowerCase();
    const mul = u === 'k' ? 1000n : u === 'kb' ? 1024n : u === 'm' ? 1000000n : u === 'mb' ? 1048576n : u === 'g' ? 1000000000n : u === 'gb' ? 1073741824n : 1n;
    const v = BigInt(m[1]) * mul;
    if (v > 9223372036854775807n) return { ok: false, err: 'argument must be between -100 and 9223372036854775807 inclusive' };
    return { ok: true, value: v.toString() };
  }
  const p = /^(0|[1-9]\d*)%$/.exec(value);
  if (p === null) return { ok: false, err: 'argument must be a memory or percent value' };
  const n = BigInt(p[1]);
  if (n > 100n) return { ok: false, err: 'percentage argument must be less or equal to 100' };
  return { ok: true, value: n === 0n ? '0' : `${n}%` }; // stored as -N: 0% reads back as 0
}

export type ConfigListener = (name: string, value: string) => void;

export class Config {
  private values = new Map<string, string>();
  private defaults = new Map<string, string>();
  readonly listeners: ConfigListener[] = [];
  /** Parameters changed by CONFIG SET since start (CONFIG REWRITE not supported). */

  constructor() {
    for (const [k, v] of Object.entries(CONFIG_DEFAULTS)) {
      const canon = ALIASES[k] ?? k;
      if (canon !== k) continue;
      this.values.set(k, v);
      this.defaults.set(k, v);
    }
    this.values.set('save', '3600 1 300 100 60 10000');
    this.values.set('port', '6379');
    this.values.set('notify-keyspace-events', '');
    this.values.set('requirepass', '');
    for (const [k, v] of Object.entries(HIDDEN_DEFAULTS)) { this.values.set(k, v); this.defaults.set(k, v); }
  }

  canonical(name: string): string { const n = name.toLowerCase(); return ALIASES[n] ?? n; }
  has(name: string): boolean { return this.values.has(this.canonical(name)); }
  get(name: string): string | undefined { return this.values.get(this.canonical(name)); }
  num(name: string): number { return Number(this.get(name) ?? 0); }

  /** CONFIG GET with glob patterns: [name, value] pairs (aliases included when they match). */
  getMatching(patterns: string[]): [string, string][] {
    const out = new Map<string, string>();
    for (const p of patterns) {
      const pl = p.toLowerCase();
      const hasGlob = /[*?[]/.test(pl);
      if (!hasGlob) {
        const v = this.get(pl);
        if (v !== undefined) out.set(pl, v);
        continue;
      }
      for (const [k, v] of this.values) if (!HIDDEN.has(k) && globMatch(pl, k, true)) out.set(k, v);
      for (const [alias, k] of Object.entries(ALIASES)) if (globMatch(pl, alias, true)) out.set(alias, this.values.get(k)!);
    }
    return [...out];
  }

  /** Validate and normalise one value; returns the error detail or the normalised value. */
  validate(name: string, value: string, internal = false): { ok: true; value: string } | { ok: false; err: string } {
    const n = this.canonical(name);
    if (!this.values.has(n)) return { ok: false, err: 'unknown' };
    const meta = CONFIG_META[n];
    if (!internal && meta?.flags?.includes('IMMUTABLE_CONFIG')) return { ok: false, err: "can't set immutable config" };
    if (n === 'notify-keyspace-events') {
      const f = notifyFlagsFromString(value);
      if (f === null) return { ok: false, err: NOTIFY_ERR };
      return { ok: true, value: notifyFlagsToString(f) };
    }
    if (n === 'save') {
      const parts = value.split(/\s+/).filter(Boolean);
      if (parts.length % 2 !== 0 || parts.some((p) => !/^\d+$/.test(p))) return { ok: false, err: 'Invalid save parameters' };
      return { ok: true, value: parts.join(' ') };
    }
    if (!meta) return { ok: true, value };
    if (n === 'maxmemory-clients') return memoryOrPercent(value);
    if (meta.kind === 'Bool') {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no') return { ok: false, err: "argument must be 'yes' or 'no'" };
      return { ok: true, value: v };
    }
    if (meta.kind === 'Enum' && (n === 'shutdown-on-sigterm' || n === 'shutdown-on-sigint')) return shutdownOnSig(value, meta.values!);
    if (meta.kind === 'Enum') {
      const v = value.toLowerCase();
      if (!meta.values!.includes(v)) return { ok: false, err: `argument(s) must be one of the following: ${meta.values!.join(', ')}` };
      return { ok: true, value: v };
    }
    if (meta.min !== undefined) {
      let v: bigint | null = null;
      if (meta.memory) {
        const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(value);
        if (m) {
          const u = (m[2] ?? 'b').toLowerCase();
          const mul = u === 'k' ? 1000n : u === 'kb' ? 1024n : u === 'm' ? 1000000n : u === 'mb' ? 1048576n : u === 'g' ? 1000000000n : u === 'gb' ? 1073741824n : 1n;
          v = BigInt(m[1]) * mul;
        }
        if (v === null) return { ok: false, err: 'argument must be a memory value' };
      } else {
        if (!/^-?\d+$/.test(value)) return { ok: false, err: "argument couldn't be parsed into an integer" };
        v = BigInt(value);
      }
      if (v < BigInt(meta.min) || v > BigInt(meta.max!)) return { ok: false, err: `argument must be between ${meta.min} and ${meta.max} inclusive` };
      return { ok: true, value: v.toString() };
    }
    return { ok: true, value };
  }

  /** Set without validation (internal), firing listeners. */
  setRaw(name: string, value: string): void {
    const n = this.canonical(name);
    this.values.set(n, value);
    for (const l of this.listeners) l(n, value);
  }

  /**
   * CONFIG SET of several params atomically. Returns null or the error reply.
   */
  setMany(pairs: [string, string][], internal = false): string | null {
    const seen = new Set<string>();
    const norm: [string, string][] = [];
    for (const [name, value] of pairs) {
      const n = this.canonical(name);
      const r = this.validate(name, value, internal);
      if (!r.ok) {
        if (r.err === 'unknown') return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
        return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${r.err}`;
      }
      if (seen.has(n)) return `ERR CONFIG SET failed (possibly related to argument '${name}') - duplicate parameter`;
      seen.add(n);
      norm.push([n, r.value]);
    }
    for (const [n, v] of norm) this.setRaw(n, v);
    return null;
  }
}

/**
 * shutdown-on-sigterm / shutdown-on-sigint: Redis's multi-arg (bit flag) enums. Any combination of
 * the flags, shown in enum order ("now nosave" → "nosave now"); SAVE with NOSAVE is refused.
 */
function shutdownOnSig(value: string, names: string[]): { ok: true; value: string } | { ok: false; err: string } {
  const parts = value.split(/\s+/).filter(Boolean).map((p) => p.toLowerCase());
  if (parts.length === 0 || parts.some((p) => !names.includes(p))) return { ok: false, err: `argument(s) must be one of the following: ${names.join(', ')}` };
  const set = new Set(parts.filter((p) => p !== 'default'));
  if (set.has('save') && set.has('nosave')) return { ok: false, err: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
  return { ok: true, value: set.size === 0 ? 'default' : names.filter((n) => set.has(n)).join(' ') };
}
