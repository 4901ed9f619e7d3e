/**
 * The command table as data. Every Redis 7.0 command (and subcommand) is
 * loaded from command-data.ts (generated from redis-server 7.0's COMMAND)
 * with its true arity, flags, ACL categories and key specs. Group files
 * attach handlers with `register()`; a known command without handler
 * replies the unknown-command error, exactly like a command Redis lacks.
 */
import { COMMAND_INFO, COMMAND_DOCS, type CmdNode } from './command-data.js';
import type { Client } from '../client.js';
import type { LatencyHistogram } from '../latency.js';

/** A command implementation. Writes its reply through c.w. Must not throw for user errors. */
export type Handler = (c: Client, argv: string[]) => void;

/** Bit flags (subset of Redis CMD_*), derived from the COMMAND flag names. */
export const F = {
  WRITE: 1 << 0, READONLY: 1 << 1, DENYOOM: 1 << 2, ADMIN: 1 << 3, PUBSUB: 1 << 4, NOSCRIPT: 1 << 5,
  BLOCKING: 1 << 6, LOADING: 1 << 7, STALE: 1 << 8, SKIP_MONITOR: 1 << 9, SKIP_SLOWLOG: 1 << 10,
  FAST: 1 << 11, NO_AUTH: 1 << 12, MAY_REPLICATE: 1 << 13, NO_MULTI: 1 << 14, ALLOW_BUSY: 1 << 15,
  NO_MANDATORY_KEYS: 1 << 16, NO_ASYNC_LOADING: 1 << 17, ONLY_SENTINEL: 1 << 18, MODULE: 1 << 19,
} as const;
const FLAG_BITS: Record<string, number> = {
  write: F.WRITE, readonly: F.READONLY, denyoom: F.DENYOOM, admin: F.ADMIN, pubsub: F.PUBSUB, noscript: F.NOSCRIPT,
  blocking: F.BLOCKING, loading: F.LOADING, stale: F.STALE, skip_monitor: F.SKIP_MONITOR, skip_slowlog: F.SKIP_SLOWLOG,
  fast: F.FAST, no_auth: F.NO_AUTH, may_replicate: F.MAY_REPLICATE, no_multi: F.NO_MULTI, allow_busy: F.ALLOW_BUSY,
  no_mandatory_keys: F.NO_MANDATORY_KEYS, no_async_loading: F.NO_ASYNC_LOADING,
};

