/**
 * A small, typed view of the Smithy static schemas that
 * @aws-sdk/client-elasticache exports (`CreateCacheCluster$`, `CacheCluster$`,
 * `CacheClusterNotFoundFault$`, ...). The raw schemas are compact arrays
 * (see @smithy/types static-schemas.d.ts); this module turns them into a tree
 * the codec can walk: structures with members in schema order, lists with the
 * XML name of their member element, scalars, and error shapes with their
 * awsQuery code and HTTP status.
 */
import * as sdk from '@aws-sdk/client-elasticache';

export type ScalarKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'document';

export interface ScalarShape {
  kind: ScalarKind;
}
export interface ListShape {
  kind: 'list';
  name: string;
  /** Element name of each item: the member's xmlName, else 'member'. */
  memberName: string;
  flattened: boolean;
  member: Shape;
}
export interface MapShape {
  kind: 'map';
  name: string;
  keyName: string;
  valueName: string;
  flattened: boolean;
  key: Shape;
  value: Shape;
}
export interface MemberShape {
  /** Property name in the SDK's TypeScript types. */
  name: string;
  /** Name on the wire (query key segment and XML element): xmlName trait, else the member name. */
  wireName: string;
  required: boolean;
  shape: Shape;
}
export interface StructShape {
  kind: 'struct';
  name: string;
  members: MemberShape[];
  /** Present on error shapes: what the awsQuery protocol sends. */
  error?: { code: string; status: number; fault: 'client' | 'server' };
}
export type Shape = ScalarShape | ListShape | MapShape | StructShape;

export interface OperationShape {
  name: string;
  input: StructShape;
  output: StructShape;
}

type Traits = Record<string, unknown>;
type Raw = unknown;

const scalarByCode: Record<number, ScalarKind> = {
  0: 'string',
  1: 'number',
  2: 'boolean',
  4: 'timestamp',
  5: 'timestamp',
  6: 'timestamp',
  7: 'timestamp',
  15: 'document',
  17: 'number',
  19: 'number',
  21: 'blob',
  42: 'blob',
};

const LIST_BIT = 64;
const MAP_BIT = 128;

/** Trait bit vectors carry only HTTP traits we do not need; objects carry xmlName etc. */
function traitsOf(raw: unknown): Traits {
  return raw && typeof raw === 'object' ? (raw as Traits) : {};
}

const deref = (ref: Raw): Raw => (typeof ref === 'function' ? (ref as () => Raw)() : ref);
const isMemberRef = (ref: Raw): ref is [Raw, unknown] => Array.isArray(ref) && ref.length === 2;

/** A member reference is either a bare schema ref or [ref, memberTraits]. */
function unwrapMember(ref: Raw): { shape: Shape; traits: Traits } {
  if (isMemberRef(ref)) return { shape: shapeOf(ref[0]), traits: traitsOf(ref[1]) };
  return { shape: shapeOf(ref), traits: {} };
}

/** Resolved shapes by raw schema object; placeholders first so recursive shapes terminate. */
const cache = new Map<object, Shape>();

export function shapeOf(ref: Raw): Shape {
  const raw = deref(ref);
  if (typeof raw === 'number') return simpleShape(raw);
  if (raw === 'unit') return { kind: 'struct', name: 'Unit', members: [] };
  if (!Array.isArray(raw)) throw new Error(`unsupported schema: ${String(raw)}`);
  const cached = cache.get(raw);
  if (cached) return cached;
  const tag = raw[0] as number;
  const name = String(raw[2]);
  const traits = traitsOf(raw[3]);
  switch (tag) {
    case 0: // a simple type with traits: [0, ns, name, traits, ref]
      return shapeOf(raw[4]);
    case 1: {
      const list = { kind: 'list', name, flattened: Boolean(traits.xmlFlattened) } as ListShape;
      cache.set(raw, list);
      const member = unwrapMember(raw[4]);
      list.member = member.shape;
      list.memberName = typeof member.traits.xmlName === 'string' ? member.traits.xmlName : 'member';
      return list;
    }
    case 2: {
      const map = { kind: 'map', name, flattened: Boolean(traits.xmlFlattened) } as MapShape;
      cache.set(raw, map);
      const key = unwrapMember(raw[4]);
      const value = unwrapMember(raw[5]);
      map.key = key.shape;
      map.value = value.shape;
      map.keyName = typeof key.traits.xmlName === 'string' ? key.traits.xmlName : 'key';
      map.valueName = typeof value.traits.xmlName === 'string' ? value.traits.xmlName : 'value';
      return map;
    }
    case 3:
    case -3: {
      const struct: StructShape = { kind: 'struct', name, members: [] };
      cache.set(raw, struct);
      const names = raw[4] as string[];
      const refs = raw[5] as Raw[];
      // Smithy lists required members first and gives their count last.
      const requiredCount = typeof raw[6] === 'number' ? raw[6] : 0;
      names.forEach((memberName, i) => {
        const member = unwrapMember(refs[i]);
        const xmlName = member.traits.xmlName;
        struct.members.push({
          name: memberName,
          wireName: typeof xmlName === 'string' ? xmlName : memberName,
          required: i < requiredCount,
          shape: member.shape,
        });
      });
      const queryError = traits.awsQueryError as [string, number] | undefined;
      if (tag === -3) {
        const fault = traits.error === 'server' ? 'server' : 'client';
        struct.error = {
          code: queryError?.[0] ?? name,
          status: queryError?.[1] ?? (typeof traits.httpError === 'number' ? traits.httpError : fault === 'server' ? 500 : 400),
          fault,
        };
      }
      return struct;
    }
    default:
      throw new Error(`unsupported schema tag ${tag} for ${name}`);
  }
}

function simpleShape(code: number): Shape {
  if (code & MAP_BIT) {
    const value = simpleShape(code & 63);
    return { kind: 'map', name: 'Map', keyName: 'key', valueName: 'value', flattened: false, key: { kind: 'string' }, value };
  }
  if (code & LIST_BIT) {
    return { kind: 'list', name: 'List', memberName: 'member', flattened: false, member: simpleShape(code & 63) };
  }
  const kind = scalarByCode[code];
  if (!kind) throw new Error(`unsupported simple schema code ${code}`);
  return { kind };
}

function asStruct(shape: Shape, what: string): StructShape {
  if (shape.kind !== 'struct') throw new Error(`${what} is not a structure`);
  return shape;
}

/** Every operation of the service, by action name, read from the SDK's `X$` exports. */
export const operations: ReadonlyMap<string, OperationShape> = (() => {
  const found = new Map<string, OperationShape>();
  for (const [exportName, value] of Object.entries(sdk)) {
    if (!exportName.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
    const name = String(value[2]);
    found.set(name, {
      name,
      input: asStruct(shapeOf(value[4]), `${name} input`),
      output: asStruct(shapeOf(value[5]), `${name} output`),
    });
  }
  return found;
})();

/** Error shapes by their SDK shape name (e.g. CacheClusterNotFoundFault). */
export const errorShapes: ReadonlyMap<string, StructShape> = (() => {
  const found = new Map<string, StructShape>();
  for (const [exportName, value] of Object.entries(sdk)) {
    if (!exportName.endsWith('$') || !Array.isArray(value) || value[0] !== -3) continue;
    const shape = asStruct(shapeOf(value), exportName);
    found.set(shape.name, shape);
  }
  return found;
})();
