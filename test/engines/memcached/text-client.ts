// A tiny text-protocol client for tests (no text client is installed):
// pipelined requests, replies matched in order.

import net from 'node:net';

type Pending = { resolve: (v: string[]) => void; reject: (e: Error) => void; kind: 'line' | 'values' | 'config' };

export class TextClient {
  private buf = '';
  private pending: Pending[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => { this.buf += d; this.drain(); });
    socket.on('close', () => {
      for (const p of this.pending.splice(0)) p.reject(new Error('connection closed'));
    });
    socket.on('error', () => { /* close follows */ });
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<TextClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host);
      const t = setTimeout(() => { s.destroy(); reject(new Error('connect timeout')); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); resolve(new TextClient(s)); });
      s.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const p = this.pending[0];
      const end = p.kind === 'line' ? this.buf.indexOf('\r\n') : this.findEnd();
      if (end < 0) return;
      const cut = p.kind === 'line' ? end + 2 : end;
      const chunk = this.buf.slice(0, cut);
      this.buf = this.buf.slice(cut);
      this.pending.shift();
      p.resolve(p.kind === 'line' ? [chunk.slice(0, -2)] : this.parseValues(chunk));
    }
  }

  /** End of a VALUE/CONFIG ... END block, honouring byte counts. */
  private findEnd(): number {
    let pos = 0;
    for (;;) {
      const nl = this.buf.indexOf('\r\n', pos);
      if (nl < 0) return -1;
      const line = this.buf.slice(pos, nl);
      if (line === 'END') return nl + 2;
      const m = /^(?:VALUE|CONFIG) \S+ \d+ (\d+)/.exec(line);
      if (!m) return nl + 2; // error line
      const dataEnd = nl + 2 + Number(m[1]) + 2;
      if (this.buf.length < dataEnd) return -1;
      pos = dataEnd;
    }
  }

  private parseValues(block: string): string[] {
    const out: string[] = [];
    let pos = 0;
    for (;;) {
      const nl = block.indexOf('\r\n', pos);
      if (nl < 0) break;
      const line = block.slice(pos, nl);
      const m = /^(?:VALUE|CONFIG) (\S+) \d+ (\d+)/.exec(line);
      if (!m) {
        if (line !== 'END') out.push(line);
        break;
      }
      const len = Number(m[2]);
      out.push(m[1], block.slice(nl + 2, nl + 2 + len));
      pos = nl + 2 + len + 2;
    }
    return out;
  }

  private request(cmd: string, kind: Pending['kind'], timeoutMs = 5000): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout: ${cmd.slice(0, 40)}`)), timeoutMs);
      this.pending.push({
        kind,
        resolve: (v) => { clearTimeout(t); resolve(v); },
        reject: (e) => { clearTimeout(t); reject(e); },
      });
      this.socket.write(cmd, 'latin1');
    });
  }

  async set(key: string, value: string, flags = 0, exptime = 0): Promise<string> {
    return (await this.request(`set ${key} ${flags} ${exptime} ${value.length}\r\n${value}\r\n`, 'line'))[0];
  }

  /** Returns a map of found keys to values. */
  async get(...keys: string[]): Promise<Map<string, string>> {
    const flat = await this.request(`get ${keys.join(' ')}\r\n`, 'values');
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
    return m;
  }

  async command(line: string): Promise<string> {
    return (await this.request(line + '\r\n', 'line'))[0];
  }

  /** `config get cluster` → [version line, nodes line]. */
  async configGetCluster(): Promise<{ version: number; nodes: Array<{ host: string; ip: string; port: number }> }> {
    const flat = await this.request('config get cluster\r\n', 'config');
    if (flat.length < 2) throw new Error(`unexpected reply: ${flat.join(' ')}`);
    const [versionLine, nodesLine] = flat[1].split('\n');
    return {
      version: Number(versionLine),
      nodes: nodesLine.split(' ').map((n) => {
        const [host, ip, port] = n.split('|');
        return { host, ip, port: Number(port) };
      }),
    };
  }

  async stats(): Promise<Record<string, string>> {
    const flat = await this.requestStats();
    return flat;
  }

  private requestStats(): Promise<Record<string, string>> {
    return new Promise((resolve, reject) => {
      const out: Record<string, string> = {};
      const onData = () => {
        const end = this.buf.indexOf('END\r\n');
        if (end < 0) return;
        const block = this.buf.slice(0, end);
        this.buf = this.buf.slice(end + 5);
        this.socket.off('data', onData);
        clearTimeout(t);
        for (const line of block.split('\r\n')) {
          const m = /^STAT (\S+) (.*)$/.exec(line);
          if (m) out[m[1]] = m[2];
        }
        resolve(out);
      };
      const t = setTimeout(() => { this.socket.off('data', onData); reject(new Error('stats timeout')); }, 5000);
      this.socket.on('data', onData);
      this.socket.write('stats\r\n');
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
