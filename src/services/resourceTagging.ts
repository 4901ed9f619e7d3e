import type { Tag } from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterValue } from '../api/errors.js';
import type { Store } from '../store/db.js';

/** ElastiCache allows at most 50 tags on a resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** Checks the Tags of a Create/Purchase request before anything is stored. */
export function validateTags(tags: Tag[] | undefined): void {
  if (!tags) return;
  if (tags.length > MAX_TAGS_PER_RESOURCE) {
    throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
  }
  for (const tag of tags) {
    if (!tag.Key) throw invalidParameterValue('Tag keys must not be empty.');
    if (tag.Key.length > 128) throw invalidParameterValue(`Tag key ${tag.Key} is longer than 128 characters.`);
    if ((tag.Value ?? '').length > 256) throw invalidParameterValue(`The value of tag ${tag.Key} is longer than 256 characters.`);
    if (tag.Key.toLowerCase().startsWith('aws:')) throw invalidParameterValue('Tag keys must not begin with aws:');
  }
}

/**
 * Writes a new resource's tags into the shared tags table (the one
 * AddTagsToResource/ListTagsForResource use), inside the caller's transaction.
 */
export function storeTags(store: Store, arn: string, tags: Tag[] | undefined): void {
  if (!tags?.length) return;
  const upsert = store.db.prepare(
    `INSERT INTO tags (arn, key, value, seq) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tags))
     ON CONFLICT(arn, key) DO UPDATE SET value = excluded.value`,
  );
  for (const tag of tags) upsert.run(arn, tag.Key!, tag.Value ?? '');
}

/** Removes a deleted resource's tags. */
export function deleteTags(store: Store, arn: string): void {
  store.db.prepare('DELETE FROM tags WHERE arn = ?').run(arn);
}
