/** Server commands: INFO CONFIG COMMAND TIME LASTSAVE SLOWLOG MEMORY MONITOR DEBUG SAVE/BGSAVE… (Redis server.c, config.c, debug.c). */
import os from 'node:os';
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll, TABLE, isImplemented, F, type Command, type CmdNode } from './table.js';
import { keysWithFlags, commandHasKeys } from './getkeys.js';
import { HELP } from './help-data.js';
import { replyHelp } from './cmd_keys.js';
import type { ReplyWriter } from '../resp.js';
import type { Server } from '../server.js';
import { globMatch } from '../glob.js';
import { parseI64, parseDouble, reprArg } from '../util.js';
import { typeInfo } from '../keyspace.js';
import { getReplication } from '../replication/master.js';
import { latencyStatsInfo, resetCommandHistograms } from '../latency.js';
import { memoryUsage as memoryUsageOf, memoryDoctor } from '../memusage.js';
import { scriptingMemoryInfo } from '../scripting/info.js';
import { migrateCachedSockets } from './cmd_migrate.js';
import { saveToDisk, startBgsave, debugReload, persistenceInfo, persistenceState, datasetDigest, keyDigest } from '../persistence.js';

// ---------------------------------------------------------------- helpers

/** Write a generated reply tree (COMMAND INFO/DOCS) honouring RESP2/RESP3. */
export function writeNode(w: ReplyWriter, n: CmdNode): void {
  if (n === null) return w.nullBulk();
  if (typeof n === 'string') return w.bulk(n);
  if (typeof n === 'number') return w.int(n);
  if (Array.isArray(n)) { w.arrayLen(n.length); for (const x of n) writeNode(w, x); return; }
  if ('s' in n) return w.simple(n.s);
  if ('m' in n) { w.mapLen(n.m.length / 2); for (const x of n.m) writeNode(w, x); return; }
  if ('set' in n) { w.setLen(n.set.length); for (const x of n.set) writeNode(w, x); return; }
  if ('d' in n) return w.double(Number(n.d));
}

export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const u = ['K', 'M', 'G', 'T', 'P'];
  let d = n / 1024, i = 0;
  while (d >= 1024 && i < u.length - 1) { d /= 1024; i++; }
  return `${d.toFixed(2)}${u[i]}`;
}

const STARTUP_MEMORY = 876168; // what redis-server 7.0 reports as used_memory_startup
let peakMemory = 0;

export function usedMemory(s: Server): number {
  let m = s.ks.baseMemory + s.ks.usedMemory;
  for (const c of s.clients.values()) m += c.parser.pending + c.w.pendingBytes;
  if (m > peakMemory) peakMemory = m;
  return m;
}

// ---------------------------------------------------------------- INFO

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];
const ALL_SECTIONS = [...DEFAULT_SECTIONS.slice(0, 7), 'modules', 'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace'];

