/**
 * awsQuery request decoding: flat form parameters (`CacheClusterIds.member.1=a`,
 * `Tags.Tag.1.Key=k`) → the SDK's typed input object, walking the operation's
 * input schema. Mirrors @aws-sdk/core's QueryShapeSerializer.
 */
import { ApiError, invalidParameterValue } from './errors.js';
import type { ListShape, MapShape, Shape, StructShape } from './schema.js';

/** The dotted parameter names as a tree: `A.member.1` → A → member → 1. */
class ParamNode {
  value?: string;
  readonly children = new Map<string, ParamNode>();
  child(segment: string): ParamNode {
    let node = this.children.get(segment);
    if (!node) this.children.set(segment, (node = new ParamNode()));
    return node;
  }
}

function treeOf(params: Iterable<[string, string]>): ParamNode {
  const root = new ParamNode();
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    let node = root;
    for (const segment of key.split('.')) node = node.child(segment);
    node.value = value;
  }
  return root;
}

/** Sent as query code InvalidParameterValue, 400 (the SDK raises InvalidParameterValueException). */
const invalid = invalidParameterValue;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Decodes the request parameters against an operation's input structure. */
export function decodeInput(shape: StructShape, params: Iterable<[string, string]>): Record<string, unknown> {
  return decodeStruct(shape, treeOf(params), '');
}

function decodeStruct(shape: StructShape, node: ParamNode, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of shape.members) {
    const child = node.children.get(member.wireName) ?? node.children.get(member.name);
    const path = prefix + member.wireName;
    if (!child) {
      if (member.required) {
        throw new ApiError('MissingParameter', `The request must contain the parameter ${path}`, 400);
      }
      continue;
    }
    out[member.name] = decodeValue(member.shape, child, path);
  }
  return out;
}

function decodeValue(shape: Shape, node: ParamNode, path: string): unknown {
  switch (shape.kind) {
    case 'struct':
      return decodeStruct(shape, node, `${path}.`);
    case 'list':
      return decodeList(shape, node, path);
    case 'map':
      return decodeMap(shape, node, path);
    default:
      return decodeScalar(shape.kind, node.value ?? '', path);
  }
}

/**
 * Items are `Name.<memberName>.N` or `Name.member.N` (both accepted, even mixed;
 * the xmlName form wins an index both use), or `Name.N` when flattened;
 * `Name=` is the empty list.
 */
function decodeList(shape: ListShape, node: ParamNode, path: string): unknown[] {
  const sources = shape.flattened ? [node] : [shape.memberName, 'member'].map((name) => node.children.get(name));
  const items = new Map<number, ParamNode>();
  for (const source of sources) {
    if (!source) continue;
    for (const [index, item] of indexedChildren(source, path)) if (!items.has(index)) items.set(index, item);
  }
  return [...items.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, item]) => decodeValue(shape.member, item, `${path}.${shape.memberName}.${index}`));
}

function decodeMap(shape: MapShape, node: ParamNode, path: string): Record<string, unknown> {
  const entries = shape.flattened ? node : node.children.get('entry');
  const out: Record<string, unknown> = {};
  if (!entries) return out;
  for (const [index, entry] of indexedChildren(entries, path)) {
    const key = entry.children.get(shape.keyName)?.value;
    const value = entry.children.get(shape.valueName);
    if (key === undefined || !value) throw invalid(`Map entry ${path}.entry.${index} needs a key and a value`);
    out[key] = decodeValue(shape.value, value, `${path}.entry.${index}.${shape.valueName}`);
  }
  return out;
}

/** Children named 1, 2, ... in numeric order (gaps are tolerated, as AWS does). */
function indexedChildren(node: ParamNode, path: string): [number, ParamNode][] {
  const items: [number, ParamNode][] = [];
  for (const [segment, child] of node.children) {
    if (!/^[1-9]\d*$/.test(segment)) throw invalid(`Invalid list index "${segment}" in parameter ${path}`);
    items.push([Number(segment), child]);
  }
  return items.sort((a, b) => a[0] - b[0]);
}

function decodeScalar(kind: Exclude<Shape['kind'], 'struct' | 'list' | 'map'>, raw: string, path: string): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'number': {
      // Every numeric input of ElastiCache is an Integer (Doubles are output-only).
      const n = Number(raw);
      if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < INT32_MIN || n > INT32_MAX) {
        throw invalid(`Invalid value '${raw}' for parameter ${path}: expected an integer.`);
      }
      return n;
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw invalid(`Invalid value '${raw}' for parameter ${path}: expected a boolean (true or false).`);
    }
    case 'timestamp': {
      const date = parseTimestamp(raw);
      if (!date) throw invalid(`Invalid value '${raw}' for parameter ${path}: expected an ISO 8601 timestamp.`);
      return date;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    case 'document':
      return raw;
  }
}

/** ISO 8601 (what the SDKs send) or epoch seconds. */
function parseTimestamp(raw: string): Date | undefined {
  if (/^\d+(\.\d+)?$/.test(raw)) return new Date(Number(raw) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(raw)) return undefined;
  // Without a zone AWS reads UTC; JavaScript would read local time.
  const zoned = /[T ]\d{2}:\d{2}/.test(raw) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? `${raw}Z` : raw;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
