/** Node's `utf8Slice` is what `toString('utf8', …)` calls, without the encoding dispatch. */
type FastBuffer = Buffer & { utf8Slice(start: number, end: number): string };

export function utf8(bytes: Buffer, start: number, end: number): string {
  return (bytes as FastBuffer).utf8Slice(start, end);
}
