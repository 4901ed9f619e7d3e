/**
 * awsQuery response encoding: the SDK output object → XML, walking the
 * operation's output schema (members in schema order, list item element names
 * from the schema). Mirrors @aws-sdk/core's XmlShapeDeserializer.
 */
import type { Shape, StructShape } from './schema.js';

export const XMLNS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** `<XResponse><XResult>…</XResult><ResponseMetadata>…</ResponseMetadata></XResponse>`. */
export function encodeResponse(action: string, output: StructShape, result: unknown, requestId: string): string {
  const body = output.members.length > 0 ? `<${action}Result>${encodeMembers(output, result)}</${action}Result>` : '';
  return (
    `<${action}Response xmlns="${XMLNS}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export interface EncodedError {
  type: 'Sender' | 'Receiver';
  code: string;
  message: string;
}

export function encodeError(error: EncodedError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function encodeMembers(shape: StructShape, value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const record = value as Record<string, unknown>;
  let xml = '';
  for (const member of shape.members) {
    const v = record[member.name];
    if (v === undefined || v === null) continue;
    xml += element(member.wireName, member.shape, v);
  }
  return xml;
}

function element(name: string, shape: Shape, value: unknown): string {
  switch (shape.kind) {
    case 'struct':
      return `<${name}>${encodeMembers(shape, value)}</${name}>`;
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      const present = items.filter((item) => item !== undefined && item !== null);
      // Flattened lists repeat the item under the member's own name, without a wrapper.
      if (shape.flattened) return present.map((item) => element(name, shape.member, item)).join('');
      const inner = present.map((item) => element(shape.memberName, shape.member, item)).join('');
      return `<${name}>${inner}</${name}>`;
    }
    case 'map': {
      let inner = '';
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        inner += `<entry><${shape.keyName}>${escapeXml(k)}</${shape.keyName}>${element(shape.valueName, shape.value, v)}</entry>`;
      }
      return `<${name}>${inner}</${name}>`;
    }
    default:
      return `<${name}>${scalarText(shape.kind, value)}</${name}>`;
  }
}

function scalarText(kind: string, value: unknown): string {
  if (kind === 'timestamp') {
    const date = value instanceof Date ? value : new Date(value as string | number);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  }
  if (kind === 'blob' && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return escapeXml(String(value));
}
