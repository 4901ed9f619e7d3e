import { p, type FamilyDefaults, type NodeTypeSpecificDefinition, type ParameterDefinition } from './parameterTypes.js';

/**
 * Memcached parameters per family, from the ElastiCache user guide
 * ("Memcached specific parameters"): the 1.4.5 set, the additions of 1.4.14,
 * 1.4.24 and 1.4.33, and the 1.5.10 changes (modern and
 * expirezero_does_not_evict gone, no_modern and inline_ascii_resp added).
 * "Changes take effect after restart / at launch" is ChangeType requires-reboot.
 */

// prettier-ignore
const MEMCACHED_1_4: ParameterDefinition[] = [
  // 1.4.5
  p('backlog_queue_limit', '1024', 'integer', '1-10000', false, 'requires-reboot', 'The backlog queue limit.'),
  p('binding_protocol', 'auto', 'string', 'auto,binary,ascii', true, 'requires-reboot', 'Binding protocol.'),
  p('cas_disabled', '0', 'boolean', '0,1', true, 'requires-reboot', 'If true (1), disable check and set (CAS) operations; items stored will consume 8 fewer bytes than with CAS enabled.'),
  p('chunk_size', '48', 'integer', '1-', true, 'requires-reboot', 'The minimum amount, in bytes, of space to allocate for the smallest item\'s key, value, and flags.'),
  p('chunk_size_growth_factor', '1.25', 'numeric', '1-2', true, 'requires-reboot', 'The growth factor that controls the size of each successive memcached chunk - each chunk will be chunk_size_growth_factor times larger than the previous chunk.'),
  p('error_on_memory_exhausted', '0', 'boolean', '0,1', true, 'requires-reboot', 'If true (1), when there is no more memory to store items, memcached will return an error rather than evicting items.'),
  p('large_memory_pages', '0', 'boolean', '0,1', false, 'requires-reboot', 'If true (1), try to use large memory pages.'),
  p('lock_down_paged_memory', '0', 'boolean', '0,1', false, 'requires-reboot', 'If true (1), lock down all paged memory.'),
  p('max_item_size', '1048576', 'integer', '1048576-134217728', true, 'requires-reboot', 'The size of the largest item storable in the cache, in bytes.'),
  p('max_simultaneous_connections', '65000', 'integer', '3-65000', false, 'requires-reboot', 'The maximum number of simultaneous connections.'),
  p('maximize_core_file_limit', '0', 'boolean', '0,1', false, 'requires-reboot', 'If true (1), maximize the core file limit.'),
  p('memcached_connections_overhead', '100', 'integer', '0-', true, 'requires-reboot', 'The amount of memory to be reserved for memcached connections and other miscellaneous overhead, in megabytes.'),
  p('requests_per_event', '20', 'integer', '1-1000', false, 'requires-reboot', 'The maximum number of requests per event for a given connection. This limit is required to prevent resource starvation.'),
  // 1.4.14
  p('config_max', '16', 'integer', '0-', false, 'requires-reboot', 'The maximum number of ElastiCache configuration entries.', '1.4.14'),
  p('config_size_max', '65536', 'integer', '0-', false, 'requires-reboot', 'The maximum size of the configuration entries, in bytes.', '1.4.14'),
  p('hashpower_init', '16', 'integer', '0-', false, 'requires-reboot', 'The initial size of the ElastiCache hash table, expressed as a power of two.', '1.4.14'),
  p('maxconns_fast', '0', 'boolean', '0,1', true, 'requires-reboot', 'If true (1), an error is returned to new connections when the maximum connection limit is reached, instead of queueing them in the backlog.', '1.4.14'),
  p('slab_automove', '0', 'integer', '0-2', true, 'requires-reboot', 'Adjusts the slab automove algorithm: 0 disables it, 1 moves slabs conservatively, 2 moves slabs aggressively on every eviction.', '1.4.14'),
  p('slab_reassign', '0', 'boolean', '0,1', true, 'requires-reboot', 'Enable or disable slab reassignment.', '1.4.14'),
  // 1.4.24
  p('disable_flush_all', '0', 'boolean', '0,1', true, 'requires-reboot', 'Disable flush_all command.', '1.4.24'),
  p('expirezero_does_not_evict', '0', 'boolean', '0,1', true, 'requires-reboot', 'When used with lru_maintainer, makes items with an expiration time of 0 unevictable.', '1.4.24'),
  p('hash_algorithm', 'jenkins', 'string', 'jenkins,murmur3', true, 'requires-reboot', 'The hash algorithm to be used.', '1.4.24'),
  p('lru_crawler', '0', 'boolean', '0,1', true, 'requires-reboot', 'Enable the LRU crawler background thread that reclaims the memory of expired items.', '1.4.24'),
  p('lru_maintainer', '0', 'boolean', '0,1', true, 'requires-reboot', 'A background thread that shuffles items between the LRUs as capacities are reached.', '1.4.24'),
  // 1.4.33
  p('idle_timeout', '0', 'integer', '0-86400', true, 'requires-reboot', 'The minimum number of seconds a client will be allowed to idle before being asked to close (0 disables).', '1.4.33'),
  p('modern', '1', 'boolean', '0,1', true, 'requires-reboot', 'Enables slab_reassign, slab_automove, lru_crawler, lru_maintainer, maxconns_fast and the murmur3 hash algorithm.', '1.4.33'),
  p('slab_chunk_max', '524288', 'integer', '1024-1048576', true, 'requires-reboot', 'The maximum size of a slab chunk, in bytes. Items larger than slab_chunk_max are split over multiple chunks.', '1.4.33'),
  p('track_sizes', '0', 'boolean', '0,1', true, 'requires-reboot', 'Shows the sizes each slab group has consumed.', '1.4.33'),
  p('watch', '1', 'boolean', '0,1', true, 'immediate', 'Logs fetches, evictions or mutations.', '1.4.33'),
  p('watcher_logbuf_size', '256', 'integer', '0-', true, 'requires-reboot', 'The size of the watcher log buffer, in kilobytes.', '1.4.33'),
  p('worker_logbuf_size', '64', 'integer', '0-', true, 'requires-reboot', 'The size of the worker log buffer, in kilobytes.', '1.4.33'),
];

