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
  /** How long creating/modifying/rebooting/deleting last before the cluster settles (ms). */
  transitionDelayMs: number;
  /** Failover timings preset: `fast` (default, well under a second) or `elasticache` (the durations ElastiCache shows). */
  failoverProfile: FailoverProfile;
  /** How long a failed primary goes unnoticed before the failover starts (ms); unset: from the profile. */
  failoverDetectionMs?: number;
  /** From the start of a failover (detected failure or TestFailover) to the promoted replica taking writes (ms); unset: from the profile. */
  failoverPromotionMs?: number;
  /** How long a failed node stays down before its replacement is back (ms); unset: from the profile. */
  nodeRecoveryMs?: number;
}

export const FAILOVER_PROFILES = ['fast', 'elasticache'] as const;
export type FailoverProfile = (typeof FAILOVER_PROFILES)[number];

export interface FailoverTimings {
  detectionMs: number;
  promotionMs: number;
  recoveryMs: number;
}

/**
 * The profiles' timings. `elasticache` follows an observed TestFailover on
 * ElastiCache (docs/architecture.md, "Failover timing"): about a minute from
 * the API call to "Failover to replica node … completed", the replaced node
 * back about ten minutes later; detection of an unplanned failure is an
 * estimate (tens of seconds).
 */
export const FAILOVER_PROFILE_TIMINGS: Record<FailoverProfile, FailoverTimings> = {
  fast: { detectionMs: 0, promotionMs: 0, recoveryMs: 1000 },
  elasticache: { detectionMs: 30_000, promotionMs: 60_000, recoveryMs: 600_000 },
};

/** The failover timings in force: each explicit setting, else the profile's value. */
export function failoverTimings(config: Pick<EmulatorConfig, 'failoverProfile' | 'failoverDetectionMs' | 'failoverPromotionMs' | 'nodeRecoveryMs'>): FailoverTimings {
  const profile = FAILOVER_PROFILE_TIMINGS[config.failoverProfile ?? 'fast'] ?? FAILOVER_PROFILE_TIMINGS.fast;
  return {
    detectionMs: config.failoverDetectionMs ?? profile.detectionMs,
    promotionMs: config.failoverPromotionMs ?? profile.promotionMs,
    recoveryMs: config.nodeRecoveryMs ?? profile.recoveryMs,
  };
}

export const defaultConfig: EmulatorConfig = {
  port: 4566,
  host: '127.0.0.1',
  dataDir: './.elasticache-local',
  advertiseHost: '127.0.0.1',
  nodePortRange: [0, 0],
  logLevel: 'info',
  allowRestrictedCommands: false,
  transitionDelayMs: 0,
  failoverProfile: 'fast',
};

/** A bad flag or environment value; the CLI prints it and exits with status 2. */
export class ConfigError extends Error {}

interface Option {
  flag: string;
  env: string;
  key: keyof EmulatorConfig;
  help: string;
  parse: (raw: string, source: string) => EmulatorConfig[keyof EmulatorConfig];
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

function parsePort(raw: string, source: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new ConfigError(`${source}: '${raw}' is not a port (0-65535)`);
  return n;
}

function parseBool(raw: string, source: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${source}: '${raw}' is not a boolean (true/false)`);
}

function parseMs(raw: string, source: string): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${source}: '${raw}' is not a number of milliseconds`);
  return Number(raw);
}

function nonEmpty(raw: string, source: string): string {
  if (!raw.trim()) throw new ConfigError(`${source}: must not be empty`);
  return raw;
}

function parsePortRange(raw: string, source: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(raw);
  const [first, last] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || first < 1 || last > 65535 || first > last) {
    throw new ConfigError(`${source}: '${raw}' is not a port range like 30000-30999`);
  }
  return [first, last];
}

