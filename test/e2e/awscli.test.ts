/**
 * The AWS CLI (v1, botocore) against the emulator: create, wait, describe,
 * connect real clients to the endpoints it returns, delete, and an error.
 * Skipped when `aws` is not on PATH.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { configGetCluster, startTestEmulator } from './helpers.js';

function awsOnPath(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const haveAws = awsOnPath();
if (!haveAws) console.warn('awscli e2e: skipped, `aws` is not on PATH');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!haveAws)('AWS CLI end to end', () => {
  let emulator: Emulator;
  let dir: string;
  let cliEnv: NodeJS.ProcessEnv;

  /** One `aws elasticache ...` call, bounded in time, with dummy credentials and no user config. */
  const aws = (...args: string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        'aws',
        ['elasticache', ...args, '--endpoint-url', emulator.endpoint, '--output', 'json'],
        { env: cliEnv, timeout: 30_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const ok = async (...args: string[]) => {
    const result = await aws(...args);
    expect(result.stderr, `aws ${args.join(' ')}`).toBe('');
    expect(result.code).toBe(0);
    return result.stdout ? (JSON.parse(result.stdout) as Record<string, any>) : {};
  };

  beforeAll(async () => {
    ({ emulator } = await startTestEmulator());
    dir = mkdtempSync(join(tmpdir(), 'awscli-'));
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    cliEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: '123456789012',
      AWS_SECRET_ACCESS_KEY: 'dummy',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
      ...(process.env.PYENV_VERSION ? { PYENV_VERSION: process.env.PYENV_VERSION } : {}),
    };
  });
  afterAll(async () => {
    await emulator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a Redis cluster, waits, describes and serves ioredis; then deletes it', async () => {
    const created = await ok('create-cache-cluster', '--cache-cluster-id', 'cli-redis', '--engine', 'redis', '--cache-node-type', 'cache.t3.micro', '--num-cache-nodes', '1');
    expect(created.CacheCluster.CacheClusterId).toBe('cli-redis');
    expect(created.CacheCluster.ARN).toMatch(/^arn:aws:elasticache:us-east-1:123456789012:cluster:cli-redis$/);
    await ok('wait', 'cache-cluster-available', '--cache-cluster-id', 'cli-redis');
    const described = await ok('describe-cache-clusters', '--cache-cluster-id', 'cli-redis', '--show-cache-node-info');
    const endpoint = described.CacheClusters[0].CacheNodes[0].Endpoint as { Address: string; Port: number };
    const redis = new Redis({ host: endpoint.Address, port: endpoint.Port, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await redis.connect();
      expect(await redis.set('from-cli', 'yes')).toBe('OK');
      expect(await redis.get('from-cli')).toBe('yes');
    } finally {
      redis.disconnect();
    }
    const deleted = await ok('delete-cache-cluster', '--cache-cluster-id', 'cli-redis');
    expect(deleted.CacheCluster.CacheClusterStatus).toBe('deleting');
  }, 90_000);

  it('creates a Memcached cluster whose configuration endpoint answers config get cluster', async () => {
    await ok('create-cache-cluster', '--cache-cluster-id', 'cli-mc', '--engine', 'memcached', '--cache-node-type', 'cache.t3.micro', '--num-cache-nodes', '2');
    await ok('wait', 'cache-cluster-available', '--cache-cluster-id', 'cli-mc');
    const described = await ok('describe-cache-clusters', '--cache-cluster-id', 'cli-mc', '--show-cache-node-info');
    const cluster = described.CacheClusters[0];
    const discovery = await configGetCluster(cluster.ConfigurationEndpoint.Port);
    expect(discovery.nodes).toEqual(cluster.CacheNodes.map((n: { Endpoint: { Address: string; Port: number } }) => `${n.Endpoint.Address}|${n.Endpoint.Address}|${n.Endpoint.Port}`));
    await ok('delete-cache-cluster', '--cache-cluster-id', 'cli-mc');
  }, 90_000);

  it('reports an API error with a non-zero exit code and the error code on stderr', async () => {
    const result = await aws('describe-cache-clusters', '--cache-cluster-id', 'no-such-cluster');
    expect([254, 255]).toContain(result.code);
    expect(result.stderr).toMatch(/CacheClusterNotFound/);
  }, 60_000);
});
