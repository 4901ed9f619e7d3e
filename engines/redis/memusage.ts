/**
 * MEMORY USAGE (Redis object.c objectComputeSize + memoryCommand): what the
 * key would cost in redis-server 7.0 with jemalloc — robj, sds headers,
 * listpack/intset bytes, dict tables and entries, skiplist nodes — computed
 * from our value with the same sampling rule (the first `samples` nested
 * elements are measured and the average is extrapolated). This is an
 * estimate in Redis's terms, independent of `Entry.mem` (which drives
 * used_memory and eviction).
 */
import { typeInfo, type Entry } from './keyspace.js';
import { StrBuf, jemallocSize, sdsSize } from './types/strbuf.js';
import type { Server } from './server.js';
import type { ListValue } from './types/list.js';
import type { HashValue } from './types/hash.js';
import type { SetValue } from './types/set.js';
import type { ZsetValue } from './types/zset.js';
import { formatDouble17g } from './resp.js';

const ROBJ = 16, DICT = 56, DICT_ENTRY = 24, QUICKLIST = 40, QUICKLIST_NODE = 40, ZSET = 16, ZSKIPLIST = 32;
/** zmalloc_size of the skiplist header node (32 levels): jemalloc(32 + 32·16). */
const ZSL_HEADER = 640;
/** MEMORY USAGE walks at most this many list elements to find node boundaries. */
const WALK_LIMIT = 200_000;

export { jemallocSize, sdsSize };
/** Strings stored inside a robj+sdshdr8 allocation (embstr, ≤ 44 bytes). */
function embstrSize(len: number): number { return jemallocSize(ROBJ + 3 + len + 1); }

const INT_RE = /^(?:0|-?[1-9][0-9]{0,18})$/;
/** Bytes of one listpack entry (encoding byte(s) + data + backlen), like lpEncode*. */
export function lpEntrySize(s: string): number {
  let enc: number;
  const c0 = s.charCodeAt(0);
  if (s.length <= 20 && ((c0 >= 48 && c0 <= 57) || c0 === 45) && INT_RE.test(s) && (s.length < 16 || BigInt.asIntN(64, BigInt(s)) === BigInt(s))) {
    const v = Number(s);
    if (v >= 0 && v <= 127) enc = 1;
    else if (v >= -4096 && v <= 4095) enc = 2;
    else if (v >= -32768 && v <= 32767) enc = 3;
    else if (v >= -8388608 && v <= 8388607) enc = 4;
    else if (v >= -2147483648 && v <= 2147483647) enc = 5;
    else enc = 9;
  } else {
    const l = s.length;
    enc = (l < 64 ? 1 : l < 4096 ? 2 : 5) + l;
  }
  const back = enc < 128 ? 1 : enc < 16384 ? 2 : enc < 2097152 ? 3 : enc < 268435456 ? 4 : 5;
  return enc + back;
}
const LP_HEADER = 6, LP_END = 1;

/** d2string of a zset score as stored in a listpack (integers become int entries). */
function scoreString(d: number): string {
  if (Number.isInteger(d) && Math.abs(d) < 1e17) return String(d);
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  return formatDouble17g(d);
}

/** dictSlots after inserting n elements (tables double when full; never shrink here). */
function dictSlots(n: number): number {
  if (n === 0) return 0;
  let s = 4;
  while (s < n) s *= 2;
  return s;
}

/** zmalloc_size of a skiplist node of the most common height (level 1: 3 of 4 nodes); Redis's own heights are random. */
const ZSL_NODE = jemallocSize(24 + 16);

