/**
 * Differential harness for ACL scenarios: several named connections per
 * case (AUTH as different users, kills, subscribers), each reply parsed and
 * compared with a real redis-server 7.0. Replies Redis renders in hash-table
 * order (single commands in ACL LIST/GETUSER, ACL CAT <category>) or with
 * times/addresses (ACL LOG) are normalised by the step's `norm`.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer, type RedisServerOptions } from '../../../engines/redis/index.js';
import { RawConn, encode, haveRedis, REDIS_BIN, startRealRedis, type RealRedis } from './diff.js';

export type Norm = 'tokens' | 'unordered' | 'log' | 'type' | 'ignore' | 'slowlog' | 'monitor';
export interface AStep {
  cmd: string[];
  /** Connection name (default 'a'); opened on first use (HELLO 3 first for RESP3 cases). */
  on?: string;
  norm?: Norm;
  /** Number of replies to read (default 1; 0 = send only). */
  replies?: number;
  /** Expect the connection to be closed after the replies. */
  closes?: boolean;
  /** Only read `replies` pending replies (pushes) from the connection; nothing is sent. */
  readOnly?: boolean;
}
export interface ACase { name: string; resp?: 2 | 3 | 'both'; steps: (string[] | AStep)[]; only?: boolean; realArgs?: string[] }

type Tree = string | number | null | boolean | Tree[] | { t: string; v: Tree };

/** Parse one RESP2/3 reply into a tree that keeps the type bytes. */
function parse(raw: string): Tree {
  let p = 0;
  const line = () => { const e = raw.indexOf('\r\n', p); const s = raw.slice(p, e); p = e + 2; return s; };
  const one = (): Tree => {
    const t = raw[p++];
    const l = line();
    switch (t) {
      case '+': case '-': case ':': case ',': case '(': case '#': return { t, v: l };
      case '_': return null;
      case '$': case '=': { const n = Number(l); if (n < 0) return null; const s = raw.slice(p, p + n); p += n + 2; return { t, v: s }; }
      case '*': case '~': case '>': case '%': {
        const n = Number(l); if (n < 0) return { t, v: null };
        const k = t === '%' ? 2 * n : n; const a: Tree[] = [];
        for (let i = 0; i < k; i++) a.push(one());
        return { t, v: a };
      }
    }
    throw new Error('bad reply ' + JSON.stringify(raw));
  };
  return one();
}

const VARYING = new Set(['id', 'addr', 'laddr', 'fd', 'age', 'idle', 'qbuf', 'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events']);
function normClientInfo(s: string): string {
  return s.split(' ').map((kv) => { const i = kv.indexOf('='); const k = kv.slice(0, i); return VARYING.has(k) ? k + '=*' : kv; }).join(' ');
}

function normalize(tree: Tree, norm: Norm | undefined): Tree {
  if (!norm || tree === null || typeof tree !== 'object' || Array.isArray(tree)) return tree;
  const node = tree as { t: string; v: Tree };
  if (norm === 'tokens') {
    if (node.t === '$' || node.t === '+') return { t: node.t, v: String(node.v).split(' ').sort().join(' ') };
    if (Array.isArray(node.v)) return { t: node.t, v: node.v.map((x) => normalize(x, norm)) };
    return node;
  }
  if (norm === 'unordered' && Array.isArray(node.v)) return { t: node.t, v: [...node.v].map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x)) };
  if (norm === 'log' && Array.isArray(node.v)) {
    return {
      t: node.t, v: node.v.map((entry) => {
        const e = entry as { t: string; v: Tree[] };
        const v = e.v.slice();
        for (let i = 0; i < v.length; i += 2) {
          const k = (v[i] as { v: string }).v;
          const val = v[i + 1] as { t: string; v: string };
          if (k === 'age-seconds') v[i + 1] = { t: val.t, v: '<age>' };
          if (k === 'client-info') v[i + 1] = { t: val.t, v: normClientInfo(val.v) };
        }
        return { t: e.t, v };
      }),
    };
  }
  if (norm === 'type') return { t: node.t, v: '<value>' };
  // MONITOR line: drop the timestamp and client address.
  if (norm === 'monitor' && typeof node.v === 'string') return { t: node.t, v: node.v.replace(/^[\d.]+ \[(\d+) [^\]]*\]/, '[$1]') };
  // SLOWLOG GET: keep only each entry's argv (ids, times, durations and addresses differ).
  if (norm === 'slowlog' && Array.isArray(node.v)) return { t: node.t, v: node.v.map((e) => ((e as { v: Tree[] }).v)[3]) };
  return tree;
}

