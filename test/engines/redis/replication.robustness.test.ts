/**
 * Replication robustness (engine side): client-output-buffer-limit replica on
 * the master (a replica that stops reading is dropped, then full-syncs),
 * commands from the master that our engine cannot apply (logged as Redis
 * logs them, the replica says it is out of sync and asks for a full resync),
 * and the partition switch the fleet uses (link cut, reads served, healed by
 * a partial resync or a full one when the backlog was exceeded).
 */
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { encodeCommand, replicaOutputLimit } from '../../../engines/redis/replication/master.js';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function waitFor(what: string, fn: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(20);
  }
  throw new Error(`timeout waiting for ${what}`);
}

const servers: RedisServer[] = [];
const clients: Redis[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const c of clients.splice(0)) c.disconnect();
  for (const s of servers.splice(0)) s.crash();
});

async function server(config: Record<string, string> = {}): Promise<{ server: RedisServer; port: number; cli: Redis }> {
  const server = new RedisServer({ port: 0, allowRestrictedCommands: true, config });
  const { port } = await server.listen();
  servers.push(server);
  const cli = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 5000, retryStrategy: () => null });
  cli.on('error', () => undefined);
  clients.push(cli);
  return { server, port, cli };
}

const info = async (cli: Redis, field: string) => new RegExp(`(?:^|\\r\\n)${field}:([^\\r\\n]*)`).exec(await cli.info())?.[1];

/** A hand-driven replica: handshake, read the RDB, then stop reading (socket paused). */
async function stalledReplica(port: number): Promise<net.Socket> {
  const sock = net.connect(port, '127.0.0.1');
  sockets.push(sock);
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  let got = '';
  sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
  sock.write(Buffer.concat([encodeCommand(['REPLCONF', 'listening-port', '1']), encodeCommand(['PSYNC', '?', '-1'])]));
  await waitFor('FULLRESYNC and the RDB', () => /^\+OK\r\n\+FULLRESYNC \w+ \d+\r\n\$\d+\r\n/.test(got) && got.includes('\xff'));
  sock.pause();
  return sock;
}

describe('client-output-buffer-limit replica', () => {
  it('parses the replica class as CONFIG SET accepts it', () => {
    expect(replicaOutputLimit('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60')).toEqual({ hard: 268435456, soft: 67108864, softSeconds: 60 });
    expect(replicaOutputLimit('replica 1mb 512kb 10')).toEqual({ hard: 1048576, soft: 524288, softSeconds: 10 });
  });

  it('drops a replica past the hard limit; it full-syncs when it comes back', async () => {
    const { port, cli } = await server({ 'client-output-buffer-limit': 'replica 262144 0 0', 'repl-backlog-size': '16384' });
    const stalled = await stalledReplica(port);
    await waitFor('the replica attached', async () => (await info(cli, 'connected_slaves')) === '1');
    const value = 'x'.repeat(16 * 1024);
    // The socket's kernel buffers absorb a few MB before Node queues anything: write until the master gives up.
    for (let i = 0; i < 2000 && (await info(cli, 'connected_slaves')) === '1'; i++) await cli.set(`big${i % 50}`, value);
    expect(await info(cli, 'connected_slaves')).toBe('0');
    stalled.resume();
    await waitFor('the stalled replica closed by the master', () => stalled.destroyed || stalled.readableEnded);
    // Our own replica, far behind the 16 KiB backlog, resyncs in full and ends identical.
    const replica = await server();
    const fullBefore = Number(await info(cli, 'sync_full'));
    await replica.cli.call('REPLICAOF', '127.0.0.1', String(port));
    await waitFor('link up', async () => (await info(replica.cli, 'master_link_status')) === 'up');
    expect(Number(await info(cli, 'sync_full'))).toBe(fullBefore + 1);
    expect(await replica.cli.dbsize()).toBe(await cli.dbsize());
  }, 60_000);

  it('drops a replica over the soft limit for longer than the soft seconds', async () => {
    const { server: master, port, cli } = await server({ 'client-output-buffer-limit': 'replica 0 65536 1' });
    await stalledReplica(port);
    await waitFor('the replica attached', async () => (await info(cli, 'connected_slaves')) === '1');
    const value = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 300; i++) await cli.set(`soft${i % 20}`, value);
    const warnings = master.core.repl!.warnings;
    await waitFor('the soft limit to expire', async () => (await info(cli, 'connected_slaves')) === '0', 8000);
    expect(warnings.some((w) => /scheduled to be closed ASAP for overcoming of output buffer limits\.$/.test(w))).toBe(true);
  }, 60_000);
});

