import type { NodeTypeInfo } from './nodeTypes.js';
import { compareVersions } from './engineVersions.js';
import { p, type FamilyDefaults, type NodeTypeSpecificDefinition, type ParameterDefinition } from './parameterTypes.js';

/**
 * Redis OSS and Valkey parameters, family by family. The redis5.0 list is
 * what DescribeEngineDefaultParameters returns for that family; the other
 * families are derived from it with the changes the ElastiCache user guide
 * ("Redis OSS-specific parameters") lists per release: the 2.x/3.2/4.0
 * families use the old "slave" names, 4.0 added lazyfree/LFU/defrag, 5.0
 * added streams and renamed to "replica", 6.x added ACL/tracking parameters,
 * 7 replaced ziplist with listpack. Valkey 7.2 and 8.0 carry the redis7 set.
 */

// prettier-ignore
const REDIS_5_0: ParameterDefinition[] = [
  p('activedefrag', 'no', 'string', 'yes,no', true, 'immediate', 'Enabled active memory defragmentation'),
  p('active-defrag-cycle-max', '75', 'integer', '1-75', true, 'immediate', 'Maximal effort for defrag in CPU percentage'),
  p('active-defrag-cycle-min', '5', 'integer', '1-75', true, 'immediate', 'Minimal effort for defrag in CPU percentage'),
  p('active-defrag-ignore-bytes', '104857600', 'integer', '1048576-', true, 'immediate', 'Minimum amount of fragmentation waste to start active defrag'),
  p('active-defrag-max-scan-fields', '1000', 'integer', '1-1000000', true, 'immediate', 'Maximum number of set/hash/zset/list fields that will be processed from the main dictionary scan'),
  p('active-defrag-threshold-lower', '10', 'integer', '1-100', true, 'immediate', 'Minimum percentage of fragmentation to start active defrag'),
  p('active-defrag-threshold-upper', '100', 'integer', '1-100', true, 'immediate', 'Maximum percentage of fragmentation at which we use maximum effort'),
  p('activerehashing', 'yes', 'string', 'yes,no', false, 'requires-reboot', 'Apply rehashing or not.'),
  p('appendfsync', 'everysec', 'string', 'always,everysec,no', false, 'immediate', 'fsync policy for AOF persistence'),
  p('appendonly', 'no', 'string', 'yes,no', false, 'immediate', 'Enable Redis persistence.'),
  p('client-output-buffer-limit-normal-hard-limit', '0', 'integer', '0-', true, 'immediate', 'Normal client output buffer hard limit in bytes.'),
  p('client-output-buffer-limit-normal-soft-limit', '0', 'integer', '0-', true, 'immediate', 'Normal client output buffer soft limit in bytes.'),
  p('client-output-buffer-limit-normal-soft-seconds', '0', 'integer', '0-', true, 'immediate', 'Normal client output buffer soft limit in seconds.'),
  p('client-output-buffer-limit-pubsub-hard-limit', '33554432', 'integer', '0-', true, 'immediate', 'Pubsub client output buffer hard limit in bytes.'),
  p('client-output-buffer-limit-pubsub-soft-limit', '8388608', 'integer', '0-', true, 'immediate', 'Pubsub client output buffer soft limit in bytes.'),
  p('client-output-buffer-limit-pubsub-soft-seconds', '60', 'integer', '0-', true, 'immediate', 'Pubsub client output buffer soft limit in seconds.'),
  p('client-output-buffer-limit-replica-soft-seconds', '60', 'integer', '0-', false, 'immediate', 'Replica client output buffer soft limit in seconds.'),
  p('client-query-buffer-limit', '1073741824', 'integer', '1048576-1073741824', true, 'immediate', 'Max size of a single client query buffer'),
  p('close-on-replica-write', 'yes', 'string', 'yes,no', true, 'immediate', 'If enabled, clients who attempt to write to a read-only replica will be disconnected. Applicable to 2.8.23 and higher.'),
  p('cluster-enabled', 'no', 'string', 'yes,no', false, 'requires-reboot', 'Enable cluster mode'),
  p('cluster-require-full-coverage', 'no', 'string', 'yes,no', true, 'immediate', 'Whether cluster becomes unavailable if one or more slots are not covered'),
  p('databases', '16', 'integer', '1-1200000', false, 'requires-reboot', 'Set the number of databases.'),
  p('hash-max-ziplist-entries', '512', 'integer', '0-', true, 'immediate', 'The maximum number of hash entries in order for the dataset to be compressed.'),
  p('hash-max-ziplist-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest hash entries in order for the dataset to be compressed.'),
  p('hll-sparse-max-bytes', '3000', 'integer', '1-16000', true, 'immediate', 'HyperLogLog sparse representation bytes limit'),
  p('lazyfree-lazy-eviction', 'no', 'string', 'yes,no', true, 'immediate', 'Perform an asynchronous delete on evictions'),
  p('lazyfree-lazy-expire', 'no', 'string', 'yes,no', true, 'immediate', 'Perform an asynchronous delete on expired keys'),
  p('lazyfree-lazy-server-del', 'no', 'string', 'yes,no', true, 'immediate', 'Perform an asynchronous delete on key updates'),
  p('lfu-decay-time', '1', 'integer', '0-', true, 'immediate', 'The amount of time in minutes to decrement the key counter for LFU eviction policy'),
  p('lfu-log-factor', '10', 'integer', '1-', true, 'immediate', 'The log factor for incrementing key counter for LFU eviction policy'),
  p('list-compress-depth', '0', 'integer', '0-', true, 'immediate', 'Number of quicklist ziplist nodes from each side of the list to exclude from compression. The head and tail of the list are always uncompressed for fast push/pop operations'),
  p('list-max-ziplist-size', '-2', 'integer', '-5,-4,-3,-2,-1,1-', false, 'immediate', 'The number of entries allowed per internal list node can be specified as a fixed maximum size or a maximum number of elements'),
  p('lua-replicate-commands', 'yes', 'string', 'yes,no', true, 'immediate', 'Always enable Lua effect replication or not'),
  p('lua-time-limit', '5000', 'integer', '5000', false, 'immediate', 'Max execution time of a Lua script in milliseconds. 0 for unlimited execution without warnings.'),
  p('maxclients', '65000', 'integer', '1-65000', false, 'requires-reboot', 'The maximum number of Redis clients.'),
  p('maxmemory-policy', 'volatile-lru', 'string', 'volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction', true, 'immediate', 'Max memory policy.'),
  p('maxmemory-samples', '3', 'integer', '1-', true, 'immediate', 'Max memory samples.'),
  p('min-replicas-max-lag', '10', 'integer', '0-', true, 'immediate', 'The maximum amount of replica lag in seconds beyond which the master would stop taking writes. A value of 0 means the master always takes writes.'),
  p('min-replicas-to-write', '0', 'integer', '0-', true, 'immediate', 'The minimum number of replicas that must be present with lag no greater than min-replicas-max-lag for master to take writes. Setting this to 0 means the master always takes writes.'),
  p('notify-keyspace-events', undefined, 'string', undefined, true, 'immediate', 'The keyspace events for Redis to notify Pub/Sub clients about. By default all notifications are disabled'),
  p('proto-max-bulk-len', '536870912', 'integer', '1048576-536870912', true, 'immediate', 'Max size of a single element request'),
  p('rename-commands', undefined, 'string', 'APPEND,BITCOUNT,BITFIELD,BITOP,BITPOS,BLPOP,BRPOP,BRPOPLPUSH,BZPOPMIN,BZPOPMAX,CLIENT,COMMAND,DBSIZE,DECR,DECRBY,DEL,DISCARD,DUMP,ECHO,EVAL,EVALSHA,EXEC,EXISTS,EXPIRE,EXPIREAT,FLUSHALL,FLUSHDB,GEOADD,GEOHASH,GEOPOS,GEODIST,GEORADIUS,GEORADIUSBYMEMBER,GET,GETBIT,GETRANGE,GETSET,HDEL,HEXISTS,HGET,HGETALL,HINCRBY,HINCRBYFLOAT,HKEYS,HLEN,HMGET,HMSET,HSET,HSETNX,HSTRLEN,HVALS,INCR,INCRBY,INCRBYFLOAT,INFO,KEYS,LASTSAVE,LINDEX,LINSERT,LLEN,LPOP,LPUSH,LPUSHX,LRANGE,LREM,LSET,LTRIM,MEMORY,MGET,MONITOR,MOVE,MSET,MSETNX,MULTI,OBJECT,PERSIST,PEXPIRE,PEXPIREAT,PFADD,PFCOUNT,PFMERGE,PING,PSETEX,PSUBSCRIBE,PUBSUB,PTTL,PUBLISH,PUNSUBSCRIBE,RANDOMKEY,READONLY,READWRITE,RENAME,RENAMENX,RESTORE,ROLE,RPOP,RPOPLPUSH,RPUSH,RPUSHX,SADD,SCARD,SCRIPT,SDIFF,SDIFFSTORE,SELECT,SET,SETBIT,SETEX,SETNX,SETRANGE,SINTER,SINTERSTORE,SISMEMBER,SLOWLOG,SMEMBERS,SMOVE,SORT,SPOP,SRANDMEMBER,SREM,STRLEN,SUBSCRIBE,SUNION,SUNIONSTORE,SWAPDB,TIME,TOUCH,TTL,TYPE,UNSUBSCRIBE,UNLINK,UNWATCH,WAIT,WATCH,ZADD,ZCARD,ZCOUNT,ZINCRBY,ZINTERSTORE,ZLEXCOUNT,ZPOPMAX,ZPOPMIN,ZRANGE,ZRANGEBYLEX,ZREVRANGEBYLEX,ZRANGEBYSCORE,ZRANK,ZREM,ZREMRANGEBYLEX,ZREMRANGEBYRANK,ZREMRANGEBYSCORE,ZREVRANGE,ZREVRANGEBYSCORE,ZREVRANK,ZSCORE,ZUNIONSTORE,SCAN,SSCAN,HSCAN,ZSCAN,XINFO,XADD,XTRIM,XDEL,XRANGE,XREVRANGE,XLEN,XREAD,XGROUP,XREADGROUP,XACK,XCLAIM,XPENDING,GEORADIUS_RO,GEORADIUSBYMEMBER_RO,LOLWUT,XSETID,SUBSTR', true, 'immediate', 'Redis commands that can be dynamically renamed by the customer'),
  p('repl-backlog-size', '1048576', 'integer', '16384-', true, 'immediate', 'The replication backlog size in bytes for PSYNC. This is the size of the buffer which accumulates slave data when slave is disconnected for some time, so that when slave reconnects again, only transfer the portion of data which the slave missed. Minimum value is 16K.'),
  p('repl-backlog-ttl', '3600', 'integer', '0-', true, 'immediate', 'The amount of time in seconds after the master no longer have any slaves connected for the master to free the replication backlog. A value of 0 means to never release the backlog.'),
  p('replica-allow-chaining', 'no', 'string', 'yes,no', false, 'immediate', 'Configures if chaining of replicas is allowed'),
  p('replica-ignore-maxmemory', 'yes', 'string', 'yes,no', false, 'immediate', 'Determines if replica ignores maxmemory setting by not evicting items independent from the master'),
  p('replica-lazy-flush', 'no', 'string', 'yes,no', false, 'immediate', 'Perform an asynchronous flushDB during replica sync'),
  p('reserved-memory-percent', '25', 'integer', '0-100', true, 'immediate', 'The percent of memory reserved for non-cache memory usage. You may want to increase this parameter for nodes with read replicas, AOF enabled, etc, to reduce swap usage.'),
  p('set-max-intset-entries', '512', 'integer', '0-', true, 'immediate', 'The limit in the size of the set in order for the dataset to be compressed.'),
  p('slowlog-log-slower-than', '10000', 'integer', '-', true, 'immediate', 'The execution time, in microseconds, to exceed in order for the command to get logged. Note that a negative number disables the slow log, while a value of zero forces the logging of every command.'),
  p('slowlog-max-len', '128', 'integer', '0-', true, 'immediate', 'The length of the slow log. There is no limit to this length. Just be aware that it will consume memory. You can reclaim memory used by the slow log with SLOWLOG RESET.'),
  p('stream-node-max-bytes', '4096', 'integer', '0-', true, 'immediate', 'The maximum size of a single node in a stream in bytes'),
  p('stream-node-max-entries', '100', 'integer', '0-', true, 'immediate', 'The maximum number of items a single node in a stream can contain'),
  p('tcp-keepalive', '300', 'integer', '0-', true, 'immediate', 'If non-zero, send ACKs every given number of seconds.'),
  p('timeout', '0', 'integer', '0,20-', true, 'immediate', 'Close connection if client is idle for a given number of seconds, or never if 0.'),
  p('zset-max-ziplist-entries', '128', 'integer', '0-', true, 'immediate', 'The maximum number of sorted set entries in order for the dataset to be compressed.'),
  p('zset-max-ziplist-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest sorted set entries in order for the dataset to be compressed.'),
];

