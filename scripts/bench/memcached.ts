// Benchmark: our in-process Memcached engine vs `memcached -t 1`, same load,
// one run. Run with `npx tsx scripts/bench/memcached.ts`.
//
// Our server runs in a child process (node --import tsx) so the load
// generator does not share its event loop. The load generator is a closed
// loop over N loopback connections: each connection sends `depth` requests,
// waits for all replies, repeats, for a bounded time and op count.
//
// The machine is shared, so one run is noise: every load runs ROUNDS times,
// alternating the servers (ABBA order, so drift hits both alike), after a
// warm-up of the same load on each. A round's ratio compares the two
// adjacent runs; the median of the per-round ratios is the figure, printed
// with its range. Because wall-clock rates on a busy machine say as much
// about the neighbours as about the servers, each run also reads the
// server's CPU time from /proc and prints requests per CPU second.
// Then memory per small item: our heap growth (V8 heap + external) and RSS
// growth for 100k items vs memcached's `bytes` stat and RSS growth.
//
// BENCH_RUNS=get1,set16 picks runs; BENCH_PROFILE=1 writes a CPU profile of
// our server to /tmp/memcached-bench-prof. BENCH_BASELINE=<dir> adds a third
// server, the engine in <dir> (another tree's engines/memcached, e.g. from
// `git worktree add`), loaded in the same rounds: ours/baseline ratios show
// what a change did with the machine's load the same for both.

import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = Number(process.env.BENCH_CONNS ?? 50);
const DURATION_MS = Number(process.env.BENCH_MS ?? 1500);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PROFILE = process.env.BENCH_PROFILE === '1';
const MAX_OPS = Number(process.env.BENCH_MAX_OPS ?? 5_000_000);
const PIPELINE_DEPTH = Number(process.env.BENCH_DEPTH ?? 16);
const KEYSPACE = 10_000;
const VALUE_SIZE = 32;
const MEMORY_ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const MEMCACHED_BIN = process.env.MEMCACHED_BIN ?? '/usr/bin/memcached';
const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE, 'index.ts') : null;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * With taskset and 2+ CPUs, the load generator runs on CPU 0 and each server
 * (all its threads) on CPU 1, so the two servers get the same core and other
 * work on the machine disturbs less. BENCH_PIN=0 turns this off.
 */
const PIN = process.env.BENCH_PIN !== '0' && fs.existsSync('/usr/bin/taskset') && os.cpus().length >= 2;
function pin(pid: number, cpu: number): void {
  if (!PIN) return;
  spawnSync('/usr/bin/taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not open`);
}

interface Target { name: string; port: number; pid: number; child: ChildProcess; stop(): Promise<void> }

async function startMemcached(): Promise<Target> {
  const port = await freePort();
  const user = process.getuid && process.getuid() === 0 ? ['-u', 'root'] : [];
  const child = spawn(MEMCACHED_BIN, [...user, '-l', '127.0.0.1', '-p', String(port), '-U', '0', '-t', '1', '-m', '1024', '-c', '4096'], { stdio: 'ignore' });
  await waitForPort(port);
  pin(child.pid!, 1);
  return {
    name: 'memcached -t 1', port, pid: child.pid!, child,
    stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }),
  };
}

async function startOurs(engine: string | null = null): Promise<Target> {
  const port = await freePort();
  const child = fork(path.join(here, 'memcached-server.ts'), [String(port), '1024'], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(PROFILE && !engine ? ['--cpu-prof', '--cpu-prof-dir=/tmp/memcached-bench-prof'] : [])],
    cwd: path.resolve(here, '..', '..'), // `--import tsx` resolves from the repository
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: engine ? { ...process.env, MEMCACHED_ENGINE: engine } : process.env,
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('our server did not start')), 20_000);
    child.on('message', (m: { cmd: string }) => { if (m.cmd === 'ready') { clearTimeout(t); resolve(); } });
    child.once('exit', (code) => reject(new Error(`our server exited ${code}`)));
  });
  pin(child.pid!, 1);
  return {
    name: engine ? 'baseline' : 'elasticache-local', port, pid: child.pid!, child,
    stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }),
  };
}

const key = (i: number) => `key:${String(i).padStart(6, '0')}`;
const VALUE = 'x'.repeat(VALUE_SIZE);

type Op = 'get' | 'set';
/** Newlines per reply: a get hit is VALUE line + data + END; a set is one line. */
const LINES_PER_REPLY: Record<Op, number> = { get: 3, set: 1 };

function buildBatches(op: Op, depth: number): Buffer[] {
  const batches: Buffer[] = [];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    let s = '';
    for (let i = 0; i < depth; i++) {
      const k = key((n++ * 7919) % KEYSPACE);
      s += op === 'get' ? `get ${k}\r\n` : `set ${k} 0 0 ${VALUE_SIZE}\r\n${VALUE}\r\n`;
    }
    batches.push(Buffer.from(s, 'latin1'));
  }
  return batches;
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

interface LoadResult { rate: number; perCpuSecond: number }

