/**
 * Permission checks (Redis 7.0 ACLCheckAllUserCommandPerm): command bits,
 * key patterns against the keys the command's key specs name (with their
 * read/write access flags), and Pub/Sub channel patterns.
 */
import { GETKEYS_PROCS, F, type Command, type CmdNode } from '../commands/table.js';
import { globMatch } from '../glob.js';
import { cmdId, KEY_READ, KEY_WRITE, type Selector } from './selector.js';
import type { AclUser } from './user.js';

export const ACL_OK = 0, DENIED_CMD = 1, DENIED_KEY = 2, DENIED_AUTH = 3, DENIED_CHANNEL = 4;

/** A key position and the access it needs (KEY_READ | KEY_WRITE). */
export interface KeyRef { pos: number; access: number }

interface Spec {
  notKey: boolean; incomplete: boolean; varFlags: boolean; access: number;
  bs: { type: 'index'; index: number } | { type: 'keyword'; keyword: string; startfrom: number } | { type: 'unknown' };
  fk: { type: 'range'; lastkey: number; keystep: number; limit: number } | { type: 'keynum'; keynumidx: number; firstkey: number; keystep: number } | { type: 'unknown' };
}

function asMap(n: CmdNode | undefined): Record<string, CmdNode> {
  const out: Record<string, CmdNode> = {};
  if (n && typeof n === 'object' && !Array.isArray(n) && 'm' in n) for (let i = 0; i < n.m.length; i += 2) out[String(n.m[i])] = n.m[i + 1];
  return out;
}
function strList(n: CmdNode | undefined): string[] {
  const arr = n && typeof n === 'object' && 'set' in n ? n.set : Array.isArray(n) ? n : [];
  return arr.map((x) => (typeof x === 'object' && x && 's' in x ? x.s : String(x)).toLowerCase());
}

const SPECS = new Map<Command, Spec[]>();
function specsOf(cmd: Command): Spec[] {
  let s = SPECS.get(cmd);
  if (s) return s;
  const raw = cmd.info[8];
  const list: CmdNode[] = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && 'set' in raw ? raw.set : [];
  s = list.map((r) => {
    const m = asMap(r), flags = strList(m.flags);
    const bs = asMap(m.begin_search), bss = asMap(bs.spec), fk = asMap(m.find_keys), fks = asMap(fk.spec);
    let access = 0;
    if (flags.includes('access')) access |= KEY_READ;
    if (flags.includes('insert') || flags.includes('delete') || flags.includes('update')) access |= KEY_WRITE;
    return {
      notKey: flags.includes('not_key'), incomplete: flags.includes('incomplete'), varFlags: flags.includes('variable_flags'), access,
      bs: bs.type === 'index' ? { type: 'index', index: bss.index as number }
        : bs.type === 'keyword' ? { type: 'keyword', keyword: String(bss.keyword).toLowerCase(), startfrom: bss.startfrom as number } : { type: 'unknown' },
      fk: fk.type === 'range' ? { type: 'range', lastkey: fks.lastkey as number, keystep: fks.keystep as number, limit: fks.limit as number }
        : fk.type === 'keynum' ? { type: 'keynum', keynumidx: fks.keynumidx as number, firstkey: fks.firstkey as number, keystep: fks.keystep as number } : { type: 'unknown' },
    } as Spec;
  });
  SPECS.set(cmd, s);
  return s;
}

const HAS_KEYS = new Map<Command, boolean>();
/** doesCommandHaveKeys(). */
export function commandHasKeys(cmd: Command): boolean {
  let r = HAS_KEYS.get(cmd);
  if (r === undefined) { r = GETKEYS_PROCS.has(cmd.fullname) || specsOf(cmd).some((s) => !s.notKey); HAS_KEYS.set(cmd, r); }
  return r;
}

