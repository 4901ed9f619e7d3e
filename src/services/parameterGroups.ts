import type {
  CacheCluster,
  ChangeType,
  CacheNodeTypeSpecificParameter,
  CacheParameterGroup,
  CacheParameterGroupDetails,
  CacheParameterGroupNameMessage,
  CacheParameterGroupsMessage,
  CreateCacheParameterGroupMessage,
  CreateCacheParameterGroupResult,
  DeleteCacheParameterGroupMessage,
  DescribeCacheParameterGroupsMessage,
  DescribeCacheParametersMessage,
  DescribeEngineDefaultParametersMessage,
  DescribeEngineDefaultParametersResult,
  ModifyCacheParameterGroupMessage,
  Parameter,
  ParameterNameValue,
  ResetCacheParameterGroupMessage,
} from '@aws-sdk/client-elasticache';
import { ApiError, invalidParameterCombination, invalidParameterValue, missingParameter } from '../api/errors.js';
import { familyForEngineVersion } from '../catalog/engineVersions.js';
import { nodeTypeInfo } from '../catalog/nodeTypes.js';
import {
  allFamilies,
  defaultGroupValues,
  defaultParameterGroupSpec,
  defaultParameterGroupSpecs,
  familyDefaults,
  isDefaultParameterGroupName,
  toNodeTypeSpecificParameter,
  toParameter,
} from '../catalog/parameterFamilies.js';
import type { FamilyDefaults, ParameterDefinition } from '../catalog/parameterTypes.js';
import { checkParameterValue } from '../catalog/parameterValues.js';
import type { RequestContext } from '../env.js';
import type { Scope } from '../store/db.js';
import { makeArn } from './arn.js';
import type { Handler, HandlerMap } from './handler.js';
import { paginate } from './paging.js';
import { deleteTags, storeTags, validateTags } from './resourceTagging.js';

/** Custom parameter groups per account and region (ElastiCache's default quota). */
export const PARAMETER_GROUP_QUOTA = 150;
/** ModifyCacheParameterGroup takes at most 20 parameters per call. */
const MAX_PARAMETERS_PER_MODIFY = 20;

const KIND = 'cache-parameter-group';

/** A custom group as stored: the SDK shape plus the values the user set. */
interface StoredParameterGroup {
  group: CacheParameterGroup;
  /** Parameter name → value set by ModifyCacheParameterGroup (cleared by Reset). */
  userValues: Record<string, string>;
}

/** A parameter group, default (synthesized) or custom (stored). */
export interface ResolvedParameterGroup {
  group: CacheParameterGroup;
  family: FamilyDefaults;
  isDefault: boolean;
  /** Values that differ from the engine defaults because the group itself sets them (cluster.on). */
  groupValues: Record<string, string>;
  userValues: Record<string, string>;
}

const collection = (ctx: RequestContext) => ctx.env.store.collection<StoredParameterGroup>(KIND);

// ---------------------------------------------------------------------------
// Hooks for the cache-cluster owner

/** Says whether any cluster uses the group; DeleteCacheParameterGroup refuses then. */
export type ParameterGroupInUseChecker = (ctx: RequestContext, groupName: string) => boolean;

/** By default, a group is in use when a stored CacheCluster names it. */
const clustersUsingGroup: ParameterGroupInUseChecker = (ctx, groupName) =>
  ctx.env.store
    .collection<CacheCluster>('cache-cluster')
    .list(ctx)
    .some((c) => c.CacheParameterGroup?.CacheParameterGroupName === groupName);

let inUseChecker: ParameterGroupInUseChecker = clustersUsingGroup;

export function setParameterGroupInUseChecker(fn: ParameterGroupInUseChecker | undefined): void {
  inUseChecker = fn ?? clustersUsingGroup;
}

/** One parameter whose effective value a Modify/Reset changed. */
export interface ChangedParameter {
  name: string;
  /** The new effective value (the default again after a reset); undefined when it is empty. */
  value: string | undefined;
  /** requires-reboot changes wait for a reboot (ParameterApplyStatus pending-reboot). */
  changeType: ChangeType;
}

/**
 * Called after Modify/Reset changed a custom group, so the cluster owner can
 * apply "immediate" changes to live nodes and mark the others pending-reboot.
 */
