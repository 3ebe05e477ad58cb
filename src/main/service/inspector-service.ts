import { lstat, realpath } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import type {
  AppCommand,
  AppInfo,
  CallName,
  EventBatch,
  ParsedPayloadOf,
  PushedEvent,
  ResultOf,
  RunNotice,
} from '../../shared/contract';
import {
  isEndedStatus,
  type ProjectInfo,
  type ProjectSuggestion,
  type RunListEntry,
  type SpanDetail,
} from '../../shared/run-data';
import type { RunEvent } from '../../shared/run-events';
import { EngineError, StaticInputError, errorMessage } from '../engine/errors';
import { builtinNodeTypes } from '../engine/node-types/builtin';
import { StaticInputs } from '../engine/static-inputs';
import { compareRuns, defaultComparisonFor } from '../compare';
import { OutcomeRepository } from '../engine/outcome';
import { listRuns, readRunStaticInputs, RunIndex } from '../reader';
import { RunIndexOpenings } from './run-index-openings';
import { readNodeFileRange } from '../reader/node-files';
import { flushRunFacts } from '../reader/run-facts-cache';
import { EventBatcher } from './event-batcher';
import { boundedRunEvents } from './bounded-events';
import { LiveRuns, type LiveRun, type LiveRunsOptions } from './live-runs';
import { planHostedRun } from '../run-host/run-plan';
import { OpenProject } from './open-project';
import { RecentProjects } from './recent-projects';
import { runForTraceFile } from './imported-traces';
import { classifyOpenPath } from './open-target';
import { readRunDirectory, recordedOutcomeCommits } from '../compare/run-directory';
import type { KnownRun } from '../engine/outcome/history-graph';
import { runOutcomeTimeline } from './outcome-timeline';
import { revealSpanRow, type RunQueries } from './run-queries';
import { pagedSpanDetail } from './long-values';
import { pieceOfText, spanValueText, SpanValueTexts } from './span-value-pieces';
import type { DesktopShell } from './desktop-shell';
import { noticeFor } from './run-notices';
import { TraceUploads } from './trace-uploads';

export interface InspectorServiceOptions {
  /** The app's name, version and platform; the shell is told by whether `desktop` is given. */
  appInfo: Omit<AppInfo, 'shell'>;
  /** The desktop app's native side (dialogs, OS notifications, badge); none under `dad serve`. */
  desktop?: DesktopShell;
  /** The bundled sample project, offered first in the project picker. */
  sampleProjectPath: string | null;
  /** Where recent projects are remembered; null keeps none. */
  recentProjectsFile: string | null;
  /** Where trace files the user opens become runs (a folder of runs); null refuses trace files. */
  importsDir?: string | null;
  /**
   * The app's cache folder: saved run indexes and the runs list's facts, so that nothing unchanged is
   * read twice across app starts; null keeps them in memory only.
   */
  cacheDir?: string | null;
  /** How often the runs folder is re-read for runs other processes create or change. */
  runsPollMs?: number;
  /** How long pushed events are coalesced before one message goes out. */
  eventBatchMs?: number;
  /** How agents' runs are hosted (their processes, memory limit, cancel grace period). */
  runs?: LiveRunsOptions;
}

type Handlers = {
  [N in CallName]: (payload: ParsedPayloadOf<N>, session: Session) => Promise<ResultOf<N>> | ResultOf<N>;
};

/** One connected window (an Electron window or a browser tab). */
export class Session {
  readonly watchedRuns = new Set<string>();
  readonly batcher: EventBatcher;

  constructor(send: (batch: EventBatch) => void, batchMs: number) {
    this.batcher = new EventBatcher(send, batchMs);
  }
}

/**
 * What the window is sent of a span: the reader's copies of the line's raw `links` and `resource`
 * (kept for readers of the record, unbounded) go as `spanLinks` and `origin`, which are bounded.
 */
function windowDetail(detail: SpanDetail): SpanDetail {
  if (!('links' in detail) && !('resource' in detail)) return detail;
  const {
    links: _links,
    resource: _resource,
    ...shown
  } = detail as SpanDetail & { links?: unknown; resource?: unknown };
  return shown;
}

