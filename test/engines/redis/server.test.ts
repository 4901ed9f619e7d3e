import { describe, it, expect } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn } from './diff.js';

async function withServer(fn: (s: RedisServer, port: number) => Promise<void>, opts = {}): Promise<void> {
  const s = new RedisServer({ allowRestrictedCommands: true, ...opts });
  const { port } = await s.listen();
  try { await fn(s, port); } finally { await s.close(); }
}

describe('server behaviour not covered by byte diffs', () => {
  it('propagates deterministic effects (SET EX → SET PXAT, EXPIRE → PEXPIREAT, INCRBYFLOAT → SET KEEPTTL, MULTI wrap)', async () => {
    await withServer(async (s, port) => {
      const log: string[][] = [];
      s.core.ks.propagateHooks.push((_db, argv) => log.push(argv));
      const c = await RawConn.open(port);
      try {
        await c.command(['SET', 'a', '1', 'EX', '100']);
        await c.command(['EXPIRE', 'a', '50']);
        await c.command(['INCRBYFLOAT', 'f', '1.5']);
        await c.command(['GET', 'a']);
        await c.command(['MULTI']); await c.command(['INCR', 'n']); await c.command(['DEL', 'a']); await c.command(['EXEC']);
      } finally { c.close(); }
      expect(log.map((a) => a[0])).toEqual(['SET', 'PEXPIREAT', 'SET', 'MULTI', 'INCR', 'DEL', 'EXEC']);
      expect(log[0][3]).toBe('PXAT');
      expect(log[2]).toEqual(['SET', 'f', '1.5', 'KEEPTTL']);
    });
  });
  it('key-change and key-ready hooks fire', async () => {
    await withServer(async (s, port) => {
      const changed: string[] = [];
      s.core.ks.keyChangeHooks.push((_db, k) => changed.push(k));
      const c = await RawConn.open(port);
      try { await c.command(['MSET', 'x', '1', 'y', '2']); await c.command(['RENAME', 'x', 'z']); } finally { c.close(); }
      expect(changed).toEqual(['x', 'y', 'x', 'z']);
    });
  });
  it('MONITOR streams commands', async () => {
    await withServer(async (_s, port) => {
      const m = await RawConn.open(port);
      const c = await RawConn.open(port);
      try {
        expect(await m.command(['MONITOR'])).toBe('+OK\r\n');
        await c.command(['SET', 'k', 'a b"c']);
        expect(await m.read()).toMatch(/^\+\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "k" "a b\\"c"\r\n$/);
      } finally { m.close(); c.close(); }
    });
  });
  it('CLIENT LIST/INFO/KILL and PAUSE WRITE', async () => {
    await withServer(async (_s, port) => {
      const a = await RawConn.open(port);
      const b = await RawConn.open(port);
      try {
        await a.command(['CLIENT', 'SETNAME', 'alpha']);
        const list = await a.command(['CLIENT', 'LIST']);
        expect(list).toMatch(/id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=alpha age=\d+ idle=\d+ flags=N db=0 /);
        const idB = Number((await b.command(['CLIENT', 'ID'])).slice(1));
        expect(await a.command(['CLIENT', 'PAUSE', '300', 'WRITE'])).toBe('+OK\r\n');
        const t0 = Date.now();
        expect(await b.command(['GET', 'x'])).toBe('$-1\r\n'); // reads are not paused
        expect(await b.command(['SET', 'x', '1'])).toBe('+OK\r\n');
        expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
        expect(await a.command(['CLIENT', 'KILL', 'ID', String(idB)])).toBe(':1\r\n');
        expect(await b.read(1000)).toBe('<closed>');
      } finally { a.close(); b.close(); }
    });
  });
  it('crash() drops every connection at once', async () => {
    const s = new RedisServer();
    const { port } = await s.listen();
    const c = await RawConn.open(port);
    expect(await c.command(['PING'])).toBe('+PONG\r\n');
    s.crash();
    expect(await c.read(1000)).toBe('<closed>');
    expect(s.stats().connectedClients).toBe(0);
  });
  it('handleConnection() serves sockets accepted by another listener (endpoint)', async () => {
    const s = new RedisServer();
    const net = await import('node:net');
    const ep = net.createServer((sock) => s.handleConnection(sock));
    await new Promise<void>((r) => ep.listen(0, '127.0.0.1', r));
    const port = (ep.address() as import('node:net').AddressInfo).port;
    const c = await RawConn.open(port);
    try {
      expect(await c.command(['SET', 'via', 'endpoint'])).toBe('+OK\r\n');
      expect(s.stats().keys).toBe(1);
    } finally { c.close(); s.crash(); await new Promise((r) => ep.close(r)); }
  });
  it('SCAN returns every key present for the whole scan despite concurrent inserts/deletes', async () => {
    await withServer(async (s, port) => {
      const c = await RawConn.open(port);
      try {
        const stable = new Set<string>();
        for (let i = 0; i < 500; i++) { await c.command(['SET', `s${i}`, '1']); stable.add(`s${i}`); }
        for (let i = 0; i < 500; i++) await c.command(['SET', `t${i}`, '1']);
        const seen = new Set<string>();
        let cursor = '0', round = 0;
        do {
          const r = await c.command(['SCAN', cursor, 'COUNT', '50']);
          const parts = r.split('\r\n');
          cursor = parts[2];
          for (let i = 5; i < parts.length; i += 2) if (parts[i]) seen.add(parts[i]);
          // churn: delete transient keys and add new ones while scanning
          for (let k = 0; k < 20; k++) { await c.command(['DEL', `t${round * 20 + k}`]); await c.command(['SET', `n${round}_${k}`, '1']); }
          round++;
        } while (cursor !== '0');
        for (const k of stable) expect(seen.has(k)).toBe(true);
      } finally { c.close(); }
      void s;
    });
  });
});
