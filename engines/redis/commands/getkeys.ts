/**
 * Key positions *with their key-spec flags* (Redis getKeysFromCommandWithSpecs),
 * for COMMAND GETKEYS / GETKEYSANDFLAGS. Key specs are preferred; a command
 * whose specs are incomplete/unknown (SORT, MIGRATE) or carry variable_flags
 * (SET, BITFIELD) uses its getkeys_proc, which sets the flags itself.
 */
import { GETKEYS_PROCS, type Command, type CmdNode } from './table.js';

export interface KeyWithFlags { pos: number; flags: string[] }

type NodeMap = Record<string, CmdNode>;
function asMap(n: CmdNode | undefined): NodeMap {
  const out: NodeMap = {};
  if (n && typeof n === 'object' && !Array.isArray(n) && 'm' in n) for (let i = 0; i < n.m.length; i += 2) out[String(n.m[i])] = n.m[i + 1];
  return out;
}
const strs = (n: CmdNode | undefined): string[] => {
  const arr = n && typeof n === 'object' && 'set' in n ? n.set : Array.isArray(n) ? n : [];
  return arr.map((x) => (typeof x === 'object' && x && 's' in x ? x.s : String(x)));
};
function specsOf(cmd: Command): NodeMap[] {
  const rs = cmd.info[8];
  const raw: CmdNode[] = Array.isArray(rs) ? rs : rs && typeof rs === 'object' && 'set' in rs ? rs.set : [];
  return raw.map(asMap);
}

/** doesCommandHaveKeys(): a getkeys_proc or a spec that is not not_key. */
export function commandHasKeys(cmd: Command): boolean {
  return GETKEYS_PROCS.has(cmd.fullname) || PROC_FLAGS.has(cmd.fullname) || specsOf(cmd).some((s) => !strs(s.flags).includes('not_key'));
}

/** getKeysUsingKeySpecs(): null on an invalid/incomplete spec (the caller falls back to the proc). */
function fromSpecs(cmd: Command, argv: string[]): KeyWithFlags[] | null {
  const argc = argv.length, out: KeyWithFlags[] = [];
  for (const spec of specsOf(cmd)) {
    const flags = strs(spec.flags);
    if (flags.includes('not_key')) continue;
    const bs = asMap(spec.begin_search), bss = asMap(bs.spec), fk = asMap(spec.find_keys), fks = asMap(fk.spec);
    let first = 0, last: number, step: number;
    if (bs.type === 'index') first = bss.index as number;
    else if (bs.type === 'keyword') {
      const kw = String(bss.keyword).toLowerCase(), from = bss.startfrom as number;
      const start = from > 0 ? from : argc + from, end = from > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === kw) { first = i + 1; break; }
      }
      if (!first) continue;
    } else return null;
    if (fk.type === 'range') {
      step = fks.keystep as number;
      const lastkey = fks.lastkey as number, limit = fks.limit as number;
      if (lastkey >= 0) last = first + lastkey;
      else if (!limit) last = argc + lastkey;
      else last = first + Math.trunc((argc - first) / limit) + lastkey;
    } else if (fk.type === 'keynum') {
      step = fks.keystep as number;
      const idx = first + (fks.keynumidx as number);
      if ((fks.keynumidx as number) >= argc || idx >= argc || !/^(0|-?[1-9]\d*)$/.test(argv[idx])) return null;
      const n = Number(argv[idx]);
      if (n < 0) return null;
      first += fks.firstkey as number;
      last = first + n - 1;
    } else return null;
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step || 1) out.push({ pos: i, flags });
    if (flags.includes('incomplete')) return null;
  }
  return out;
}

const RW_UPDATE = ['RW', 'access', 'update'];
/** The getkeys_procs whose flags Redis sets per key (db.c setGetKeys, bitfieldGetKeys, sortGetKeys, migrateGetKeys). */
const PROC_FLAGS = new Map<string, (argv: string[]) => KeyWithFlags[]>([
  ['set', (argv) => {
    for (let i = 3; i < argv.length; i++) if (argv[i].toLowerCase() === 'get') return [{ pos: 1, flags: RW_UPDATE }];
    return [{ pos: 1, flags: ['OW', 'update'] }];
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
    return [{ pos: 1, flags: ro ? ['RO', 'access'] : RW_UPDATE }];
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
    for (let i = 0; i < num; i++) out.push({ pos: first + i, flags: ['RW', 'access', 'delete'] });
    return out;
  }],
]);

/** getKeysFromCommandWithSpecs(): the keys of argv with flags, [] when none were found. */
export function keysWithFlags(cmd: Command, argv: string[]): KeyWithFlags[] {
  const specs = specsOf(cmd);
  const hasKeyspec = specs.some((s) => !strs(s.flags).includes('not_key'));
  const varFlags = specs.some((s) => strs(s.flags).includes('variable_flags'));
  if (hasKeyspec && !varFlags) { const r = fromSpecs(cmd, argv); if (r !== null) return r; }
  const pf = PROC_FLAGS.get(cmd.fullname);
  if (pf !== undefined) return pf(argv);
  const proc = GETKEYS_PROCS.get(cmd.fullname);
  if (proc === undefined) return [];
  // Other procs (SORT): the first key is read, any further one (STORE dst) overwritten.
  return (proc(argv) ?? []).map((pos, i) => ({ pos, flags: i === 0 ? ['RO', 'access'] : ['OW', 'update'] }));
}
