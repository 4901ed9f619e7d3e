/** Every error reply string as a named constant (without the leading '-'). */
export const E = {
  SYNTAX: 'ERR syntax error',
  NOT_INT: 'ERR value is not an integer or out of range',
  NOT_FLOAT: 'ERR value is not a valid float',
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  NO_SUCH_KEY: 'ERR no such key',
  OVERFLOW: 'ERR increment or decrement would overflow',
  NAN_INF: 'ERR increment would produce NaN or Infinity',
  INVALID_EXPIRE: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  DB_INDEX: 'ERR DB index is out of range',
  INVALID_DB_INDEX: 'ERR invalid DB index',
  SAME_OBJECT: 'ERR source and destination objects are the same',
  STRING_TOO_LONG: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  OFFSET_RANGE: 'ERR offset is out of range',
  NOAUTH: 'NOAUTH Authentication required.',
  WRONGPASS: 'WRONGPASS invalid username-password pair or user is disabled.',
  AUTH_NO_PASSWORD: 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  OOM: "OOM command not allowed when used memory > 'maxmemory'.",
  EXECABORT: 'EXECABORT Transaction discarded because of previous errors.',
  MULTI_NESTED: 'ERR MULTI calls can not be nested',
  EXEC_NO_MULTI: 'ERR EXEC without MULTI',
  DISCARD_NO_MULTI: 'ERR DISCARD without MULTI',
  WATCH_IN_MULTI: 'ERR WATCH inside MULTI is not allowed',
  CMD_IN_MULTI: (name: string) => `ERR Command not allowed inside a transaction`,
  UNKNOWN_CMD: (name: string, args: readonly string[]) => {
    let a = '';
    for (let i = 0; i < args.length && a.length < 128; i++) a += `'${args[i].slice(0, 128 - a.length)}' `;
    return sanitize(`ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${a}`);
  },
  UNKNOWN_SUBCMD: (sub: string, cmd: string) => sanitize(`ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`),
  ARITY: (fullname: string) => `ERR wrong number of arguments for '${fullname}' command`,
  SUBSCRIBE_CONTEXT: (name: string) => `ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  NOPROTO: 'NOPROTO unsupported protocol version',
  TIMEOUT_NEG: 'ERR timeout is negative',
  TIMEOUT_NOT_FLOAT: 'ERR timeout is not a float or out of range',
  NO_SUCH_CLIENT: 'ERR No such client',
  CLIENT_NAME: 'ERR Client names cannot contain spaces, newlines or special characters.',
  LFU_NOT_SELECTED: 'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  LFU_SELECTED: 'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  INVALID_CURSOR: 'ERR invalid cursor',
  BUSYKEY: 'BUSYKEY Target key name already exists.',
  CROSS_DB: 'ERR source and destination objects are the same',
} as const;

/** Redis replaces CR/LF in error messages by spaces (rejectCommandFormat). */
export function sanitize(s: string): string {
  return s.replace(/[\r\n]/g, ' ');
}
