/** Test helper: read a node's replication stream over a raw SYNC link (what it propagates). */
import net from 'node:net';
import { encode, replyEnd } from './diff.js';

/** The argv of one RESP multibulk request. */
export function parseArray(b: Buffer): string[] {
  const out: string[] = [];
  let p = b.indexOf('\r\n') + 2;
  while (p < b.length) {
    const nl = b.indexOf('\r\n', p);
    const n = Number(b.toString('latin1', p + 1, nl));
    out.push(b.toString('latin1', nl + 2, nl + 2 + n));
    p = nl + 2 + n + 2;
  }
  return out;
}

/** A raw SYNC link: skips the RDB, collects the command stream (PING / REPLCONF dropped). */
export class ReplStream {
  private buf = Buffer.alloc(0);
  private rdbDone = false;
  private cmds: string[][] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.parse(); const w = this.waiters; this.waiters = []; for (const f of w) f(); });
    sock.on('error', () => {});
  }
  static async open(port: number): Promise<ReplStream> {
    const sock = net.connect(port, '127.0.0.1');
    await new Promise<void>((r, j) => { sock.once('connect', () => r()); sock.once('error', j); });
    const rs = new ReplStream(sock);
    sock.write(encode(['SYNC']));
    const deadline = Date.now() + 10000;
    while (!rs.rdbDone && Date.now() < deadline) await new Promise<void>((r) => { const t = setTimeout(r, 100); rs.waiters.push(() => { clearTimeout(t); r(); }); });
    if (!rs.rdbDone) throw new Error('no RDB from SYNC');
    return rs;
  }
  private parse(): void {
    if (!this.rdbDone) {
      while (this.buf.length && this.buf[0] === 10) this.buf = this.buf.subarray(1); // keepalive newlines
      const nl = this.buf.indexOf('\r\n');
      if (nl < 0 || this.buf[0] !== 0x24) return;
      const n = Number(this.buf.toString('latin1', 1, nl));
      if (this.buf.length < nl + 2 + n) return;
      this.buf = this.buf.subarray(nl + 2 + n);
      this.rdbDone = true;
    }
    for (;;) {
      const end = replyEnd(this.buf, 0);
      if (end < 0) return;
      const argv = parseArray(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end);
      const name = argv[0].toUpperCase();
      if (name !== 'PING' && name !== 'REPLCONF') this.cmds.push([name, ...argv.slice(1)]);
    }
  }
  async until(done: (cmds: string[][]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 10000;
    while (!done(this.cmds) && Date.now() < deadline) await new Promise<void>((r) => { const t = setTimeout(r, 100); this.waiters.push(() => { clearTimeout(t); r(); }); });
    return this.cmds.map((c) => c.join(' '));
  }
  close(): void { this.sock.destroy(); }
}