function infoSection(s: Server, name: string): string | null {
  const now = Date.now();
  const L = (o: Record<string, string | number>) => Object.entries(o).map(([k, v]) => `${k}:${v}`).join('\r\n') + '\r\n';
  const uptime = Math.floor((now - s.startTime) / 1000);
  switch (name) {
    case 'server': {
      const f: Record<string, string | number> = {};
      if (s.opts.engine === 'valkey') { f.redis_version = '7.2.4'; f.server_name = 'valkey'; f.valkey_version = s.versionString(); }
      else f.redis_version = s.versionString();
      Object.assign(f, {
        redis_git_sha1: '00000000', redis_git_dirty: 0, redis_build_id: '0', redis_mode: 'standalone',
        os: `${os.type()} ${os.release()} ${os.arch()}`, arch_bits: 64, monotonic_clock: 'POSIX clock_gettime',
        multiplexing_api: 'epoll', atomicvar_api: 'c11-builtin', gcc_version: '0.0.0', process_id: process.pid,
        process_supervised: 'no', run_id: s.runId, tcp_port: s.port, server_time_usec: now * 1000,
        uptime_in_seconds: uptime, uptime_in_days: Math.floor(uptime / 86400), hz: s.hz, configured_hz: s.config.get('hz') ?? 10,
        lru_clock: Math.floor(now / 1000) & ((1 << 24) - 1), executable: process.argv[1] ?? '', config_file: '', io_threads_active: 0,
      });
      return '# Server\r\n' + L(f);
    }
    case 'clients': {
      let blocked = 0, pubsub = 0;
      // clients held by CLIENT PAUSE count as blocked, as in Redis (BLOCKED_POSTPONE)
      for (const c of s.clients.values()) { if (c.blocked || c.pausedArgv) blocked++; if (c.subscriptionCount) pubsub++; }
      return '# Clients\r\n' + L({
        connected_clients: s.clients.size, cluster_connections: 0, maxclients: s.config.get('maxclients') ?? 10000,
        client_recent_max_input_buffer: 0, client_recent_max_output_buffer: 0, blocked_clients: blocked,
        tracking_clients: s.tracking?.clients ?? 0, clients_in_timeout_table: blocked,
      });
    }
    case 'memory': {
      const used = usedMemory(s);
      const rss = process.memoryUsage().rss;
      const max = s.ks.evict.maxmemory;
      const overhead = STARTUP_MEMORY;
      const sys = os.totalmem();
      return '# Memory\r\n' + L({
        used_memory: used, used_memory_human: bytesToHuman(used), used_memory_rss: rss, used_memory_rss_human: bytesToHuman(rss),
        used_memory_peak: peakMemory, used_memory_peak_human: bytesToHuman(peakMemory),
        used_memory_peak_perc: `${((used / Math.max(1, peakMemory)) * 100).toFixed(2)}%`,
        used_memory_overhead: overhead, used_memory_startup: STARTUP_MEMORY, used_memory_dataset: used - overhead,
        used_memory_dataset_perc: `${(((used - overhead) / Math.max(1, used - STARTUP_MEMORY)) * 100).toFixed(2)}%`,
        allocator_allocated: used, allocator_active: used, allocator_resident: rss,
        total_system_memory: sys, total_system_memory_human: bytesToHuman(sys),
        ...scriptingMemoryInfo(s), maxmemory: max, maxmemory_human: bytesToHuman(max), maxmemory_policy: s.ks.evict.policy,
        allocator_frag_ratio: '1.00', allocator_frag_bytes: 0, allocator_rss_ratio: '1.00', allocator_rss_bytes: 0,
        rss_overhead_ratio: '1.00', rss_overhead_bytes: 0, mem_fragmentation_ratio: (rss / Math.max(1, used)).toFixed(2),
        mem_fragmentation_bytes: rss - used, mem_not_counted_for_evict: 0, mem_replication_backlog: 0,
        mem_total_replication_buffers: 0, mem_clients_slaves: 0, mem_clients_normal: 0, mem_cluster_links: 0, mem_aof_buffer: 0,
        mem_allocator: 'libc', active_defrag_running: 0, lazyfree_pending_objects: s.ks.lazyfreePending, lazyfreed_objects: s.ks.lazyfreed,
      });
    }
    case 'persistence':
      return '# Persistence\r\n' + L({
        loading: 0, async_loading: 0, current_cow_peak: 0, current_cow_size: 0, current_cow_size_age: 0, current_fork_perc: '0.00',
        current_save_keys_processed: 0, current_save_keys_total: 0, rdb_changes_since_last_save: 0,
        rdb_bgsave_in_progress: 0, rdb_last_save_time: s.lastSave, rdb_last_bgsave_status: 'ok', rdb_last_bgsave_time_sec: -1,
        rdb_current_bgsave_time_sec: -1, rdb_saves: 0, rdb_last_cow_size: 0, rdb_last_load_keys_expired: 0,
        rdb_last_load_keys_loaded: 0, ...persistenceInfo(s), aof_enabled: s.config.get('appendonly') === 'yes' ? 1 : 0, aof_rewrite_in_progress: 0,
        aof_rewrite_scheduled: 0, aof_last_rewrite_time_sec: -1, aof_current_rewrite_time_sec: -1, aof_last_bgrewrite_status: 'ok',
        aof_rewrites: 0, aof_rewrites_consecutive_failures: 0, aof_last_write_status: 'ok', aof_last_cow_size: 0,
        module_fork_in_progress: 0, module_fork_last_cow_size: 0,
      });
    case 'stats':
      return '# Stats\r\n' + L({
        total_connections_received: s.totalConnections, total_commands_processed: s.totalCommands, instantaneous_ops_per_sec: 0,
        total_net_input_bytes: s.netInput, total_net_output_bytes: s.netOutput, total_net_repl_input_bytes: 0,
        total_net_repl_output_bytes: 0, instantaneous_input_kbps: '0.00', instantaneous_output_kbps: '0.00',
        instantaneous_input_repl_kbps: '0.00', instantaneous_output_repl_kbps: '0.00', rejected_connections: s.rejectedConnections,
        sync_full: s.repl?.syncFull ?? 0, sync_partial_ok: s.repl?.syncPartialOk ?? 0, sync_partial_err: s.repl?.syncPartialErr ?? 0, expired_keys: s.ks.expiredKeys, expired_stale_perc: '0.00',
        expired_time_cap_reached_count: 0, expire_cycle_cpu_milliseconds: 0, evicted_keys: s.ks.evictedKeys, evicted_clients: 0,
        total_eviction_exceeded_time: 0, current_eviction_exceeded_time: 0, keyspace_hits: s.ks.hits, keyspace_misses: s.ks.misses,
        pubsub_channels: s.channels.size, pubsub_patterns: s.patterns.size, pubsubshard_channels: s.shardChannels.size,
        latest_fork_usec: 0, total_forks: 0, migrate_cached_sockets: migrateCachedSockets(s), slave_expires_tracked_keys: 0, active_defrag_hits: 0,
        active_defrag_misses: 0, active_defrag_key_hits: 0, active_defrag_key_misses: 0, total_active_defrag_time: 0,
        current_active_defrag_time: 0, tracking_total_keys: s.tracking?.table.size ?? 0, tracking_total_items: s.tracking?.totalItems ?? 0, tracking_total_prefixes: s.tracking?.prefixes.size ?? 0,
        unexpected_error_replies: 0, total_error_replies: s.totalErrors, dump_payload_sanitizations: 0,
        total_reads_processed: s.totalCommands, total_writes_processed: s.totalCommands, io_threaded_reads_processed: 0,
        io_threaded_writes_processed: 0, reply_buffer_shrinks: 0, reply_buffer_expands: 0,
      });
    case 'replication':
      return getReplication(s).info();
    case 'cpu': {
      const u = process.cpuUsage();
      const sys = (u.system / 1e6).toFixed(6), user = (u.user / 1e6).toFixed(6);
      return '# CPU\r\n' + L({
        used_cpu_sys: sys, used_cpu_user: user, used_cpu_sys_children: '0.000000', used_cpu_user_children: '0.000000',
        used_cpu_sys_main_thread: sys, used_cpu_user_main_thread: user,
      });
    }
    case 'modules': case 'module_list': return '# Modules\r\n';
    case 'commandstats': {
      let out = '# Commandstats\r\n';
      const emit = (c: Command) => {
        if (c.calls || c.rejectedCalls || c.failedCalls) {
          out += `cmdstat_${c.fullname}:calls=${c.calls},usec=${c.usec},usec_per_call=${(c.calls ? c.usec / c.calls : 0).toFixed(2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}\r\n`;
        }
        if (c.subcommands) for (const sc of c.subcommands.values()) emit(sc);
      };
      for (const c of TABLE.values()) emit(c);
      return out;
    }
    case 'errorstats': {
      let out = '# Errorstats\r\n';
      for (const [k, v] of s.errorStats) out += `errorstat_${k}:count=${v}\r\n`;
      return out;
    }
    case 'latencystats': return '# Latencystats\r\n' + latencyStatsInfo(s, TABLE.values());
    case 'cluster': return '# Cluster\r\ncluster_enabled:0\r\n';
    case 'keyspace': {
      let out = '# Keyspace\r\n';
      for (const db of s.ks.dbs) {
        if (db.size === 0) continue;
        out += `db${db.id}:keys=${db.size},expires=${db.expiresCount},avg_ttl=${Math.round(db.avgTtl)}\r\n`;
      }
      return out;
    }
  }
  return null;
}

