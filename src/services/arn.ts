import type { Scope } from '../store/db.js';

/** The resource types that appear in ElastiCache ARNs. */
export type ArnResourceType =
  | 'cluster'
  | 'replicationgroup'
  | 'parametergroup'
  | 'subnetgroup'
  | 'securitygroup'
  | 'snapshot'
  | 'user'
  | 'usergroup'
  | 'reserved-instance'
  | 'serverlesscache'
  | 'serverlesscachesnapshot'
  | 'globalreplicationgroup';

export function makeArn(scope: Scope, type: ArnResourceType, id: string): string {
  return `arn:aws:elasticache:${scope.region}:${scope.account}:${type}:${id}`;
}

export interface ParsedArn {
  region: string;
  account: string;
  type: string;
  id: string;
}

/** Parses an ElastiCache ARN; undefined when it is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  const m = /^arn:aws[a-z-]*:elasticache:([a-z0-9-]+):(\d{12}):([a-z-]+):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, type: m[3]!, id: m[4]! };
}
