import type { SpanColumns } from './span-columns';
import { runWhole, type SteppedWork } from './work-slices';

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

/** Rows handled between two places where building may pause: about a millisecond of work. */
const ROWS_PER_STEP = 16_384;
/** Sibling groups up to this size are sorted in one go (a few ms at most). */
const SORTED_WHOLE = 8_192;

/**
 * Resolves parent ids to rows (into `spans.parent`), then builds the tree. Parents missing from
 * the run make their children roots.
 */
export function buildSpanTree(spans: SpanColumns): SpanTree {
  return runWhole(spanTreeSteps(spans, spans.parent));
}

/**
 * The same tree as `buildSpanTree`, built in steps (run them with `runInSlices`) so that a run of
 * a million spans does not hold the event loop while it is built. Parents are resolved into
 * `parent` (rows `0..count`): a build in slices passes its own array, as a query may build the
 * whole tree into `spans.parent` between two slices. The spans must not change until it is done.
 */
export function* spanTreeSteps(spans: SpanColumns, parent: Int32Array): SteppedWork<SpanTree> {
  const count = spans.count;
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    resolveParents(spans, parent, from, Math.min(count, from + ROWS_PER_STEP));
    yield;
  }
  const cycles = new CycleBreaker(parent, count);
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    cycles.walkFrom(from, Math.min(count, from + ROWS_PER_STEP));
    yield;
  }

  const childStart = new Int32Array(count + 1);
  let rootCount = 0;
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    rootCount += countChildren(parent, childStart, from, Math.min(count, from + ROWS_PER_STEP));
    yield;
  }
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    runningSums(childStart, from, Math.min(count, from + ROWS_PER_STEP));
    yield;
  }
  const children = new Int32Array(count - rootCount);
  const fill = childStart.slice(0, count);
  const roots = new Int32Array(rootCount);
  const placed = { roots: 0 };
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    placeChildren(parent, children, fill, roots, placed, from, Math.min(count, from + ROWS_PER_STEP));
    yield;
  }

  const compare = siblingOrder(spans);
  yield* sortSiblings(roots, compare);
  const largeGroups: number[] = [];
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    sortSmallGroups(children, childStart, compare, from, Math.min(count, from + ROWS_PER_STEP), largeGroups);
    yield;
  }
  for (const row of largeGroups) {
    yield* sortSiblings(children.subarray(childStart[row], childStart[row + 1]), compare);
  }

  const walk = new DepthFirstWalk(roots, childStart, children, parent, count);
  while (!walk.advance(ROWS_PER_STEP)) yield;

  const size = new Int32Array(count).fill(1);
  for (let to = count; to > 0; to -= ROWS_PER_STEP) {
    addSubtreeSizes(walk.order, parent, size, Math.max(0, to - ROWS_PER_STEP), to);
    yield;
  }
  const { order, position, depth } = walk;
  return { roots, childStart, children, order, position, size, depth, cyclesBroken: cycles.broken };
}

function resolveParents(spans: SpanColumns, parent: Int32Array, from: number, to: number): void {
  for (let row = from; row < to; row++) {
    const hi = spans.parentHi[row] as number;
    const lo = spans.parentLo[row] as number;
    parent[row] = hi === 0 && lo === 0 ? -1 : spans.ids.get(hi, lo);
    if (parent[row] === row) parent[row] = -1;
  }
}

/** Counts each row's children into `childStart[row + 1]`; returns how many rows are roots. */
function countChildren(parent: Int32Array, childStart: Int32Array, from: number, to: number): number {
  let roots = 0;
  for (let row = from; row < to; row++) {
    const p = parent[row] as number;
    if (p < 0) roots++;
    else childStart[p + 1]++;
  }
  return roots;
}

function runningSums(childStart: Int32Array, from: number, to: number): void {
  for (let row = from; row < to; row++) childStart[row + 1] += childStart[row] as number;
}

function placeChildren(
  parent: Int32Array,
  children: Int32Array,
  fill: Int32Array,
  roots: Int32Array,
  placed: { roots: number },
  from: number,
  to: number,
): void {
  for (let row = from; row < to; row++) {
    const p = parent[row] as number;
    if (p < 0) roots[placed.roots++] = row;
    else children[fill[p]++] = row;
  }
}

type RowOrder = (a: number, b: number) => number;

function siblingOrder(spans: SpanColumns): RowOrder {
  const { startUs, idHi, idLo } = spans;
  return (a, b) =>
    (startUs[a] as number) - (startUs[b] as number) ||
    (idHi[a] as number) - (idHi[b] as number) ||
    (idLo[a] as number) - (idLo[b] as number);
}

/** Sorts the sibling groups of rows `from..to` that are small; notes the large ones for later. */
function sortSmallGroups(
  children: Int32Array,
  childStart: Int32Array,
  compare: RowOrder,
  from: number,
  to: number,
  largeGroups: number[],
): void {
  for (let row = from; row < to; row++) {
    const first = childStart[row] as number;
    const end = childStart[row + 1] as number;
    if (end - first <= 1) continue;
    if (end - first > SORTED_WHOLE) largeGroups.push(row);
    else if (!inOrder(children, compare, first + 1, end)) children.subarray(first, end).sort(compare);
  }
}

/**
 * Siblings usually come in start order already (a flow runs its nodes one after another): one
 * pass tells, and saves the sort. A large group out of order is merge-sorted in steps, as
 * sorting 100,000s of rows in one go takes a noticeable pause.
 */
