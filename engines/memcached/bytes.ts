// Bytes to one-byte strings (one char per byte, binary-safe).

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** Buffer#latin1Slice: the same as toString('latin1', ...) without its argument handling. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as Latin1Buffer).latin1Slice(start, end);
}
