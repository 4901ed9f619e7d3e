/**
 * Differential test harness: runs identical command sequences over raw RESP
 * against our engine and a real redis-server 7.0, and compares reply bytes.
 *
 * Adding cases: append to a `DiffCase[]` table and call `diffSuite(title, cases)`
 * in a *.diff.test.ts file. A case is a list of steps; a step is an argv
 * array, or an object for multi-reply commands, raw bytes, or normalisation.
 */
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer, type RedisServerOptions } from '../../../engines/redis/index.js';

export const REDIS_BIN = '/usr/bin/redis-server';
export const haveRedis = fs.existsSync(REDIS_BIN);

export type Step =
  | string[]
  | {
      cmd?: string[];
      /** Raw bytes to send instead of an argv (protocol tests). */
      raw?: string;
      /** Number of replies this step produces (default 1; SUBSCRIBE a b → 2). */
      replies?: number;
      /** Reply is an unordered collection: compare with elements sorted (top-level, or each nested array). */
      unordered?: boolean;
      /** Don't compare the reply (still consumed), e.g. TIME. */
      ignore?: boolean;
      /** Compare only the reply type byte (e.g. integer TTLs that may differ by timing). */
      typeOnly?: boolean;
      /** Expect the server to close the connection after this step. */
      closes?: boolean;
      /** Sleep this many ms before sending. */
      sleep?: number;
      /**
       * Create a key of a non-string type (before lists etc. exist in our engine):
       * real redis gets `LPUSH key x`, our engine gets a 'list' entry inserted directly.
       */
      wrongType?: string;
    };

export interface DiffCase {
  name: string;
  steps: Step[];
  /** Run after HELLO 3 (RESP3). 'both' runs the case twice. Default: RESP2 only. */
  resp?: 2 | 3 | 'both';
  /** Our server options for this case (default allowRestrictedCommands). */
  only?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export interface RealRedis { port: number; proc: ChildProcess; stop(): Promise<void> }

export async function startRealRedis(extra: string[] = []): Promise<RealRedis> {
  const port = await freePort();
  // A directory of its own: redis-server loads dump.rdb from its dir at startup and a replica
  // writes the RDB of its full sync there, so the working directory must never be shared.
  const dir = extra.includes('--dir') ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'real-redis-'));
  const proc = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(dir ? ['--dir', dir] : []), ...extra], { stdio: 'ignore' });
  if (dir) proc.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await RawConn.open(port, 500);
      const r = await c.command(['PING']);
      c.close();
      if (r === '+PONG\r\n') break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error('redis-server did not start'); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port, proc,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      const t = setTimeout(() => { proc.kill('SIGKILL'); }, 3000);
      proc.once('exit', () => { clearTimeout(t); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}

export function encode(argv: string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) { const b = Buffer.from(a, 'latin1'); parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')); }
  return Buffer.concat(parts);
}

/** End offset of one complete RESP2/3 reply starting at pos, or -1 if incomplete. */
export function replyEnd(b: Buffer, pos: number): number {
  if (pos >= b.length) return -1;
  const nl = b.indexOf('\r\n', pos);
  if (nl < 0) return -1;
  const t = String.fromCharCode(b[pos]);
  const n = Number(b.toString('latin1', pos + 1, nl));
  let p = nl + 2;
  switch (t) {
    case '+': case '-': case ':': case ',': case '_': case '#': case '(': return p;
    case '$': case '=': case '!':
      if (n < 0) return p;
      return b.length >= p + n + 2 ? p + n + 2 : -1;
    case '*': case '~': case '>': case '%': case '|': {
      if (n < 0) return p;
      let count = t === '%' || t === '|' ? n * 2 : n;
      for (; count > 0; count--) { p = replyEnd(b, p); if (p < 0) return -1; }
      if (t === '|') return replyEnd(b, p); // attribute precedes the real reply
      return p;
    }
  }
  throw new Error(`bad RESP type byte ${JSON.stringify(t)} in ${JSON.stringify(b.toString('latin1', pos, pos + 40))}`);
}

/** Split an aggregate's raw bytes into header + element raws (for unordered comparison). */
export function sortAggregate(raw: string): string {
  const b = Buffer.from(raw, 'latin1');
  const t = raw[0];
  if (!'*~%>'.includes(t)) return raw;
  const nl = raw.indexOf('\r\n');
  const n = Number(raw.slice(1, nl));
  if (n <= 0) return raw;
  let p = nl + 2;
  const items: string[] = [];
  const per = t === '%' ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const s = p;
    for (let k = 0; k < per; k++) p = replyEnd(b, p);
    items.push(sortAggregate(raw.slice(s, p)));
  }
  items.sort();
  return raw.slice(0, nl + 2) + items.join('');
}

