import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, haveRedis, startRealRedis } from './diff.js';

let srv: RedisServer;
let port = 0;
beforeAll(async () => { srv = new RedisServer({ allowRestrictedCommands: true }); port = (await srv.listen()).port; });
afterAll(async () => { await srv.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scripting with real clients', () => {
  it('ioredis defineCommand (EVALSHA, falling back to EVAL on NOSCRIPT)', async () => {
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await r.script('FLUSH');
      r.defineCommand('incrTwice', { numberOfKeys: 1, lua: 'redis.call("incr", KEYS[1]) return redis.call("incrby", KEYS[1], ARGV[1])' });
      const rr = r as Redis & { incrTwice(key: string, by: number): Promise<number> };
      expect(await rr.incrTwice('cnt', 10)).toBe(11);
      expect(await rr.incrTwice('cnt', 1)).toBe(13);
      const sha = await r.script('LOAD', 'return ARGV[1]') as string;
      expect(await r.evalsha(sha, 0, 'hi')).toBe('hi');
      await expect(r.evalsha('0'.repeat(40), 0)).rejects.toThrow(/NOSCRIPT/);
      expect(await r.eval('return {1, "two", {3}}', 0)).toEqual([1, 'two', [3]]);
      await r.set('nonint', 'abc');
      await expect(r.eval('return redis.call("incr", "nonint")', 0)).rejects.toThrow(/value is not an integer or out of range script: /);
      const bin = Buffer.from([0, 1, 255, 13, 10]);
      expect(await (r as unknown as { evalBuffer(s: string, n: number, a: Buffer): Promise<Buffer> }).evalBuffer('return ARGV[1]', 0, bin)).toEqual(bin);
    } finally { r.disconnect(); }
  });

  it('node-redis scripts and functions (RESP2 and RESP3)', async () => {
    for (const RESP of [2, 3] as const) {
      const c = createClient({ socket: { port, host: '127.0.0.1', connectTimeout: 2000 }, RESP });
      await c.connect();
      try {
        expect(await c.eval('return KEYS[1] .. ARGV[1]', { keys: ['a'], arguments: ['b'] })).toBe('ab');
        await c.functionLoad('#!lua name=nrlib\nredis.register_function("nrf", function(keys, args) return #keys + #args end)', { REPLACE: true });
        expect(await c.fCall('nrf', { keys: ['x'], arguments: ['y', 'z'] })).toBe(3);
        const list = await c.functionList();
        expect(JSON.stringify(list)).toContain('nrlib');
      } finally { await c.quit(); }
    }
  });

  it('a busy script gets BUSY replies for others, SCRIPT KILL stops it, UNKILLABLE after a write', async () => {
    // The server must run in its own process: a busy script blocks its event loop.
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/redis-server.ts'), '--port', '0', '--allow-restricted-commands', '--config', 'save='], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const cport = await new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('server did not start')), 20000);
        let out = '';
        child.stdout!.on('data', (d: Buffer) => { out += d; const m = /listening on [^:]+:(\d+)/.exec(out); if (m) { clearTimeout(t); resolve(Number(m[1])); } });
      });
      const a = await RawConn.open(cport, 2000), b = await RawConn.open(cport, 2000);
      try {
        expect(await b.command(['CONFIG', 'SET', 'busy-reply-threshold', '50'])).toBe('+OK\r\n');
        const p = a.command(['EVAL', 'local i = 0 while true do i = i + 1 end', '0'], 5000);
        await sleep(300);
        expect(await b.command(['PING'])).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
        expect(await b.command(['FUNCTION', 'KILL'])).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
        expect(await b.command(['SCRIPT', 'KILL'])).toBe('+OK\r\n');
        expect(await p).toMatch(/^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
        expect(await b.command(['PING'])).toBe('+PONG\r\n');
        // a script that wrote can't be killed
        const p2 = a.command(['EVAL', 'redis.call("set", "w", "1") local t = redis.call("time") while tonumber(redis.call("time")[1]) < tonumber(t[1]) + 2 do end return "done"', '0'], 5000);
        await sleep(300);
        expect(await b.command(['SCRIPT', 'KILL'])).toMatch(/^-UNKILLABLE Sorry the script already executed write commands/);
        expect(await p2).toBe('$4\r\ndone\r\n');
        expect(await b.command(['SCRIPT', 'KILL'])).toBe('-NOTBUSY No scripts in execution right now.\r\n');
      } finally { a.close(); b.close(); }
    } finally { child.kill('SIGKILL'); }
  }, 30000);

  it('effects replication: the script propagates its writes in MULTI/EXEC, never EVAL itself', async () => {
    const seen: string[][] = [];
    const hook = (_db: number, argv: string[]) => { seen.push(argv); };
    srv.core.ks.propagateHooks.push(hook);
    const c = await RawConn.open(port, 2000);
    try {
      await c.command(['EVAL', 'redis.call("set", "p1", "1") redis.call("incr", "p1") return redis.call("get", "p1")', '0']);
      await c.command(['EVAL', 'redis.call("set", "p2", "x") return 1', '0']);
      await c.command(['EVAL', 'return redis.call("get", "p2")', '0']);
      await c.command(['EVAL', 'redis.set_repl(redis.REPL_NONE) redis.call("set", "p3", "x") return 1', '0']);
      expect(seen).toEqual([['MULTI'], ['set', 'p1', '1'], ['incr', 'p1'], ['EXEC'], ['set', 'p2', 'x']]);
    } finally {
      c.close();
      srv.core.ks.propagateHooks.splice(srv.core.ks.propagateHooks.indexOf(hook), 1);
    }
  });

  it('functions survive an RDB round trip (RDB_OPCODE_FUNCTION2) and FUNCTION FLUSH clears them', async () => {
    const s2 = new RedisServer({ allowRestrictedCommands: true });
    const p2 = (await s2.listen()).port;
    const c = await RawConn.open(p2, 2000);
    try {
      await c.command(['FUNCTION', 'LOAD', '#!lua name=rdblib\nredis.register_function("rf", function() return "from rdb" end)']);
      await c.command(['SET', 'k', 'v']);
      const rdb = srv.saveSnapshot(); // another server's (no functions loaded there from this test)
      expect(rdb.length).toBeGreaterThan(0);
      const snap = s2.saveSnapshot();
      expect(snap.includes(Buffer.from('#!lua name=rdblib'))).toBe(true);
      await c.command(['FUNCTION', 'FLUSH']);
      expect(await c.command(['FCALL', 'rf', '0'])).toBe('-ERR Function not found\r\n');
      s2.loadSnapshot(snap);
      expect(await c.command(['FCALL', 'rf', '0'])).toBe('$8\r\nfrom rdb\r\n');
      expect(await c.command(['DEBUG', 'RELOAD'])).toBe('+OK\r\n');
      expect(await c.command(['FCALL', 'rf', '0'])).toBe('$8\r\nfrom rdb\r\n');
    } finally { c.close(); await s2.close(); }
  });

  it.skipIf(!haveRedis)('FUNCTION DUMP is byte-identical to redis-server and restores there and here', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scripting-test-'));
    const real = await startRealRedis(['--dir', dir]);
    const s2 = new RedisServer({ allowRestrictedCommands: true });
    const p2 = (await s2.listen()).port;
    const ours = await RawConn.open(p2, 2000), theirs = await RawConn.open(real.port, 2000);
    try {
      const lib = '#!lua name=dl\nredis.register_function("df", function() return 42 end)';
      await ours.command(['FUNCTION', 'LOAD', lib]);
      await theirs.command(['FUNCTION', 'LOAD', lib]);
      const d1 = await ours.command(['FUNCTION', 'DUMP']);
      const d2 = await theirs.command(['FUNCTION', 'DUMP']);
      expect(d1).toBe(d2);
      const payload = d1.slice(d1.indexOf('\r\n') + 2, -2);
      expect(await theirs.command(['FUNCTION', 'RESTORE', payload])).toBe('-ERR Library dl already exists\r\n');
      expect(await ours.command(['FUNCTION', 'RESTORE', payload])).toBe('-ERR Library dl already exists\r\n');
      expect(await ours.command(['FUNCTION', 'RESTORE', payload, 'REPLACE'])).toBe('+OK\r\n');
      expect(await ours.command(['FUNCTION', 'RESTORE', payload, 'FLUSH'])).toBe('+OK\r\n');
      expect(await ours.command(['FCALL', 'df', '0'])).toBe(':42\r\n');
      const bad = payload.slice(0, -1) + String.fromCharCode(payload.charCodeAt(payload.length - 1) ^ 1);
      expect(await ours.command(['FUNCTION', 'RESTORE', bad])).toBe('-ERR DUMP payload version or checksum are wrong\r\n');
    } finally { ours.close(); theirs.close(); await s2.close(); await real.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
  });

  it.skipIf(!haveRedis)('a real redis-server replica receives script effects and function libraries (full sync and stream)', async () => {
    const s2 = new RedisServer({ allowRestrictedCommands: true });
    const p2 = (await s2.listen()).port;
    // the replica saves the synced RDB as <dir>/dump.rdb: keep it out of the working tree
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scripting-test-'));
    const real = await startRealRedis(['--dir', dir]);
    const m = await RawConn.open(p2, 2000), r = await RawConn.open(real.port, 2000);
    const until = async (f: () => Promise<boolean>) => { const end = Date.now() + 8000; while (!(await f())) { if (Date.now() > end) throw new Error('timeout'); await sleep(50); } };
    try {
      await m.command(['FUNCTION', 'LOAD', '#!lua name=before\nredis.register_function{function_name="bf", callback=function() return "before sync" end, flags={"no-writes"}}']);
      await m.command(['SET', 'pre', '1']);
      expect(await r.command(['REPLICAOF', '127.0.0.1', String(p2)])).toBe('+OK\r\n');
      await until(async () => (await r.command(['INFO', 'replication'])).includes('master_link_status:up'));
      expect(await r.command(['FCALL_RO', 'bf', '0'])).toBe('$11\r\nbefore sync\r\n');
      await m.command(['EVAL', 'redis.call("set", "s1", "a") redis.call("append", "s1", "b") return 1', '0']);
      await m.command(['FUNCTION', 'LOAD', '#!lua name=after\nredis.register_function("af", function(keys) return redis.call("incr", keys[1]) end)']);
      await m.command(['FCALL', 'af', '1', 'cnt']);
      await until(async () => (await r.command(['GET', 'cnt'])) === '$1\r\n1\r\n');
      expect(await r.command(['GET', 's1'])).toBe('$2\r\nab\r\n');
      expect(await r.command(['FUNCTION', 'LIST', 'LIBRARYNAME', 'after'])).toContain('after');
    } finally { m.close(); r.close(); await real.stop(); await s2.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  }, 20000);

  it('read-only replica: writes from scripts are refused with Redis\'s texts', async () => {
    const s2 = new RedisServer({ allowRestrictedCommands: true });
    const p2 = (await s2.listen()).port;
    const c = await RawConn.open(p2, 2000);
    try {
      s2.core.readOnlyReplica = true; // what replica-read-only does while replicating
      expect(await c.command(['EVAL', 'return redis.call("set", "k", "v")', '0']))
        .toMatch(/^-READONLY You can't write against a read only replica\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
      expect(await c.command(['EVAL', '#!lua\nreturn redis.call("set", "k", "v")', '0'])).toBe("-READONLY You can't write against a read only replica.\r\n");
      expect(await c.command(['EVAL', '#!lua flags=no-writes\nreturn redis.call("get", "k")', '0'])).toBe('$-1\r\n');
      expect(await c.command(['EVAL', 'return redis.call("get", "k")', '0'])).toBe('$-1\r\n');
    } finally { c.close(); await s2.close(); }
  });

  it('INFO reports cached scripts and Lua memory', async () => {
    const c = await RawConn.open(port, 2000);
    try {
      await c.command(['SCRIPT', 'FLUSH']);
      await c.command(['SCRIPT', 'LOAD', 'return 1']);
      await c.command(['SCRIPT', 'LOAD', 'return 2']);
      const info = await c.command(['INFO', 'memory']);
      expect(info).toContain('number_of_cached_scripts:2');
      expect(info).toMatch(/used_memory_lua:\d+/);
    } finally { c.close(); }
  });
});
