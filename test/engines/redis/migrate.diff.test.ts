/**
 * MIGRATE, differential: every case runs on four (source → target) pairings —
 * real → real (the expected replies), ours → real, real → ours, ours → ours —
 * and every reply of the source and of the target must be byte-identical.
 * Fake targets cover the I/O error paths: a refused port, a port that accepts and
 * never reads or answers, one that closes each connection, one that answers
 * scripted lines. Also: the DELs a MIGRATE propagates (replication stream),
 * SLOWLOG / commandstats / errorstats of a slow MIGRATE, and the connection cache.
 */
import net from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { haveRedis, startRealRedis, RawConn, replyEnd, freePort, type RealRedis } from './diff.js';
import { ReplStream, parseArray } from './replstream.js';

/** A step on the source or the target; `$HOST`/`$PORT` are the pairing's target, `$BH`/`$CLOSER`/`$REFUSED`/`$SCRIPT`/`$DEAF` fake targets. */
interface St {
  on?: 'src' | 'dst';
  cmd: string[];
  /** integer reply in (lo, hi] → ':in-range' (PTTL) */
  range?: [number, number];
  /** INFO reply: keep only this field */
  field?: string;
  /** compare only the first bytes (e.g. an error prefix) */
  prefix?: number;
  /** don't compare */
  ignore?: boolean;
}
interface Case { name: string; steps: (St | string[])[] }

const BIG = 'x'.repeat(24 * 1024 * 1024);

