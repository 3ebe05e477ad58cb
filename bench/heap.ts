/**
 * Heap readings. Without `--expose-gc` the heap also holds garbage, and a collection during a run
 * can even make growth negative, so the report prints growth only when every reading can follow a
 * full collection (`node --expose-gc --import jiti/register bench/index.ts`).
 */
const collect = (globalThis as { gc?: () => void }).gc;

export const forcedGc = typeof collect === 'function';

export function heapUsedBytes(): number {
  collect?.();
  return process.memoryUsage().heapUsed;
}

/** A module-level slot is a GC root: what it holds survives the collection before a reading. */
let _pinned: unknown = null;

/** Heap growth since `before`, with `keepAlive` held reachable while the heap is read. */
export function heapGrowthSince(before: number, keepAlive: unknown): number {
  _pinned = keepAlive;
  const after = heapUsedBytes();
  _pinned = null;
  return after - before;
}
