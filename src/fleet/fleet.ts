import type { Clock } from '../clock.js';
import type { EmulatorConfig } from '../config.js';
import type { Store } from '../store/db.js';

export interface FleetOptions {
  store: Store;
  config: EmulatorConfig;
  clock: Clock;
}

/**
 * The fleet owns every running engine node: ports, start/stop, endpoints,
 * and (later) replication wiring and failover. It is the only code that
 * drives engines. (Filled in by the cache-cluster work.)
 */
export class Fleet {
  constructor(readonly opts: FleetOptions) {}

  /** At emulator start: starts again every node the store says should run, on its persisted port. */
  async restore(): Promise<void> {}

  /** At emulator stop: closes every node and endpoint listener. */
  async stopAll(): Promise<void> {}
}