/** Undo whatever a case changed (users, default user, log, config). */
async function resetServer(port: number): Promise<void> {
  const c = await RawConn.open(port);
  try {
    await c.command(['AUTH', 'default', 'pw']); // cases that protect the default user use the password 'pw'
    for (const cmd of [
      ['CONFIG', 'SET', 'requirepass', ''], ['CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels'], ['CONFIG', 'SET', 'acllog-max-len', '128'],
      ['ACL', 'SETUSER', 'default', 'on', 'nopass', 'resetkeys', '~*', 'resetchannels', '&*', '+@all', 'clearselectors'],
    ]) await c.command(cmd);
    const users = await c.command(['ACL', 'USERS']);
    const names = [...users.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1]).filter((n) => n !== 'default');
    if (names.length) await c.command(['ACL', 'DELUSER', ...names]);
    await c.command(['ACL', 'LOG', 'RESET']);
    await c.command(['FLUSHALL']);
  } finally { c.close(); }
}

export async function runCase(port: number, tc: ACase, resp: 2 | 3): Promise<string[]> {
  await resetServer(port);
  const conns = new Map<string, RawConn>();
  const out: string[] = [];
  try {
    for (const st of tc.steps) {
      const s: AStep = Array.isArray(st) ? { cmd: st } : st;
      const name = s.on ?? 'a';
      let c = conns.get(name);
      if (!c) {
        c = await RawConn.open(port);
        conns.set(name, c);
        if (resp === 3) await c.command(['HELLO', '3']);
      }
      if (!s.readOnly) c.send(encode(s.cmd));
      const n = s.replies ?? 1;
      for (let i = 0; i < n; i++) {
        const raw = await c.read(2000);
        const label = `${name}> ${s.readOnly ? '(read)' : s.cmd.join(' ').slice(0, 100)}`;
        if (raw === '<closed>' || raw === '<timeout>') { out.push(`${label} => ${raw}`); continue; }
        const tree = s.norm === 'ignore' ? '<ignored>' : normalize(parse(raw), s.norm);
        out.push(`${label} => ${JSON.stringify(tree)}`);
      }
      if (s.closes) out.push(`${name} closed: ${(await c.read(1000)) === '<closed>'}`);
    }
  } finally {
    for (const c of conns.values()) c.close();
  }
  return out;
}

export function aclDiffSuite(title: string, cases: ACase[], ourOpts: RedisServerOptions = {}): void {
  const d = haveRedis ? describe : describe.skip;
  if (!haveRedis) console.warn(`[acl-diff] ${REDIS_BIN} not found: skipping '${title}'`);
  d(`acl diff: ${title}`, () => {
    let real: RealRedis;
    let ours: RedisServer;
    let ourPort = 0;
    beforeAll(async () => {
      real = await startRealRedis(cases.find((c) => c.realArgs)?.realArgs ?? []);
      ours = new RedisServer({ allowRestrictedCommands: true, ...ourOpts, port: 0 });
      ourPort = (await ours.listen()).port;
    });
    afterAll(async () => {
      await ours?.close();
      await real?.stop();
    });
    const focused = cases.some((c) => c.only);
    for (const tc of cases) {
      if (focused && !tc.only) continue;
      const protos: (2 | 3)[] = tc.resp === 'both' ? [2, 3] : [tc.resp ?? 2];
      for (const p of protos) {
        it(`${tc.name}${protos.length > 1 || p === 3 ? ` [RESP${p}]` : ''}`, async () => {
          const expected = await runCase(real.port, tc, p);
          const actual = await runCase(ourPort, tc, p);
          expect(actual).toEqual(expected);
        });
      }
    }
  });
}
