/**
 * The one key finder (Redis getKeysFromCommandWithSpecs): key positions with
 * their key-spec flags and the access they need. COMMAND GETKEYS, ACL key
 * checks and client tracking all use it. Key specs are preferred; a command
 * whose specs are incomplete/unknown (SORT, MIGRATE) or carry variable_flags
 * (SET, BITFIELD) uses its getkeys_proc, which sets the flags itself.
 */
import { GETKEYS_PROCS, type Command, type CmdNode } from './table.js';
import { KEY_READ, KEY_WRITE } from '../acl/selector.js';

/** A key position, its key-spec flags, and the access it needs (KEY_READ | KEY_WRITE: a spec with `access` reads, with insert/delete/update writes). */
export interface KeyWithFlags { pos: number; flags: readonly string[]; access: number }

/** One parsed key spec (parsed once per command). */
interface Spec {
  flags: readonly string[]; access: number;
  notKey: boolean; incomplete: boolean; varFlags: boolean;
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
  return arr.map((x) => (typeof x === 'object' && x && 's' in x ? x.s : String(x)));
}
function accessOf(flags: readonly string[]): number {
  let a = 0;
  if (flags.includes('access')) a |= KEY_READ;
  if (flags.includes('insert') || flags.includes('delete') || flags.includes('update')) a |= KEY_WRITE;
  return a;
}

const SPECS = new WeakMap<Command, Spec[]>();
function specsOf(cmd: Command): Spec[] {
  let s = SPECS.get(cmd);
  if (s !== undefined) return s;
  const raw = cmd.info[8];
  const list: CmdNode[] = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && 'set' in raw ? raw.set : [];
  s = list.map((r): Spec => {
    const m = asMap(r), flags = strList(m.flags), lower = flags.map((f) => f.toLowerCase());
    const bs = asMap(m.begin_search), bss = asMap(bs.spec), fk = asMap(m.find_keys), fks = asMap(fk.spec);
    return {
      flags, access: accessOf(lower),
      notKey: lower.includes('not_key'), incomplete: lower.includes('incomplete'), varFlags: lower.includes('variable_flags'),
      bs: bs.type === 'index' ? { type: 'index', index: bss.index as number }
        : bs.type === 'keyword' ? { type: 'keyword', keyword: String(bss.keyword).toLowerCase(), startfrom: bss.startfrom as number } : { type: 'unknown' },
      fk: fk.type === 'range' ? { type: 'range', lastkey: fks.lastkey as number, keystep: fks.keystep as number, limit: fks.limit as number }
        : fk.type === 'keynum' ? { type: 'keynum', keynumidx: fks.keynumidx as number, firstkey: fks.firstkey as number, keystep: fks.keystep as number } : { type: 'unknown' },
    };
  });
  SPECS.set(cmd, s);
  return s;
}

/** The flag sets the getkeys_procs use, each with its access computed once (SET/BITFIELD run this per command for ACL users). */
const RW_UPDATE = ['RW', 'access', 'update'], OW_UPDATE = ['OW', 'update'], RO_ACCESS = ['RO', 'access'], RW_DELETE = ['RW', 'access', 'delete'];
const PROC_ACCESS = new Map<readonly string[], number>([RW_UPDATE, OW_UPDATE, RO_ACCESS, RW_DELETE].map((f) => [f, accessOf(f)]));
function key(pos: number, flags: readonly string[]): KeyWithFlags { return { pos, flags, access: PROC_ACCESS.get(flags)! }; }
/** The getkeys_procs whose flags Redis sets per key (db.c setGetKeys, bitfieldGetKeys, migrateGetKeys). */
const PROC_FLAGS = new Map<string, (argv: string[]) => KeyWithFlags[]>([
  ['set', (argv) => {
    for (let i = 3; i < argv.length; i++) if (argv[i].toLowerCase() === 'get') return [key(1, RW_UPDATE)];
    return [key(1, OW_UPDATE)];
  }],
  ['bitfield', (argv) => {
    let ro = true;
    for (let i = 2; i < argv.length; i++) {
      const rem = argv.length - i - 1, a = argv[i].toLowerCase();
      if (a === 'get' && rem >= 2) i += 2;
      else if ((a === 'set' || a === 'incrby') && rem >= 3) { ro = false; break; }
      else if (a === 'overflow' && rem >= 1) i += 1;
      else { ro = false; break; }
    }
    return [key(1, ro ? RO_ACCESS : RW_UPDATE)];
  }],
  ['migrate', (argv) => {
    let first = 3, num = 1;
    const skip: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
    if (argv.length > 6) {
      for (let i = 6; i < argv.length; i++) {
        const a = argv[i].toLowerCase();
        if (a === 'keys') { if (argv[3].length > 0) num = 0; else { first = i + 1; num = argv.length - first; } break; }
        if (a in skip) i += skip[a];
      }
    }
    const out: KeyWithFlags[] = [];
    for (let i = 0; i < num; i++) out.push(key(first + i, RW_DELETE));
    return out;
  }],
]);

const HAS_KEYS = new WeakMap<Command, boolean>();
/** doesCommandHaveKeys(): a getkeys_proc or a spec that is not not_key. */
export function commandHasKeys(cmd: Command): boolean {
  let r = HAS_KEYS.get(cmd);
  if (r === undefined) {
    r = GETKEYS_PROCS.has(cmd.fullname) || PROC_FLAGS.has(cmd.fullname) || specsOf(cmd).some((s) => !s.notKey);
    HAS_KEYS.set(cmd, r);
  }
  return r;
}

/** getKeysUsingKeySpecs(): null on an invalid/incomplete spec (the caller falls back to the proc). */
function fromSpecs(specs: Spec[], argv: string[]): KeyWithFlags[] | null {
  const argc = argv.length, out: KeyWithFlags[] = [];
  for (const spec of specs) {
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
    for (let i = first; i <= last; i += step || 1) out.push({ pos: i, flags: spec.flags, access: spec.access });
    if (spec.incomplete) return null;
  }
  return out;
}

/** getKeysFromCommandWithSpecs(): the keys of argv with flags, [] when none were found. */
export function keysWithFlags(cmd: Command, argv: string[]): KeyWithFlags[] {
  const specs = specsOf(cmd);
  let hasKeyspec = false, varFlags = false;
  for (const s of specs) { if (!s.notKey) hasKeyspec = true; if (s.varFlags) varFlags = true; }
  if (hasKeyspec && !varFlags) { const r = fromSpecs(specs, argv); if (r !== null) return r; }
  const pf = PROC_FLAGS.get(cmd.fullname);
  if (pf !== undefined) return pf(argv);
  const proc = GETKEYS_PROCS.get(cmd.fullname);
  if (proc === undefined) return [];
  // Other procs (SORT): the first key is read, any further one (STORE dst) overwritten.
  return (proc(argv) ?? []).map((pos, i) => key(pos, i === 0 ? RO_ACCESS : OW_UPDATE));
}

/** Just the positions (client tracking). */
export function keyPositions(cmd: Command, argv: string[]): number[] {
  return keysWithFlags(cmd, argv).map((k) => k.pos);
}
