/**
 * `elasticache-local admin <action> [args] [--endpoint URL]`: the admin API
 * from a shell, for scripts and humans (prints the JSON the API returns).
 */

export interface AdminCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  environment: Record<string, string | undefined>;
}

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';

export const ADMIN_USAGE = [
  'Usage: elasticache-local admin <action> [args] [--endpoint URL] [--region R] [--account A]',
  '',
  '  health                          liveness and version',
  '  nodes                           every node: cluster, node id, engine, port, AZ, status, role',
  '  metrics                         Prometheus metrics',
  '  reset                           forget every resource and stop every node',
  '  clock [advance-ms]              read the emulator clock, or advance it',
  '  kill-node <cluster> [node]      kill a node (the fleet replaces it after --node-recovery-ms)',
  '  restart-node <cluster> [node]   bring a node back now',
  '  az-down <az>                    kill every node in an Availability Zone until az-up',
  '  az-up <az>                      bring the nodes of an Availability Zone back',
  '  partition <cluster> [ms]        cut a replica\'s replication link (healed after ms, or by heal)',
  '  heal <cluster>                  reconnect a partitioned replica (partial or full resync)',
  '',
  `  --endpoint defaults to $ELASTICACHE_LOCAL_ENDPOINT or ${DEFAULT_ENDPOINT}`,
].join('\n');

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
}

class UsageError extends Error {}

function parse(args: string[]): { action: string; positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (!['endpoint', 'region', 'account'].includes(name)) throw new UsageError(`unknown option '--${name}'`);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    options[name] = value;
  }
  const [action, ...rest] = positional;
  if (!action) throw new UsageError('an action is required');
  return { action, positional: rest, options };
}

function toRequest(action: string, positional: string[], options: Record<string, string>): Request {
  const arity = (min: number, max: number) => {
    if (positional.length < min || positional.length > max) throw new UsageError(`${action}: wrong number of arguments`);
  };
  const scoped = (clusterId: string) => ({ clusterId, ...(options.region ? { region: options.region } : {}), ...(options.account ? { account: options.account } : {}) });
  const node = () => {
    arity(1, 2);
    const [clusterId, nodeId] = positional;
    return { ...scoped(clusterId!), ...(nodeId ? { nodeId } : {}) };
  };
  switch (action) {
    case 'health':
    case 'nodes':
    case 'metrics':
      arity(0, 0);
      return { method: 'GET', path: `/${action}` };
    case 'reset':
      arity(0, 0);
      return { method: 'POST', path: '/reset' };
    case 'clock': {
      arity(0, 1);
      if (positional.length === 0) return { method: 'GET', path: '/clock' };
      const advanceMs = Number(positional[0]);
      if (!Number.isFinite(advanceMs) || advanceMs < 0) throw new UsageError('clock: advance-ms must be a non-negative number');
      return { method: 'POST', path: '/clock', body: { advanceMs } };
    }
    case 'kill-node':
    case 'restart-node':
      return { method: 'POST', path: `/faults/${action}`, body: node() };
    case 'partition': {
      arity(1, 2);
      const [clusterId, ms] = positional;
      const durationMs = ms === undefined ? undefined : Number(ms);
      if (durationMs !== undefined && (!/^\d+$/.test(ms!) || durationMs <= 0)) throw new UsageError('partition: ms must be a positive number of milliseconds');
      return { method: 'POST', path: '/faults/partition', body: { ...scoped(clusterId!), ...(durationMs !== undefined ? { durationMs } : {}) } };
    }
    case 'heal':
      arity(1, 1);
      return { method: 'POST', path: '/faults/heal', body: scoped(positional[0]!) };
    case 'az-down':
    case 'az-up':
      arity(1, 1);
      return { method: 'POST', path: `/faults/${action}`, body: { az: positional[0] } };
    default:
      throw new UsageError(`unknown action '${action}'`);
  }
}

/** Runs one admin action; the exit code: 0 done, 1 the API refused or is unreachable, 2 usage. */
export async function runAdminCommand(args: string[], io: AdminCommandIo): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.out(`${ADMIN_USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  let request: Request;
  let endpoint: string;
  try {
    const { action, positional, options } = parse(args);
    request = toRequest(action, positional, options);
    endpoint = (options.endpoint ?? io.environment.ELASTICACHE_LOCAL_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`elasticache-local admin: ${err.message}\n${ADMIN_USAGE}\n`);
    return 2;
  }
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_emulator${request.path}`, {
      method: request.method,
      headers: request.body ? { 'content-type': 'application/json' } : {},
      body: request.body ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    io.err(`elasticache-local admin: cannot reach ${endpoint}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const text = await response.text();
  const pretty = (() => {
    try {
      return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
    } catch {
      return text.endsWith('\n') ? text : `${text}\n`;
    }
  })();
  if (!response.ok) {
    io.err(pretty);
    return 1;
  }
  io.out(pretty);
  return 0;
}
