// Test helpers: start the real memcached and our engine side by side, raw
// socket exchanges with bounded waits, and reply normalisation (CAS ids
// become ordinals, timings become shapes) for differential comparisons.

import net from 'node:net';
import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { MemcachedServer, type MemcachedServerOptions } from '../../../engines/memcached/index.js';

export const MEMCACHED_BIN = process.env.MEMCACHED_BIN ?? '/usr/bin/memcached';
export const HAVE_MEMCACHED = fs.existsSync(MEMCACHED_BIN);
if (!HAVE_MEMCACHED) {
  console.warn(`[memcached tests] ${MEMCACHED_BIN} not found: differential tests are skipped (CI installs memcached).`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    setTimeout(() => done(false), 500).unref();
  });
}

export interface RealMemcached { port: number; child: ChildProcess; stop(): Promise<void> }

/** Start /usr/bin/memcached on a free loopback port and wait (bounded) until it accepts. */
export async function startRealMemcached(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RealMemcached> {
  const port = await freePort();
  const userArgs = process.getuid && process.getuid() === 0 ? ['-u', 'root'] : [];
  const child = spawn(MEMCACHED_BIN, [...userArgs, '-l', '127.0.0.1', '-p', String(port), '-U', '0', '-t', '1', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`memcached exited: ${stderr}`);
    if (await canConnect(port)) {
      return {
        port,
        child,
        stop: () => new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const t = setTimeout(() => { child.kill('SIGKILL'); }, 2000);
          child.once('exit', () => { clearTimeout(t); resolve(); });
          child.kill('SIGTERM');
        }),
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`memcached did not start on ${port}: ${stderr}`);
}

export async function startOurs(opts: MemcachedServerOptions = {}): Promise<MemcachedServer> {
  const s = new MemcachedServer({ version: '1.6.18', ...opts });
  await s.listen();
  return s;
}

export interface ServerPair { readonly real: RealMemcached; readonly ours: MemcachedServer }

/**
 * For the enclosing describe block: a real memcached (`realArgs`) and our
 * node (`ourOpts`) started before its tests and stopped after them.
 */
export function useServerPair(realArgs: string[] = ['-m', '64'], ourOpts: MemcachedServerOptions = {}): ServerPair {
  const pair = {} as { real: RealMemcached; ours: MemcachedServer };
  beforeAll(async () => {
    pair.real = await startRealMemcached(realArgs);
    pair.ours = await startOurs(ourOpts);
  });
  afterAll(async () => {
    await pair.real?.stop();
    await pair.ours?.close();
  });
  return pair;
}

/** A raw socket with a receive buffer and bounded waits. */
export class RawClient {
  private buf = Buffer.alloc(0);
  closed = false;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    socket.on('close', () => { this.closed = true; this.wake(); });
    socket.on('error', () => { /* surfaced as close */ });
  }

  static connect(port: number, timeoutMs = 2000): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      const t = setTimeout(() => { s.destroy(); reject(new Error('connect timeout')); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); resolve(new RawClient(s)); });
      s.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Wait until `done(buffer)` is true, the socket closes, or the timeout passes; consume and return. */
  async readUntil(done: (b: Buffer) => boolean, timeoutMs = 2000): Promise<{ data: Buffer; timedOut: boolean }> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.buf) && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    const data = this.buf;
    this.buf = Buffer.alloc(0);
    return { data, timedOut: !done(data) && !this.closed };
  }

  /** Collect whatever arrives during `ms`. */
  async readFor(ms: number): Promise<Buffer> {
    await new Promise((r) => setTimeout(r, ms));
    const data = this.buf;
    this.buf = Buffer.alloc(0);
    return data;
  }

  close(): void {
    this.socket.destroy();
  }
}

const TEXT_SENTINEL = 'mn\r\n';
const TEXT_SENTINEL_REPLY = 'MN\r\n';

/**
 * Send a text step followed by "mn" and return the replies before "MN".
 * With `raw`, no sentinel is sent and replies are collected for a while
 * (steps that leave the connection mid-value or closed).
 */
export async function textStep(c: RawClient, step: string, raw = false, timeoutMs = 2000): Promise<string> {
  if (raw) {
    c.write(step);
    const b = await c.readFor(150);
    return b.toString('latin1') + (c.closed ? '<closed>' : '');
  }
  c.write(step + TEXT_SENTINEL);
  const { data, timedOut } = await c.readUntil((b) => b.length >= 4 && b.toString('latin1', b.length - 4) === TEXT_SENTINEL_REPLY, timeoutMs);
  const s = data.toString('latin1');
  if (timedOut) return s + '<timeout>';
  if (!s.endsWith(TEXT_SENTINEL_REPLY)) return s + (c.closed ? '<closed>' : '');
  return s.slice(0, -TEXT_SENTINEL_REPLY.length);
}

/** Replace CAS ids by their order of first appearance, and timings by shapes. */
export class Normalizer {
  private casIds = new Map<string, number>();
  lastCas = '0';

  private ord(v: string): string {
    this.lastCas = v;
    if (v === '0') return '0';
    let n = this.casIds.get(v);
    if (n === undefined) {
      n = this.casIds.size + 1;
      this.casIds.set(v, n);
    }
    return `#${n}`;
  }

  text(s: string): string {
    return s
      .replace(/^(VALUE \S+ \d+ \d+) (\d+)\r$/gm, (_m, a: string, cas: string) => `${a} ${this.ord(cas)}\r`)
      .replace(/^((?:VA|HD|EN|NF|NS|EX)\b[^\r\n]*)$/gm, (line: string) =>
        line
          .replace(/ c(\d+)/g, (_m, cas: string) => ` c${this.ord(cas)}`)
          .replace(/ t(\d+)/g, (_m, t: string) => ` t${Number(t) > 0 ? '<pos>' : t}`)
          .replace(/ l(\d+)/g, ' l<la>'))
      .replace(/^ME (\S+) exp=(-?\d+) la=\d+ cas=(\d+)/gm, (_m, k: string, exp: string, cas: string) =>
        `ME ${k} exp=${exp === '-1' ? '-1' : '<exp>'} la=<la> cas=${this.ord(cas)}`)
      .replace(/^VERSION .*$/gm, 'VERSION <v>');
  }
}

/** Pull the most recent CAS a reply mentions. */
export function lastCasIn(reply: string): string | null {
  let found: string | null = null;
  for (const m of reply.matchAll(/^VALUE \S+ \d+ \d+ (\d+)\r$/gm)) found = m[1];
  for (const m of reply.matchAll(/ c(\d+)/g)) found = m[1];
  return found;
}
