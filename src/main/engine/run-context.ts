import { cp, lstat, open, readFile, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isFolderInside, RunFileRefusedError } from '../reader/run-files';
import { EngineError, errorMessage, type OutcomeRepositoryError } from './errors';
import { EventBus } from './events';
import { assertValidId } from './ids';
import { jsonText, writeFileAtomic } from './io/atomic-write';
import { WriteBehindWriter } from './io/write-behind';
import { describeFileError, fileErrorText, isDiskError } from './io/write-error';
import { RunObservability } from './observability';
import { OutcomeRepository, type RunWorktree } from './outcome';
import { projectIdentifierOf } from './project-identity';
import { addUsage, aggUsageFields, emptyUsage, type ExecutionStatus, type NodeUsage } from './results';
import { createRunFolder, METADATA_FILE, RUN_LOCK_FILE, TRACE_DIR } from './run-folder';
import { isoMicros, newExecutionId, newRunId } from './run-id';
import { mayStillBeRunning } from './run-liveness';
import {
  mergeStaticInputs,
  readStaticInputsFile,
  STATIC_INPUTS_FILE,
  type RawStaticInputs,
} from './static-inputs';

export interface RunContextOptions {
  rootComponentId: string;
  projectRoot: string;
  /** Default `<projectRoot>/runs`. */
  runRoot?: string;
  runRootSubpath?: string;
  observability?: {
    serviceName?: string;
    metricExportIntervalMs?: number;
    /** Also export to an OpenTelemetry collector; defaults to `OTEL_EXPORTER_OTLP_ENDPOINT`. */
    otlpEndpoint?: string | null;
  };
  previousRunId?: string;
  startHierarchyPath?: string;
  runIdPrefix?: string;
  /**
   * The run's id, when the process that owns the run decided it (the service runs agents in a
   * child process, and names the run before the child starts); the prefix is then not used.
   */
  runId?: string;
  /** Default true. */
  enableOutcomeRepo?: boolean;
  /** Overrides the identifier read from `.dhenara/config.yaml`. */
  projectIdentifier?: string;
  /** A folder (or one file) whose files are copied into `static_inputs/` of a fresh run. */
  inputSource?: string;
  /** Share one bus between several runs (the desktop app does). */
  events?: EventBus;
}

/** Final statuses a run can end with. */
export type RunEndStatus = Extract<ExecutionStatus, 'completed' | 'failed' | 'cancelled' | 'timeout'>;

export { TRACE_DIR, METADATA_FILE, RUN_LOCK_FILE };

/** What `completeRun` did: whether the end is on disk, and the status and error it records. */
export interface RunEndRecord {
  recorded: boolean;
  reason?: string;
  status?: RunEndStatus;
  error?: string | null;
}

/**
 * One run's directory, files, outcome work tree and observability. The constructor writes
 * nothing; `setupRun` creates the run, `completeRun` records how it ended.
 */
export class RunContext {
  readonly rootComponentId: string;
  readonly projectRoot: string;
  readonly runRoot: string;
  /** `run_root` plus the optional sub path: where this run's directory is made. */
  readonly effectiveRunRoot: string;
  readonly previousRunId: string | null;
  readonly startHierarchyPath: string | null;
  readonly events: EventBus;
  readonly writer: WriteBehindWriter;
  private readonly options: RunContextOptions;
  private readonly abortController = new AbortController();
  private readonly registeredInputs: RawStaticInputs = {};
  private readonly usage = emptyUsage();
  private state: 'new' | 'set_up' | 'completed' = 'new';
  private setupInfo: {
    runId: string;
    executionId: string;
    runDir: string;
    createdAt: Date;
    observability: RunObservability;
    worktree: RunWorktree | null;
  } | null = null;
  private staticInputsCache: RawStaticInputs | null = null;

