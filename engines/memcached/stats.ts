// `stats` groups with the fields and order memcached 1.6 prints, so tools
// that scrape them (collectd, Prometheus exporters, CloudWatch-like
// dashboards) keep working. Values that have no meaning in-process (threads,
// hash table, slab mover) report memcached's idle defaults.

import type { Store } from './store.js';
import { SLAB_CLASS_SIZES, SLAB_PAGE_BYTES, slabClassOf } from './slabs.js';

export type StatValue = string | number;
export type StatList = Array<[string, StatValue]>;

export interface ServerInfo {
  version: string;
  port: number;
  host: string;
  startedAtMs: number;
  currConnections: number;
  totalConnections: number;
  rejectedConnections: number;
  bytesRead: number;
  bytesWritten: number;
  verbosity: number;
  sasl: boolean;
  flushEnabled: boolean;
  maxConnections: number;
  connections: Iterable<ConnectionInfo>;
}

export interface ConnectionInfo {
  id: number;
  remote: string;
  local: string;
  lastCommandAt: number;
  state: string;
}

export function generalStats(store: Store, info: ServerInfo): StatList {
  const now = Date.now();
  const c = store.counters;
  const usage = process.resourceUsage();
  const fmtSecs = (us: number) => (us / 1e6).toFixed(6);
  return [
    ['pid', process.pid],
    ['uptime', Math.floor((now - info.startedAtMs) / 1000) + 62],
    ['time', Math.floor(now / 1000)],
    ['version', info.version],
    ['libevent', '2.1.12-stable'],
    ['pointer_size', 64],
    ['rusage_user', fmtSecs(usage.userCPUTime)],
    ['rusage_system', fmtSecs(usage.systemCPUTime)],
    ['max_connections', info.maxConnections],
    ['curr_connections', info.currConnections],
    ['total_connections', info.totalConnections],
    ['rejected_connections', info.rejectedConnections],
    ['connection_structures', info.currConnections + 1],
    ['response_obj_oom', 0],
    ['response_obj_count', 1],
    ['response_obj_bytes', 16384],
    ['read_buf_count', 8],
    ['read_buf_bytes', 131072],
    ['read_buf_bytes_free', 0],
    ['read_buf_oom', 0],
    ['reserved_fds', 20],
    ['cmd_get', c.cmd_get],
    ['cmd_set', c.cmd_set],
    ['cmd_flush', c.cmd_flush],
    ['cmd_touch', c.cmd_touch],
    ['cmd_meta', c.cmd_meta],
    ['get_hits', c.get_hits],
    ['get_misses', c.get_misses],
    ['get_expired', c.get_expired],
    ['get_flushed', c.get_flushed],
    ['delete_misses', c.delete_misses],
    ['delete_hits', c.delete_hits],
    ['incr_misses', c.incr_misses],
    ['incr_hits', c.incr_hits],
    ['decr_misses', c.decr_misses],
    ['decr_hits', c.decr_hits],
    ['cas_misses', c.cas_misses],
    ['cas_hits', c.cas_hits],
    ['cas_badval', c.cas_badval],
    ['touch_hits', c.touch_hits],
    ['touch_misses', c.touch_misses],
    ['store_too_large', c.store_too_large],
    ['store_no_memory', c.store_no_memory],
    ['auth_cmds', c.auth_cmds],
    ['auth_errors', c.auth_errors],
    ['bytes_read', info.bytesRead],
    ['bytes_written', info.bytesWritten],
    ['limit_maxbytes', store.maxBytes],
    ['accepting_conns', 1],
    ['listen_disabled_num', 0],
    ['time_in_listen_disabled_us', 0],
    ['threads', 1],
    ['conn_yields', 0],
    ['hash_power_level', 16],
    ['hash_bytes', 524288],
    ['hash_is_expanding', 0],
    ['slab_reassign_rescues', 0],
    ['slab_reassign_chunk_rescues', 0],
    ['slab_reassign_evictions_nomem', 0],
    ['slab_reassign_inline_reclaim', 0],
    ['slab_reassign_busy_items', 0],
    ['slab_reassign_busy_deletes', 0],
    ['slab_reassign_running', 0],
    ['slabs_moved', 0],
    ['lru_crawler_running', 0],
    ['lru_crawler_starts', 1],
    ['lru_maintainer_juggles', 0],
    ['malloc_fails', 0],
    ['log_worker_dropped', 0],
    ['log_worker_written', 0],
    ['log_watcher_skipped', 0],
    ['log_watcher_sent', 0],
    ['log_watchers', 0],
    ['unexpected_napi_ids', 0],
    ['round_robin_fallback', 0],
    ['bytes', store.bytes],
    ['curr_items', store.items.size],
    ['total_items', c.total_items],
    ['slab_global_page_pool', 0],
    ['expired_unfetched', c.expired_unfetched],
    ['evicted_unfetched', c.evicted_unfetched],
    ['evicted_active', c.evicted_active],
    ['evictions', c.evictions],
    ['reclaimed', c.reclaimed],
    ['crawler_reclaimed', 0],
    ['crawler_items_checked', 0],
    ['lrutail_reflocked', 0],
    ['moves_to_cold', 0],
    ['moves_to_warm', 0],
    ['moves_within_lru', 0],
    ['direct_reclaims', 0],
    ['lru_bumps_dropped', 0],
  ];
}