const CASES: Case[] = [
  { name: 'string, then the key is gone from the source', steps: [
    ['SET', 'k', 'hello'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000'], ['EXISTS', 'k'], { on: 'dst', cmd: ['GET', 'k'] },
    { cmd: ['INFO', 'stats'], field: 'migrate_cached_sockets' }, ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000'],
  ] },
  { name: 'COPY keeps the source key', steps: [
    ['SET', 'k', 'v'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'COPY'], ['GET', 'k'], { on: 'dst', cmd: ['GET', 'k'] },
  ] },
  { name: 'existing target key: BUSYKEY, then REPLACE', steps: [
    { on: 'dst', cmd: ['SET', 'k', 'old'] }, ['SET', 'k', 'new'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000'], ['GET', 'k'], { on: 'dst', cmd: ['GET', 'k'] },
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'REPLACE'], ['EXISTS', 'k'], { on: 'dst', cmd: ['GET', 'k'] },
    ['SET', 'k', 'newer'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'copy', 'replace'], ['GET', 'k'], { on: 'dst', cmd: ['GET', 'k'] },
  ] },
  { name: 'TTL is carried over', steps: [
    ['SET', 'k', 'v', 'PX', '100000'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000'],
    { on: 'dst', cmd: ['PTTL', 'k'], range: [95000, 100000] }, { on: 'dst', cmd: ['GET', 'k'] },
    ['SET', 'p', 'v'], ['MIGRATE', '$HOST', '$PORT', 'p', '0', '5000'], { on: 'dst', cmd: ['PTTL', 'p'] },
  ] },
  { name: 'every type, DUMP identical on the target', steps: [
    ['RPUSH', 'l', 'a', 'b', '1', '2'], ['SADD', 's', 'x', 'y'], ['SADD', 'is', '1', '2', '3'], ['ZADD', 'z', '1', 'a', '2.5', 'b'],
    ['HSET', 'h', 'f', 'v', 'g', 'w'], ['XADD', 'x', '1-1', 'a', 'b'], ['XGROUP', 'CREATE', 'x', 'g', '0'],
    ['PFADD', 'hll', 'a', 'b', 'c'], ['SET', 'n', '12345'],
    ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', 'l', 's', 'is', 'z', 'h', 'x', 'hll', 'n'], ['DBSIZE'],
    { on: 'dst', cmd: ['DUMP', 'l'] }, { on: 'dst', cmd: ['DEBUG', 'DIGEST-VALUE', 's'] }, { on: 'dst', cmd: ['DUMP', 'is'] }, { on: 'dst', cmd: ['DUMP', 'z'] },
    { on: 'dst', cmd: ['DUMP', 'h'] }, { on: 'dst', cmd: ['DUMP', 'x'] }, { on: 'dst', cmd: ['DUMP', 'hll'] }, { on: 'dst', cmd: ['DUMP', 'n'] },
    { on: 'dst', cmd: ['XINFO', 'GROUPS', 'x'] },
  ] },
  { name: 'large values (1 MB string, 2000-field hash)', steps: [
    ['SET', 'big', 'y'.repeat(1024 * 1024)],
    ...Array.from({ length: 20 }, (_, i) => ['HSET', 'hh', ...Array.from({ length: 100 }, (__, k) => [`f${i * 100 + k}`, `v${k}`]).flat()]),
    ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', 'big', 'hh'], ['DBSIZE'],
    { on: 'dst', cmd: ['STRLEN', 'big'] }, { on: 'dst', cmd: ['HLEN', 'hh'] }, { on: 'dst', cmd: ['DEBUG', 'DIGEST-VALUE', 'big', 'hh'] },
  ] },
  { name: 'KEYS: only existing keys, all missing → NOKEY, key argument must be empty', steps: [
    ['SET', 'a', '1'], ['SET', 'c', '3'],
    ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', 'a', 'b', 'c'], ['DBSIZE'], { on: 'dst', cmd: ['MGET', 'a', 'b', 'c'] },
    ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', 'a', 'b', 'c'], ['MIGRATE', '$HOST', '$PORT', 'nokey', '0', '5000'],
    ['MIGRATE', '$HOST', '$PORT', 'a', '0', '5000', 'KEYS', 'a'], ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'COPY', 'KEYS'],
    ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', 'KEYS', 'REPLACE'],
  ] },
  { name: 'only acknowledged keys are deleted', steps: [
    { on: 'dst', cmd: ['SET', 'b', 'there'] }, ['MSET', 'a', '1', 'b', '2', 'c', '3'],
    ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', 'a', 'b', 'c'], ['MGET', 'a', 'b', 'c'], { on: 'dst', cmd: ['MGET', 'a', 'b', 'c'] },
  ] },
  { name: '100 keys in one pipeline', steps: [
    ['MSET', ...Array.from({ length: 100 }, (_, i) => [`key:${i}`, `value:${i}`]).flat()], ['MIGRATE', '$HOST', '$PORT', '', '0', '5000', 'KEYS', ...Array.from({ length: 100 }, (_, i) => `key:${i}`)],
    ['DBSIZE'], { on: 'dst', cmd: ['DBSIZE'] }, { on: 'dst', cmd: ['GET', 'key:57'] },
  ] },
  { name: 'destination db: SELECT, out of range, back', steps: [
    ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3'], ['SET', 'd', '4'],
    ['MIGRATE', '$HOST', '$PORT', 'a', '3', '5000'], ['MIGRATE', '$HOST', '$PORT', 'b', '3', '5000'],
    ['MIGRATE', '$HOST', '$PORT', 'c', '99', '5000'], ['MIGRATE', '$HOST', '$PORT', 'c', '-1', '5000'], ['MIGRATE', '$HOST', '$PORT', 'c', '+5', '5000'],
    ['MIGRATE', '$HOST', '$PORT', 'd', '0', '5000'],
    { on: 'dst', cmd: ['SELECT', '3'] }, { on: 'dst', cmd: ['MGET', 'a', 'b'] }, { on: 'dst', cmd: ['SELECT', '5'] }, { on: 'dst', cmd: ['GET', 'c'] },
    { on: 'dst', cmd: ['SELECT', '0'] }, { on: 'dst', cmd: ['GET', 'd'] }, ['DBSIZE'],
  ] },
  { name: 'argument errors', steps: [
    ['SET', 'k', 'v'], ['MIGRATE'], ['MIGRATE', '$HOST', '$PORT', 'k', '0'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'BOGUS'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'AUTH'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'AUTH2', 'u'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'COPY', 'BOGUS', 'AUTH'],
    ['MIGRATE', '$HOST', '$PORT', 'k', 'x', 'y'], ['MIGRATE', '$HOST', '$PORT', 'k', 'x', '5000'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '1.5'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '99999999999999999999'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '-5'], ['EXISTS', 'k'],
    ['SET', 'k', 'v'], ['MIGRATE', '$HOST', '$PORT', 'k', '0', '0', 'COPY'], ['MIGRATE', '$HOST', 'notaport', 'k', '0', '100', 'COPY'],
    ['MIGRATE', '127.0.0.1', '-1', 'k', '0', '100', 'COPY'], ['MIGRATE', '127.0.0.1', '65536', 'k', '0', '100', 'COPY'], ['MIGRATE', 'no-such-host.invalid', '6379', 'k', '0', '100', 'COPY'],
    { cmd: ['INFO', 'stats'], field: 'migrate_cached_sockets' },
  ] },
  { name: 'AUTH and AUTH2 against a password-protected target', steps: [
    ['SET', 'k', 'v'], { on: 'dst', cmd: ['CONFIG', 'SET', 'requirepass', 'sekret'] },
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'COPY'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'COPY', 'AUTH', 'wrong'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'COPY', 'AUTH', 'sekret'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '0', '5000', 'COPY', 'REPLACE', 'AUTH2', 'default', 'nope'],
    ['MIGRATE', '$HOST', '$PORT', 'k', '1', '5000', 'COPY', 'REPLACE', 'AUTH2', 'default', 'sekret'],
    { on: 'dst', cmd: ['ACL', 'SETUSER', 'mig', 'on', '>pw', '~*', '+@all'] },
    ['MIGRATE', '$HOST', '$PORT', 'k', '2', '5000', 'AUTH2', 'mig', 'pw'], ['EXISTS', 'k'],
    { on: 'dst', cmd: ['CONFIG', 'SET', 'requirepass', ''] }, { on: 'dst', cmd: ['ACL', 'DELUSER', 'mig'] },
    { on: 'dst', cmd: ['SELECT', '2'] }, { on: 'dst', cmd: ['GET', 'k'] },
  ] },
  { name: 'target refuses the connection', steps: [
    ['SET', 'k', 'v'], ['MIGRATE', '127.0.0.1', '$REFUSED', 'k', '0', '300'], ['EXISTS', 'k'],
    { cmd: ['INFO', 'stats'], field: 'migrate_cached_sockets' }, { cmd: ['INFO', 'errorstats'], field: 'errorstat_IOERR' },
  ] },
  { name: 'target accepts but never answers: read timeout', steps: [
    ['SET', 'k', 'v'], ['MIGRATE', '127.0.0.1', '$BH', 'k', '0', '300'], ['EXISTS', 'k'],
    { cmd: ['INFO', 'stats'], field: 'migrate_cached_sockets' },
  ] },
  { name: 'target accepts but never reads: write timeout', steps: [
    ['SET', 'big', BIG], ['MIGRATE', '127.0.0.1', '$DEAF', 'big', '0', '300'], ['EXISTS', 'big'],
  ] },
  { name: 'target closes every connection: one retry, then IOERR', steps: [
    ['SET', 'k', 'v'], ['MIGRATE', '127.0.0.1', '$CLOSER', 'k', '0', '1000'], ['EXISTS', 'k'],
    { cmd: ['INFO', 'stats'], field: 'migrate_cached_sockets' },
  ] },
  { name: 'scripted target: long error line, error after SELECT, cut pipeline', steps: [
    ['SET', 'long', 'v'], ['SET', 'selerr', 'v'], ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'nul', 'v'],
    ['MIGRATE', '127.0.0.1', '$SCRIPT', 'long', '0', '1000'],
    ['MIGRATE', '127.0.0.1', '$SCRIPT', 'selerr', '7', '1000'],
    ['MIGRATE', '127.0.0.1', '$SCRIPT', '', '0', '1000', 'KEYS', 'a', 'b'],
    ['MIGRATE', '127.0.0.1', '$SCRIPT', 'nul', '0', '1000'],
    ['MGET', 'long', 'selerr', 'a', 'b', 'nul'],
  ] },
];

