// The counters `stats`, `stats items` and `stats slabs` report: node-wide
// ones, and per slab class ones (memcached's itemstats and slab_stats).

export class StoreCounters {
  cmd_get = 0; cmd_set = 0; cmd_flush = 0; cmd_touch = 0; cmd_meta = 0;
  get_hits = 0; get_misses = 0; get_expired = 0; get_flushed = 0;
  delete_misses = 0; delete_hits = 0;
  incr_misses = 0; incr_hits = 0; decr_misses = 0; decr_hits = 0;
  cas_misses = 0; cas_hits = 0; cas_badval = 0;
  touch_hits = 0; touch_misses = 0;
  store_too_large = 0; store_no_memory = 0;
  auth_cmds = 0; auth_errors = 0;
  total_items = 0;
  lru_maintainer_juggles = 0;
  lru_crawler_starts = 0;
}

/** Per slab class counters reported by `stats slabs` / `stats items`. */
export class ClassCounters {
  get_hits = 0; cmd_set = 0; delete_hits = 0; incr_hits = 0; decr_hits = 0;
  cas_hits = 0; cas_badval = 0; touch_hits = 0;
  evicted = 0; evicted_nonzero = 0; evicted_time = 0; outofmemory = 0;
  reclaimed = 0; expired_unfetched = 0; evicted_unfetched = 0; evicted_active = 0;
  lrutail_reflocked = 0; moves_to_cold = 0; moves_to_warm = 0; moves_within_lru = 0;
  direct_reclaims = 0; hits_to_hot = 0; hits_to_warm = 0; hits_to_cold = 0;
  crawler_reclaimed = 0; crawler_items_checked = 0;
}

/** Counters summed over classes for the general `stats`. */
export const CLASS_TOTALS = [
  'expired_unfetched', 'evicted_unfetched', 'evicted_active', 'evicted', 'reclaimed', 'lrutail_reflocked',
  'moves_to_cold', 'moves_to_warm', 'moves_within_lru', 'direct_reclaims', 'crawler_reclaimed', 'crawler_items_checked',
] as const;
