import type { LogColumns } from '../log-columns';
import type { SpanColumns } from '../span-columns';
import type { SpanTree } from '../span-tree';
import type { SteppedWork } from '../work-slices';
import { IndexFileRefused } from './index-file';

/** Rows checked between two places where loading may pause. */
const ROWS_PER_STEP = 65_536;

/** How far each run file was indexed: a line read back must lie before it. */
export interface IndexedEnds {
  trace: number;
  logs: number;
  metrics: number;
}

/**
 * Checks the values of a loaded index, not only its checksums: a file that is whole but was not
 * written by this reader (or by a faulty one) could hold row numbers out of range, which would
 * throw deep in a query, or a `childStart` in the billions, which would stall one for minutes.
 * One linear pass over every section; the first value out of place refuses the whole file.
 */
export function* checkRowsSteps(
  spans: SpanColumns,
  logs: LogColumns,
  tree: SpanTree,
  traceIds: ArrayLike<number>,
  ends: IndexedEnds,
): SteppedWork<void> {
  const count = spans.count;
  const refuse = (section: string) => {
    throw new IndexFileRefused(`its section ${section} holds a value out of range`);
  };
  // Typed-array values are integers already: only their range is checked.
  const isRow = (value: number) => value >= 0 && value < count;
  const spanStrings = spans.strings.values.length;
  const logStrings = logs.strings.values.length;

  yield* eachRow(tree.roots.length, (i) => isRow(tree.roots[i] as number) || refuse('tree.roots'));
  yield* eachRow(tree.children.length, (i) => isRow(tree.children[i] as number) || refuse('tree.children'));
  const { childStart, order, position, size, depth } = tree;
  if (childStart[0] !== 0 || childStart[count] !== tree.children.length) refuse('tree.childStart');
  yield* eachRow(count, (row) => {
    if ((childStart[row + 1] as number) < (childStart[row] as number)) refuse('tree.childStart');
    const at = order[row] as number;
    if (!(at >= 0 && at < count)) refuse('tree.order');
    if (position[at] !== row) refuse('tree.position');
    const rows = size[row] as number;
    if (rows < 1 || (position[row] as number) + rows > count) refuse('tree.size');
    const level = depth[row] as number;
    if (!(level >= 0 && level < count)) refuse('tree.depth');
  });
  // Column by column, each a tight loop over one typed array.
  const { parent } = spans;
  yield* eachRow(count, (row) => {
    const of = parent[row] as number;
    if (of < -1 || of >= count) refuse('spans.parent');
  });
  for (const name of ['traceId', 'name', 'nodeId', 'nodeType', 'componentPath', 'service'] as const) {
    const column = spans[name];
    yield* eachRow(count, (row) => (column[row] as number) < spanStrings || refuse(`spans.${name}`));
  }
  const { status, lineOffset, lineLength } = spans;
  yield* eachRow(count, (row) => {
    if ((status[row] as number) > 2) refuse('spans.status');
    const offset = lineOffset[row] as number;
    if (offset !== -1 && !lineWithin(offset, lineLength[row] as number, ends.trace))
      refuse('spans.lineOffset');
  });
  yield* eachRow(traceIds.length, (i) => (traceIds[i] as number) < spanStrings || refuse('stats.traceIds'));
  const logNode = logs.nodeId;
  const logTrace = logs.traceId;
  const logOffset = logs.lineOffset;
  const logLength = logs.lineLength;
  yield* eachRow(logs.count, (row) => {
    if ((logNode[row] as number) >= logStrings || (logTrace[row] as number) >= logStrings)
      refuse('logs strings');
    if (!lineWithin(logOffset[row] as number, logLength[row] as number, ends.logs)) refuse('logs.lineOffset');
  });
}

/** A line of the file: it starts and ends inside what was indexed. */
export function lineWithin(offset: number, length: number, end: number): boolean {
  // An offset is a float column: NaN fails every comparison, a fraction is no line.
  return offset >= 0 && offset + length <= end && Math.floor(offset) === offset && length >= 0;
}

function* eachRow(count: number, check: (row: number) => unknown): SteppedWork<void> {
  for (let from = 0; from < count; from += ROWS_PER_STEP) {
    const to = Math.min(count, from + ROWS_PER_STEP);
    for (let row = from; row < to; row++) check(row);
    yield;
  }
}
