import type { ReplayMoment } from '../../shared/replay-data';
import type {
  LogPage,
  MetricSeries,
  NodeFiles,
  RunSummary,
  SpanDetail,
  SpanRowsPage,
} from '../../shared/run-data';

/** What the window can ask of one run, whether it is read from files or fed live by events. */
export interface RunQueries {
  summary(): RunSummary | Promise<RunSummary>;
  spanRows(options: {
    collapsed: string[];
    offset: number;
    limit: number;
    asOf?: number;
  }): SpanRowsPage | Promise<SpanRowsPage>;
  /** Where a span is among the visible rows; -1 when hidden under a collapsed span or absent. */
  spanRowIndex(spanId: string, options: { collapsed?: readonly string[]; asOf?: number }): number;
  spanDetail(spanId: string): SpanDetail | Promise<SpanDetail>;
  searchSpans(
    text: string,
    limit: number,
  ): { spanIds: string[]; total: number } | Promise<{ spanIds: string[]; total: number }>;
  logLines(options: {
    offset: number;
    limit: number;
    minSeverity?: number;
    nodeId?: string;
    text?: string;
    until?: number;
  }): LogPage | Promise<LogPage>;
  metricSeries(options?: { asOf?: number; top?: number }): MetricSeries | Promise<MetricSeries>;
  nodeFiles(hierarchyPath: string): NodeFiles | Promise<NodeFiles>;
  adjacentMoment(fromUs: number, direction: 1 | -1): ReplayMoment | null;
  nodeEndTimes(paths: readonly string[]): Map<string, number>;
}

/**
 * A span's place among the visible rows once its collapsed ancestors are expanded: the collapsed
 * set without them, and the index with that set (-1 when the run has no such span).
 */
export function revealSpanRow(
  queries: RunQueries,
  spanId: string,
  collapsed: readonly string[],
  asOf?: number,
): { index: number; collapsed: string[] } {
  if (queries.spanRowIndex(spanId, {}) < 0) return { index: -1, collapsed: [...collapsed] };
  // An id hides the span exactly when it is one of its ancestors: checked one id at a time, each a
  // lookup of one range (ancestry does not change with the replayed moment, so asOf is left out).
  const kept = collapsed.filter(
    (id) => id === spanId || queries.spanRowIndex(spanId, { collapsed: [id] }) >= 0,
  );
  return { index: queries.spanRowIndex(spanId, { collapsed: kept, asOf }), collapsed: kept };
}
