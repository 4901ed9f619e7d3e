// Admin and introspection commands of the text protocol: stats groups,
// cachedump, flush_all, verbosity, and ElastiCache's `config get cluster`.

import * as E from './errors.js';
import type { ReplySink } from './context.js';
import { safeStrtol, safeStrtoul } from './numbers.js';
import { Lru, nowSeconds } from './store.js';
import { renderStats } from './stats.js';
import { configGetClusterReply } from './discovery.js';

/** set_noreply_maybe: a trailing "noreply" token silences the reply. */
export function setNoreplyMaybe(conn: ReplySink, tokens: string[], ntokens: number): boolean {
  if (tokens[ntokens - 2] === 'noreply') conn.noreply = true;
  return conn.noreply;
}

export function processFlushAll(conn: ReplySink, tokens: string[], ntokens: number): void {
  setNoreplyMaybe(conn, tokens, ntokens);
  const store = conn.node.store;
  store.counters.cmd_flush++;
  if (conn.node.flushDisabled) return conn.outString(E.CLIENT_ERROR_FLUSH_NOT_ALLOWED);
  let delay = 0;
  if (ntokens !== (conn.noreply ? 3 : 2)) {
    const d = safeStrtol(tokens[1]);
    if (d === null) return conn.outString(E.CLIENT_ERROR_INVALID_EXPTIME);
    delay = d;
  }
  store.flush(delay, nowSeconds());
  conn.outString('OK');
}

export function processVerbosity(conn: ReplySink, tokens: string[], ntokens: number): void {
  setNoreplyMaybe(conn, tokens, ntokens);
  const level = safeStrtoul(tokens[1]);
  if (level === null) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  conn.node.verbosity = Math.min(level, 2);
  conn.outString('OK');
}

export function processStats(conn: ReplySink, tokens: string[], ntokens: number): void {
  const node = conn.node;
  if (ntokens === 2) return conn.writeText(renderStats(node.statsGroup('') ?? []));
  const sub = tokens[1];
  switch (sub) {
    case 'reset':
      node.resetStats();
      return conn.outString('RESET');
    case 'detail': {
      const arg = ntokens < 4 ? '' : tokens[2];
      if (arg === 'on' || arg === 'off') return conn.outString('OK');
      if (arg === 'dump') return conn.writeText('END\r\n');
      return conn.outString(E.CLIENT_ERROR_STATS_DETAIL_USAGE);
    }
    case 'cachedump':
      return processCachedump(conn, tokens, ntokens);
    default: {
      const group = node.statsGroup(sub);
      if (group === null) return conn.outString(E.ERROR);
      return conn.writeText(renderStats(group));
    }
  }
}

export function processCachedump(conn: ReplySink, tokens: string[], ntokens: number): void {
  if (ntokens < 5) return conn.outString(E.CLIENT_ERROR_BAD_COMMAND_LINE);
  const id = safeStrtoul(tokens[2]);
  const limit = id === null ? null : safeStrtoul(tokens[3]);
  if (id === null || limit === null) return conn.outString(E.CLIENT_ERROR_BAD_FORMAT);
  if (id >= 64) return conn.outString(E.CLIENT_ERROR_ILLEGAL_SLAB_ID);
  const store = conn.node.store;
  let out = '';
  let n = 0;
  // memcached walks heads[id] from the most recently used end: the HOT
  // segment of the class only.
  for (const it of store.lruOrder(id, Lru.Hot)) {
    if (limit !== 0 && n >= limit) break;
    out += `ITEM ${store.keyOf(it)} [${store.valueOf(it).length} b; ${store.exptimeOf(it)} s]\r\n`;
    n++;
  }
  conn.writeText(out + 'END\r\n');
}

export /** ElastiCache's `config get cluster` (Auto Discovery). */
function processConfig(conn: ReplySink, tokens: string[]): void {
  const cfg = conn.node.clusterConfig;
  if (tokens[1] === 'get' && tokens[2] === 'cluster' && tokens.length === 3 && cfg !== null) {
    return conn.writeText(configGetClusterReply(cfg));
  }
  conn.outString(E.ERROR);
}
