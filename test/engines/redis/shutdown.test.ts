/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: option errors (differential),
 * saving, the 'shutdown' event, waiting for lagging replicas and ABORT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, diffSuite } from './diff.js';

// Only refused forms: none of these may shut the real server down.
diffSuite('SHUTDOWN option errors', [
  { name: 'bad options and combinations', steps: [
    ['SHUTDOWN', 'foo'], ['SHUTDOWN', 'SAVE', 'NOSAVE'], ['SHUTDOWN', 'ABORT', 'NOW'], ['SHUTDOWN', 'NOSAVE', 'ABORT'],
    ['SHUTDOWN', 'ABORT'], ['SHUTDOWN', 'abort'], ['MULTI'], ['SHUTDOWN'], ['DISCARD'],
  ], resp: 'both' },
  { name: 'shutdown-timeout / shutdown-on-sigterm / shutdown-on-sigint', steps: [
    ['CONFIG', 'SET', 'shutdown-on-sigterm', 'now NOSAVE'], ['CONFIG', 'GET', 'shutdown-on-sigterm'],
    ['CONFIG', 'SET', 'shutdown-on-sigint', 'default now force'], ['CONFIG', 'GET', 'shutdown-on-sigint'],
    ['CONFIG', 'SET', 'shutdown-on-sigterm', 'save nosave'], ['CONFIG', 'SET', 'shutdown-on-sigterm', ''],
    ['CONFIG', 'SET', 'shutdown-on-sigterm', 'bogus'], ['CONFIG', 'SET', 'shutdown-on-sigint', 'default'],
    ['CONFIG', 'SET', 'shutdown-on-sigterm', 'default'], { cmd: ['CONFIG', 'GET', 'shutdown-on-sig*'], unordered: true }, // dict order in Redis
    ['CONFIG', 'SET', 'shutdown-timeout', '3'], ['CONFIG', 'GET', 'shutdown-timeout'], ['CONFIG', 'SET', 'shutdown-timeout', '-1'],
    ['CONFIG', 'SET', 'shutdown-timeout', '10'],
  ] },
]);

