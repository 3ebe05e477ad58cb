/**
 * Heap readings. Without `--expose-gc` the heap holds garbage too, so a delta is an upper bound of
 * what a run keeps; with it (`node --expose-gc --import jiti/register bench/index.ts`) each reading
 * follows a full collection.
 */
const collect = (globalThis as { gc?: () => void }).gc;

export const forcedGc = typeof collect === 'function';

export function heapUsedBytes(): number {
  collect?.();
  return process.memoryUsage().heapUsed;
}
