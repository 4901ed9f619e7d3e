// Public entry point of the Memcached engine. The control plane imports only
// from here.
export {
  MemcachedServer,
  DEFAULT_MAX_ITEM_SIZE,
  DEFAULT_MAX_MEMORY,
  DEFAULT_VERSION,
  type MemcachedServerOptions,
  type MemcachedConfigChange,
} from './server.js';
export type { ClusterConfig, ClusterNodeInfo } from './discovery.js';
export { configGetClusterReply, discoveryPayload } from './discovery.js';
