// memcached 1.6's segmented LRU (items.c): lru_pull_tail and the LRU
// maintainer. New items enter HOT; the maintainer keeps HOT within 20% and
// WARM within 40% of a class's bytes (and drains items older than a factor
// of COLD's age), moving them to COLD; items fetched twice (ACTIVE) move to
// WARM instead, so a working set survives a scan. Stores evict from the COLD
// tail of their class.

import { ITEM_ACTIVE, ITEM_FETCHED, Lru, lruId } from './items.js';
import { LARGEST_SLAB_CLASS } from './slabs.js';
import { nowSeconds, refreshClock, type Store } from './store.js';

export const PULL_EVICT = 1;
const HOT_LRU_PCT = 20;
const WARM_LRU_PCT = 40;
const HOT_MAX_FACTOR = 0.2;
const WARM_MAX_FACTOR = 2.0;
/** Items juggled per class per maintainer pass (memcached: 500). */
const JUGGLES_PER_RUN = 500;
/** How soon the maintainer runs again after it moved items, and when idle (memcached backs off to 1 s). */
const BUSY_DELAY_MS = 1;
const IDLE_DELAY_MS = 1000;

/**
 * lru_pull_tail: look at up to 5 items from the tail of one segment.
 * Expired/flushed items are reclaimed on the way; the first live one is
 * moved (HOT/WARM: to WARM if active, to COLD if the segment is over its
 * limit or the item over `maxAge`; COLD: to WARM if active) or evicted
 * (COLD with PULL_EVICT). Returns how many items were removed or moved.
 */
export function pullTail(store: Store, cls: number, cur: Lru, totalBytes: number, flags: number, maxAge: number): number {
  const t = store.table;
  const id = lruId(cls, cur);
  const now = nowSeconds();
  const cc = store.classCountersFor(cls);
  let removed = 0;
  let search = store.tails[id];
  for (let tries = 5; tries > 0 && search >= 0; tries--) {
    const next = t.prev[search];
    if (search === store.busy) {
      // Referenced by the command in progress; memcached walks past it too.
      cc.lrutail_reflocked++;
      search = next;
      continue;
    }
    const meta = t.meta[search];
    const exptime = t.exptime[search];
    if ((exptime !== 0 && exptime < now) || store.isFlushed(search, now)) {
      cc.reclaimed++;
      if ((meta & ITEM_FETCHED) === 0) cc.expired_unfetched++;
      store.unlink(search);
      removed++;
      search = next;
      continue;
    }
    if (cur === Lru.Cold) {
      if ((flags & PULL_EVICT) !== 0) {
        if (store.evictionsDisabled) break;
        cc.evicted++;
        cc.evicted_time = now - t.atime[search];
        if (exptime !== 0) cc.evicted_nonzero++;
        if ((meta & ITEM_FETCHED) === 0) cc.evicted_unfetched++;
        if ((meta & ITEM_ACTIVE) !== 0) cc.evicted_active++;
        store.unlink(search);
        removed++;
      } else if ((meta & ITEM_ACTIVE) !== 0) {
        cc.moves_to_warm++;
        t.meta[search] = meta & ~ITEM_ACTIVE;
        store.listRemove(search);
        store.listPush(search, Lru.Warm);
        removed++;
      }
      break;
    }
    // HOT or WARM. (memcached's HOT limit falls back to WARM's when it rounds to 0.)
    let limit = cur === Lru.Hot ? Math.floor((totalBytes * HOT_LRU_PCT) / 100) : 0;
    if (limit === 0) limit = Math.floor((totalBytes * WARM_LRU_PCT) / 100);
    if ((meta & ITEM_ACTIVE) !== 0) {
      t.meta[search] = meta & ~ITEM_ACTIVE;
      removed++;
      if (cur === Lru.Warm) cc.moves_within_lru++;
      else cc.moves_to_warm++;
      store.listRemove(search);
      store.listPush(search, Lru.Warm);
    } else if (store.lruBytes[id] > limit || now - t.atime[search] > maxAge) {
      cc.moves_to_cold++;
      store.listRemove(search);
      store.listPush(search, Lru.Cold);
      removed++;
    }
    break;
  }
  return removed;
}

/** lru_maintainer_juggle for one class: returns how many rounds moved something. */
export function juggle(store: Store, cls: number): number {
  const hot = lruId(cls, Lru.Hot);
  const warm = lruId(cls, Lru.Warm);
  const cold = lruId(cls, Lru.Cold);
  const coldTail = store.tails[cold];
  const coldAge = coldTail >= 0 ? nowSeconds() - store.table.atime[coldTail] : 0;
  const hotAge = Math.floor(coldAge * HOT_MAX_FACTOR);
  const warmAge = Math.floor(coldAge * WARM_MAX_FACTOR);
  const total = store.lruBytes[hot] + store.lruBytes[warm] + store.lruBytes[cold];
  let did = 0;
  for (let i = 0; i < JUGGLES_PER_RUN; i++) {
    let more = 0;
    if (pullTail(store, cls, Lru.Hot, total, 0, hotAge) || pullTail(store, cls, Lru.Warm, total, 0, warmAge)) more++;
    more += pullTail(store, cls, Lru.Cold, total, 0, 0);
    if (more === 0) break;
    did++;
  }
  return did;
}

