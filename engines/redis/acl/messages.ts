/** The replies Redis 7.0 gives for a denied command, per call path (processCommand, EXEC, scripts, ACL DRYRUN). */
import type { Command } from '../commands/table.js';
import { E } from '../errors.js';
import { DENIED_CHANNEL, DENIED_CMD, DENIED_KEY } from './check.js';

/** processCommand(): `NOPERM this user has no permissions to …`. */
export function aclDeniedMessage(code: number, cmd: Command): string {
  if (code === DENIED_CMD) return E.NOPERM_CMD(cmd.fullname);
  if (code === DENIED_KEY) return E.NOPERM_KEY;
  if (code === DENIED_CHANNEL) return E.NOPERM_CHANNEL;
  return E.NOPERM;
}

/** execCommand(): a queued command that the rules no longer allow at EXEC time. */
export function aclExecDeniedMessage(code: number): string {
  const reason = code === DENIED_CMD ? 'no permission to execute the command or subcommand'
    : code === DENIED_KEY ? 'no permission to touch the specified keys'
      : code === DENIED_CHANNEL ? 'no permission to access one of the channels used as arguments' : 'no permission';
  return E.NOPERM_EXEC(reason);
}

/** scriptVerifyACL() / getAclErrorMessage(): the text a script's redis.call raises. */
export function aclScriptDeniedMessage(code: number): string {
  const m = code === DENIED_CMD ? "can't run this command or subcommand"
    : code === DENIED_KEY ? "can't access at least one of the keys mentioned in the command arguments"
      : code === DENIED_CHANNEL ? "can't publish to the channel mentioned in the command" : 'lacking the permissions for the command';
  return 'The user executing the script ' + m;
}

/** ACL DRYRUN's bulk reply for a denial. */
export function aclDryrunMessage(code: number, cmd: Command, arg: string): string {
  if (code === DENIED_CMD) return `This user has no permissions to run the '${cmd.fullname}' command`;
  if (code === DENIED_KEY) return `This user has no permissions to access the '${arg}' key`;
  return `This user has no permissions to access the '${arg}' channel`;
}