  constructor(options: RunContextOptions) {
    this.options = options;
    this.rootComponentId = options.rootComponentId;
    this.projectRoot = resolve(options.projectRoot);
    this.runRoot = resolve(options.runRoot ?? join(this.projectRoot, 'runs'));
    this.effectiveRunRoot = options.runRootSubpath
      ? join(this.runRoot, options.runRootSubpath)
      : this.runRoot;
    this.previousRunId = options.previousRunId ?? null;
    this.startHierarchyPath = options.startHierarchyPath ?? null;
    this.events =
      options.events ?? new EventBus((error) => console.error('run event listener failed:', error));
    // One line, not one per file: on a full disk every later write fails too, and the run's end
    // records them all.
    this.writer = new WriteBehindWriter(8, (failure) => {
      if (this.writer.failureCount === 1)
        console.error(`could not write ${failure.path}: ${fileErrorText(failure.error)}`);
    });
  }

  get isSetUp(): boolean {
    return this.setupInfo !== null;
  }

  get isCompleted(): boolean {
    return this.state === 'completed';
  }

  get runId(): string {
    return this.requireSetup().runId;
  }

  get executionId(): string {
    return this.requireSetup().executionId;
  }

  get runDir(): string {
    return this.requireSetup().runDir;
  }

  get traceDir(): string {
    return join(this.runDir, TRACE_DIR);
  }

  get createdAt(): Date {
    return this.requireSetup().createdAt;
  }

  get observability(): RunObservability {
    return this.requireSetup().observability;
  }

  /** The run's outcome work tree (its own `git worktree`), or null when disabled. */
  get outcomeWorktree(): RunWorktree | null {
    return this.requireSetup().worktree;
  }

  get previousRunDir(): string | null {
    return this.previousRunId ? join(this.effectiveRunRoot, this.previousRunId) : null;
  }

  /** Fires when the run is cancelled or runs out of time. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** Stops the run: the node in flight is abandoned and the run ends `cancelled` (or `timeout`). */
  abort(status: 'cancelled' | 'timeout', reason: string): void {
    if (!this.abortController.signal.aborted) this.abortController.abort({ status, reason });
  }

  addUsage(usage: NodeUsage): void {
    addUsage(this.usage, usage);
  }

  /** Run variables, available to templates as `$var{...}`. */
  runVariables(): Record<string, unknown> {
    return {
      run_id: this.runId,
      run_dir: this.runDir,
      run_root: this.runRoot,
      effective_run_root: this.effectiveRunRoot,
      outcome_repo_dir: this.outcomeWorktree?.dir ?? null,
    };
  }

