import type {
  DescribeReservedCacheNodesMessage,
  DescribeReservedCacheNodesOfferingsMessage,
  PurchaseReservedCacheNodesOfferingMessage,
  PurchaseReservedCacheNodesOfferingResult,
  ReservedCacheNode,
  ReservedCacheNodeMessage,
  ReservedCacheNodesOffering,
  ReservedCacheNodesOfferingMessage,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterValue, missingParameter } from '../api/errors.js';
import { allReservedOfferings, findReservedOffering, parseDurationFilter } from '../catalog/reservedOfferings.js';
import type { RequestContext } from '../env.js';
import { makeArn } from './arn.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';
import { storeTags, validateTags } from './resourceTagging.js';

const KIND = 'reserved-cache-node';
/** Reserved nodes an account may hold per region (ElastiCache's default quota). */
export const RESERVED_NODE_QUOTA = 300;

// OfferingType values the API accepts, the legacy utilization types included.
const VALID_OFFERING_TYPES = ['Light Utilization', 'Medium Utilization', 'Heavy Utilization', 'All Upfront', 'Partial Upfront', 'No Upfront'];

/** A purchase as stored; State is derived from the clock when it is read. */
interface StoredReservedNode {
  node: Omit<ReservedCacheNode, 'State' | 'StartTime'>;
  startMs: number;
}

const collection = (ctx: RequestContext) => ctx.env.store.collection<StoredReservedNode>(KIND);

/** Common offering/node filters (CacheNodeType, Duration, ProductDescription, OfferingType). */
interface OfferingFilter {
  CacheNodeType?: string;
  Duration?: string;
  ProductDescription?: string;
  OfferingType?: string;
}

function offeringMatcher(filter: OfferingFilter): (o: ReservedCacheNodesOffering | ReservedCacheNode) => boolean {
  let duration: number | undefined;
  if (filter.Duration !== undefined) {
    duration = parseDurationFilter(filter.Duration);
    if (duration === undefined) {
      throw invalidParameterValue(`Invalid value for Duration: ${filter.Duration}. Valid values are: 1, 3, 31536000, 94608000`);
    }
  }
  if (filter.OfferingType !== undefined && !VALID_OFFERING_TYPES.includes(filter.OfferingType)) {
    throw invalidParameterValue(`Invalid value for OfferingType: ${filter.OfferingType}. Valid values are: ${VALID_OFFERING_TYPES.join(', ')}`);
  }
  return (o) =>
    (filter.CacheNodeType === undefined || o.CacheNodeType === filter.CacheNodeType) &&
    (duration === undefined || o.Duration === duration) &&
    (filter.ProductDescription === undefined || o.ProductDescription === filter.ProductDescription) &&
    (filter.OfferingType === undefined || o.OfferingType === filter.OfferingType);
}

function offeringNotFound(id: string): ApiError {
  return new ApiError('ReservedCacheNodesOfferingNotFoundFault', `ReservedCacheNodesOffering not found: ${id}`);
}

const describeReservedCacheNodesOfferings: Handler<DescribeReservedCacheNodesOfferingsMessage, ReservedCacheNodesOfferingMessage> = (
  input,
) => {
  const matches = offeringMatcher(input);
  let offerings = allReservedOfferings();
  if (input.ReservedCacheNodesOfferingId !== undefined) {
    const one = findReservedOffering(input.ReservedCacheNodesOfferingId);
    if (!one) throw offeringNotFound(input.ReservedCacheNodesOfferingId);
    offerings = [one];
  }
  const { page, marker } = paginate(offerings.filter(matches), input.Marker, input.MaxRecords);
  return { ReservedCacheNodesOfferings: page, ...(marker ? { Marker: marker } : {}) };
};

/** What a reserved node looks like now: payment-pending at purchase, then active until its term ends. */
function present(stored: StoredReservedNode, nowMs: number, justPurchased = false): ReservedCacheNode {
  const endMs = stored.startMs + (stored.node.Duration ?? 0) * 1000;
  const state = justPurchased ? 'payment-pending' : nowMs >= endMs ? 'retired' : 'active';
  const { node } = stored;
  return {
    ReservedCacheNodeId: node.ReservedCacheNodeId,
    ReservedCacheNodesOfferingId: node.ReservedCacheNodesOfferingId,
    CacheNodeType: node.CacheNodeType,
    StartTime: new Date(stored.startMs),
    Duration: node.Duration,
    FixedPrice: node.FixedPrice,
    UsagePrice: node.UsagePrice,
    CacheNodeCount: node.CacheNodeCount,
    ProductDescription: node.ProductDescription,
    OfferingType: node.OfferingType,
    State: state,
    RecurringCharges: node.RecurringCharges,
    ReservationARN: node.ReservationARN,
  };
}