/** getKeysUsingKeySpecs(): null when a spec is invalid/incomplete for this argv. */
function keysFromSpecs(cmd: Command, argv: string[]): KeyRef[] | null {
  const argc = argv.length, out: KeyRef[] = [];
  for (const spec of specsOf(cmd)) {
    if (spec.notKey) continue;
    let first = 0;
    const bs = spec.bs;
    if (bs.type === 'index') first = bs.index;
    else if (bs.type === 'keyword') {
      const start = bs.startfrom > 0 ? bs.startfrom : argc + bs.startfrom;
      const end = bs.startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === bs.keyword) { first = i + 1; break; }
      }
      if (!first) continue;
    } else return null;
    let last: number, step: number;
    const fk = spec.fk;
    if (fk.type === 'range') {
      step = fk.keystep;
      if (fk.lastkey >= 0) last = first + fk.lastkey;
      else if (!fk.limit) last = argc + fk.lastkey;
      else last = first + Math.floor((argc - first) / fk.limit) + fk.lastkey;
    } else if (fk.type === 'keynum') {
      step = fk.keystep;
      if (fk.keynumidx >= argc) return null;
      const ns = argv[first + fk.keynumidx];
      if (ns === undefined || !/^(0|-?[1-9]\d*)$/.test(ns) || Number(ns) < 0) return null;
      first += fk.firstkey;
      last = first + Number(ns) - 1;
    } else return null;
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) out.push({ pos: i, access: spec.access });
    if (spec.incomplete) return null;
  }
  return out;
}

/** setGetKeys(): SET reads the key only with GET. */
function setKeys(argv: string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) if (argv[i].toLowerCase() === 'get') return [{ pos: 1, access: KEY_READ | KEY_WRITE }];
  return [{ pos: 1, access: KEY_WRITE }];
}
/** bitfieldGetKeys(): read-only unless a SET/INCRBY (or a syntax error) appears. */
function bitfieldKeys(argv: string[]): KeyRef[] {
  let ro = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1, a = argv[i].toLowerCase();
    if (a === 'get' && rem >= 2) i += 2;
    else if ((a === 'set' || a === 'incrby') && rem >= 3) { ro = false; break; }
    else if (a === 'overflow' && rem >= 1) i += 1;
    else { ro = false; break; }
  }
  return [{ pos: 1, access: ro ? KEY_READ : KEY_READ | KEY_WRITE }];
}

/** migrateGetKeys(): the key at 3, or the keys after KEYS (skipping AUTH/AUTH2 arguments). */
function migrateKeys(argv: string[]): KeyRef[] {
  let first = 3, num = 1;
  const skip: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
  if (argv.length > 6) {
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'keys') {
        if (argv[3].length > 0) return [];
        first = i + 1; num = argv.length - first;
        break;
      }
      if (a in skip) i += skip[a];
    }
  }
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: first + i, access: KEY_READ | KEY_WRITE });
  return out;
}

/** getKeysFromCommandWithSpecs() with the flags ACL needs. */
export function aclKeys(cmd: Command, argv: string[]): KeyRef[] {
  if (cmd.fullname === 'set') return setKeys(argv);
  if (cmd.fullname === 'bitfield') return bitfieldKeys(argv);
  const r = keysFromSpecs(cmd, argv);
  if (r !== null) return r;
  if (cmd.fullname === 'migrate') return migrateKeys(argv);
  // Invalid or incomplete specs: the command's own key finder (SORT ... STORE dst), or no keys.
  const proc = GETKEYS_PROCS.get(cmd.fullname);
  if (!proc) return [];
  const pos = proc(argv) ?? [];
  return pos.map((p, i) => ({ pos: p, access: i === 0 ? KEY_READ : KEY_WRITE }));
}

/** Channel arguments (getChannelsFromCommand), only the kinds ACL checks (publish/subscribe). */
function channelArgs(cmd: Command): { from: number; to: number; pattern: boolean } | null {
  switch (cmd.fullname) {
    case 'subscribe': case 'ssubscribe': return { from: 1, to: -1, pattern: false };
    case 'psubscribe': return { from: 1, to: -1, pattern: true };
    case 'publish': case 'spublish': return { from: 1, to: 1, pattern: false };
  }
  return null;
}

