import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { pageSize, paginate } from '../../src/services/paging.js';

const items = Array.from({ length: 250 }, (_, i) => i);

describe('paginate (Marker/MaxRecords)', () => {
  it('returns up to 100 items and no marker when everything fits', () => {
    const { page, marker } = paginate(items.slice(0, 100), undefined, undefined);
    expect(page).toHaveLength(100);
    expect(marker).toBeUndefined();
  });

  it('walks every item exactly once with the returned markers', () => {
    const seen: number[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const r = paginate(items, marker, 20);
      seen.push(...r.page);
      marker = r.marker;
      pages++;
    } while (marker);
    expect(seen).toEqual(items);
    expect(pages).toBe(13);
  });

  it('defaults MaxRecords to 100', () => {
    const r = paginate(items, undefined, undefined);
    expect(r.page).toHaveLength(100);
    expect(r.marker).toBeDefined();
    expect(paginate(items, r.marker, undefined).page[0]).toBe(100);
  });

  it('treats an empty marker as the first page', () => {
    expect(paginate(items, '', 20).page[0]).toBe(0);
  });

  it.each([0, 19, 101, 1000, -5, 20.5])('rejects MaxRecords %s with InvalidParameterValue', (n) => {
    let error: unknown;
    try {
      paginate(items, undefined, n);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('InvalidParameterValueException');
    expect((error as ApiError).message).toBe('Invalid value for max records. Must be between 20 and 100');
  });

  it('accepts the bounds 20 and 100', () => {
    expect(pageSize(20)).toBe(20);
    expect(pageSize(100)).toBe(100);
  });

  it('honours other bounds', () => {
    expect(paginate(items, undefined, 5, { min: 1, max: 50, default: 50 }).page).toHaveLength(5);
    expect(() => paginate(items, undefined, 51, { min: 1, max: 50, default: 50 })).toThrow(/between 1 and 50/);
  });

  it('rejects a marker it did not issue', () => {
    expect(() => paginate(items, 'not-a-marker', 20)).toThrow(ApiError);
    expect(() => paginate(items, Buffer.from('x:5').toString('base64'), 20)).toThrow(/Invalid marker/);
  });

  it('returns an empty page past the end', () => {
    const marker = paginate(items, undefined, 100).marker!;
    const second = paginate(items, marker, 100);
    const third = paginate(items, second.marker, 100);
    expect(third.page).toHaveLength(50);
    expect(third.marker).toBeUndefined();
  });
});
