/** Wiring of scripting into the dispatcher: argument-dependent command flags (EVAL shebang, FCALL). */
import { Server } from '../server.js';
import type { Command } from '../commands/table.js';
import { evalCommandFlags } from './eval.js';
import { fcallCommandFlags } from './functions.js';

function dynamicFlags(s: Server, cmd: Command, argv: string[]): number {
  switch (cmd.name) {
    case 'eval': case 'eval_ro': case 'evalsha': case 'evalsha_ro': return evalCommandFlags(s, cmd, argv);
    case 'fcall': case 'fcall_ro': return fcallCommandFlags(s, cmd, argv);
    default: return cmd.flags;
  }
}

Server.dynamicFlags = dynamicFlags;
