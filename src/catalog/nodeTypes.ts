/**
 * The cache node types ElastiCache offers. Memory is ElastiCache's default
 * Redis `maxmemory` for the type (user guide, "Redis node-type specific
 * parameters"), Memcached memory its `max_cache_memory` in MiB ("Memcached
 * node-type specific parameters"); vCPUs and network performance follow the
 * EC2 instance each type runs on. m7g/r7g take the values of m6g/r6g, which
 * the guide lists with the same memory.
 */

export type NodeGeneration = 'current' | 'previous';

export interface NodeTypeInfo {
  /** e.g. cache.r6g.large */
  nodeType: string;
  /** e.g. r6g */
  family: string;
  /** e.g. large */
  size: string;
  generation: NodeGeneration;
  vcpus: number;
  /** Redis/Valkey maxmemory in bytes: what a node of this type can hold. */
  memoryBytes: number;
  /** Default client-output-buffer-limit-replica-{hard,soft}-limit in bytes. */
  replicaOutputBufferLimitBytes: number;
  /** Memcached max_cache_memory in MiB; undefined when Memcached cannot run on it. */
  memcachedMaxCacheMemoryMiB?: number;
  /** Memcached num_threads. */
  memcachedThreads: number;
  networkPerformance: string;
  /** Data tiering (r6gd): Redis/Valkey only, and only scales within its family. */
  dataTiering: boolean;
  /** Lowest Redis OSS version the type supports (Valkey supports all current types). */
  minimumRedisVersion: string;
}

type Row = [
  size: string,
  vcpus: number,
  maxmemory: number,
  memcachedMiB: number | undefined,
  network: string,
  replicaLimit?: number,
];

interface FamilySpec {
  family: string;
  generation: NodeGeneration;
  minimumRedisVersion: string;
  dataTiering?: boolean;
  rows: Row[];
}

const UP_TO_10 = 'Up to 10 Gigabit';
const UP_TO_12_5 = 'Up to 12.5 Gigabit';