export type ParameterGroupChangeListener = (
  ctx: RequestContext,
  change: { groupName: string; changed: ChangedParameter[]; effective: Record<string, string> },
) => void | Promise<void>;

let changeListener: ParameterGroupChangeListener | undefined;

export function setParameterGroupChangeListener(fn: ParameterGroupChangeListener | undefined): void {
  changeListener = fn;
}

// ---------------------------------------------------------------------------
// Lookups other services use

function notFound(name: string): ApiError {
  return new ApiError('CacheParameterGroupNotFoundFault', `CacheParameterGroup not found: ${name}`);
}

function groupShape(scope: Scope, name: string, family: string, description: string): CacheParameterGroup {
  return {
    CacheParameterGroupName: name,
    CacheParameterGroupFamily: family,
    Description: description,
    IsGlobal: false,
    ARN: makeArn(scope, 'parametergroup', name),
  };
}

/** The group by name, or undefined. Default groups exist everywhere without being stored. */
export function findParameterGroup(ctx: RequestContext, name: string): ResolvedParameterGroup | undefined {
  const spec = defaultParameterGroupSpec(name);
  if (spec) {
    return {
      group: groupShape(ctx, spec.name, spec.family, spec.description),
      family: familyDefaults(spec.family)!,
      isDefault: true,
      groupValues: defaultGroupValues(spec),
      userValues: {},
    };
  }
  const stored = collection(ctx).get(ctx, name.toLowerCase());
  if (!stored) return undefined;
  return {
    group: stored.group,
    family: familyDefaults(stored.group.CacheParameterGroupFamily!)!,
    isDefault: false,
    groupValues: {},
    userValues: stored.userValues,
  };
}

/** The group by name; CacheParameterGroupNotFound when there is none. */
export function resolveParameterGroup(ctx: RequestContext, name: string): ResolvedParameterGroup {
  const group = findParameterGroup(ctx, name);
  if (!group) throw notFound(name);
  return group;
}

/**
 * For CreateCacheCluster/CreateReplicationGroup/Modify*: the named group must
 * exist and be of the engine version's family, as ElastiCache checks.
 */
export function assertParameterGroupFamily(ctx: RequestContext, name: string, expectedFamily: string): ResolvedParameterGroup {
  const group = resolveParameterGroup(ctx, name);
  const actual = group.group.CacheParameterGroupFamily;
  if (actual !== expectedFamily) {
    throw invalidParameterCombination(`Expected a parameter group of family ${expectedFamily} but found one of family ${actual}`);
  }
  return group;
}

/**
 * The engine parameters to apply on a node: every parameter of the group with
 * its effective value (user value, else the group's, else the engine default),
 * plus the node-type-specific ones (maxmemory, max_cache_memory, ...) when
 * `nodeType` is given. Parameters without a value are left out.
 */
export function effectiveParameters(ctx: RequestContext, groupName: string, nodeType?: string): Record<string, string> {
  const group = resolveParameterGroup(ctx, groupName);
  const out: Record<string, string> = {};
  for (const def of group.family.parameters) {
    const value = effectiveValue(group, def);
    if (value !== undefined && value !== '') out[def.name] = value;
  }
  const info = nodeType ? nodeTypeInfo(nodeType) : undefined;
  if (info) {
    for (const def of group.family.nodeTypeSpecific) {
      const value = def.valueFor(info);
      if (value !== undefined) out[def.name] = value;
    }
  }
  return out;
}

/** The default group a new cluster gets: default.<family>, or its .cluster.on twin. */
export function defaultParameterGroupFor(engine: string, engineVersion: string, clusterModeEnabled: boolean): string | undefined {
  const family = familyForEngineVersion(engine, engineVersion);
  if (!family) return undefined;
  const clusterOn = `default.${family}.cluster.on`;
  if (clusterModeEnabled && defaultParameterGroupSpec(clusterOn)) return clusterOn;
  return `default.${family}`;
}

/**
 * Custom groups may also change the family's conditionally modifiable
 * parameters (cluster-enabled, databases, ...), which the engine defaults and
 * default groups list as not modifiable.
 */
function isModifiableIn(group: ResolvedParameterGroup, def: ParameterDefinition): boolean {
  return def.modifiable || (!group.isDefault && group.family.conditionallyModifiable.includes(def.name));
}

