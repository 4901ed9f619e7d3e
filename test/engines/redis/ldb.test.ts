/**
 * The Lua debugger's effects beyond one session's bytes, each checked on our
 * server and on a real redis-server 7.0 the same way: YES rolls the
 * dataset back and keeps serving other clients, SYNC keeps the changes and
 * blocks everybody, a client that goes away lets the script finish (or kills
 * a runaway one), the time limit only stops a script that was let run,
 * SHUTDOWN kills forked sessions; and redis-cli --ldb transcripts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveRedis, startRealRedis, type RealRedis } from './diff.js';
import { LdbConn, session, startOurServer, redisCli, type OurServer } from './ldb-harness.js';

/** A plain command on a fresh connection. */
async function cmd(port: number, argv: string[]): Promise<string> {
  const c = await LdbConn.open(port);
  try { c.send(argv); return await c.read(1, 10000); } finally { c.close(); }
}

/** Whether a PING sent now is answered within `ms`. */
async function pingWithin(c: LdbConn, ms: number): Promise<string> {
  c.send(['ping']);
  return c.read(1, ms);
}

describe.skipIf(!haveRedis)('Lua debugger: dataset, other clients, disconnects, time limit', () => {
  let real: RealRedis;
  let ours: OurServer;
  let ports: [string, number][];
  beforeAll(async () => {
    [real, ours] = await Promise.all([startRealRedis(), startOurServer()]);
    ports = [['ours', ours.port], ['real', real.port]];
  }, 60000);
  afterAll(async () => { await Promise.all([real?.stop(), ours?.stop()]); });

  it('YES rolls the script\'s writes back, SYNC keeps them', async () => {
    for (const [, port] of ports) {
      await cmd(port, ['flushall']);
      await cmd(port, ['set', 'k', 'before']);
      for (const mode of ['yes', 'sync']) {
        const out = await session(port, [['script', 'debug', mode], ['eval', `redis.call('set', 'k', '${mode}')\nredis.call('set', 'new', '1')\nreturn 1`, '0'], ['c']]);
        expect(out[2]).toBe('*1\r\n+<endsession>\r\n:1\r\n[closed]');
        expect(await cmd(port, ['mget', 'k', 'new'])).toBe(mode === 'yes' ? '*2\r\n$6\r\nbefore\r\n$-1\r\n' : '*2\r\n$4\r\nsync\r\n$1\r\n1\r\n');
      }
    }
  }, 60000);

  it('during a YES session other clients are served and see the data as before; during SYNC they wait', async () => {
    for (const [name, port] of ports) {
      await cmd(port, ['flushall']);
      await cmd(port, ['set', 'k', 'v0']);
      for (const mode of ['yes', 'sync']) {
        const dbg = await LdbConn.open(port);
        const other = await LdbConn.open(port);
        try {
          dbg.send(['script', 'debug', mode]);
          expect(await dbg.read()).toBe('+OK\r\n');
          dbg.send(['eval', "redis.call('set', 'k', 'changed')\nreturn redis.call('get', 'k')", '0']);
          expect(await dbg.read()).toMatch(/^\*2\r\n\+\* Stopped at 1/);
          dbg.send(['s']); // the write is done in the session: stopped at line 2
          expect(await dbg.read()).toContain('<reply> "+OK"');
          if (mode === 'yes') {
            expect(await pingWithin(other, 3000), name).toBe('+PONG\r\n');
            other.send(['get', 'k']);
            expect(await other.read(), name).toBe('$2\r\nv0\r\n');
            other.send(['client', 'list']);
            expect((await other.read()).split('\n').filter((l) => l.includes('cmd=eval')), name).toEqual([]); // the parent dropped it
          } else {
            expect(await pingWithin(other, 300), name).toBe(''); // blocked until the session ends
          }
          dbg.send(['c']);
          expect(await dbg.read()).toBe('*1\r\n+<endsession>\r\n$7\r\nchanged\r\n[closed]');
          if (mode === 'sync') expect(await other.read(1, 5000), name).toBe('+PONG\r\n');
        } finally { dbg.close(); other.close(); }
      }
    }
  }, 60000);

  it('a client that disconnects mid-session lets the script run to its end (SYNC: the writes stay)', async () => {
    for (const [name, port] of ports) {
      await cmd(port, ['flushall']);
      const dbg = await LdbConn.open(port);
      dbg.send(['script', 'debug', 'sync']);
      await dbg.read();
      dbg.send(['eval', "local x = 1\nredis.breakpoint()\nredis.call('set', 'after', 'yes')\nreturn x", '0']);
      expect(await dbg.read()).toMatch(/Stopped at 1/);
      dbg.close();
      let v = '';
      for (let i = 0; i < 50 && v !== '$3\r\nyes\r\n'; i++) { v = await cmd(port, ['get', 'after']); if (v !== '$3\r\nyes\r\n') await new Promise((r) => setTimeout(r, 100)); }
      expect(v, name).toBe('$3\r\nyes\r\n');
    }
  }, 60000);

  it('the time limit stops a script that was let run ("timeout reached"), not one that is stepped', async () => {
    const script = 'local i = 0\nwhile true do\n  i = i + 1\nend';
    const outs: string[][] = [];
    for (const [, port] of ports) {
      expect(await cmd(port, ['config', 'set', 'busy-reply-threshold', '200'])).toBe('+OK\r\n');
      try {
        // stepping: every stop restarts the clock, no timeout however long we wait between steps
        outs.push(await session(port, [['script', 'debug', 'sync'], ['eval', script, '0'], { sleep: 400 }, ['s'], { sleep: 400 }, ['s'], ['c'], ['p', 'i'], ['a']]));
      } finally {
        await cmd(port, ['config', 'set', 'busy-reply-threshold', '5000']);
      }
    }
    const [o, r] = outs;
    // (a `while true` line has no code of its own: the stops are all on line 3)
    expect(o[2]).toBe('*2\r\n+* Stopped at 3, stop reason = step over\r\n+-> 3     i = i + 1\r\n');
    expect(o[3]).toBe(o[2]);
    expect(o[4]).toBe('*2\r\n+* Stopped at 3, stop reason = timeout reached, infinite loop?\r\n+-> 3     i = i + 1\r\n');
    expect(o.slice(0, 5)).toEqual(r.slice(0, 5));
    for (const x of [o, r]) expect(x[5]).toMatch(/^\*1\r\n\+<value> [\d.e+]+\r\n$/); // how far it counted is timing
    for (const x of [o, r]) expect(x[6]).toMatch(/^\*1\r\n\+<endsession>\r\n-ERR script aborted for user request script: [0-9a-f]{40}, on @user_script:[23]\.\r\n\[closed\]$/);
  }, 60000);

  it('a runaway script whose debugging client is gone is ended at the next time limit', async () => {
    for (const [name, port] of ports) {
      expect(await cmd(port, ['config', 'set', 'busy-reply-threshold', '200'])).toBe('+OK\r\n');
      try {
        const dbg = await LdbConn.open(port);
        dbg.send(['script', 'debug', 'sync']);
        await dbg.read();
        dbg.send(['eval', 'while true do end', '0']);
        expect(await dbg.read()).toMatch(/Stopped at 1/);
        dbg.send(['c']);
        expect(await dbg.read(1, 5000)).toMatch(/timeout reached, infinite loop\?/);
        dbg.send(['c']);
        dbg.close();
        const t0 = Date.now();
        expect(await cmd(port, ['ping']), name).toBe('+PONG\r\n'); // answered once the script was ended
        expect(Date.now() - t0).toBeLessThan(5000);
      } finally {
        await cmd(port, ['config', 'set', 'busy-reply-threshold', '5000']);
      }
    }
  }, 60000);

  it('other clients\' scripts are not debugged: redis.breakpoint() is false, redis.debug() does nothing', async () => {
    for (const [name, port] of ports) {
      const dbg = await LdbConn.open(port);
      try {
        dbg.send(['script', 'debug', 'yes']);
        await dbg.read();
        dbg.send(['eval', 'local x = 1\nreturn x', '0']);
        expect(await dbg.read()).toMatch(/Stopped at 1/);
        expect(await cmd(port, ['eval', "redis.debug('x')\nreturn tostring(redis.breakpoint())", '0']), name).toBe('$5\r\nfalse\r\n');
        dbg.send(['c']);
        expect(await dbg.read()).toBe('*1\r\n+<endsession>\r\n:1\r\n[closed]');
      } finally { dbg.close(); }
    }
  }, 60000);

  it('a forked (YES) session is a child process of the server, gone once its client is', async () => {
    const kids = (pid: number): number[] => {
      const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8', timeout: 5000 });
      return r.stdout.split('\n').filter(Boolean).map(Number);
    };
    for (const [name, pid, port] of [['ours', ours.proc.pid!, ours.port], ['real', real.proc.pid!, real.port]] as const) {
      const before = kids(pid).length;
      const dbg = await LdbConn.open(port);
      dbg.send(['script', 'debug', 'yes']);
      await dbg.read();
      dbg.send(['eval', 'local x = 1\nreturn x', '0']);
      expect(await dbg.read()).toMatch(/Stopped at 1/);
      expect(kids(pid).length, name).toBe(before + 1);
      dbg.close();
      let n = -1;
      for (let i = 0; i < 50 && n !== before; i++) { await new Promise((r) => setTimeout(r, 100)); n = kids(pid).length; }
      expect(n, name).toBe(before);
    }
  }, 60000);

  it('SCRIPT DEBUG NO turns it off; the flag lasts until the next EVAL', async () => {
    for (const [, port] of ports) {
      const out = await session(port, [['script', 'debug', 'yes'], ['ping'], ['script', 'debug', 'no'], ['eval', 'return 7', '0'], ['script', 'debug', 'sync'], ['get', 'x'], ['eval', 'return 8', '0'], ['c']]);
      expect(out).toEqual(['+OK\r\n', '+PONG\r\n', '+OK\r\n', ':7\r\n', '+OK\r\n', '$-1\r\n', '*2\r\n+* Stopped at 1, stop reason = step over\r\n+-> 1   return 8\r\n', '*1\r\n+<endsession>\r\n:8\r\n[closed]']);
    }
  }, 60000);
});

