import type { Env } from '../env.js';
import type { Scope } from '../store/db.js';

/** ElastiCache's SourceType values for DescribeEvents. */
export type EventSourceType =
  | 'cache-cluster'
  | 'cache-parameter-group'
  | 'cache-security-group'
  | 'cache-subnet-group'
  | 'replication-group'
  | 'serverless-cache'
  | 'serverless-cache-snapshot'
  | 'user'
  | 'user-group';

/** Records one event, as ElastiCache words it, at the emulator clock's now. */
export function recordEvent(env: Env, scope: Scope, sourceType: EventSourceType, sourceId: string, message: string): void {
  env.store.db
    .prepare('INSERT INTO events (account, region, source_id, source_type, message, date_ms) VALUES (?, ?, ?, ?, ?, ?)')
    .run(scope.account, scope.region, sourceId, sourceType, message, env.clock.nowMs());
}