/** Fake targets. SCRIPT answers: SELECT 7 → error; RESTORE long → a 2000-byte error line;
 *  RESTORE b → closes the connection (after answering a); RESTORE nul → an error with a NUL; else +OK. */
class Fakes {
  servers: net.Server[] = [];
  sockets = new Set<net.Socket>();
  ports: Record<string, number> = {};
  async start(): Promise<void> {
    const listen = async (name: string, onConn: (s: net.Socket) => void, pause = false) => {
      const srv = net.createServer({ pauseOnConnect: pause }, (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); s.on('error', () => {}); onConn(s); });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      this.servers.push(srv);
      this.ports[name] = (srv.address() as net.AddressInfo).port;
    };
    await listen('BH', (s) => { s.on('data', () => { /* swallow */ }); });
    await listen('DEAF', () => { /* paused: never reads */ }, true);
    await listen('CLOSER', (s) => s.destroy());
    await listen('SCRIPT', (s) => {
      let buf = Buffer.alloc(0);
      s.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          const end = replyEnd(buf, 0);
          if (end < 0) return;
          const argv = parseArray(buf.subarray(0, end));
          buf = buf.subarray(end);
          const cmd = argv[0].toUpperCase();
          if (cmd === 'SELECT') s.write(argv[1] === '7' ? '-ERR no db seven\r\n' : '+OK\r\n');
          else if (argv[1] === 'long') s.write('-' + 'E'.repeat(2000) + '\r\n');
          else if (argv[1] === 'b') { s.destroy(); return; }
          else if (argv[1] === 'nul') s.write('-ERR be\0fore\r\n');
          else s.write('+OK\r\n');
        }
      });
    });
    this.ports.REFUSED = await freePort();
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((srv) => new Promise<void>((r) => srv.close(() => r()))));
  }
}

