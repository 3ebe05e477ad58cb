/**
 * What the window is shown of projects and runs: plain JSON, produced by the main process's reader
 * and service, small enough to cross IPC or a WebSocket.
 */
import type { LongValue } from './text-pieces';

export type RunStatus =
  | 'initialized'
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timeout'
  | 'interrupted'
  | 'unknown';

/** Statuses after which a run changes no more. */
export const ENDED_STATUSES: readonly RunStatus[] = [
  'completed',
  'failed',
  'cancelled',
  'timeout',
  'interrupted',
];

export function isEndedStatus(status: string | null | undefined): boolean {
  return ENDED_STATUSES.some((ended) => ended === status);
}

export interface RunListEntry {
  runId: string;
  dir: string;
  rootComponentId: string | null;
  status: RunStatus;
  createdAt: string | null;
  completedAt: string | null;
  durationSeconds: number | null;
  nodeCount: number | null;
  tokens: number | null;
  cost: number | null;
  previousRunId: string | null;
  startHierarchyPath: string | null;
  error: string | null;
  problems?: string[];
}

export interface AgentNodeInfo {
  nodeId: string;
  nodeType: string;
  hierarchyPath: string;
  /** JSON Schema of the node's static input. */
  inputSchema: unknown;
  inputRequired: boolean;
}

export interface AgentInfo {
  id: string;
  /**
   * The root component id its runner gives its runs (`run_summary.json`'s `root_component_id`),
   * which may differ from the agent's id (DAD's `<agent>_root`); absent when the agent does not load.
   */
  rootComponentId?: string | null;
  description: string | null;
  /** Set when the agent's files could not be loaded: the window shows it instead of hiding the agent. */
  loadError: string | null;
  nodes: AgentNodeInfo[];
}

export interface ProjectInfo {
  root: string;
  name: string;
  identifier: string;
  description: string | null;
  runRoot: string;
  /** True when the folder has `.dhenara/` (agents can be run); false for a bare `runs/` folder. */
  isDadProject: boolean;
  agents: AgentInfo[];
  /** When the path opened was one run's folder or a trace file: the run to show. */
  openedRunId?: string | null;
}

export interface ProjectSuggestion {
  path: string;
  name: string;
  kind: 'sample' | 'recent';
  openedAt: string | null;
}

export interface FileProblem {
  file: string;
  line: number | null;
  message: string;
}

/** A run made from someone else's trace file: what it came from. */
export interface ImportedTraceInfo {
  format: 'otlp-json' | 'jaeger-json' | 'zipkin-json';
  sourceFile: string;
  traceId: string;
  /** What such a file does not carry, shown as absent rather than invented. */
  notCarried: ('logs' | 'metrics' | 'nodeFiles' | 'runStatus' | 'outcomeRepository')[];
  /** What the import read anyway or left out, for this trace and for the file as a whole. */
  warnings: ImportWarningInfo[];
  /** Warnings of the whole import beyond those listed. */
  unlistedWarnings: number;
  /** Traces the file held: each made its own run. */
  tracesInFile: number;
  /** Those runs (this one too), in file order; at most the first 100. */
  runsFromFile: ImportedRunRef[];
}

/** Something a trace file held that was read anyway, or left out, and where it was. */
export interface ImportWarningInfo {
  /** 1-based line of the source file; null for the file as a whole. */
  line: number | null;
  /** JSON path inside the line, when known. */
  location: string | null;
  /** The trace it concerns (`0x` + 32 hex digits); null for the whole file. */
  traceId: string | null;
  message: string;
}

/** One run made from a trace file. */
export interface ImportedRunRef {
  runId: string;
  traceId: string;
  spanCount: number;
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  live: boolean;
  rootComponentId: string | null;
  spanCount: number;
  logCount: number;
  /** µs since the epoch. */
  startUs: number | null;
  endUs: number | null;
  previousRunId: string | null;
  startHierarchyPath: string | null;
  error: string | null;
  problems: FileProblem[];
  /** Set for a run made from an OTLP or Jaeger trace file. */
  importedFrom: ImportedTraceInfo | null;
  /**
   * What the run's node spans and model calls (`gen_ai.*`, OpenInference) used together; null when
   * none said (a run without model calls, a model of unknown price), never a made-up 0.
   */
  tokens?: number | null;
  cost?: number | null;
}

/**
 * The name of a stand-in row, while a large run is read, for a parent whose line lies in the part
 * of the trace not read yet.
 */
export const NOT_READ_YET_NAME = '(not read yet)';