/** AWS-style generated id: ri-YYYY-MM-DD-HH-MM-SS-mmm of the purchase time. */
function generatedId(ctx: RequestContext, startMs: number): string {
  for (let ms = startMs; ; ms++) {
    const iso = new Date(ms).toISOString(); // 2020-06-30T17:59:40.474Z
    const id = `ri-${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}-${iso.slice(20, 23)}`;
    if (!collection(ctx).has(ctx, id)) return id;
  }
}

const RESERVED_NODE_ID = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,254}$/;

const purchaseReservedCacheNodesOffering: Handler<PurchaseReservedCacheNodesOfferingMessage, PurchaseReservedCacheNodesOfferingResult> = (
  input,
  ctx,
) => {
  if (!input.ReservedCacheNodesOfferingId) throw missingParameter('ReservedCacheNodesOfferingId');
  const offering = findReservedOffering(input.ReservedCacheNodesOfferingId);
  if (!offering) throw offeringNotFound(input.ReservedCacheNodesOfferingId);
  const count = input.CacheNodeCount ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw invalidParameterValue(`Invalid value for CacheNodeCount: ${count}. It must be a positive integer.`);
  }
  if (input.ReservedCacheNodeId !== undefined && !RESERVED_NODE_ID.test(input.ReservedCacheNodeId)) {
    throw invalidParameterValue(`Invalid value for ReservedCacheNodeId: ${input.ReservedCacheNodeId}`);
  }
  validateTags(input.Tags);
  const nodes = collection(ctx);
  if (input.ReservedCacheNodeId !== undefined && nodes.has(ctx, input.ReservedCacheNodeId)) {
    throw new ApiError('ReservedCacheNodeAlreadyExistsFault', `Reserved cache node ${input.ReservedCacheNodeId} already exists.`);
  }
  const held = nodes.list(ctx).reduce((sum, n) => sum + (n.node.CacheNodeCount ?? 0), 0);
  if (held + count > RESERVED_NODE_QUOTA) {
    throw new ApiError(
      'ReservedCacheNodeQuotaExceededFault',
      `The request would exceed the quota of ${RESERVED_NODE_QUOTA} reserved cache nodes for this account.`,
    );
  }

  const startMs = ctx.env.clock.nowMs();
  const id = input.ReservedCacheNodeId ?? generatedId(ctx, startMs);
  const arn = makeArn(ctx, 'reserved-instance', id);
  const stored: StoredReservedNode = {
    node: {
      ReservedCacheNodeId: id,
      ReservedCacheNodesOfferingId: offering.ReservedCacheNodesOfferingId,
      CacheNodeType: offering.CacheNodeType,
      Duration: offering.Duration,
      FixedPrice: offering.FixedPrice,
      UsagePrice: offering.UsagePrice,
      CacheNodeCount: count,
      ProductDescription: offering.ProductDescription,
      OfferingType: offering.OfferingType,
      RecurringCharges: offering.RecurringCharges,
      ReservationARN: arn,
    },
    startMs,
  };
  ctx.env.store.tx(() => {
    nodes.put(ctx, id, stored);
    storeTags(ctx.env.store, arn, input.Tags);
  });
  return { ReservedCacheNode: present(stored, startMs, true) };
};

const describeReservedCacheNodes: Handler<DescribeReservedCacheNodesMessage, ReservedCacheNodeMessage> = (input, ctx) => {
  const matches = offeringMatcher(input);
  let stored = collection(ctx).list(ctx);
  if (input.ReservedCacheNodeId !== undefined) {
    stored = stored.filter((s) => s.node.ReservedCacheNodeId === input.ReservedCacheNodeId);
    if (stored.length === 0) {
      throw new ApiError('ReservedCacheNodeNotFoundFault', `Reserved cache node ${input.ReservedCacheNodeId} not found.`);
    }
  }
  const nowMs = ctx.env.clock.nowMs();
  const nodes = stored
    .map((s) => present(s, nowMs))
    .filter(
      (n) =>
        matches(n) &&
        (input.ReservedCacheNodesOfferingId === undefined || n.ReservedCacheNodesOfferingId === input.ReservedCacheNodesOfferingId),
    );
  const { page, marker } = paginate(nodes, input.Marker, input.MaxRecords);
  return { ReservedCacheNodes: page, ...(marker ? { Marker: marker } : {}) };
};

export const handlers: HandlerMap = {
  DescribeReservedCacheNodesOfferings: describeReservedCacheNodesOfferings,
  PurchaseReservedCacheNodesOffering: purchaseReservedCacheNodesOffering,
  DescribeReservedCacheNodes: describeReservedCacheNodes,
};
