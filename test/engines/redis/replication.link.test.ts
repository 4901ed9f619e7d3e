/**
 * The replica's link to its master: the master client in CLIENT LIST (flags=M,
 * type master, "(superuser)", as a real replica lists it), CLIENT KILL TYPE
 * MASTER (the link comes back with a partial resync), and authentication with
 * an ACL user (masteruser/masterauth) in both directions against redis-server
 * 7.0, plus our nodes' replication secret when RBAC switches the default user off.
 */
import { describe, it, expect } from 'vitest';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../engines/redis/index.js';
import { haveRedis, startRealRedis } from './diff.js';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function waitFor(fn: () => boolean | Promise<boolean>, ms = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return; await sleep(25); }
  throw new Error('timeout waiting for ' + what);
}
const cli = (port: number, opts: { username?: string; password?: string } = {}): Redis => {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 5000, retryStrategy: () => null, ...opts });
  r.on('error', () => { /* closed by the test */ });
  return r;
};
const field = (line: string, name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1];
const REPL_USER = ['repl', 'on', '>replpw', '+psync', '+replconf', '+ping'];

describe('the master client on a replica', () => {
  it('CLIENT LIST shows it (flags=M, type master, (superuser)); CLIENT KILL TYPE MASTER reconnects with a partial resync', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const r = new RedisServer({ allowRestrictedCommands: true });
    const rp = (await r.listen()).port;
    const mc = cli(mp), rc = cli(rp);
    try {
      await rc.call('REPLICAOF', '127.0.0.1', String(mp));
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'link');
      await mc.set('k', 'v');
      await waitFor(async () => (await rc.get('k')) === 'v', 5000, 'stream');
      const list = (await rc.call('CLIENT', 'LIST')) as string;
      const line = list.split('\n').find((l) => field(l, 'flags') === 'M')!;
      expect(line).toBeDefined();
      expect(field(line, 'addr')).toBe(`127.0.0.1:${mp}`);
      expect(field(line, 'laddr')).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(field(line, 'cmd')).toBe('set');
      expect(field(line, 'user')).toBe('(superuser)');
      expect(field(line, 'db')).toBe('0');
      expect((await rc.call('CLIENT', 'LIST', 'TYPE', 'master')) as string).toBe(line + '\n');
      expect((await rc.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string).not.toContain('flags=M');
      // The master sees the same connection as its replica (flags=S, our laddr is its addr).
      const onMaster = ((await mc.call('CLIENT', 'LIST', 'TYPE', 'replica')) as string).trim();
      expect(field(onMaster, 'flags')).toBe('S');
      expect(field(onMaster, 'addr')).toBe(field(line, 'laddr'));
      const partial0 = Number(/sync_partial_ok:(\d+)/.exec(await mc.info('stats'))![1]);
      expect(await rc.call('CLIENT', 'KILL', 'TYPE', 'master')).toBe(1);
      expect((await rc.call('CLIENT', 'LIST', 'TYPE', 'master')) as string).toBe('');
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'link back');
      expect(Number(/sync_partial_ok:(\d+)/.exec(await mc.info('stats'))![1])).toBe(partial0 + 1);
      await mc.set('k2', 'v2');
      await waitFor(async () => (await rc.get('k2')) === 'v2', 5000, 'stream after reconnect');
      expect(field((await rc.call('CLIENT', 'LIST', 'TYPE', 'master')) as string, 'flags')).toBe('M');
      // The master client is never closed for idleness (timeout).
      await rc.config('SET', 'timeout', '1');
      await sleep(2200);
      expect(r.replicationInfo().linkUp).toBe(true);
      // After promotion there is no master client (rc itself was closed as idle).
      const rc2 = cli(rp);
      try {
        expect(field((await rc2.call('CLIENT', 'LIST', 'TYPE', 'master')) as string, 'flags')).toBe('M');
        await rc2.call('REPLICAOF', 'NO', 'ONE');
        expect((await rc2.call('CLIENT', 'LIST', 'TYPE', 'master')) as string).toBe('');
      } finally { rc2.disconnect(); }
    } finally { mc.disconnect(); rc.disconnect(); await r.close(); await m.close(); }
  });
});