export function infoString(s: Server, args: string[]): string {
  let sections: string[];
  const a = args.map((x) => x.toLowerCase());
  if (a.length === 0 || (a.length === 1 && a[0] === 'default')) sections = DEFAULT_SECTIONS;
  else {
    const set = new Set<string>();
    for (const x of a) {
      if (x === 'all') ALL_SECTIONS.filter((y) => y !== 'modules').forEach((y) => set.add(y));
      else if (x === 'everything') ALL_SECTIONS.forEach((y) => set.add(y));
      else if (x === 'default') DEFAULT_SECTIONS.forEach((y) => set.add(y));
      else set.add(x);
    }
    sections = ALL_SECTIONS.filter((x) => set.has(x) || (x === 'modules' && set.has('module_list')));
    if (set.has('module_list') && !sections.includes('modules')) sections.push('modules');
  }
  const parts: string[] = [];
  for (const sec of sections) { const t = infoSection(s, sec); if (t !== null) parts.push(t); }
  return parts.join('\r\n');
}

function info(c: Client, argv: string[]): void {
  c.w.verbatim(infoString(c.server, argv.slice(1)));
}

// ---------------------------------------------------------------- CONFIG

function configGet(c: Client, argv: string[]): void {
  const pairs = c.server.config.getMatching(argv.slice(2));
  c.w.mapLen(pairs.length);
  for (const [k, v] of pairs) { c.w.bulk(k); c.w.bulk(v); }
}
function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) return c.w.error(E.SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  const err = c.server.config.setMany(pairs);
  if (err) c.w.error(err); else c.w.ok();
}
export function resetStats(s: Server): void {
  s.totalCommands = 0; s.totalConnections = 0; s.rejectedConnections = 0; s.netInput = 0; s.netOutput = 0;
  s.totalErrors = 0; s.errorStats.clear(); s.ks.hits = 0; s.ks.misses = 0; s.ks.expiredKeys = 0; s.ks.evictedKeys = 0;
  s.pubsubMessages = 0; s.ks.lazyfreed = 0;
  const reset = (c: Command) => { c.calls = 0; c.usec = 0; c.rejectedCalls = 0; c.failedCalls = 0; if (c.subcommands) for (const x of c.subcommands.values()) reset(x); };
  for (const c of TABLE.values()) reset(c);
  resetCommandHistograms(TABLE.values());
}

