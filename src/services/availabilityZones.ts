import { invalidParameterCombination, invalidParameterValue } from '../api/errors.js';
import { availabilityZones } from '../catalog/network.js';

/** A stable small number from an id, so a cluster always lands in the same AZ. */
function hashOf(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

export interface AzRequest {
  region: string;
  clusterId: string;
  /** The AZs the cluster's subnet group covers (all of the region's for 'default'). */
  subnetAzs: string[];
  count: number;
  azMode?: string;
  preferred?: string;
  preferredList?: string[];
}

/**
 * One AZ per new node, as ElastiCache places them: the preferred AZs when
 * given (their count must match), otherwise all nodes in one AZ (single-az)
 * or spread round-robin over the subnet group's AZs (cross-az).
 */
export function placeNodes(req: AzRequest): string[] {
  const known = req.subnetAzs.length ? req.subnetAzs : availabilityZones(req.region);
  if (req.preferred !== undefined && req.preferredList?.length) {
    throw invalidParameterCombination('Only one of PreferredAvailabilityZone or PreferredAvailabilityZones may be specified.');
  }
  const wanted = req.preferredList?.length ? req.preferredList : req.preferred !== undefined ? [req.preferred] : undefined;
  if (wanted) {
    for (const az of wanted) {
      if (!availabilityZones(req.region).includes(az)) throw invalidParameterValue(`Invalid availability zone: ${az}`);
      if (!known.includes(az)) {
        throw invalidParameterValue(`There are no subnets in the requested availability zone ${az} in the cache subnet group.`);
      }
    }
    if (req.preferredList?.length) {
      if (wanted.length !== req.count) {
        throw invalidParameterValue(
          `The number of preferred availability zones (${wanted.length}) must be equal to the number of cache nodes (${req.count}).`,
        );
      }
      return [...wanted];
    }
    return Array.from({ length: req.count }, () => wanted[0]!);
  }
  const start = hashOf(req.clusterId) % known.length;
  if (req.azMode === 'cross-az') return Array.from({ length: req.count }, (_, i) => known[(start + i) % known.length]!);
  return Array.from({ length: req.count }, () => known[start]!);
}

/** Whether a list of node AZs spans more than one AZ (what AZMode reports back). */
export function isCrossAz(azs: string[]): boolean {
  return new Set(azs).size > 1;
}