export function settingsStats(store: Store, info: ServerInfo): StatList {
  return [
    ['maxbytes', store.maxBytes],
    ['maxconns', info.maxConnections],
    ['tcpport', info.port],
    ['udpport', 0],
    ['inter', info.host],
    ['verbosity', info.verbosity],
    ['oldest', 0],
    ['evictions', store.evictionsDisabled ? 'off' : 'on'],
    ['domain_socket', 'NULL'],
    ['umask', 700],
    ['shutdown_command', 'no'],
    ['growth_factor', '1.25'],
    ['chunk_size', 48],
    ['num_threads', 1],
    ['num_threads_per_udp', 1],
    ['stat_key_prefix', ':'],
    ['detail_enabled', 'no'],
    ['reqs_per_event', 20],
    ['cas_enabled', store.casEnabled ? 'yes' : 'no'],
    ['tcp_backlog', 1024],
    ['binding_protocol', info.sasl ? 'binary' : 'auto-negotiate'],
    ['auth_enabled_sasl', info.sasl ? 'yes' : 'no'],
    ['auth_enabled_ascii', 'no'],
    ['item_size_max', store.maxItemSize],
    ['maxconns_fast', 'yes'],
    ['hashpower_init', 0],
    ['slab_reassign', 'yes'],
    ['slab_automove', 1],
    ['slab_automove_ratio', '0.80'],
    ['slab_automove_window', 30],
    ['slab_chunk_max', 524288],
    ['lru_crawler', 'yes'],
    ['lru_crawler_sleep', 100],
    ['lru_crawler_tocrawl', 0],
    ['tail_repair_time', 0],
    ['flush_enabled', info.flushEnabled ? 'yes' : 'no'],
    ['dump_enabled', 'yes'],
    ['hash_algorithm', 'murmur3'],
    ['lru_maintainer_thread', 'yes'],
    ['lru_segmented', 'yes'],
    ['hot_lru_pct', 20],
    ['warm_lru_pct', 40],
    ['hot_max_factor', '0.20'],
    ['warm_max_factor', '2.00'],
    ['temp_lru', 'no'],
    ['temporary_ttl', 61],
    ['idle_timeout', 0],
    ['watcher_logbuf_size', 262144],
    ['worker_logbuf_size', 65536],
    ['read_buf_mem_limit', 0],
    ['track_sizes', 'no'],
    ['inline_ascii_response', 'no'],
    ['ssl_enabled', 'no'],
  ];
}

interface ClassSummary { count: number; bytes: number; oldestAtime: number }

function summarizeClasses(store: Store): Map<number, ClassSummary> {
  const byClass = new Map<number, ClassSummary>();
  for (const it of store.items.values()) {
    const size = it.size;
    const id = slabClassOf(size);
    let s = byClass.get(id);
    if (s === undefined) {
      s = { count: 0, bytes: 0, oldestAtime: it.atime };
      byClass.set(id, s);
    }
    s.count++;
    s.bytes += size;
    if (it.atime < s.oldestAtime) s.oldestAtime = it.atime;
  }
  return byClass;
}