/** Ops/s (wall clock) and ops per CPU second the server used. */
async function runLoad(t: Target, op: Op, depth: number, durationMs = DURATION_MS): Promise<LoadResult> {
  const port = t.port;
  const batches = buildBatches(op, depth);
  const linesPerBatch = LINES_PER_REPLY[op] * depth;
  let total = 0;
  let stop = false;
  const sockets: net.Socket[] = [];
  await Promise.all(Array.from({ length: CONNECTIONS }, () => new Promise<void>((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve());
    s.setNoDelay(true);
    s.once('error', reject);
    sockets.push(s);
  })));
  const start = process.hrtime.bigint();
  const cpu0 = cpuSeconds(t.pid);
  const deadline = Date.now() + durationMs;
  await Promise.all(sockets.map((s, idx) => new Promise<void>((resolve) => {
    let lines = 0;
    let b = idx;
    const send = () => {
      if (stop || total >= MAX_OPS || Date.now() >= deadline) { stop = true; resolve(); return; }
      lines = 0;
      s.write(batches[b++ & 255]);
    };
    s.on('data', (chunk: Buffer) => {
      let i = -1;
      while ((i = chunk.indexOf(10, i + 1)) !== -1) lines++;
      if (lines >= linesPerBatch) {
        total += depth;
        send();
      }
    });
    send();
  })));
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = cpuSeconds(t.pid) - cpu0;
  for (const s of sockets) s.destroy();
  return { rate: total / elapsedS, perCpuSecond: cpu > 0 ? total / cpu : NaN };
}

async function preload(port: number, count: number, valueSize: number): Promise<void> {
  const s = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => s.once('connect', () => r()));
  const value = 'x'.repeat(valueSize);
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    let req = '';
    const n = Math.min(batch, count - start);
    for (let i = 0; i < n; i++) req += `set ${key(start + i)} 0 0 ${valueSize} noreply\r\n${value}\r\n`;
    req += 'mn\r\n';
    await new Promise<void>((resolve) => {
      let got = '';
      const onData = (d: Buffer) => {
        got += d.toString('latin1');
        if (got.endsWith('MN\r\n')) { s.off('data', onData); resolve(); }
      };
      s.on('data', onData);
      s.write(req);
    });
  }
  s.destroy();
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

