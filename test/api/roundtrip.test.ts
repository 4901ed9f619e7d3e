/**
 * The codec against the SDK itself, for every operation in the schema:
 * what the SDK sends, we decode to the same input; what we encode, the SDK
 * parses to the same output.
 */
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../src/api/decode.js';
import { encodeResponse } from '../../src/api/encode.js';
import { operations } from '../../src/api/schema.js';
import { deserializeWithSdk, sampleStruct, serializeWithSdk } from './sdkHarness.js';

const actions = [...operations.keys()].sort();

describe('schema', () => {
  it('has all 75 ElastiCache operations', () => {
    expect(actions).toHaveLength(75);
    expect(actions).toContain('CreateCacheCluster');
    expect(actions).toContain('DescribeServerlessCacheSnapshots');
  });
});

describe('decode: what the SDK client sends', () => {
  it.each(actions)('%s', async (action) => {
    const op = operations.get(action)!;
    const input = sampleStruct(op.input, '', false);
    const request = await serializeWithSdk(action, input);
    const params = [...new URLSearchParams(request.body)];
    expect(params[0]).toEqual(['Action', action]);
    expect(params[1]).toEqual(['Version', '2015-02-02']);
    expect(decodeInput(op.input, params)).toEqual(input);
  });
});

describe('encode: what the SDK client parses', () => {
  it.each(actions)('%s', async (action) => {
    const op = operations.get(action)!;
    const output = sampleStruct(op.output, '', true);
    const xml = encodeResponse(action, op.output, output, '11111111-2222-4333-8444-555555555555');
    const parsed = await deserializeWithSdk(action, sampleStruct(op.input, '', false), { status: 200, body: xml });
    expect(parsed).toEqual(output);
  });
});