const started: RedisServer[] = [];
const tmpDirs: string[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(opts: ConstructorParameters<typeof RedisServer>[0] = {}): Promise<{ srv: RedisServer; port: number }> {
  const srv = new RedisServer({ allowRestrictedCommands: true, ...opts });
  started.push(srv);
  const { port } = await srv.listen();
  return { srv, port };
}
const shutdownEvent = (srv: RedisServer) => new Promise<{ saved: boolean }>((resolve, reject) => {
  const t = setTimeout(() => reject(new Error('no shutdown event')), 5000);
  srv.once('shutdown', (info) => { clearTimeout(t); resolve(info); });
});
const tmpDir = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ecl-shutdown-')); tmpDirs.push(d); return d; };

describe('SHUTDOWN', () => {
  it('is an unknown command without allowRestrictedCommands (ElastiCache)', async () => {
    const { port } = await start({ allowRestrictedCommands: false });
    const c = await RawConn.open(port);
    try {
      expect(await c.command(['SHUTDOWN', 'NOSAVE'])).toBe("-ERR unknown command 'SHUTDOWN', with args beginning with: 'NOSAVE' \r\n");
    } finally { c.close(); }
  });

  it('NOSAVE closes every connection and the listener, and emits shutdown', async () => {
    const dir = tmpDir();
    const { srv, port } = await start({ dir, config: { save: '3600 1' } });
    const a = await RawConn.open(port), b = await RawConn.open(port);
    try {
      await a.command(['SET', 'k', 'v']);
      const ev = shutdownEvent(srv);
      a.send('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
      expect(await a.read()).toBe('<closed>');
      expect(await b.read()).toBe('<closed>');
      expect(await ev).toEqual({ saved: false });
      expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(false);
      await expect(RawConn.open(port, 500)).rejects.toThrow();
    } finally { a.close(); b.close(); }
  });

  it('saves when `save` is configured or SAVE is given; the file loads back', async () => {
    const dir = tmpDir();
    const { srv, port } = await start({ dir });
    const a = await RawConn.open(port);
    try {
      await a.command(['SET', 'k', 'v']);
      await a.command(['RPUSH', 'l', 'x', 'y']);
      const ev = shutdownEvent(srv);
      a.send('*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n');
      expect(await a.read()).toBe('<closed>');
      expect(await ev).toEqual({ saved: true });
    } finally { a.close(); }
    const again = await start({ loadRdbPath: path.join(dir, 'dump.rdb') });
    const c = await RawConn.open(again.port);
    try {
      expect(await c.command(['GET', 'k'])).toBe('$1\r\nv\r\n');
      expect(await c.command(['LRANGE', 'l', '0', '-1'])).toBe('*2\r\n$1\r\nx\r\n$1\r\ny\r\n');
    } finally { c.close(); }
  });

  it('a failing save refuses the shutdown unless FORCE', async () => {
    const dir = path.join(tmpDir(), 'missing', 'dir');
    const { srv, port } = await start({ dir });
    const a = await RawConn.open(port);
    try {
      expect(await a.command(['SHUTDOWN', 'SAVE'])).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
      expect(await a.command(['PING'])).toBe('+PONG\r\n');
      const ev = shutdownEvent(srv);
      a.send('*3\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n$5\r\nFORCE\r\n');
      expect(await a.read()).toBe('<closed>');
      expect(await ev).toEqual({ saved: false });
    } finally { a.close(); }
  });

  it('SIGTERM / SIGINT (shutdownOnSignal) follow shutdown-on-sigterm / shutdown-on-sigint', async () => {
    const dir = tmpDir();
    const { srv, port } = await start({ dir, config: { 'shutdown-on-sigterm': 'save now' } });
    const a = await RawConn.open(port);
    try {
      await a.command(['SET', 'k', 'v']);
      const ev = shutdownEvent(srv);
      expect(srv.shutdownOnSignal('sigterm')).toBeNull();
      expect(await ev).toEqual({ saved: true });
      expect(await a.read()).toBe('<closed>');
      expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    } finally { a.close(); }
    const bad = await start({ dir: path.join(dir, 'missing'), config: { save: '3600 1' } });
    expect(bad.srv.shutdownOnSignal('sigint')).toBe('ERR Errors trying to SHUTDOWN. Check logs.'); // default: save points configured
    const c = await RawConn.open(bad.port);
    try {
      expect(await c.command(['PING'])).toBe('+PONG\r\n'); // refused: still serving
      await c.command(['CONFIG', 'SET', 'shutdown-on-sigint', 'nosave']);
      const ev = shutdownEvent(bad.srv);
      expect(bad.srv.shutdownOnSignal('sigint')).toBeNull();
      expect(await ev).toEqual({ saved: false });
    } finally { c.close(); }
  });

  /** A replica that syncs and then never acknowledges: it always lags. */
  async function silentReplica(port: number): Promise<RawConn> {
    const r = await RawConn.open(port);
    expect(await r.command(['REPLCONF', 'listening-port', '1'])).toBe('+OK\r\n');
    r.send('*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n');
    expect(await r.read()).toMatch(/^\+FULLRESYNC /);
    return r;
  }

  it('waits for a lagging replica (writes paused), SHUTDOWN ABORT cancels; NOW does not wait', async () => {
    const m = await start();
    const r = await silentReplica(m.port);
    const a = await RawConn.open(m.port), b = await RawConn.open(m.port);
    try {
      await a.command(['SET', 'k', '1']);
      a.send('*1\r\n$8\r\nSHUTDOWN\r\n');
      expect(await a.read(300)).toBe('<timeout>'); // blocked while the replica lags
      const info = await b.command(['CLIENT', 'LIST']);
      expect(info).toMatch(/ flags=b .*cmd=shutdown /);
      expect(info).toMatch(/ flags=S .*cmd=psync /);
      b.send('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n3\r\n');
      expect(await b.read(200)).toBe('<timeout>'); // writes are paused during the wait
      const c = await RawConn.open(m.port);
      expect(await c.command(['SHUTDOWN', 'ABORT'])).toBe('+OK\r\n');
      expect(await a.read()).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
      expect(await b.read()).toBe('+OK\r\n');
      expect(await c.command(['SHUTDOWN', 'ABORT'])).toBe('-ERR No shutdown in progress.\r\n');
      c.close();
      const ev = shutdownEvent(m.srv);
      a.send('*2\r\n$8\r\nSHUTDOWN\r\n$3\r\nNOW\r\n');
      expect(await a.read()).toBe('<closed>');
      await ev;
    } finally { a.close(); b.close(); r.close(); }
  });

  it('after shutdown-timeout the node shuts down even with a lagging replica', async () => {
    const m = await start({ config: { 'shutdown-timeout': '1' } });
    const r = await silentReplica(m.port);
    const a = await RawConn.open(m.port);
    try {
      await a.command(['SET', 'k', '1']);
      const ev = shutdownEvent(m.srv);
      const t0 = Date.now();
      a.send('*1\r\n$8\r\nSHUTDOWN\r\n');
      expect(await a.read(4000)).toBe('<closed>');
      await ev;
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    } finally { a.close(); r.close(); }
  });
});