const FAMILIES: FamilySpec[] = [
  {
    family: 't2',
    generation: 'current',
    minimumRedisVersion: '3.2.4',
    rows: [
      ['micro', 1, 581959680, 555, 'Low to moderate'],
      ['small', 1, 1665138688, 1588, 'Low to moderate'],
      ['medium', 2, 3461349376, 3301, 'Low to moderate'],
    ],
  },
  {
    family: 't3',
    generation: 'current',
    minimumRedisVersion: '3.2.4',
    rows: [
      ['micro', 2, 536870912, 512, 'Up to 5 Gigabit'],
      ['small', 2, 1471026299, 1402, 'Up to 5 Gigabit'],
      ['medium', 2, 3317862236, 3364, 'Up to 5 Gigabit'],
    ],
  },
  {
    family: 't4g',
    generation: 'current',
    minimumRedisVersion: '5.0.6',
    rows: [
      ['micro', 2, 536870912, 512, 'Up to 5 Gigabit'],
      ['small', 2, 1471026299, 1402, 'Up to 5 Gigabit'],
      ['medium', 2, 3317862236, 3164, 'Up to 5 Gigabit'],
    ],
  },
  {
    family: 'm4',
    generation: 'current',
    minimumRedisVersion: '3.2.4',
    rows: [
      ['large', 2, 6892593152, 6573, 'Moderate'],
      ['xlarge', 4, 11496376320, 11496, 'High'],
      ['2xlarge', 8, 31889126359, 30412, 'High'],
      ['4xlarge', 16, 65257290629, 62234, 'High'],
      ['10xlarge', 40, 166047614239, 158355, '10 Gigabit'],
    ],
  },
  {
    family: 'm5',
    generation: 'current',
    minimumRedisVersion: '3.2.4',
    rows: [
      ['large', 2, 6854542746, 6537, UP_TO_10],
      ['xlarge', 4, 13891921715, 13248, UP_TO_10],
      ['2xlarge', 8, 27966669210, 26671, UP_TO_10],
      ['4xlarge', 16, 56116178125, 53516, UP_TO_10],
      ['12xlarge', 48, 168715971994, 160900, '12 Gigabit'],
      ['24xlarge', 96, 337500562842, 321865, '25 Gigabit'],
    ],
  },
  {
    family: 'm6g',
    generation: 'current',
    minimumRedisVersion: '5.0.6',
    rows: [
      ['large', 2, 6854542746, 6537, UP_TO_10],
      ['xlarge', 4, 13891921715, 13248, UP_TO_10],
      ['2xlarge', 8, 27966669210, 26671, UP_TO_10],
      ['4xlarge', 16, 56116178125, 53516, UP_TO_10],
      ['8xlarge', 32, 111325552312, 107000, '12 Gigabit'],
      ['12xlarge', 48, 168715971994, 160900, '20 Gigabit'],
      ['16xlarge', 64, 225000375228, 214577, '25 Gigabit'],
    ],
  },
  {
    family: 'm7g',
    generation: 'current',
    minimumRedisVersion: '6.2.0',
    rows: [
      ['large', 2, 6854542746, 6537, UP_TO_12_5],
      ['xlarge', 4, 13891921715, 13248, UP_TO_12_5],
      ['2xlarge', 8, 27966669210, 26671, UP_TO_12_5],
      ['4xlarge', 16, 56116178125, 53516, UP_TO_12_5],
      ['8xlarge', 32, 111325552312, 107000, '15 Gigabit'],
      ['12xlarge', 48, 168715971994, 160900, '22.5 Gigabit'],
      ['16xlarge', 64, 225000375228, 214577, '30 Gigabit'],
    ],
  },
  {
    family: 'r4',
    generation: 'current',
    minimumRedisVersion: '3.2.4',
    rows: [
      ['large', 2, 13201781556, 12590, UP_TO_10],
      ['xlarge', 4, 26898228839, 25652, UP_TO_10],
      ['2xlarge', 8, 54197537997, 51686, UP_TO_10],
      ['4xlarge', 16, 108858546586, 103815, UP_TO_10],
      ['8xlarge', 32, 218255432090, 208144, '12 Gigabit'],
      ['16xlarge', 64, 437021573120, 416776, '25 Gigabit'],
    ],
  },
  {
    family: 'r5',
    generation: 'current',
    minimumRedisVersion: '3.2.4',
    rows: [
      ['large', 2, 14037181030, 13387, UP_TO_10],
      ['xlarge', 4, 28261849702, 26953, UP_TO_10],
      ['2xlarge', 8, 56711183565, 54084, UP_TO_10],
      ['4xlarge', 16, 113609865216, 108347, UP_TO_10],
      ['12xlarge', 48, 341206346547, 325400, '12 Gigabit'],
      ['24xlarge', 96, 682485973811, 650869, '25 Gigabit'],
    ],
  },
  {
    family: 'r6g',
    generation: 'current',
    minimumRedisVersion: '5.0.6',
    rows: [
      ['large', 2, 14037181030, 13387, UP_TO_10],
      ['xlarge', 4, 28261849702, 26953, UP_TO_10],
      ['2xlarge', 8, 56711183565, 54084, UP_TO_10],
      ['4xlarge', 16, 113609865216, 108347, UP_TO_10],
      ['8xlarge', 32, 225000375228, 214577, '12 Gigabit'],
      ['12xlarge', 48, 341206346547, 325400, '20 Gigabit'],
      ['16xlarge', 64, 450000750456, 429154, '25 Gigabit'],
    ],
  },
  {
    family: 'r6gd',
    generation: 'current',
    minimumRedisVersion: '6.2.0',
    dataTiering: true,
    rows: [
      ['xlarge', 4, 28261849702, undefined, UP_TO_10],
      ['2xlarge', 8, 56711183565, undefined, UP_TO_10],
      ['4xlarge', 16, 113609865216, undefined, UP_TO_10],
      ['8xlarge', 32, 225000375228, undefined, '12 Gigabit'],
      ['12xlarge', 48, 341206346547, undefined, '20 Gigabit'],
      ['16xlarge', 64, 450000750456, undefined, '25 Gigabit'],
    ],
  },
  {
    family: 'r7g',
    generation: 'current',
    minimumRedisVersion: '6.2.0',
    rows: [
      ['large', 2, 14037181030, 13387, UP_TO_12_5],
      ['xlarge', 4, 28261849702, 26953, UP_TO_12_5],
      ['2xlarge', 8, 56711183565, 54084, UP_TO_12_5],
      ['4xlarge', 16, 113609865216, 108347, UP_TO_12_5],
      ['8xlarge', 32, 225000375228, 214577, '15 Gigabit'],
      ['12xlarge', 48, 341206346547, 325400, '22.5 Gigabit'],
      ['16xlarge', 64, 450000750456, 429154, '30 Gigabit'],
    ],
  },
  // Previous generation: still accepted by the API and listed by
  // ListAllowedNodeTypeModifications; their replica buffer limits are not
  // maxmemory/10, so the guide's values are kept.
  {
    family: 't1',
    generation: 'previous',
    minimumRedisVersion: '2.6.13',
    rows: [['micro', 1, 142606336, 213, 'Very Low', 14260633]],
  },
  {
    family: 'm1',
    generation: 'previous',
    minimumRedisVersion: '2.6.13',
    rows: [
      ['small', 1, 943718400, 1301, 'Low', 94371840],
      ['medium', 1, 3093299200, 3350, 'Moderate', 309329920],
      ['large', 2, 7025459200, 7100, 'Moderate', 702545920],
      ['xlarge', 4, 14889779200, 14600, 'High', 1488977920],
    ],
  },
  {
    family: 'm2',
    generation: 'previous',
    minimumRedisVersion: '2.6.13',
    rows: [
      ['xlarge', 2, 17091788800, 33800, 'Moderate', 1709178880],
      ['2xlarge', 4, 35022438400, 30412, 'Moderate', 3502243840],
      ['4xlarge', 8, 70883737600, 68000, 'High', 7088373760],
    ],
  },
  {
    family: 'm3',
    generation: 'previous',
    minimumRedisVersion: '2.6.13',
    rows: [
      ['medium', 1, 2988441600, 2850, 'Moderate', 309329920],
      ['large', 2, 6501171200, 6200, 'Moderate', 650117120],
      ['xlarge', 4, 14260633600, 13600, 'High', 1426063360],
      ['2xlarge', 8, 29989273600, 28600, 'High', 2998927360],
    ],
  },
  {
    family: 'c1',
    generation: 'previous',
    minimumRedisVersion: '2.6.13',
    rows: [['xlarge', 8, 6501171200, 6600, 'High', 650117120]],
  },
  {
    family: 'r3',
    generation: 'previous',
    minimumRedisVersion: '2.6.13',
    rows: [
      ['large', 2, 14470348800, 13800, 'Moderate', 1468006400],
      ['xlarge', 4, 30513561600, 29100, 'Moderate', 3040870400],
      ['2xlarge', 8, 62495129600, 59600, 'High', 6081740800],
      ['4xlarge', 16, 126458265600, 120600, 'High', 12268339200],
      ['8xlarge', 32, 254384537600, 120600, '10 Gigabit', 24536678400],
    ],
  },
];

