/**
 * redactClientCommandArgument(): secrets never reach SLOWLOG or MONITOR.
 * Redis replaces passwords and ACL rules by "(redacted)" in the argv it logs.
 */
import type { Command } from '../commands/table.js';

const REDACTED = '(redacted)';
const SENSITIVE_CONFIG = new Set(['requirepass', 'masterauth', 'masteruser']);

/** The argv as SLOWLOG/MONITOR show it (the same array when nothing is secret). */
export function redactArgv(cmd: Command, argv: string[]): string[] {
  const idx: number[] = [];
  const add = (i: number) => { if (i < argv.length) idx.push(i); };
  switch (cmd.fullname) {
    case 'auth':
      if (argv.length <= 3) { add(1); if (argv.length === 3) add(2); }
      break;
    case 'hello':
      for (let j = 2; j < argv.length; j++) {
        const more = argv.length - 1 - j, o = argv[j].toLowerCase();
        if (o === 'auth' && more >= 2) { add(j + 1); add(j + 2); j += 2; } else if (o === 'setname' && more) j++; else break;
      }
      break;
    case 'acl|setuser':
      for (let j = 2; j < argv.length; j++) add(j);
      break;
    case 'config|set':
      for (let j = 2; j + 1 < argv.length; j += 2) if (SENSITIVE_CONFIG.has(argv[j].toLowerCase())) add(j + 1);
      break;
    case 'migrate':
      for (let j = 6; j < argv.length; j++) {
        const o = argv[j].toLowerCase();
        // as migrateCommand parses: a missing argument or an unknown option stops it (syntax error)
        const more = argv.length - 1 - j;
        if (o === 'auth' && more >= 1) { add(j + 1); j++; } else if (o === 'auth2' && more >= 2) { add(j + 1); add(j + 2); j += 2; } else if (o !== 'copy' && o !== 'replace') break;
      }
      break;
  }
  if (idx.length === 0) return argv;
  const out = argv.slice();
  for (const i of idx) out[i] = REDACTED;
  return out;
}
