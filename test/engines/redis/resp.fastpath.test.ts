/**
 * The parser's one-pass fast path (RespParser.whole) and borrowed read
 * buffers (pushBorrowed/release, used with netio.readInto) must give exactly
 * what the general parser gives, for any split of the input.
 */
import net from 'node:net';
import { describe, it, expect } from 'vitest';
import { RespParser } from '../../../engines/redis/resp.js';
import { RedisServer } from '../../../engines/redis/index.js';
import { encode } from './diff.js';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Feed `data` in chunks through one reused read buffer, scribbling over it after every release. */
function parseBorrowed(data: Buffer, cuts: number[], auth = true): { cmds: string[][]; error: string | null } {
  const p = new RespParser();
  p.authenticated = auth;
  const rb = Buffer.alloc(64 * 1024);
  const cmds: string[][] = [];
  let at = 0;
  for (const cut of [...cuts, data.length]) {
    while (at < cut) {
      const n = Math.min(cut - at, rb.length);
      data.copy(rb, 0, at, at + n);
      at += n;
      const chunk = rb.subarray(0, n);
      p.pushBorrowed(chunk);
      for (let a = p.next(); a !== null; a = p.next()) cmds.push(a);
      p.release(chunk);
      rb.fill(0x2a); // the next read overwrites the buffer
      if (p.error !== null) return { cmds, error: p.error };
    }
  }
  return { cmds, error: p.error };
}

/** The general parser alone (every byte pushed separately never hits the fast path for >1-byte commands). */
function parseBytewise(data: Buffer, auth = true): { cmds: string[][]; error: string | null } {
  const p = new RespParser();
  p.authenticated = auth;
  const cmds: string[][] = [];
  for (let i = 0; i < data.length; i++) {
    p.push(data.subarray(i, i + 1));
    for (let a = p.next(); a !== null; a = p.next()) cmds.push(a);
    if (p.error !== null) break;
  }
  return { cmds, error: p.error };
}

function randomArg(r: () => number): string {
  const kind = r();
  const len = kind < 0.5 ? Math.floor(r() * 8) : kind < 0.9 ? Math.floor(r() * 64) : Math.floor(r() * 40000);
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(r() * 256));
  return s;
}

describe('RespParser fast path and borrowed buffers', () => {
  it('random pipelines split at random points parse like the byte-wise general parser', () => {
    const r = rng(12345);
    for (let round = 0; round < 40; round++) {
      const cmds: string[][] = [];
      const names = ['SET', 'get', 'INCR', 'lpush', 'HSET', 'Set'];
      for (let i = 0; i < 1 + Math.floor(r() * 30); i++) {
        const argv = [names[Math.floor(r() * names.length)]];
        for (let k = Math.floor(r() * 5); k > 0; k--) argv.push(randomArg(r));
        cmds.push(argv);
      }
      const data = Buffer.concat(cmds.map((c) => encode(c)));
      const cuts = Array.from({ length: Math.floor(r() * 6) }, () => Math.floor(r() * data.length)).sort((a, b) => a - b);
      const got = parseBorrowed(data, cuts);
      expect(got.error).toBeNull();
      expect(got.cmds).toEqual(cmds);
    }
    const bytewise = parseBytewise(Buffer.concat([encode(['SET', 'k', 'v']), encode(['GET', 'k'])]));
    expect(bytewise.cmds).toEqual([['SET', 'k', 'v'], ['GET', 'k']]);
  });

  it('a bulk bigger than the read buffer survives buffer reuse', () => {
    const big = 'b'.repeat(200 * 1024) + 'end';
    const data = Buffer.concat([encode(['SET', 'k', big]), encode(['GET', 'k'])]);
    const got = parseBorrowed(data, [10, 40000, 70000, 150000]);
    expect(got.error).toBeNull();
    expect(got.cmds).toEqual([['SET', 'k', big], ['GET', 'k']]);
  });

  it('reuses the command name string across commands', () => {
    const p = new RespParser();
    p.push(Buffer.concat([encode(['SET', 'a', '1']), encode(['SET', 'b', '2']), encode(['set', 'c', '3'])]));
    const a = p.next()!, b = p.next()!, c = p.next()!;
    expect(a[0]).toBe('SET');
    expect(b[0]).toBe('SET');
    expect(c[0]).toBe('set'); // the client's spelling is kept (error messages echo it)
  });

  it('malformed or limit-breaking input gets the same error as the general parser', () => {
    const cases: [string, boolean][] = [
      ['*03\r\n$3\r\nSET\r\n', true], // leading zero in the count
      ['*1\r\n$03\r\nGET\r\n', true], // leading zero in a bulk length
      ['*1\r\n$-1\r\n', true],
      ['*2\r\n$3\r\nGET\r\n:1\r\n', true], // expected '$'
      ['*1\r\n$99999999999999999999\r\n', true],
      ['*-5\r\n*1\r\n$4\r\nPING\r\n', true], // non-positive counts are skipped
      ['*0\r\n*1\r\n$4\r\nPING\r\n', true],
      ['*11\r\n$1\r\na\r\n', false], // unauthenticated multibulk length
      ['*1\r\n$16385\r\n', false], // unauthenticated bulk length
      ['*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n', false],
    ];
    for (const [input, auth] of cases) {
      const data = Buffer.from(input, 'latin1');
      const whole = parseBorrowed(data, [], auth);
      const bytewise = parseBytewise(data, auth);
      expect(whole, input).toEqual(bytewise);
    }
  });
});

describe('socket I/O (netio.ts): shared read buffer, direct writes, backpressure', () => {
  it('a pipelined burst split across reads, and replies larger than the socket buffer to a paused reader, arrive whole and in order', async () => {
    const srv = new RedisServer({ allowRestrictedCommands: true });
    const { port } = await srv.listen();
    const sock = net.connect(port, '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); });
      const big = 'v'.repeat(1024 * 1024);
      const cmds: string[][] = [['SET', 'big', big]];
      for (let i = 0; i < 20; i++) cmds.push(['GET', 'big'], ['INCR', 'n']);
      cmds.push(['PING']);
      const data = Buffer.concat(cmds.map((c) => encode(c)));
      // Several writes with pauses: commands span reads of the server's shared buffer.
      for (let i = 0; i < data.length; i += 300000) {
        sock.write(data.subarray(i, i + 300000));
        await new Promise((r) => setTimeout(r, 5));
      }
      sock.pause(); // the server's direct write hits EAGAIN and queues the rest on the stream
      await new Promise((r) => setTimeout(r, 300));
      let expected = '+OK\r\n';
      for (let i = 1; i <= 20; i++) expected += `$${big.length}\r\n${big}\r\n:${i}\r\n`;
      expected += '+PONG\r\n';
      const got = await new Promise<string>((resolve, reject) => {
        let out = '';
        const t = setTimeout(() => reject(new Error(`timeout after ${out.length} bytes`)), 10000);
        sock.on('data', (d: Buffer) => { out += d.toString('latin1'); if (out.length >= expected.length) { clearTimeout(t); resolve(out); } });
        sock.resume();
      });
      expect(got.length).toBe(expected.length);
      expect(got === expected).toBe(true);
    } finally {
      sock.destroy();
      await srv.close();
    }
  });
});
