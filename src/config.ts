/** Emulator settings: each from a command-line flag or its environment variable. */
export interface EmulatorConfig {
  /** HTTP port of the management API (0 = the OS picks). */
  port: number;
  /** Interface the API and every node listen on. */
  host: string;
  /** Directory for SQLite state and snapshots, or ':memory:' for an ephemeral run. */
  dataDir: string;
  /** Host written into every endpoint the API returns. */
  advertiseHost: string;
  /** Ports handed to nodes and endpoints: [first, last]; [0, 0] lets the OS pick. */
  nodePortRange: [number, number];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Engines accept the commands that ElastiCache disables (CONFIG, DEBUG, ...). */
  allowRestrictedCommands: boolean;
}

export const defaultConfig: EmulatorConfig = {
  port: 4566,
  host: '127.0.0.1',
  dataDir: './.elasticache-local',
  advertiseHost: '127.0.0.1',
  nodePortRange: [0, 0],
  logLevel: 'info',
  allowRestrictedCommands: false,
};
