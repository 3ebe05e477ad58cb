/**
 * The one contract between the window and the main process: every call with its payload schema and
 * result type, and every pushed event. Electron IPC and the WebSocket adapter both carry exactly this.
 */
import { z } from 'zod';
import type {
  AgentInfo,
  LogPage,
  MetricSeries,
  NodeFiles,
  ProjectInfo,
  ProjectSuggestion,
  RunListEntry,
  RunSummary,
  SpanDetail,
  SpanRowsPage,
} from './run-data';
import type { CommitFiles, CommitGraphPage, FileAtCommit, FileDiff, RunComparison } from './compare-data';
import type { ReplayMoment, RunOutcomeTimeline } from './replay-data';
import type { RunEvent } from './run-events';
import { NODE_FILE_NAMES } from './run-data';
import { PIECE_MAX_LENGTH, type TextPiece } from './text-pieces';

/** Every channel this app uses starts with this prefix; the main side refuses any other. */
export const CHANNEL_PREFIX = 'dad:';
export const EVENT_CHANNEL = 'dad:event';

export type ErrorCode =
  | 'bad_channel'
  | 'untrusted_sender'
  | 'invalid_payload'
  | 'ipc_failed'
  | 'not_found'
  | 'no_project'
  | 'internal_error'
  | (string & {});

export interface CallError {
  code: ErrorCode;
  message: string;
}

/** What every call answers: errors travel as data, never as thrown exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /**
   * Where the window runs: the desktop app (native dialogs, notifications and menus, answered by
   * the main process) or a browser tab served by `dad serve` (the window's own fallbacks).
   */
  shell: 'desktop' | 'browser';
}

/** What an open dialog of the desktop app is asked to choose. */
export const OPEN_KINDS = ['project', 'trace-file'] as const;
export type OpenKind = (typeof OPEN_KINDS)[number];

/**
 * A trace file dropped on (or picked in) a browser window travels to the service in pieces of at
 * most this many bytes, base64-encoded, so that each message stays well under the server's 1 MiB.
 */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** The largest trace file a window may upload: the importer's own limit. */
export const UPLOAD_MAX_BYTES = 1 << 30;

/**
 * Told to every window when a run started from this app ends or waits for input: the window shows
 * it (a notification when it is in the background), and the desktop app shows an OS notification.
 */
export interface RunNotice {
  runId: string;
  agentId: string;
  /** The project the run belongs to (`ProjectInfo.root`): another may be open when the notice comes. */
  projectRoot: string;
  kind: 'ended' | 'input-needed';
  /** The run's status for `ended` (completed, failed, cancelled, interrupted). */
  status: string | null;
  /** One line for the user: what happened, with the error's first line for a failed run. */
  message: string;
}

/** Asked of the window by the desktop app's menu (or its command line): the window does it. */
export type AppCommand =
  | { name: 'open-project' }
  | { name: 'open-trace-file' }
  | { name: 'open-path'; path: string }
  | { name: 'close-project' }
  | { name: 'launch' }
  | { name: 'cancel-run' }
  | { name: 'rerun-from-node' }
  | { name: 'show-runs' }
  /** `projectRoot`: the run's project, opened first when another is open (a notification's run). */
  | { name: 'open-run'; runId: string; projectRoot?: string }
  | { name: 'set-theme'; theme: 'light' | 'dark' | 'system' };

// Ids are checked here, at the boundary, as well as where paths are built.
const id = z.string().regex(/^[a-zA-Z0-9_]{1,150}$/, 'must be 1-150 letters, digits or "_"');
const runId = z.string().regex(/^[a-zA-Z0-9_]{1,200}$/, 'must be a run id (letters, digits, "_")');
const hierarchyPath = z
  .string()
  .max(4000)
  .regex(/^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)*$/, 'must be dot-separated ids');
const spanId = z.string().regex(/^(0x)?[0-9a-f]{16}$/, 'must be a span id');
const pageOffset = z.number().int().min(0);
const pageLimit = z.number().int().min(1).max(5000);
const timestampUs = z.number().finite();
const commitSha = z.string().regex(/^[0-9a-f]{7,64}$/, 'must be a commit id');
const repoPath = z.string().min(1).max(4096);
const pieceLength = z.number().int().min(1).max(PIECE_MAX_LENGTH);

interface CallSpec<Payload extends z.ZodType, Value> {
  channel: string;
  payload: Payload;
  /** Carries the result type only; never set or read at run time. */
  resultType?: { value: Value };
}

function call<Value>() {
  return <Payload extends z.ZodType>(name: string, payload: Payload): CallSpec<Payload, Value> => ({
    channel: CHANNEL_PREFIX + name,
    payload,
  });
}

const none = z.undefined().or(z.object({}).strict());

