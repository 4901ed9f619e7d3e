import { CreateCacheClusterCommand, DeleteCacheClusterCommand, DescribeCacheClustersCommand, ModifyCacheClusterCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import type { Emulator } from '../src/emulator.js';
import { startTestEmulator } from './e2e/helpers.js';

describe('--transition-delay-ms', () => {
  it('is read from the flag and the environment (default 0)', () => {
    expect(parseConfig([]).config.transitionDelayMs).toBe(0);
    expect(parseConfig(['--transition-delay-ms', '250']).config.transitionDelayMs).toBe(250);
    expect(parseConfig([], { ELASTICACHE_LOCAL_TRANSITION_DELAY_MS: '40' }).config.transitionDelayMs).toBe(40);
    expect(parseConfig(['--node-recovery-ms=5']).config.nodeRecoveryMs).toBe(5);
    expect(parseConfig([]).config.nodeRecoveryMs).toBe(1000);
    expect(() => parseConfig(['--transition-delay-ms', 'soon'])).toThrow(/milliseconds/);
  });
});

describe('with a transition delay', () => {
  const DELAY = 300;
  let emulator: Emulator;
  let client: ElastiCacheClient;
  const status = async (id: string) => {
    try {
      return (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id }))).CacheClusters![0]!.CacheClusterStatus;
    } catch (err) {
      if ((err as Error).name === 'CacheClusterNotFoundFault') return 'gone';
      throw err;
    }
  };
  /** Polls (bounded) until the status is `want`. */
  const settles = async (id: string, want: string) => {
    const deadline = Date.now() + 5000;
    let current = await status(id);
    while (current !== want && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      current = await status(id);
    }
    return current;
  };

  beforeAll(async () => {
    ({ emulator, client } = await startTestEmulator({ transitionDelayMs: DELAY }));
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('shows creating, modifying and deleting before each resolves', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'slow', Engine: 'redis', CacheNodeType: 'cache.t3.micro' }));
    expect(await status('slow')).toBe('creating');
    expect(await settles('slow', 'available')).toBe('available');

    await client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'slow', SnapshotRetentionLimit: 3, CacheNodeType: 'cache.t3.small', ApplyImmediately: true }));
    expect(await status('slow')).toBe('modifying');
    expect(await settles('slow', 'available')).toBe('available');

    await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'slow' }));
    expect(await status('slow')).toBe('deleting');
    expect(await settles('slow', 'gone')).toBe('gone');
  });
});