describe.skipIf(!haveRedis)('Lua debugger: SHUTDOWN kills forked sessions', () => {
  it('the debugging client of a YES session is disconnected when the server shuts down', async () => {
    const real = await startRealRedis();
    const ours = await startOurServer();
    try {
      for (const port of [ours.port, real.port]) {
        const dbg = await LdbConn.open(port);
        dbg.send(['script', 'debug', 'yes']);
        await dbg.read();
        dbg.send(['eval', 'local x = 1\nreturn x', '0']);
        expect(await dbg.read()).toMatch(/Stopped at 1/);
        const other = await LdbConn.open(port);
        other.send(['shutdown', 'nosave']);
        await other.read(1, 5000);
        expect(await dbg.read(1, 5000)).toBe('[closed]');
        dbg.close(); other.close();
      }
    } finally { await Promise.all([real.stop(), ours.stop()]); }
  }, 60000);
});

describe.skipIf(!haveRedis)('redis-cli --ldb against both servers', () => {
  let real: RealRedis;
  let ours: OurServer;
  let dir: string;
  beforeAll(async () => {
    [real, ours] = await Promise.all([startRealRedis(), startOurServer()]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldb-cli-'));
  }, 60000);
  afterAll(async () => { await Promise.all([real?.stop(), ours?.stop()]); fs.rmSync(dir, { recursive: true, force: true }); });

  const SCRIPT = `local a = 1
local t = {1,2,"x\\n"}
redis.call('set', KEYS[1], ARGV[1])
redis.debug('hello', a, t, {x=1})
local v = redis.call('get', KEYS[1])
return v
`;
  const inputs: [string, string[], string][] = [
    ['step through, print, list, break, trace, eval, redis, maxlen', ['--ldb'], 's\ns\ns\np\nl\nw\nb 5\nb\nt\ne 1+1\nr ping\nm 70\nc\n'],
    ['continue to the end (SYNC)', ['--ldb-sync-mode'], 'c\n'],
    ['help, an unknown command, abort', ['--ldb'], 'h\nfoo\nabort\n'],
    ['restart is redis-cli\'s own', ['--ldb'], 's\nrestart\ns\ns\nc\n'],
    ['quit in SYNC mode: the script runs to its end, the write stays', ['--ldb-sync-mode'], 's\ns\nquit\n'],
  ];
  for (const [name, flags, input] of inputs) {
    it(name, async () => {
      const file = path.join(dir, 'script.lua');
      fs.writeFileSync(file, SCRIPT);
      const run = (port: number) => redisCli(['-p', String(port), ...flags, '--eval', file, 'key1', ',', 'val1'], input);
      const a = await run(ours.port);
      const b = await run(real.port);
      expect(a).toBe(b);
      expect(a).toContain('Lua debugging session started');
      expect(await cmd(ours.port, ['get', 'key1'])).toBe(await cmd(real.port, ['get', 'key1']));
    }, 60000);
  }
});
