import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestEmulator } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ec-rg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a restarted emulator brings a group back on the same endpoint ports, replication wired', async () => {
  const first = await startTestEmulator({ dataDir: dir });
  let before;
  try {
    await first.client.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'kept', ReplicationGroupDescription: 'd', Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2 }),
    );
    before = (await first.client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'kept' }))).ReplicationGroups![0]!.NodeGroups![0]!;
  } finally {
    first.client.destroy();
    await first.emulator.stop();
  }
  const second = await startTestEmulator({ dataDir: dir });
  try {
    const after = (await second.client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'kept' }))).ReplicationGroups![0]!.NodeGroups![0]!;
    expect(after.PrimaryEndpoint).toEqual(before.PrimaryEndpoint);
    expect(after.ReaderEndpoint).toEqual(before.ReaderEndpoint);
    const primary = new Redis({ port: after.PrimaryEndpoint!.Port!, host: '127.0.0.1', maxRetriesPerRequest: 3, connectTimeout: 1000 });
    primary.on('error', () => undefined);
    try {
      await primary.set('x', '1');
      expect(await primary.call('WAIT', '1', '2000')).toBe(1);
    } finally {
      primary.disconnect();
    }
  } finally {
    second.client.destroy();
    await second.emulator.stop();
  }
});