export interface SpanRow {
  spanId: string;
  parentId: string | null;
  depth: number;
  name: string;
  nodeId: string | null;
  nodeType: string | null;
  hierarchyPath: string | null;
  /** The service that made the span (its resource's `service.name`); null or absent when unknown. */
  serviceName?: string | null;
  /** µs since the epoch. */
  start: number;
  /** µs since the epoch; null while the span is still running. */
  end: number | null;
  status: 'OK' | 'ERROR' | 'UNSET' | 'RUNNING';
  hasChildren: boolean;
  childCount: number;
  /** Set for nodes loaded from an earlier run in a continuation. */
  reusedFrom?: string | null;
}

export interface SpanRowsPage {
  total: number;
  offset: number;
  rows: SpanRow[];
}

export interface SpanDetail {
  spanId: string;
  name: string;
  attributes: Record<string, unknown>;
  /** Attributes too long to send whole: for these, `attributes[key]` holds only the start of the text. */
  longAttributes?: Record<string, LongValue>;
  events: {
    name: string;
    timestamp: string;
    attributes: Record<string, unknown>;
    longAttributes?: Record<string, LongValue>;
  }[];
  status: { status_code: string; description?: string };
  start: number;
  end: number | null;
  /** Ids as `0x` + hex, as the trace file writes them. */
  parentId: string | null;
  traceId: string | null;
  /** `SpanKind.SERVER` and the like; null when the file does not say. */
  kind: string | null;
  /** `as-written`: values typed as in the file; `structured`: a DAD run's JSON-text values read as what they spell. */
  attributeTyping: 'as-written' | 'structured';
  origin: SpanOrigin | null;
  /** The first links of the span (see `linkCount` for how many it has). */
  spanLinks: SpanLink[];
  linkCount: number;
  /** Set when the span is a call to a model described by `gen_ai.*` or OpenInference attributes. */
  modelCall?: ModelCallFacts | null;
}

/** A model call of another tool's trace: what it says of its model and usage, and what that cost. */
export interface ModelCallFacts {
  model: string | null;
  provider: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  /** USD by the built-in price table; null when the model's price is not known. */
  cost: number | null;
}

/** The service, resource and instrumentation scope that made a span. */
export interface SpanOrigin {
  serviceName: string | null;
  resourceAttributes: Record<string, unknown>;
  /** Resource values sent as their start only: their whole length in UTF-16 units. */
  cutResourceAttributes?: Record<string, number>;
  /** Resource attributes left out past the number sent. */
  omittedResourceAttributes?: number;
  schemaUrl: string | null;
  scope: { name: string; version: string | null } | null;
}

/** A span's link to another span, in this run or in another trace. */
export interface SpanLink {
  traceId: string | null;
  spanId: string | null;
  traceState: string | null;
  attributes: Record<string, unknown>;
  /** Values sent as their start only: their whole length in UTF-16 units. */
  cutAttributes?: Record<string, number>;
  /** True when the linked span is one of this run's, so it can be selected. */
  inRun: boolean;
}

export interface LogLine {
  index: number;
  timestamp: string;
  severityText: string;
  severityNumber: number;
  nodeId: string | null;
  body: string;
  traceId: string | null;
  spanId: string | null;
}

export interface LogPage {
  total: number | null;
  more: boolean;
  offset: number;
  lines: LogLine[];
}

export interface NodeMetric {
  nodeId: string;
  hierarchyPath: string;
  nodeType: string | null;
  durationMs: number | null;
  tokens: number | null;
  cost: number | null;
  status: string;
  end: number | null;
}

/** Node executions that ended within one slice of the run's time, and what they used. */
export interface MetricTimeSlice {
  /** µs since the epoch. */
  start: number;
  end: number;
  ended: number;
  tokens: number;
  cost: number;
}

export interface MetricSeries {
  nodes: NodeMetric[];
  /** The run's whole time range in equal slices (also in a replay, so charts keep their scale). */
  buckets: MetricTimeSlice[];
}

export const NODE_FILE_NAMES = ['result.json', 'outcome.json', 'state.json'] as const;

export interface NodeFileContent {
  name: (typeof NODE_FILE_NAMES)[number];
  /** The parsed file; null when it could not be read, or when it is too big to send whole (`long`). */
  content: unknown;
  error: string | null;
  /** A file too big to send whole: its first bytes as text, the rest read in pieces. */
  long?: { preview: string; previewBytes: number; totalBytes: number } | null;
}

export interface NodeFiles {
  hierarchyPath: string;
  files: NodeFileContent[];
}