export interface Command {
  /** Lower-case name ("get", or "config|get" for subcommands: fullname). */
  readonly fullname: string;
  readonly name: string;
  readonly arity: number;
  readonly flags: number;
  readonly flagNames: string[];
  readonly acl: string[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  /** Raw COMMAND INFO tree (for COMMAND / COMMAND INFO). */
  readonly info: CmdNode[];
  readonly docs: CmdNode | undefined;
  readonly parent?: Command;
  readonly subcommands?: Map<string, Command>;
  handler?: Handler;
  // stats (INFO commandstats)
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  /** Per-command latency histogram (latency.ts; LATENCY HISTOGRAM, INFO latencystats), created on first call. */
  latencyHist: LatencyHistogram | null;
}

const strs = (n: CmdNode): string[] => {
  const arr = (n && typeof n === 'object' && 'set' in n) ? n.set : (n as CmdNode[]);
  return (arr ?? []).map((x) => (typeof x === 'object' && x && 's' in x ? x.s : String(x)));
};

/**
 * Commands with CMD_MAY_REPLICATE in redis 7.0.15 (src/commands/*.json). COMMAND
 * hides this flag on purpose, so the generated data lacks it: it is added here
 * to the flag bits (not to flagNames, so COMMAND output stays Redis's). CLIENT
 * PAUSE WRITE holds these commands and read-only scripts refuse them.
 */
const MAY_REPLICATE_CMDS = new Set(['eval', 'evalsha', 'fcall', 'pfcount', 'publish', 'spublish']);

function build(info: CmdNode[], parent?: Command): Command {
  const [name, arity, flags, first, last, step, acl] = info as [string, number, CmdNode, number, number, number, CmdNode];
  const flagNames = strs(flags);
  let bits = MAY_REPLICATE_CMDS.has(name) ? F.MAY_REPLICATE : 0;
  for (const f of flagNames) bits |= FLAG_BITS[f] ?? 0;
  const rawSubs = info[9];
  const subs = (rawSubs && typeof rawSubs === 'object' && 'set' in rawSubs ? rawSubs.set : rawSubs) as CmdNode[] | undefined;
  const docs = parent ? subDocs(parent.name, name) : COMMAND_DOCS[name];
  const cmd: Command = {
    fullname: name, name: parent ? name.split('|')[1] : name, arity, flags: bits, flagNames, acl: strs(acl),
    firstKey: first, lastKey: last, step, info, docs, parent,
    subcommands: subs && subs.length ? new Map() : undefined,
    calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latencyHist: null,
  };
  if (subs) for (const s of subs) { const sc = build(s as CmdNode[], cmd); cmd.subcommands!.set(sc.name, sc); }
  return cmd;
}

function subDocs(parent: string, full: string): CmdNode | undefined {
  const d = COMMAND_DOCS[parent];
  if (!d || typeof d !== 'object' || !('m' in d)) return undefined;
  const m = d.m;
  for (let i = 0; i < m.length; i += 2) {
    if (m[i] === 'subcommands') {
      const sm = (m[i + 1] as { m: CmdNode[] }).m;
      for (let j = 0; j < sm.length; j += 2) if (sm[j] === full) return sm[j + 1];
    }
  }
  return undefined;
}

/** All known commands by lower-case name. */
export const TABLE = new Map<string, Command>();
for (const ci of COMMAND_INFO) { const c = build(ci as CmdNode[]); TABLE.set(c.name, c); }

/** Fast lookup cache, includes exact-case spellings seen on the wire. */
const CACHE = new Map<string, Command>();

/**
 * Attach a handler. `name` is "get" or "config|get". Throws on unknown
 * names (typos are caught at startup).
 */
export function register(name: string, handler: Handler): void {
  const [top, sub] = name.toLowerCase().split('|');
  const cmd = TABLE.get(top);
  if (!cmd) throw new Error(`register: unknown Redis command '${name}'`);
  if (sub === undefined) { cmd.handler = handler; return; }
  const sc = cmd.subcommands?.get(sub);
  if (!sc) throw new Error(`register: unknown Redis subcommand '${name}'`);
  sc.handler = handler;
}

/** Register many handlers at once: { get: getCommand, 'config|get': configGet }. */
export function registerAll(map: Record<string, Handler>): void {
  for (const [k, v] of Object.entries(map)) register(k, v);
}

/** One-entry memo in front of CACHE: pipelines repeat a name (string compare beats hashing a fresh string). */
let lastName = '';
let lastCmd: Command | undefined;
/** Look up the top-level command by wire name (any case). */
export function lookupTop(name: string): Command | undefined {
  if (name === lastName) return lastCmd;
  let c = CACHE.get(name);
  if (c !== undefined) { lastName = name; lastCmd = c; return c; }
  c = TABLE.get(name.toLowerCase());
  if (c !== undefined && CACHE.size < 4096) CACHE.set(name, c);
  return c;
}

/** A command "exists" for clients when it (or one of its subcommands) has a handler. */
export function isImplemented(c: Command): boolean {
  if (c.handler) return true;
  if (c.subcommands) for (const s of c.subcommands.values()) if (s.handler) return true;
  return false;
}

/** Commands whose keys the key specs cannot express (Redis getkeys_proc, e.g. SORT ... STORE dst); see getkeys.ts. */
export const GETKEYS_PROCS = new Map<string, (argv: string[]) => number[] | null>();

export type { CmdNode };
