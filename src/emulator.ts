/**
 * startEmulator: the whole emulator in-process — store, clock, fleet and the
 * HTTP server. The CLI and end-to-end tests both start it this way.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Clock } from './clock.js';
import { defaultConfig, type EmulatorConfig } from './config.js';
import type { Env } from './env.js';
import { Fleet } from './fleet/fleet.js';
import { log } from './log.js';
import { createApp } from './server.js';
import type { HandlerMap } from './services/handler.js';
import { handlers as serviceHandlers } from './services/index.js';
import { Store } from './store/db.js';

export interface StartOptions extends Partial<EmulatorConfig> {
  /** Replaces the service handlers (tests of the codec and routing). */
  handlers?: HandlerMap;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  env: Env;
  stop(): Promise<void>;
}

export function storePath(dataDir: string): string {
  return dataDir === ':memory:' ? ':memory:' : join(dataDir, 'state.sqlite');
}

export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
  const { handlers = serviceHandlers, ...overrides } = opts;
  const config: EmulatorConfig = { ...defaultConfig, ...stripUndefined(overrides) };
  if (opts.logLevel) log.level = opts.logLevel;
  const store = new Store(storePath(config.dataDir));
  const clock = new Clock();
  const fleet = new Fleet({ store, config, clock });
  const env: Env = { store, fleet, clock, config };
  try {
    await fleet.restore();
    const app = createApp({ env, handlers, log });
    const server = await listen(app.fetch, config.port, config.host);
    const port = (server.address() as AddressInfo).port;
    const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    let stopping: Promise<void> | undefined;
    return {
      endpoint: `http://${urlHost}:${port}`,
      port,
      env,
      stop: () =>
        (stopping ??= (async () => {
          await closeServer(server);
          await fleet.stopAll();
          store.close();
        })()),
    };
  } catch (err) {
    await fleet.stopAll().catch(() => undefined);
    store.close();
    throw err;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Closes the listener and the idle keep-alive connections the SDK leaves open. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Requests still running get a moment; then every connection goes.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