  async setupRun(options: { runIdPrefix?: string } = {}): Promise<{ runId: string; runDir: string }> {
    if (this.setupInfo) return { runId: this.setupInfo.runId, runDir: this.setupInfo.runDir };
    // Checked before anything is created: a bad previous run id leaves no trace on disk.
    if (this.previousRunId) await this.assertPreviousRunExists(this.previousRunId);

    const createdAt = new Date();
    const given = this.options.runId;
    if (given !== undefined) assertValidId(given, 'run');
    const runId =
      given ??
      newRunId({
        prefix: options.runIdPrefix ?? this.options.runIdPrefix ?? null,
        rerun: this.previousRunId !== null,
        now: createdAt,
      });
    // Before anything slow (outcome repository, worktree, input files): a run killed from here on
    // leaves metadata that says it started, which readers show as interrupted.
    const runDir = await createRunFolder({
      runRoot: this.effectiveRunRoot,
      runId,
      metadata: this.metadataOf(runId, createdAt, { status: 'initialized', pid: process.pid }),
    });
    const traceDir = join(runDir, TRACE_DIR);

    const observability = new RunObservability({
      runId,
      traceDir,
      writer: this.writer,
      bus: this.events,
      serviceName: this.options.observability?.serviceName,
      rerun: this.previousRunId
        ? { previousRunId: this.previousRunId, startHierarchyPath: this.startHierarchyPath }
        : undefined,
      metricExportIntervalMs: this.options.observability?.metricExportIntervalMs,
      otlpEndpoint:
        this.options.observability?.otlpEndpoint !== undefined
          ? this.options.observability.otlpEndpoint
          : (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null),
    });
    this.setupInfo = {
      runId,
      executionId: newExecutionId(),
      runDir,
      createdAt,
      observability,
      worktree: null,
    };

    try {
      if (this.options.enableOutcomeRepo ?? true) {
        const repository = await OutcomeRepository.open({
          effectiveRunRoot: this.effectiveRunRoot,
          projectIdentifier: this.options.projectIdentifier ?? projectIdentifierOf(this.projectRoot),
        });
        this.setupInfo.worktree = await repository.startRun(runId, {
          fromRunId: await this.previousOutcomeBranch(repository),
          isLive: (id) => mayStillBeRunning(join(this.effectiveRunRoot, id)),
        });
      }
    } catch (error) {
      // The directory exists now: record why the run could not start instead of leaving it blank.
      this.state = 'set_up';
      const end = await this.completeRun({
        status: 'failed',
        errorMsg: `run setup failed: ${errorMessage(error)}`,
      });
      // A folder that cannot even say the run failed would read as interrupted: leave none.
      if (!end.recorded) await rm(runDir, { recursive: true, force: true }).catch(() => {});
      throw error;
    }
    this.state = 'set_up';
    this.events.publish({
      type: 'run_started',
      runId,
      runDir,
      executionId: this.setupInfo.executionId,
      rootComponentId: this.rootComponentId,
      previousRunId: this.previousRunId,
      startHierarchyPath: this.startHierarchyPath,
      at: isoMicros(createdAt),
    });
    return { runId, runDir };
  }

  /**
   * Records how the run ended: flushes every file, writes `run_summary.json` and the final
   * `dad_metadata.json`, then makes the outcome repository's closing commit (a kill in between
   * leaves the end already recorded); a failed commit turns the run `failed` with git's error.
   * Files that cannot be written (a full disk) also fail the run, naming each file. Resolves with
   * the status and error on disk. Safe to call before `setupRun` or twice: it then does nothing
   * and says so.
   */
  async completeRun(options: { status: RunEndStatus; errorMsg?: string | null }): Promise<RunEndRecord> {
    if (!this.setupInfo) return { recorded: false, reason: 'the run was never set up' };
    if (this.state === 'completed') return { recorded: false, reason: 'the run was already completed' };
    this.state = 'completed';
    const info = this.setupInfo;
    let status = options.status;
    let error = options.errorMsg ?? null;
    let recorded = false;
    const completedAt = new Date();
    try {
      await info.observability.shutdown().catch((e: unknown) => {
        error = joinErrors(error, `observability flush failed: ${errorMessage(e)}`);
      });
      this.writer.writeJson(join(info.runDir, 'run_summary.json'), {
        run_id: info.runId,
        execution_id: info.executionId,
        root_component_id: this.rootComponentId,
        created_at: isoMicros(info.createdAt),
        completed_at: isoMicros(completedAt),
        ...aggUsageFields(this.usage),
      });
      await this.writer.flush();
      const unwritten = this.unwrittenFiles();
      if (unwritten !== null) {
        status = 'failed';
        error = joinErrors(error, unwritten);
      }
      const outcome = info.worktree
        ? { branch: info.worktree.branch, final_commit: null as string | null }
        : null;
      const ending = () => ({
        status,
        completed_at: isoMicros(completedAt),
        duration_seconds: (completedAt.getTime() - info.createdAt.getTime()) / 1000,
        error,
        // Beyond DAD's fields: lets readers tell a rewritten outcome history from the recorded one.
        ...(outcome ? { outcome: { ...outcome } } : {}),
      });
      // What the last successful write put on disk is the end the run reports: a later write that
      // fails leaves the earlier one in place, and an earlier failure is overwritten by a later one.
      let onDisk: { status: RunEndStatus; error: string | null } | null = null;
      let metadataError: string | null = null;
      const recordEnd = async () => {
        const failure = await this.writeMetadata(ending());
        if (failure === null) onDisk = { status, error };
        else metadataError = failure;
      };
      await recordEnd();
      if (info.worktree && outcome) {
        try {
          const commit = await info.worktree.finish(status, completedAt);
          outcome.final_commit = commit.sha;
          this.events.publish({
            type: 'outcome_commit',
            runId: info.runId,
            sha: commit.sha,
            branch: info.worktree.branch,
            message: `[${info.runId}] Run ${status}`,
            nodeId: null,
          });
        } catch (e) {
          status = 'failed';
          error = joinErrors(
            error,
            `outcome repository commit failed: ${errorMessage(e as OutcomeRepositoryError)}`,
          );
        }
        await recordEnd();
      }
      const recordedEnd = onDisk as { status: RunEndStatus; error: string | null } | null;
      if (recordedEnd !== null) {
        ({ status, error } = recordedEnd);
        recorded = true;
      } else {
        error = joinErrors(error, metadataError ?? 'the metadata was not written');
        status = 'failed';
      }
    } finally {
      // Always: a lock left behind by a live process would keep the run "running" in readers.
      await rm(join(info.runDir, TRACE_DIR, RUN_LOCK_FILE), { force: true }).catch(() => {});
      this.events.publish({
        type: 'run_ended',
        runId: info.runId,
        status,
        error,
        at: isoMicros(completedAt),
      });
    }
    return recorded
      ? { recorded: true, status, error }
      : {
          recorded: false,
          reason: `the end of the run could not be recorded: ${error ?? ''}`,
          status,
          error,
        };
  }

