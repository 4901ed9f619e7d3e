/** ACL command group (Redis 7.0 aclCommand): SETUSER GETUSER DELUSER LIST USERS WHOAMI CAT GENPASS LOG DRYRUN LOAD SAVE HELP. */
import crypto from 'node:crypto';
import type { Client } from '../client.js';
import { E, sanitize } from '../errors.js';
import { registerAll, lookupTop, type Command } from './table.js';
import { HELP } from './help-data.js';
import { replyHelp } from './cmd_keys.js';
import { parseI64 } from '../util.js';
import { ALL_COMMANDS, CATEGORIES, categoryIndex, commandCategoryMask, type Selector } from '../acl/selector.js';
import { hasSpaces } from '../acl/args.js';
import { USER_FLAGS } from '../acl/user.js';
import { ACL_OK, checkCommand } from '../acl/check.js';
import { aclDryrunMessage } from '../acl/messages.js';

function setuser(c: Client, argv: string[]): void {
  const name = argv[2];
  if (hasSpaces(name)) return c.w.error(E.ACL_USERNAME_SPACES);
  const err = c.server.acl.setUser(name, argv.slice(3));
  if (err !== null) return c.w.error(sanitize('ERR ' + err));
  c.w.ok();
}

function deluser(c: Client, argv: string[]): void {
  const names = argv.slice(2);
  if (names.includes('default')) return c.w.error(E.ACL_DEL_DEFAULT);
  c.w.int(c.server.acl.delUsers(names));
}

/** commands / keys / channels of one selector (aclAddReplySelectorDescription). */
function replySelector(c: Client, s: Selector): void {
  const w = c.w;
  w.bulk('commands'); w.bulk(s.describeCommands());
  w.bulk('keys'); w.bulk(s.describeKeys());
  w.bulk('channels'); w.bulk(s.describeChannels());
}

function getuser(c: Client, argv: string[]): void {
  const u = c.server.acl.users.get(argv[2]);
  const w = c.w;
  if (!u) return w.nullBulk();
  w.mapLen(6);
  w.bulk('flags');
  const flags = USER_FLAGS.filter((f) => u.flags.has(f));
  w.setLen(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk('passwords');
  w.arrayLen(u.passwords.length);
  for (const p of u.passwords) w.bulk(p);
  replySelector(c, u.root);
  w.bulk('selectors');
  w.arrayLen(u.selectors.length - 1);
  for (let i = 1; i < u.selectors.length; i++) { w.mapLen(3); replySelector(c, u.selectors[i]); }
}

function list(c: Client): void { c.w.bulkArray(c.server.acl.list()); }
function users(c: Client): void { c.w.bulkArray(c.server.acl.sortedUsers().map((u) => u.name)); }
function whoami(c: Client): void { c.w.bulk(c.user.name); }

function load(c: Client): void {
  const acl = c.server.acl;
  if (acl.aclfile === '') return c.w.error(E.ACL_NO_FILE);
  const err = acl.loadFile();
  if (err !== null) return c.w.error(sanitize('ERR ' + err));
  c.w.ok();
}

function save(c: Client): void {
  const acl = c.server.acl;
  if (acl.aclfile === '') return c.w.error(E.ACL_NO_FILE);
  if (!acl.saveFile()) return c.w.error(E.ACL_SAVE_FAILED);
  c.w.ok();
}

function cat(c: Client, argv: string[]): void {
  if (argv.length === 2) return c.w.bulkArray([...CATEGORIES]);
  if (argv.length !== 3) return c.w.error(E.ACL_SYNTAX(argv[1], argv[0]));
  const k = categoryIndex(argv[2]);
  if (k < 0) return c.w.error(E.ACL_UNKNOWN_CATEGORY(argv[2]));
  c.w.bulkArray(ALL_COMMANDS.filter((cmd) => commandCategoryMask(cmd) & (1 << k)).map((cmd) => cmd.fullname));
}

function genpass(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.w.error(E.ACL_SYNTAX(argv[1], argv[0]));
  let bits = 256;
  if (argv.length === 3) {
    const v = parseI64(argv[2]);
    if (v === null || typeof v === 'bigint') return c.w.error(E.NOT_INT);
    bits = v;
  }
  if (bits <= 0 || bits > 4096) return c.w.error(E.ACL_GENPASS_BITS);
  const chars = Math.floor((bits + 3) / 4);
  c.w.bulk(crypto.randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
}

function log(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.w.error(E.ACL_SYNTAX(argv[1], argv[0]));
  const acl = c.server.acl;
  let count = 10;
  if (argv.length === 3) {
    if (argv[2].toLowerCase() === 'reset') { acl.log.length = 0; return c.w.ok(); }
    const v = parseI64(argv[2]);
    if (v === null || typeof v === 'bigint') return c.w.error(E.NOT_INT);
    count = Math.max(0, v);
  }
  acl.writeLog(c, count);
}

/** lookupCommand() (not strict): a container with an unknown subcommand is not found. */
function lookupForDryrun(args: string[]): Command | undefined {
  const top = lookupTop(args[0]);
  if (!top || args.length === 1 || !top.subcommands) return top;
  return top.subcommands.get(args[1].toLowerCase());
}

function dryrun(c: Client, argv: string[]): void {
  const u = c.server.acl.users.get(argv[2]);
  if (!u) return c.w.error(E.ACL_DRYRUN_NO_USER(argv[2]));
  const args = argv.slice(3);
  const cmd = lookupForDryrun(args);
  if (!cmd) return c.w.error(E.ACL_DRYRUN_NO_CMD(argv[3]));
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity) return c.w.error(E.ARITY(cmd.fullname));
  const r = checkCommand(u, cmd, args);
  if (r.code === ACL_OK) return c.w.ok();
  c.w.bulk(aclDryrunMessage(r.code, cmd, args[r.pos]));
}

registerAll({
  'acl|setuser': setuser, 'acl|deluser': deluser, 'acl|getuser': getuser, 'acl|list': list, 'acl|users': users,
  'acl|whoami': whoami, 'acl|load': load, 'acl|save': save, 'acl|cat': cat, 'acl|genpass': genpass, 'acl|log': log,
  'acl|dryrun': dryrun, 'acl|help': (c, a) => replyHelp(c, a[0], HELP.acl),
});