function* sortSiblings(rows: Int32Array, compare: RowOrder): SteppedWork<void> {
  let sorted = true;
  for (let from = 1; from < rows.length && sorted; from += ROWS_PER_STEP) {
    sorted = inOrder(rows, compare, from, Math.min(rows.length, from + ROWS_PER_STEP));
    yield;
  }
  if (sorted) return;
  if (rows.length <= SORTED_WHOLE) rows.sort(compare);
  else yield* mergeSortSteps(rows, compare);
}

/** True when every row of `from..to` comes after the one before it. */
function inOrder(rows: Int32Array, compare: RowOrder, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (compare(rows[i - 1] as number, rows[i] as number) > 0) return false;
  return true;
}

const INSERTION_RUN = 32;

/** A stable bottom-up merge sort that yields between merges. */
function* mergeSortSteps(rows: Int32Array, compare: RowOrder): SteppedWork<void> {
  const n = rows.length;
  for (let from = 0; from < n; from += INSERTION_RUN) {
    insertionSort(rows, compare, from, Math.min(n, from + INSERTION_RUN));
    if (from % ROWS_PER_STEP === 0) yield;
  }
  let source: Int32Array = rows;
  let target: Int32Array = new Int32Array(n);
  for (let width = INSERTION_RUN; width < n; width *= 2) {
    let sinceYield = 0;
    for (let low = 0; low < n; low += 2 * width) {
      const middle = Math.min(low + width, n);
      const high = Math.min(low + 2 * width, n);
      merge(source, target, compare, low, middle, high);
      sinceYield += high - low;
      if (sinceYield >= ROWS_PER_STEP) {
        sinceYield = 0;
        yield;
      }
    }
    [source, target] = [target, source];
    yield;
  }
  if (source !== rows) rows.set(source);
}

function insertionSort(rows: Int32Array, compare: RowOrder, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const row = rows[i] as number;
    let j = i - 1;
    while (j >= from && compare(rows[j] as number, row) > 0) {
      rows[j + 1] = rows[j] as number;
      j--;
    }
    rows[j + 1] = row;
  }
}

function merge(
  source: Int32Array,
  target: Int32Array,
  compare: RowOrder,
  low: number,
  middle: number,
  high: number,
): void {
  let left = low;
  let right = middle;
  for (let out = low; out < high; out++) {
    if (left < middle && (right >= high || compare(source[left] as number, source[right] as number) <= 0))
      target[out] = source[left++] as number;
    else target[out] = source[right++] as number;
  }
}

/** Depth-first order, a bounded number of rows at a time. */
class DepthFirstWalk {
  readonly order: Int32Array;
  readonly position: Int32Array;
  readonly depth: Int32Array;
  private readonly stack: Int32Array;
  private top = 0;
  private nextRoot = 0;
  private filled = 0;

  constructor(
    private readonly roots: Int32Array,
    private readonly childStart: Int32Array,
    private readonly children: Int32Array,
    private readonly parent: Int32Array,
    count: number,
  ) {
    this.order = new Int32Array(count);
    this.position = new Int32Array(count);
    this.depth = new Int32Array(count);
    this.stack = new Int32Array(count);
  }

  /** Places up to `budget` more rows; true once every row is placed. */
  advance(budget: number): boolean {
    const { order, position, depth, stack, childStart, children, parent } = this;
    let top = this.top;
    let filled = this.filled;
    for (let placed = 0; placed < budget; placed++) {
      if (top === 0) {
        if (this.nextRoot === this.roots.length) break;
        stack[top++] = this.roots[this.nextRoot++] as number;
      }
      const row = stack[--top] as number;
      position[row] = filled;
      order[filled++] = row;
      const p = parent[row] as number;
      depth[row] = p < 0 ? 0 : (depth[p] as number) + 1;
      for (let c = (childStart[row + 1] as number) - 1; c >= (childStart[row] as number); c--) {
        stack[top++] = children[c] as number;
      }
    }
    this.top = top;
    this.filled = filled;
    return top === 0 && this.nextRoot === this.roots.length;
  }
}

/** Adds each subtree's size to its parent's, for the rows at `order[from..to)`, last first. */
function addSubtreeSizes(
  order: Int32Array,
  parent: Int32Array,
  size: Int32Array,
  from: number,
  to: number,
): void {
  for (let i = to - 1; i >= from; i--) {
    const row = order[i] as number;
    const p = parent[row] as number;
    if (p >= 0) size[p] += size[row] as number;
  }
}

/** Makes a root of one span in every parent cycle, so every span is reachable from a root. */
class CycleBreaker {
  broken = 0;
  // 0: not seen, 1: on the current walk, 2: known to reach a root.
  private readonly state: Uint8Array;
  private readonly walk: Int32Array;

  constructor(
    private readonly parent: Int32Array,
    count: number,
  ) {
    this.state = new Uint8Array(count);
    this.walk = new Int32Array(count);
  }

  /** Walks up from each of the rows `from..to`. */
  walkFrom(from: number, to: number): void {
    const { parent, state, walk } = this;
    for (let start = from; start < to; start++) {
      let length = 0;
      let row = start;
      while (row >= 0 && state[row] === 0) {
        state[row] = 1;
        walk[length++] = row;
        row = parent[row] as number;
      }
      if (row >= 0 && state[row] === 1) {
        parent[row] = -1;
        this.broken++;
      }
      for (let i = 0; i < length; i++) state[walk[i] as number] = 2;
    }
  }
}
