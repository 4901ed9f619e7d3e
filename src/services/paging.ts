import { invalidParameterValue } from '../api/errors.js';

/** The MaxRecords bounds of one operation. */
export interface PageBounds {
  min: number;
  max: number;
  default: number;
}

/** ElastiCache's bounds for nearly every Describe: 20..100, 100 when omitted. */
export const ELASTICACHE_PAGE_BOUNDS: PageBounds = { min: 20, max: 100, default: 100 };

export interface Page<T> {
  page: T[];
  /** The Marker to send for the next page; undefined on the last page. */
  marker?: string;
}

/**
 * Checks MaxRecords and returns its effective value. AWS answers
 * "Invalid value for max records. Must be between 20 and 100" (InvalidParameterValue).
 */
export function pageSize(maxRecords: number | undefined, bounds: PageBounds = ELASTICACHE_PAGE_BOUNDS): number {
  if (maxRecords === undefined || maxRecords === null) return bounds.default;
  if (!Number.isInteger(maxRecords) || maxRecords < bounds.min || maxRecords > bounds.max) {
    throw invalidParameterValue(`Invalid value for max records. Must be between ${bounds.min} and ${bounds.max}`);
  }
  return maxRecords;
}

// Markers are opaque to callers: base64 of "o:<offset>", so a hand-made or
// truncated marker is recognised as invalid instead of silently restarting.
function encodeMarker(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64');
}

function decodeMarker(marker: string): number {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(text);
  if (!m) throw invalidParameterValue(`Invalid marker: ${marker}`);
  return Number(m[1]);
}

/**
 * One page of `items` (already filtered and in their stable order), starting
 * at `marker`. An empty-string marker means the first page, as the SDK
 * paginators may send it.
 */
export function paginate<T>(
  items: readonly T[],
  marker: string | undefined,
  maxRecords: number | undefined,
  bounds: PageBounds = ELASTICACHE_PAGE_BOUNDS,
): Page<T> {
  const size = pageSize(maxRecords, bounds);
  const start = marker ? decodeMarker(marker) : 0;
  const end = start + size;
  const page = items.slice(start, end);
  return end < items.length ? { page, marker: encodeMarker(end) } : { page };
}
