// Building binary protocol requests and parsing responses for tests.

import type { RawClient } from './harness.js';

export interface BinRequest {
  opcode: number;
  key?: string;
  extras?: Buffer;
  value?: string | Buffer;
  cas?: bigint;
  opaque?: number;
  /** Override the header's body length (malformed packets). */
  bodylen?: number;
  magic?: number;
}

export function packet(r: BinRequest): Buffer {
  const key = Buffer.from(r.key ?? '', 'latin1');
  const extras = r.extras ?? Buffer.alloc(0);
  const value = typeof r.value === 'string' ? Buffer.from(r.value, 'latin1') : (r.value ?? Buffer.alloc(0));
  const h = Buffer.alloc(24);
  h[0] = r.magic ?? 0x80;
  h[1] = r.opcode;
  h.writeUInt16BE(key.length, 2);
  h[4] = extras.length;
  h.writeUInt32BE(r.bodylen ?? extras.length + key.length + value.length, 8);
  h.writeUInt32BE(r.opaque ?? 0, 12);
  h.writeBigUInt64BE(r.cas ?? 0n, 16);
  return Buffer.concat([h, extras, key, value]);
}

export function setExtras(flags: number, exptime: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(flags >>> 0, 0);
  b.writeUInt32BE(exptime >>> 0, 4);
  return b;
}

export function deltaExtras(delta: bigint, initial: bigint, exptime: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeBigUInt64BE(delta, 0);
  b.writeBigUInt64BE(initial, 8);
  b.writeUInt32BE(exptime >>> 0, 16);
  return b;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

export interface BinResponse {
  magic: number; opcode: number; status: number; opaque: number; cas: bigint;
  extras: Buffer; key: string; value: Buffer;
}

/** Parse complete response packets; returns them and the bytes consumed. */
export function parseResponses(buf: Buffer): { responses: BinResponse[]; used: number } {
  const responses: BinResponse[] = [];
  let pos = 0;
  while (buf.length - pos >= 24) {
    const keylen = buf.readUInt16BE(pos + 2);
    const extlen = buf[pos + 4];
    const bodylen = buf.readUInt32BE(pos + 8);
    if (buf.length - pos < 24 + bodylen) break;
    const body = pos + 24;
    responses.push({
      magic: buf[pos],
      opcode: buf[pos + 1],
      status: buf.readUInt16BE(pos + 6),
      opaque: buf.readUInt32BE(pos + 12),
      cas: buf.readBigUInt64BE(pos + 16),
      extras: buf.subarray(body, body + extlen),
      key: buf.toString('latin1', body + extlen, body + extlen + keylen),
      value: buf.subarray(body + extlen + keylen, body + bodylen),
    });
    pos += 24 + bodylen;
  }
  return { responses, used: pos };
}

const NOOP = 0x0a;
const SENTINEL_OPAQUE = 0xfeedf00d;

/** Send requests plus a NOOP, return responses before the NOOP's reply. */
export async function binaryExchange(c: RawClient, reqs: Buffer[], raw = false): Promise<{ responses: BinResponse[]; closed: boolean; timedOut: boolean }> {
  const isSentinel = (r: BinResponse) => r.opcode === NOOP && r.opaque === SENTINEL_OPAQUE;
  if (raw) {
    c.write(Buffer.concat(reqs));
    const data = await c.readFor(150);
    return { responses: parseResponses(data).responses, closed: c.closed, timedOut: false };
  }
  c.write(Buffer.concat([...reqs, packet({ opcode: NOOP, opaque: SENTINEL_OPAQUE })]));
  const { data, timedOut } = await c.readUntil((b) => parseResponses(b).responses.some(isSentinel));
  const responses = parseResponses(data).responses;
  const idx = responses.findIndex(isSentinel);
  return { responses: idx >= 0 ? responses.slice(0, idx) : responses, closed: c.closed, timedOut };
}

/** Render responses with CAS ids replaced by ordinals (per side). */
export class BinaryNormalizer {
  private ids = new Map<bigint, number>();
  lastCas = 0n;

  render(r: BinResponse): string {
    let cas = '0';
    if (r.cas !== 0n) {
      this.lastCas = r.cas;
      let n = this.ids.get(r.cas);
      if (n === undefined) { n = this.ids.size + 1; this.ids.set(r.cas, n); }
      cas = `#${n}`;
    }
    const value = r.opcode === 0x0b ? '<version>' : JSON.stringify(r.value.toString('latin1'));
    return `magic=${r.magic.toString(16)} op=${r.opcode.toString(16)} status=${r.status.toString(16)} opaque=${r.opaque} cas=${cas} extras=${r.extras.toString('hex')} key=${JSON.stringify(r.key)} value=${value}`;
  }
}