async function textStats(port: number): Promise<Record<string, string>> {
  const s = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => s.once('connect', () => r()));
  const text = await new Promise<string>((resolve) => {
    let got = '';
    s.on('data', (d: Buffer) => { got += d.toString('latin1'); if (got.endsWith('END\r\n')) resolve(got); });
    s.write('stats\r\n');
  });
  s.destroy();
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const m = /^STAT (\S+) (.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

interface OurMemory { heapUsed: number; rss: number; external: number; arrayBuffers: number; bytes: number; items: number }
function ourMemory(child: ChildProcess): Promise<OurMemory> {
  return new Promise((resolve) => {
    const onMsg = (m: OurMemory & { cmd: string }) => {
      if (m.cmd === 'mem') { child.off('message', onMsg); resolve(m); }
    };
    child.on('message', onMsg);
    child.send({ cmd: 'mem' });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (n: number) => (n / 1024 / 1024).toFixed(1) + ' MiB';

async function main(): Promise<void> {
  if (!fs.existsSync(MEMCACHED_BIN)) {
    console.error(`${MEMCACHED_BIN} not found; install memcached to compare.`);
    process.exit(1);
  }
  pin(process.pid, 0);
  console.log(`load: ${CONNECTIONS} connections, ${DURATION_MS} ms per run after a ${WARMUP_MS} ms warm-up (max ${fmt(MAX_OPS)} ops), ${ROUNDS} rounds alternating servers, keyspace ${fmt(KEYSPACE)}, ${VALUE_SIZE}-byte values, pipeline depth ${PIPELINE_DEPTH}${PIN ? '; load generator pinned to CPU 0, servers to CPU 1' : ''}`);
  const median = (xs: number[]) => {
    const a = [...xs].sort((x, y) => x - y);
    return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  };
  const results: Array<{
    run: string; memcached: number; ours: number; ratio: number; lo: number; hi: number; cpuMemcached: number; cpuOurs: number;
    baseline: number; cpuBaseline: number; vsBaseline: number;
  }> = [];
  const wanted = process.env.BENCH_RUNS?.split(',');
  const runs = ([
    { op: 'get', depth: 1 }, { op: 'set', depth: 1 },
    { op: 'get', depth: PIPELINE_DEPTH }, { op: 'set', depth: PIPELINE_DEPTH },
  ] as Array<{ op: Op; depth: number }>).filter((r) => !wanted || wanted.includes(`${r.op}${r.depth}`));
  const targets = [await startMemcached(), await startOurs()];
  if (BASELINE) targets.push(await startOurs(BASELINE));
  try {
    for (const t of targets) await preload(t.port, KEYSPACE, VALUE_SIZE);
    for (const r of runs) {
      for (const t of targets) await runLoad(t, r.op, r.depth, WARMUP_MS);
      const rates: number[][] = targets.map(() => []);
      const perCpu: number[][] = targets.map(() => []);
      const ratios: number[] = [];
      const baselineRatios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const order = targets.map((_, i) => i);
        if (round % 2 === 1) order.reverse();
        for (const i of order) {
          const res = await runLoad(targets[i], r.op, r.depth);
          rates[i].push(res.rate);
          perCpu[i].push(res.perCpuSecond);
        }
        ratios.push(rates[1][round] / rates[0][round]);
        if (BASELINE) baselineRatios.push(perCpu[1][round] / perCpu[2][round]);
      }
      results.push({
        run: `${r.op} ${r.depth === 1 ? 'no pipelining' : `pipelined x${r.depth}`}`,
        memcached: median(rates[0]), ours: median(rates[1]),
        ratio: median(ratios), lo: Math.min(...ratios), hi: Math.max(...ratios),
        cpuMemcached: median(perCpu[0]), cpuOurs: median(perCpu[1]),
        baseline: BASELINE ? median(rates[2]) : NaN, cpuBaseline: BASELINE ? median(perCpu[2]) : NaN,
        vsBaseline: BASELINE ? median(baselineRatios) : NaN,
      });
    }
  } finally {
    for (const t of targets) await t.stop();
  }

  console.log('\nthroughput (ops/s, medians)');
  console.log('run'.padEnd(24) + 'memcached'.padStart(14) + 'ours'.padStart(14) + 'ratio'.padStart(8) + '   range of round ratios');
  for (const r of results) {
    console.log(r.run.padEnd(24) + fmt(r.memcached).padStart(14) + fmt(r.ours).padStart(14) + r.ratio.toFixed(2).padStart(8) + `   ${r.lo.toFixed(2)}-${r.hi.toFixed(2)}`);
  }
  // Less sensitive to other work on the machine: requests served per CPU
  // second each server used (all its threads), which is what it costs.
  console.log('\nefficiency (ops per server CPU second, medians)');
  console.log('run'.padEnd(24) + 'memcached'.padStart(14) + 'ours'.padStart(14) + 'ratio'.padStart(8));
  for (const r of results) {
    console.log(r.run.padEnd(24) + fmt(r.cpuMemcached).padStart(14) + fmt(r.cpuOurs).padStart(14) + (r.cpuOurs / r.cpuMemcached).toFixed(2).padStart(8));
  }
  if (BASELINE) {
    console.log(`\nbaseline ${BASELINE} (ops/s and ops per CPU second, medians; ours/baseline per CPU second: median of the per-round ratios)`);
    console.log('run'.padEnd(24) + 'ops/s'.padStart(14) + 'per CPU s'.padStart(14) + 'vs mc'.padStart(8) + 'ours/base'.padStart(11));
    for (const r of results) {
      console.log(r.run.padEnd(24) + fmt(r.baseline).padStart(14) + fmt(r.cpuBaseline).padStart(14) + (r.cpuBaseline / r.cpuMemcached).toFixed(2).padStart(8) + r.vsBaseline.toFixed(2).padStart(11));
    }
  }
  if (process.env.BENCH_MEMORY === '0') return;

  // Memory per small item: fresh servers, MEMORY_ITEMS items of 10-byte keys and 32-byte values.
  const mc = await startMemcached();
  const ours = await startOurs();
  try {
    const mcRssBefore = rssOf(mc.pid);
    const oursBefore = await ourMemory(ours.child);
    await preload(mc.port, MEMORY_ITEMS, VALUE_SIZE);
    await preload(ours.port, MEMORY_ITEMS, VALUE_SIZE);
    const mcStats = await textStats(mc.port);
    const mcRssAfter = rssOf(mc.pid);
    const oursAfter = await ourMemory(ours.child);
    const mcBytes = Number(mcStats.bytes);
    const mcRss = mcRssAfter - mcRssBefore;
    const ourHeap = oursAfter.heapUsed - oursBefore.heapUsed + (oursAfter.external - oursBefore.external);
    const ourRss = oursAfter.rss - oursBefore.rss;
    console.log(`\nmemory for ${fmt(MEMORY_ITEMS)} items (key ${key(0).length} B, value ${VALUE_SIZE} B)`);
    console.log(`  memcached: bytes stat ${mb(mcBytes)} (${(mcBytes / MEMORY_ITEMS).toFixed(0)} B/item), RSS growth ${mb(mcRss)} (${(mcRss / MEMORY_ITEMS).toFixed(0)} B/item)`);
    console.log(`  ours:      bytes stat ${mb(oursAfter.bytes)} (${(oursAfter.bytes / MEMORY_ITEMS).toFixed(0)} B/item), heap+external growth ${mb(ourHeap)} (${(ourHeap / MEMORY_ITEMS).toFixed(0)} B/item), RSS growth ${mb(ourRss)} (${(ourRss / MEMORY_ITEMS).toFixed(0)} B/item)`);
    console.log(`  ours heap+external growth / memcached bytes: ${(ourHeap / mcBytes).toFixed(2)}; / memcached RSS growth: ${(ourHeap / mcRss).toFixed(2)}`);
    console.log(`  ours RSS growth / memcached RSS growth: ${(ourRss / mcRss).toFixed(2)}`);
  } finally {
    await mc.stop();
    await ours.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
