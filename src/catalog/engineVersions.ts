import type { CacheEngineVersion } from '@aws-sdk/client-elasticache';

/**
 * The engine versions ElastiCache offers for node-based clusters, oldest
 * first per engine, as DescribeCacheEngineVersions lists them. Redis OSS 6+
 * and Valkey are addressed by major.minor ("7.1"); the description names the
 * patch release running behind it.
 */
export type EngineName = 'memcached' | 'redis' | 'valkey';

export const ENGINES: readonly EngineName[] = ['memcached', 'redis', 'valkey'];

const ENGINE_DESCRIPTION: Record<EngineName, string> = {
  memcached: 'memcached',
  redis: 'Redis',
  valkey: 'Valkey',
};

/** [engine, version, family, patch release shown in the description] */
const VERSIONS: [EngineName, string, string, string][] = [
  ['memcached', '1.4.5', 'memcached1.4', '1.4.5'],
  ['memcached', '1.4.14', 'memcached1.4', '1.4.14'],
  ['memcached', '1.4.24', 'memcached1.4', '1.4.24'],
  ['memcached', '1.4.33', 'memcached1.4', '1.4.33'],
  ['memcached', '1.4.34', 'memcached1.4', '1.4.34'],
  ['memcached', '1.5.10', 'memcached1.5', '1.5.10'],
  ['memcached', '1.5.16', 'memcached1.5', '1.5.16'],
  ['memcached', '1.6.6', 'memcached1.6', '1.6.6'],
  ['memcached', '1.6.12', 'memcached1.6', '1.6.12'],
  ['memcached', '1.6.17', 'memcached1.6', '1.6.17'],
  ['memcached', '1.6.22', 'memcached1.6', '1.6.22'],
  ['redis', '4.0.10', 'redis4.0', '4.0.10'],
  ['redis', '5.0.6', 'redis5.0', '5.0.6'],
  ['redis', '6.0', 'redis6.x', '6.0.5'],
  ['redis', '6.2', 'redis6.x', '6.2.6'],
  ['redis', '7.0', 'redis7', '7.0.7'],
  ['redis', '7.1', 'redis7', '7.1.0'],
  ['valkey', '7.2', 'valkey7', '7.2.6'],
  ['valkey', '8.0', 'valkey8', '8.0.1'],
];

/** The version a cluster gets when CreateCacheCluster names no EngineVersion. */
export const DEFAULT_ENGINE_VERSION: Record<EngineName, string> = {
  memcached: '1.6.22',
  redis: '7.1',
  valkey: '8.0',
};

export function allEngineVersions(): CacheEngineVersion[] {
  return VERSIONS.map(([engine, version, family, patch]) => ({
    Engine: engine,
    EngineVersion: version,
    CacheParameterGroupFamily: family,
    CacheEngineDescription: ENGINE_DESCRIPTION[engine],
    CacheEngineVersionDescription: `${engine} version ${patch}`,
  }));
}

export function isEngineName(engine: string): engine is EngineName {
  return (ENGINES as readonly string[]).includes(engine);
}

/** The offered version entry, or undefined when ElastiCache does not offer it. */
export function findEngineVersion(engine: string, version: string): CacheEngineVersion | undefined {
  return allEngineVersions().find((v) => v.Engine === engine && v.EngineVersion === version);
}

/**
 * The parameter group family of an engine version. Also answers for the older
 * Redis releases whose families still have default parameter groups
 * (2.6.13, 2.8.x, 3.2.x, 5.0.0-5.0.5), so restored snapshots keep working.
 */
export function familyForEngineVersion(engine: string, version: string): string | undefined {
  const offered = findEngineVersion(engine, version);
  if (offered) return offered.CacheParameterGroupFamily;
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (engine === 'memcached' && major === 1 && minor >= 4 && minor <= 6) return `memcached1.${minor}`;
  if (engine === 'redis') {
    if (major === 2 && (minor === 6 || minor === 8)) return `redis2.${minor}`;
    if (major === 3 && minor === 2) return 'redis3.2';
    if (major === 4 && minor === 0) return 'redis4.0';
    if (major === 5 && minor === 0) return 'redis5.0';
    if (major === 6) return 'redis6.x';
    if (major === 7) return 'redis7';
  }
  if (engine === 'valkey' && (major === 7 || major === 8)) return `valkey${major}`;
  return undefined;
}

/** Compares dotted versions numerically ("6.2" < "6.10" < "7.0.4"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
