// `stats` groups with the fields and order memcached 1.6 prints, so tools
// that scrape them (collectd, Prometheus exporters, CloudWatch-like
// dashboards) keep working. Values that have no meaning in-process (threads,
// hash table, slab mover) report memcached's idle defaults.

import type { Store } from './store.js';
import { nowSeconds } from './store.js';
import { Lru, lruId } from './items.js';
import { SLAB_CLASS_SIZES, chunksPerPage } from './slabs.js';

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
    ['lru_crawler_starts', c.lru_crawler_starts],
    ['lru_maintainer_juggles', c.lru_maintainer_juggles],
    ['malloc_fails', 0],
    ['log_worker_dropped', 0],
    ['log_worker_written', 0],
    ['log_watcher_skipped', 0],
    ['log_watcher_sent', 0],
    ['log_watchers', 0],
    ['unexpected_napi_ids', 0],
    ['round_robin_fallback', 0],
    ['bytes', store.bytes],
    ['curr_items', store.count],
    ['total_items', c.total_items],
    ['slab_global_page_pool', 0],
    ['expired_unfetched', store.classTotal('expired_unfetched')],
    ['evicted_unfetched', store.classTotal('evicted_unfetched')],
    ['evicted_active', store.classTotal('evicted_active')],
    ['evictions', store.classTotal('evicted')],
    ['reclaimed', store.classTotal('reclaimed')],
    ['crawler_reclaimed', store.classTotal('crawler_reclaimed')],
    ['crawler_items_checked', store.classTotal('crawler_items_checked')],
    ['lrutail_reflocked', store.classTotal('lrutail_reflocked')],
    ['moves_to_cold', store.classTotal('moves_to_cold')],
    ['moves_to_warm', store.classTotal('moves_to_warm')],
    ['moves_within_lru', store.classTotal('moves_within_lru')],
    ['direct_reclaims', store.classTotal('direct_reclaims')],
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

/** Classes holding items, in id order. */
function classesWithItems(store: Store): number[] {
  const out: number[] = [];
  for (let id = 1; id < SLAB_CLASS_SIZES.length; id++) {
    if (store.lruItems[lruId(id, Lru.Hot)] + store.lruItems[lruId(id, Lru.Warm)] + store.lruItems[lruId(id, Lru.Cold)] > 0) out.push(id);
  }
  return out;
}

export function itemsStats(store: Store): StatList {
  const now = nowSeconds();
  const out: StatList = [];
  const tailAge = (id: number, lru: Lru) => {
    const tail = store.tails[lruId(id, lru)];
    return tail < 0 ? 0 : now - store.atimeOf(tail);
  };
  for (const id of classesWithItems(store)) {
    const cc = store.classCountersById(id);
    const n = (lru: Lru) => store.lruItems[lruId(id, lru)];
    const p = `items:${id}:`;
    out.push(
      [p + 'number', n(Lru.Hot) + n(Lru.Warm) + n(Lru.Cold)],
      [p + 'number_hot', n(Lru.Hot)], [p + 'number_warm', n(Lru.Warm)], [p + 'number_cold', n(Lru.Cold)],
      [p + 'age_hot', tailAge(id, Lru.Hot)], [p + 'age_warm', tailAge(id, Lru.Warm)], [p + 'age', tailAge(id, Lru.Cold)],
      [p + 'mem_requested', store.lruBytes[lruId(id, Lru.Hot)] + store.lruBytes[lruId(id, Lru.Warm)] + store.lruBytes[lruId(id, Lru.Cold)]],
      [p + 'evicted', cc?.evicted ?? 0], [p + 'evicted_nonzero', cc?.evicted_nonzero ?? 0],
      [p + 'evicted_time', cc?.evicted_time ?? 0], [p + 'outofmemory', cc?.outofmemory ?? 0],
      [p + 'tailrepairs', 0], [p + 'reclaimed', cc?.reclaimed ?? 0],
      [p + 'expired_unfetched', cc?.expired_unfetched ?? 0], [p + 'evicted_unfetched', cc?.evicted_unfetched ?? 0],
      [p + 'evicted_active', cc?.evicted_active ?? 0], [p + 'crawler_reclaimed', cc?.crawler_reclaimed ?? 0], [p + 'crawler_items_checked', cc?.crawler_items_checked ?? 0],
      [p + 'lrutail_reflocked', cc?.lrutail_reflocked ?? 0], [p + 'moves_to_cold', cc?.moves_to_cold ?? 0],
      [p + 'moves_to_warm', cc?.moves_to_warm ?? 0], [p + 'moves_within_lru', cc?.moves_within_lru ?? 0],
      [p + 'direct_reclaims', cc?.direct_reclaims ?? 0],
      [p + 'hits_to_hot', cc?.hits_to_hot ?? 0], [p + 'hits_to_warm', cc?.hits_to_warm ?? 0],
      [p + 'hits_to_cold', cc?.hits_to_cold ?? 0], [p + 'hits_to_temp', 0],
    );
  }
  return out;
}

export function slabsStats(store: Store): StatList {
  const out: StatList = [];
  let active = 0;
  for (let id = 1; id < SLAB_CLASS_SIZES.length; id++) {
    const pages = store.pages[id];
    if (pages === 0) continue;
    active++;
    const perPage = chunksPerPage(id);
    const used = store.usedChunks[id];
    const cc = store.classCountersById(id);
    const p = `${id}:`;
    out.push(
      [p + 'chunk_size', SLAB_CLASS_SIZES[id]], [p + 'chunks_per_page', perPage], [p + 'total_pages', pages],
      [p + 'total_chunks', pages * perPage], [p + 'used_chunks', used],
      [p + 'free_chunks', pages * perPage - used], [p + 'free_chunks_end', 0],
      [p + 'get_hits', cc?.get_hits ?? 0], [p + 'cmd_set', cc?.cmd_set ?? 0],
      [p + 'delete_hits', cc?.delete_hits ?? 0], [p + 'incr_hits', cc?.incr_hits ?? 0],
      [p + 'decr_hits', cc?.decr_hits ?? 0], [p + 'cas_hits', cc?.cas_hits ?? 0],
      [p + 'cas_badval', cc?.cas_badval ?? 0], [p + 'touch_hits', cc?.touch_hits ?? 0],
    );
  }
  out.push(['active_slabs', active], ['total_malloced', store.mallocedBytes]);
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
