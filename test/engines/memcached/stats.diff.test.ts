// Differential: after the same workload on fresh servers, the counters that
// monitoring tools read, item byte accounting and slab class layout match
// the real memcached.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_MEMCACHED, RawClient, startOurs, startRealMemcached, textStep, type RealMemcached } from './harness.js';
import type { MemcachedServer } from '../../../engines/memcached/index.js';

const COUNTERS = [
  'cmd_get', 'cmd_set', 'cmd_touch', 'get_hits', 'get_misses', 'get_expired',
  'delete_misses', 'delete_hits', 'incr_misses', 'incr_hits', 'decr_misses', 'decr_hits',
  'cas_misses', 'cas_hits', 'cas_badval', 'touch_hits', 'touch_misses', 'store_too_large',
  'curr_items', 'total_items', 'bytes', 'limit_maxbytes', 'evictions', 'curr_connections',
  'threads', 'version', 'pointer_size',
];

function workload(): string[] {
  const steps: string[] = [];
  for (let i = 0; i < 200; i++) {
    const size = (i * 37) % 3000;
    steps.push(`set key:${i} ${i % 3} 0 ${size}\r\n${'v'.repeat(size)}\r\n`);
  }
  for (let i = 0; i < 50; i++) steps.push(`get key:${i} key:${i + 1000}\r\n`);
  steps.push('gets key:1 key:2\r\n', 'gat 100 key:3 nokey\r\n', 'touch key:4 100\r\n', 'touch nokey 1\r\n');
  steps.push('delete key:5\r\n', 'delete key:5\r\n', 'set n 0 0 2\r\n10\r\n', 'incr n 5\r\n', 'decr n 1\r\n', 'incr nokey 1\r\n', 'decr nokey 1\r\n');
  steps.push('cas key:6 0 0 1 1\r\nx\r\n', 'cas nokey 0 0 1 1\r\nx\r\n', 'append key:7 0 0 3\r\nabc\r\n', 'prepend key:8 0 0 3\r\nabc\r\n');
  // One step: between two steps the LRU maintainer may already reclaim the expired item.
  steps.push('set neg 0 -1 1\r\nx\r\nget neg\r\n', 'set big 0 0 2000000\r\n' + 'x'.repeat(2000000) + '\r\n');
  steps.push('mg key:9 v\r\n', 'mg nokey v\r\n', 'ms m 3 T0\r\nabc\r\n', 'md key:10\r\n', 'ma n\r\n', 'mg key:11 T30\r\n');
  return steps;
}

function parseStats(s: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of s.split('\r\n')) {
    const x = /^STAT (\S+) (.*)$/.exec(line);
    if (x) m.set(x[1], x[2]);
  }
  return m;
}

describe.skipIf(!HAVE_MEMCACHED)('stats vs memcached', () => {
  let real: RealMemcached;
  let ours: MemcachedServer;
  const results: Array<{ general: Map<string, string>; items: Map<string, string>; slabs: Map<string, string>; settings: Map<string, string> }> = [];

  beforeAll(async () => {
    real = await startRealMemcached(['-m', '64']);
    ours = await startOurs();
    for (const port of [real.port, ours.port]) {
      const c = await RawClient.connect(port);
      try {
        for (const st of workload()) await textStep(c, st);
        results.push({
          general: parseStats(await textStep(c, 'stats\r\n')),
          items: parseStats(await textStep(c, 'stats items\r\n')),
          slabs: parseStats(await textStep(c, 'stats slabs\r\n')),
          settings: parseStats(await textStep(c, 'stats settings\r\n')),
        });
      } finally {
        c.close();
      }
    }
  }, 60_000);
  afterAll(async () => {
    await real?.stop();
    await ours?.close();
  });

  it('general stats list the same fields in the same order', () => {
    expect([...results[1].general.keys()]).toEqual([...results[0].general.keys()]);
  });

  for (const k of COUNTERS) {
    it(`counter ${k}`, () => {
      expect(results[1].general.get(k), k).toBe(results[0].general.get(k));
    });
  }

  it('stats items: per slab class item counts and requested memory', () => {
    const pick = (m: Map<string, string>) =>
      [...m.entries()].filter(([k]) => /^items:\d+:(number|mem_requested)$/.test(k));
    expect(pick(results[1].items)).toEqual(pick(results[0].items));
  });

  it('stats slabs: chunk sizes, pages, chunks per page and used chunks per class', () => {
    const pick = (m: Map<string, string>) =>
      [...m.entries()].filter(([k]) => /^(\d+:(chunk_size|chunks_per_page|total_pages|total_chunks|used_chunks|free_chunks|cmd_set|get_hits)|active_slabs|total_malloced)$/.test(k));
    expect(pick(results[1].slabs)).toEqual(pick(results[0].slabs));
  });

  it('stats settings: the same field names and the values clients read', () => {
    const ourKeys = [...results[1].settings.keys()];
    for (const k of ourKeys) expect(results[0].settings.has(k), k).toBe(true);
    for (const k of ['maxbytes', 'maxconns', 'item_size_max', 'cas_enabled', 'evictions', 'growth_factor', 'chunk_size', 'binding_protocol']) {
      expect(results[1].settings.get(k), k).toBe(results[0].settings.get(k));
    }
  });
});
