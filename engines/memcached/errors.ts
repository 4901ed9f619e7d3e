// Every reply line memcached 1.6 sends on error, verbatim. Keep them here so
// the protocol handlers never spell an error by hand.

export const ERROR = 'ERROR';
export const CLIENT_ERROR_BAD_FORMAT = 'CLIENT_ERROR bad command line format';
export const CLIENT_ERROR_BAD_DELETE_FORMAT =
  'CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]';
export const CLIENT_ERROR_BAD_DATA_CHUNK = 'CLIENT_ERROR bad data chunk';
export const CLIENT_ERROR_INVALID_EXPTIME = 'CLIENT_ERROR invalid exptime argument';
export const CLIENT_ERROR_INVALID_DELTA = 'CLIENT_ERROR invalid numeric delta argument';
export const CLIENT_ERROR_NON_NUMERIC = 'CLIENT_ERROR cannot increment or decrement non-numeric value';
export const CLIENT_ERROR_STATS_DETAIL_USAGE = 'CLIENT_ERROR usage: stats detail on|off|dump';
export const CLIENT_ERROR_FLUSH_NOT_ALLOWED = 'CLIENT_ERROR flush_all not allowed';
export const CLIENT_ERROR_BAD_COMMAND_LINE = 'CLIENT_ERROR bad command line';
export const CLIENT_ERROR_ILLEGAL_SLAB_ID = 'CLIENT_ERROR Illegal slab id';

// meta protocol
export const CLIENT_ERROR_DUPLICATE_FLAG = 'CLIENT_ERROR duplicate flag';
export const CLIENT_ERROR_INVALID_FLAG = 'CLIENT_ERROR invalid flag';
export const CLIENT_ERROR_INVALID_OR_DUPLICATE_FLAG = 'CLIENT_ERROR invalid or duplicate flag';
export const CLIENT_ERROR_DECODING_KEY = 'CLIENT_ERROR error decoding key';
export const CLIENT_ERROR_BAD_TOKEN = 'CLIENT_ERROR bad token in command line format';
export const CLIENT_ERROR_M_TOKEN_LENGTH = 'CLIENT_ERROR incorrect length for M token';
export const CLIENT_ERROR_INVALID_INITIAL = 'CLIENT_ERROR invalid numeric initial value';
export const CLIENT_ERROR_INVALID_DELTA_VALUE = 'CLIENT_ERROR invalid numeric delta value';
export const CLIENT_ERROR_MG_FLAGS_TOO_LONG = 'CLIENT_ERROR options flags are too long';
export const CLIENT_ERROR_FLAGS_TOO_LONG = 'CLIENT_ERROR options flags too long';
export const CLIENT_ERROR_OPAQUE_TOO_LONG = 'CLIENT_ERROR opaque token too long';
export const CLIENT_ERROR_MS_MODE = 'CLIENT_ERROR invalid mode for ms M token';
export const CLIENT_ERROR_MA_MODE = 'CLIENT_ERROR invalid mode for ma M token';

export const SERVER_ERROR_TOO_LARGE = 'SERVER_ERROR object too large for cache';
export const SERVER_ERROR_OUT_OF_MEMORY_STORING = 'SERVER_ERROR out of memory storing object';
export const SERVER_ERROR_OUT_OF_MEMORY = 'SERVER_ERROR out of memory';
export const SERVER_ERROR_OOM_NEW_ITEM = 'SERVER_ERROR Out of memory allocating new item';

// binary protocol status codes and the texts memcached sends with them
export const enum BinaryStatus {
  Success = 0x00,
  KeyNotFound = 0x01,
  KeyExists = 0x02,
  TooLarge = 0x03,
  InvalidArguments = 0x04,
  NotStored = 0x05,
  NonNumeric = 0x06,
  AuthError = 0x20,
  AuthContinue = 0x21,
  UnknownCommand = 0x81,
  OutOfMemory = 0x82,
}

export const BINARY_STATUS_TEXT: Record<number, string> = {
  0x01: 'Not found',
  0x02: 'Data exists for key.',
  0x03: 'Too large.',
  0x04: 'Invalid arguments',
  0x05: 'Not stored.',
  0x06: 'Non-numeric server-side value for incr or decr',
  0x20: 'Auth failure.',
  0x81: 'Unknown command',
  0x82: 'Out of memory',
};