  registerNodeStaticInput(nodeId: string, input: unknown): void {
    this.registeredInputs[nodeId] = input;
    this.staticInputsCache = null;
  }

  /**
   * The run's static inputs: `static_inputs/static_inputs.json` (copied in from the input source or
   * carried over from the previous run) with inputs registered in code laid over it.
   */
  async readStaticInputs(): Promise<RawStaticInputs> {
    if (this.staticInputsCache) return this.staticInputsCache;
    const fromFile = this.setupInfo
      ? await readStaticInputsFile(join(this.runDir, 'static_inputs', STATIC_INPUTS_FILE))
      : {};
    this.staticInputsCache = mergeStaticInputs(fromFile, this.registeredInputs);
    return this.staticInputsCache;
  }

  /** Copies the previous run's static inputs (re-run) and the input source's files (fresh run). */
  async copyInputFiles(): Promise<void> {
    const target = join(this.runDir, 'static_inputs');
    const previous = this.previousRunDir;
    if (previous && (await isRealFolder(join(previous, 'static_inputs')))) {
      // The previous run may come from someone else's folder: its links, FIFOs and devices are
      // data that a re-run must not follow or copy, or it would read the user's files as inputs.
      await cp(join(previous, 'static_inputs'), target, {
        recursive: true,
        force: true,
        filter: isRegularFileOrFolder,
      });
    }
    const source = this.options.inputSource;
    if (source) {
      const info = await stat(source).catch(() => null);
      if (!info) throw new EngineError('run_setup_failed', `input source ${source} does not exist`);
      try {
        await cp(source, info.isDirectory() ? target : join(target, basename(source)), {
          recursive: true,
          force: true,
        });
      } catch (error) {
        throw new EngineError(
          'run_setup_failed',
          `copying the input files of ${source} into static_inputs/: ${fileErrorText(error)}`,
          { cause: error },
        );
      }
    }
    this.staticInputsCache = null;
  }

  /** Writes the merged static inputs back so the run directory records what the run used. */
  async saveStaticInputs(inputs: RawStaticInputs): Promise<void> {
    if (Object.keys(inputs).length === 0) return;
    const path = join(this.runDir, 'static_inputs', STATIC_INPUTS_FILE);
    try {
      await writeFileAtomic(path, jsonText(inputs));
    } catch (error) {
      throw new EngineError('run_setup_failed', describeFileError('writing', path, this.runDir, error), {
        cause: error,
      });
    }
  }

