/**
 * The HTTP surface: the ElastiCache API (awsQuery, POST or GET on /) and the
 * admin routes under /_emulator/. Built with hono; served by @hono/node-server.
 */
import { Hono, type Context } from 'hono';
import { adminApp } from './admin.js';
import { handleQuery } from './api/query.js';
import { scopeFromCredential } from './api/scope.js';
import type { Env } from './env.js';
import type { Logger } from './log.js';
import { recordApiRequest } from './metrics.js';
import type { HandlerMap } from './services/handler.js';

export interface AppOptions {
  env: Env;
  handlers: HandlerMap;
  log: Logger;
  startedAtMs?: number;
}

export function createApp({ env, handlers, log, startedAtMs = Date.now() }: AppOptions): Hono {
  const app = new Hono();

  const api = async (c: Context) => {
    const url = new URL(c.req.url);
    const params: [string, string][] = [...url.searchParams];
    if (c.req.method === 'POST') {
      // The SDKs always send form bodies; parse by hand so a missing content-type still works.
      params.push(...new URLSearchParams(await c.req.text()));
    }
    const scope = scopeFromCredential(c.req.header('authorization'), url.searchParams.get('X-Amz-Credential'));
    const started = performance.now();
    const response = await handleQuery({ params, scope }, env, handlers, log);
    recordApiRequest(env, response.action, response.errorCode);
    log.debug(
      `${response.action ?? '-'} ${scope.account}/${scope.region} → ${response.status}` +
        `${response.errorCode ? ` ${response.errorCode}` : ''} (${(performance.now() - started).toFixed(1)} ms)`,
    );
    return c.body(response.body, response.status as 200, {
      'content-type': 'text/xml',
      'x-amzn-RequestId': response.requestId,
    });
  };

  app.route('/_emulator', adminApp(env, startedAtMs));
  app.post('/', api);
  app.get('/', api);

  app.onError((err, c) => {
    log.error('unhandled error:', err);
    return c.text('Internal Server Error', 500);
  });
  return app;
}