const NODE_TYPES: ReadonlyMap<string, NodeTypeInfo> = new Map(
  FAMILIES.flatMap((f) =>
    f.rows.map(([size, vcpus, maxmemory, memcachedMiB, network, replicaLimit]): [string, NodeTypeInfo] => {
      const nodeType = `cache.${f.family}.${size}`;
      return [
        nodeType,
        {
          nodeType,
          family: f.family,
          size,
          generation: f.generation,
          vcpus,
          memoryBytes: maxmemory,
          replicaOutputBufferLimitBytes: replicaLimit ?? Math.round(maxmemory / 10),
          memcachedMaxCacheMemoryMiB: memcachedMiB,
          memcachedThreads: vcpus,
          networkPerformance: network,
          dataTiering: f.dataTiering ?? false,
          minimumRedisVersion: f.minimumRedisVersion,
        },
      ];
    }),
  ),
);

/** Every node type, in catalog order (family, then size). */
export function allNodeTypes(): NodeTypeInfo[] {
  return [...NODE_TYPES.values()];
}

export function nodeTypeInfo(nodeType: string): NodeTypeInfo | undefined {
  return NODE_TYPES.get(nodeType);
}

export function isValidNodeType(nodeType: string): boolean {
  return NODE_TYPES.has(nodeType);
}

/** Whether a node type can run an engine (Memcached cannot run on data-tiering types). */
export function nodeTypeSupportsEngine(nodeType: string, engine: string): boolean {
  const info = NODE_TYPES.get(nodeType);
  if (!info) return false;
  if (engine === 'memcached') return info.memcachedMaxCacheMemoryMiB !== undefined;
  return true;
}
