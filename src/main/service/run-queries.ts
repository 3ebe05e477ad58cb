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
