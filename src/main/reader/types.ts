/**
 * What the reader answers, as plain JSON. The shapes the window already knows come from the shared
 * contract (`src/shared/run-data.ts`); the reader adds a few fields to some of them.
 */
import type {
  FileProblem,
  LogLine,
  LogPage,
  MetricSeries,
  NodeMetric,
  RunSummary,
  SpanDetail,
  SpanRow,
  SpanRowsPage,
} from '../../shared/run-data';
import type { MetricsExportLine } from '../engine/events';

export type {
  FileProblem,
  LogLine,
  LogPage,
  MetricSeries,
  NodeFileContent,
  NodeFiles,
  NodeMetric,
  RunListEntry,
  RunStatus,
  RunSummary,
  SpanDetail,
  SpanRow,
  SpanRowsPage,
} from '../../shared/run-data';

export interface ReaderSpanRow extends SpanRow {
  /** A stand-in for a parent span that never ended (its children did): the run was interrupted. */
  synthetic?: boolean;
}

export interface ReaderSpanRowsPage extends SpanRowsPage {
  rows: ReaderSpanRow[];
}

export interface ReaderRunSummary extends RunSummary {
  /** Span ids of the tree's roots. */
  rootSpanIds: string[];
  /** Stand-ins made for parents that never ended. */
  syntheticSpanCount: number;
  traceIds: string[];
  metricExportCount: number;
  /** Things worth knowing that are not wrong: a last line cut short, a parent cycle broken. */
  notes: FileProblem[];
}

export interface SpansInRangeOptions {
  /** µs since the epoch. */
  from: number;
  to: number;
  /** Most spans returned; the longest are kept when more overlap the window. */
  limit: number;
  asOf?: number;
}

export interface TimelineSpan {
  spanId: string;
  parentId: string | null;
  depth: number;
  name: string;
  nodeId: string | null;
  start: number;
  end: number | null;
  status: SpanRow['status'];
}

export interface SpansInRange {
  /** Spans overlapping the window. */
  total: number;
  /** Of those, how many were left out by the limit. */
  omitted: number;
  spans: TimelineSpan[];
}

export interface SpanEvent {
  name: string;
  timestamp: string;
  attributes: Record<string, unknown>;
}

export interface ReaderSpanDetail extends SpanDetail {
  parentId: string | null;
  traceId: string | null;
  kind: string | null;
  nodeId: string | null;
  nodeType: string | null;
  hierarchyPath: string | null;
  links: unknown[];
  resource: Record<string, unknown> | null;
  synthetic: boolean;
  /** Set when the span's own line could not be read back; the other fields come from the index. */
  detailError: string | null;
}

export interface SearchResult {
  /** Matching span ids in tree order, at most `limit`. */
  spanIds: string[];
  total: number;
}

export interface LogLinesOptions {
  offset: number;
  limit: number;
  /** Lowest severity number shown (OpenTelemetry: 5 debug, 9 info, 13 warn, 17 error). */
  minSeverity?: number;
  nodeId?: string;
  /** Case-insensitive text the log body must contain. */
  text?: string;
  /** µs since the epoch: lines logged later are left out. */
  until?: number;
}

export interface ReaderLogLine extends LogLine {
  attributes: Record<string, unknown>;
}

export interface ReaderLogPage extends LogPage {
  lines: ReaderLogLine[];
}

export interface MetricSeriesOptions {
  asOf?: number;
  /** Most per-execution entries in `nodes` (the first in tree order are kept); 5,000 by default. */
  limit?: number;
  /** Instead: the `top` executions by duration, by tokens and by cost (their union). */
  top?: number;
  /** Number of time buckets; 60 by default. */
  buckets?: number;
}

export interface NodeAggregate {
  nodeId: string;
  nodeType: string | null;
  executions: number;
  failures: number;
  running: number;
  totalDurationMs: number;
  maxDurationMs: number;
  tokens: number;
  cost: number;
}

export interface MetricBucket {
  /** µs since the epoch. */
  start: number;
  end: number;
  /** Node executions that ended in this bucket, and their sums. */
  ended: number;
  failures: number;
  durationMs: number;
  tokens: number;
  cost: number;
  /** Node executions running at the end of the bucket. */
  running: number;
}

export interface ReaderMetricSeries extends MetricSeries {
  nodes: NodeMetric[];
  /** Node executions in the run (as of `asOf`), of which `nodes` holds at most `limit`. */
  totalNodes: number;
  byNode: NodeAggregate[];
  buckets: MetricBucket[];
  totals: { executions: number; failures: number; tokens: number; cost: number; durationMs: number };
  /** The last cumulative metrics export (as of `asOf`), as written to `metrics.jsonl`. */
  lastExport: MetricsExportLine | null;
}
