/**
 * DescribeEvents over the events table that recordEvent (eventLog.ts) writes.
 * As on ElastiCache: the last hour by default, at most 14 days kept (older
 * events are dropped), newest first, 20..100 per page.
 */
import { SourceType, type DescribeEventsMessage, type Event, type EventsMessage } from '@aws-sdk/client-elasticache';
import { invalidParameterCombination, invalidParameterValue } from '../api/errors.js';
import type { RequestContext } from '../env.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';

const MINUTE_MS = 60_000;
/** ElastiCache keeps events for 14 days. */
export const EVENT_RETENTION_MINUTES = 14 * 24 * 60;
const DEFAULT_WINDOW_MINUTES = 60;
const SOURCE_TYPES = new Set<string>(Object.values(SourceType));

interface EventRow {
  source_id: string;
  source_type: string;
  message: string;
  date_ms: number;
}

/** Drops events past retention, in every scope (cheap: indexed by date within scope). */
function expireOldEvents(ctx: RequestContext, nowMs: number): void {
  ctx.env.store.db.prepare('DELETE FROM events WHERE date_ms < ?').run(nowMs - EVENT_RETENTION_MINUTES * MINUTE_MS);
}

/** The [start, end] window in ms the request asks for. */
function timeWindow(input: DescribeEventsMessage, nowMs: number): { startMs: number; endMs: number } {
  if (input.Duration !== undefined) {
    if (!Number.isInteger(input.Duration) || input.Duration < 0 || input.Duration > EVENT_RETENTION_MINUTES) {
      throw invalidParameterValue(`Duration must be between 0 and ${EVENT_RETENTION_MINUTES} minutes.`);
    }
  }
  const durationMs = (input.Duration ?? DEFAULT_WINDOW_MINUTES) * MINUTE_MS;
  if (input.StartTime) {
    const startMs = input.StartTime.getTime();
    const endMs = input.EndTime ? input.EndTime.getTime() : input.Duration !== undefined ? startMs + durationMs : nowMs;
    return { startMs, endMs };
  }
  const endMs = input.EndTime ? input.EndTime.getTime() : nowMs;
  return { startMs: endMs - durationMs, endMs };
}

const describeEvents: Handler<DescribeEventsMessage, EventsMessage> = (input, ctx) => {
  if (input.SourceType !== undefined && !SOURCE_TYPES.has(input.SourceType)) {
    throw invalidParameterValue(`Invalid value for SourceType: ${input.SourceType}. Valid values are: ${[...SOURCE_TYPES].join(', ')}.`);
  }
  if (input.SourceIdentifier !== undefined && input.SourceType === undefined) {
    throw invalidParameterCombination('SourceType must be specified when SourceIdentifier is specified.');
  }
  if (input.StartTime && input.EndTime && input.StartTime.getTime() > input.EndTime.getTime()) {
    throw invalidParameterCombination('StartTime must be before EndTime.');
  }
  const nowMs = ctx.env.clock.nowMs();
  const { startMs, endMs } = timeWindow(input, nowMs);
  expireOldEvents(ctx, nowMs);
  const rows = ctx.env.store.db
    .prepare(
      `SELECT source_id, source_type, message, date_ms FROM events
       WHERE account = ? AND region = ? AND date_ms >= ? AND date_ms <= ?
         AND (? IS NULL OR source_type = ?) AND (? IS NULL OR source_id = ?)
       ORDER BY date_ms DESC, seq DESC`,
    )
    .all(
      ctx.account,
      ctx.region,
      startMs,
      endMs,
      input.SourceType ?? null,
      input.SourceType ?? null,
      input.SourceIdentifier ?? null,
      input.SourceIdentifier ?? null,
    ) as EventRow[];
  const events: Event[] = rows.map((r) => ({
    SourceIdentifier: r.source_id,
    SourceType: r.source_type as SourceType,
    Message: r.message,
    Date: new Date(r.date_ms),
  }));
  const { page, marker } = paginate(events, input.Marker, input.MaxRecords);
  return { Events: page, ...(marker ? { Marker: marker } : {}) };
};

export const handlers: HandlerMap = {
  DescribeEvents: describeEvents,
};
