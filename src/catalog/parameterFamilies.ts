import type { CacheNodeTypeSpecificParameter, Parameter } from '@aws-sdk/client-elasticache';
import { MEMCACHED_FAMILY_DEFAULTS } from './memcachedParameters.js';
import { allNodeTypes } from './nodeTypes.js';
import type { FamilyDefaults, NodeTypeSpecificDefinition, ParameterDefinition } from './parameterTypes.js';
import { REDIS_FAMILY_DEFAULTS } from './redisParameters.js';

/** Every parameter group family, in the order the API documentation lists them. */
const FAMILIES: ReadonlyMap<string, FamilyDefaults> = new Map(
  [...MEMCACHED_FAMILY_DEFAULTS, ...REDIS_FAMILY_DEFAULTS].map((f) => [f.family, f]),
);

export function allFamilies(): string[] {
  return [...FAMILIES.keys()];
}

export function isValidFamily(family: string): boolean {
  return FAMILIES.has(family);
}

export function familyDefaults(family: string): FamilyDefaults | undefined {
  return FAMILIES.get(family);
}

/** Families that have a second default group for cluster mode enabled. */
const CLUSTER_ON_FAMILIES = new Set(['redis3.2', 'redis4.0', 'redis5.0', 'redis6.x', 'redis7', 'valkey7', 'valkey8']);

export interface DefaultGroupSpec {
  name: string;
  family: string;
  description: string;
  clusterEnabled: boolean;
}

/**
 * The default parameter groups present in every account and region: one per
 * family, plus "<name>.cluster.on" for the families that support cluster mode.
 */
export function defaultParameterGroupSpecs(): DefaultGroupSpec[] {
  return allFamilies().flatMap((family) => {
    const plain: DefaultGroupSpec = {
      name: `default.${family}`,
      family,
      description: `Default parameter group for ${family}`,
      clusterEnabled: false,
    };
    if (!CLUSTER_ON_FAMILIES.has(family)) return [plain];
    return [
      plain,
      {
        name: `default.${family}.cluster.on`,
        family,
        description: `Customized default parameter group for ${family} with cluster mode on`,
        clusterEnabled: true,
      },
    ];
  });
}

export function defaultParameterGroupSpec(name: string): DefaultGroupSpec | undefined {
  return defaultParameterGroupSpecs().find((g) => g.name === name);
}

export function isDefaultParameterGroupName(name: string): boolean {
  return name.startsWith('default.');
}

/** The values a default group differs from its family's engine defaults by. */
export function defaultGroupValues(spec: DefaultGroupSpec): Record<string, string> {
  return spec.clusterEnabled ? { 'cluster-enabled': 'yes' } : {};
}

/** The SDK `Parameter` for a definition with the group's current value. */
export function toParameter(
  family: FamilyDefaults,
  def: ParameterDefinition,
  value: string | undefined,
  source: string,
  modifiable = def.modifiable,
): Parameter {
  const out: Parameter = { ParameterName: def.name };
  if (value !== undefined && value !== '') out.ParameterValue = value;
  out.Description = def.description;
  out.Source = source;
  out.DataType = def.dataType;
  if (def.allowedValues !== undefined) out.AllowedValues = def.allowedValues;
  out.IsModifiable = modifiable;
  out.MinimumEngineVersion = def.minimumEngineVersion ?? family.minimumEngineVersion;
  out.ChangeType = def.changeType;
  return out;
}

/** The SDK `CacheNodeTypeSpecificParameter`, one value per node type the family runs on. */
export function toNodeTypeSpecificParameter(family: FamilyDefaults, def: NodeTypeSpecificDefinition, source: string): CacheNodeTypeSpecificParameter {
  const values = allNodeTypes()
    .map((t) => ({ CacheNodeType: t.nodeType, Value: def.valueFor(t) }))
    .filter((v): v is { CacheNodeType: string; Value: string } => v.Value !== undefined)
    .sort((a, b) => a.CacheNodeType.localeCompare(b.CacheNodeType));
  return {
    ParameterName: def.name,
    Description: def.description,
    Source: source,
    DataType: def.dataType,
    AllowedValues: def.allowedValues,
    IsModifiable: def.modifiable,
    MinimumEngineVersion: family.minimumEngineVersion,
    CacheNodeTypeSpecificValues: values,
    ChangeType: def.changeType,
  };
}
