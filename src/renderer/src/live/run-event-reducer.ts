import type { RunStatus } from '../../../shared/run-data';
import type { RunEvent } from '../../../shared/run-events';
import type { ExecutionStatus } from '../../../shared/run-records';
import type { OutputStreams } from './output-streams';
import { appendOutput, EMPTY_OUTPUT_STREAMS } from './output-streams';
import type { RowWindow, SpanChange } from './rows-model';
import { applySpanChanges, EMPTY_ROW_WINDOW } from './rows-model';
import { isoToMicros } from './timestamps';

export interface NodeInputRequest {
  runId: string;
  nodeId: string;
  nodeType: string;
  hierarchyPath: string;
  inputSchema: unknown;
}

/** What the window knows of the open run beyond what it fetches: kept small whatever the run's size. */
export interface LiveRunData {
  runId: string;
  status: RunStatus;
  /** True while the run is going on in this process (events will come). */
  live: boolean;
  startUs: number | null;
  endUs: number | null;
  error: string | null;
  /** Tokens and cost of the nodes completed since the window started watching. */
  usage: { tokens: number; cost: number };
  rows: RowWindow;
  inputRequests: readonly NodeInputRequest[];
  outputs: OutputStreams;
  /** Bumped when something the logs, metrics or node views fetch has changed. */
  logsVersion: number;
  metricsVersion: number;
  nodesVersion: number;
  /** Paths of the nodes completed in the last applied batch. */
  completedPaths: readonly string[];
  /** Counts span events applied, so a fetch that raced with them can tell. */
  spanEventCount: number;
  /** Latest time seen in an event (µs), to draw "now" for a live run. */
  latestEventUs: number | null;
}

export function initialLiveRun(runId: string): LiveRunData {
  return {
    runId,
    status: 'unknown',
    live: false,
    startUs: null,
    endUs: null,
    error: null,
    usage: { tokens: 0, cost: 0 },
    rows: EMPTY_ROW_WINDOW,
    inputRequests: [],
    outputs: EMPTY_OUTPUT_STREAMS,
    logsVersion: 0,
    metricsVersion: 0,
    nodesVersion: 0,
    completedPaths: [],
    spanEventCount: 0,
    latestEventUs: null,
  };
}

function runStatusOf(status: ExecutionStatus): RunStatus {
  return status === 'pending' ? 'initialized' : status;
}

function later(current: number | null, candidate: number | null): number | null {
  if (candidate === null) return current;
  return current === null || candidate > current ? candidate : current;
}

/**
 * Applies one batch of a run's events (in order) and returns the new state; the old one is left
 * unchanged. Events of other runs are ignored. `collapsed` is the timeline's collapsed set, which
 * decides where new spans go in the row window.
 */
export function applyRunEvents(
  state: LiveRunData,
  events: readonly RunEvent[],
  collapsed: ReadonlySet<string>,
): LiveRunData {
  const next: LiveRunData = { ...state, completedPaths: [] };
  const spanChanges: SpanChange[] = [];
  const deltas: { hierarchyPath: string; text: string }[] = [];
  let requests: NodeInputRequest[] | null = null;
  const completed: string[] = [];
  const dropRequest = (path: string) => {
    const current = requests ?? next.inputRequests;
    if (!current.some((request) => request.hierarchyPath === path)) return;
    requests = current.filter((request) => request.hierarchyPath !== path);
  };

  for (const event of events) {
    if (event.runId !== state.runId) continue;
    switch (event.type) {
      case 'run_started': {
        const at = isoToMicros(event.at);
        next.status = 'running';
        next.live = true;
        next.startUs = next.startUs ?? at;
        next.latestEventUs = later(next.latestEventUs, at);
        break;
      }
      case 'run_ended': {
        const at = isoToMicros(event.at);
        next.status = runStatusOf(event.status);
        next.live = false;
        next.error = event.error;
        next.endUs = at ?? next.endUs;
        next.latestEventUs = later(next.latestEventUs, at);
        requests = [];
        break;
      }
      case 'span_started':
        spanChanges.push({
          kind: 'started',
          spanId: event.spanId,
          parentId: event.parentId,
          name: event.name,
          startTime: event.startTime,
          attributes: event.attributes,
        });
        next.spanEventCount++;
        next.startUs = next.startUs ?? isoToMicros(event.startTime);
        next.latestEventUs = later(next.latestEventUs, isoToMicros(event.startTime));
        break;
      case 'span_ended':
        spanChanges.push({ kind: 'ended', span: event.span });
        next.spanEventCount++;
        next.latestEventUs = later(next.latestEventUs, isoToMicros(event.span.end_time));
        break;
      case 'node_started':
        dropRequest(event.hierarchyPath);
        next.nodesVersion++;
        next.latestEventUs = later(next.latestEventUs, isoToMicros(event.at));
        break;
      case 'node_completed': {
        dropRequest(event.hierarchyPath);
        const result = event.result;
        next.usage = {
          tokens: next.usage.tokens + (result.usage_total_tokens ?? 0),
          cost: next.usage.cost + (result.usage_cost ?? 0),
        };
        completed.push(event.hierarchyPath);
        next.nodesVersion++;
        next.metricsVersion++;
        // Reused nodes have no span of their own: the reader adds their rows, so fetch again.
        if (event.reusedFrom) next.rows = { ...next.rows, stale: true };
        break;
      }
      case 'node_input_required': {
        const current: NodeInputRequest[] = (requests ?? next.inputRequests).filter(
          (request) => request.hierarchyPath !== event.hierarchyPath,
        );
        current.push({
          runId: event.runId,
          nodeId: event.nodeId,
          nodeType: event.nodeType,
          hierarchyPath: event.hierarchyPath,
          inputSchema: event.inputSchema,
        });
        requests = current;
        break;
      }
      case 'node_output_delta':
        deltas.push({ hierarchyPath: event.hierarchyPath, text: event.text });
        break;
      case 'log':
        next.logsVersion++;
        next.latestEventUs = later(next.latestEventUs, isoToMicros(event.record.timestamp));
        break;
      case 'metrics':
        next.metricsVersion++;
        break;
      case 'outcome_commit':
        break;
    }
  }

  if (spanChanges.length > 0) next.rows = applySpanChanges(next.rows, spanChanges, collapsed);
  if (deltas.length > 0) next.outputs = appendOutput(next.outputs, deltas);
  if (requests) next.inputRequests = requests;
  next.completedPaths = completed;
  return next;
}