/**
 * The Source DescribeCacheParameters reports: in a custom group every
 * parameter the user may set is "user" and the rest "system"; in a default
 * group everything is "system".
 */
function sourceIn(group: ResolvedParameterGroup, def: ParameterDefinition): 'user' | 'system' {
  return isModifiableIn(group, def) && !group.isDefault ? 'user' : 'system';
}

function effectiveValue(group: ResolvedParameterGroup, def: ParameterDefinition): string | undefined {
  return group.userValues[def.name] ?? group.groupValues[def.name] ?? def.value;
}

// ---------------------------------------------------------------------------
// Validation

// 1-255 characters: a letter first, then letters, digits and single hyphens, not ending with one.
const GROUP_NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*$/;

function validateGroupName(name: string): void {
  if (name.length > 255 || !GROUP_NAME.test(name) || name.endsWith('-')) {
    throw invalidParameterValue(
      `Invalid parameter group name: ${name}. Parameter group names must be 1 to 255 alphanumeric characters or hyphens, begin with a letter, and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
}

function validateFamily(family: string): FamilyDefaults {
  const defaults = familyDefaults(family);
  if (!defaults) {
    throw invalidParameterValue(
      `The parameter CacheParameterGroupFamily is not a valid family: ${family}. Valid values are: ${allFamilies().join(', ')}`,
    );
  }
  return defaults;
}

function customGroupOrThrow(ctx: RequestContext, name: string | undefined, action: 'modify' | 'reset'): ResolvedParameterGroup {
  if (!name) throw missingParameter('CacheParameterGroupName');
  const group = resolveParameterGroup(ctx, name);
  if (group.isDefault) {
    throw invalidParameterValue(`Cannot ${action} a default parameter group: ${name}`);
  }
  return group;
}

function definitionOrThrow(group: ResolvedParameterGroup, name: string | undefined): ParameterDefinition {
  if (!name) throw invalidParameterValue('ParameterName must be provided for every entry of ParameterNameValues.');
  const def = group.family.parameters.find((d) => d.name === name);
  if (def) return def;
  if (group.family.nodeTypeSpecific.some((d) => d.name === name)) {
    throw invalidParameterValue(`Parameter ${name} is not modifiable.`);
  }
  throw invalidParameterValue(
    `Parameter ${name} is not a valid parameter for the cache parameter group family ${group.family.family}.`,
  );
}

// ---------------------------------------------------------------------------
// Handlers

const createCacheParameterGroup: Handler<CreateCacheParameterGroupMessage, CreateCacheParameterGroupResult> = (input, ctx) => {
  if (!input.CacheParameterGroupName) throw missingParameter('CacheParameterGroupName');
  if (!input.CacheParameterGroupFamily) throw missingParameter('CacheParameterGroupFamily');
  if (input.Description === undefined) throw missingParameter('Description');
  validateGroupName(input.CacheParameterGroupName);
  const family = validateFamily(input.CacheParameterGroupFamily);
  validateTags(input.Tags);

  // ElastiCache keeps parameter group names in lower case.
  const name = input.CacheParameterGroupName.toLowerCase();
  const groups = collection(ctx);
  if (isDefaultParameterGroupName(name) || groups.has(ctx, name)) {
    throw new ApiError('CacheParameterGroupAlreadyExistsFault', `Parameter group ${name} already exists.`);
  }
  if (groups.list(ctx).length >= PARAMETER_GROUP_QUOTA) {
    throw new ApiError(
      'CacheParameterGroupQuotaExceededFault',
      `Cannot create ${name}: the maximum number of cache parameter groups (${PARAMETER_GROUP_QUOTA}) has been reached.`,
    );
  }
  const group = groupShape(ctx, name, family.family, input.Description);
  ctx.env.store.tx(() => {
    groups.put(ctx, name, { group, userValues: {} });
    storeTags(ctx.env.store, group.ARN!, input.Tags);
  });
  return { CacheParameterGroup: group };
};

const describeCacheParameterGroups: Handler<DescribeCacheParameterGroupsMessage, CacheParameterGroupsMessage> = (input, ctx) => {
  let groups: CacheParameterGroup[];
  if (input.CacheParameterGroupName) {
    groups = [resolveParameterGroup(ctx, input.CacheParameterGroupName).group];
  } else {
    const defaults = defaultParameterGroupSpecs().map((s) => groupShape(ctx, s.name, s.family, s.description));
    const custom = collection(ctx)
      .list(ctx)
      .map((s) => s.group);
    groups = [...defaults, ...custom].sort((a, b) => a.CacheParameterGroupName!.localeCompare(b.CacheParameterGroupName!));
  }
  const { page, marker } = paginate(groups, input.Marker, input.MaxRecords);
  return { CacheParameterGroups: page, ...(marker ? { Marker: marker } : {}) };
};

/** Stores the new user values, then tells the listener what changed. */
async function saveUserValues(
  ctx: RequestContext,
  group: ResolvedParameterGroup,
  userValues: Record<string, string>,
  changedNames: string[],
): Promise<void> {
  const groupName = group.group.CacheParameterGroupName!;
  collection(ctx).put(ctx, groupName, { group: group.group, userValues });
  if (!changeListener || changedNames.length === 0) return;
  const updated: ResolvedParameterGroup = { ...group, userValues };
  const changed = changedNames.map((name) => {
    const def = group.family.parameters.find((d) => d.name === name)!;
    const value = effectiveValue(updated, def);
    return { name, value: value === '' ? undefined : value, changeType: def.changeType };
  });
  await changeListener(ctx, { groupName, changed, effective: effectiveParameters(ctx, groupName) });
}

const modifyCacheParameterGroup: Handler<ModifyCacheParameterGroupMessage, CacheParameterGroupNameMessage> = async (input, ctx) => {
  const group = customGroupOrThrow(ctx, input.CacheParameterGroupName, 'modify');
  const entries: ParameterNameValue[] = input.ParameterNameValues ?? [];
  if (entries.length === 0) throw missingParameter('ParameterNameValues');
  if (entries.length > MAX_PARAMETERS_PER_MODIFY) {
    throw invalidParameterCombination(`Cannot modify more than ${MAX_PARAMETERS_PER_MODIFY} parameters in a single request`);
  }
  // Validate everything first: one bad entry changes nothing.
  const updates: Record<string, string> = {};
  for (const entry of entries) {
    const def = definitionOrThrow(group, entry.ParameterName);
    if (!isModifiableIn(group, def)) throw invalidParameterValue(`Parameter ${def.name} is not modifiable.`);
    if (!def.modifiable && inUseChecker(ctx, group.group.CacheParameterGroupName!)) {
      throw invalidParameterValue(
        `Parameter ${def.name} can only be modified while the parameter group is not associated with any cache clusters.`,
      );
    }
    if (entry.ParameterValue === undefined) {
      throw invalidParameterValue(`A value must be provided for parameter ${def.name}.`);
    }
    const problem = checkParameterValue(def, entry.ParameterValue);
    if (problem) throw invalidParameterValue(problem);
    updates[def.name] = entry.ParameterValue;
  }
  const changed = Object.keys(updates).filter((n) => updates[n] !== group.userValues[n]);
  await saveUserValues(ctx, group, { ...group.userValues, ...updates }, changed);
  return { CacheParameterGroupName: group.group.CacheParameterGroupName };
};

const resetCacheParameterGroup: Handler<ResetCacheParameterGroupMessage, CacheParameterGroupNameMessage> = async (input, ctx) => {
  const names = (input.ParameterNameValues ?? []).map((e) => e.ParameterName);
  const resetAll = input.ResetAllParameters === true;
  if (resetAll && names.length > 0) {
    throw invalidParameterCombination('ResetAllParameters and ParameterNameValues cannot both be specified.');
  }
  if (!resetAll && names.length === 0) {
    throw invalidParameterCombination('Either ResetAllParameters must be true or ParameterNameValues must name the parameters to reset.');
  }
  const group = customGroupOrThrow(ctx, input.CacheParameterGroupName, 'reset');
  const toReset = resetAll ? Object.keys(group.userValues) : names.map((n) => definitionOrThrow(group, n).name);
  const userValues = { ...group.userValues };
  const changed = toReset.filter((n) => n in userValues);
  for (const n of toReset) delete userValues[n];
  await saveUserValues(ctx, group, userValues, changed);
  return { CacheParameterGroupName: group.group.CacheParameterGroupName };
};

const deleteCacheParameterGroup: Handler<DeleteCacheParameterGroupMessage, Record<string, never>> = (input, ctx) => {
  if (!input.CacheParameterGroupName) throw missingParameter('CacheParameterGroupName');
  const group = resolveParameterGroup(ctx, input.CacheParameterGroupName);
  const name = group.group.CacheParameterGroupName!;
  if (group.isDefault) {
    throw new ApiError('InvalidCacheParameterGroupStateFault', `Default cache parameter group ${name} cannot be deleted.`);
  }
  if (inUseChecker(ctx, name)) {
    throw new ApiError('InvalidCacheParameterGroupStateFault', `Cache parameter group ${name} can not be deleted in the current state.`);
  }
  ctx.env.store.tx(() => {
    collection(ctx).delete(ctx, name);
    deleteTags(ctx.env.store, group.group.ARN!);
  });
  return {};
};

type SourceFilter = 'user' | 'system' | 'engine-default';
const SOURCES: SourceFilter[] = ['user', 'system', 'engine-default'];

/** Parameters followed by node-type-specific ones, paged together as one list. */
type Listed = { kind: 'parameter'; value: Parameter } | { kind: 'node-type'; value: CacheNodeTypeSpecificParameter };

function pageOfParameters(listed: Listed[], marker: string | undefined, maxRecords: number | undefined) {
  const { page, marker: next } = paginate(listed, marker, maxRecords);
  return {
    Parameters: page.filter((l) => l.kind === 'parameter').map((l) => l.value as Parameter),
    CacheNodeTypeSpecificParameters: page
      .filter((l) => l.kind === 'node-type')
      .map((l) => l.value as CacheNodeTypeSpecificParameter),
    ...(next ? { Marker: next } : {}),
  };
}

const describeCacheParameters: Handler<DescribeCacheParametersMessage, CacheParameterGroupDetails> = (input, ctx) => {
  if (!input.CacheParameterGroupName) throw missingParameter('CacheParameterGroupName');
  const source = input.Source as SourceFilter | undefined;
  if (source !== undefined && !SOURCES.includes(source)) {
    throw invalidParameterValue(`Invalid value for Source: ${input.Source}. Valid values are: ${SOURCES.join(', ')}`);
  }
  const group = resolveParameterGroup(ctx, input.CacheParameterGroupName);
  const family = group.family;
  const listed: Listed[] = [];
  for (const def of family.parameters) {
    const value = effectiveValue(group, def);
    const reported = sourceIn(group, def);
    if (source === 'engine-default' ? value !== def.value : source !== undefined && source !== reported) continue;
    listed.push({ kind: 'parameter', value: toParameter(family, def, value, reported, isModifiableIn(group, def)) });
  }
  if (source !== 'user') {
    for (const def of family.nodeTypeSpecific) {
      listed.push({ kind: 'node-type', value: toNodeTypeSpecificParameter(family, def, 'system') });
    }
  }
  return pageOfParameters(listed, input.Marker, input.MaxRecords);
};

const describeEngineDefaultParameters: Handler<DescribeEngineDefaultParametersMessage, DescribeEngineDefaultParametersResult> = (
  input,
) => {
  if (!input.CacheParameterGroupFamily) throw missingParameter('CacheParameterGroupFamily');
  const family = validateFamily(input.CacheParameterGroupFamily);
  const listed: Listed[] = [
    ...family.parameters.map((def): Listed => ({ kind: 'parameter', value: toParameter(family, def, def.value, 'system') })),
    ...family.nodeTypeSpecific.map((def): Listed => ({ kind: 'node-type', value: toNodeTypeSpecificParameter(family, def, 'system') })),
  ];
  return { EngineDefaults: { CacheParameterGroupFamily: family.family, ...pageOfParameters(listed, input.Marker, input.MaxRecords) } };
};

export const handlers: HandlerMap = {
  CreateCacheParameterGroup: createCacheParameterGroup,
  DescribeCacheParameterGroups: describeCacheParameterGroups,
  ModifyCacheParameterGroup: modifyCacheParameterGroup,
  ResetCacheParameterGroup: resetCacheParameterGroup,
  DeleteCacheParameterGroup: deleteCacheParameterGroup,
  DescribeCacheParameters: describeCacheParameters,
  DescribeEngineDefaultParameters: describeEngineDefaultParameters,
};
