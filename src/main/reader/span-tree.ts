import type { SpanColumns } from './span-columns';

/**
 * The spans as a tree: children of each span sorted by start time (then span id, so every reader
 * of the same spans orders them the same way), the depth-first order, and each subtree's size.
 * In depth-first order a subtree is one contiguous range, which is what makes collapsing cheap.
 */
export interface SpanTree {
  /** Rows without a parent in this run, sorted like children. */
  roots: Int32Array;
  /** Children of row r are `children[childStart[r] .. childStart[r + 1])`. */
  childStart: Int32Array;
  children: Int32Array;
  /** Rows in depth-first order. */
  order: Int32Array;
  /** Position of each row in `order`. */
  position: Int32Array;
  /** Rows in each row's subtree, itself included. */
  size: Int32Array;
  depth: Int32Array;
  /** Spans whose parent chain looped back on itself (made roots). */
  cyclesBroken: number;
}

/** Resolves parent ids to rows, then builds the tree. Parents missing from the run make their children roots. */
export function buildSpanTree(spans: SpanColumns): SpanTree {
  const count = spans.count;
  const parent = spans.parent;
  for (let row = 0; row < count; row++) {
    const hi = spans.parentHi[row] as number;
    const lo = spans.parentLo[row] as number;
    parent[row] = hi === 0 && lo === 0 ? -1 : spans.ids.get(hi, lo);
    if (parent[row] === row) parent[row] = -1;
  }
  const cyclesBroken = breakCycles(parent, count);

  const childStart = new Int32Array(count + 1);
  let rootCount = 0;
  for (let row = 0; row < count; row++) {
    const p = parent[row] as number;
    if (p < 0) rootCount++;
    else childStart[p + 1]++;
  }
  for (let row = 0; row < count; row++) childStart[row + 1] += childStart[row] as number;
  const children = new Int32Array(count - rootCount);
  const fill = childStart.slice(0, count);
  const roots = new Int32Array(rootCount);
  let rootFill = 0;
  for (let row = 0; row < count; row++) {
    const p = parent[row] as number;
    if (p < 0) roots[rootFill++] = row;
    else children[fill[p]++] = row;
  }

  const compare = (a: number, b: number): number =>
    (spans.startUs[a] as number) - (spans.startUs[b] as number) ||
    (spans.idHi[a] as number) - (spans.idHi[b] as number) ||
    (spans.idLo[a] as number) - (spans.idLo[b] as number);
  sortUnlessSorted(roots, compare);
  for (let row = 0; row < count; row++) {
    const from = childStart[row] as number;
    const to = childStart[row + 1] as number;
    if (to - from > 1) sortUnlessSorted(children.subarray(from, to), compare);
  }

  const order = new Int32Array(count);
  const position = new Int32Array(count);
  const depth = new Int32Array(count);
  const stack = new Int32Array(count);
  let filled = 0;
  for (let r = 0; r < rootCount; r++) {
    let top = 0;
    stack[top++] = roots[r] as number;
    while (top > 0) {
      const row = stack[--top] as number;
      position[row] = filled;
      order[filled++] = row;
      const p = parent[row] as number;
      depth[row] = p < 0 ? 0 : (depth[p] as number) + 1;
      for (let c = (childStart[row + 1] as number) - 1; c >= (childStart[row] as number); c--) {
        stack[top++] = children[c] as number;
      }
    }
  }

  const size = new Int32Array(count).fill(1);
  for (let i = count - 1; i >= 0; i--) {
    const row = order[i] as number;
    const p = parent[row] as number;
    if (p >= 0) size[p] += size[row] as number;
  }
  return { roots, childStart, children, order, position, size, depth, cyclesBroken };
}

/**
 * Siblings usually come in start order already (a flow runs its nodes one after another): one
 * pass tells, and saves a sort that takes a noticeable pause for a parent of 100,000s of children.
 */
function sortUnlessSorted(rows: Int32Array, compare: (a: number, b: number) => number): void {
  for (let i = 1; i < rows.length; i++) {
    if (compare(rows[i - 1] as number, rows[i] as number) > 0) {
      rows.sort(compare);
      return;
    }
  }
}

/** Makes a root of one span in every parent cycle, so every span is reachable from a root. */
function breakCycles(parent: Int32Array, count: number): number {
  // 0: not seen, 1: on the current walk, 2: known to reach a root.
  const state = new Uint8Array(count);
  const walk = new Int32Array(count);
  let broken = 0;
  for (let start = 0; start < count; start++) {
    let length = 0;
    let row = start;
    while (row >= 0 && state[row] === 0) {
      state[row] = 1;
      walk[length++] = row;
      row = parent[row] as number;
    }
    if (row >= 0 && state[row] === 1) {
      parent[row] = -1;
      broken++;
    }
    for (let i = 0; i < length; i++) state[walk[i] as number] = 2;
  }
  return broken;
}