/** ACLCheckChannelAgainstList(): patterns (PSUBSCRIBE) must appear literally. */
export function channelAllowed(list: readonly string[], channel: string, isPattern: boolean): boolean {
  for (const p of list) if (isPattern ? p === channel : globMatch(p, channel)) return true;
  return false;
}

function keyAllowed(s: Selector, key: string, access: number): boolean {
  for (const p of s.patterns) if ((p.flags & access) === access && p.match(key)) return true;
  return false;
}

interface Result { code: number; pos: number }

function selectorCheck(s: Selector, cmd: Command, argv: string[], keys: { v: KeyRef[] | null }): Result {
  const id = cmdId(cmd);
  if (!s.allCommands && !(cmd.flags & F.NO_AUTH) && !s.allowed[id]) {
    const fa = s.firstArgs?.get(id);
    if (argv.length < 2 || !fa) return { code: DENIED_CMD, pos: 0 };
    const arg = argv[cmd.parent ? 2 : 1]?.toLowerCase();
    if (!fa.some((a) => a.toLowerCase() === arg)) return { code: DENIED_CMD, pos: 0 };
  }
  if (!s.allKeys && commandHasKeys(cmd)) {
    if (keys.v === null) keys.v = aclKeys(cmd, argv);
    for (const k of keys.v) if (!keyAllowed(s, argv[k.pos], k.access)) return { code: DENIED_KEY, pos: k.pos };
  }
  if (!s.allChannels) {
    const ch = channelArgs(cmd);
    if (ch) {
      const to = ch.to < 0 ? argv.length - 1 : Math.min(ch.to, argv.length - 1);
      for (let i = ch.from; i <= to; i++) if (!channelAllowed(s.channels, argv[i], ch.pattern)) return { code: DENIED_CHANNEL, pos: i };
    }
  }
  return { code: ACL_OK, pos: 0 };
}

/**
 * ACLCheckAllUserCommandPerm(): OK if any selector allows the command.
 * Otherwise the most relevant denial: channel > key > command, and for the
 * same reason the highest argument position.
 */
export function checkCommand(u: AclUser, cmd: Command, argv: string[]): Result {
  if (u.unrestricted) return { code: ACL_OK, pos: 0 };
  const keys = { v: null as KeyRef[] | null };
  let code = DENIED_CMD, pos = 0;
  for (const s of u.selectors) {
    const r = selectorCheck(s, cmd, argv, keys);
    if (r.code === ACL_OK) return r;
    if (r.code > code || (r.code === code && r.pos > pos)) { code = r.code; pos = r.pos; }
  }
  return { code, pos };
}

/**
 * ACLUserCheckCmdWithUnrestrictedKeyAccess(): some selector allows the command
 * and grants `access` (KEY_READ/KEY_WRITE) to every key (`~*`, `%R~*`, allkeys).
 * SORT BY/GET patterns need it, since they name keys the command cannot declare.
 */
export function userHasUnrestrictedKeyAccess(u: AclUser, cmd: Command, argv: string[], access: number): boolean {
  if (u.unrestricted) return true;
  const keys = { v: null as KeyRef[] | null };
  for (const s of u.selectors) {
    if (selectorCheck(s, cmd, argv, keys).code !== ACL_OK) continue;
    if (s.allKeys || s.patterns.some((p) => (p.flags & access) === access && p.pattern === '*')) return true;
  }
  return false;
}

/** ACLUserCheckChannelPerm(). */
export function userChannelAllowed(u: AclUser, channel: string, isPattern: boolean): boolean {
  for (const s of u.selectors) if (s.allChannels || channelAllowed(s.channels, channel, isPattern)) return true;
  return false;
}
