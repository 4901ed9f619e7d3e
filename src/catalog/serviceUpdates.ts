import type { ServiceUpdate } from '@aws-sdk/client-elasticache';
import { compareVersions } from './engineVersions.js';

/**
 * A plausible set of ElastiCache self-service updates. Each applies to the
 * clusters whose engine and version it names; DescribeUpdateActions derives
 * one update action per applicable cluster or replication group. Names follow
 * AWS's "elc-YYYYMMDD-NNN" pattern. The wording is ElastiCache's usual
 * one for security updates; nothing here describes a real advisory.
 */
export interface ServiceUpdateSpec {
  update: ServiceUpdate;
  /** Whether a node of this engine and version receives the update. */
  appliesTo(engine: string, engineVersion: string): boolean;
}

const DESCRIPTION = 'Upgrades to improve the security, reliability, and operational performance of your ElastiCache nodes';
const date = (iso: string) => new Date(iso);
const atLeast = (version: string, min: string) => compareVersions(version, min) >= 0;

const SPECS: ServiceUpdateSpec[] = [
  {
    update: {
      ServiceUpdateName: 'elc-20190611-001',
      ServiceUpdateReleaseDate: date('2019-06-11T15:00:00Z'),
      ServiceUpdateEndDate: date('2019-10-01T09:24:00Z'),
      ServiceUpdateSeverity: 'important',
      ServiceUpdateRecommendedApplyByDate: date('2019-07-11T14:59:59Z'),
      ServiceUpdateStatus: 'expired',
      ServiceUpdateDescription: DESCRIPTION,
      ServiceUpdateType: 'security-update',
      Engine: 'redis',
      EngineVersion: 'redis 3.2.6, redis 4.0 and onwards',
      AutoUpdateAfterRecommendedApplyByDate: false,
      EstimatedUpdateTime: '30 minutes per node',
    },
    appliesTo: (engine, version) => engine === 'redis' && atLeast(version, '3.2.6'),
  },
  {
    update: {
      ServiceUpdateName: 'elc-20240305-001',
      ServiceUpdateReleaseDate: date('2024-03-05T16:00:00Z'),
      ServiceUpdateSeverity: 'medium',
      ServiceUpdateRecommendedApplyByDate: date('2024-05-04T15:59:59Z'),
      ServiceUpdateStatus: 'available',
      ServiceUpdateDescription: DESCRIPTION,
      ServiceUpdateType: 'security-update',
      Engine: 'memcached',
      EngineVersion: 'memcached 1.5.16 and onwards',
      AutoUpdateAfterRecommendedApplyByDate: false,
      EstimatedUpdateTime: '15 minutes per node',
    },
    appliesTo: (engine, version) => engine === 'memcached' && atLeast(version, '1.5.16'),
  },
  {
    update: {
      ServiceUpdateName: 'elc-20250114-001',
      ServiceUpdateReleaseDate: date('2025-01-14T16:00:00Z'),
      ServiceUpdateSeverity: 'important',
      ServiceUpdateRecommendedApplyByDate: date('2025-03-15T15:59:59Z'),
      ServiceUpdateStatus: 'available',
      ServiceUpdateDescription: DESCRIPTION,
      ServiceUpdateType: 'security-update',
      Engine: 'redis, valkey, memcached',
      EngineVersion: 'redis 4.0.10 and onwards, valkey 7.2 and onwards, memcached 1.4.5 and onwards',
      AutoUpdateAfterRecommendedApplyByDate: false,
      EstimatedUpdateTime: '30 minutes per node',
    },
    appliesTo: (engine, version) =>
      (engine === 'redis' && atLeast(version, '4.0.10')) || engine === 'valkey' || engine === 'memcached',
  },
  {
    update: {
      ServiceUpdateName: 'elc-20250612-002',
      ServiceUpdateReleaseDate: date('2025-06-12T16:00:00Z'),
      ServiceUpdateSeverity: 'critical',
      ServiceUpdateRecommendedApplyByDate: date('2025-07-12T15:59:59Z'),
      ServiceUpdateStatus: 'available',
      ServiceUpdateDescription: 'Engine patch addressing security findings in Valkey and Redis OSS',
      ServiceUpdateType: 'security-update',
      Engine: 'redis, valkey',
      EngineVersion: 'redis 6.2 and onwards, valkey 7.2 and onwards',
      AutoUpdateAfterRecommendedApplyByDate: true,
      EstimatedUpdateTime: '30 minutes per node',
    },
    appliesTo: (engine, version) => (engine === 'redis' && atLeast(version, '6.2')) || engine === 'valkey',
  },
];

export function allServiceUpdates(): ServiceUpdateSpec[] {
  return SPECS;
}

export function findServiceUpdate(name: string): ServiceUpdateSpec | undefined {
  return SPECS.find((s) => s.update.ServiceUpdateName === name);
}