// ---------------------------------------------------------------- COMMAND

function implementedInfo(c: Command): CmdNode[] {
  // Subcommand list restricted to implemented subcommands.
  if (!c.subcommands) return c.info;
  const subs = (c.info[9] as CmdNode[]).filter((sc) => c.subcommands!.get(String((sc as CmdNode[])[0]).split('|')[1])?.handler);
  const copy = c.info.slice();
  copy[9] = subs;
  return copy;
}
function commandsImplemented(): Command[] { return [...TABLE.values()].filter(isImplemented); }

function command(c: Client): void {
  const list = commandsImplemented();
  c.w.arrayLen(list.length);
  for (const x of list) writeNode(c.w, implementedInfo(x));
}
function lookupByFullname(name: string): Command | undefined {
  const [top, sub, extra] = name.toLowerCase().split('|');
  if (extra !== undefined) return undefined; // "config|get|key" names nothing
  const t = TABLE.get(top);
  if (!t || !isImplemented(t)) return undefined;
  if (sub === undefined) return t;
  const sc = t.subcommands?.get(sub);
  return sc && sc.handler ? sc : undefined;
}
function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) return command(c);
  c.w.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const x = lookupByFullname(argv[i]);
    if (x) writeNode(c.w, implementedInfo(x)); else c.w.nullBulk();
  }
}
function commandDocs(c: Client, argv: string[]): void {
  const names = argv.length === 2 ? commandsImplemented().map((x) => x.name) : argv.slice(2);
  const found: Command[] = [];
  for (const n of names) { const x = lookupByFullname(n); if (x && x.docs) found.push(x); }
  c.w.mapLen(found.length);
  for (const x of found) { c.w.bulk(x.fullname); writeNode(c.w, x.docs!); }
}
function commandList(c: Client, argv: string[]): void {
  let filter: ((x: Command) => boolean) | null = null;
  if (argv.length === 5 && argv[2].toLowerCase() === 'filterby') {
    const t = argv[3].toLowerCase(), v = argv[4];
    if (t === 'module') filter = () => false;
    else if (t === 'aclcat') filter = (x) => x.acl.includes('@' + v.toLowerCase());
    else if (t === 'pattern') filter = (x) => globMatch(v, x.fullname, true);
    else return c.w.error(E.SYNTAX);
  } else if (argv.length !== 2) return c.w.error(E.SYNTAX);
  const out: string[] = [];
  for (const x of commandsImplemented()) {
    if (!filter || filter(x)) out.push(x.fullname);
    if (x.subcommands) for (const sc of x.subcommands.values()) if (sc.handler && (!filter || filter(sc))) out.push(sc.fullname);
  }
  c.w.bulkArray(out);
}
/** COMMAND GETKEYS / GETKEYSANDFLAGS (getKeysSubcommandImpl); any command Redis knows: clients use this for key routing. */
function commandGetkeys(c: Client, argv: string[], withFlags = false): void {
  const args = argv.slice(2);
  let r = TABLE.get(args[0].toLowerCase());
  if (r && r.subcommands && args.length >= 2) r = r.subcommands.get(args[1].toLowerCase());
  if (!r) return c.w.error('ERR Invalid command specified');
  if (!commandHasKeys(r)) return c.w.error('ERR The command has no key arguments');
  if ((r.arity > 0 && args.length !== r.arity) || args.length < -r.arity) return c.w.error('ERR Invalid number of arguments specified for command');
  const keys = keysWithFlags(r, args);
  if (!keys.length) {
    if (r.flags & F.NO_MANDATORY_KEYS) return c.w.arrayLen(0);
    return c.w.error('ERR Invalid arguments specified for command');
  }
  c.w.arrayLen(keys.length);
  for (const k of keys) {
    if (!withFlags) { c.w.bulk(args[k.pos]); continue; }
    c.w.arrayLen(2);
    c.w.bulk(args[k.pos]);
    c.w.setLen(k.flags.length);
    for (const f of k.flags) c.w.simple(f);
  }
}