function valueSize(s: Server, e: Entry, samples: number): number {
  const enc = typeInfo(e.type)?.encoding(e) ?? '';
  switch (e.type) {
    case 'string': {
      const v = e.value;
      if (v instanceof StrBuf) return ROBJ + v.zsize; // grown in place: the sds allocation with its free space
      if (enc === 'int') return ROBJ;
      if (enc === 'embstr') return embstrSize((v as string).length);
      return ROBJ + sdsSize((v as string).length);
    }
    case 'list': {
      // quicklist of listpack nodes of at most list-max-listpack-size (default -2: 8 KiB)
      const l = e.value as ListValue;
      const fill = s.config.num('list-max-listpack-size');
      const maxBytes = fill < 0 ? 4096 * 2 ** Math.min(4, -fill - 1) : 8192; // SIZE_SAFETY_LIMIT with a count fill
      const maxCount = fill > 0 ? fill : Infinity;
      // Node boundaries are found by walking the elements (lengths only); the first `samples`
      // nodes are measured, like Redis. Very long lists: the node count past WALK_LIMIT elements is extrapolated.
      let nodes = 0, sampled = 0, bytes = LP_HEADER + LP_END, count = 0, elesize = 0, i = 0;
      const limit = Math.min(l.len, WALK_LIMIT);
      for (; i < limit; i++) {
        const v = l.get(i);
        // _quicklistNodeAllowInsert: node size + raw length + 8 (an overestimate) against the limit
        if (count > 0 && (bytes + v.length + 8 > maxBytes || count + 1 > maxCount)) {
          if (sampled < samples) { elesize += QUICKLIST_NODE + jemallocSize(bytes); sampled++; }
          nodes++;
          bytes = LP_HEADER + LP_END; count = 0;
        }
        bytes += lpEntrySize(v);
        count++;
      }
      if (count > 0) { if (sampled < samples) { elesize += QUICKLIST_NODE + jemallocSize(bytes); sampled++; } nodes++; }
      if (nodes === 0) return ROBJ + QUICKLIST;
      const totalNodes = i >= l.len ? nodes : Math.ceil((nodes * l.len) / i);
      return ROBJ + QUICKLIST + Math.trunc((elesize / sampled) * totalNodes);
    }
    case 'hash': {
      const h = e.value as HashValue;
      if (enc === 'listpack') {
        let bytes = LP_HEADER + LP_END;
        for (const [f, v] of h.map) bytes += lpEntrySize(f) + lpEntrySize(v);
        return ROBJ + jemallocSize(bytes);
      }
      let elesize = 0, n = 0;
      for (const [f, v] of h.map) { if (n >= samples) break; elesize += sdsSize(f.length) + sdsSize(v.length) + DICT_ENTRY; n++; }
      return ROBJ + DICT + 8 * dictSlots(h.map.size) + (n ? Math.trunc((elesize / n) * h.map.size) : 0);
    }
    case 'set': {
      const st = e.value as SetValue;
      if (enc === 'intset') {
        let width = 2;
        for (const m of st.set) {
          const v = Number(m);
          if (v < -2147483648 || v > 2147483647) { width = 8; break; }
          if (v < -32768 || v > 32767) width = 4;
        }
        return ROBJ + jemallocSize(8 + width * st.set.size);
      }
      let elesize = 0, n = 0;
      for (const m of st.set) { if (n >= samples) break; elesize += DICT_ENTRY + sdsSize(m.length); n++; }
      return ROBJ + DICT + 8 * dictSlots(st.set.size) + (n ? Math.trunc((elesize / n) * st.set.size) : 0);
    }
    case 'zset': {
      const z = e.value as ZsetValue;
      if (enc === 'listpack') {
        let bytes = LP_HEADER + LP_END;
        for (const it of z.zs.entries()) bytes += lpEntrySize(it.member) + lpEntrySize(scoreString(it.score));
        return ROBJ + jemallocSize(bytes);
      }
      let elesize = 0, n = 0;
      for (const it of z.zs.entries()) { if (n >= samples) break; elesize += sdsSize(it.member.length) + DICT_ENTRY + ZSL_NODE; n++; }
      return ROBJ + ZSET + ZSKIPLIST + DICT + 8 * dictSlots(z.size) + ZSL_HEADER + (n ? Math.trunc((elesize / n) * z.size) : 0);
    }
  }
  // types without a Redis-shaped estimate here (streams, …): our own accounting
  return Math.max(ROBJ, e.mem - e.key.length);
}

/** MEMORY USAGE key [SAMPLES n] (samples 0 = all): value + key sds + dictEntry. */
export function memoryUsage(s: Server, e: Entry, samples: number): number {
  return valueSize(s, e, samples) + sdsSize(e.key.length) + DICT_ENTRY;
}

/** getMemoryDoctorReport for what we can measure: an almost empty instance, or a past memory peak. */
export function memoryDoctor(used: number, peak: number): string {
  if (used < 1024 * 1024 * 5) {
    return 'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these conditions. ' +
      'Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n';
  }
  if (peak / used > 1.5) {
    return 'Sam, I detected a few issues in this Redis instance memory implants:\n\n' +
      ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n' +
      'I\'m here to keep you safe, Sam. I want to help you.\n';
  }
  return 'Hi Sam, I can\'t find any memory issue in your instance. I can only account for what occurs on this base.\n';
}
