/**
 * ACL selectors (Redis 7.0 acl.c aclSelector): command ids and categories
 * from the command table, the command bitmap, first-arg rules, key and
 * channel patterns, the selector rules parser (ACLSetSelector) and the
 * canonical rendering of the command rules (ACLDescribeSelectorCommandRules).
 */
import { TABLE, type Command } from '../commands/table.js';
import { hasSpaces } from './args.js';
import { globMatch } from '../glob.js';

/** Categories in Redis's order (ACL CAT, COMMAND INFO, and the describe algorithm iterate this). */
export const CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
] as const;

/** Every command and subcommand in table order (a container precedes its subcommands); the index is the ACL id. */
export const ALL_COMMANDS: Command[] = [];
const ID = new Map<Command, number>();
/** Category bit mask per command id. */
let CATMASK: Uint32Array;
/** Children ids of a container id (empty for plain commands). */
let SUBS: number[][];

function buildIds(): void {
  for (const c of TABLE.values()) {
    ALL_COMMANDS.push(c);
    if (c.subcommands) for (const s of c.subcommands.values()) ALL_COMMANDS.push(s);
  }
  CATMASK = new Uint32Array(ALL_COMMANDS.length);
  SUBS = ALL_COMMANDS.map(() => []);
  ALL_COMMANDS.forEach((c, i) => {
    ID.set(c, i);
    let m = 0;
    for (const a of c.acl) { const k = CATEGORIES.indexOf(a.replace(/^@/, '') as typeof CATEGORIES[number]); if (k >= 0) m |= 1 << k; }
    CATMASK[i] = m;
  });
  ALL_COMMANDS.forEach((c, i) => { if (c.parent) SUBS[ID.get(c.parent)!].push(i); });
}
buildIds();

export const cmdId = (c: Command): number => ID.get(c)!;
export const categoryIndex = (name: string): number => CATEGORIES.indexOf(name.toLowerCase() as typeof CATEGORIES[number]);
export const commandCategoryMask = (c: Command): number => CATMASK[ID.get(c)!];

/** Look a command up as ACL rules name it: "get", "config|get" (case-insensitive, one level of subcommands). */
export function aclLookupCommand(name: string): Command | undefined {
  const parts = name.split('|');
  if (parts.length > 2) return undefined;
  const base = TABLE.get(parts[0].toLowerCase());
  if (!base) return undefined;
  if (parts.length === 1 || !base.subcommands) return parts.length === 1 ? base : undefined;
  return base.subcommands.get(parts[1].toLowerCase());
}

// Key pattern permissions.
export const KEY_READ = 1, KEY_WRITE = 2, KEY_ALL = 3;

/** A key pattern, its access (KEY_READ/KEY_WRITE) and its compiled matcher. */
export interface KeyPattern { pattern: string; flags: number; match: (key: string) => boolean }