export function itemsStats(store: Store): StatList {
  const now = Math.floor(Date.now() / 1000);
  const out: StatList = [];
  const classes = [...summarizeClasses(store).entries()].sort((a, b) => a[0] - b[0]);
  for (const [id, s] of classes) {
    const cc = store.classCountersById(id);
    const p = `items:${id}:`;
    out.push(
      [p + 'number', s.count], [p + 'number_hot', 0], [p + 'number_warm', 0], [p + 'number_cold', s.count],
      [p + 'age_hot', 0], [p + 'age_warm', 0], [p + 'age', now - s.oldestAtime],
      [p + 'mem_requested', s.bytes],
      [p + 'evicted', cc?.evicted ?? 0], [p + 'evicted_nonzero', cc?.evicted_nonzero ?? 0],
      [p + 'evicted_time', cc?.evicted_time ?? 0], [p + 'outofmemory', cc?.outofmemory ?? 0],
      [p + 'tailrepairs', 0], [p + 'reclaimed', cc?.reclaimed ?? 0],
      [p + 'expired_unfetched', cc?.expired_unfetched ?? 0], [p + 'evicted_unfetched', cc?.evicted_unfetched ?? 0],
      [p + 'evicted_active', 0], [p + 'crawler_reclaimed', 0], [p + 'crawler_items_checked', 0],
      [p + 'lrutail_reflocked', 0], [p + 'moves_to_cold', 0], [p + 'moves_to_warm', 0],
      [p + 'moves_within_lru', 0], [p + 'direct_reclaims', 0],
      [p + 'hits_to_hot', 0], [p + 'hits_to_warm', 0], [p + 'hits_to_cold', cc?.get_hits ?? 0], [p + 'hits_to_temp', 0],
    );
  }
  return out;
}

export function slabsStats(store: Store): StatList {
  const out: StatList = [];
  const classes = [...summarizeClasses(store).entries()].sort((a, b) => a[0] - b[0]);
  let totalMalloced = 0;
  for (const [id, s] of classes) {
    const chunk = SLAB_CLASS_SIZES[id];
    const perPage = Math.max(1, Math.floor(SLAB_PAGE_BYTES / chunk));
    const pages = Math.max(1, Math.ceil(s.count / perPage));
    const cc = store.classCountersById(id);
    totalMalloced += pages * SLAB_PAGE_BYTES;
    const p = `${id}:`;
    out.push(
      [p + 'chunk_size', chunk], [p + 'chunks_per_page', perPage], [p + 'total_pages', pages],
      [p + 'total_chunks', pages * perPage], [p + 'used_chunks', s.count],
      [p + 'free_chunks', pages * perPage - s.count], [p + 'free_chunks_end', 0],
      [p + 'get_hits', cc?.get_hits ?? 0], [p + 'cmd_set', cc?.cmd_set ?? 0],
      [p + 'delete_hits', cc?.delete_hits ?? 0], [p + 'incr_hits', cc?.incr_hits ?? 0],
      [p + 'decr_hits', cc?.decr_hits ?? 0], [p + 'cas_hits', cc?.cas_hits ?? 0],
      [p + 'cas_badval', cc?.cas_badval ?? 0], [p + 'touch_hits', cc?.touch_hits ?? 0],
    );
  }
  out.push(['active_slabs', classes.length], ['total_malloced', totalMalloced]);
  return out;
}

export function connsStats(info: ServerInfo): StatList {
  const now = Date.now();
  const out: StatList = [];
  for (const c of info.connections) {
    out.push(
      [`${c.id}:addr`, `tcp:${c.remote}`],
      [`${c.id}:listen_addr`, `tcp:${c.local}`],
      [`${c.id}:state`, c.state],
      [`${c.id}:secs_since_last_cmd`, Math.floor((now - c.lastCommandAt) / 1000)],
    );
  }
  return out;
}

/** Text protocol rendering: "STAT name value\r\n"... "END\r\n". */
export function renderStats(list: StatList): string {
  let s = '';
  for (const [k, v] of list) s += `STAT ${k} ${v}\r\n`;
  return s + 'END\r\n';
}
