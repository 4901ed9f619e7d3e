/**
 * Benchmark: replication-group failover and replication lag, all on loopback.
 *
 *   npx tsx scripts/bench/failover.ts [--rounds 5] [--load-ms 20000] [--load-sets 200000] [--scale 0.01]
 *
 * (a) Failover: an ioredis client writes continuously through the primary
 *     endpoint; the primary is killed with POST /_emulator/faults/kill-node;
 *     we measure ms from the kill to the first successful SET *issued after*
 *     the kill (goal < 1000 ms).
 * (b) Replication lag: a bounded pipelined SET load on the primary while
 *     INFO replication is sampled on primary and replicas every 100 ms;
 *     lag = master_repl_offset − slave_repl_offset (bytes); then the time
 *     for every replica to catch up once the load stops.
 * (c) The `elasticache` failover profile (detection 30 s, promotion 60 s,
 *     replacement 10 min), scaled by --scale to stay short: one kill and
 *     one TestFailover, time to the first write, against the configured
 *     detection + promotion (ratio = measured / configured).
 */
import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { FAILOVER_PROFILE_TIMINGS } from '../../src/config.js';
import { startEmulator } from '../../src/emulator.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const ROUNDS = opt('--rounds', 5);
const LOAD_MS = opt('--load-ms', 20_000);
const LOAD_SETS = opt('--load-sets', 200_000);
const SCALE = opt('--scale', 0.01);
const BATCH = 500;
const GROUP = 'bench';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : NaN; };
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) { const i = line.indexOf(':'); if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1); }
  return out;
}

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0, dataDir: ':memory:', logLevel: 'silent' });
  const client = new ElastiCacheClient({ region: 'us-east-1', endpoint: emu.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(`${emu.endpoint}/_emulator/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const conns: Redis[] = [];
  const connect = (port: number) => { const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 1000, retryStrategy: () => 20 }); r.on('error', () => undefined); conns.push(r); return r; };
  try {
    await client.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: GROUP, ReplicationGroupDescription: 'bench', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 3, AutomaticFailoverEnabled: true,
    }));
    const describe = async () => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: GROUP }))).ReplicationGroups![0]!;
    const ng = (await describe()).NodeGroups![0]!;
    const primaryPort = ng.PrimaryEndpoint!.Port!;
    const groupNodes = async () => ((await admin('nodes')).nodes as { clusterId: string; port: number; status: string }[]).filter((n) => n.clusterId.startsWith(`${GROUP}-`));
    /** Three members answering, one primary (per DescribeReplicationGroups), every replica's link up. */
    const healthy = () => until('a healthy group', async () => {
      const nodes = await groupNodes();
      if (nodes.length !== 3 || nodes.some((n) => n.status !== 'available')) return undefined;
      const members = (await describe()).NodeGroups![0]!.NodeGroupMembers!;
      const primaryId = members.find((m) => m.CurrentRole === 'primary')?.CacheClusterId;
      const primary = nodes.find((n) => n.clusterId === primaryId);
      if (!primary) return undefined;
      const replicas = nodes.filter((n) => n !== primary);
      for (const n of replicas) {
        const r = new Redis({ port: n.port, host: '127.0.0.1', maxRetriesPerRequest: 0, connectTimeout: 500, lazyConnect: true, retryStrategy: () => null });
        r.on('error', () => undefined);
        try { await r.connect(); const info = parseInfo(await r.info('replication')); if (info.role !== 'slave' || info.master_link_status !== 'up') return undefined; } finally { r.disconnect(); }
      }
      return { primary, replicas };
    }, 15_000, 100);

    // ---------------- (a) failover time ----------------
    console.log(`(a) failover: ${ROUNDS} rounds, kill the primary, time to first successful write through the primary endpoint`);
    const times: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const { primary } = await healthy();
      const redis = connect(primaryPort);
      let running = true;
      let killedAt = Infinity;
      let firstAfter: number | undefined;
      let ok = 0;
      const loop = (async () => {
        for (let i = 0; running; i++) {
          const issued = Date.now();
          try {
            await redis.set(`f${round}:${i}`, String(i));
            ok++;
            if (firstAfter === undefined && issued >= killedAt) firstAfter = Date.now();
          } catch { await sleep(5); }
        }
      })();
      await until('writes before the kill', async () => ok > 50, 5_000, 10);
      killedAt = Date.now();
      await admin('faults/kill-node', { clusterId: primary.clusterId, nodeId: '0001' });
      await until('a write after the kill', async () => firstAfter !== undefined, 10_000, 5).catch(() => undefined);
      running = false;
      await loop;
      redis.disconnect();
      const ms = firstAfter === undefined ? NaN : firstAfter - killedAt;
      times.push(ms);
      const now = (await describe()).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')?.CacheClusterId;
      console.log(`  round ${round}: killed ${primary.clusterId}, new primary ${now}, first write after ${Number.isNaN(ms) ? 'NONE within 10 s' : `${ms} ms`}`);
    }
    const valid = times.filter((t) => !Number.isNaN(t));
    console.log(`  median ${median(valid)} ms, max ${max(valid)} ms (goal < 1000 ms)${valid.length < times.length ? `, ${times.length - valid.length} round(s) without a write` : ''}`);

    // ---------------- (b) replication lag ----------------
    const { primary, replicas } = await healthy();
    console.log(`(b) replication lag: up to ${LOAD_SETS} pipelined SETs or ${LOAD_MS} ms on ${primary.clusterId}, replicas ${replicas.map((r) => r.clusterId).join(', ')}`);
    const p = connect(primary.port);
    const rs = replicas.map((r) => connect(r.port));
    const sampleOffsets = async () => {
      const [pi, ...ri] = await Promise.all([p.info('replication'), ...rs.map((r) => r.info('replication'))]);
      const master = Number(parseInfo(pi!).master_repl_offset);
      return { master, replicas: ri.map((t) => Number(parseInfo(t).slave_repl_offset)) };
    };
    const lags: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const t = Date.now();
        try { const s = await sampleOffsets(); for (const o of s.replicas) lags.push(Math.max(0, s.master - o)); } catch { /* a sample lost is fine */ }
        await sleep(Math.max(0, 100 - (Date.now() - t)));
      }
    })();
    const value = 'x'.repeat(64);
    const loadStart = Date.now();
    let sent = 0;
    while (sent < LOAD_SETS && Date.now() - loadStart < LOAD_MS) {
      const pipe = p.pipeline();
      for (let i = 0; i < BATCH && sent < LOAD_SETS; i++, sent++) pipe.set(`load:${sent}`, value);
      await pipe.exec();
    }
    const loadEnd = Date.now();
    sampling = false;
    await sampler;
    const target = (await sampleOffsets()).master;
    let caughtUp: number | undefined;
    await until('replicas to catch up', async () => {
      const s = await sampleOffsets();
      if (s.replicas.every((o) => o >= target)) { caughtUp = Date.now(); return true; }
      return undefined;
    }, 30_000, 5).catch(() => undefined);
    const secs = (loadEnd - loadStart) / 1000;
    console.log(`  load: ${sent} SETs in ${secs.toFixed(2)} s (${Math.round(sent / secs)} SET/s), ${lags.length} lag samples`);
    console.log(`  lag: median ${median(lags)} bytes, max ${max(lags)} bytes`);
    console.log(`  catch-up after the load stopped: ${caughtUp === undefined ? 'NOT within 30 s' : `${caughtUp - loadEnd} ms`} (to offset ${target})`);
  } finally {
    for (const c of conns) c.disconnect();
    client.destroy();
    await emu.stop();
  }
  await slowProfile();
}

/** (c) The elasticache profile, every duration scaled by SCALE. */
async function slowProfile(): Promise<void> {
  const full = FAILOVER_PROFILE_TIMINGS.elasticache;
  const t = { detectionMs: Math.round(full.detectionMs * SCALE), promotionMs: Math.round(full.promotionMs * SCALE), recoveryMs: Math.round(full.recoveryMs * SCALE) };
  console.log(`(c) --failover-profile elasticache (detection ${full.detectionMs} ms, promotion ${full.promotionMs} ms, replacement ${full.recoveryMs} ms), run scaled x${SCALE}:`);
  const emu = await startEmulator({ port: 0, dataDir: ':memory:', logLevel: 'silent', failoverProfile: 'elasticache', failoverDetectionMs: t.detectionMs, failoverPromotionMs: t.promotionMs, nodeRecoveryMs: t.recoveryMs });
  const client = new ElastiCacheClient({ region: 'us-east-1', endpoint: emu.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  const scope = { account: '000000000000', region: 'us-east-1' };
  const firstWrite = async (port: number, since: number) => {
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, connectTimeout: 200, retryStrategy: () => 10, enableOfflineQueue: false });
    r.on('error', () => undefined);
    try {
      return await until('a write', async () => (await r.set('probe', '1').then(() => true, () => false)) && Date.now() - since, 60_000, 5);
    } finally {
      r.disconnect();
    }
  };
  const create = async (id: string) => {
    await client.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: id, ReplicationGroupDescription: 'bench', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2, AutomaticFailoverEnabled: true,
    }));
    await sleep(300);
    return (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!.NodeGroups![0]!.PrimaryEndpoint!.Port!;
  };
  try {
    const killPort = await create('slowkill');
    const killedAt = Date.now();
    emu.env.fleet.killNode(scope, 'slowkill-001', '0001');
    const killMs = await firstWrite(killPort, killedAt);
    const killGoal = t.detectionMs + t.promotionMs;
    console.log(`  kill: first write after ${killMs} ms; configured ${killGoal} ms (ratio ${(killMs / killGoal).toFixed(2)}); unscaled this is ~${Math.round(killMs / SCALE / 1000)} s`);
    const tfPort = await create('slowtf');
    const calledAt = Date.now();
    await client.send(new TestFailoverCommand({ ReplicationGroupId: 'slowtf', NodeGroupId: '0001' }));
    const tfMs = await firstWrite(tfPort, calledAt);
    console.log(`  TestFailover: first write after ${tfMs} ms; configured ${t.promotionMs} ms (ratio ${(tfMs / t.promotionMs).toFixed(2)}); unscaled this is ~${Math.round(tfMs / SCALE / 1000)} s`);
  } finally {
    client.destroy();
    await emu.stop();
  }
}

const hardStop = setTimeout(() => { console.error('bench: overall time limit (3 min) reached'); process.exit(2); }, 180_000);
hardStop.unref();
main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
