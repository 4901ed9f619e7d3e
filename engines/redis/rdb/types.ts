/** Type-neutral values as they travel through RDB files and DUMP payloads. */

export interface StreamId { ms: bigint; seq: bigint }

export interface StreamEntry {
  id: StreamId;
  /** Field/value pairs in the order they were added. */
  fields: { field: Buffer; value: Buffer }[];
}

export interface StreamPendingEntry {
  id: StreamId;
  /** Last delivery time, unix ms. */
  deliveryTime: number;
  deliveryCount: number;
  /** Owning consumer (null only for a corrupt file where no consumer claimed it). */
  consumer: Buffer | null;
}

export interface StreamConsumer {
  name: Buffer;
  /** seen-time, unix ms. */
  seenTime: number;
}

export interface StreamGroup {
  name: Buffer;
  lastId: StreamId;
  /** Logical reads counter; -1n = invalid (SCG_INVALID_ENTRIES_READ). */
  entriesRead: bigint;
  /** Group PEL (ordered by id); each entry names its consumer. */
  pending: StreamPendingEntry[];
  consumers: StreamConsumer[];
}

export interface StreamValue {
  type: 'stream';
  /** Live entries ordered by id. */
  entries: StreamEntry[];
  lastId: StreamId;
  firstId: StreamId;
  maxDeletedId: StreamId;
  entriesAdded: bigint;
  groups: StreamGroup[];
  /**
   * Optional: the node listpacks as stored (master ID + listpack, tombstones
   * included). The reader attaches them (non-enumerable); when present the
   * writer writes them as they are instead of rebuilding nodes from `entries`.
   */
  nodes?: { master: StreamId; lp: Buffer }[];
}

export type RdbValue =
  | { type: 'string'; value: Buffer }
  | { type: 'list'; items: Buffer[] }
  | { type: 'set'; members: Buffer[] }
  | { type: 'zset'; entries: { member: Buffer; score: number }[] }
  | { type: 'hash'; entries: { field: Buffer; value: Buffer }[] }
  | StreamValue;

export interface RdbEntry {
  db: number;
  key: Buffer;
  value: RdbValue;
  /** Absolute unix ms expiry. */
  expireAtMs?: number;
  /** LRU idle seconds (RDB_OPCODE_IDLE). */
  lruIdle?: number;
  /** LFU counter 0..255 (RDB_OPCODE_FREQ). */
  lfuFreq?: number;
}

/** Encoding thresholds; defaults are redis-server 7.0's. */
export interface RdbEncodingOptions {
  /** rdbcompression: LZF for strings longer than 20 bytes. Default true. */
  compression?: boolean;
  hashMaxListpackEntries?: number; // 512
  hashMaxListpackValue?: number; // 64
  zsetMaxListpackEntries?: number; // 128
  zsetMaxListpackValue?: number; // 64
  setMaxIntsetEntries?: number; // 512
  listMaxListpackSize?: number; // -2 (8 KiB nodes)
  streamNodeMaxBytes?: number; // 4096
  streamNodeMaxEntries?: number; // 100
}

export const RDB_VERSION = 10;

export const RDB_TYPE = {
  STRING: 0, LIST: 1, SET: 2, ZSET: 3, HASH: 4, ZSET_2: 5, MODULE: 6, MODULE_2: 7,
  HASH_ZIPMAP: 9, LIST_ZIPLIST: 10, SET_INTSET: 11, ZSET_ZIPLIST: 12, HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14, STREAM_LISTPACKS: 15, HASH_LISTPACK: 16, ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18, STREAM_LISTPACKS_2: 19,
} as const;

export const RDB_OPCODE = {
  FUNCTION2: 245, FUNCTION: 246, MODULE_AUX: 247, IDLE: 248, FREQ: 249, AUX: 250,
  RESIZEDB: 251, EXPIRETIME_MS: 252, EXPIRETIME: 253, SELECTDB: 254, EOF: 255,
} as const;
