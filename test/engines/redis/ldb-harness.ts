/**
 * Harness for the Lua debugger tests (SCRIPT DEBUG): a raw RESP connection
 * that knows how a debugging session answers (one array per debugger
 * command; `<endsession>`, the final reply and a close at the end), our
 * server in a process of its own (a SYNC session blocks the server's event
 * loop), and redis-cli --ldb driven by piped input.
 */
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const enc = (argv: string[]): Buffer => {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const a of argv) { const b = Buffer.from(a, 'latin1'); parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')); }
  return Buffer.concat(parts);
};

/** End of the RESP reply starting at `p`, or -1 if incomplete. */
export function replyEnd(b: string, p: number): number {
  if (p >= b.length) return -1;
  const eol = b.indexOf('\r\n', p);
  if (eol < 0) return -1;
  const t = b[p];
  const n = Number(b.slice(p + 1, eol));
  let q = eol + 2;
  switch (t) {
    case '$': case '=': case '!':
      if (n < 0) return q;
      return b.length >= q + n + 2 ? q + n + 2 : -1;
    case '*': case '~': case '>': case '%': case '|': {
      const items = t === '%' || t === '|' ? 2 * n : n;
      for (let i = 0; i < items; i++) { q = replyEnd(b, q); if (q < 0) return -1; }
      return t === '|' ? replyEnd(b, q) : q;
    }
    default: return q;
  }
}

/** An argv; raw bytes expecting `replies` replies (0: none, just wait a little; `ignore`: not compared); a pause. */
export type LdbStep = string[] | { raw: string; replies?: number; ignore?: boolean } | { sleep: number };

/** A connection that returns, for each step, the raw bytes of its replies ("[closed]" appended once the server closed). */
export class LdbConn {
  private buf = '';
  private closed = false;
  private waiters: (() => void)[] = [];
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => { this.buf += d.toString('latin1'); this.wake(); });
    sock.on('close', () => { this.closed = true; this.wake(); });
    sock.on('error', () => { /* close follows */ });
  }
  private wake(): void { const w = this.waiters; this.waiters = []; for (const f of w) f(); }

  static open(port: number, timeoutMs = 5000): Promise<LdbConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      const t = setTimeout(() => { s.destroy(); reject(new Error('connect timeout')); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); resolve(new LdbConn(s)); });
      s.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }

  private async waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (this.closed) return cond();
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
    return true;
  }

  /** Read `n` complete replies (fewer if the connection closes); after an `<endsession>` array, everything until the close. */
  async read(n = 1, timeoutMs = 15000): Promise<string> {
    let out = '';
    for (let i = 0; i < n; i++) {
      let end = -1;
      const ok = await this.waitFor(() => (end = replyEnd(this.buf, 0)) >= 0, timeoutMs);
      if (!ok) { out += this.buf; this.buf = ''; break; }
      const r = this.buf.slice(0, end);
      this.buf = this.buf.slice(end);
      out += r;
      if (r.endsWith('+<endsession>\r\n')) {
        // then the final reply (after any replies still pending from before the EVAL) and the close
        await this.waitFor(() => false, 3000);
        out += this.buf;
        this.buf = '';
        break;
      }
    }
    if (this.closed && this.buf === '') out += '[closed]';
    return out;
  }

  write(b: Buffer | string): void { if (!this.closed) this.sock.write(typeof b === 'string' ? Buffer.from(b, 'latin1') : b); }
  send(argv: string[]): void { this.write(enc(argv)); }
  get isClosed(): boolean { return this.closed; }
  close(): void { this.sock.destroy(); }

  /** Run steps; each gives its replies (normalised: Lua pointers differ between servers). */
  async run(steps: LdbStep[]): Promise<string[]> {
    const out: string[] = [];
    for (const st of steps) {
      if ('sleep' in st) { await new Promise((r) => setTimeout(r, st.sleep)); continue; }
      if (Array.isArray(st)) { this.send(st); out.push(normalise(await this.read(1))); continue; }
      this.write(st.raw);
      if (st.replies === 0) { await new Promise((r) => setTimeout(r, 100)); out.push(normalise(this.buf)); this.buf = ''; continue; }
      const r = normalise(await this.read(st.replies ?? 1));
      out.push(st.ignore ? '<ignored>' : r);
    }
    return out;
  }
}

export function normalise(s: string): string { return s.replace(/@0x[0-9a-f]+/g, '@PTR'); }

/** Run a session script on a fresh connection. */
export async function session(port: number, steps: LdbStep[]): Promise<string[]> {
  const c = await LdbConn.open(port);
  try { return await c.run(steps); } finally { c.close(); }
}

/** Our server in its own process (`node --import tsx scripts/redis-server.ts`), port from its banner. */
export interface OurServer { port: number; proc: ChildProcess; stop(): Promise<void> }
export async function startOurServer(extra: string[] = []): Promise<OurServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/redis-server.ts'), '--port', '0', '--allow-restricted-commands', '--config', 'save=', ...extra],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('our server did not start')), 20000);
    proc.stdout!.on('data', (d) => { out += d; const m = /listening on [\d.]+:(\d+)/.exec(out); if (m) { clearTimeout(t); resolve(Number(m[1])); } });
    proc.once('exit', () => { clearTimeout(t); reject(new Error('our server exited')); });
  });
  return {
    port, proc,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      proc.once('exit', () => { clearTimeout(t); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}

/** redis-cli with piped stdin, bounded by a timeout; stdout (ANSI colours included). */
export function redisCli(args: string[], input: string, timeoutMs = 20000): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn('redis-cli', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', () => { clearTimeout(t); resolve(out); });
    p.stdin.end(input);
  });
}
