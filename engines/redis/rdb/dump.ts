/**
 * DUMP / RESTORE payloads: <type byte><value> <RDB version u16 LE> <CRC64 LE
 * of everything before it>. RESTORE accepts versions <= 10 and checks the
 * CRC, failing with Redis's own message.
 */
import { ByteReader, RdbError } from './bytes.js';
import { Crc64 } from './crc64.js';
import { readValue } from './reader.js';
import { encodeTypedValue } from './writer.js';
import { RDB_VERSION, type RdbEncodingOptions, type RdbValue } from './types.js';

export const DUMP_PAYLOAD_ERROR = 'ERR DUMP payload version or checksum are wrong';
export const BAD_DATA_FORMAT_ERROR = 'ERR Bad data format';

export function dumpPayload(value: RdbValue, opts: RdbEncodingOptions = {}): Buffer {
  const body = encodeTypedValue(value, opts);
  const out = Buffer.allocUnsafe(body.length + 10);
  body.copy(out, 0);
  out.writeUInt16LE(RDB_VERSION, body.length);
  const crc = new Crc64().update(out, 0, body.length + 2);
  crc.bytesLE().copy(out, body.length + 2);
  return out;
}

/** Version and checksum check (verifyDumpPayload). */
export function verifyDumpPayload(buf: Buffer, checksum = true): boolean {
  if (buf.length < 10) return false;
  const ver = buf.readUInt16LE(buf.length - 10);
  if (ver > RDB_VERSION) return false;
  if (!checksum) return true;
  return new Crc64().update(buf, 0, buf.length - 8).equalsLE(buf, buf.length - 8);
}

/**
 * Decodes a DUMP payload. Throws RdbError with `ERR DUMP payload version or
 * checksum are wrong` or `ERR Bad data format` (Redis's RESTORE replies).
 */
export function restorePayload(buf: Buffer, opts: { checksum?: boolean } = {}): RdbValue {
  if (!verifyDumpPayload(buf, opts.checksum ?? true)) throw new RdbError(DUMP_PAYLOAD_ERROR);
  const r = new ByteReader(buf, 0, buf.length - 10);
  let v: RdbValue | null;
  try {
    const type = r.u8();
    v = readValue(r, type);
  } catch {
    throw new RdbError(BAD_DATA_FORMAT_ERROR);
  }
  if (!v) throw new RdbError(BAD_DATA_FORMAT_ERROR);
  return v;
}
