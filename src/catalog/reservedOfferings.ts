import type { ReservedCacheNodesOffering } from '@aws-sdk/client-elasticache';
import { createHash } from 'node:crypto';
import { allNodeTypes, nodeTypeSupportsEngine, type NodeTypeInfo } from './nodeTypes.js';

/**
 * A plausible reserved-node offering catalog: every current-generation node
 * type × product (redis, valkey, memcached) × term (1 or 3 years) × payment
 * option. Prices are derived from an approximate on-demand hourly price with
 * the usual reserved discounts; they are for display, nothing bills. Ids are
 * UUIDs derived from the offering's attributes, so they are the same in
 * every run, account and region.
 */

export const ONE_YEAR_SECONDS = 31_536_000;
export const THREE_YEARS_SECONDS = 94_608_000;

export const OFFERING_TYPES = ['No Upfront', 'Partial Upfront', 'All Upfront'] as const;
export type OfferingType = (typeof OFFERING_TYPES)[number];

/** ProductDescription values. */
export const PRODUCTS = ['redis', 'valkey', 'memcached'] as const;

// On-demand USD/hour of the "large" size (or the listed size for burstable types).
const LARGE_HOURLY: Record<string, number> = {
  m4: 0.156,
  m5: 0.156,
  m6g: 0.149,
  m7g: 0.158,
  r4: 0.228,
  r5: 0.216,
  r6g: 0.206,
  r7g: 0.219,
  r6gd: 0.3905, // half of xlarge's 0.781: r6gd starts at xlarge
};
const BURSTABLE_HOURLY: Record<string, number> = {
  'cache.t2.micro': 0.017,
  'cache.t2.small': 0.034,
  'cache.t2.medium': 0.068,
  'cache.t3.micro': 0.017,
  'cache.t3.small': 0.034,
  'cache.t3.medium': 0.068,
  'cache.t4g.micro': 0.016,
  'cache.t4g.small': 0.032,
  'cache.t4g.medium': 0.065,
};
const SIZE_FACTOR: Record<string, number> = {
  large: 1,
  xlarge: 2,
  '2xlarge': 4,
  '4xlarge': 8,
  '8xlarge': 16,
  '10xlarge': 20,
  '12xlarge': 24,
  '16xlarge': 32,
  '24xlarge': 48,
};

function onDemandHourly(t: NodeTypeInfo, product: string): number | undefined {
  const base = BURSTABLE_HOURLY[t.nodeType] ?? (LARGE_HOURLY[t.family] ?? NaN) * (SIZE_FACTOR[t.size] ?? NaN);
  if (!Number.isFinite(base)) return undefined;
  return product === 'valkey' ? base * 0.8 : base;
}

// Share of the on-demand cost: [upfront share, hourly share] per term and payment option.
const DISCOUNTS: Record<number, Record<OfferingType, [number, number]>> = {
  [ONE_YEAR_SECONDS]: { 'No Upfront': [0, 0.7], 'Partial Upfront': [0.32, 0.3], 'All Upfront': [0.6, 0] },
  [THREE_YEARS_SECONDS]: { 'No Upfront': [0, 0.55], 'Partial Upfront': [0.22, 0.2], 'All Upfront': [0.4, 0] },
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function offeringId(nodeType: string, duration: number, product: string, offeringType: string): string {
  const h = createHash('sha1').update(`${nodeType}|${duration}|${product}|${offeringType}`).digest('hex');
  // RFC 4122 layout, version 5 (name-based, SHA-1).
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function buildCatalog(): ReservedCacheNodesOffering[] {
  const out: ReservedCacheNodesOffering[] = [];
  for (const t of allNodeTypes()) {
    if (t.generation !== 'current') continue;
    for (const product of PRODUCTS) {
      if (!nodeTypeSupportsEngine(t.nodeType, product)) continue;
      const hourly = onDemandHourly(t, product);
      if (hourly === undefined) continue;
      for (const duration of [ONE_YEAR_SECONDS, THREE_YEARS_SECONDS]) {
        const hours = duration / 3600;
        for (const offeringType of OFFERING_TYPES) {
          const [upfrontShare, hourlyShare] = DISCOUNTS[duration]![offeringType];
          out.push({
            ReservedCacheNodesOfferingId: offeringId(t.nodeType, duration, product, offeringType),
            CacheNodeType: t.nodeType,
            Duration: duration,
            FixedPrice: round2(hourly * hours * upfrontShare),
            UsagePrice: 0,
            ProductDescription: product,
            OfferingType: offeringType,
            RecurringCharges:
              hourlyShare > 0 ? [{ RecurringChargeAmount: round3(hourly * hourlyShare), RecurringChargeFrequency: 'Hourly' }] : [],
          });
        }
      }
    }
  }
  return out;
}

const CATALOG = buildCatalog();
const BY_ID = new Map(CATALOG.map((o) => [o.ReservedCacheNodesOfferingId!, o]));

export function allReservedOfferings(): ReservedCacheNodesOffering[] {
  return CATALOG;
}

export function findReservedOffering(id: string): ReservedCacheNodesOffering | undefined {
  return BY_ID.get(id);
}

/**
 * The Duration filter: "1" or "3" (years) or the term in seconds, as the API
 * documents it. undefined when the value is none of those.
 */
export function parseDurationFilter(duration: string): number | undefined {
  switch (duration.trim()) {
    case '1':
    case String(ONE_YEAR_SECONDS):
      return ONE_YEAR_SECONDS;
    case '3':
    case String(THREE_YEARS_SECONDS):
      return THREE_YEARS_SECONDS;
    default:
      return undefined;
  }
}
