/**
 * Start one Redis engine node from the command line:
 *   npx tsx scripts/redis-server.ts --port 7000 [--host 127.0.0.1] [--allow-restricted-commands]
 *     [--requirepass pw] [--engine redis|valkey] [--engine-version 7.1] [--maxmemory bytes]
 *     [--maxmemory-policy p] [--config name=value ...]
 */
import { RedisServer, type RedisServerOptions } from '../engines/redis/index.js';

const opts: RedisServerOptions = { port: 6379 };
const config: Record<string, string> = {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  switch (a) {
    case '--port': opts.port = Number(next()); break;
    case '--host': opts.host = next(); break;
    case '--allow-restricted-commands': opts.allowRestrictedCommands = true; break;
    case '--requirepass': opts.password = next(); break;
    case '--engine': opts.engine = next() as 'redis' | 'valkey'; break;
    case '--engine-version': opts.engineVersion = next(); break;
    case '--maxmemory': opts.maxmemoryBytes = Number(next()); break;
    case '--maxmemory-policy': opts.maxmemoryPolicy = next(); break;
    case '--databases': opts.databases = Number(next()); break;
    case '--config': { const [k, ...v] = next().split('='); config[k] = v.join('='); break; }
    default: console.error(`unknown option ${a}`); process.exit(2);
  }
}
opts.config = config;
const srv = new RedisServer(opts);
const { host, port } = await srv.listen();
console.log(`redis engine listening on ${host}:${port}`);
// Like redis-server: SIGTERM/SIGINT shut down as shutdown-on-sigterm / shutdown-on-sigint say.
const onSignal = (sig: 'sigterm' | 'sigint') => () => {
  const err = srv.shutdownOnSignal(sig);
  if (err !== null) console.error(`shutdown refused: ${err}`);
};
process.on('SIGINT', onSignal('sigint'));
process.on('SIGTERM', onSignal('sigterm'));
// SHUTDOWN from a client (allowed with --allow-restricted-commands): exit like redis-server.
srv.on('shutdown', () => process.exit(0));
