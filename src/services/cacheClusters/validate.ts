import { ApiError, invalidParameterCombination, invalidParameterValue, missingParameter } from '../../api/errors.js';
import { findEngineVersion, isEngineName, type EngineName } from '../../catalog/engineVersions.js';
import { isValidNodeType, nodeTypeSupportsEngine } from '../../catalog/nodeTypes.js';

/** ElastiCache's per-cluster and per-region limits (default quotas). */
export const MAX_MEMCACHED_NODES_PER_CLUSTER = 40;
export const MAX_NODES_PER_REGION = 300;
export const MAX_CLUSTERS_PER_REGION = 300;
export const MAX_CLUSTER_ID_LENGTH = 50;

const IDENTIFIER_RULE =
  'Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.';

/** Checks a cache cluster identifier as ElastiCache does; returns it lower-cased, as stored. */
export function checkClusterId(id: string | undefined, parameter = 'CacheClusterId'): string {
  if (id === undefined || id === '') throw missingParameter(parameter);
  const valid = /^[A-Za-z][A-Za-z0-9-]*$/.test(id) && !id.endsWith('-') && !id.includes('--');
  if (!valid) throw invalidParameterValue(`The parameter CacheClusterIdentifier is not a valid identifier. ${IDENTIFIER_RULE}`);
  if (id.length > MAX_CLUSTER_ID_LENGTH) {
    throw invalidParameterValue(
      `The parameter CacheClusterIdentifier is not a valid identifier. It must contain from 1 to ${MAX_CLUSTER_ID_LENGTH} alphanumeric characters or hyphens.`,
    );
  }
  return id.toLowerCase();
}

export function checkEngine(engine: string | undefined): EngineName {
  const name = (engine ?? 'memcached').toLowerCase();
  if (!isEngineName(name)) throw invalidParameterValue(`Invalid value for parameter Engine: ${engine}. Valid values are memcached, redis, valkey.`);
  return name;
}

/** An offered version of the engine; AWS's own wording when it is not one. */
export function checkEngineVersion(engine: EngineName, version: string): string {
  if (!findEngineVersion(engine, version)) throw invalidParameterCombination(`Cannot find version ${version} for ${engine}`);
  return version;
}

export function checkNodeType(nodeType: string | undefined, engine: EngineName): string {
  if (nodeType === undefined || nodeType === '') throw invalidParameterValue('The parameter CacheNodeType must be provided and must not be null.');
  if (!isValidNodeType(nodeType)) throw invalidParameterValue(`Invalid CacheNodeType: ${nodeType}`);
  if (!nodeTypeSupportsEngine(nodeType, engine)) {
    throw invalidParameterCombination(`Cache node type ${nodeType} is not supported for engine ${engine}.`);
  }
  return nodeType;
}

/** Redis/Valkey clusters have exactly one node; Memcached 1 to 40. */
export function checkNumCacheNodes(engine: EngineName, n: number | undefined, verb: 'create' | 'modify'): number {
  const count = n ?? 1;
  if (!Number.isInteger(count) || count < 1) throw invalidParameterValue('The parameter NumCacheNodes must be a positive integer.');
  if (engine !== 'memcached' && count > 1) {
    throw invalidParameterValue(`Cannot ${verb} a ${engine === 'valkey' ? 'Valkey' : 'Redis'} cluster with a NumCacheNodes parameter greater than 1.`);
  }
  if (count > MAX_MEMCACHED_NODES_PER_CLUSTER) {
    throw new ApiError(
      'NodeQuotaForClusterExceededFault',
      `The request cannot be processed because it would exceed the allowed number of cache nodes in a single cluster (${MAX_MEMCACHED_NODES_PER_CLUSTER}).`,
    );
  }
  return count;
}

const DAY = '(sun|mon|tue|wed|thu|fri|sat)';
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const WINDOW = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`, 'i');

/** ddd:hh24:mi-ddd:hh24:mi, at least 60 minutes long. */
export function checkMaintenanceWindow(window: string | undefined): string | undefined {
  if (window === undefined) return undefined;
  const lower = window.toLowerCase();
  if (!WINDOW.test(lower)) {
    throw invalidParameterValue(`Invalid maintenance window format: ${window}. The format must be ddd:hh24:mi-ddd:hh24:mi.`);
  }
  const [start, end] = lower.split('-').map(minuteOfWeek) as [number, number];
  const length = (end - start + 7 * 24 * 60) % (7 * 24 * 60);
  if (length < 60) throw invalidParameterValue('The maintenance window must be at least 60 minutes long.');
  return lower;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** "tue:05:30" → minutes since Sunday 00:00 UTC. */
export function minuteOfWeek(point: string): number {
  const [day, hh, mm] = point.split(':') as [string, string, string];
  return DAYS.indexOf(day) * 24 * 60 + Number(hh) * 60 + Number(mm);
}

/** hh24:mi-hh24:mi, at least 60 minutes. */
export function checkSnapshotWindow(window: string | undefined): string | undefined {
  if (window === undefined) return undefined;
  if (!new RegExp(`^${TIME}-${TIME}$`).test(window)) {
    throw invalidParameterValue(`Invalid snapshot window format: ${window}. The format must be hh24:mi-hh24:mi.`);
  }
  return window;
}

/** ElastiCache picks a one-hour window per cluster; ours is derived from its id so it is stable. */
export function defaultMaintenanceWindow(id: string): string {
  let h = 7;
  for (const ch of id) h = (h * 33 + ch.charCodeAt(0)) >>> 0;
  const day = DAYS[h % 7]!;
  const hour = (h >>> 3) % 24;
  const next = (hour + 1) % 24;
  const nextDay = hour === 23 ? DAYS[(h % 7 + 1) % 7]! : day;
  const hh = (n: number) => String(n).padStart(2, '0');
  return `${day}:${hh(hour)}:00-${nextDay}:${hh(next)}:00`;
}

export function defaultSnapshotWindow(id: string): string {
  let h = 11;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hour = h % 24;
  const hh = (n: number) => String(n).padStart(2, '0');
  return `${hh(hour)}:30-${hh((hour + 1) % 24)}:30`;
}

/** AUTH token rules: 16-128 printable ASCII characters; of the special ones only ! & # $ ^ < > - are allowed. */
export function checkAuthToken(token: string): string {
  if (!/^[A-Za-z0-9!&#$^<>-]{16,128}$/.test(token)) {
    throw invalidParameterValue(
      'Invalid AuthToken provided. It must be 16 to 128 printable ASCII characters; the only permitted special characters are !, &, #, $, ^, <, >, and -.',
    );
  }
  return token;
}

export function checkPort(port: number | undefined, fallback: number): number {
  if (port === undefined) return fallback;
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw invalidParameterValue(`The parameter Port must be between 1024 and 65535, but was ${port}.`);
  }
  return port;
}

/** EC2-Classic cache security groups are gone; VPC clusters use SecurityGroupIds. */
export function refuseCacheSecurityGroups(names: string[] | undefined): void {
  if (names?.length) {
    throw invalidParameterCombination('Use of cache security groups is not permitted in this API version for your account.');
  }
}
