import { expect } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { Clock } from '../../src/clock.js';
import { defaultConfig } from '../../src/config.js';
import type { RequestContext } from '../../src/env.js';
import type { Fleet } from '../../src/fleet/fleet.js';
import type { HandlerMap } from '../../src/services/handler.js';
import { Store } from '../../src/store/db.js';

/** A request context over a fresh in-memory store, for calling handlers directly. */
export function makeContext(account = '000000000000', region = 'us-east-1', store = new Store(':memory:'), clock = new Clock()): RequestContext {
  return { account, region, requestId: 't', env: { store, clock, config: defaultConfig, fleet: undefined as unknown as Fleet } };
}

/** Calls a handler by action name, as the codec would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<O = any>(handlers: HandlerMap, action: string, input: object, ctx: RequestContext): Promise<O> {
  const handler = handlers[action];
  if (!handler) throw new Error(`no handler for ${action}`);
  return (await handler(input, ctx)) as O;
}

/** Expects the call to fail with an ApiError of this code (and message part, if given). */
export async function expectApiError(promise: Promise<unknown> | (() => unknown), code: string, messagePart?: string | RegExp): Promise<ApiError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(ApiError);
  const apiError = error as ApiError;
  expect(apiError.code).toBe(code);
  if (messagePart !== undefined) expect(apiError.message).toMatch(messagePart);
  return apiError;
}