interface Node { port: number; ours?: RedisServer; real?: RealRedis }

async function runCase(tc: Case, src: Node, dst: Node, fakes: Fakes): Promise<string[]> {
  const a = await RawConn.open(src.port), b = await RawConn.open(dst.port);
  try {
    await a.command(['FLUSHALL']); await b.command(['FLUSHALL']);
    await a.command(['CONFIG', 'RESETSTAT']);
    const out: string[] = [];
    for (const raw of tc.steps) {
      const st: St = Array.isArray(raw) ? { cmd: raw } : raw;
      const argv = st.cmd.map((x) => x === '$HOST' ? '127.0.0.1' : x === '$PORT' ? String(dst.port) : x.startsWith('$') && fakes.ports[x.slice(1)] ? String(fakes.ports[x.slice(1)]) : x);
      const conn = st.on === 'dst' ? b : a;
      let r = await conn.command(argv, 15000);
      if (st.ignore) r = '<ignored>';
      else if (st.range) { const v = Number(r.slice(1)); r = r[0] === ':' && v > st.range[0] && v <= st.range[1] ? ':in-range' : `out of range: ${r}`; }
      else if (st.field) r = r.split('\r\n').find((l) => l.startsWith(st.field + ':')) ?? `<no ${st.field}>`;
      else if (st.prefix) r = r.slice(0, st.prefix);
      out.push(`${st.on ?? 'src'}: ${st.cmd.join(' ').slice(0, 100)} => ${JSON.stringify(r.length > 300 ? r.slice(0, 300) + '…' : r)}`);
    }
    return out;
  } finally { a.close(); b.close(); }
}

