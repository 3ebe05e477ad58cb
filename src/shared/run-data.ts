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
  format: 'otlp-json' | 'jaeger-json';
  sourceFile: string;
  traceId: string;
  /** What such a file does not carry, shown as absent rather than invented. */
  notCarried: ('logs' | 'metrics' | 'nodeFiles' | 'runStatus' | 'outcomeRepository')[];
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
}

export interface SpanRow {
  spanId: string;
  parentId: string | null;
  depth: number;
  name: string;
  nodeId: string | null;
  nodeType: string | null;
  hierarchyPath: string | null;
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
