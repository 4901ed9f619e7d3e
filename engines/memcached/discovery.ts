// ElastiCache Auto Discovery. Every node of a cluster answers
//   config get cluster            -> CONFIG cluster 0 <bytes>\r\n<payload>\r\nEND\r\n
//   get AmazonElastiCache:cluster -> VALUE AmazonElastiCache:cluster 0 <bytes>\r\n<payload>\r\nEND\r\n
// where <payload> is "<version>\n<host>|<ip>|<port> ...\n" and <bytes> is its
// length (the trailing "\n" is part of the payload; the "\r\n" is not), as
// captured from real clusters ("CONFIG cluster 0 74" for a one-node payload of
// 74 bytes).

export interface ClusterNodeInfo { host: string; ip: string; port: number }
export interface ClusterConfig { version: number; nodes: ClusterNodeInfo[] }

export const LEGACY_DISCOVERY_KEY = 'AmazonElastiCache:cluster';

export function discoveryPayload(cfg: ClusterConfig): string {
  const nodes = cfg.nodes.map((n) => `${n.host}|${n.ip}|${n.port}`).join(' ');
  return `${cfg.version}\n${nodes}\n`;
}

export function configGetClusterReply(cfg: ClusterConfig): string {
  const payload = discoveryPayload(cfg);
  return `CONFIG cluster 0 ${Buffer.byteLength(payload, 'latin1')}\r\n${payload}\r\nEND\r\n`;
}

/** The VALUE block (without END) for the legacy key. */
export function legacyDiscoveryValue(cfg: ClusterConfig): string {
  const payload = discoveryPayload(cfg);
  return `VALUE ${LEGACY_DISCOVERY_KEY} 0 ${payload.length}\r\n${payload}\r\n`;
}
