/** LATENCY (Redis 7.0 latency.c): the latency monitor and per-command histograms. */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll, lookupTop, TABLE, type Command } from './table.js';
import { replyHelp } from './cmd_keys.js';
import { HELP } from './help-data.js';
import { getLatency, latencyDoctor, latencyGraph, type LatencyHistogram } from '../latency.js';

function history(c: Client, argv: string[]): void {
  const m = getLatency(c.server);
  const ts = m.events.get(argv[2]);
  if (ts === undefined) return c.w.arrayLen(0);
  const samples = m.samples(ts);
  c.w.arrayLen(samples.length);
  for (const [t, l] of samples) { c.w.arrayLen(2); c.w.int(t); c.w.int(l); }
}

function latest(c: Client): void {
  const m = getLatency(c.server);
  c.w.arrayLen(m.events.size);
  for (const [event, ts] of m.events) {
    const [t, l] = m.latest(ts);
    c.w.arrayLen(4); c.w.bulk(event); c.w.int(t); c.w.int(l); c.w.int(ts.max);
  }
}

function graph(c: Client, argv: string[]): void {
  const m = getLatency(c.server);
  const ts = m.events.get(argv[2]);
  if (ts === undefined) return c.w.error(E.LATENCY_NO_SAMPLES(argv[2]));
  c.w.verbatim(latencyGraph(argv[2], ts, m));
}

function reset(c: Client, argv: string[]): void {
  const m = getLatency(c.server);
  if (argv.length === 2) return c.w.int(m.reset(null));
  let n = 0;
  for (let j = 2; j < argv.length; j++) n += m.reset(argv[j]);
  c.w.int(n);
}

/** fillCommandCDF: {calls, histogram_usec: {µs: cumulative count}}. */
function replyCdf(c: Client, h: LatencyHistogram): void {
  const w = c.w;
  w.mapLen(2);
  w.bulk('calls'); w.int(h.total);
  w.bulk('histogram_usec');
  const cdf = h.cdf();
  w.mapLen(cdf.length / 2);
  for (const v of cdf) w.int(v);
}

function histogram(c: Client, argv: string[]): void {
  const found: Command[] = [];
  const collect = (cmd: Command, deep: boolean) => {
    if (cmd.latencyHist !== null) found.push(cmd);
    if (cmd.subcommands) for (const sc of cmd.subcommands.values()) {
      if (deep) collect(sc, false); else if (sc.latencyHist !== null) found.push(sc);
    }
  };
  if (argv.length === 2) for (const cmd of TABLE.values()) collect(cmd, true);
  else {
    for (let j = 2; j < argv.length; j++) {
      // lookupCommandBySds: "name" or "container|sub"
      const [top, sub] = argv[j].toLowerCase().split('|', 2);
      const cmd = lookupTop(top);
      if (cmd === undefined) continue;
      if (sub !== undefined) {
        const sc = cmd.subcommands?.get(sub);
        if (sc !== undefined && sc.latencyHist !== null) found.push(sc);
        continue;
      }
      collect(cmd, false);
    }
  }
  c.w.mapLen(found.length);
  for (const cmd of found) { c.w.bulk(cmd.fullname); replyCdf(c, cmd.latencyHist!); }
}

registerAll({
  'latency|history': history,
  'latency|latest': latest,
  'latency|graph': graph,
  'latency|doctor': (c) => c.w.verbatim(latencyDoctor(c.server)),
  'latency|reset': reset,
  'latency|histogram': histogram,
  'latency|help': (c, argv) => replyHelp(c, argv[0], HELP.latency),
});
