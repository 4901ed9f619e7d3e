/** The HTTP server through the real SDK client: routing, scoping, errors, admin routes. */
import {
  AddTagsToResourceCommand,
  CacheClusterNotFoundFault,
  CreateReplicationGroupCommand,
  CreateServerlessCacheCommand,
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  type CacheClusterMessage,
  type DescribeCacheClustersMessage,
} from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator.js';
import type { Handler, HandlerMap } from '../../src/services/handler.js';

/** Test-only handlers: echo the caller's scope, fail on demand. */
const describeCacheClusters: Handler<DescribeCacheClustersMessage, CacheClusterMessage> = (input, ctx) => {
  if (input.CacheClusterId === 'missing') throw new ApiError('CacheClusterNotFoundFault', 'CacheCluster not found: missing');
  if (input.CacheClusterId === 'boom') throw new Error('handler bug');
  return {
    Marker: `${ctx.account}/${ctx.region}`,
    CacheClusters: [{ CacheClusterId: input.CacheClusterId ?? 'c1', NumCacheNodes: input.MaxRecords, CacheClusterCreateTime: ctx.env.clock.now() }],
  };
};
const handlers: HandlerMap = { DescribeCacheClusters: describeCacheClusters, AddTagsToResource: () => ({ TagList: [] }) };

let emu: Emulator;
const clients: ElastiCacheClient[] = [];
function client(accessKeyId = '123456789012', region = 'us-east-1'): ElastiCacheClient {
  const c = new ElastiCacheClient({ endpoint: emu.endpoint, region, credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
  clients.push(c);
  return c;
}
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(emu.endpoint, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    signal: AbortSignal.timeout(5000),
  });

beforeAll(async () => {
  emu = await startEmulator({ port: 0, dataDir: ':memory:', handlers, logLevel: 'silent' });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu?.stop();
});

describe('API routing', () => {
  it('listens on 127.0.0.1 with an OS-picked port', () => {
    expect(emu.endpoint).toBe(`http://127.0.0.1:${emu.port}`);
    expect(emu.port).toBeGreaterThan(0);
  });

  it('calls the handler with the typed input and the caller scope', async () => {
    const out = await client('123456789012', 'eu-west-1').send(new DescribeCacheClustersCommand({ CacheClusterId: 'x', MaxRecords: 25 }));
    expect(out.Marker).toBe('123456789012/eu-west-1');
    expect(out.CacheClusters?.[0]).toMatchObject({ CacheClusterId: 'x', NumCacheNodes: 25 });
    expect(out.CacheClusters?.[0]?.CacheClusterCreateTime).toBeInstanceOf(Date);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps non-numeric access keys to the default account', async () => {
    const out = await client('AKIAEXAMPLE', 'ap-southeast-2').send(new DescribeCacheClustersCommand({}));
    expect(out.Marker).toBe('000000000000/ap-southeast-2');
  });

  it('answers unsigned requests in the default scope, over GET too', async () => {
    const res = await fetch(`${emu.endpoint}/?Action=DescribeCacheClusters&Version=2015-02-02`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<Marker>000000000000/us-east-1</Marker>');
    expect(text).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
  });

  it('answers 501 NotImplemented for operations without a handler', async () => {
    const err = await client()
      .send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'rg', ReplicationGroupDescription: 'd' }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'NotImplemented',
      message: 'The operation CreateReplicationGroup is not yet implemented by elasticache-local.',
      $metadata: { httpStatusCode: 501 },
    });
  });
});

describe('API errors', () => {
  it('turns a handler ApiError into the SDK error class with its status', async () => {
    const err = await client().send(new DescribeCacheClustersCommand({ CacheClusterId: 'missing' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheClusterNotFoundFault);
    expect(err).toMatchObject({ message: 'CacheCluster not found: missing', $metadata: { httpStatusCode: 404 } });
  });

  it('answers 500 InternalFailure for a handler bug and keeps serving', async () => {
    const err = await client().send(new DescribeCacheClustersCommand({ CacheClusterId: 'boom' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    const ok = await client().send(new DescribeCacheClustersCommand({}));
    expect(ok.CacheClusters).toHaveLength(1);
  });

  it('rejects an unknown action with InvalidAction', async () => {
    const res = await post('Action=Foo&Version=2015-02-02');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toContain('<Message>The action Foo is not valid for this web service.</Message>');
    expect(text).toContain('<Type>Sender</Type>');
  });

  it('rejects an unsupported API version', async () => {
    const res = await post('Action=DescribeCacheClusters&Version=2014-01-01');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('rejects a missing required parameter with MissingParameter', async () => {
    const err = await client().send(new AddTagsToResourceCommand({} as never)).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter ResourceName',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects a value of the wrong type with InvalidParameterValue', async () => {
    const err = await client()
      .send(new DescribeCacheClustersCommand({ MaxRecords: 'lots' as unknown as number }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    const res = await post('Action=DescribeCacheClusters&Version=2015-02-02&ShowCacheNodeInfo=maybe');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>InvalidParameterValue</Code>');
    expect(text).toContain('ShowCacheNodeInfo');
  });
});

describe('admin routes', () => {
  it('reports health', async () => {
    const res = await fetch(`${emu.endpoint}/_emulator/health`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', version: expect.any(String), uptime: expect.any(Number) });
  });

  it('reads and advances the clock', async () => {
    const before = Date.parse(((await (await fetch(`${emu.endpoint}/_emulator/clock`)).json()) as { now: string }).now);
    const res = await fetch(`${emu.endpoint}/_emulator/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceMs: 86_400_000 }),
      headers: { 'content-type': 'application/json' },
    });
    const after = Date.parse(((await res.json()) as { now: string }).now);
    expect(after - before).toBeGreaterThanOrEqual(86_400_000);
    const bad = await fetch(`${emu.endpoint}/_emulator/clock`, { method: 'POST', body: '{"advanceMs":"x"}' });
    expect(bad.status).toBe(400);
  });

  it('resets all state', async () => {
    const scope = { account: '000000000000', region: 'us-east-1' };
    emu.env.store.collection<{ id: string }>('test-kind').put(scope, 'a', { id: 'a' });
    const res = await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(emu.env.store.collection('test-kind').list(scope)).toEqual([]);
  });
});

describe('startEmulator', () => {
  it('serves the real service handlers by default and stops cleanly', async () => {
    const other = await startEmulator({ port: 0, dataDir: ':memory:', logLevel: 'silent' });
    try {
      const c = new ElastiCacheClient({ endpoint: other.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
      clients.push(c);
      const err = await c.send(new CreateServerlessCacheCommand({ ServerlessCacheName: 'x', Engine: 'redis' })).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    } finally {
      await other.stop();
    }
    await expect(fetch(`${other.endpoint}/_emulator/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