describe('masteruser / masterauth (ACL user on the master)', () => {
  it('our replica authenticates to our master whose default user is off; a wrong password keeps the link down', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const r = new RedisServer({ allowRestrictedCommands: true });
    const rp = (await r.listen()).port;
    const admin = cli(mp);
    const rc = cli(rp);
    try {
      await admin.call('ACL', 'SETUSER', ...REPL_USER);
      await admin.call('ACL', 'SETUSER', 'admin', 'on', '>adminpw', '+@all', '~*', '&*');
      await admin.set('pre', '1');
      await admin.call('ACL', 'SETUSER', 'default', 'off');
      await rc.config('SET', 'masteruser', 'repl');
      await rc.config('SET', 'masterauth', 'wrong');
      await rc.call('REPLICAOF', '127.0.0.1', String(mp));
      await waitFor(() => r.core.repl!.warnings.some((w) => w.startsWith('Unable to AUTH to MASTER: -WRONGPASS')), 5000, 'auth failure');
      expect(r.replicationInfo().linkUp).toBe(false);
      await rc.config('SET', 'masterauth', 'replpw');
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'link with the ACL user');
      expect(await rc.get('pre')).toBe('1');
      const ac = cli(mp, { username: 'admin', password: 'adminpw' });
      try {
        await ac.set('post', '2');
        await waitFor(async () => (await rc.get('post')) === '2', 5000, 'stream');
        expect(field((await ac.call('CLIENT', 'LIST', 'TYPE', 'replica')) as string, 'user')).toBe('repl');
      } finally { ac.disconnect(); }
    } finally { admin.disconnect(); rc.disconnect(); await r.close(); await m.close(); }
  });

  it('replicaOf(host, port, {masterUser, masterAuth}) from the control plane', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    const r = new RedisServer();
    await r.listen();
    try {
      m.setAclUsers([{ name: 'default', rules: 'off' }, { name: 'repl', rules: REPL_USER.slice(1) }]);
      m.core.ks.dbs[0].setKey('k', 'string', 'v');
      r.replicaOf('127.0.0.1', mp, { masterUser: 'repl', masterAuth: 'replpw' });
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'link');
      expect(r.core.ks.dbs[0].peek('k')?.value).toBe('v');
    } finally { await r.close(); await m.close(); }
  });

  it('nodes sharing a replication secret replicate with the default user off and no password (RBAC)', async () => {
    const m = new RedisServer({ replicationSecret: 'sec' });
    const mp = (await m.listen()).port;
    const r = new RedisServer({ replicationSecret: 'sec' });
    await r.listen();
    try {
      m.setAclUsers([{ name: 'default', rules: 'off' }, { name: 'app', rules: ['on', '>apppw', '~*', '+@all'] }]);
      r.setAclUsers([{ name: 'default', rules: 'off' }, { name: 'app', rules: ['on', '>apppw', '~*', '+@all'] }]);
      m.core.ks.dbs[0].setKey('k', 'string', 'v');
      r.replicaOf('127.0.0.1', mp);
      await waitFor(() => r.replicationInfo().linkUp, 10000, 'secret link');
      expect(r.core.ks.dbs[0].peek('k')?.value).toBe('v');
      // Clients still need a user: the secret is not an AUTH for them.
      const c = cli(mp);
      try { await expect(c.get('k')).rejects.toThrow('NOAUTH'); } finally { c.disconnect(); }
    } finally { await r.close(); await m.close(); }
  });

  it.skipIf(!haveRedis)('a real redis-server replica authenticates to our master with masteruser/masterauth', async () => {
    const m = new RedisServer({ allowRestrictedCommands: true });
    const mp = (await m.listen()).port;
    m.setAclUsers([{ name: 'default', rules: 'off' }, { name: 'repl', rules: REPL_USER.slice(1) }, { name: 'admin', rules: ['on', '>adminpw', '~*', '&*', '+@all'] }]);
    const ac = cli(mp, { username: 'admin', password: 'adminpw' });
    const real = await startRealRedis(['--masteruser', 'repl', '--masterauth', 'replpw', '--replicaof', '127.0.0.1', String(mp)]);
    const rc = cli(real.port);
    try {
      await ac.set('a', '1');
      await waitFor(async () => (await rc.info('replication')).includes('master_link_status:up'), 15000, 'real replica link');
      await ac.set('b', '2');
      await waitFor(async () => (await rc.get('b')) === '2', 5000, 'stream');
      expect(await rc.get('a')).toBe('1');
    } finally { rc.disconnect(); ac.disconnect(); await real.stop(); await m.close(); }
  });

  it.skipIf(!haveRedis)('our replica authenticates to a real redis-server master with an ACL user; CLIENT LIST lines agree', async () => {
    const real = await startRealRedis(['--repl-diskless-sync-delay', '0']);
    const admin = cli(real.port);
    const r = new RedisServer({ allowRestrictedCommands: true });
    const rp = (await r.listen()).port;
    const rc = cli(rp);
    try {
      await admin.call('ACL', 'SETUSER', ...REPL_USER);
      await admin.call('ACL', 'SETUSER', 'admin', 'on', '>adminpw', '+@all', '~*', '&*');
      await admin.set('a', '1');
      await admin.call('ACL', 'SETUSER', 'default', 'off');
      await rc.config('SET', 'masteruser', 'repl');
      await rc.config('SET', 'masterauth', 'replpw');
      await rc.call('REPLICAOF', '127.0.0.1', String(real.port));
      await waitFor(() => r.replicationInfo().linkUp, 20000, 'our link to the real master');
      expect(await rc.get('a')).toBe('1');
      const ac = cli(real.port, { username: 'admin', password: 'adminpw' });
      try {
        await ac.set('b', '2');
        await waitFor(async () => (await rc.get('b')) === '2', 5000, 'stream');
        expect(field((await ac.call('CLIENT', 'LIST', 'TYPE', 'replica')) as string, 'user')).toBe('repl');
        // Our master-client line has the fields a real replica shows for it.
        const ours = ((await rc.call('CLIENT', 'LIST', 'TYPE', 'master')) as string).trim();
        expect(ours.split(' ').map((kv) => kv.split('=')[0])).toEqual(
          ['id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf', 'qbuf-free', 'argv-mem',
            'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user', 'redir', 'resp']);
        expect([field(ours, 'addr'), field(ours, 'flags'), field(ours, 'user'), field(ours, 'cmd')]).toEqual([`127.0.0.1:${real.port}`, 'M', '(superuser)', 'set']);
      } finally { ac.disconnect(); }
    } finally { admin.disconnect(); rc.disconnect(); await r.close(); await real.stop(); }
  });
});