/** A glob compiled to the cheapest test with exactly stringmatchlen's result (literal, prefix*, or the full matcher). */
function compileGlob(p: string): (s: string) => boolean {
  if (p === '*') return () => true;
  const special = /[*?[\\]/;
  if (!special.test(p)) return (s) => s === p;
  const body = p.slice(0, -1);
  if (p.endsWith('*') && !special.test(body)) return (s) => s.startsWith(body);
  return (s) => globMatch(p, s);
}

/** One selector: the root permissions of a user, or one `(...)` selector. */
export class Selector {
  allKeys = false;
  allChannels = false;
  allCommands = false;
  /** The reserved "future commands" bit: only +@all/allcommands set it. */
  future = false;
  allowed: Uint8Array = new Uint8Array(ALL_COMMANDS.length);
  /** Allowed first arguments of otherwise denied commands (+select|0), by command id. */
  firstArgs: Map<number, string[]> | null = null;
  patterns: KeyPattern[] = [];
  channels: string[] = [];
  constructor(readonly root: boolean, allChannels = false) { this.allChannels = allChannels; }

  copy(): Selector {
    const s = new Selector(this.root);
    s.allKeys = this.allKeys; s.allChannels = this.allChannels; s.allCommands = this.allCommands; s.future = this.future;
    s.allowed = this.allowed.slice();
    if (this.firstArgs) { s.firstArgs = new Map(); for (const [k, v] of this.firstArgs) s.firstArgs.set(k, v.slice()); }
    s.patterns = this.patterns.map((p) => ({ ...p }));
    s.channels = this.channels.slice();
    return s;
  }

  private setBit(id: number, v: boolean): void {
    this.allowed[id] = v ? 1 : 0;
    if (!v) this.allCommands = false;
  }
  /** ACLChangeSelectorPerm: a container's subcommands follow it. */
  changePerm(id: number, v: boolean): void {
    this.setBit(id, v);
    this.firstArgs?.delete(id);
    for (const s of SUBS[id]) this.setBit(s, v);
  }
  setCategory(cat: number, v: boolean): void {
    const bit = 1 << cat;
    for (let i = 0; i < ALL_COMMANDS.length; i++) if (CATMASK[i] & bit) this.changePerm(i, v);
  }
  setAll(v: boolean): void {
    this.allowed.fill(v ? 1 : 0);
    this.allCommands = v;
    this.future = v;
    this.firstArgs = null;
  }
  private addFirstArg(id: number, sub: string): void {
    if (!this.firstArgs) this.firstArgs = new Map();
    const l = this.firstArgs.get(id) ?? [];
    if (l.some((x) => x.toLowerCase() === sub.toLowerCase())) return;
    l.push(sub);
    this.firstArgs.set(id, l);
  }

  /** ACLSetSelector: apply one selector rule; returns an error message or null. */
  apply(op: string): string | null {
    const lop = op.toLowerCase();
    if (lop === 'allkeys' || op === '~*') { this.allKeys = true; this.patterns = []; return null; }
    if (lop === 'resetkeys') { this.allKeys = false; this.patterns = []; return null; }
    if (lop === 'allchannels' || op === '&*') { this.allChannels = true; this.channels = []; return null; }
    if (lop === 'resetchannels') { this.allChannels = false; this.channels = []; return null; }
    if (lop === 'allcommands' || lop === '+@all') { this.setAll(true); return null; }
    if (lop === 'nocommands' || lop === '-@all') { this.setAll(false); return null; }
    const c0 = op[0];
    if (c0 === '~' || c0 === '%') {
      if (this.allKeys) return ERR_KEYS_AFTER_ALL;
      let flags = 0, off = 1;
      if (c0 === '%') {
        for (; off < op.length; off++) {
          const ch = op[off].toUpperCase();
          if (ch === 'R' && !(flags & KEY_READ)) flags |= KEY_READ;
          else if (ch === 'W' && !(flags & KEY_WRITE)) flags |= KEY_WRITE;
          else if (op[off] === '~') { off++; break; }
          else return ERR_SYNTAX;
        }
        if (flags === 0) return ERR_SYNTAX;
      } else flags = KEY_ALL;
      const pat = op.slice(off);
      if (hasSpaces(pat)) return ERR_SYNTAX;
      const ex = this.patterns.find((p) => p.pattern === pat);
      if (ex) ex.flags |= flags; else this.patterns.push({ pattern: pat, flags, match: compileGlob(pat) });
      this.allKeys = false;
      return null;
    }
    if (c0 === '&') {
      if (this.allChannels) return ERR_CHANNELS_AFTER_ALL;
      const pat = op.slice(1);
      if (hasSpaces(pat)) return ERR_SYNTAX;
      if (!this.channels.includes(pat)) this.channels.push(pat);
      this.allChannels = false;
      return null;
    }
    if (c0 === '+' && op[1] !== '@') {
      const bar = op.lastIndexOf('|');
      if (bar < 0) {
        const cmd = aclLookupCommand(op.slice(1));
        if (!cmd) return ERR_UNKNOWN_CMD;
        this.changePerm(cmdId(cmd), true);
        return null;
      }
      const base = aclLookupCommand(op.slice(1, bar));
      const sub = op.slice(bar + 1);
      if (!base) return ERR_UNKNOWN_CMD;
      if (base.parent) return ERR_FIRSTARG_SUB;
      if (sub.length === 0) return ERR_SYNTAX;
      if (base.subcommands) {
        const sc = aclLookupCommand(op.slice(1));
        if (!sc) return ERR_UNKNOWN_CMD;
        this.changePerm(cmdId(sc), true);
      } else this.addFirstArg(cmdId(base), sub);
      return null;
    }
    if (c0 === '-' && op[1] !== '@') {
      const cmd = aclLookupCommand(op.slice(1));
      if (!cmd) return ERR_UNKNOWN_CMD;
      this.changePerm(cmdId(cmd), false);
      return null;
    }
    if ((c0 === '+' || c0 === '-') && op[1] === '@') {
      const cat = categoryIndex(op.slice(2));
      if (cat < 0) return ERR_UNKNOWN_CMD;
      this.setCategory(cat, c0 === '+');
      return null;
    }
    return ERR_SYNTAX;
  }

  /** The command rules as Redis renders them (ACLDescribeSelectorCommandRules). */
  describeCommands(): string {
    let rules: string;
    const additive = !this.future;
    const fake = new Selector(false);
    if (additive) { rules = '-@all '; fake.setAll(false); } else { rules = '+@all '; fake.setAll(true); }
    // Greedy category fit on a scratch copy of the bitmap, then single-command fixes.
    const temp = new Selector(false);
    temp.allowed = this.allowed.slice();
    const applied = new Array<boolean>(CATEGORIES.length).fill(false);
    for (;;) {
      let best = -1, mindiff = 0x7fffffff, maxsame = 0;
      for (let j = 0; j < CATEGORIES.length; j++) {
        if (applied[j]) continue;
        let on = 0, off = 0;
        const bit = 1 << j;
        for (let i = 0; i < ALL_COMMANDS.length; i++) if (CATMASK[i] & bit) { if (temp.allowed[i]) on++; else off++; }
        const diff = additive ? off : on, same = additive ? on : off;
        if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) { best = j; mindiff = diff; maxsame = same; }
      }
      if (best < 0) break;
      fake.setCategory(best, additive);
      temp.setCategory(best, !additive);
      rules += (additive ? '+@' : '-@') + CATEGORIES[best] + ' ';
      applied[best] = true;
    }
    for (let i = 0; i < ALL_COMMANDS.length; i++) {
      const user = this.allowed[i];
      if (user !== fake.allowed[i]) {
        rules += (user ? '+' : '-') + ALL_COMMANDS[i].fullname + ' ';
        fake.changePerm(i, user === 1);
      }
      const fa = this.firstArgs?.get(i);
      if (!user && fa) for (const a of fa) rules += '+' + ALL_COMMANDS[i].fullname + '|' + a + ' ';
    }
    return rules.slice(0, -1);
  }

  /** `keys` field of ACL GETUSER. */
  describeKeys(): string {
    return this.allKeys ? '~*' : this.patterns.map(patternString).join(' ');
  }
  describeChannels(): string {
    return this.allChannels ? '&*' : this.channels.map((c) => '&' + c).join(' ');
  }
  /** ACLDescribeSelector: keys, channels, commands. */
  describe(): string {
    let r = '';
    if (this.allKeys) r += '~* ';
    else for (const p of this.patterns) r += patternString(p) + ' ';
    if (this.allChannels) r += '&* ';
    else { r += 'resetchannels '; for (const c of this.channels) r += '&' + c + ' '; }
    return r + this.describeCommands();
  }
}

function patternString(p: KeyPattern): string {
  return (p.flags === KEY_ALL ? '~' : p.flags === KEY_READ ? '%R~' : '%W~') + p.pattern;
}

// ACLSetUserStringError texts.
export const ERR_UNKNOWN_CMD = 'Unknown command or category name in ACL';
export const ERR_SYNTAX = 'Syntax error';
export const ERR_KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
export const ERR_CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
export const ERR_NO_SUCH_PASS = 'The password you are trying to remove from the user does not exist';
export const ERR_BAD_HASH = 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';
export const ERR_FIRSTARG_SUB = 'Allowing first-arg of a subcommand is not supported';
