/**
 * Permission checks (Redis 7.0 ACLCheckAllUserCommandPerm): command bits,
 * key patterns against the keys the command's key specs name (with their
 * read/write access flags), and Pub/Sub channel patterns.
 */
import { F, type Command } from '../commands/table.js';
import { commandHasKeys, keysWithFlags, type KeyWithFlags } from '../commands/getkeys.js';
import { globMatch } from '../glob.js';
import { cmdId, type Selector } from './selector.js';
import type { AclUser } from './user.js';

export const ACL_OK = 0, DENIED_CMD = 1, DENIED_KEY = 2, DENIED_AUTH = 3, DENIED_CHANNEL = 4;

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

function selectorCheck(s: Selector, cmd: Command, argv: string[], keys: { v: KeyWithFlags[] | null }): Result {
  const id = cmdId(cmd);
  if (!s.allCommands && !(cmd.flags & F.NO_AUTH) && !s.allowed[id]) {
    const fa = s.firstArgs?.get(id);
    if (argv.length < 2 || !fa) return { code: DENIED_CMD, pos: 0 };
    const arg = argv[cmd.parent ? 2 : 1]?.toLowerCase();
    if (!fa.some((a) => a.toLowerCase() === arg)) return { code: DENIED_CMD, pos: 0 };
  }
  if (!s.allKeys && commandHasKeys(cmd)) {
    if (keys.v === null) keys.v = keysWithFlags(cmd, argv);
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
  const keys = { v: null as KeyWithFlags[] | null };
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
  const keys = { v: null as KeyWithFlags[] | null };
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
