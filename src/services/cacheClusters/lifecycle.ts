import type { Env, RequestContext } from '../../env.js';
import { recordEvent } from '../eventLog.js';
import { clusters, type StoredCluster } from './model.js';

/**
 * How long a cluster stays in each transitional status before it becomes
 * available (ms). All 0 by default: the status is `available` by the time
 * the call returns, so SDK waiters return on their first poll.
 */
export interface TransitionDelays {
  creatingMs: number;
  modifyingMs: number;
  rebootingMs: number;
  deletingMs: number;
}

/** Clusters with a delayed transition pending in this process, per environment. */
const pendingByEnv = new WeakMap<Env, Set<string>>();

function pending(env: Env): Set<string> {
  let set = pendingByEnv.get(env);
  if (!set) pendingByEnv.set(env, (set = new Set()));
  return set;
}

/** Whether this process will still finish the cluster's current transition. */
export function hasPendingTransition(ctx: RequestContext, clusterId: string): boolean {
  return pending(ctx.env).has(`${ctx.account}/${ctx.region}/${clusterId}`);
}

const NO_DELAYS: TransitionDelays = { creatingMs: 0, modifyingMs: 0, rebootingMs: 0, deletingMs: 0 };
const delaysByEnv = new WeakMap<Env, TransitionDelays>();

/** Tests (or an admin endpoint) that want to see intermediate statuses set delays here. */
export function setTransitionDelays(env: Env, delays: Partial<TransitionDelays>): void {
  delaysByEnv.set(env, { ...transitionDelays(env), ...delays });
}

/** Explicit delays win; otherwise every transition lasts --transition-delay-ms. */
export function transitionDelays(env: Env): TransitionDelays {
  const configured = env.config.transitionDelayMs ?? 0;
  const fromConfig = configured > 0
    ? { creatingMs: configured, modifyingMs: configured, rebootingMs: configured, deletingMs: configured }
    : NO_DELAYS;
  return delaysByEnv.get(env) ?? fromConfig;
}

/**
 * Runs `finish` now (delay 0) or after the delay, on the cluster as it is
 * stored then; `finish` is skipped when the cluster is gone or its status moved on.
 */
export function afterDelay(
  ctx: RequestContext,
  clusterId: string,
  delayMs: number,
  expectedStatus: string,
  finish: (cluster: StoredCluster) => void | Promise<void>,
): Promise<void> {
  const run = async () => {
    const cluster = clusters(ctx).get(ctx, clusterId);
    if (!cluster || cluster.CacheClusterStatus !== expectedStatus) return;
    await finish(cluster);
  };
  if (delayMs <= 0) return run();
  const key = `${ctx.account}/${ctx.region}/${clusterId}`;
  pending(ctx.env).add(key);
  const timer = setTimeout(() => {
    pending(ctx.env).delete(key);
    void run().catch(() => undefined);
  }, delayMs);
  // A pending transition must not keep the process alive after the emulator stops.
  timer.unref();
  return Promise.resolve();
}

export function clusterEvent(ctx: RequestContext, clusterId: string, message: string): void {
  recordEvent(ctx.env, ctx, 'cache-cluster', clusterId, message);
}
