import type { SpanRow, SpanRowsPage } from '../../shared/run-data';
import { FLAG_SYNTHETIC, STATUS_NAMES, type SpanColumns } from './span-columns';
import { formatSpanId } from './span-id';
import type { SpanTree } from './span-tree';

export interface SpanRowsOptions {
  /** Span ids whose subtrees are hidden (the span itself stays visible). */
  collapsed?: readonly string[];
  offset: number;
  limit: number;
  /** µs since the epoch: spans that start later are absent, spans that end later are running. */
  asOf?: number;
}

export interface SpanTreeView {
  spans: SpanColumns;
  tree: SpanTree;
  /**
   * In a continuation, the rows that stand for nodes loaded from the run it continued (they ran
   * there, not here): their rows say `reusedFrom` that run.
   */
  reused?: { fromRunId: string; rows: ReadonlySet<number> };
}

/**
 * The visible rows of the span tree in depth-first order, collapsed subtrees hidden, one page of
 * them. Without `asOf` the page is found without walking the hidden or skipped rows (collapsed
 * subtrees are ranges of the depth-first order); with `asOf` every present row is visited once.
 */
export function spanRowsOf(view: SpanTreeView, options: SpanRowsOptions): SpanRowsPage {
  const offset = Math.max(0, Math.floor(options.offset));
  const limit = Math.max(0, Math.floor(options.limit));
  const collapsedRows = rowsOfIds(view.spans, options.collapsed ?? []);
  if (options.asOf !== undefined) return rowsAsOf(view, collapsedRows, offset, limit, options.asOf);

  const { tree } = view;
  const hidden = hiddenRanges(tree, collapsedRows);
  let hiddenCount = 0;
  for (let i = 0; i < hidden.length; i += 2) hiddenCount += (hidden[i + 1] as number) - (hidden[i] as number);
  const total = tree.order.length - hiddenCount;

  const rows: SpanRow[] = [];
  let position = offset;
  let range = 0;
  // Map the visible offset to a depth-first position by adding the hidden ranges before it.
  while (range < hidden.length && (hidden[range] as number) <= position) {
    position += (hidden[range + 1] as number) - (hidden[range] as number);
    range += 2;
  }
  while (rows.length < limit && position < tree.order.length) {
    if (range < hidden.length && position === hidden[range]) {
      position = hidden[range + 1] as number;
      range += 2;
      continue;
    }
    rows.push(rowOf(view, tree.order[position] as number, undefined));
    position++;
  }
  return { total, offset, rows };
}

/** The visible index of a span (for scrolling to it), or -1 when it is hidden or absent. */
export function visibleIndexOf(
  view: SpanTreeView,
  spanId: string,
  options: { collapsed?: readonly string[]; asOf?: number },
): number {
  const target = view.spans.rowOf(spanId);
  if (target < 0) return -1;
  const { tree, spans } = view;
  const collapsedRows = rowsOfIds(spans, options.collapsed ?? []);
  if (options.asOf !== undefined) {
    const collapsed = new Uint8Array(spans.count);
    for (const row of collapsedRows) collapsed[row] = 1;
    let visible = 0;
    for (let position = 0; position < tree.order.length; ) {
      const row = tree.order[position] as number;
      if ((spans.startUs[row] as number) > options.asOf) {
        position += tree.size[row] as number;
        continue;
      }
      if (row === target) return visible;
      visible++;
      position += collapsed[row] ? (tree.size[row] as number) : 1;
    }
    return -1;
  }
  const hidden = hiddenRanges(tree, collapsedRows);
  const targetPosition = tree.position[target] as number;
  let before = 0;
  for (let i = 0; i < hidden.length; i += 2) {
    const from = hidden[i] as number;
    const to = hidden[i + 1] as number;
    if (targetPosition >= from && targetPosition < to) return -1;
    if (to <= targetPosition) before += to - from;
  }
  return targetPosition - before;
}

function rowsAsOf(
  view: SpanTreeView,
  collapsedRows: number[],
  offset: number,
  limit: number,
  asOf: number,
): SpanRowsPage {
  const { tree, spans } = view;
  const collapsed = new Uint8Array(spans.count);
  for (const row of collapsedRows) collapsed[row] = 1;
  const rows: SpanRow[] = [];
  let visible = 0;
  for (let position = 0; position < tree.order.length; ) {
    const row = tree.order[position] as number;
    if ((spans.startUs[row] as number) > asOf) {
      position += tree.size[row] as number;
      continue;
    }
    if (visible >= offset && rows.length < limit) rows.push(rowOf(view, row, asOf));
    visible++;
    position += collapsed[row] ? (tree.size[row] as number) : 1;
  }
  return { total: visible, offset, rows };
}

/** Depth-first position ranges [from, to) hidden under collapsed rows, sorted, nested ones dropped. */
function hiddenRanges(tree: SpanTree, collapsedRows: number[]): number[] {
  const ranges: [number, number][] = [];
  for (const row of collapsedRows) {
    const size = tree.size[row] as number;
    if (size > 1) {
      const from = (tree.position[row] as number) + 1;
      ranges.push([from, from + size - 1]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  let end = -1;
  for (const [from, to] of ranges) {
    if (from < end) continue;
    flat.push(from, to);
    end = to;
  }
  return flat;
}

function rowsOfIds(spans: SpanColumns, ids: readonly string[]): number[] {
  const rows: number[] = [];
  for (const id of ids) {
    const row = spans.rowOf(id);
    if (row >= 0) rows.push(row);
  }
  return rows;
}

/** One row as the window gets it. */
export function rowOf(view: SpanTreeView, row: number, asOf: number | undefined): SpanRow {
  const { spans, tree } = view;
  const strings = spans.strings;
  const endUs = spans.endUs[row] as number;
  const ended = !Number.isNaN(endUs) && (asOf === undefined || endUs <= asOf);
  const from = tree.childStart[row] as number;
  const to = tree.childStart[row + 1] as number;
  let childCount = to - from;
  if (asOf !== undefined) {
    childCount = 0;
    for (let c = from; c < to; c++)
      if ((spans.startUs[tree.children[c] as number] as number) <= asOf) childCount++;
  }
  const parent = spans.parent[row] as number;
  const parentHi = spans.parentHi[row] as number;
  const parentLo = spans.parentLo[row] as number;
  return {
    spanId: formatSpanId(spans.idHi[row] as number, spans.idLo[row] as number),
    parentId:
      parent >= 0
        ? formatSpanId(spans.idHi[parent] as number, spans.idLo[parent] as number)
        : parentHi !== 0 || parentLo !== 0
          ? formatSpanId(parentHi, parentLo)
          : null,
    depth: tree.depth[row] as number,
    name: strings.text(spans.name[row] as number) ?? '',
    nodeId: strings.text(spans.nodeId[row] as number),
    nodeType: strings.text(spans.nodeType[row] as number),
    hierarchyPath: spans.pathOf(row),
    serviceName: strings.text(spans.service[row] as number),
    start: spans.startUs[row] as number,
    end: ended ? endUs : null,
    status: ended ? (STATUS_NAMES[spans.status[row] as number] ?? 'UNSET') : 'RUNNING',
    hasChildren: childCount > 0,
    childCount,
    ...((spans.flags[row] as number) & FLAG_SYNTHETIC ? { synthetic: true } : {}),
    ...(view.reused?.rows.has(row) ? { reusedFrom: view.reused.fromRunId } : {}),
  };
}
