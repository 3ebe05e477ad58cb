/** The events of a run as they happen (spec section 9), and the trace, log and metric line shapes. */
import type { ExecutionStatus, NodeExecutionResult } from './run-records';
import type { LongValue } from './text-pieces';

/** A trace line as written to `.trace/trace.jsonl` (OpenTelemetry's JSON shape, as DAD writes it). */
export interface SpanRecord {
  name: string;
  context: { trace_id: string; span_id: string; trace_state: string };
  kind: string;
  parent_id: string | null;
  start_time: string;
  end_time: string;
  status: { status_code: 'OK' | 'ERROR' | 'UNSET'; description?: string };
  attributes: Record<string, unknown>;
  events: { name: string; timestamp: string; attributes: Record<string, unknown> }[];
  links: unknown[];
  resource: { attributes: Record<string, unknown>; schema_url: string };
}

/** A log line as written to `.trace/logs.jsonl`. */
export interface LogRecordLine {
  body: unknown;
  severity_number: number;
  severity_text: string;
  attributes: Record<string, unknown>;
  dropped_attributes: number;
  timestamp: string;
  observed_timestamp: string;
  trace_id: string;
  span_id: string;
  trace_flags: number;
  resource: { attributes: Record<string, unknown>; schema_url: string };
}

/** One line of `.trace/metrics.jsonl`: a cumulative export. */
export interface MetricsExportLine {
  resource_metrics: unknown[];
}

export type RunEvent =
  | {
      type: 'run_started';
      runId: string;
      runDir: string;
      executionId: string;
      rootComponentId: string;
      previousRunId: string | null;
      startHierarchyPath: string | null;
      at: string;
    }
  | { type: 'run_ended'; runId: string; status: ExecutionStatus; error: string | null; at: string }
  | {
      type: 'span_started';
      runId: string;
      name: string;
      traceId: string;
      spanId: string;
      parentId: string | null;
      startTime: string;
      attributes: Record<string, unknown>;
      /** Attributes pushed as their start only (see spanDetail / spanValuePiece for the rest). */
      longAttributes?: Record<string, LongValue>;
    }
  | {
      type: 'span_ended';
      runId: string;
      span: SpanRecord;
      /** The span's attributes pushed as their start only. */
      longAttributes?: Record<string, LongValue>;
      /** The same for its events' attributes, by event index. */
      longEventAttributes?: Record<string, Record<string, LongValue>>;
    }
  | {
      type: 'node_started';
      runId: string;
      nodeId: string;
      nodeType: string;
      hierarchyPath: string;
      at: string;
    }
  | {
      type: 'node_completed';
      runId: string;
      nodeId: string;
      nodeType: string;
      hierarchyPath: string;
      result: NodeExecutionResult;
      /** Set when the result was loaded from an earlier run instead of executed. */
      reusedFrom: string | null;
      /** Set when values of `result` were too long to push: the node's files hold them whole. */
      resultCut?: true;
    }
  | {
      type: 'node_input_required';
      runId: string;
      nodeId: string;
      nodeType: string;
      hierarchyPath: string;
      /** JSON Schema of the input the node accepts. */
      inputSchema: unknown;
    }
  | { type: 'node_output_delta'; runId: string; nodeId: string; hierarchyPath: string; text: string }
  | {
      type: 'log';
      runId: string;
      record: LogRecordLine;
      /** Set when values of `record` were too long to push: logLines has them whole. */
      recordCut?: true;
    }
  | { type: 'metrics'; runId: string; export: MetricsExportLine }
  | {
      type: 'outcome_commit';
      runId: string;
      sha: string;
      branch: string;
      message: string;
      nodeId: string | null;
    };

export type RunEventType = RunEvent['type'];
export type RunEventListener = (event: RunEvent) => void;
