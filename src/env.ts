import type { Clock } from './clock.js';
import type { EmulatorConfig } from './config.js';
import type { Fleet } from './fleet/fleet.js';
import type { Scope, Store } from './store/db.js';

/** What every service handler can reach: state, nodes, time and settings. */
export interface Env {
  store: Store;
  fleet: Fleet;
  clock: Clock;
  config: EmulatorConfig;
}

/** One API request: who calls (account/region from SigV4) and the environment. */
export interface RequestContext extends Scope {
  requestId: string;
  env: Env;
}