type Patch = Partial<Omit<ParameterDefinition, 'name'>>;

/** A family's list from another: drop, rename, change and add parameters; sorted by name as AWS lists them. */
function derive(
  from: ParameterDefinition[],
  changes: {
    remove?: string[];
    rename?: Record<string, string>;
    patch?: Record<string, Patch>;
    add?: ParameterDefinition[];
  },
): ParameterDefinition[] {
  const removed = new Set(changes.remove ?? []);
  const out = from
    .filter((d) => !removed.has(d.name))
    .map((d) => {
      const name = changes.rename?.[d.name] ?? d.name;
      return { ...d, name, ...(changes.patch?.[name] ?? {}) };
    });
  for (const missing of Object.keys(changes.patch ?? {})) {
    if (!out.some((d) => d.name === missing)) throw new Error(`redis parameter catalog: no ${missing} to patch`);
  }
  out.push(...(changes.add ?? []));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const EVICTION_POLICIES_PRE_LFU = 'volatile-lru,allkeys-lru,volatile-random,allkeys-random,volatile-ttl,noeviction';

// 5.0 renamed the replication parameters; the older families keep the old names.
const TO_SLAVE_NAMES: Record<string, string> = {
  'close-on-replica-write': 'close-on-slave-write',
  'min-replicas-max-lag': 'min-slaves-max-lag',
  'min-replicas-to-write': 'min-slaves-to-write',
  'replica-allow-chaining': 'slave-allow-chaining',
  'replica-lazy-flush': 'slave-lazy-flush',
  'client-output-buffer-limit-replica-soft-seconds': 'client-output-buffer-limit-slave-soft-seconds',
};

const REDIS_4_0 = derive(REDIS_5_0, {
  remove: [
    'stream-node-max-bytes',
    'stream-node-max-entries',
    'active-defrag-max-scan-fields',
    'lua-replicate-commands',
    'replica-ignore-maxmemory',
    'rename-commands',
  ],
  rename: TO_SLAVE_NAMES,
  patch: {
    'active-defrag-cycle-min': { value: '25' },
    'active-defrag-ignore-bytes': { allowedValues: '10485760-104857600' },
    'close-on-slave-write': {
      description: 'If enabled, clients who attempt to write to a read-only slave will be disconnected. Applicable to 2.8.23 and higher.',
    },
    'slave-lazy-flush': { description: 'Perform an asynchronous flushDB during slave sync' },
    'client-output-buffer-limit-slave-soft-seconds': { description: 'Slave client output buffer soft limit in seconds.' },
    'min-slaves-max-lag': {
      description:
        'Maximum number of seconds within which the master must receive a ping from a slave to take writes. Use this parameter together with min-slaves-to-write to regulate when the master stops accepting writes. Setting this value to 0 means the master always takes writes.',
    },
    'min-slaves-to-write': {
      description:
        'Number of slaves that must be connected in order for master to take writes. Use this parameter together with min-slaves-max-lag to regulate when the master stops accepting writes. Setting this to 0 means the master always takes writes.',
    },
    'slave-allow-chaining': { description: 'Configures if chaining of slaves is allowed' },
  },
  add: [
    p('repl-timeout', '60', 'integer', '60', false, 'immediate', 'Replication timeout in seconds.'),
  ],
});

const REDIS_3_2 = derive(REDIS_4_0, {
  remove: [
    'lazyfree-lazy-eviction',
    'lazyfree-lazy-expire',
    'lazyfree-lazy-server-del',
    'slave-lazy-flush',
    'lfu-log-factor',
    'lfu-decay-time',
    'activedefrag',
    'active-defrag-ignore-bytes',
    'active-defrag-threshold-lower',
    'active-defrag-threshold-upper',
    'active-defrag-cycle-min',
    'active-defrag-cycle-max',
    'client-query-buffer-limit',
    'proto-max-bulk-len',
  ],
  patch: { 'maxmemory-policy': { allowedValues: EVICTION_POLICIES_PRE_LFU } },
});

const REDIS_2_8 = derive(REDIS_3_2, {
  remove: [
    'list-max-ziplist-size',
    'list-compress-depth',
    'cluster-enabled',
    'cluster-require-full-coverage',
    'hll-sparse-max-bytes',
    'reserved-memory-percent',
  ],
  patch: {
    appendonly: { modifiable: true },
    appendfsync: { modifiable: true },
    // Plainly modifiable before 3.2.4 made them conditional.
    activerehashing: { modifiable: true },
    databases: { modifiable: true },
    'repl-timeout': { allowedValues: '5-', modifiable: true },
    'tcp-keepalive': { value: '0' },
    'close-on-slave-write': { minimumEngineVersion: '2.8.23' },
  },
  add: [
    p('list-max-ziplist-entries', '512', 'integer', '0-', true, 'immediate', 'The maximum number of list entries in order for the dataset to be compressed.'),
    p('list-max-ziplist-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest list entries in order for the dataset to be compressed.'),
    p('reserved-memory', '0', 'integer', '0-', true, 'immediate', 'The amount of memory reserved for non-cache memory usage, in bytes. You may want to increase this parameter for nodes with read replicas, AOF enabled, etc, to reduce swap usage.'),
  ],
});

const REDIS_2_6 = derive(REDIS_2_8, {
  remove: [
    'min-slaves-max-lag',
    'min-slaves-to-write',
    'notify-keyspace-events',
    'repl-backlog-size',
    'repl-backlog-ttl',
    'repl-timeout',
    'close-on-slave-write',
  ],
});

const REDIS_6_X = derive(REDIS_5_0, {
  remove: ['lua-replicate-commands'],
  add: [
    p('acl-pubsub-default', 'allchannels', 'string', 'resetchannels,allchannels', true, 'immediate', 'Default pubsub channel permissions for ACL users deployed to this cluster.', '6.2.0'),
    p('acllog-max-len', '128', 'integer', '1-10000', true, 'immediate', 'The max number of entries in the ACL log.'),
    p('active-expire-effort', '1', 'integer', '1-10', true, 'immediate', 'The amount of effort that Redis uses to expire items in the periodic job.'),
    p('cluster-allow-reads-when-down', 'no', 'string', 'yes,no', true, 'immediate', 'Allow the cluster to process read commands when it is not able to reach a quorum of primaries.'),
    p('lazyfree-lazy-user-del', 'no', 'string', 'yes,no', true, 'immediate', 'Specifies whether the default behavior of DEL command acts the same as UNLINK.'),
    p('tracking-table-max-keys', '1000000', 'integer', '1-100000000', true, 'immediate', 'The maximum number of keys in the client-side caching tracking table.'),
  ],
});

const REDIS_7 = derive(REDIS_6_X, {
  remove: ['hash-max-ziplist-entries', 'hash-max-ziplist-value', 'zset-max-ziplist-entries', 'zset-max-ziplist-value', 'list-max-ziplist-size'],
  add: [
    p('cluster-allow-pubsubshard-when-down', 'yes', 'string', 'yes,no', true, 'immediate', 'Allow nodes to serve pubsub shard traffic while the cluster is in a down state, as long as it believes it owns the slots.'),
    p('cluster-preferred-endpoint-type', 'ip', 'string', 'ip,tls-dynamic', true, 'immediate', 'The endpoint type returned for MOVED/ASKING requests and in CLUSTER SLOTS and CLUSTER SHARDS.'),
    p('latency-tracking', 'no', 'string', 'yes,no', true, 'immediate', 'Track per command latencies and export percentile distributions through INFO latencystats.'),
    p('hash-max-listpack-entries', '512', 'integer', '0-', true, 'immediate', 'The maximum number of hash entries in order for the dataset to be compressed.'),
    p('hash-max-listpack-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest hash entries in order for the dataset to be compressed.'),
    p('zset-max-listpack-entries', '128', 'integer', '0-', true, 'immediate', 'The maximum number of sorted set entries in order for the dataset to be compressed.'),
    p('zset-max-listpack-value', '64', 'integer', '0-', true, 'immediate', 'The threshold of biggest sorted set entries in order for the dataset to be compressed.'),
  ],
});

/** Redis version of each family, to keep only the node types the family can run on. */
interface RedisFamilySpec {
  family: string;
  engine: 'redis' | 'valkey';
  minimumEngineVersion: string;
  parameters: ParameterDefinition[];
  /** 5.0 and later say "replica" in the node-type-specific buffer limits. */
  replicaNames: boolean;
  conditionallyModifiable: string[];
}

// "Modifiable: Yes if the parameter group is not associated with any cache clusters"
// (user guide, 3.2.4); Redis 7 made activerehashing unmodifiable.
const CONDITIONAL_3_2 = ['activerehashing', 'cluster-enabled', 'databases'];
const CONDITIONAL_7 = ['cluster-enabled', 'databases'];

const REDIS_FAMILIES: RedisFamilySpec[] = [
  { family: 'redis2.6', engine: 'redis', minimumEngineVersion: '2.6.13', parameters: REDIS_2_6, replicaNames: false, conditionallyModifiable: [] },
  { family: 'redis2.8', engine: 'redis', minimumEngineVersion: '2.8.6', parameters: REDIS_2_8, replicaNames: false, conditionallyModifiable: [] },
  { family: 'redis3.2', engine: 'redis', minimumEngineVersion: '3.2.4', parameters: REDIS_3_2, replicaNames: false, conditionallyModifiable: CONDITIONAL_3_2 },
  { family: 'redis4.0', engine: 'redis', minimumEngineVersion: '4.0.10', parameters: REDIS_4_0, replicaNames: false, conditionallyModifiable: CONDITIONAL_3_2 },
  { family: 'redis5.0', engine: 'redis', minimumEngineVersion: '5.0.0', parameters: REDIS_5_0, replicaNames: true, conditionallyModifiable: CONDITIONAL_3_2 },
  { family: 'redis6.x', engine: 'redis', minimumEngineVersion: '6.0.0', parameters: REDIS_6_X, replicaNames: true, conditionallyModifiable: CONDITIONAL_3_2 },
  { family: 'redis7', engine: 'redis', minimumEngineVersion: '7.0.0', parameters: REDIS_7, replicaNames: true, conditionallyModifiable: CONDITIONAL_7 },
  { family: 'valkey7', engine: 'valkey', minimumEngineVersion: '7.2.4', parameters: REDIS_7, replicaNames: true, conditionallyModifiable: CONDITIONAL_7 },
  { family: 'valkey8', engine: 'valkey', minimumEngineVersion: '8.0.0', parameters: REDIS_7, replicaNames: true, conditionallyModifiable: CONDITIONAL_7 },
];

// Highest Redis release of each family, to decide which node types it lists.
const FAMILY_TOP_REDIS_VERSION: Record<string, string> = {
  'redis2.6': '2.6.13',
  'redis2.8': '2.8.24',
  'redis3.2': '3.2.10',
  'redis4.0': '4.0.10',
  'redis5.0': '5.0.6',
  'redis6.x': '6.2.6',
  redis7: '7.1.0',
  valkey7: '7.2.6',
  valkey8: '8.0.1',
};

function nodeTypeSpecific(spec: RedisFamilySpec): NodeTypeSpecificDefinition[] {
  const role = spec.replicaNames ? 'replica' : 'slave';
  const Role = spec.replicaNames ? 'Replica' : 'Slave';
  const top = FAMILY_TOP_REDIS_VERSION[spec.family]!;
  const runsOn = (t: NodeTypeInfo) => spec.engine === 'valkey' || compareVersions(t.minimumRedisVersion, top) <= 0;
  return [
    {
      name: `client-output-buffer-limit-${role}-hard-limit`,
      dataType: 'integer',
      allowedValues: '0-',
      modifiable: false,
      changeType: 'immediate',
      description: `${Role} client output buffer hard limit in bytes.`,
      valueFor: (t) => (runsOn(t) ? String(t.replicaOutputBufferLimitBytes) : undefined),
    },
    {
      name: `client-output-buffer-limit-${role}-soft-limit`,
      dataType: 'integer',
      allowedValues: '0-',
      modifiable: false,
      changeType: 'immediate',
      description: `${Role} client output buffer soft limit in bytes.`,
      valueFor: (t) => (runsOn(t) ? String(t.replicaOutputBufferLimitBytes) : undefined),
    },
    {
      name: 'maxmemory',
      dataType: 'integer',
      allowedValues: '0-',
      modifiable: false,
      changeType: 'immediate',
      description: 'The maximum configurable amount of memory to use to store items, in bytes.',
      valueFor: (t) => (runsOn(t) ? String(t.memoryBytes) : undefined),
    },
  ];
}

export const REDIS_FAMILY_DEFAULTS: FamilyDefaults[] = REDIS_FAMILIES.map((spec) => ({
  family: spec.family,
  engine: spec.engine,
  minimumEngineVersion: spec.minimumEngineVersion,
  parameters: spec.parameters,
  nodeTypeSpecific: nodeTypeSpecific(spec),
  conditionallyModifiable: spec.conditionallyModifiable,
}));