export const configOptions: Option[] = [
  { flag: '--port', env: 'ELASTICACHE_LOCAL_PORT', key: 'port', help: 'API port (0: the OS picks)', parse: parsePort },
  { flag: '--host', env: 'ELASTICACHE_LOCAL_HOST', key: 'host', help: 'interface to listen on', parse: nonEmpty },
  { flag: '--data-dir', env: 'ELASTICACHE_LOCAL_DATA_DIR', key: 'dataDir', help: "state directory, or ':memory:'", parse: nonEmpty },
  { flag: '--advertise-host', env: 'ELASTICACHE_LOCAL_ADVERTISE_HOST', key: 'advertiseHost', help: 'host written into endpoints', parse: nonEmpty },
  { flag: '--node-port-range', env: 'ELASTICACHE_LOCAL_NODE_PORT_RANGE', key: 'nodePortRange', help: 'ports for nodes, e.g. 30000-30999', parse: parsePortRange },
  {
    flag: '--log-level',
    env: 'ELASTICACHE_LOCAL_LOG_LEVEL',
    key: 'logLevel',
    help: LOG_LEVELS.join('|'),
    parse: (raw, source) => {
      if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError(`${source}: '${raw}' is not one of ${LOG_LEVELS.join(', ')}`);
      return raw as EmulatorConfig['logLevel'];
    },
  },
  {
    flag: '--allow-restricted-commands',
    env: 'ELASTICACHE_LOCAL_ALLOW_RESTRICTED_COMMANDS',
    key: 'allowRestrictedCommands',
    help: 'let engines run commands ElastiCache disables',
    parse: parseBool,
  },
  {
    flag: '--transition-delay-ms',
    env: 'ELASTICACHE_LOCAL_TRANSITION_DELAY_MS',
    key: 'transitionDelayMs',
    help: 'time clusters spend in creating/modifying/deleting (ms)',
    parse: parseMs,
  },
  {
    flag: '--failover-profile',
    env: 'ELASTICACHE_LOCAL_FAILOVER_PROFILE',
    key: 'failoverProfile',
    help: `failover timings: ${FAILOVER_PROFILES.join('|')}`,
    parse: (raw, source) => {
      if (!(FAILOVER_PROFILES as readonly string[]).includes(raw)) throw new ConfigError(`${source}: '${raw}' is not one of ${FAILOVER_PROFILES.join(', ')}`);
      return raw as FailoverProfile;
    },
  },
  {
    flag: '--failover-detection-ms',
    env: 'ELASTICACHE_LOCAL_FAILOVER_DETECTION_MS',
    key: 'failoverDetectionMs',
    help: 'time before a failed primary is noticed (ms)',
    parse: parseMs,
  },
  {
    flag: '--failover-promotion-ms',
    env: 'ELASTICACHE_LOCAL_FAILOVER_PROMOTION_MS',
    key: 'failoverPromotionMs',
    help: 'time from failover start to the new primary taking writes (ms)',
    parse: parseMs,
  },
  {
    flag: '--node-recovery-ms',
    env: 'ELASTICACHE_LOCAL_NODE_RECOVERY_MS',
    key: 'nodeRecoveryMs',
    help: 'time before a failed node is replaced (ms)',
    parse: parseMs,
  },
];

export interface ParsedArgs {
  config: EmulatorConfig;
  help: boolean;
  version: boolean;
}

/** Defaults, then environment variables, then flags (`--flag value` or `--flag=value`). */
export function parseConfig(argv: string[], environment: Record<string, string | undefined> = {}): ParsedArgs {
  const config: EmulatorConfig = { ...defaultConfig };
  const set = (option: Option, raw: string, source: string) => {
    (config as unknown as Record<string, unknown>)[option.key] = option.parse(raw, source);
  };
  for (const option of configOptions) {
    const raw = environment[option.env];
    if (raw !== undefined && raw !== '') set(option, raw, option.env);
  }
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--version' || arg === '-v') version = true;
    else {
      const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const option = configOptions.find((o) => o.flag === flag);
      if (!option) throw new ConfigError(`unknown option '${arg}' (see --help)`);
      if (option.key === 'allowRestrictedCommands' && inline === undefined && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--'))) {
        config.allowRestrictedCommands = true;
        continue;
      }
      const raw = inline ?? argv[++i];
      if (raw === undefined) throw new ConfigError(`${flag} needs a value`);
      set(option, raw, flag);
    }
  }
  return { config, help, version };
}

export function usage(): string {
  const shown = (o: Option) => {
    const value = defaultConfig[o.key];
    if (value === undefined) {
      const key = ({ failoverDetectionMs: 'detectionMs', failoverPromotionMs: 'promotionMs', nodeRecoveryMs: 'recoveryMs' } as const)[o.key as 'nodeRecoveryMs'];
      return key ? `${FAILOVER_PROFILE_TIMINGS.fast[key]}, or the profile's` : 'unset';
    }
    return Array.isArray(value) ? (value[0] === 0 ? 'OS picks' : value.join('-')) : String(value);
  };
  const lines = configOptions.map((o) => `  ${o.flag.padEnd(28)} ${o.help} (default ${shown(o)}) [${o.env}]`);
  return ['Usage: elasticache-local [options]', '', ...lines, `  ${'--help'.padEnd(28)} show this help`, `  ${'--version'.padEnd(28)} print the version`].join('\n');
}