export const calls = {
  appInfo: call<AppInfo>()('app.info', none),
  projectSuggestions: call<ProjectSuggestion[]>()('project.suggestions', none),
  openProject: call<ProjectInfo>()('project.open', z.object({ path: z.string().min(1).max(4096) }).strict()),
  currentProject: call<ProjectInfo | null>()('project.current', none),
  listRuns: call<RunListEntry[]>()('runs.list', none),
  validateInputs: call<{ valid: boolean; errors: { nodeId: string; field: string; message: string }[] }>()(
    'run.validate-inputs',
    z.object({ agentId: id, staticInputs: z.record(z.string(), z.unknown()) }).strict(),
  ),
  startRun: call<{ runId: string; runDir: string }>()(
    'run.start',
    z
      .object({
        agentId: id,
        staticInputs: z.record(z.string(), z.unknown()).default({}),
        runIdPrefix: id.optional(),
        previousRunId: runId.optional(),
        startHierarchyPath: hierarchyPath.optional(),
      })
      .strict(),
  ),
  /** The static inputs a run used (`static_inputs/static_inputs.json`), keyed by node id. */
  runStaticInputs: call<{ inputs: Record<string, unknown> }>()(
    'run.static-inputs',
    z.object({ runId }).strict(),
  ),
  cancelRun: call<{ cancelled: boolean }>()('run.cancel', z.object({ runId }).strict()),
  provideNodeInput: call<{ accepted: true }>()(
    'run.provide-input',
    z.object({ runId, hierarchyPath, input: z.unknown() }).strict(),
  ),
  runSummary: call<RunSummary>()('run.summary', z.object({ runId }).strict()),
  spanRows: call<SpanRowsPage>()(
    'run.span-rows',
    z
      .object({
        runId,
        collapsed: z.array(spanId).max(100_000).default([]),
        offset: pageOffset,
        limit: pageLimit,
        asOf: timestampUs.optional(),
      })
      .strict(),
  ),
  /**
   * Where a span's row is among the visible rows, for selecting a span the window does not hold:
   * `collapsed` comes back without the span's collapsed ancestors (so its row is shown), `index`
   * is its place with that set; -1 when the run has no such span (or, in a replay, not yet).
   */
  spanRowIndex: call<{ index: number; collapsed: string[] }>()(
    'run.span-row-index',
    z
      .object({
        runId,
        spanId,
        collapsed: z.array(spanId).max(100_000).default([]),
        asOf: timestampUs.optional(),
      })
      .strict(),
  ),
  spanDetail: call<SpanDetail>()('run.span-detail', z.object({ runId, spanId }).strict()),
  /**
   * A piece of one span attribute's text (of an event's attribute with `eventIndex`), counted in
   * UTF-16 units: how the window reads the rest of a value `spanDetail` sent only the start of.
   */
  spanValuePiece: call<TextPiece>()(
    'run.span-value-piece',
    z
      .object({
        runId,
        spanId,
        key: z.string().min(1).max(1000),
        eventIndex: z.number().int().min(0).max(10_000_000).optional(),
        offset: pageOffset,
        length: pieceLength,
      })
      .strict(),
  ),
  searchSpans: call<{ spanIds: string[]; total: number }>()(
    'run.search-spans',
    z.object({ runId, text: z.string().min(1).max(500), limit: pageLimit.default(200) }).strict(),
  ),
  logLines: call<LogPage>()(
    'run.logs',
    z
      .object({
        runId,
        offset: pageOffset,
        limit: pageLimit,
        minSeverity: z.number().int().min(0).max(24).optional(),
        nodeId: id.optional(),
        text: z.string().max(500).optional(),
        until: timestampUs.optional(),
      })
      .strict(),
  ),
  metricSeries: call<MetricSeries>()(
    'run.metrics',
    z
      .object({
        runId,
        asOf: timestampUs.optional(),
        /** Only the `top` executions by duration, by tokens and by cost, instead of up to 5,000. */
        top: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
  ),
  /** The run's next (1) or previous (-1) recorded moment from `fromUs`; null when there is none. */
  adjacentMoment: call<ReplayMoment | null>()(
    'run.adjacent-moment',
    z.object({ runId, fromUs: timestampUs, direction: z.union([z.literal(1), z.literal(-1)]) }).strict(),
  ),
  /** The run's outcome commits placed in its own time, for showing its outcome files as of a moment. */
  outcomeTimeline: call<RunOutcomeTimeline>()('run.outcome-timeline', z.object({ runId }).strict()),
  nodeFiles: call<NodeFiles>()('run.node-files', z.object({ runId, hierarchyPath }).strict()),
  /** A range of one node file's bytes as text, for a file `nodeFiles` sent only the start of. */
  nodeFileRange: call<TextPiece>()(
    'run.node-file-range',
    z
      .object({
        runId,
        hierarchyPath,
        name: z.enum(NODE_FILE_NAMES),
        offset: pageOffset,
        length: pieceLength,
      })
      .strict(),
  ),
  compareRuns: call<RunComparison>()(
    'runs.compare',
    z.object({ runA: runId.optional(), runB: runId }).strict(),
  ),
  outcomeGraph: call<CommitGraphPage>()(
    'outcome.graph',
    z
      .object({
        offset: pageOffset,
        // A wide graph's row (its lanes and edges) can weigh 2 KB: 500 rows stay near 1 MB.
        limit: z.number().int().min(1).max(500),
        /** Runs whose branches to check against what their run directories recorded. */
        runs: z.array(runId).max(20).default([]),
      })
      .strict(),
  ),
  runCommits: call<{
    runId: string;
    branchMissing: boolean;
    commits: { sha: string; subject: string; row: number | null }[];
  }>()('outcome.run-commits', z.object({ runId }).strict()),
  /** The graph row of a commit (a full id or a prefix); null when no ref reaches it. */
  commitRow: call<{ row: number | null }>()('outcome.commit-row', z.object({ sha: commitSha }).strict()),
  commitFiles: call<CommitFiles>()('outcome.commit-files', z.object({ sha: commitSha }).strict()),
  fileAt: call<FileAtCommit>()('outcome.file-at', z.object({ sha: commitSha, path: repoPath }).strict()),
  commitFileDiff: call<FileDiff>()(
    'outcome.commit-file-diff',
    z.object({ sha: commitSha, path: repoPath, sideBySide: z.boolean().default(false) }).strict(),
  ),
  /** One file between any two commits: the compare screen passes the two runs' tips. */
  fileDiff: call<FileDiff>()(
    'outcome.file-diff',
    z
      .object({
        shaA: commitSha,
        shaB: commitSha,
        path: repoPath,
        oldPath: repoPath.optional(),
        sideBySide: z.boolean().default(false),
      })
      .strict(),
  ),
  /**
   * The desktop app's native open dialog, then opens what was chosen (as `openProject` does); null
   * when the user cancelled. A browser window is answered `unsupported` and offers a path field.
   */
  chooseAndOpen: call<ProjectInfo | null>()(
    'desktop.choose-and-open',
    z.object({ kind: z.enum(OPEN_KINDS) }).strict(),
  ),
  /**
   * One piece of a trace file the window uploads (a file dropped on a browser window), at `offset`
   * bytes, base64-encoded; pieces come in order. Answers how many bytes the service holds so far.
   */
  uploadTraceChunk: call<{ received: number }>()(
    'trace.upload-chunk',
    z
      .object({
        uploadId: id,
        fileName: z.string().min(1).max(255),
        offset: z.number().int().min(0).max(UPLOAD_MAX_BYTES),
        data: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
      })
      .strict(),
  ),
  /** Imports an uploaded trace file (once all its pieces arrived) and opens it, as `openProject` does. */
  finishTraceUpload: call<ProjectInfo>()('trace.upload-finish', z.object({ uploadId: id }).strict()),
  /** Drops an upload under way (the user cancelled it): what arrived of it is removed. */
  cancelTraceUpload: call<{ cancelled: boolean }>()(
    'trace.upload-cancel',
    z.object({ uploadId: id }).strict(),
  ),
  watchRun: call<{ watching: true }>()('run.watch', z.object({ runId }).strict()),
  unwatchRun: call<{ watching: false }>()('run.unwatch', z.object({ runId }).strict()),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type PayloadOf<N extends CallName> = z.input<Calls[N]['payload']>;
export type ParsedPayloadOf<N extends CallName> = z.output<Calls[N]['payload']>;
export type ResultOf<N extends CallName> = NonNullable<Calls[N]['resultType']>['value'];

/** Events pushed to the window, batched: never more than one message per short interval. */
export type PushedEvent =
  /** The project's whole runs list, newest first (sent when anything in it changed). */
  | { type: 'runs.changed'; runs: RunListEntry[] }
  | { type: 'run.events'; runId: string; events: RunEvent[] }
  | { type: 'project.changed'; project: ProjectInfo }
  | { type: 'run.notice'; notice: RunNotice }
  | { type: 'app.command'; command: AppCommand }
  /** How far the reading of a large run's files got (sent to the windows watching it). */
  | { type: 'run.indexing'; runId: string; indexing: RunIndexing };

/**
 * The reading of a large run's files, which goes on after its first rows can be shown: `reading`
 * while it lasts (`previewSpans` is how many spans the answers hold meanwhile, 0 before the first
 * preview), then `done` (answers now cover the whole run: ask again), `failed`, or `stopped` (the
 * service let it go: asking again starts it anew).
 */
export interface RunIndexing {
  state: 'reading' | 'done' | 'failed' | 'stopped';
  bytesRead: number;
  totalBytes: number;
  spans: number;
  logLines: number;
  previewSpans: number;
}

export interface EventBatch {
  events: PushedEvent[];
}

/** The object the window talks to: `window.dad` in Electron, a WebSocket client in a browser. */
export type DadApi = {
  [N in CallName]: undefined extends PayloadOf<N>
    ? (payload?: PayloadOf<N>) => Promise<Result<ResultOf<N>>>
    : (payload: PayloadOf<N>) => Promise<Result<ResultOf<N>>>;
} & {
  /** Receives every pushed batch; returns the function that unsubscribes. */
  onEvents(listener: (batch: EventBatch) => void): () => void;
  /**
   * The desktop app only: the path on disk of a file or folder dropped on the window (Electron's
   * `webUtils.getPathForFile`), or null. A browser window has no such path and uploads the file.
   */
  pathForDroppedFile?: (file: File) => string | null;
};

export function channelOf(name: CallName): string {
  return calls[name].channel;
}

export type { AgentInfo };
