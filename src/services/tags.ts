/**
 * AddTagsToResource / ListTagsForResource / RemoveTagsFromResource, on every
 * taggable resource type, by ARN. Each resource family registers how to tell
 * whether one of its resources exists (registerTaggable); families that have
 * not registered yet fall back to their conventional store collection.
 */
import type {
  AddTagsToResourceMessage,
  ListTagsForResourceMessage,
  RemoveTagsFromResourceMessage,
  Tag,
  TagListMessage,
} from '@aws-sdk/client-elasticache';
import { ApiError, missingParameter } from '../api/errors.js';
import type { RequestContext } from '../env.js';
import { parseArn, type ArnResourceType } from './arn.js';
import type { Handler, HandlerMap } from './handler.js';
import { findParameterGroup } from './parameterGroups.js';
import { MAX_TAGS_PER_RESOURCE, validateTags } from './resourceTagging.js';

export { MAX_TAGS_PER_RESOURCE, validateTags };

export interface TaggableType {
  /** Whether the resource with this id exists in the caller's scope. */
  exists: (ctx: RequestContext, id: string) => boolean;
  /** The NotFound fault of this type. */
  notFound: (id: string) => ApiError;
}

const registry = new Map<string, TaggableType>();

/** Called by each resource family at module load (later registrations win). */
export function registerTaggable(type: ArnResourceType, exists: TaggableType['exists'], notFound: TaggableType['notFound']): void {
  registry.set(type, { exists, notFound });
}

/** Fallbacks: the store collection a family keeps its documents in, and its fault. */
function storedIn(kind: string, isBuiltIn: (id: string) => boolean = () => false): TaggableType['exists'] {
  return (ctx, id) => isBuiltIn(id) || ctx.env.store.collection(kind).has(ctx, id);
}
const fault = (code: string, text: (id: string) => string) => (id: string) => new ApiError(code, text(id));

registerTaggable('cluster', storedIn('cache-cluster'), fault('CacheClusterNotFoundFault', (id) => `CacheCluster not found: ${id}`));
registerTaggable(
  'replicationgroup',
  storedIn('replication-group'),
  fault('ReplicationGroupNotFoundFault', (id) => `ReplicationGroup not found: ${id}`),
);
registerTaggable(
  'parametergroup',
  // Default groups (default.redis7, ...) exist without being stored.
  (ctx, id) => findParameterGroup(ctx, id) !== undefined,
  fault('CacheParameterGroupNotFoundFault', (id) => `CacheParameterGroup not found: ${id}`),
);
registerTaggable(
  'subnetgroup',
  storedIn('cache-subnet-group', (id) => id === 'default'),
  fault('CacheSubnetGroupNotFoundFault', (id) => `Cache subnet group ${id} not found.`),
);
registerTaggable(
  'securitygroup',
  storedIn('cache-security-group', (id) => id === 'default'),
  fault('CacheSecurityGroupNotFoundFault', (id) => `CacheSecurityGroup ${id} not found.`),
);
registerTaggable('snapshot', storedIn('snapshot'), fault('SnapshotNotFoundFault', (id) => `Snapshot ${id} not found.`));
// Every account/region has the built-in 'default' user.
registerTaggable('user', storedIn('user', (id) => id === 'default'), fault('UserNotFoundFault', (id) => `User ${id} not found.`));
registerTaggable('usergroup', storedIn('user-group'), fault('UserGroupNotFoundFault', (id) => `User group ${id} not found.`));
registerTaggable(
  'reserved-instance',
  storedIn('reserved-cache-node'),
  fault('ReservedCacheNodeNotFoundFault', (id) => `Reserved cache node ${id} not found.`),
);
registerTaggable(
  'serverlesscache',
  storedIn('serverless-cache'),
  fault('ServerlessCacheNotFoundFault', (id) => `Serverless cache ${id} not found.`),
);
registerTaggable(
  'serverlesscachesnapshot',
  storedIn('serverless-cache-snapshot'),
  fault('ServerlessCacheSnapshotNotFoundFault', (id) => `Serverless cache snapshot ${id} not found.`),
);

const invalidArn = (message: string) => new ApiError('InvalidARNFault', message);

/**
 * Resolves a tagging ARN to an existing resource of the caller, or throws:
 * InvalidARN when it is not an ElastiCache ARN of a taggable type, the
 * type's NotFound fault when nothing exists under it in the caller's scope
 * (an ARN of another account or region names nothing the caller has).
 */
