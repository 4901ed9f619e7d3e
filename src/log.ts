import type { EmulatorConfig } from './config.js';

export type LogLevel = EmulatorConfig['logLevel'];

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A tiny leveled logger writing to stderr (stdout stays for the listening line). */
export interface Logger {
  level: LogLevel;
  debug(msg: string, ...rest: unknown[]): void;
  info(msg: string, ...rest: unknown[]): void;
  warn(msg: string, ...rest: unknown[]): void;
  error(msg: string, ...rest: unknown[]): void;
}

export function createLogger(level: LogLevel = 'info'): Logger {
  const logger: Logger = {
    level,
    debug: (msg, ...rest) => write('debug', msg, rest),
    info: (msg, ...rest) => write('info', msg, rest),
    warn: (msg, ...rest) => write('warn', msg, rest),
    error: (msg, ...rest) => write('error', msg, rest),
  };
  function write(at: Exclude<LogLevel, 'silent'>, msg: string, rest: unknown[]): void {
    if (rank[at] < rank[logger.level]) return;
    console.error(`${new Date().toISOString()} ${at.toUpperCase()} ${msg}`, ...rest);
  }
  return logger;
}

/** The process-wide logger; the CLI and startEmulator set its level from the config. */
export const log: Logger = createLogger('info');