describe('commands the replica cannot apply', () => {
  it('logs the error, marks the replica out of sync and full-resyncs it', async () => {
    const master = await server();
    const replica = await server();
    const warnings: string[] = [];
    replica.server.onReplicationWarning((w) => warnings.push(w));
    await master.cli.set('a', '1');
    await replica.cli.call('REPLICAOF', '127.0.0.1', String(master.port));
    await waitFor('link up', async () => (await info(replica.cli, 'master_link_status')) === 'up');
    const fullBefore = Number(await info(master.cli, 'sync_full'));
    // A command this engine does not know arrives in the stream (as from a newer master): feed it raw.
    master.server.core.repl!.feed(0, ['NOSUCHCMD', 'k', 'v']);
    await waitFor('the warning', () => warnings.length >= 2);
    expect(warnings[0]).toBe(
      "== CRITICAL == This replica is sending an error to its master: 'ERR unknown command 'NOSUCHCMD', with args beginning with: 'k' 'v' ' after processing the command '<unknown>'",
    );
    expect(warnings[1]).toBe("Replica cannot apply 'NOSUCHCMD' from its master: requesting a full resynchronization");
    await waitFor('a full resync', async () => Number(await info(master.cli, 'sync_full')) === fullBefore + 1);
    await waitFor('link up again', async () => replica.server.replicationInfo().linkUp);
    expect(replica.server.replicationInfo()).toMatchObject({ outOfSync: false, unappliedCommands: 1 });
    await master.cli.set('b', '2');
    await waitFor('the stream flowing again', async () => (await replica.cli.get('b')) === '2');
    // An error from a command it knows (the master's dataset differs) is logged only.
    master.server.core.repl!.feed(0, ['INCR', 'a']);
    await replica.cli.set('x', 'y').catch(() => undefined);
    master.server.core.repl!.feed(0, ['LPUSH', 'a', 'z']);
    await waitFor('the WRONGTYPE warning', () => warnings.some((w) => w.includes('WRONGTYPE')));
    expect(warnings.at(-1)).toBe(
      "== CRITICAL == This replica is sending an error to its master: 'WRONGTYPE Operation against a key holding the wrong kind of value' after processing the command 'lpush'",
    );
    expect(replica.server.replicationInfo().outOfSync).toBe(false);
  }, 30_000);
});

describe('partition', () => {
  it('cuts the link (reads served, INFO says down), heals by partial resync', async () => {
    const master = await server();
    const replica = await server();
    await master.cli.set('before', '1');
    await replica.cli.call('REPLICAOF', '127.0.0.1', String(master.port));
    await waitFor('link up', async () => (await info(replica.cli, 'master_link_status')) === 'up');
    replica.server.setReplicationPartitioned(true);
    await waitFor('link down', async () => (await info(replica.cli, 'master_link_status')) === 'down');
    await master.cli.set('during', '2');
    await sleep(1200); // a partitioned replica does not reconnect on its own
    expect(await info(replica.cli, 'master_link_status')).toBe('down');
    expect(Number(await info(replica.cli, 'master_link_down_since_seconds'))).toBeGreaterThanOrEqual(1);
    expect(await replica.cli.get('before')).toBe('1');
    expect(await replica.cli.get('during')).toBeNull();
    expect(await info(master.cli, 'connected_slaves')).toBe('0');
    const partialBefore = Number(await info(master.cli, 'sync_partial_ok'));
    replica.server.setReplicationPartitioned(false);
    await waitFor('caught up', async () => (await replica.cli.get('during')) === '2');
    expect(Number(await info(master.cli, 'sync_partial_ok'))).toBe(partialBefore + 1);
  });

  it('heals by full resync when the backlog no longer holds what the replica missed', async () => {
    const master = await server({ 'repl-backlog-size': '16384' });
    const replica = await server();
    await replica.cli.call('REPLICAOF', '127.0.0.1', String(master.port));
    await waitFor('link up', async () => (await info(replica.cli, 'master_link_status')) === 'up');
    replica.server.setReplicationPartitioned(true);
    await waitFor('link down', async () => (await info(replica.cli, 'master_link_status')) === 'down');
    for (let i = 0; i < 40; i++) await master.cli.set(`fill${i}`, 'z'.repeat(1024));
    const fullBefore = Number(await info(master.cli, 'sync_full'));
    replica.server.setReplicationPartitioned(false);
    await waitFor('caught up', async () => (await replica.cli.dbsize()) === 40);
    expect(Number(await info(master.cli, 'sync_full'))).toBe(fullBefore + 1);
    expect(await replica.cli.get('fill39')).toBe('z'.repeat(1024));
  });
});