function resolveTaggable(ctx: RequestContext, arn: string | undefined): { type: TaggableType; id: string } {
  if (!arn) throw missingParameter('ResourceName');
  // AWS counts colon-separated components before anything else.
  if (arn.split(':').length < 7) throw invalidArn('Input ARN string does not have 7 components.');
  const parsed = parseArn(arn);
  if (!parsed) throw invalidArn(`The ARN ${arn} is not a valid ElastiCache ARN.`);
  const type = registry.get(parsed.type);
  if (!type) throw invalidArn(`The ARN ${arn} does not name a taggable ElastiCache resource.`);
  if (parsed.account !== ctx.account || parsed.region !== ctx.region || !type.exists(ctx, parsed.id)) {
    throw type.notFound(parsed.id);
  }
  return { type, id: parsed.id };
}

/** The tags of a resource, in the order they were first added. */
export function listTags(ctx: RequestContext, arn: string): Tag[] {
  const rows = ctx.env.store.db.prepare('SELECT key, value FROM tags WHERE arn = ? ORDER BY seq').all(arn) as {
    key: string;
    value: string;
  }[];
  return rows.map((r) => ({ Key: r.key, Value: r.value }));
}

/**
 * Adds or overwrites tags (Create* operations with Tags, AddTagsToResource).
 * Validates keys, values and the 50-tag quota over the merged set before
 * writing anything. Does not check that the resource exists: Create* calls it
 * inside the transaction that stores the resource.
 */
export function setTags(ctx: RequestContext, arn: string, tags: Tag[] | undefined): void {
  if (!tags?.length) return;
  validateTags(tags);
  const keys = new Set(listTags(ctx, arn).map((t) => t.Key));
  for (const tag of tags) keys.add(tag.Key);
  if (keys.size > MAX_TAGS_PER_RESOURCE) {
    throw new ApiError(
      'TagQuotaPerResourceExceeded',
      `The request cannot be processed because it would cause the resource to have more than the allowed number of tags. The maximum number of tags permitted on a resource is ${MAX_TAGS_PER_RESOURCE}.`,
    );
  }
  const store = ctx.env.store;
  store.tx(() => {
    const upsert = store.db.prepare(
      `INSERT INTO tags (arn, key, value, seq) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tags))
       ON CONFLICT(arn, key) DO UPDATE SET value = excluded.value`,
    );
    for (const tag of tags) upsert.run(arn, tag.Key!, tag.Value ?? '');
  });
}

/** Forgets every tag of a deleted resource. */
export function deleteTagsFor(ctx: RequestContext, arn: string): void {
  ctx.env.store.db.prepare('DELETE FROM tags WHERE arn = ?').run(arn);
}

const addTagsToResource: Handler<AddTagsToResourceMessage, TagListMessage> = (input, ctx) => {
  resolveTaggable(ctx, input.ResourceName);
  if (!input.Tags) throw missingParameter('Tags');
  setTags(ctx, input.ResourceName!, input.Tags);
  return { TagList: listTags(ctx, input.ResourceName!) };
};

const listTagsForResource: Handler<ListTagsForResourceMessage, TagListMessage> = (input, ctx) => {
  resolveTaggable(ctx, input.ResourceName);
  return { TagList: listTags(ctx, input.ResourceName!) };
};

const removeTagsFromResource: Handler<RemoveTagsFromResourceMessage, TagListMessage> = (input, ctx) => {
  resolveTaggable(ctx, input.ResourceName);
  if (!input.TagKeys) throw missingParameter('TagKeys');
  const arn = input.ResourceName!;
  const present = new Set(listTags(ctx, arn).map((t) => t.Key));
  // All keys are checked before any is removed: an error changes nothing.
  const missing = input.TagKeys.find((key) => !present.has(key));
  if (missing !== undefined) throw new ApiError('TagNotFoundFault', `The requested tag ${missing} was not found on this resource.`);
  const store = ctx.env.store;
  store.tx(() => {
    const del = store.db.prepare('DELETE FROM tags WHERE arn = ? AND key = ?');
    for (const key of input.TagKeys!) del.run(arn, key);
  });
  return { TagList: listTags(ctx, arn) };
};

export const handlers: HandlerMap = {
  AddTagsToResource: addTagsToResource,
  ListTagsForResource: listTagsForResource,
  RemoveTagsFromResource: removeTagsFromResource,
};