const d = haveRedis ? describe : describe.skip;
d('diff: MIGRATE (real→real vs ours→real, real→ours, ours→ours)', () => {
  const fakes = new Fakes();
  const reals: RealRedis[] = [];
  const ours: RedisServer[] = [];
  let pairs: { name: string; src: Node; dst: Node }[] = [];
  beforeAll(async () => {
    await fakes.start();
    const real = async () => { const r = await startRealRedis(['--enable-debug-command', 'yes', '--repl-diskless-sync', 'no']); reals.push(r); return { port: r.port, real: r } as Node; };
    const our = async () => { const o = new RedisServer({ port: 0, allowRestrictedCommands: true }); ours.push(o); return { port: (await o.listen()).port, ours: o } as Node; };
    const [rs1, rs2, rt, os1, os2, ot] = [await real(), await real(), await real(), await our(), await our(), await our()];
    pairs = [
      { name: 'real→real', src: rs1, dst: rt },
      { name: 'ours→real', src: os1, dst: rt },
      { name: 'real→ours', src: rs2, dst: ot },
      { name: 'ours→ours', src: os2, dst: ot },
    ];
  }, 30000);
  afterAll(async () => {
    for (const o of ours) await o.close();
    for (const r of reals) await r.stop();
    await fakes.stop();
  });

  for (const tc of CASES) {
    it(tc.name, async () => {
      const results: string[][] = [];
      for (const p of pairs) results.push(await runCase(tc, p.src, p.dst, fakes));
      for (let i = 1; i < pairs.length; i++) expect({ pair: pairs[i].name, replies: results[i] }).toEqual({ pair: pairs[i].name, replies: results[0] });
    }, 60000);
  }

  it('propagates the acknowledged keys as one DEL (replication stream)', async () => {
    const streams: string[][] = [];
    for (const p of pairs) {
      const a = await RawConn.open(p.src.port), b = await RawConn.open(p.dst.port);
      await a.command(['FLUSHALL']); await b.command(['FLUSHALL']);
      await a.command(['MSET', 'a', '1', 'b', '2', 'c', '3']); await b.command(['SET', 'b', 'x']);
      const rep = await ReplStream.open(p.src.port);
      await a.command(['MIGRATE', '127.0.0.1', String(p.dst.port), '', '0', '5000', 'KEYS', 'a', 'b', 'c']);
      await a.command(['MIGRATE', '127.0.0.1', String(p.dst.port), 'b', '0', '5000', 'COPY', 'REPLACE']);
      await a.command(['MIGRATE', '127.0.0.1', String(p.dst.port), 'b', '0', '5000', 'REPLACE']);
      await a.command(['SET', 'end', '1']);
      streams.push(await rep.until((cmds) => cmds.some((c) => c[0] === 'SET' && c[1] === 'end')));
      rep.close(); a.close(); b.close();
    }
    expect(streams[0]).toEqual([['SELECT', '0'], ['DEL', 'a', 'c'], ['DEL', 'b'], ['SET', 'end', '1']].map((x) => x.join(' ')));
    for (let i = 1; i < pairs.length; i++) expect({ pair: pairs[i].name, s: streams[i] }).toEqual({ pair: pairs[i].name, s: streams[0] });
  }, 60000);

  it('a slow MIGRATE is accounted: SLOWLOG, commandstats, errorstats, latency histogram', async () => {
    const srcs = [pairs[0].src, pairs[1].src];
    const got: Record<string, unknown>[] = [];
    for (const src of srcs) {
      const a = await RawConn.open(src.port);
      await a.command(['FLUSHALL']); await a.command(['CONFIG', 'RESETSTAT']); await a.command(['SLOWLOG', 'RESET']);
      await a.command(['CONFIG', 'SET', 'slowlog-log-slower-than', '100000']);
      await a.command(['SET', 'k', 'v']);
      const r = await a.command(['MIGRATE', '127.0.0.1', String(fakes.ports.BH), 'k', '0', '400', 'AUTH', 'pw'], 5000);
      const slow = await a.command(['SLOWLOG', 'GET']);
      const stats = await a.command(['INFO', 'commandstats']);
      const errs = await a.command(['INFO', 'errorstats']);
      const hist = await a.command(['LATENCY', 'HISTOGRAM', 'migrate']);
      await a.command(['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']);
      a.close();
      const line = stats.split('\r\n').find((l) => l.startsWith('cmdstat_migrate:')) ?? '';
      const usec = Number(/usec=(\d+)/.exec(line)?.[1]);
      const slowUsec = Number(/\*6\r\n:\d+\r\n:\d+\r\n:(\d+)\r\n/.exec(slow)?.[1]);
      got.push({
        reply: r,
        slowEntries: Number(/^\*(\d+)/.exec(slow)?.[1]),
        slowArgs: slow.includes('$10\r\n(redacted)\r\n') && slow.includes('$4\r\nAUTH\r\n'),
        slowUsecAtLeastTimeout: slowUsec >= 390000,
        calls: /calls=(\d+)/.exec(line)?.[1], failed: /failed_calls=(\d+)/.exec(line)?.[1], usecAtLeastTimeout: usec >= 390000,
        ioerr: errs.split('\r\n').find((l) => l.startsWith('errorstat_IOERR')),
        histCalls: /calls\r\n:(\d+)/.exec(hist)?.[1],
      });
    }
    expect(got[0]).toEqual({
      reply: '-IOERR error or timeout reading to target instance\r\n', slowEntries: 1, slowArgs: true, slowUsecAtLeastTimeout: true,
      calls: '1', failed: '1', usecAtLeastTimeout: true, ioerr: 'errorstat_IOERR:count=1', histCalls: '1',
    });
    expect(got[1]).toEqual(got[0]);
  }, 30000);
});