const MEMCACHED_1_5: ParameterDefinition[] = [
  ...MEMCACHED_1_4.filter((d) => d.name !== 'modern' && d.name !== 'expirezero_does_not_evict').map((d) => ({
    ...d,
    minimumEngineVersion: undefined,
  })),
  p('inline_ascii_resp', '0', 'boolean', '0,1', true, 'requires-reboot', 'Stores numbers from the VALUE response inside an item, using up to 24 bytes.'),
  p('no_modern', '1', 'boolean', '0,1', true, 'requires-reboot', 'Disables slab_reassign, slab_automove, lru_crawler, lru_maintainer and maxconns_fast, and uses the jenkins hash algorithm.'),
].sort((a, b) => a.name.localeCompare(b.name));

const MEMCACHED_NODE_TYPE_SPECIFIC: NodeTypeSpecificDefinition[] = [
  {
    name: 'max_cache_memory',
    dataType: 'integer',
    allowedValues: '0-',
    modifiable: false,
    changeType: 'requires-reboot',
    description: 'The maximum configurable amount of memory to use to store items, in megabytes.',
    valueFor: (t) => (t.memcachedMaxCacheMemoryMiB === undefined ? undefined : String(t.memcachedMaxCacheMemoryMiB)),
  },
  {
    name: 'num_threads',
    dataType: 'integer',
    allowedValues: '1-',
    modifiable: false,
    changeType: 'requires-reboot',
    description: 'The number of memcached threads to use.',
    valueFor: (t) => (t.memcachedMaxCacheMemoryMiB === undefined ? undefined : String(t.memcachedThreads)),
  },
];

export const MEMCACHED_FAMILY_DEFAULTS: FamilyDefaults[] = [
  {
    family: 'memcached1.4',
    engine: 'memcached',
    minimumEngineVersion: '1.4.5',
    parameters: [...MEMCACHED_1_4].sort((a, b) => a.name.localeCompare(b.name)),
    nodeTypeSpecific: MEMCACHED_NODE_TYPE_SPECIFIC,
    conditionallyModifiable: [],
  },
  { family: 'memcached1.5', engine: 'memcached', minimumEngineVersion: '1.5.10', parameters: MEMCACHED_1_5, nodeTypeSpecific: MEMCACHED_NODE_TYPE_SPECIFIC, conditionallyModifiable: [] },
  { family: 'memcached1.6', engine: 'memcached', minimumEngineVersion: '1.6.6', parameters: MEMCACHED_1_5, nodeTypeSpecific: MEMCACHED_NODE_TYPE_SPECIFIC, conditionallyModifiable: [] },
];