// ---------------------------------------------------------------- misc

function time(c: Client): void {
  const ns = process.hrtime.bigint();
  const now = Date.now();
  const usec = Number(ns / 1000n % 1000n);
  c.w.arrayLen(2);
  c.w.bulk(String(Math.floor(now / 1000)));
  c.w.bulk(String((now % 1000) * 1000 + usec));
}

function slowlogGet(c: Client, argv: string[]): void {
  let n = 10;
  if (argv.length === 3) {
    const v = parseI64(argv[2]);
    if (v === null || v < -1) return c.w.error('ERR count should be greater than or equal to -1');
    n = v === -1 ? c.server.slowlog.length : Number(v);
  }
  const list = c.server.slowlog.slice(0, n);
  c.w.arrayLen(list.length);
  for (const e of list) {
    c.w.arrayLen(6);
    c.w.int(e.id); c.w.int(e.time); c.w.int(e.usec);
    c.w.bulkArray(e.argv);
    c.w.bulk(e.addr); c.w.bulk(e.name);
  }
}

function memoryUsage(c: Client, argv: string[]): void {
  let samples = 5;
  for (let j = 3; j < argv.length; j++) {
    if (argv[j].toLowerCase() !== 'samples' || j + 1 >= argv.length) return c.w.error(E.SYNTAX);
    const v = parseI64(argv[++j]);
    if (v === null) return c.w.error(E.NOT_INT);
    if (v < 0) return c.w.error(E.SYNTAX);
    samples = v === 0 ? Infinity : Number(v);
  }
  // dictFind: no expiry check, no LRU touch
  const e = c.db.peek(argv[2]);
  if (e === undefined) return c.w.nullBulk();
  c.w.int(memoryUsageOf(c.server, e, samples));
}
function memoryStats(c: Client): void {
  const s = c.server;
  const used = usedMemory(s);
  const w = c.w;
  const dbs = s.ks.dbs.filter((d) => d.size > 0);
  w.mapLen(27 + dbs.length);
  const kv = (k: string, v: number) => { w.bulk(k); w.int(v); };
  kv('peak.allocated', peakMemory); kv('total.allocated', used); kv('startup.allocated', STARTUP_MEMORY);
  kv('replication.backlog', 0); kv('clients.slaves', 0); kv('clients.normal', 0); kv('cluster.links', 0); kv('aof.buffer', 0);
  kv('lua.caches', 0); kv('functions.caches', 0);
  for (const d of dbs) {
    w.bulk(`db.${d.id}`); w.mapLen(3);
    kv('overhead.hashtable.main', d.size * 24); kv('overhead.hashtable.expires', d.expiresCount * 24); kv('overhead.hashtable.slot-to-keys', 0);
  }
  kv('overhead.total', STARTUP_MEMORY); kv('keys.count', s.ks.dbs.reduce((a, d) => a + d.size, 0));
  const keys = s.ks.dbs.reduce((a, d) => a + d.size, 0);
  kv('keys.bytes-per-key', keys ? Math.floor((used - STARTUP_MEMORY) / keys) : 0);
  kv('dataset.bytes', used - STARTUP_MEMORY);
  w.bulk('dataset.percentage'); w.double(100);
  w.bulk('peak.percentage'); w.double((used / Math.max(1, peakMemory)) * 100);
  kv('allocator.allocated', used); kv('allocator.active', used); kv('allocator.resident', process.memoryUsage().rss);
  w.bulk('allocator-fragmentation.ratio'); w.double(1); kv('allocator-fragmentation.bytes', 0);
  w.bulk('allocator-rss.ratio'); w.double(1); kv('allocator-rss.bytes', 0);
  w.bulk('rss-overhead.ratio'); w.double(1); kv('rss-overhead.bytes', 0);
  w.bulk('fragmentation'); w.double(1); kv('fragmentation.bytes', 0);
}

