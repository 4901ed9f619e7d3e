/**
 * Latency monitor (Redis latency.c) and per-command latency histograms
 * (Redis 7 `latency-tracking`: an HDR histogram per command, 1 ns..1 s, 2
 * significant digits, read by LATENCY HISTOGRAM and INFO latencystats).
 *
 * Events are recorded when `latency-monitor-threshold` is non-zero and a
 * measured duration reaches it: `command` / `fast-command` (server.call),
 * `expire-cycle` (active expiry in the cron), `eviction-cycle` (evictions
 * before a command). Each event keeps the last 160 one-second samples.
 */
import fs from 'node:fs';
import type { Server } from './server.js';
import type { Command } from './commands/table.js';

const LATENCY_TS_LEN = 160;

// ---- HDR histogram (hdr_histogram.c with lowest 1, highest 1e9, 2 significant figures) ----

const SUB_HALF_MAG = 7, SUB_HALF = 128, SUB_MASK = 255;
const HIST_MIN = 1, HIST_MAX = 1_000_000_000;
const COUNTS_LEN = 24 * SUB_HALF; // (buckets needed to cover 1e9 = 23) + 1, times half a sub-bucket

function bucketIndex(v: number): number { return 31 - Math.clz32(v | SUB_MASK) - SUB_HALF_MAG; }
function countsIndex(v: number): number {
  const b = bucketIndex(v);
  return ((b + 1) << SUB_HALF_MAG) + (v >>> b) - SUB_HALF;
}
function valueAtIndex(i: number): number {
  let b = (i >> SUB_HALF_MAG) - 1, sub = (i & (SUB_HALF - 1)) + SUB_HALF;
  if (b < 0) { sub -= SUB_HALF; b = 0; }
  return sub * 2 ** b;
}
function lowestEquivalent(v: number): number { const b = bucketIndex(v); return Math.floor(v / 2 ** b) * 2 ** b; }
function highestEquivalent(v: number): number { return lowestEquivalent(v) + 2 ** bucketIndex(v) - 1; }

export class LatencyHistogram {
  readonly counts = new Uint32Array(COUNTS_LEN);
  total = 0;

  /** updateCommandLatencyHistogram: a duration in nanoseconds, clamped to [1 ns, 1 s]. */
  record(ns: number): void {
    const v = ns < HIST_MIN ? HIST_MIN : ns > HIST_MAX ? HIST_MAX : ns;
    this.counts[countsIndex(v)]++;
    this.total++;
  }

  /** hdr_value_at_percentile (ns). */
  valueAtPercentile(p: number): number {
    const req = p < 100 ? p : 100;
    let at = Math.trunc((req / 100) * this.total + 0.5);
    if (at < 1) at = 1;
    let sum = 0;
    for (let i = 0; i < COUNTS_LEN; i++) {
      sum += this.counts[i];
      if (sum >= at) {
        const v = valueAtIndex(i);
        return p === 0 ? lowestEquivalent(v) : highestEquivalent(v);
      }
    }
    return 0;
  }

  /**
   * fillCommandCDF: hdr_iter_log (first bucket 1024 ns, base 2) pairs of
   * [highest equivalent value in µs, cumulative count], only where the count grew.
   */
  cdf(): number[] {
    const out: number[] = [];
    let cum = 0, prev = 0, idx = 0;
    for (let level = 1024; cum < this.total; level *= 2) {
      const last = Math.min(countsIndex(Math.min(level, HIST_MAX * 2)), COUNTS_LEN - 1);
      while (idx <= last) cum += this.counts[idx++];
      if (cum > prev) out.push(Math.floor(highestEquivalent(level) / 1000), cum);
      prev = cum;
      if (level > HIST_MAX) break;
    }
    return out;
  }
}

/** Hot path (server.call): one histogram per command, created on first use. */
export function recordCommandLatency(cmd: Command, usec: number): void {
  let h = cmd.latencyHist;
  if (h === null) h = cmd.latencyHist = new LatencyHistogram();
  h.record(usec * 1000);
}

/** CONFIG RESETSTAT drops every histogram (resetCommandTableStats). */
export function resetCommandHistograms(cmds: Iterable<Command>): void {
  for (const c of cmds) {
    c.latencyHist = null;
    if (c.subcommands) resetCommandHistograms(c.subcommands.values());
  }
}