/** Crawl every LRU at least once an hour (MAX_MAINTCRAWL_WAIT). */
const MAX_CRAWL_WAIT = 60 * 60;

/**
 * The LRU crawler's auto-expire runs, scheduled like
 * lru_maintainer_crawler_check: every LRU is crawled at start, then again
 * 60 s (+5) later, waiting 60 s longer each time the last crawl saw nothing
 * about to expire (up to an hour) and less when at least 1% of its items
 * with a TTL expire within the wait. A crawl reclaims expired and flushed
 * items (crawler_reclaimed) and counts what it checked.
 */
export class LruCrawler {
  private readonly nextCrawl = new Int32Array(64 * 4);
  private readonly wait = new Int32Array(64 * 4);
  private lastCheck = 0;

  constructor(private readonly store: Store, now: number) {
    // The crawl memcached starts right away finds every LRU empty.
    store.counters.lru_crawler_starts++;
    this.wait.fill(60);
    this.nextCrawl.fill(now + 60 + 5);
  }

  /** At most once a second: crawl the LRUs that are due. */
  check(now: number): void {
    if (now === this.lastCheck) return;
    this.lastCheck = now;
    let started = false;
    for (let cls = 1; cls <= LARGEST_SLAB_CLASS; cls++) {
      for (let lru = Lru.Hot; lru <= Lru.Cold; lru++) {
        const id = lruId(cls, lru);
        if (now <= this.nextCrawl[id]) continue;
        started = true;
        this.crawl(cls, lru, id, now);
      }
    }
    if (started) this.store.counters.lru_crawler_starts++;
  }

  private crawl(cls: number, lru: Lru, id: number, now: number): void {
    const store = this.store;
    const t = store.table;
    const cc = store.classCountersFor(cls);
    const histo = new Int32Array(61);
    let seen = 0;
    let noexp = 0;
    // From the tail up, like the crawler item memcached walks through the list.
    for (let it = store.tails[id]; it >= 0;) {
      const up = t.prev[it];
      cc.crawler_items_checked++;
      const exptime = t.exptime[it];
      const flushed = store.isFlushed(it, now);
      if ((exptime !== 0 && exptime < now) || flushed) {
        cc.crawler_reclaimed++;
        if ((t.meta[it] & ITEM_FETCHED) === 0 && !flushed) cc.expired_unfetched++;
        store.unlink(it);
      } else {
        seen++;
        if (exptime === 0) noexp++;
        else if (exptime - now <= 3599) histo[Math.floor((exptime - now) / 60)]++;
      }
      it = up;
    }
    // Crawl again sooner when enough items are about to expire.
    const lowWatermark = Math.floor((seen - noexp) / 100) + 1;
    let available = 0;
    let wait = this.wait[id];
    for (let x = 0; x < 60; x++) {
      available += histo[x];
      if (available > lowWatermark) {
        if (wait < x * 60) wait += 60;
        else if (wait >= 60) wait -= 60;
        break;
      }
    }
    if (available === 0) wait += 60;
    this.wait[id] = Math.min(wait, MAX_CRAWL_WAIT);
    this.nextCrawl[id] = now + this.wait[id] + 5;
  }
}

/**
 * The LRU maintainer "thread": a timer that juggles every class with items,
 * again within a millisecond while it finds work and once a second while
 * the store holds items (HOT and WARM items age out to COLD, the crawler
 * runs on its schedule), idle when the store is empty.
 */
export class LruMaintainer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly crawler: LruCrawler;

  constructor(private readonly store: Store) {
    this.crawler = new LruCrawler(store, nowSeconds());
  }

  /** Something changed (an item was linked): make sure a run is scheduled. */
  wake(): void {
    if (this.timer === null && !this.stopped) this.schedule(BUSY_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One maintainer pass over every class (also callable directly). */
  run(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const store = this.store;
    const now = refreshClock();
    store.counters.lru_maintainer_juggles++;
    let moved = 0;
    for (let cls = 1; cls <= LARGEST_SLAB_CLASS; cls++) {
      const hot = store.lruItems[lruId(cls, Lru.Hot)];
      const warm = store.lruItems[lruId(cls, Lru.Warm)];
      if (hot + warm + store.lruItems[lruId(cls, Lru.Cold)] === 0) continue;
      moved += juggle(store, cls);
    }
    this.crawler.check(now);
    if (moved > 0) this.schedule(BUSY_DELAY_MS);
    else if (store.count > 0) this.schedule(IDLE_DELAY_MS);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.run(), ms);
    this.timer.unref();
  }
}
