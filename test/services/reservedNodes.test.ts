import type { PurchaseReservedCacheNodesOfferingResult, ReservedCacheNodeMessage, ReservedCacheNodesOfferingMessage } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { allReservedOfferings } from '../../src/catalog/reservedOfferings.js';
import type { RequestContext } from '../../src/env.js';
import { handlers } from '../../src/services/reservedNodes.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
beforeEach(() => {
  ctx = makeContext();
});

const offerings = (input: object) => call<ReservedCacheNodesOfferingMessage>(handlers, 'DescribeReservedCacheNodesOfferings', input, ctx);
const purchase = (input: object) => call<PurchaseReservedCacheNodesOfferingResult>(handlers, 'PurchaseReservedCacheNodesOffering', input, ctx);
const reserved = (input: object) => call<ReservedCacheNodeMessage>(handlers, 'DescribeReservedCacheNodes', input, ctx);

function offeringFor(nodeType: string, product: string, offeringType: string, years = 1) {
  return allReservedOfferings().find(
    (o) => o.CacheNodeType === nodeType && o.ProductDescription === product && o.OfferingType === offeringType && o.Duration === years * 31536000,
  )!;
}

describe('DescribeReservedCacheNodesOfferings', () => {
  it('has stable, unique UUID ids and plausible prices', () => {
    const all = allReservedOfferings();
    expect(new Set(all.map((o) => o.ReservedCacheNodesOfferingId)).size).toBe(all.length);
    for (const o of all) expect(o.ReservedCacheNodesOfferingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const partial = offeringFor('cache.r6g.large', 'redis', 'Partial Upfront');
    expect(partial.FixedPrice).toBeGreaterThan(0);
    expect(partial.RecurringCharges).toEqual([{ RecurringChargeAmount: expect.any(Number), RecurringChargeFrequency: 'Hourly' }]);
    const allUpfront = offeringFor('cache.r6g.large', 'redis', 'All Upfront');
    expect(allUpfront.RecurringCharges).toEqual([]);
    expect(offeringFor('cache.r6g.large', 'redis', 'No Upfront').FixedPrice).toBe(0);
    expect(offeringFor('cache.r6g.large', 'valkey', 'All Upfront').FixedPrice!).toBeLessThan(allUpfront.FixedPrice!);
    expect(allReservedOfferings().some((o) => o.CacheNodeType === 'cache.r6gd.xlarge' && o.ProductDescription === 'memcached')).toBe(false);
  });

  it('filters by node type, duration (years or seconds), product and offering type', async () => {
    const r = await offerings({ CacheNodeType: 'cache.t3.micro', Duration: '1', ProductDescription: 'redis', OfferingType: 'No Upfront' });
    expect(r.ReservedCacheNodesOfferings).toHaveLength(1);
    expect(r.ReservedCacheNodesOfferings![0]).toMatchObject({ CacheNodeType: 'cache.t3.micro', Duration: 31536000, ProductDescription: 'redis', OfferingType: 'No Upfront', UsagePrice: 0 });
    const bySeconds = await offerings({ CacheNodeType: 'cache.t3.micro', Duration: '94608000', ProductDescription: 'memcached' });
    expect(bySeconds.ReservedCacheNodesOfferings).toHaveLength(3);
    expect((await offerings({ CacheNodeType: 'cache.t3.micro', Duration: '3', ProductDescription: 'memcached' })).ReservedCacheNodesOfferings).toEqual(bySeconds.ReservedCacheNodesOfferings);
  });

  it('looks one offering up by id, and faults on an unknown id', async () => {
    const o = offeringFor('cache.m6g.large', 'valkey', 'All Upfront', 3);
    const r = await offerings({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId });
    expect(r.ReservedCacheNodesOfferings).toEqual([o]);
    await expectApiError(offerings({ ReservedCacheNodesOfferingId: '00000000-0000-0000-0000-000000000000' }), 'ReservedCacheNodesOfferingNotFoundFault');
  });

  it('rejects an invalid Duration or OfferingType', async () => {
    await expectApiError(offerings({ Duration: '2' }), 'InvalidParameterValueException', /Duration/);
    await expectApiError(offerings({ OfferingType: 'Cheap' }), 'InvalidParameterValueException', /OfferingType/);
  });

  it('pages through the catalog', async () => {
    const first = await offerings({ MaxRecords: 100 });
    expect(first.ReservedCacheNodesOfferings).toHaveLength(100);
    const second = await offerings({ MaxRecords: 100, Marker: first.Marker });
    expect(second.ReservedCacheNodesOfferings![0]).not.toEqual(first.ReservedCacheNodesOfferings![0]);
    await expectApiError(offerings({ MaxRecords: 101 }), 'InvalidParameterValueException');
  });
});

describe('PurchaseReservedCacheNodesOffering / DescribeReservedCacheNodes', () => {
  it('purchases with a chosen id and reports it', async () => {
    const o = offeringFor('cache.r6g.large', 'redis', 'Partial Upfront');
    const r = await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'my-ri', CacheNodeCount: 3, Tags: [{ Key: 'k', Value: 'v' }] });
    expect(r.ReservedCacheNode).toMatchObject({
      ReservedCacheNodeId: 'my-ri',
      ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId,
      CacheNodeType: 'cache.r6g.large',
      Duration: 31536000,
      FixedPrice: o.FixedPrice,
      UsagePrice: 0,
      CacheNodeCount: 3,
      ProductDescription: 'redis',
      OfferingType: 'Partial Upfront',
      State: 'payment-pending',
      RecurringCharges: o.RecurringCharges,
      ReservationARN: 'arn:aws:elasticache:us-east-1:000000000000:reserved-instance:my-ri',
    });
    expect(r.ReservedCacheNode!.StartTime).toBeInstanceOf(Date);
    const d = await reserved({ ReservedCacheNodeId: 'my-ri' });
    expect(d.ReservedCacheNodes).toHaveLength(1);
    expect(d.ReservedCacheNodes![0]!.State).toBe('active');
    expect(ctx.env.store.db.prepare('SELECT key FROM tags WHERE arn = ?').all(r.ReservedCacheNode!.ReservationARN)).toEqual([{ key: 'k' }]);
  });

  it('generates an AWS-style id when none is given', async () => {
    const o = offeringFor('cache.t3.small', 'memcached', 'No Upfront');
    const a = await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId });
    const b = await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId });
    expect(a.ReservedCacheNode!.ReservedCacheNodeId).toMatch(/^ri-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$/);
    expect(b.ReservedCacheNode!.ReservedCacheNodeId).not.toBe(a.ReservedCacheNode!.ReservedCacheNodeId);
    expect(a.ReservedCacheNode!.CacheNodeCount).toBe(1);
  });

  it('faults on an unknown offering, a taken id and a bad count, storing nothing', async () => {
    const o = offeringFor('cache.t3.small', 'redis', 'No Upfront');
    await expectApiError(purchase({ ReservedCacheNodesOfferingId: 'nope' }), 'ReservedCacheNodesOfferingNotFoundFault');
    await expectApiError(purchase({}), 'MissingParameter');
    await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'taken' });
    await expectApiError(purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'taken' }), 'ReservedCacheNodeAlreadyExistsFault');
    await expectApiError(purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, CacheNodeCount: 0 }), 'InvalidParameterValueException');
    await expectApiError(purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'bad id!' }), 'InvalidParameterValueException');
    expect((await reserved({})).ReservedCacheNodes).toHaveLength(1);
  });

  it('enforces the reserved node quota', async () => {
    const o = offeringFor('cache.t3.small', 'redis', 'No Upfront');
    await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, CacheNodeCount: 300 });
    await expectApiError(purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId }), 'ReservedCacheNodeQuotaExceededFault');
  });

  it('filters reserved nodes and faults on an unknown id', async () => {
    const a = offeringFor('cache.t3.small', 'redis', 'No Upfront');
    const b = offeringFor('cache.m5.large', 'memcached', 'All Upfront', 3);
    await purchase({ ReservedCacheNodesOfferingId: a.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'a' });
    await purchase({ ReservedCacheNodesOfferingId: b.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'b' });
    const ids = async (input: object) => (await reserved(input)).ReservedCacheNodes!.map((n) => n.ReservedCacheNodeId);
    expect(await ids({})).toEqual(['a', 'b']);
    expect(await ids({ Duration: '3' })).toEqual(['b']);
    expect(await ids({ ProductDescription: 'redis' })).toEqual(['a']);
    expect(await ids({ CacheNodeType: 'cache.m5.large' })).toEqual(['b']);
    expect(await ids({ OfferingType: 'No Upfront' })).toEqual(['a']);
    expect(await ids({ ReservedCacheNodesOfferingId: b.ReservedCacheNodesOfferingId })).toEqual(['b']);
    await expectApiError(reserved({ ReservedCacheNodeId: 'zzz' }), 'ReservedCacheNodeNotFoundFault');
    await expectApiError(reserved({ Duration: 'forever' }), 'InvalidParameterValueException');
  });

  it('retires a reservation when its term ends on the emulator clock', async () => {
    const o = offeringFor('cache.t3.small', 'redis', 'No Upfront');
    await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'r' });
    ctx.env.clock.advance(31536000 * 1000 + 1);
    expect((await reserved({ ReservedCacheNodeId: 'r' })).ReservedCacheNodes![0]!.State).toBe('retired');
  });

  it('keeps reservations of other accounts apart', async () => {
    const o = offeringFor('cache.t3.small', 'redis', 'No Upfront');
    await purchase({ ReservedCacheNodesOfferingId: o.ReservedCacheNodesOfferingId, ReservedCacheNodeId: 'mine' });
    const other = makeContext('222222222222', 'us-east-1', ctx.env.store, ctx.env.clock);
    expect((await call<ReservedCacheNodeMessage>(handlers, 'DescribeReservedCacheNodes', {}, other)).ReservedCacheNodes).toEqual([]);
  });
});