/** "%f" then trimDoubleString: 50 → "50", 99.9 → "99.9". */
function fmtPercentile(p: number): string {
  let s = p.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** INFO latencystats lines (genRedisInfoStringLatencyStats), `latency-tracking-info-percentiles` order. */
export function latencyStatsInfo(s: Server, cmds: Iterable<Command>): string {
  if (s.config.get('latency-tracking') !== 'yes') return '';
  const raw = s.config.get('latency-tracking-info-percentiles') ?? '';
  const pcts = raw.trim() === '' ? [] : raw.trim().split(/\s+/).map(Number);
  let out = '';
  const emit = (c: Command) => {
    const h = c.latencyHist;
    if (h !== null) {
      out += `latency_percentiles_usec_${c.fullname}:` +
        pcts.map((p) => `p${fmtPercentile(p)}=${(h.valueAtPercentile(p) / 1000).toFixed(3)}`).join(',') + '\r\n';
    }
    if (c.subcommands) for (const sc of c.subcommands.values()) emit(sc);
  };
  for (const c of cmds) emit(c);
  return out;
}

// ---- latency events ------------------------------------------------------------

interface TimeSeries { idx: number; max: number; time: Int32Array; latency: Uint32Array }

export class LatencyMonitor {
  readonly events = new Map<string, TimeSeries>();

  /** latencyAddSample: one sample per second per event (the highest wins). */
  addSample(event: string, ms: number): void {
    let ts = this.events.get(event);
    const now = Math.floor(Date.now() / 1000);
    if (ts === undefined) {
      ts = { idx: 0, max: 0, time: new Int32Array(LATENCY_TS_LEN), latency: new Uint32Array(LATENCY_TS_LEN) };
      this.events.set(event, ts);
    }
    if (ms > ts.max) ts.max = ms;
    const prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
    if (ts.time[prev] === now) {
      if (ms > ts.latency[prev]) ts.latency[prev] = ms;
      return;
    }
    ts.time[ts.idx] = now;
    ts.latency[ts.idx] = ms;
    ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
  }

  /** latencyResetEvent: number of events dropped (event names compared case-insensitively). */
  reset(event: string | null): number {
    let n = 0;
    const lc = event?.toLowerCase();
    for (const k of [...this.events.keys()]) {
      if (lc === undefined || k.toLowerCase() === lc) { this.events.delete(k); n++; }
    }
    return n;
  }

  /** Samples oldest first: [time, latency]. */
  samples(ts: TimeSeries): [number, number][] {
    const out: [number, number][] = [];
    for (let j = 0; j < LATENCY_TS_LEN; j++) {
      const i = (ts.idx + j) % LATENCY_TS_LEN;
      if (ts.time[i] !== 0) out.push([ts.time[i], ts.latency[i]]);
    }
    return out;
  }

  latest(ts: TimeSeries): [number, number] {
    const last = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
    return [ts.time[last], ts.latency[last]];
  }
}

const monitors = new WeakMap<Server, LatencyMonitor>();
export function getLatency(s: Server): LatencyMonitor {
  let m = monitors.get(s);
  if (m === undefined) { m = new LatencyMonitor(); monitors.set(s, m); }
  return m;
}

/** latencyAddSampleIfNeeded: `ms` is the integer millisecond duration. */
export function latencySampleIfNeeded(s: Server, event: string, ms: number): void {
  const th = s.latencyThreshold;
  if (th && ms >= th) getLatency(s).addSample(event, ms);
}

// ---- DOCTOR ----------------------------------------------------------------------

interface Stats { samples: number; avg: number; mad: number; period: number }
function analyze(m: LatencyMonitor, ts: TimeSeries): Stats {
  const st: Stats = { samples: 0, avg: 0, mad: 0, period: 0 };
  let sum = 0;
  for (let j = 0; j < LATENCY_TS_LEN; j++) {
    if (ts.time[j] === 0) continue;
    st.samples++;
    sum += ts.latency[j];
    if (st.period === 0 || ts.time[j] < st.period) st.period = ts.time[j];
  }
  if (st.samples) {
    st.avg = Math.floor(sum / st.samples);
    st.period = Math.floor(Date.now() / 1000) - st.period;
    if (st.period === 0) st.period = 1;
  }
  sum = 0;
  for (let j = 0; j < LATENCY_TS_LEN; j++) if (ts.time[j] !== 0) sum += Math.abs(st.avg - ts.latency[j]);
  if (st.samples) st.mad = Math.floor(sum / st.samples);
  void m;
  return st;
}

/** AnonHugePages of this process (Redis checks its own; we host the engine, so ours). */
function anonHugePages(): number {
  try {
    const m = /AnonHugePages:\s+(\d+)/.exec(fs.readFileSync('/proc/self/smaps_rollup', 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

const ADVICE: Record<string, string> = {
  slowlogInspect: "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n",
  scheduler: "- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n" +
    "  1) Lower the system load.\n" +
    "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n" +
    "  3) Check if you have a \"noisy neighbour\" problem.\n" +
    "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
    "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n",
  hz: "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n",
  largeObjects: "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n",
  massEviction: "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n",
  thp: "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n",
};

/** createLatencyReport (the events our engine records; fork/AOF/disk advice never applies). */
export function latencyDoctor(s: Server): string {
  const m = getLatency(s);
  const threshold = s.latencyThreshold;
  if (m.events.size === 0 && threshold === 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  let report = '';
  let eventnum = 0, advices = 0;
  let slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false, scheduler = false;
  let hz = false, largeObjects = false, massEviction = false, thp = false;
  for (const [event, ts] of m.events) {
    eventnum++;
    if (eventnum === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const ls = analyze(m, ts);
    report += `${eventnum}. ${event}: ${ls.samples} latency spikes (average ${ls.avg}ms, mean deviation ${ls.mad}ms, period ${(ls.period / ls.samples).toFixed(2)} sec). Worst all time event ${ts.max}ms.`;
    const ev = event.toLowerCase();
    if (ev === 'command') {
      if (s.slowlogSlower < 0) { slowlogEnabled = true; advices++; }
      else if (Math.trunc(s.slowlogSlower / 1000) > threshold) { slowlogTuning = true; advices++; }
      slowlogInspect = true; largeObjects = true; advices += 2;
    }
    if (ev === 'fast-command') { scheduler = true; advices++; }
    if (ev === 'expire-cycle') { hz = true; largeObjects = true; advices += 2; }
    if (ev === 'eviction-del') { largeObjects = true; advices++; }
    if (ev === 'eviction-cycle') { massEviction = true; advices++; }
    report += '\n';
  }
  if (anonHugePages() > 0) { thp = true; advices++; }
  if (eventnum === 0 && advices === 0) {
    return report + "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n";
  }
  if (eventnum > 0 && advices === 0) {
    return report + "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  }
  report += '\nI have a few advices for you:\n\n';
  if (slowlogEnabled) report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${threshold * 1000}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
  if (slowlogTuning) report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${threshold * 1000}'.\n`;
  if (slowlogInspect) report += ADVICE.slowlogInspect;
  if (scheduler) report += ADVICE.scheduler;
  if (hz && s.hz < 100) report += ADVICE.hz;
  if (largeObjects) report += ADVICE.largeObjects;
  if (massEviction) report += ADVICE.massEviction;
  if (thp) report += ADVICE.thp;
  return report;
}

// ---- GRAPH (sparkline.c) ---------------------------------------------------------

const CHARSET_FILL = '_o#';
const GRAPH_COLS = 80, GRAPH_ROWS = 4;

function renderRange(values: number[], labels: (string | null)[], min: number, max: number, offset: number, len: number): string {
  let out = '';
  let relmax = max - min;
  if (relmax === 0) relmax = 1;
  const steps = CHARSET_FILL.length * GRAPH_ROWS;
  const hasLabels = labels.some((l) => l !== null);
  for (let row = 0; ; row++) {
    let loop = false;
    const chars: string[] = new Array(len).fill(' ');
    for (let j = 0; j < len; j++) {
      const v = values[j + offset] - min;
      let step = Math.trunc(Math.trunc(v * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < GRAPH_ROWS) {
        const ci = step - (GRAPH_ROWS - row - 1) * CHARSET_FILL.length;
        loop = true;
        if (ci >= 0 && ci < CHARSET_FILL.length) chars[j] = CHARSET_FILL[ci];
        else if (ci >= CHARSET_FILL.length) chars[j] = '|';
      } else {
        if (hasLabels && row - GRAPH_ROWS < 1) { loop = true; break; }
        const label = labels[j + offset];
        if (label !== null) {
          const lc = row - GRAPH_ROWS - 1;
          if (label.length > lc) { loop = true; chars[j] = label[lc]; }
        }
      }
    }
    if (!loop) break;
    out += chars.join('') + '\n';
  }
  return out;
}

/** latencyCommandGenSparkeline. */
export function latencyGraph(event: string, ts: TimeSeries, m: LatencyMonitor): string {
  const now = Math.floor(Date.now() / 1000);
  const values: number[] = [], labels: (string | null)[] = [];
  let min = 0, max = 0;
  for (const [time, lat] of m.samples(ts)) {
    if (values.length === 0) { min = max = lat; } else { if (lat > max) max = lat; if (lat < min) min = lat; }
    const el = now - time;
    labels.push(el < 60 ? `${el}s` : el < 3600 ? `${Math.trunc(el / 60)}m` : el < 86400 ? `${Math.trunc(el / 3600)}h` : `${Math.trunc(el / 86400)}d`);
    values.push(lat);
  }
  let g = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n` + '-'.repeat(GRAPH_COLS) + '\n';
  // the sequence's own min/max (sparklineSequenceAddSample) drive the scaling
  let smin = 0, smax = 0;
  values.forEach((v, i) => { if (i === 0) smin = smax = v; else if (v < smin) smin = v; else if (v > smax) smax = v; });
  for (let j = 0; j < values.length; j += GRAPH_COLS) {
    if (j !== 0) g += '\n';
    g += renderRange(values, labels, smin, smax, j, Math.min(GRAPH_COLS, values.length - j));
  }
  return g;
}
