/**
 * ACL LOAD / ACL SAVE with an `aclfile`, ours vs redis-server 7.0 started
 * with --aclfile: startup load, save format, all-or-nothing load errors,
 * clients of removed users closed. File paths in errors are normalised.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, haveRedis, startRealRedis, type RealRedis } from './diff.js';

const INITIAL = [
  'user alice on allcommands allkeys &* >alice',
  'user bob on -@all +@set +acl ~set* &* >bob',
  'user default on nopass ~* &* +@all',
  '',
].join('\n');

const d = haveRedis ? describe : describe.skip;
d('acl diff: aclfile LOAD/SAVE', () => {
  let dir: string;
  let real: RealRedis;
  let ours: RedisServer;
  const files = { real: '', ours: '' };
  const ports = { real: 0, ours: 0 };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acl-file-'));
    files.real = path.join(dir, 'real.acl');
    files.ours = path.join(dir, 'ours.acl');
    fs.writeFileSync(files.real, INITIAL);
    fs.writeFileSync(files.ours, INITIAL);
    real = await startRealRedis(['--aclfile', files.real]);
    ours = new RedisServer({ port: 0, allowRestrictedCommands: true, config: { aclfile: files.ours } });
    ports.real = real.port;
    ports.ours = (await ours.listen()).port;
  });
  afterAll(async () => {
    await ours?.close();
    await real?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Run the same script on both servers; `write` puts content into that server's aclfile first. */
  async function both(script: (run: (conn: string, argv: string[]) => Promise<string>, which: 'real' | 'ours') => Promise<void>): Promise<[string[], string[]]> {
    const out: Record<string, string[]> = { real: [], ours: [] };
    for (const which of ['real', 'ours'] as const) {
      const conns = new Map<string, RawConn>();
      try {
        await script(async (conn, argv) => {
          let c = conns.get(conn);
          if (!c) { c = await RawConn.open(ports[which]); conns.set(conn, c); }
          const r = (await c.command(argv, 2000)).split(files[which]).join('<file>');
          // ACL LIST renders single commands in hash-table order: compare each line's tokens sorted.
          const norm = argv[1]?.toUpperCase() === 'LIST' ? r.split('\r\n').map((l) => l.split(' ').sort().join(' ')).join('\r\n') : r;
          out[which].push(`${conn}> ${argv.join(' ')} => ${JSON.stringify(norm)}`);
          return r;
        }, which);
      } finally { for (const c of conns.values()) c.close(); }
    }
    return [out.ours, out.real];
  }

  it('users from the file at startup; AUTH works', async () => {
    const [o, r] = await both(async (run) => {
      await run('a', ['ACL', 'LIST']);
      await run('b', ['AUTH', 'alice', 'alice']);
      await run('b', ['ACL', 'WHOAMI']);
      await run('c', ['AUTH', 'bob', 'bob']);
      await run('c', ['SADD', 'set1', 'x']);
      await run('c', ['GET', 'set1']);
    });
    expect(o).toEqual(r);
  });

  it('ACL SAVE writes the ACL LIST rendering; ACL LOAD reads it back', async () => {
    const [o, r] = await both(async (run, which) => {
      await run('a', ['ACL', 'SETUSER', 'carol', 'on', '>c', '~c*', '+get', '(+set ~d*)']);
      await run('a', ['ACL', 'SAVE']);
      const text = fs.readFileSync(files[which], 'latin1');
      await run('a', ['ECHO', text]);
      await run('a', ['ACL', 'DELUSER', 'carol']);
      await run('a', ['ACL', 'LOAD']);
      await run('a', ['ACL', 'LIST']);
      await run('a', ['ACL', 'DELUSER', 'carol']);
      await run('a', ['ACL', 'SAVE']);
    });
    expect(o).toEqual(r);
  });

  it('a broken file changes nothing and reports every problem', async () => {
    const [o, r] = await both(async (run, which) => {
      fs.writeFileSync(files[which], 'user x on +nosuch ~a\nfoo bar\nuser y on bogus\nuser x on\nuser  z\n\n');
      await run('a', ['ACL', 'LOAD']);
      await run('a', ['ACL', 'LIST']);
      fs.writeFileSync(files[which], 'user default on nopass ~* &* +@all\nuser default off\n');
      await run('a', ['ACL', 'LOAD']);
      fs.writeFileSync(files[which], INITIAL);
      await run('a', ['ACL', 'LOAD']);
    });
    expect(o).toEqual(r);
  });

  it('ACL LOAD closes connections of users that are gone and recreates default', async () => {
    const [o, r] = await both(async (run, which) => {
      await run('b', ['AUTH', 'alice', 'alice']);
      fs.writeFileSync(files[which], 'user bob on -@all +@set +acl ~set* &* >bob\n');
      await run('a', ['ACL', 'LOAD']);
      await run('b', ['PING']);
      await run('a', ['ACL', 'LIST']);
      fs.writeFileSync(files[which], INITIAL);
      await run('a', ['ACL', 'LOAD']);
    });
    expect(o).toEqual(r);
  });

  it('startup fails on a broken aclfile', async () => {
    const bad = path.join(dir, 'bad.acl');
    fs.writeFileSync(bad, 'user x on +nosuch\n');
    const s = new RedisServer({ port: 0, config: { aclfile: bad } });
    await expect(s.listen()).rejects.toThrow(`Aborting Redis startup because of ACL errors: ${bad}:1: Error in applying operation '+nosuch': Unknown command or category name in ACL. WARNING: ACL errors detected, no change to the previously active ACL rules was performed`);
    const missing = new RedisServer({ port: 0, config: { aclfile: path.join(dir, 'missing.acl') } });
    await expect(missing.listen()).rejects.toThrow(/opening file .*missing\.acl': No such file or directory/);
  });
});
