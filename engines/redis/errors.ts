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
  // hashes, sets, lists
  HASH_NOT_INT: 'ERR hash value is not an integer',
  HASH_NOT_FLOAT: 'ERR hash value is not a float',
  VALUE_NAN_INF: 'ERR value is NaN or Infinity',
  OUT_OF_RANGE: 'ERR value is out of range',
  MUST_BE_POSITIVE: 'ERR value is out of range, must be positive',
  INDEX_RANGE: 'ERR index out of range',
  NUMKEYS_GT0: 'ERR numkeys should be greater than 0',
  COUNT_GT0: 'ERR count should be greater than 0',
  NUMKEYS_ARGS: "ERR Number of keys can't be greater than number of args",
  LIMIT_NEG: "ERR LIMIT can't be negative",
  UNBLOCKED: 'UNBLOCKED client unblocked via CLIENT UNBLOCK',
  // sorted sets / SORT
  ZADD_XX_NX: 'ERR XX and NX options at the same time are not compatible',
  ZADD_GT_LT_NX: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  ZADD_INCR_PAIR: 'ERR INCR option supports a single increment-element pair',
  ZSCORE_NAN: 'ERR resulting score is not a number (NaN)',
  MINMAX_FLOAT: 'ERR min or max is not a float',
  MINMAX_LEX: 'ERR min or max not valid string range item',
  WEIGHT_FLOAT: 'ERR weight value is not a float',
  ZRANGE_LIMIT_RANK: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  ZRANGE_WITHSCORES_BYLEX: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  AT_LEAST_1_KEY: (fullname: string) => `ERR at least 1 input key is needed for '${fullname}' command`,
  RANGE_LONG: (min: string, max: string) => `ERR value is out of range, value must between ${min} and ${max}`,
  SORT_SCORE: "ERR One or more scores can't be converted into double",
} as const;

/** Redis replaces CR/LF in error messages by spaces (rejectCommandFormat). */
export function sanitize(s: string): string {
  return s.replace(/[\r\n]/g, ' ');
}
