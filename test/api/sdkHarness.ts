/**
 * Test helpers that use the real SDK client as the reference implementation
 * of the awsQuery protocol: capture the request it would send, or feed it an
 * HTTP response and let its own deserializer parse it.
 */
import * as sdk from '@aws-sdk/client-elasticache';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { Shape, StructShape } from '../../src/api/schema.js';

type CommandCtor = new (input: unknown) => Parameters<ElastiCacheClient['send']>[0];

export function commandFor(action: string): CommandCtor {
  const ctor = (sdk as unknown as Record<string, unknown>)[`${action}Command`];
  if (typeof ctor !== 'function') throw new Error(`no ${action}Command in the SDK`);
  return ctor as CommandCtor;
}

interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const credentials = { accessKeyId: '123456789012', secretAccessKey: 'x' };

/** Serializes `input` exactly as the SDK client would send it. */
export async function serializeWithSdk(action: string, input: unknown): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const client = new ElastiCacheClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { method: string; path: string; headers: Record<string, string>; body: unknown }) => {
        captured = { method: request.method, path: request.path, headers: request.headers, body: String(request.body) };
        throw new Error('captured');
      },
    },
  });
  const Command = commandFor(action);
  await client.send(new Command(input)).catch((err: Error) => {
    if (err.message !== 'captured') throw err;
  });
  client.destroy();
  if (!captured) throw new Error('nothing captured');
  return captured;
}

/** Lets the SDK parse `body` as the HTTP response to `action`; returns its output (or throws its error). */
export async function deserializeWithSdk(
  action: string,
  input: unknown,
  response: { status: number; body: string; headers?: Record<string, string> },
): Promise<Record<string, unknown>> {
  const client = new ElastiCacheClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials,
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: response.status,
          reason: '',
          headers: { 'content-type': 'text/xml', ...(response.headers ?? {}) },
          body: new TextEncoder().encode(response.body),
        },
      }),
    },
  });
  const Command = commandFor(action);
  try {
    const output = (await client.send(new Command(input))) as unknown as Record<string, unknown>;
    const { $metadata: _metadata, ...rest } = output;
    return rest;
  } finally {
    client.destroy();
  }
}

const SAMPLE_DATE = new Date('2026-11-27T01:02:03.000Z');
const SAMPLE_OUTPUT_DATE = new Date('2026-11-27T01:02:03.456Z');

/**
 * A value for every member, recursively, lists of two — the fullest message
 * the schema allows. `path` makes every string distinct (catches swapped members).
 */
export function sampleValue(shape: Shape, path: string, forOutput: boolean, depth = 0): unknown {
  switch (shape.kind) {
    case 'string':
      return `v-${path}`;
    case 'number':
      return 7 + (path.length % 13);
    case 'boolean':
      return path.length % 2 === 0;
    case 'timestamp':
      return forOutput ? SAMPLE_OUTPUT_DATE : SAMPLE_DATE;
    case 'list':
      return depth > 6 ? [] : [0, 1].map((i) => sampleValue(shape.member, `${path}.${i + 1}`, forOutput, depth + 1));
    case 'map':
      return { k1: sampleValue(shape.value, `${path}.k1`, forOutput, depth + 1) };
    case 'struct':
      return sampleStruct(shape, path, forOutput, depth);
    default:
      throw new Error(`no sample for ${shape.kind}`);
  }
}

export function sampleStruct(shape: StructShape, path: string, forOutput: boolean, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 6) return out;
  for (const member of shape.members) out[member.name] = sampleValue(member.shape, `${path}${path ? "." : ""}${member.name}`, forOutput, depth + 1);
  return out;
}