  private async previousOutcomeBranch(repository: OutcomeRepository): Promise<string | undefined> {
    if (!this.previousRunId) return undefined;
    const runs = await repository.listRuns();
    return runs.some((run) => run.runId === this.previousRunId) ? this.previousRunId : undefined;
  }

  private async assertPreviousRunExists(previousRunId: string): Promise<void> {
    const notFound = () =>
      new EngineError(
        'previous_run_not_found',
        `previous run "${previousRunId}" was not found in ${this.effectiveRunRoot}`,
      );
    if (!/^[a-zA-Z0-9_]{1,200}$/.test(previousRunId)) throw notFound();
    // A linked run folder would let a re-run read (and copy) whatever the link points at.
    let found: boolean;
    try {
      found = await isFolderInside(this.effectiveRunRoot, previousRunId);
    } catch (error) {
      if (error instanceof RunFileRefusedError) {
        throw new EngineError(
          'previous_run_not_found',
          `previous run "${previousRunId}" in ${this.effectiveRunRoot} cannot be reused: ${error.message}`,
        );
      }
      throw error;
    }
    if (!found) throw notFound();
  }

  private metadataOf(
    runId: string,
    createdAt: Date,
    fields: Record<string, unknown>,
  ): Record<string, unknown> {
    const metadata: Record<string, unknown> = { run_id: runId, created_at: isoMicros(createdAt), ...fields };
    if (this.previousRunId) {
      metadata.rerun_info = {
        previous_run_id: this.previousRunId,
        start_hierarchy_path: this.startHierarchyPath,
      };
    }
    return metadata;
  }

  /** Replaces the metadata file; resolves with what went wrong (file and step), or null. */
  private async writeMetadata(fields: Record<string, unknown>): Promise<string | null> {
    const info = this.requireSetup();
    const path = join(info.runDir, TRACE_DIR, METADATA_FILE);
    const text = jsonText(this.metadataOf(info.runId, info.createdAt, fields));
    try {
      await writeFileAtomic(path, text);
      return null;
    } catch (error) {
      if (!isDiskError(error)) return describeFileError('writing', path, info.runDir, error);
      // No room for a second copy: overwrite in place. Opening without truncating keeps the old
      // file's blocks (the early metadata is padded so the end fits in them); the tail is cut after.
      try {
        await overwriteInPlace(path, text);
        return null;
      } catch {
        return describeFileError('writing', path, info.runDir, error);
      }
    }
  }

  /** The run files that could not be written, each with why; null when all were. */
  private unwrittenFiles(): string | null {
    // The writer keeps one failure per path (the first).
    const failures = this.writer.failures;
    if (failures.length === 0) return null;
    const shown = failures
      .slice(0, 5)
      .map((failure) => describeFileError('writing', failure.path, this.runDir, failure.error));
    const more = failures.length > shown.length ? ` and ${failures.length - shown.length} more files` : '';
    return `run files could not be written: ${shown.join(', ')}${more}`;
  }

  private requireSetup() {
    if (!this.setupInfo)
      throw new EngineError('run_setup_failed', 'the run is not set up yet: call setupRun() first');
    return this.setupInfo;
  }
}

async function overwriteInPlace(path: string, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  const handle = await open(path, 'r+');
  try {
    for (let written = 0; written < bytes.length; ) {
      written += (await handle.write(bytes, written, bytes.length - written, written)).bytesWritten;
    }
    await handle.truncate(bytes.length);
  } finally {
    await handle.close();
  }
}

function joinErrors(first: string | null, second: string): string {
  return first ? `${first}; ${second}` : second;
}

export async function readMetadata(runDir: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(join(runDir, TRACE_DIR, METADATA_FILE), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return null;
  }
}

async function isRealFolder(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null))?.isDirectory() ?? false;
}

async function isRegularFileOrFolder(path: string): Promise<boolean> {
  const stats = await lstat(path).catch(() => null);
  return stats !== null && (stats.isFile() || stats.isDirectory());
}
