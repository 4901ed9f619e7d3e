import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { diffSuite, haveRedis, startRealRedis, runSteps, type DiffCase, type RealRedis, type Step } from './diff.js';
import { RedisServer } from '../../../engines/redis/index.js';
import { LatencyHistogram } from '../../../engines/redis/latency.js';

const cases: DiffCase[] = [
  { name: 'LATENCY with the monitor disabled', resp: 'both', steps: [
    ['LATENCY', 'DOCTOR'], ['LATENCY', 'LATEST'], ['LATENCY', 'HISTORY', 'command'], ['LATENCY', 'GRAPH', 'command'],
    ['LATENCY', 'RESET'], ['LATENCY', 'RESET', 'command', 'fast-command'], ['LATENCY', 'HELP'], ['LATENCY', 'help', 'x'],
    ['LATENCY', 'FOO'], ['LATENCY'], ['LATENCY', 'HISTORY'], ['LATENCY', 'HISTORY', 'a', 'b'], ['LATENCY', 'LATEST', 'x'],
    ['LATENCY', 'DOCTOR', 'x'], ['LATENCY', 'GRAPH']] },
  { name: 'LATENCY DOCTOR with a threshold and no spikes', resp: 'both', steps: [
    ['CONFIG', 'SET', 'latency-monitor-threshold', '10000'], ['LATENCY', 'DOCTOR'], ['LATENCY', 'LATEST'],
    ['CONFIG', 'SET', 'latency-monitor-threshold', '0'], ['LATENCY', 'DOCTOR']] },
  { name: 'LATENCY HISTOGRAM shape', resp: 'both', steps: [
    ['CONFIG', 'RESETSTAT'], ['LATENCY', 'HISTOGRAM', 'blabla'], ['LATENCY', 'HISTOGRAM', 'blabla', 'get'], ['LATENCY', 'HISTOGRAM', 'client|nope'],
    ['SET', 'a', 'b'], { cmd: ['LATENCY', 'HISTOGRAM', 'set'], typeOnly: true }, ['CONFIG', 'RESETSTAT'], ['LATENCY', 'HISTOGRAM', 'set'],
    ['CONFIG', 'SET', 'latency-tracking', 'no'], ['GET', 'a'], ['LATENCY', 'HISTOGRAM', 'get'], ['INFO', 'latencystats'],
    ['CONFIG', 'SET', 'latency-tracking', 'yes']] },
];

diffSuite('latency', cases);

/** Replace every number by N (timestamps and measured latencies differ between runs). */
const norm = (s: string) => s.replace(/\d+(\.\d+)?/g, 'N');

describe.skipIf(!haveRedis)('latency events vs redis-server', () => {
  let real: RealRedis;
  let ours: RedisServer;
  beforeAll(async () => {
    real = await startRealRedis(['--enable-debug-command', 'yes']);
    ours = new RedisServer({ allowRestrictedCommands: true });
    await ours.listen();
  }, 20_000);
  afterAll(async () => { await ours?.close(); await real?.stop(); });

  it('command event: LATEST / HISTORY / GRAPH / DOCTOR / RESET have the same shape', async () => {
    const steps: Step[] = [
      ['CONFIG', 'SET', 'latency-monitor-threshold', '50'], ['LATENCY', 'RESET'], ['DEBUG', 'SLEEP', '0.12'],
      { cmd: ['DEBUG', 'SLEEP', '0.07'], sleep: 1100 }, // one sample per second: two samples
      ['LATENCY', 'LATEST'], ['LATENCY', 'HISTORY', 'command'], ['LATENCY', 'GRAPH', 'command'], ['LATENCY', 'DOCTOR'],
      ['LATENCY', 'RESET', 'COMMAND'], ['LATENCY', 'LATEST'], ['CONFIG', 'SET', 'latency-monitor-threshold', '0'],
    ];
    for (const p of [2, 3] as const) {
      const a = (await runSteps(real.port, steps, p)).map(norm);
      const b = (await runSteps(ours.port, steps, p, ours)).map(norm);
      expect(b).toEqual(a);
    }
    const c = await runSteps(ours.port, [['CONFIG', 'SET', 'latency-monitor-threshold', '50'], ['DEBUG', 'SLEEP', '0.1'], ['LATENCY', 'HISTORY', 'command']], 2, ours);
    const m = /:(\d+)\r\n:(\d+)\r\n$/.exec(c[2]);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(100);
    expect(Math.abs(Number(m![1]) - Date.now() / 1000)).toBeLessThan(5);
  }, 20_000);

  it('INFO latencystats and LATENCY HISTOGRAM have the same shape', async () => {
    const steps: Step[] = [['CONFIG', 'RESETSTAT'], ['SET', 'a', 'b'], ['GET', 'a'], ['CLIENT', 'ID'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.9 100'], ['INFO', 'latencystats'], ['LATENCY', 'HISTOGRAM', 'set', 'client'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9']];
    // sorted lines: Redis lists commands in dict order
    const shape = (r: string) => norm(r).split('\r\n').sort().join('|');
    for (const p of [2, 3] as const) {
      const a = (await runSteps(real.port, steps, p)).map(shape);
      const b = (await runSteps(ours.port, steps, p, ours)).map(shape);
      expect(b).toEqual(a);
    }
  });

  it('GRAPH renders several samples like sparkline.c', async () => {
    // one sample per second per event: feed three through the monitor directly
    const { getLatency, latencyGraph } = await import('../../../engines/redis/latency.js');
    const m = getLatency(ours.core);
    m.reset(null);
    // within one second only the highest latency is kept
    m.addSample('x', 70); m.addSample('x', 120); m.addSample('x', 90);
    const xs = m.events.get('x')!;
    expect(m.samples(xs).map((p) => p[1])).toEqual([120]);
    expect(xs.max).toBe(120);
    const now = Math.floor(Date.now() / 1000);
    const ts = { idx: 3, max: 300, time: new Int32Array(160), latency: new Uint32Array(160) };
    ts.time.set([now - 120, now - 30, now]); ts.latency.set([100, 300, 200]);
    expect(latencyGraph('command', ts, m)).toBe(
      'command - high 300 ms, low 100 ms (all time high 300 ms)\n' + '-'.repeat(80) + '\n' +
      ' # \n' + ' |_\n' + ' ||\n' + '_||\n' + '   \n' + '230\n' + 'm0s\n' + ' s \n');
  });
});

describe('latency histogram (HDR, 2 significant digits)', () => {
  it('buckets and percentiles match redis-server', () => {
    const h = new LatencyHistogram();
    h.record(7000); // SET measured at 7 µs by redis-server: histogram_usec 8 → 1, p50=7.007
    expect(h.cdf()).toEqual([8, 1]);
    expect(h.valueAtPercentile(50)).toBe(7007);
    const g = new LatencyHistogram();
    g.record(4000);
    expect(g.valueAtPercentile(99.9)).toBe(4015);
    expect(g.cdf()).toEqual([4, 1]);
    const k = new LatencyHistogram();
    for (const us of [0, 1, 1, 3, 900, 2_000_000]) k.record(us * 1000);
    expect(k.total).toBe(6);
    expect(k.cdf()).toEqual([1, 3, 4, 4, 1056, 5, 1082130, 6]);
    expect(k.valueAtPercentile(50)).toBe(1003); // highest equivalent of 1000 ns (bucket width 4)
    expect(k.valueAtPercentile(100)).toBe(1_002_438_655);
  });
});
