/** A chain of parents that leads back to where it started. */
export interface ParentLoop {
  /** The span the reader makes a root to break the loop (the first one reached again). */
  cutAt: number;
  /** Its spans in parent order from `cutAt`, `cutAt` included. */
  members: number[];
}

/**
 * Spans whose parent chain comes back to itself: spans that name themselves as parent (a loop of
 * one) and longer loops. Rows are walked upwards in file order, the way the reader's tree breaks
 * loops (`span-tree.ts`), so `cutAt` is the span the reader shows as a root.
 */
export function findParentLoops(parentRow: Int32Array): ParentLoop[] {
  const count = parentRow.length;
  // 0: not seen, 1: on the current walk, 2: done.
  const state = new Uint8Array(count);
  const walk = new Int32Array(count);
  const loops: ParentLoop[] = [];
  for (let start = 0; start < count; start++) {
    let length = 0;
    let row = start;
    while (row >= 0 && state[row] === 0) {
      state[row] = 1;
      walk[length++] = row;
      row = parentRow[row] as number;
    }
    if (row >= 0 && state[row] === 1) {
      const from = walk.subarray(0, length).indexOf(row);
      loops.push({ cutAt: row, members: Array.from(walk.subarray(from, length)) });
    }
    for (let i = 0; i < length; i++) state[walk[i] as number] = 2;
  }
  return loops;
}
