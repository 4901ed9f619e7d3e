import { Hono } from 'hono';
import { AdminError, faultRoutes } from './admin/faults.js';
import { listAdminNodes, nodesRoutes } from './admin/nodes.js';
import type { Env } from './env.js';
import { renderMetrics } from './metrics.js';

export const EMULATOR_VERSION = '0.1.0';

/**
 * The admin surface under /_emulator/. Each concern registers its routes with
 * `adminRoutes.push((app, env) => ...)` — fault injection, metrics and the
 * dashboard add theirs the same way, without touching the server.
 */
export type AdminRoutes = (app: Hono, env: Env, startedAtMs: number) => void;

/** Health: liveness for docker-compose healthchecks and tests. */
const health: AdminRoutes = (app, _env, startedAtMs) => {
  app.get('/health', (c) =>
    c.json({ status: 'ok', version: EMULATOR_VERSION, uptime: (Date.now() - startedAtMs) / 1000 }),
  );
};

/** Reset: forget every resource and stop every node (tests isolate themselves with it). */
const reset: AdminRoutes = (app, env) => {
  app.post('/reset', async (c) => {
    await resetEmulator(env);
    return c.json({ status: 'ok' });
  });
};

/** Clock: read the emulator clock, or advance it (maintenance and snapshot windows). */
const clock: AdminRoutes = (app, env) => {
  app.get('/clock', (c) => c.json({ now: env.clock.now().toISOString() }));
  app.post('/clock', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { advanceMs?: unknown };
    const ms = body.advanceMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      return c.json({ error: 'advanceMs must be a non-negative number of milliseconds' }, 400);
    }
    env.clock.advance(ms);
    return c.json({ now: env.clock.now().toISOString() });
  });
};

/** Metrics: Prometheus text for scrapers and dashboards. */
const metrics: AdminRoutes = (app, env) => {
  app.get('/metrics', (c) => c.text(renderMetrics(env, listAdminNodes(env)), 200, { 'content-type': 'text/plain; version=0.0.4' }));
};

export const adminRoutes: AdminRoutes[] = [health, reset, clock, nodesRoutes, faultRoutes, metrics];

export function adminApp(env: Env, startedAtMs: number): Hono {
  const app = new Hono();
  for (const register of adminRoutes) register(app, env, startedAtMs);
  // Admin errors are JSON: {error} with 400/404; anything else unknown is a 404.
  app.onError((err, c) => {
    if (err instanceof AdminError) return c.json({ error: err.message }, err.status);
    throw err;
  });
  // A catch-all route: a mounted sub-app's notFound handler is not consulted.
  app.all('*', (c) => c.json({ error: `no admin route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

/** Stops every node, then deletes all control-plane state in one transaction. */
export async function resetEmulator(env: Env): Promise<void> {
  // The fleet may grow its own reset (e.g. to also clear in-memory wiring); prefer it.
  const fleet = env.fleet as typeof env.fleet & { reset?: () => Promise<void> };
  if (typeof fleet.reset === 'function') await fleet.reset();
  else await env.fleet.stopAll();
  const { db } = env.store;
  env.store.tx(() => {
    for (const table of ['resources', 'tags', 'events', 'ports']) db.prepare(`DELETE FROM ${table}`).run();
  });
  env.clock.reset();
}
