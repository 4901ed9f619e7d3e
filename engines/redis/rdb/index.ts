/** RDB format (version 10, redis-server 7.0): reader, writer, DUMP/RESTORE payloads. */
export * from './types.js';
export { RdbError, ByteReader, ByteWriter } from './bytes.js';
export { crc64, Crc64 } from './crc64.js';
export { lzfCompress, lzfDecompress } from './lzf.js';
export { writeLen, readLen, readLenBig } from './length.js';
export { ListpackBuilder, lpEncode, lpDecode, type LpEntry } from './listpack.js';
export { ziplistDecode } from './ziplist.js';
export { intsetEncode, intsetDecode } from './intset.js';
export { zipmapDecode } from './zipmap.js';
export { readString, writeString } from './strings.js';
export { RdbWriter, writeRdb, writeRdbChunks, objectEncoding, encodeTypedValue, type RdbWriterOptions, type WriteRdbOptions } from './writer.js';
export { readRdb, readValue, moduleTypeName, type ReadRdbResult, type ReadRdbOptions, type RdbFunctionLibrary } from './reader.js';
export { dumpPayload, restorePayload, verifyDumpPayload, DUMP_PAYLOAD_ERROR, BAD_DATA_FORMAT_ERROR } from './dump.js';
export { encodeStreamId, decodeStreamId, compareStreamId } from './stream.js';