const sab = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void { if (ms > 0) Atomics.wait(sab, 0, 0, ms); }

function debug(c: Client, argv: string[]): void {
  const sub = argv[1].toLowerCase();
  const s = c.server;
  switch (sub) {
    case 'sleep': case 'sleep-ms': {
      const v = parseDouble(argv[2] ?? '0');
      if (v === null) return c.w.error(E.NOT_FLOAT);
      sleepSync(sub === 'sleep' ? v * 1000 : v);
      return c.w.ok();
    }
    case 'set-active-expire': s.activeExpireEnabled = argv[2] !== '0'; return c.w.ok();
    case 'object': {
      const e = argv[2] !== undefined && c.db.has(argv[2]) ? c.db.peek(argv[2]) : undefined;
      if (!e) return c.w.error(E.NO_SUCH_KEY);
      const enc = typeInfo(e.type)?.encoding(e) ?? 'raw';
      return c.w.simple(`Value at:0x7f0000000000 refcount:1 encoding:${enc} serializedlength:${e.mem} lru:${Math.floor(e.lru / 1000) & 0xffffff} lru_seconds_idle:${Math.floor((Date.now() - e.lru) / 1000)}`);
    }
    case 'digest':
      if (argv.length !== 2) break;
      return c.w.simple(datasetDigest(s));
    case 'digest-value': {
      c.w.arrayLen(argv.length - 2);
      for (let j = 2; j < argv.length; j++) {
        const e = c.db.peek(argv[j]);
        c.w.simple(e === undefined ? '0'.repeat(40) : keyDigest(e).toString('hex'));
      }
      return;
    }
    case 'reload': { const err = debugReload(s, argv.slice(2)); return err === null ? c.w.ok() : c.w.error(err); }
    case 'jmap': case 'change-repl-id': case 'quicklist-packed-threshold': case 'stringmatch-len':
    case 'set-skip-checksum-validation': case 'replybuffer': case 'dict-resizing': case 'pause-cron':
      return c.w.ok();
    case 'log': return c.w.ok();
    case 'protocol': {
      const t = (argv[2] ?? '').toLowerCase();
      const w = c.w;
      if (t === 'string') return w.bulk('Hello World');
      if (t === 'integer') return w.int(12345);
      if (t === 'double') return w.double(3.141);
      if (t === 'bignum') return w.bigNumber('1234567999999999999999999999999999999');
      if (t === 'null') return w.nullBulk();
      if (t === 'array') { w.arrayLen(3); for (let i = 0; i < 3; i++) w.int(i); return; }
      if (t === 'set') { w.setLen(3); for (let i = 0; i < 3; i++) w.int(i); return; }
      if (t === 'map') { w.mapLen(3); for (let i = 0; i < 3; i++) { w.int(i); w.bool(i === 1); } return; }
      if (t === 'true') return w.bool(true);
      if (t === 'false') return w.bool(false);
      if (t === 'verbatim') return w.verbatim('This is a verbatim\nstring');
      return c.w.error('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
    }
    case 'help': return replyHelp(c, argv[0], HELP.debug);
  }
  c.w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try DEBUG HELP.`);
}

function monitor(c: Client): void {
  if (c.monitor) return c.w.ok();
  c.monitor = true;
  c.server.monitors.add(c);
  c.w.ok();
}

registerAll({
  info,
  'config|get': configGet, 'config|set': configSet,
  'config|resetstat': (c) => { resetStats(c.server); c.w.ok(); },
  'config|rewrite': (c) => c.w.error('ERR The server is running without a config file'),
  'config|help': (c, a) => replyHelp(c, a[0], HELP.config),
  command,
  'command|count': (c) => c.w.int(commandsImplemented().length),
  'command|info': commandInfo, 'command|docs': commandDocs, 'command|list': commandList, 'command|getkeys': commandGetkeys,
  'command|getkeysandflags': (c, a) => commandGetkeys(c, a, true),
  'command|help': (c, a) => replyHelp(c, a[0], HELP.command),
  time, lastsave: (c) => c.w.int(c.server.lastSave),
  'slowlog|get': slowlogGet, 'slowlog|len': (c) => c.w.int(c.server.slowlog.length),
  'slowlog|reset': (c) => { c.server.slowlog.length = 0; c.w.ok(); },
  'slowlog|help': (c, a) => replyHelp(c, a[0], HELP.slowlog),
  'memory|usage': memoryUsage, 'memory|stats': memoryStats,
  'memory|doctor': (c) => { const used = usedMemory(c.server); c.w.verbatim(memoryDoctor(used, Math.max(peakMemory, used))); },
  'memory|malloc-stats': (c) => c.w.verbatim('Stats not supported for the current allocator'),
  'memory|purge': (c) => c.w.ok(),
  'memory|help': (c, a) => replyHelp(c, a[0], HELP.memory),
  monitor, debug,
  save: (c) => {
    if (persistenceState(c.server).bgsaveInProgress) return c.w.error('ERR Background save already in progress');
    try { saveToDisk(c.server); } catch { return c.w.error('ERR'); }
    c.w.ok();
  },
  bgsave: (c, a) => {
    if (a.length > 2 || (a.length === 2 && a[1].toLowerCase() !== 'schedule')) return c.w.error(E.SYNTAX);
    if (!startBgsave(c.server)) return c.w.error('ERR Background save already in progress');
    c.w.simple('Background saving started');
  },
  bgrewriteaof: (c) => c.w.simple('Background append only file rewriting started'),
});

export { reprArg };
