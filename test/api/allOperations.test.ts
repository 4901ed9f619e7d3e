/**
 * Every operation over real HTTP: the SDK client sends the fullest input the
 * schema allows to the emulator, an echo handler checks what it received and
 * answers the fullest output, and the client reads back exactly that.
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/api/schema.js';
import { startEmulator, type Emulator } from '../../src/emulator.js';
import type { HandlerMap } from '../../src/services/handler.js';
import { commandFor, sampleStruct } from './sdkHarness.js';

const received = new Map<string, unknown>();
const handlers: HandlerMap = Object.fromEntries(
  [...operations.values()].map((op) => [
    op.name,
    (input: unknown, ctx: { account: string; region: string }) => {
      received.set(op.name, { input, scope: `${ctx.account}/${ctx.region}` });
      return sampleStruct(op.output, '', true);
    },
  ]),
);

let emu: Emulator;
let client: ElastiCacheClient;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, dataDir: ':memory:', handlers, logLevel: 'silent' });
  client = new ElastiCacheClient({
    endpoint: emu.endpoint,
    region: 'sa-east-1',
    credentials: { accessKeyId: '210987654321', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await emu?.stop();
});

describe('all operations over HTTP', () => {
  it.each([...operations.keys()].sort())('%s', async (action) => {
    const op = operations.get(action)!;
    const input = sampleStruct(op.input, '', false);
    const Command = commandFor(action);
    const { $metadata, ...output } = (await client.send(new Command(input))) as unknown as Record<string, unknown>;
    expect(received.get(action)).toEqual({ input, scope: '210987654321/sa-east-1' });
    expect(output).toEqual(sampleStruct(op.output, '', true));
    expect($metadata).toMatchObject({ httpStatusCode: 200 });
  });
});
