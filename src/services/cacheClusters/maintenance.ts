import type { RequestContext } from '../../env.js';
import { applyDeferred } from './modify.js';
import { clusterNotFound, getCluster, type StoredCluster } from './model.js';
import { recoverInterrupted } from './recovery.js';
import { minuteOfWeek } from './validate.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The first start of the weekly window `ddd:hh:mm-ddd:hh:mm` strictly after `fromMs`. */
export function nextWindowStart(window: string, fromMs: number): number {
  const startMinute = minuteOfWeek(window.split('-')[0]!);
  const from = new Date(fromMs);
  // Sunday 00:00 UTC of the week that contains `fromMs`.
  const weekStart = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() - from.getUTCDay());
  let start = weekStart + startMinute * 60_000;
  while (start <= fromMs) start += WEEK_MS;
  return start;
}

/**
 * Changes deferred with ApplyImmediately=false take effect at the cluster's
 * next maintenance window, on the emulator clock (which tests advance).
 * Checked whenever the cluster is read.
 */
export async function applyDueMaintenance(ctx: RequestContext, cluster: StoredCluster): Promise<StoredCluster> {
  const since = cluster.Internal.deferredSinceMs;
  if (!cluster.Internal.deferred || since === undefined || cluster.CacheClusterStatus !== 'available') return cluster;
  if (nextWindowStart(cluster.PreferredMaintenanceWindow!, since) > ctx.env.clock.nowMs()) return cluster;
  return applyDeferred(ctx, cluster);
}

/** The cluster as it stands now: interrupted transitions finished, due maintenance applied. */
export async function currentCluster(ctx: RequestContext, id: string | undefined): Promise<StoredCluster> {
  const recovered = await recoverInterrupted(ctx, getCluster(ctx, id));
  if (!recovered) throw clusterNotFound(id!.toLowerCase());
  return applyDueMaintenance(ctx, recovered);
}
