#!/usr/bin/env node
/** The `elasticache-local` command: parse flags and env, start, stop cleanly on SIGINT/SIGTERM. */
import { EMULATOR_VERSION } from './admin.js';
import { runAdminCommand } from './admin/command.js';
import { ConfigError, parseConfig, usage } from './config.js';
import { startEmulator } from './emulator.js';
import { log } from './log.js';

async function main(): Promise<number> {
  // `elasticache-local admin <action>` talks to a running emulator instead of starting one.
  if (process.argv[2] === 'admin') {
    return runAdminCommand(process.argv.slice(3), {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      environment: process.env,
    });
  }
  let parsed;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`elasticache-local: ${err.message}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage()}\n\n  admin <action> ...             drive a running emulator (see 'admin --help')\n`);
    return 0;
  }
  if (parsed.version) {
    process.stdout.write(`${EMULATOR_VERSION}\n`);
    return 0;
  }
  log.level = parsed.config.logLevel;
  const emulator = await startEmulator(parsed.config);
  process.stdout.write(`elasticache-local listening on ${emulator.endpoint}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: stopping`);
      emulator.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error('error while stopping:', err);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}

// A request handler's bug must not take the emulator down.
process.on('uncaughtException', (err) => log.error('uncaught exception:', err));
process.on('unhandledRejection', (err) => log.error('unhandled rejection:', err));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`elasticache-local: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
