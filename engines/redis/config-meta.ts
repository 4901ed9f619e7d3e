// GENERATED from redis 7.0.15 src/config.c static_configs[]: type, alias, range, flags.
export interface ConfigMeta { kind: string; alias?: string; min?: string; max?: string; memory?: boolean; values?: string[]; flags?: string[] }
export const CONFIG_META: Record<string, ConfigMeta> = {
"rdbchecksum": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"daemonize": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"io-threads-do-reads": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG",
"IMMUTABLE_CONFIG"
]
},
"always-show-logo": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"protected-mode": {
"kind": "Bool"
},
"rdbcompression": {
"kind": "Bool"
},
"rdb-del-sync-files": {
"kind": "Bool"
},
"activerehashing": {
"kind": "Bool"
},
"stop-writes-on-bgsave-error": {
"kind": "Bool"
},
"set-proc-title": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"dynamic-hz": {
"kind": "Bool"
},
"lazyfree-lazy-eviction": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"lazyfree-lazy-expire": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"lazyfree-lazy-server-del": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"lazyfree-lazy-user-del": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"lazyfree-lazy-user-flush": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"repl-disable-tcp-nodelay": {
"kind": "Bool"
},
"repl-diskless-sync": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"aof-rewrite-incremental-fsync": {
"kind": "Bool"
},
"no-appendfsync-on-rewrite": {
"kind": "Bool"
},
"cluster-require-full-coverage": {
"kind": "Bool"
},
"rdb-save-incremental-fsync": {
"kind": "Bool"
},
"aof-load-truncated": {
"kind": "Bool"
},
"aof-use-rdb-preamble": {
"kind": "Bool"
},
"aof-timestamp-enabled": {
"kind": "Bool"
},
"cluster-replica-no-failover": {
"kind": "Bool",
"alias": "cluster-slave-no-failover"
},
"replica-lazy-flush": {
"kind": "Bool",
"alias": "slave-lazy-flush"
},
"replica-serve-stale-data": {
"kind": "Bool",
"alias": "slave-serve-stale-data"
},
"replica-read-only": {
"kind": "Bool",
"alias": "slave-read-only",
"flags": [
"DEBUG_CONFIG"
]
},
"replica-ignore-maxmemory": {
"kind": "Bool",
"alias": "slave-ignore-maxmemory"
},
"jemalloc-bg-thread": {
"kind": "Bool"
},
"activedefrag": {
"kind": "Bool",
"flags": [
"DEBUG_CONFIG"
]
},
"syslog-enabled": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"cluster-enabled": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"appendonly": {
"kind": "Bool"
},
"cluster-allow-reads-when-down": {
"kind": "Bool"
},
"cluster-allow-pubsubshard-when-down": {
"kind": "Bool"
},
"crash-log-enabled": {
"kind": "Bool"
},
"crash-memcheck-enabled": {
"kind": "Bool"
},
"use-exit-on-panic": {
"kind": "Bool",
"flags": [
"HIDDEN_CONFIG"
]
},
"disable-thp": {
"kind": "Bool",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"cluster-allow-replica-migration": {
"kind": "Bool"
},
"replica-announced": {
"kind": "Bool"
},
"latency-tracking": {
"kind": "Bool"
},
"aof-disable-auto-gc": {
"kind": "Bool"
},
"replica-ignore-disk-write-errors": {
"kind": "Bool"
},
"aclfile": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"unixsocket": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"pidfile": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"replica-announce-ip": {
"kind": "String",
"alias": "slave-announce-ip"
},
"masteruser": {
"kind": "String",
"flags": [
"SENSITIVE_CONFIG"
]
},
"cluster-announce-ip": {
"kind": "String"
},
"cluster-config-file": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"cluster-announce-hostname": {
"kind": "String"
},
"syslog-ident": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"dbfilename": {
"kind": "String",
"flags": [
"PROTECTED_CONFIG"
]
},
"appendfilename": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"appenddirname": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"server_cpulist": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"bio_cpulist": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"aof_rewrite_cpulist": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"bgsave_cpulist": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"ignore-warnings": {
"kind": "String"
},
"proc-title-template": {
"kind": "String"
},
"bind-source-addr": {
"kind": "String"
},
"logfile": {
"kind": "String",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"masterauth": {
"kind": "SDS",
"flags": [
"SENSITIVE_CONFIG"
]
},
"requirepass": {
"kind": "SDS",
"flags": [
"SENSITIVE_CONFIG"
]
},
"supervised": {
"kind": "Enum",
"values": [
"upstart",
"systemd",
"auto",
"no"
],
"flags": [
"IMMUTABLE_CONFIG"
]
},
"syslog-facility": {
"kind": "Enum",
"values": [
"user",
"local0",
"local1",
"local2",
"local3",
"local4",
"local5",
"local6",
"local7"
],
"flags": [
"IMMUTABLE_CONFIG"
]
},
"repl-diskless-load": {
"kind": "Enum",
"values": [
"disabled",
"on-empty-db",
"swapdb"
],
"flags": [
"DEBUG_CONFIG"
]
},
"loglevel": {
"kind": "Enum",
"values": [
"debug",
"verbose",
"notice",
"warning"
]
},
"maxmemory-policy": {
"kind": "Enum",
"values": [
"volatile-lru",
"volatile-lfu",
"volatile-random",
"volatile-ttl",
"allkeys-lru",
"allkeys-lfu",
"allkeys-random",
"noeviction"
]
},
"appendfsync": {
"kind": "Enum",
"values": [
"everysec",
"always",
"no"
]
},
"oom-score-adj": {
"kind": "Enum",
"values": [
"no",
"yes",
"relative",
"absolute"
]
},
"acl-pubsub-default": {
"kind": "Enum",
"values": [
"allchannels",
"resetchannels"
]
},
"sanitize-dump-payload": {
"kind": "Enum",
"values": [
"no",
"yes",
"clients"
],
"flags": [
"DEBUG_CONFIG"
]
},
"enable-protected-configs": {
"kind": "Enum",
"values": [
"no",
"yes",
"local"
],
"flags": [
"IMMUTABLE_CONFIG"
]
},
"enable-debug-command": {
"kind": "Enum",
"values": [
"no",
"yes",
"local"
],
"flags": [
"IMMUTABLE_CONFIG"
]
},
"enable-module-command": {
"kind": "Enum",
"values": [
"no",
"yes",
"local"
],
"flags": [
"IMMUTABLE_CONFIG"
]
},
"cluster-preferred-endpoint-type": {
"kind": "Enum",
"values": [
"ip",
"hostname",
"unknown-endpoint"
]
},
"propagation-error-behavior": {
"kind": "Enum",
"values": [
"ignore",
"panic",
"panic-on-replicas"
]
},
"shutdown-on-sigint": {
"kind": "Enum",
"values": [
"default",
"save",
"nosave",
"now",
"force"
]
},
"shutdown-on-sigterm": {
"kind": "Enum",
"values": [
"default",
"save",
"nosave",
"now",
"force"
]
},
"databases": {
"kind": "Int",
"min": "1",
"max": "2147483647",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"port": {
"kind": "Int",
"min": "0",
"max": "65535"
},
"io-threads": {
"kind": "Int",
"min": "1",
"max": "128",
"flags": [
"DEBUG_CONFIG",
"IMMUTABLE_CONFIG"
]
},
"auto-aof-rewrite-percentage": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"cluster-replica-validity-factor": {
"kind": "Int",
"alias": "cluster-slave-validity-factor",
"min": "0",
"max": "2147483647"
},
"list-max-listpack-size": {
"kind": "Int",
"alias": "list-max-ziplist-size",
"min": "-2147483648",
"max": "2147483647"
},
"tcp-keepalive": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"cluster-migration-barrier": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"active-defrag-cycle-min": {
"kind": "Int",
"min": "1",
"max": "99"
},
"active-defrag-cycle-max": {
"kind": "Int",
"min": "1",
"max": "99"
},
"active-defrag-threshold-lower": {
"kind": "Int",
"min": "0",
"max": "1000"
},
"active-defrag-threshold-upper": {
"kind": "Int",
"min": "0",
"max": "1000"
},
"lfu-log-factor": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"lfu-decay-time": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"replica-priority": {
"kind": "Int",
"alias": "slave-priority",
"min": "0",
"max": "2147483647"
},
"repl-diskless-sync-delay": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"maxmemory-samples": {
"kind": "Int",
"min": "1",
"max": "2147483647"
},
"maxmemory-eviction-tenacity": {
"kind": "Int",
"min": "0",
"max": "100"
},
"timeout": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"replica-announce-port": {
"kind": "Int",
"alias": "slave-announce-port",
"min": "0",
"max": "65535"
},
"tcp-backlog": {
"kind": "Int",
"min": "0",
"max": "2147483647",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"cluster-port": {
"kind": "Int",
"min": "0",
"max": "65535",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"cluster-announce-bus-port": {
"kind": "Int",
"min": "0",
"max": "65535"
},
"cluster-announce-port": {
"kind": "Int",
"min": "0",
"max": "65535"
},
"cluster-announce-tls-port": {
"kind": "Int",
"min": "0",
"max": "65535"
},
"repl-timeout": {
"kind": "Int",
"min": "1",
"max": "2147483647"
},
"repl-ping-replica-period": {
"kind": "Int",
"alias": "repl-ping-slave-period",
"min": "1",
"max": "2147483647"
},
"list-compress-depth": {
"kind": "Int",
"min": "0",
"max": "2147483647",
"flags": [
"DEBUG_CONFIG"
]
},
"rdb-key-save-delay": {
"kind": "Int",
"min": "-2147483648",
"max": "2147483647",
"flags": [
"HIDDEN_CONFIG"
]
},
"key-load-delay": {
"kind": "Int",
"min": "-2147483648",
"max": "2147483647",
"flags": [
"HIDDEN_CONFIG"
]
},
"active-expire-effort": {
"kind": "Int",
"min": "1",
"max": "10"
},
"hz": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"min-replicas-to-write": {
"kind": "Int",
"alias": "min-slaves-to-write",
"min": "0",
"max": "2147483647"
},
"min-replicas-max-lag": {
"kind": "Int",
"alias": "min-slaves-max-lag",
"min": "0",
"max": "2147483647"
},
"watchdog-period": {
"kind": "Int",
"min": "0",
"max": "2147483647",
"flags": [
"HIDDEN_CONFIG"
]
},
"shutdown-timeout": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"repl-diskless-sync-max-replicas": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"maxclients": {
"kind": "UInt",
"min": "1",
"max": "4294967295"
},
"unixsocketperm": {
"kind": "UInt",
"min": "0",
"max": "511",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"socket-mark-id": {
"kind": "UInt",
"min": "0",
"max": "4294967295",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"active-defrag-max-scan-fields": {
"kind": "ULong",
"min": "1",
"max": "9223372036854775807"
},
"slowlog-max-len": {
"kind": "ULong",
"min": "0",
"max": "9223372036854775807"
},
"acllog-max-len": {
"kind": "ULong",
"min": "0",
"max": "9223372036854775807"
},
"busy-reply-threshold": {
"kind": "LongLong",
"alias": "lua-time-limit",
"min": "0",
"max": "9223372036854775807"
},
"cluster-node-timeout": {
"kind": "LongLong",
"min": "0",
"max": "9223372036854775807"
},
"slowlog-log-slower-than": {
"kind": "LongLong",
"min": "-1",
"max": "9223372036854775807"
},
"latency-monitor-threshold": {
"kind": "LongLong",
"min": "0",
"max": "9223372036854775807"
},
"proto-max-bulk-len": {
"kind": "LongLong",
"min": "1048576",
"max": "9223372036854775807",
"memory": true,
"flags": [
"DEBUG_CONFIG"
]
},
"stream-node-max-entries": {
"kind": "LongLong",
"min": "0",
"max": "9223372036854775807"
},
"repl-backlog-size": {
"kind": "LongLong",
"min": "1",
"max": "9223372036854775807",
"memory": true
},
"maxmemory": {
"kind": "ULongLong",
"min": "0",
"max": "18446744073709551615",
"memory": true
},
"cluster-link-sendbuf-limit": {
"kind": "ULongLong",
"min": "0",
"max": "18446744073709551615",
"memory": true
},
"hash-max-listpack-entries": {
"kind": "SizeT",
"alias": "hash-max-ziplist-entries",
"min": "0",
"max": "9223372036854775807"
},
"set-max-intset-entries": {
"kind": "SizeT",
"min": "0",
"max": "9223372036854775807"
},
"zset-max-listpack-entries": {
"kind": "SizeT",
"alias": "zset-max-ziplist-entries",
"min": "0",
"max": "9223372036854775807"
},
"active-defrag-ignore-bytes": {
"kind": "SizeT",
"min": "1",
"max": "9223372036854775807",
"memory": true
},
"hash-max-listpack-value": {
"kind": "SizeT",
"alias": "hash-max-ziplist-value",
"min": "0",
"max": "9223372036854775807",
"memory": true
},
"stream-node-max-bytes": {
"kind": "SizeT",
"min": "0",
"max": "9223372036854775807",
"memory": true
},
"zset-max-listpack-value": {
"kind": "SizeT",
"alias": "zset-max-ziplist-value",
"min": "0",
"max": "9223372036854775807",
"memory": true
},
"hll-sparse-max-bytes": {
"kind": "SizeT",
"min": "0",
"max": "9223372036854775807",
"memory": true
},
"tracking-table-max-keys": {
"kind": "SizeT",
"min": "0",
"max": "9223372036854775807"
},
"client-query-buffer-limit": {
"kind": "SizeT",
"min": "1048576",
"max": "9223372036854775807",
"memory": true,
"flags": [
"DEBUG_CONFIG"
]
},
"maxmemory-clients": {
"kind": "SSizeT",
"min": "-100",
"max": "9223372036854775807",
"memory": true
},
"repl-backlog-ttl": {
"kind": "TimeT",
"min": "0",
"max": "9223372036854775807"
},
"auto-aof-rewrite-min-size": {
"kind": "OffT",
"min": "0",
"max": "9223372036854775807",
"memory": true
},
"loading-process-events-interval-bytes": {
"kind": "OffT",
"min": "1024",
"max": "2147483647",
"flags": [
"HIDDEN_CONFIG"
]
},
"tls-port": {
"kind": "Int",
"min": "0",
"max": "65535"
},
"tls-session-cache-size": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"tls-session-cache-timeout": {
"kind": "Int",
"min": "0",
"max": "2147483647"
},
"tls-cluster": {
"kind": "Bool"
},
"tls-replication": {
"kind": "Bool"
},
"tls-auth-clients": {
"kind": "Enum",
"values": [
"no",
"yes",
"optional"
]
},
"tls-prefer-server-ciphers": {
"kind": "Bool"
},
"tls-session-caching": {
"kind": "Bool"
},
"tls-cert-file": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-key-file": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-key-file-pass": {
"kind": "String"
},
"tls-client-cert-file": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-client-key-file": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-client-key-file-pass": {
"kind": "String"
},
"tls-dh-params-file": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-ca-cert-file": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-ca-cert-dir": {
"kind": "String",
"flags": [
"VOLATILE_CONFIG"
]
},
"tls-protocols": {
"kind": "String"
},
"tls-ciphers": {
"kind": "String"
},
"tls-ciphersuites": {
"kind": "String"
},
"dir": {
"kind": "Special",
"flags": [
"PROTECTED_CONFIG"
]
},
"save": {
"kind": "Special"
},
"client-output-buffer-limit": {
"kind": "Special"
},
"oom-score-adj-values": {
"kind": "Special"
},
"notify-keyspace-events": {
"kind": "Special"
},
"bind": {
"kind": "Special"
},
"replicaof": {
"kind": "Special",
"alias": "slaveof",
"flags": [
"IMMUTABLE_CONFIG"
]
},
"latency-tracking-info-percentiles": {
"kind": "Special"
}
};