export class RawConn {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    sock.on('close', () => { this.closed = true; this.wake(); });
    sock.on('error', () => { this.closed = true; this.wake(); });
  }
  private wake() { const w = this.waiters; this.waiters = []; for (const f of w) f(); }
  static open(port: number, timeoutMs = 3000): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      const t = setTimeout(() => { s.destroy(); reject(new Error('connect timeout')); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); resolve(new RawConn(s)); });
      s.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }
  send(data: Buffer | string): void { this.sock.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data); }
  /** Read one complete reply as latin1 string; '<closed>' if the connection closed first. */
  async read(timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = replyEnd(this.buf, 0);
      if (end >= 0) { const r = this.buf.toString('latin1', 0, end); this.buf = this.buf.subarray(end); return r; }
      if (this.closed) return '<closed>';
      const left = deadline - Date.now();
      if (left <= 0) return '<timeout>';
      await new Promise<void>((resolve) => { const t = setTimeout(resolve, left); this.waiters.push(() => { clearTimeout(t); resolve(); }); });
    }
  }
  async command(argv: string[], timeoutMs = 3000): Promise<string> { this.send(encode(argv)); return this.read(timeoutMs); }
  close(): void { this.sock.destroy(); }
}

/** Run a case's steps on a fresh connection; returns the normalised reply strings. */
export async function runSteps(port: number, steps: Step[], resp: 2 | 3, ours?: RedisServer): Promise<string[]> {
  const c = await RawConn.open(port);
  try {
    await c.command(['FLUSHALL']);
    if (resp === 3) await c.command(['HELLO', '3']);
    const out: string[] = [];
    for (const st of steps) {
      const s = Array.isArray(st) ? { cmd: st } : st;
      if (s.sleep) await new Promise((r) => setTimeout(r, s.sleep));
      if (s.wrongType !== undefined) {
        if (ours && !ours.core.allCommands().find((x) => x.name === 'lpush')?.handler) {
          const db = ours.core.ks.dbs[0];
          db.delete(s.wrongType);
          db.add(s.wrongType, 'list', ['x']);
        } else await c.command(['LPUSH', s.wrongType, 'x']);
        continue;
      }
      if (s.raw !== undefined) c.send(s.raw); else c.send(encode(s.cmd!));
      const n = s.replies ?? 1;
      for (let i = 0; i < n; i++) {
        let r = await c.read(s.closes ? 1000 : 3000);
        if (s.ignore) r = '<ignored>';
        else if (s.typeOnly) r = r[0] + '…';
        else if (s.unordered) r = sortAggregate(r);
        out.push(r);
      }
      if (s.closes) {
        const after = await c.read(1000);
        out.push(after === '<closed>' ? '<closed>' : 'not closed: ' + after);
      }
    }
    return out;
  } finally { c.close(); }
}

/** Label each reply with the step that produced it, for readable diffs. */
function label(steps: Step[], replies: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const st of steps) {
    const s = Array.isArray(st) ? { cmd: st } : st;
    if (s.wrongType !== undefined) continue;
    const name = s.raw !== undefined ? `raw ${JSON.stringify(s.raw.slice(0, 40))}` : s.cmd!.join(' ').slice(0, 80);
    const n = (s.replies ?? 1) + (s.closes ? 1 : 0);
    for (let k = 0; k < n; k++) out.push(`${name} => ${JSON.stringify(replies[i++])}`);
  }
  return out;
}

/** Register a vitest suite comparing every case against real redis-server. */
export function diffSuite(title: string, cases: DiffCase[], ourOpts: RedisServerOptions = { allowRestrictedCommands: true }): void {
  const d = haveRedis ? describe : describe.skip;
  if (!haveRedis) console.warn(`[diff] ${REDIS_BIN} not found: skipping differential suite '${title}'`);
  d(`diff: ${title}`, () => {
    let real: RealRedis;
    let ours: RedisServer;
    let ourPort = 0;
    beforeAll(async () => {
      real = await startRealRedis();
      ours = new RedisServer({ ...ourOpts, port: 0 });
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
          const expected = await runSteps(real.port, tc.steps, p);
          const actual = await runSteps(ourPort, tc.steps, p, ours);
          expect(label(tc.steps, actual)).toEqual(label(tc.steps, expected));
        });
      }
    }
  });
}
