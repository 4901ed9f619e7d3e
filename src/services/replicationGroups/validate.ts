import { invalidParameterCombination, invalidParameterValue, missingParameter } from '../../api/errors.js';

/** ElastiCache's limits for a cluster-mode-disabled group: 1 primary + up to 5 replicas. */
export const MAX_MEMBERS = 6;
export const MAX_REPLICAS = 5;
const MAX_GROUP_ID_LENGTH = 40;

/** ReplicationGroupId: the identifier rules, at most 40 characters; stored lower-cased. */
export function checkGroupId(id: string | undefined): string {
  if (id === undefined || id === '') throw missingParameter('ReplicationGroupId');
  const valid = /^[A-Za-z][A-Za-z0-9-]*$/.test(id) && !id.endsWith('-') && !id.includes('--') && id.length <= MAX_GROUP_ID_LENGTH;
  if (!valid) {
    throw invalidParameterValue(
      `The parameter ReplicationGroupId is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; must not end with a hyphen or contain two consecutive hyphens; and must contain from 1 to ${MAX_GROUP_ID_LENGTH} characters.`,
    );
  }
  return id.toLowerCase();
}

/** Automatic failover needs a replica; Multi-AZ needs automatic failover. */
export function checkFailoverSettings(members: number, automaticFailover: boolean, multiAz: boolean): void {
  if (automaticFailover && members < 2) {
    throw invalidParameterCombination('When using automatic failover, there must be at least 2 cache clusters in the replication group.');
  }
  if (multiAz && !automaticFailover) {
    throw invalidParameterCombination('Multi-AZ is not supported when automatic failover is disabled. Please enable automatic failover first.');
  }
}

export function checkMemberCount(members: number): void {
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS) {
    throw invalidParameterValue(`NumCacheClusters must be between 1 and ${MAX_MEMBERS}, but was ${members}.`);
  }
}

export function checkReplicaCount(replicas: number, parameter: string): void {
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) {
    throw invalidParameterValue(`The number of replicas per node group must be within 0 and ${MAX_REPLICAS}. ${parameter}: ${replicas}`);
  }
}
