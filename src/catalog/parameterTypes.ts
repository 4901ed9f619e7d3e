import type { ChangeType } from '@aws-sdk/client-elasticache';
import type { NodeTypeInfo } from './nodeTypes.js';

/** One engine parameter of a family, with its engine-default value. */
export interface ParameterDefinition {
  name: string;
  /** Engine default; undefined when the default is empty (AWS then sends no ParameterValue). */
  value?: string;
  dataType: 'string' | 'integer' | 'boolean' | 'numeric';
  /** AWS syntax: "yes,no", "0-", "1-75", "0,20-", "-" (any); undefined = free text. */
  allowedValues?: string;
  modifiable: boolean;
  changeType: ChangeType;
  description: string;
  /** When the parameter appeared after the family's first release. */
  minimumEngineVersion?: string;
}

/** A parameter whose default depends on the node type (maxmemory, max_cache_memory, ...). */
export interface NodeTypeSpecificDefinition {
  name: string;
  dataType: 'integer';
  allowedValues: string;
  modifiable: boolean;
  changeType: ChangeType;
  description: string;
  valueFor(nodeType: NodeTypeInfo): string | undefined;
}

/** Everything DescribeEngineDefaultParameters tells about one family. */
export interface FamilyDefaults {
  family: string;
  engine: 'memcached' | 'redis' | 'valkey';
  /** MinimumEngineVersion reported for the family's parameters. */
  minimumEngineVersion: string;
  parameters: ParameterDefinition[];
  nodeTypeSpecific: NodeTypeSpecificDefinition[];
  /**
   * Parameters the engine defaults list as not modifiable but a custom group
   * may change while no cluster uses it (cluster-enabled, databases, ...).
   */
  conditionallyModifiable: string[];
}

/** Shorthand for the data tables. */
export function p(
  name: string,
  value: string | undefined,
  dataType: ParameterDefinition['dataType'],
  allowedValues: string | undefined,
  modifiable: boolean,
  changeType: ChangeType,
  description: string,
  minimumEngineVersion?: string,
): ParameterDefinition {
  return { name, value, dataType, allowedValues, modifiable, changeType, description, minimumEngineVersion };
}
