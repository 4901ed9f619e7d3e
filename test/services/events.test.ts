import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/env.js';
import { recordEvent } from '../../src/services/eventLog.js';
import { handlers } from '../../src/services/events.js';
import { call, expectApiError, makeContext } from './catalogContext.js';

let ctx: RequestContext;
const describeEvents = (input: object = {}) => call(handlers, 'DescribeEvents', input, ctx);
const MINUTE = 60_000;

beforeEach(() => {
  ctx = makeContext();
});

describe('DescribeEvents', () => {
  it('returns the last hour by default, newest first', async () => {
    recordEvent(ctx.env, ctx, 'cache-cluster', 'old', 'too old');
    ctx.env.clock.advance(61 * MINUTE);
    recordEvent(ctx.env, ctx, 'cache-cluster', 'c1', 'Cache cluster created');
    ctx.env.clock.advance(MINUTE);
    recordEvent(ctx.env, ctx, 'cache-parameter-group', 'pg', 'Parameter group modified');
    const out = await describeEvents();
    expect(out.Events.map((e: { Message: string }) => e.Message)).toEqual(['Parameter group modified', 'Cache cluster created']);
    expect(out.Events[1]).toEqual({
      SourceIdentifier: 'c1',
      SourceType: 'cache-cluster',
      Message: 'Cache cluster created',
      Date: expect.any(Date),
    });
    expect(out.Marker).toBeUndefined();
  });

  it('filters by SourceType and SourceIdentifier, and by scope', async () => {
    recordEvent(ctx.env, ctx, 'cache-cluster', 'c1', 'one');
    recordEvent(ctx.env, ctx, 'cache-cluster', 'c2', 'two');
    recordEvent(ctx.env, ctx, 'replication-group', 'c1', 'rg');
    recordEvent(ctx.env, { account: '000000000000', region: 'eu-west-1' }, 'cache-cluster', 'c1', 'elsewhere');
    expect((await describeEvents({ SourceType: 'cache-cluster' })).Events).toHaveLength(2);
    const one = await describeEvents({ SourceType: 'cache-cluster', SourceIdentifier: 'c1' });
    expect(one.Events.map((e: { Message: string }) => e.Message)).toEqual(['one']);
    expect((await describeEvents()).Events).toHaveLength(3);
  });

  it('honours Duration, StartTime and EndTime', async () => {
    const t0 = ctx.env.clock.nowMs();
    recordEvent(ctx.env, ctx, 'cache-cluster', 'c', 'at 0');
    ctx.env.clock.advance(120 * MINUTE);
    recordEvent(ctx.env, ctx, 'cache-cluster', 'c', 'at 120');
    ctx.env.clock.advance(10 * MINUTE);
    expect((await describeEvents({ Duration: 60 })).Events).toHaveLength(1);
    expect((await describeEvents({ Duration: 200 })).Events).toHaveLength(2);
    expect((await describeEvents({ StartTime: new Date(t0 - MINUTE) })).Events).toHaveLength(2);
    const early = await describeEvents({ StartTime: new Date(t0 - MINUTE), EndTime: new Date(t0 + MINUTE) });
    expect(early.Events.map((e: { Message: string }) => e.Message)).toEqual(['at 0']);
    expect((await describeEvents({ StartTime: new Date(t0 - MINUTE), Duration: 5 })).Events).toHaveLength(1);
    expect((await describeEvents({ EndTime: new Date(t0 + MINUTE) })).Events).toHaveLength(1);
  });

  it('drops events older than 14 days', async () => {
    const t0 = ctx.env.clock.nowMs();
    recordEvent(ctx.env, ctx, 'cache-cluster', 'c', 'ancient');
    ctx.env.clock.advance(14 * 24 * 60 * MINUTE + MINUTE);
    expect((await describeEvents({ StartTime: new Date(t0 - MINUTE) })).Events).toEqual([]);
    const left = ctx.env.store.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
    expect(left.n).toBe(0);
  });

  it('pages with MaxRecords and Marker', async () => {
    for (let i = 0; i < 45; i++) recordEvent(ctx.env, ctx, 'cache-cluster', 'c', `e${i}`);
    const first = await describeEvents({ MaxRecords: 20 });
    expect(first.Events).toHaveLength(20);
    expect(first.Events[0].Message).toBe('e44');
    const second = await describeEvents({ MaxRecords: 20, Marker: first.Marker });
    const third = await describeEvents({ MaxRecords: 20, Marker: second.Marker });
    expect(third.Events).toHaveLength(5);
    expect(third.Events[4].Message).toBe('e0');
    expect(third.Marker).toBeUndefined();
    await expectApiError(describeEvents({ MaxRecords: 19 }), 'InvalidParameterValueException', /between 20 and 100/);
    await expectApiError(describeEvents({ MaxRecords: 101 }), 'InvalidParameterValueException');
    await expectApiError(describeEvents({ Marker: 'xyz' }), 'InvalidParameterValueException');
  });

  it('validates its parameters', async () => {
    await expectApiError(describeEvents({ SourceType: 'cache-widget' }), 'InvalidParameterValueException', /SourceType/);
    await expectApiError(describeEvents({ SourceIdentifier: 'c1' }), 'InvalidParameterCombinationException', /SourceType/);
    await expectApiError(describeEvents({ Duration: -1 }), 'InvalidParameterValueException');
    await expectApiError(describeEvents({ Duration: 14 * 24 * 60 + 1 }), 'InvalidParameterValueException');
    const now = ctx.env.clock.now();
    await expectApiError(describeEvents({ StartTime: now, EndTime: new Date(now.getTime() - MINUTE) }), 'InvalidParameterCombinationException');
    for (const type of ['cache-cluster', 'cache-parameter-group', 'cache-security-group', 'cache-subnet-group', 'replication-group', 'serverless-cache', 'serverless-cache-snapshot', 'user', 'user-group']) {
      expect((await describeEvents({ SourceType: type })).Events).toEqual([]);
    }
  });
});
