/** The command line: flags and env, the listening line, clean shutdown; and the AWS CLI against the emulator. */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/errors.js';
import { ConfigError, defaultConfig, parseConfig } from '../src/config.js';
import { startEmulator } from '../src/emulator.js';
import { handlers as serviceHandlers } from '../src/services/index.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'src', 'cli.ts');
const run = promisify(execFile);

describe('parseConfig', () => {
  it('uses the defaults', () => {
    expect(parseConfig([], {})).toEqual({ config: defaultConfig, help: false, version: false });
  });

  it('reads flags (both spellings) and environment variables; flags win', () => {
    const { config } = parseConfig(
      ['--port', '0', '--data-dir=:memory:', '--node-port-range', '30000-30999', '--allow-restricted-commands'],
      { ELASTICACHE_LOCAL_PORT: '5000', ELASTICACHE_LOCAL_HOST: '0.0.0.0', ELASTICACHE_LOCAL_LOG_LEVEL: 'debug', ELASTICACHE_LOCAL_ADVERTISE_HOST: 'cache' },
    );
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: ':memory:',
      advertiseHost: 'cache',
      nodePortRange: [30000, 30999],
      logLevel: 'debug',
      allowRestrictedCommands: true,
      transitionDelayMs: 0,
      failoverProfile: 'fast',
    });
    expect(parseConfig(['--failover-profile', 'elasticache', '--failover-detection-ms', '500'], {}).config).toMatchObject({ failoverProfile: 'elasticache', failoverDetectionMs: 500 });
    expect(parseConfig([], { ELASTICACHE_LOCAL_ALLOW_RESTRICTED_COMMANDS: 'true' }).config.allowRestrictedCommands).toBe(true);
    expect(parseConfig(['--allow-restricted-commands', 'false']).config.allowRestrictedCommands).toBe(false);
    expect(parseConfig(['--help']).help).toBe(true);
    expect(parseConfig(['--version']).version).toBe(true);
  });

  it('rejects bad values with a clear message', () => {
    const bad: [string[], Record<string, string>][] = [
      [['--port', 'abc'], {}],
      [['--port', '70000'], {}],
      [['--node-port-range', '31000-30000'], {}],
      [['--log-level', 'loud'], {}],
      [['--bogus'], {}],
      [['--port'], {}],
      [[], { ELASTICACHE_LOCAL_PORT: 'x' }],
      [[], { ELASTICACHE_LOCAL_ALLOW_RESTRICTED_COMMANDS: 'maybe' }],
    ];
    for (const [argv, env] of bad) expect(() => parseConfig(argv, env), argv.join(' ')).toThrow(ConfigError);
  });
});

describe('elasticache-local CLI', () => {
  it('prints where it listens, serves health, and exits 0 on SIGTERM', async () => {
    const child = spawn(tsx, [cli, '--port', '0', '--data-dir', ':memory:', '--log-level', 'warn'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no listening line; stdout: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /elasticache-local listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const res = await fetch(`${endpoint}/_emulator/health`, { signal: AbortSignal.timeout(5000) });
      expect(((await res.json()) as { status: string }).status).toBe('ok');
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await Promise.race([exited, timeout(10_000)])) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 on a bad flag', async () => {
    const err = (await run(tsx, [cli, '--port', 'nope'], { cwd: root, timeout: 20_000 }).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain("--port: 'nope' is not a port");
  });
});

const awsOnPath = ['/usr/bin/aws', '/usr/local/bin/aws', ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'aws'))].some(existsSync);

describe.skipIf(!awsOnPath)('AWS CLI', () => {
  it('describes cache clusters as JSON and reports service errors', async () => {
    const emu = await startEmulator({
      port: 0,
      dataDir: ':memory:',
      logLevel: 'silent',
      handlers: {
        ...serviceHandlers,
        // Stand-in until the cache-cluster family lands: proves the AWS CLI's botocore codec against ours.
        DescribeCacheClusters: (input: { CacheClusterId?: string }, ctx) => {
          if (input.CacheClusterId) throw new ApiError('CacheClusterNotFoundFault', `CacheCluster not found: ${input.CacheClusterId}`);
          return { CacheClusters: [{ CacheClusterId: 'demo', CacheClusterCreateTime: ctx.env.clock.now(), NumCacheNodes: 1 }] };
        },
      },
    });
    const env = { ...process.env, AWS_ACCESS_KEY_ID: '123456789012', AWS_SECRET_ACCESS_KEY: 'x', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null' };
    const aws = (...args: string[]) =>
      run('aws', ['elasticache', ...args, '--endpoint-url', emu.endpoint, '--region', 'us-east-1', '--output', 'json'], { env, timeout: 30_000 });
    try {
      const { stdout } = await aws('describe-cache-clusters');
      expect(JSON.parse(stdout)).toMatchObject({ CacheClusters: [{ CacheClusterId: 'demo', NumCacheNodes: 1 }] });
      const err = (await aws('describe-cache-clusters', '--cache-cluster-id', 'nope').catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(err.code).not.toBe(0);
      expect(err.stderr).toContain('CacheClusterNotFound');
      const versions = JSON.parse((await aws('describe-cache-engine-versions', '--engine', 'redis')).stdout) as unknown;
      expect(versions).toBeTypeOf('object');
    } finally {
      await emu.stop();
    }
  });
});

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref());
}
