/**
 * Lazy free accounting (Redis lazyfree.c). Redis hands a deleted value to a
 * background thread when the deletion is asynchronous (UNLINK, FLUSHALL/FLUSHDB
 * ASYNC, the lazyfree-lazy-* configs) and the value's free effort exceeds
 * LAZYFREE_THRESHOLD; INFO memory shows `lazyfree_pending_objects` until the
 * thread is done and `lazyfreed_objects` counts them. Here the value is handed to
 * the garbage collector in every case; the same rules decide what is counted, and
 * the "background free" completes on the next event-loop turn (Keyspace.lazyfreeQueue).
 */
import type { Entry } from './keyspace.js';
import type { Server } from './server.js';
import type { ListValue } from './types/list.js';
import type { SetValue } from './types/set.js';
import type { HashValue } from './types/hash.js';
import type { ZsetValue } from './types/zset.js';
import type { StreamValue } from './types/stream.js';
import { lpEntrySize } from './memusage.js';

export const LAZYFREE_THRESHOLD = 64;

/**
 * lazyfreeGetFreeEffort: quicklist nodes of a list, elements of a hashtable set/hash or a
 * skiplist zset, radix-tree nodes plus consumer groups × (1 + first group's PEL) of a
 * stream, 1 for everything else. Counting stops once past the threshold (only that matters).
 */
export function freeEffort(s: Server, e: Entry): number {
  const v = e.value;
  switch (e.type) {
    case 'list': return quicklistNodes(s, v as ListValue, LAZYFREE_THRESHOLD + 1);
    case 'set': return (v as SetValue).enc === 'hashtable' ? (v as SetValue).set.size : 1;
    case 'hash': return (v as HashValue).enc === 'hashtable' ? (v as HashValue).map.size : 1;
    case 'zset': return (v as ZsetValue).enc === 'skiplist' ? (v as ZsetValue).size : 1;
    case 'stream': {
      const st = v as StreamValue;
      let effort = st.raxNodes();
      if (st.groups.size > 0) effort += st.groups.size * (1 + st.sortedGroups()[0].pel.size);
      return effort;
    }
  }
  return 1;
}

/**
 * The temporary result set of SUNION/SDIFF (and of SPOP with a count covering the set),
 * which Redis frees with freeObjAsync under lazyfree-lazy-server-del: counted when it is a
 * hashtable of more than 64 members. `hashtable`: the encoding setTypeAdd would have given it.
 */
export function freeTempSetAsync(s: Server, size: number, hashtable: boolean): void {
  if (s.ks.lazyServerDel && hashtable && size > LAZYFREE_THRESHOLD) s.ks.lazyfreeQueue(1);
}

/**
 * ql->len: the list packed into listpack nodes as quicklist does on push
 * (_quicklistNodeAllowInsert with list-max-listpack-size; 8 KiB safety limit),
 * up to `stopAt` nodes.
 */
function quicklistNodes(s: Server, l: ListValue, stopAt: number): number {
  if (l.len === 0) return 0;
  const fill = s.config.num('list-max-listpack-size');
  const maxBytes = fill < 0 ? 4096 * 2 ** Math.min(4, -fill - 1) : 8192;
  const maxCount = fill > 0 ? fill : Infinity;
  const EMPTY_LP = 7; // listpack header + end byte
  let nodes = 1, bytes = EMPTY_LP, count = 0;
  for (let i = 0; i < l.len; i++) {
    const x = l.get(i);
    if (count > 0 && (bytes + x.length + 8 > maxBytes || count + 1 > maxCount)) {
      if (++nodes >= stopAt) return nodes;
      bytes = EMPTY_LP; count = 0;
    }
    bytes += lpEntrySize(x);
    count++;
  }
  return nodes;
}