/** The one object behind the contract: projects, runs, queries and pushed events. */
export class InspectorService {
  private project: OpenProject | null = null;
  private readonly sessions = new Set<Session>();
  private readonly liveRuns: LiveRuns;
  /** Indexes of runs read from files, opened once each. */
  private readonly indexes: RunIndexOpenings;
  private readonly recent: RecentProjects;
  private runsSnapshot = '';
  private runsCache: RunListEntry[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private runsRead: Promise<void> | null = null;
  private runsReadAgain: Promise<void> | null = null;
  private readonly spanValueTexts = new SpanValueTexts();
  /** Runs started through this service, by run id, with their agent: the ones users are told about. */
  private readonly startedHere = new Map<string, { agentId: string; projectRoot: string }>();
  private readonly uploads: TraceUploads;
  private closing = false;
  private readonly projectListeners = new Set<(project: ProjectInfo) => void>();

  constructor(private readonly options: InspectorServiceOptions) {
    this.recent = new RecentProjects(options.recentProjectsFile);
    this.uploads = new TraceUploads(options.importsDir ? join(options.importsDir, 'uploads') : null);
    this.liveRuns = new LiveRuns((runId, event) => this.forward(runId, event), options.runs);
    this.indexes = new RunIndexOpenings({
      cacheDir: options.cacheDir ?? undefined,
      onIndexing: (runId, indexing) => {
        for (const session of this.sessions) {
          if (session.watchedRuns.has(runId)) session.batcher.push({ type: 'run.indexing', runId, indexing });
        }
      },
    });
  }

  connect(send: (batch: EventBatch) => void): Session {
    const session = new Session(send, this.options.eventBatchMs ?? 33);
    this.sessions.add(session);
    this.ensurePolling();
    return session;
  }

  disconnect(session: Session): void {
    session.batcher.close();
    this.sessions.delete(session);
    void this.uploads.abandon(session);
    if (this.sessions.size === 0 && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  /**
   * Opens what the user pointed at: a project or runs folder; one run's folder (its folder of runs
   * opens, with that run named for the window to show); or an OTLP/Jaeger trace file, imported into
   * the imported-traces folder, which then opens with the new run named.
   */
  async openProject(path: string): Promise<ProjectInfo> {
    const target = await classifyOpenPath(path);
    if (target.kind === 'trace-file') return this.openTraceFile(target.file);
    const info = await this.openFolder(target.root);
    return target.kind === 'run' ? { ...info, openedRunId: target.runId } : info;
  }

  /** The sample project, then the projects opened before, most recent first. */
  async projectSuggestions(): Promise<ProjectSuggestion[]> {
    const suggestions: ProjectSuggestion[] = [];
    if (this.options.sampleProjectPath) {
      suggestions.push({
        path: this.options.sampleProjectPath,
        name: 'Sample project',
        kind: 'sample',
        openedAt: null,
      });
    }
    for (const entry of await this.recent.list()) {
      if (entry.path !== this.options.sampleProjectPath) {
        suggestions.push({ path: entry.path, name: entry.name, kind: 'recent', openedAt: entry.openedAt });
      }
    }
    return suggestions;
  }

  /**
   * Calls `listener` each time a project opens (the desktop app's Open Recent menu follows it);
   * returns the function that stops. Unlike a window's session, it keeps no runs folder polled.
   */
  onProjectOpened(listener: (project: ProjectInfo) => void): () => void {
    this.projectListeners.add(listener);
    return () => this.projectListeners.delete(listener);
  }

  /** Tells every window to do `command` (the desktop app's menu asks through this). */
  sendCommand(command: AppCommand): void {
    this.pushToAll({ type: 'app.command', command });
  }

  private pushToAll(event: PushedEvent): void {
    for (const session of this.sessions) session.batcher.push(event);
  }

  private countRunning(): void {
    if (!this.closing) this.options.desktop?.runningCount(this.liveRuns.runIds.length);
  }

  private tell(notice: RunNotice): void {
    if (this.closing) return;
    this.pushToAll({ type: 'run.notice', notice });
    this.options.desktop?.runNotice(notice);
  }

  private async openTraceFile(file: string, options: { contentNamed?: boolean } = {}): Promise<ProjectInfo> {
    const importsDir = this.options.importsDir;
    if (!importsDir) {
      throw new EngineError(
        'run_setup_failed',
        `${file} is a file: open a project folder, a runs folder or a run folder`,
      );
    }
    const runId = await runForTraceFile(file, join(importsDir, 'runs'), options);
    const info = await this.openFolder(importsDir, 'Imported traces');
    return { ...info, openedRunId: runId };
  }

  private async openFolder(root: string, name?: string): Promise<ProjectInfo> {
    const project = await OpenProject.open(root, name);
    // The project left is no longer watched.
    this.project?.close();
    this.project = project;
    // Agents added or edited in its src/ reach every window.
    project.onAgentsChanged((info) => {
      if (this.project === project) this.pushToAll({ type: 'project.changed', project: info });
    });
    this.indexes.clear();
    this.spanValueTexts.clear();
    this.runsSnapshot = '';
    await this.recent.remember(project.root, project.info.name).catch(() => {});
    // Windows that asked before the project was open (the app's start-up project) learn of it here.
    this.pushToAll({ type: 'project.changed', project: project.info });
    for (const listener of this.projectListeners) listener(project.info);
    await this.refreshRuns();
    return project.info;
  }

  readonly handlers: Handlers = {
    appInfo: () => ({ ...this.options.appInfo, shell: this.options.desktop ? 'desktop' : 'browser' }),
    projectSuggestions: () => this.projectSuggestions(),
    openProject: ({ path }) => this.openProject(path),
    currentProject: () => this.project?.info ?? null,
    listRuns: async () => {
      await this.refreshRuns();
      return this.runsCache;
    },
    validateInputs: async ({ agentId, staticInputs }) => {
      const spec = await this.requireProject().runnerFor(agentId);
      const registry = builtinNodeTypes();
      for (const handler of spec.nodeTypes) registry.register(handler);
      try {
        StaticInputs.validate(staticInputs, spec.definition, spec.rootComponentId, registry);
        return { valid: true, errors: [] };
      } catch (error) {
        if (error instanceof StaticInputError) {
          return {
            valid: false,
            errors: [{ nodeId: error.nodeId, field: error.field, message: error.message }],
          };
        }
        throw error;
      }
    },
    startRun: async ({ agentId, staticInputs, runIdPrefix, previousRunId, startHierarchyPath }) => {
      const project = this.requireProject();
      const [spec, settings] = await Promise.all([project.runnerFor(agentId), project.runSettings()]);
      const plan = planHostedRun(spec, {
        projectRoot: project.root,
        agentId,
        staticInputs,
        runIdPrefix,
        previousRunId,
        startHierarchyPath,
      });
      // The agent's own memory limit wins over its project's, which wins over the app's default.
      plan.memoryLimitMb ??= settings.memoryLimitMb;
      plan.cancelGraceMs = settings.cancelGraceMs;
      this.startedHere.set(plan.request.runId, { agentId, projectRoot: project.root });
      let live: LiveRun;
      try {
        live = await this.liveRuns.start(plan);
      } catch (error) {
        // The window is answered with the error itself; no notice follows for a run that never started.
        this.startedHere.delete(plan.request.runId);
        throw error;
      } finally {
        this.countRunning();
      }
      void live.finished.then(() => {
        this.startedHere.delete(live.runId);
        this.indexes.forget(live.runId);
        this.countRunning();
        void this.refreshRuns();
      });
      await this.refreshRuns();
      return { runId: live.runId, runDir: live.runDir };
    },
    runStaticInputs: async ({ runId }) => ({
      inputs: await readRunStaticInputs(await this.runDirOf(runId)),
    }),
    cancelRun: ({ runId }) => ({ cancelled: this.liveRuns.cancel(runId) }),
    provideNodeInput: async ({ runId, hierarchyPath, input }) => {
      const resumed = await this.liveRuns.provideInput(runId, hierarchyPath, input);
      // Every window showing this request's form drops it when the node's start follows the request.
      if (resumed) {
        for (const watcher of this.sessions) {
          if (watcher.watchedRuns.has(runId))
            watcher.batcher.push({ type: 'run.events', runId, events: [resumed] });
        }
      }
      return { accepted: true as const };
    },
    runSummary: async ({ runId }) => (await this.queriesFor(runId, { partial: true })).summary(),
    spanRows: async ({ runId, collapsed, offset, limit, asOf }) =>
      (await this.queriesFor(runId, { partial: true })).spanRows({ collapsed, offset, limit, asOf }),
    spanRowIndex: async ({ runId, spanId, collapsed, asOf }) =>
      revealSpanRow(await this.queriesFor(runId, { partial: true }), spanId, collapsed, asOf),
    spanDetail: async ({ runId, spanId }) =>
      pagedSpanDetail(windowDetail(await this.spanDetailOf(runId, spanId))),
    spanValuePiece: async ({ offset, length, ...address }) => {
      const text = await this.spanValueTexts.text(address, async () => {
        const detail = await (await this.queriesFor(address.runId)).spanDetail(address.spanId);
        return { text: spanValueText(detail, address), final: detail.end !== null };
      });
      return pieceOfText(text, offset, length, `the value of ${JSON.stringify(address.key)}`);
    },
    searchSpans: async ({ runId, text, limit }) => (await this.queriesFor(runId)).searchSpans(text, limit),
    logLines: async ({ runId, ...options }) => (await this.queriesFor(runId)).logLines(options),
    metricSeries: async ({ runId, asOf, top }) => (await this.queriesFor(runId)).metricSeries({ asOf, top }),
    adjacentMoment: async ({ runId, fromUs, direction }) =>
      (await this.queriesFor(runId)).adjacentMoment(fromUs, direction),
    outcomeTimeline: async ({ runId }) =>
      runOutcomeTimeline(runId, await this.outcomeRepository(), await this.queriesFor(runId)),
    nodeFiles: async ({ runId, hierarchyPath }) => (await this.queriesFor(runId)).nodeFiles(hierarchyPath),
    nodeFileRange: async ({ runId, hierarchyPath, name, offset, length }) =>
      readNodeFileRange(
        this.liveRuns.get(runId)?.runDir ?? (await this.runDirOf(runId)),
        hierarchyPath,
        name,
        offset,
        length,
      ),
    compareRuns: async ({ runA, runB }) => {
      const dirB = await this.runDirOf(runB);
      let dirA: string;
      if (runA) dirA = await this.runDirOf(runA);
      else {
        // A re-run is compared with its original by default.
        const original = await defaultComparisonFor(dirB);
        if (!original)
          throw new EngineError(
            'not_found',
            `run "${runB}" is not a re-run: choose the run to compare it with`,
          );
        dirA = await this.runDirOf(original.previousRunId);
      }
      return compareRuns({ runDirA: dirA, runDirB: dirB, outcomeRepository: await this.outcomeRepository() });
    },
    outcomeGraph: async ({ offset, limit, runs }) =>
      (await this.requireOutcomeRepository()).commitGraph({
        offset,
        limit,
        runs: await Promise.all(runs.map((runId) => this.knownRun(runId))),
      }),
    runCommits: async ({ runId }) => (await this.requireOutcomeRepository()).runCommits(runId),
    commitRow: async ({ sha }) => ({
      row: (await (await this.requireOutcomeRepository()).commitRows([sha]))[0] ?? null,
    }),
    commitFiles: async ({ sha }) => (await this.requireOutcomeRepository()).commitFiles(sha),
    fileAt: async ({ sha, path }) => (await this.requireOutcomeRepository()).fileAt(sha, path),
    commitFileDiff: async ({ sha, path, sideBySide }) =>
      (await this.requireOutcomeRepository()).commitFileDiff(sha, path, { sideBySide }),
    fileDiff: async ({ shaA, shaB, path, oldPath, sideBySide }) =>
      (await this.requireOutcomeRepository()).fileDiff(shaA, shaB, path, { oldPath, sideBySide }),
    chooseAndOpen: async ({ kind }) => {
      const desktop = this.options.desktop;
      if (!desktop)
        throw new EngineError(
          'unsupported',
          'open dialogs need the desktop app: type or paste the path instead',
        );
      const path = await desktop.choosePath(kind);
      return path === null ? null : this.openProject(path);
    },
    uploadTraceChunk: (chunk, session) => this.uploads.receive(session, chunk),
    finishTraceUpload: async ({ uploadId }, session) => {
      const { file, fileName } = await this.uploads.finish(session, uploadId);
      try {
        return await this.openTraceFile(file, { contentNamed: true });
      } catch (error) {
        // The window is told of its file by the name it gave, not by where this machine kept it.
        if (error instanceof Error) error.message = error.message.split(file).join(fileName);
        throw error;
      } finally {
        // Its run holds all the trace had: the uploaded copy is not kept.
        await this.uploads.discard(file);
      }
    },
    cancelTraceUpload: async ({ uploadId }, session) => ({
      cancelled: await this.uploads.cancel(session, uploadId),
    }),
    watchRun: ({ runId }, session) => {
      session.watchedRuns.add(runId);
      // A run another window is already reading: this one shows how far that got.
      const indexing = this.indexes.indexingOf(runId);
      if (indexing) session.batcher.push({ type: 'run.indexing', runId, indexing });
      // A node may have asked for input before this window watched the run (or while it was
      // reloading or reconnecting): it must see the form.
      const pending = this.liveRuns.pendingInputsOf(runId);
      if (pending.length > 0) session.batcher.push({ type: 'run.events', runId, events: pending });
      return { watching: true as const };
    },
    unwatchRun: ({ runId }, session) => {
      session.watchedRuns.delete(runId);
      // The last window left the run: reading its files on is work for nobody.
      if (![...this.sessions].some((other) => other.watchedRuns.has(runId))) this.indexes.stopReading(runId);
      return { watching: false as const };
    },
  };

  /** Cancels the runs still going and stops watching (the app is closing). */
  async shutdown(): Promise<void> {
    // Runs cancelled because the app closes are not news to anyone: no notices, no badge.
    this.closing = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const session of this.sessions) session.batcher.close();
    // Indexes being built in workers are work for nobody now; nor is watching the project.
    this.indexes.clear();
    this.project?.close();
    await this.liveRuns.stopAll();
    await flushRunFacts().catch((error: unknown) =>
      console.error(`could not save the runs list's facts: ${errorMessage(error)}`),
    );
  }

  private requireProject(): OpenProject {
    if (!this.project) throw new EngineError('run_setup_failed', 'no project is open: open a project first');
    return this.project;
  }

  /** The project's outcome repository, or null when it has none yet (nothing ran with it). */
  private async outcomeRepository(): Promise<OutcomeRepository | null> {
    const project = this.requireProject();
    try {
      return await OutcomeRepository.openExisting({
        effectiveRunRoot: project.runRoot,
        projectIdentifier: project.info.identifier,
      });
    } catch {
      return null;
    }
  }

  private async requireOutcomeRepository(): Promise<OutcomeRepository> {
    const project = this.requireProject();
    return OutcomeRepository.openExisting({
      effectiveRunRoot: project.runRoot,
      projectIdentifier: project.info.identifier,
    });
  }

  /**
   * The queries of a run: live, or its files' index. With `partial`, while a large run's files are
   * read, the spans read so far answer (the first screen); other queries wait for the whole run.
   */
  private async queriesFor(runId: string, options: { partial?: boolean } = {}): Promise<RunQueries> {
    const live = this.liveRuns.get(runId);
    if (live) return live.index;
    const endedNow = isFinal(this.runsCache.find((run) => run.runId === runId)?.status);
    return this.indexes.queriesOf(runId, () => this.runDirOf(runId), endedNow, options);
  }

  /** A span's details: from the spans read so far when it is among them, else once the whole run is read. */
  private async spanDetailOf(runId: string, spanId: string) {
    const early = await this.queriesFor(runId, { partial: true });
    if (!(early instanceof RunIndex) || early.loadedFrom !== 'preview') return early.spanDetail(spanId);
    try {
      return await early.spanDetail(spanId);
    } catch {
      return (await this.queriesFor(runId)).spanDetail(spanId);
    }
  }

  /** The run's folder, checked to be inside the project's runs folder (ids come from the window). */
  private async runDirOf(runId: string): Promise<string> {
    const project = this.requireProject();
    const listed = this.runsCache.find((run) => run.runId === runId);
    const dir = listed?.dir ?? join(project.runRoot, runId);
    let real: string;
    let realRoot: string;
    try {
      [real, realRoot] = await Promise.all([realpath(dir), realpath(project.runRoot)]);
    } catch {
      throw new EngineError('previous_run_not_found', `run "${runId}" was not found in ${project.runRoot}`);
    }
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new EngineError('io_error', `run "${runId}" resolves outside ${project.runRoot}`);
    }
    // A run folder that is a link is listed as refused; it is never read through, even inside.
    if ((await lstat(dir)).isSymbolicLink()) {
      throw new EngineError('io_error', `run "${runId}": its folder is a symbolic link; not followed`);
    }
    return real;
  }

  /**
   * A run as its directory remembers it: the outcome commits its nodes recorded. A run whose folder
   * is gone is still checked, by its branch alone.
   */
  private async knownRun(runId: string): Promise<KnownRun> {
    try {
      const directory = await readRunDirectory(await this.runDirOf(runId));
      return { runId, recordedCommits: recordedOutcomeCommits(directory.nodes.values()) };
    } catch {
      return { runId };
    }
  }

  private forward(runId: string, event: RunEvent): void {
    const startedBy = this.startedHere.get(runId);
    const notice = startedBy === undefined ? null : noticeFor(event, startedBy);
    if (notice) this.tell(notice);
    let bounded: RunEvent[] | null = null;
    for (const session of this.sessions) {
      if (!session.watchedRuns.has(runId)) continue;
      // Windows get long values as their start; the run's index keeps them whole to fetch.
      bounded ??= boundedRunEvents(event);
      session.batcher.push({ type: 'run.events', runId, events: bounded });
    }
    if (event.type === 'run_started' || event.type === 'run_ended') void this.refreshRuns();
  }

  private ensurePolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.refreshRuns(), this.options.runsPollMs ?? 1500);
    this.pollTimer.unref();
  }

  /**
   * Re-reads the runs folder and pushes the list when it changed (other processes make runs too).
   * A caller arriving while a read is under way gets one more read after it: the read under way may
   * have looked at the folder before the change the caller knows of.
   */
  private refreshRuns(): Promise<void> {
    if (!this.runsRead) {
      this.runsRead = this.readRuns().finally(() => {
        this.runsRead = null;
      });
      return this.runsRead;
    }
    this.runsReadAgain ??= this.runsRead.then(() => {
      this.runsReadAgain = null;
      return this.refreshRuns();
    });
    return this.runsReadAgain;
  }

  private async readRuns(): Promise<void> {
    const project = this.project;
    if (!project) return;
    try {
      const runs = await listRuns(project.runRoot, { cacheDir: this.options.cacheDir ?? null });
      if (this.project !== project) return;
      const snapshot = JSON.stringify(runs);
      this.runsCache = runs;
      if (snapshot !== this.runsSnapshot) {
        this.runsSnapshot = snapshot;
        for (const session of this.sessions) session.batcher.push({ type: 'runs.changed', runs });
      }
    } catch (error) {
      console.error(`could not list runs in ${project.runRoot}: ${errorMessage(error)}`);
    }
  }
}

/**
 * Whether a run's files are complete. An interrupted run is read again all the same: its writer may
 * be a process on another machine sharing the folder, whose lock this one cannot see alive.
 */
function isFinal(status: string | undefined): boolean {
  return isEndedStatus(status) && status !== 'interrupted';
}
