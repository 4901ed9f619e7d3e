import { CreateCacheClusterCommand, DeleteCacheClusterCommand, DescribeCacheClustersCommand, ModifyCacheClusterCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failoverTimings, parseConfig } from '../src/config.js';
import type { Emulator } from '../src/emulator.js';
import { startTestEmulator } from './e2e/helpers.js';

describe('--transition-delay-ms', () => {
  it('is read from the flag and the environment (default 0)', () => {
    expect(parseConfig([]).config.transitionDelayMs).toBe(0);
    expect(parseConfig(['--transition-delay-ms', '250']).config.transitionDelayMs).toBe(250);
    expect(parseConfig([], { ELASTICACHE_LOCAL_TRANSITION_DELAY_MS: '40' }).config.transitionDelayMs).toBe(40);
    expect(parseConfig(['--node-recovery-ms=5']).config.nodeRecoveryMs).toBe(5);
    expect(failoverTimings(parseConfig([]).config).recoveryMs).toBe(1000);
    expect(() => parseConfig(['--transition-delay-ms', 'soon'])).toThrow(/milliseconds/);
  });
});

describe('failover timings', () => {
  it('default to the fast profile: no detection delay, no promotion delay, replacement after 1 s', () => {
    expect(parseConfig([]).config.failoverProfile).toBe('fast');
    expect(failoverTimings(parseConfig([]).config)).toEqual({ detectionMs: 0, promotionMs: 0, recoveryMs: 1000 });
  });

  it('--failover-profile elasticache takes ElastiCache-like durations; individual settings override it', () => {
    expect(failoverTimings(parseConfig(['--failover-profile', 'elasticache']).config)).toEqual({ detectionMs: 30_000, promotionMs: 60_000, recoveryMs: 600_000 });
    const mixed = parseConfig(['--failover-profile=elasticache', '--failover-promotion-ms', '1500'], { ELASTICACHE_LOCAL_FAILOVER_DETECTION_MS: '250' }).config;
    expect(failoverTimings(mixed)).toEqual({ detectionMs: 250, promotionMs: 1500, recoveryMs: 600_000 });
    const fromEnv = parseConfig([], { ELASTICACHE_LOCAL_FAILOVER_PROFILE: 'elasticache', ELASTICACHE_LOCAL_NODE_RECOVERY_MS: '2000' }).config;
    expect(failoverTimings(fromEnv)).toEqual({ detectionMs: 30_000, promotionMs: 60_000, recoveryMs: 2000 });
  });

  it('rejects an unknown profile and a bad duration', () => {
    expect(() => parseConfig(['--failover-profile', 'slow'])).toThrow("--failover-profile: 'slow' is not one of fast, elasticache");
    expect(() => parseConfig([], { ELASTICACHE_LOCAL_FAILOVER_DETECTION_MS: '1s' })).toThrow(/ELASTICACHE_LOCAL_FAILOVER_DETECTION_MS: '1s' is not a number of milliseconds/);
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
