// What protocol handlers may see of the node that owns a connection.

import type { Store } from './store.js';
import type { ClusterConfig } from './discovery.js';
import type { StatList } from './stats.js';

export interface SaslCredentials { username: string; password: string }

export interface NodeContext {
  readonly store: Store;
  readonly version: string;
  readonly sasl: SaslCredentials | null;
  readonly clusterConfig: ClusterConfig | null;
  verbosity: number;
  /** ElastiCache disable_flush_all: flush_all is refused. */
  readonly flushDisabled: boolean;
  /** Stats groups by name ('' = general); null for an unknown group. */
  statsGroup(name: string): StatList | null;
  resetStats(): void;
}

export type BodyHandler<T> = (buf: Buffer, start: number, state: T) => void;

/** The reply side of a connection, as the protocol handlers use it. */
export interface ReplySink {
  readonly node: NodeContext;
  /** Text: suppress the next reply (memcached's c->noreply). */
  noreply: boolean;
  /** Append text to the pending output (one write per input batch). */
  writeText(s: string): void;
  /** Append binary output. */
  writeBinary(b: Buffer): void;
  /** memcached's out_string: a line + CRLF unless noreply is set (which it resets). */
  outString(line: string): void;
  /** out_errstring: errors are always sent. */
  outError(line: string): void;
  /**
   * Wait for `bytes` bytes, then call `onBody(buf, start, state)`. A plain
   * function and a state object, not a closure per request.
   */
  expectBody<T>(bytes: number, onBody: BodyHandler<T>, state: T): void;
  /** Discard the next `bytes` bytes of input. */
  swallow(bytes: number): void;
  /** Flush pending output and close the connection after it. */
  closeAfterWrite(): void;
  authenticated: boolean;
}
