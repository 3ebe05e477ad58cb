import { lstat, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isEndedStatus, NOT_READ_YET_NAME, type FileProblem, type RunStatus } from '../../shared/run-data';
import type { MetricsExportLine } from '../engine/events';
import { timestampToMicros } from './iso-micros';
import { IndexedRun, type LogRecordRead, type RunHeader } from './indexed-run';
import { errorText, parseJsonLine } from './json-text';
import { utf8 } from './utf8-text';
import { DEFAULT_MAX_LINE_BYTES, readRanges, scanLines, type ScanResult } from './line-reader';
import { formatBytes, openFileInside, RunFileRefusedError } from './run-files';
import { jsonErrorDetail } from './run-json';
import { runInSlices, WorkSlices } from './work-slices';
import { LogColumns } from './log-columns';
import { emptyLogFields, logFieldsOfRecord } from './log-line';
import { ReaderError } from './reader-error';
import { NOT_CARRIED, readImportRecord } from './imports/import-record';
import { readRunRecord } from './run-record';
import { FLAG_SYNTHETIC, SpanColumns, type StandInKind } from './span-columns';
import { emptySpanFields, spanFieldsOfRecord } from './span-line';
import type { FileCursorState, RunIndexSnapshot } from './saved-index/run-index-snapshot';
import { absentFileState, runFileStateAfterRead, type RunFileState } from './saved-index/run-file-state';
import { fileIdentityOf, sameFileIdentity, sameFileObject } from './file-identity';
import { loadSavedIndex, saveIndex, saveIndexFile } from './saved-index/saved-run-indexes';
import { buildInWorker, type LaidOutIndex, type WorkerBuild } from './index-worker/build-in-worker';

export interface RunIndexOptions {
  /** Bytes read at a time; 1 MB by default. */
  chunkBytes?: number;
  /** Broken lines reported per file; the rest are counted. 200 by default. */
  maxProblemsPerFile?: number;
  /**
   * The app's cache folder. With it, the index is saved there once built (and again when a run
   * that grew has ended), and the next open loads it instead of reading the run's files again.
   * Nothing is ever written inside the run folder.
   */
  cacheDir?: string;
  /**
   * A run whose trace and logs hold more bytes than this is indexed in a worker thread, so that the
   * event loop stays free for other calls; 16 MiB by default, Infinity never.
   */
  workerAboveBytes?: number;
  /** Told, a few times a second, how far a build in a worker got. */
  onProgress?: (progress: IndexingProgress) => void;
  /**
   * Given an index of the spans read so far while a large run is still being read (a few times,
   * at growing sizes), for a first screen before the last line is read. Parents not read yet
   * appear as stand-ins. Such an index is never refreshed or saved.
   */
  onPreview?: (preview: RunIndex) => void;
  /**
   * The file index workers start from: this app's own by default (the bundled one in the built app,
   * a loader of the sources otherwise). A benchmark run from the sources points it at the bundle.
   */
  workerEntry?: string;
  /** Trace offsets at which previews are made (growing); `PREVIEW_AT_BYTES` by default. */
  previewAtBytes?: readonly number[];
  /** Stops a build under way (nobody waits for it any more): `open` then rejects, code `cancelled`. */
  signal?: AbortSignal;
}

/** How far the reading of a run's files got. */
export interface IndexingProgress {
  /** Bytes of the trace and logs read, and what they held when the open began. */
  bytesRead: number;
  totalBytes: number;
  spans: number;
  logLines: number;
}

/** A run's three files, by the names the index knows them by. */
export type RunFileName = 'trace' | 'logs' | 'metrics';
const RUN_FILE_NAMES: readonly RunFileName[] = ['trace', 'logs', 'metrics'];

/** How `RunIndex.build` goes about it. */
export interface BuildPlan {
  /** The files to read; all by default. */
  files?: readonly RunFileName[];
  /** Trace offsets at which reading stops to give `onStage` the index so far. */
  previewAtBytes?: readonly number[];
  onStage?: (index: RunIndex) => Promise<void> | void;
  /** Given the index before anything is read (to follow its progress). */
  onOpened?: (index: RunIndex) => void;
}

/** Byte offsets in the trace at which a build in a worker shows the spans read so far. */
export const PREVIEW_AT_BYTES = [8 << 20, 64 << 20, 256 << 20] as const;

const DEFAULT_WORKER_ABOVE_BYTES = 16 << 20;
/** How often a build tells how far it got. */
export const PROGRESS_EVERY_MS = 150;
/** Logs read by a worker of their own, beside the trace's: a thread's start is worth it past this. */
const LOGS_APART_ABOVE_BYTES = 8 << 20;

/**
 * Where an opened index came from: its saved copy, its saved copy and what was appended since, the
 * files, or the first part of the files (a preview while the rest is read).
 */
export type IndexSource = 'saved' | 'grown' | 'built' | 'preview';

export const TRACE_FILE = '.trace/trace.jsonl';
export const LOGS_FILE = '.trace/logs.jsonl';
export const METRICS_FILE = '.trace/metrics.jsonl';

interface FileCursor {
  resumeOffset: number;
  nextLineNumber: number;
  /** Broken lines seen beyond the reported ones. */
  unreported: number;
  reported: number;
  /** The problem saying the file is missing, while it is. */
  missing: FileProblem | null;
  /** A note about a cut last line, replaced on every read. */
  tailNote: FileProblem | null;
  /**
   * The file as it was when read up to `resumeOffset`, taken by the read itself; null when it
   * changed otherwise than by growing since (nothing is then saved: the index is not its index).
   */
  fileState: RunFileState | null;
  /** How far the scan under way got (progress only). */
  scannedTo: number;
  /** The last line reported as too long. */
  lastOversizedLine: number;
}

/**
 * The index of a run directory's files: spans and log lines as columns, each with its line's
 * offset in the file so details are read back on demand. Opened once; `refresh()` reads whatever
 * was appended since (a run another process is still writing).
 */
export class RunIndex extends IndexedRun {
  readonly runDir: string;
  private readonly options: RunIndexOptions;
  private readonly problems: FileProblem[] = [];
  private readonly cursors = {
    trace: newCursor(),
    logs: newCursor(),
    metrics: newCursor(),
  };
  private readonly metricLines: { offset: number; length: number }[] = [];
  private lastExport: { line: number; value: MetricsExportLine } | null = null;
  private syntheticCount = 0;
  /** The files this index reads: all but in a worker that reads only some of them. */
  private readingFiles: readonly RunFileName[] = RUN_FILE_NAMES;
  /** Why parents lack a line here: found out when the first one does. */
  private standInKind: StandInKind | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();
  /** How this index was opened. */
  loadedFrom: IndexSource = 'built';
  /** Whether worker threads read the run's files (a large run's first open). */
  readInWorkers = false;
  /** Why a saved index was not used (null when one was, or when there is no cache folder). */
  savedIndexRefused: string | null = null;
  /** The run folder's real path: the key of its saved index. */
  private realRunDir: string | null = null;
  /** The file offsets the saved index stands at, to know whether there is anything new to save. */
  private savedAt: string | null = null;
  private lastSave: Promise<void> = Promise.resolve();

  private constructor(runDir: string, options: RunIndexOptions, spans: SpanColumns, logs: LogColumns) {
    super(spans, logs);
    this.runDir = runDir;
    this.options = options;
  }

  static async open(runDir: string, options: RunIndexOptions = {}): Promise<RunIndex> {
    const info = await lstat(runDir).catch(() => null);
    if (info?.isSymbolicLink())
      throw new ReaderError('invalid_path', `${runDir} is a symbolic link; run folders are not followed`);
    if (!info?.isDirectory()) throw new ReaderError('not_found', `run directory ${runDir} does not exist`);
    const realRunDir = options.cacheDir === undefined ? null : await realpath(runDir).catch(() => null);
    let refused: string | null = null;
    if (options.cacheDir !== undefined && realRunDir !== null) {
      const loaded = await loadSavedIndex(options.cacheDir, realRunDir, maxProblemsOf(options));
      if (loaded.snapshot) {
        const index = new RunIndex(runDir, options, loaded.snapshot.spans, loaded.snapshot.logs);
        index.adoptSnapshot(realRunDir, loaded.snapshot, loaded.match === 'same' ? 'saved' : 'grown');
        // In the background: the first page of rows does not look spans up by id.
        void runInSlices(index.spans.indexIdsSteps());
        // What was appended since it was saved (and a cut last line, once ended).
        await index.readQueued();
        index.saveWhenChanged();
        return index;
      }
      refused = loaded.reason;
    }
    const sizes = await runFileSizes(runDir);
    if (sizes.trace + sizes.logs > (options.workerAboveBytes ?? DEFAULT_WORKER_ABOVE_BYTES)) {
      const built = await RunIndex.buildInWorkers(runDir, realRunDir, options, sizes);
      if (built !== null) {
        const index = RunIndex.fromSnapshot(runDir, options, built.snapshot, 'built');
        index.readInWorkers = true;
        index.forgetFileStates(built.writtenOver);
        index.realRunDir = realRunDir;
        index.savedIndexRefused = refused;
        // Saved as the worker laid it out (the same bytes a save would write, not encoded again),
        // unless a file was written over while it was read: then this is not its index.
        if (built.writtenOver.length === 0) index.saveWhenChanged(built.file);
        return index;
      }
      // No worker could do it here: built on this thread, in slices, like a small run.
      if (options.signal?.aborted) throw stoppedError(runDir);
    }
    const index = await RunIndex.buildHere(runDir, options, sizes);
    index.realRunDir = realRunDir;
    index.savedIndexRefused = refused;
    index.saveWhenChanged();
    return index;
  }

  /**
   * The index built in worker threads, with progress and previews told as it goes; null when no
   * worker could do it (the caller then builds it on this thread).
   */
  private static buildInWorkers(
    runDir: string,
    realRunDir: string | null,
    options: RunIndexOptions,
    sizes: { trace: number; logs: number },
  ): Promise<WorkerBuild | null> {
    const totalBytes = sizes.trace + sizes.logs;
    // Once the build is over (or stopped), the first part read here may still end: it is not told.
    let over = false;
    // Progress never goes back (the first part is read here, then again by a worker).
    let told: IndexingProgress = { bytesRead: 0, totalBytes, spans: 0, logLines: 0 };
    const tellProgress = (progress: Omit<IndexingProgress, 'totalBytes'>) => {
      if (over) return;
      told = {
        bytesRead: Math.max(told.bytesRead, progress.bytesRead),
        totalBytes,
        spans: Math.max(told.spans, progress.spans),
        logLines: Math.max(told.logLines, progress.logLines),
      };
      options.onProgress?.(told);
    };
    tellProgress(told);
    // Previews only ever grow: one of fewer spans than the last shown is not shown.
    let shownSpans = 0;
    const showPreview = (preview: RunIndex) => {
      if (over) return;
      const progress = preview.readProgress();
      if (progress.spans <= shownSpans) return;
      shownSpans = progress.spans;
      tellProgress(progress);
      options.onPreview?.(preview);
    };
    const [firstStop = Number.POSITIVE_INFINITY, ...laterStops] = options.previewAtBytes ?? PREVIEW_AT_BYTES;
    // The first part is read here while the workers start (a thread's start costs more than it).
    if (options.onPreview && firstStop < sizes.trace) {
      void RunIndex.firstPart(runDir, options, firstStop)
        .then(showPreview)
        .catch(() => undefined);
    }
    return buildInWorker(runDir, {
      realRunDir: realRunDir ?? runDir,
      entry: options.workerEntry,
      chunkBytes: options.chunkBytes,
      maxProblemsPerFile: options.maxProblemsPerFile,
      previewAtBytes: options.onPreview ? laterStops : [],
      totalBytes,
      logsBytes: sizes.logs,
      logsApartAboveBytes: LOGS_APART_ABOVE_BYTES,
      onProgress: tellProgress,
      onPreview: (snapshot) => showPreview(RunIndex.fromSnapshot(runDir, options, snapshot, 'preview')),
      signal: options.signal,
    })
      .catch((error: unknown) => {
        // Stopped on purpose: nothing more to do. Anything else (a worker that could not start or
        // died) is built on this thread, which says what is wrong with the files if anything is.
        if (error instanceof ReaderError && error.code === 'cancelled') throw error;
        console.warn(
          `${basename(runDir)}: the index workers failed (${errorText(error)}); reading it on the main thread`,
        );
        return null;
      })
      .finally(() => (over = true));
  }

  /** Builds the index on this thread, telling its progress as a worker would (a large run's fallback). */
  private static async buildHere(
    runDir: string,
    options: RunIndexOptions,
    sizes: { trace: number; logs: number },
  ): Promise<RunIndex> {
    if (!options.onProgress) return RunIndex.build(runDir, options, sizes);
    let building: RunIndex | null = null;
    const totalBytes = sizes.trace + sizes.logs;
    const ticker = setInterval(() => {
      if (building) options.onProgress?.({ ...building.readProgress(), totalBytes });
    }, PROGRESS_EVERY_MS);
    try {
      return await RunIndex.build(runDir, options, sizes, { onOpened: (index) => (building = index) });
    } finally {
      clearInterval(ticker);
    }
  }

  /**
   * Builds the index from the run's files, on this thread. With a plan, only some of the files may
   * be read (a worker reading the logs beside one reading the trace), and the trace is read in
   * stages (up to each of `previewAtBytes`), `onStage` being given the index after each one.
   */
  static async build(
    runDir: string,
    options: RunIndexOptions,
    sizes: { trace: number; logs: number },
    plan: BuildPlan = {},
  ): Promise<RunIndex> {
    const files = plan.files ?? RUN_FILE_NAMES;
    // Sizing the columns from the file sizes saves the copies of growing them a line at a time.
    const index = new RunIndex(
      runDir,
      options,
      new SpanColumns(files.includes('trace') ? Math.ceil(sizes.trace / 700) + 16 : 16),
      new LogColumns(files.includes('logs') ? Math.ceil(sizes.logs / 400) + 16 : 16),
    );
    index.readingFiles = files;
    plan.onOpened?.(index);
    for (const stop of files.includes('trace') ? (plan.previewAtBytes ?? []) : []) {
      if (stop >= sizes.trace) break;
      await index.readTrace(stop);
      await index.prepareView();
      await plan.onStage?.(index);
    }
    await index.readQueued();
    // In slices, like the reading: a call about another run waits for one column, not for all.
    await runInSlices(index.spans.compactSteps());
    await runInSlices(index.logs.compactSteps());
    return index;
  }

  /** A preview of the spans in the trace's first `bytes`, read on this thread. */
  static async firstPart(runDir: string, options: RunIndexOptions, bytes: number): Promise<RunIndex> {
    const index = new RunIndex(
      runDir,
      options,
      new SpanColumns(Math.ceil(bytes / 700) + 16),
      new LogColumns(16),
    );
    index.readingFiles = ['trace'];
    await index.readTrace(bytes);
    index.spans.nameStandIns(NOT_READ_YET_NAME);
    await index.prepareView();
    index.loadedFrom = 'preview';
    return index;
  }

  /** An index made of a snapshot (a worker's build, or one of its previews), reading nothing. */
  static fromSnapshot(
    runDir: string,
    options: RunIndexOptions,
    snapshot: RunIndexSnapshot,
    source: IndexSource,
  ): RunIndex {
    if (source === 'preview') snapshot.spans.nameStandIns(NOT_READ_YET_NAME);
    const index = new RunIndex(runDir, options, snapshot.spans, snapshot.logs);
    index.adoptSnapshot(null, snapshot, source);
    if (source !== 'preview') void runInSlices(index.spans.indexIdsSteps());
    return index;
  }

  /** How far reading got: the bytes of the trace and logs read, and the rows made of them. */
  readProgress(): Omit<IndexingProgress, 'totalBytes'> {
    return {
      bytesRead: this.cursors.trace.scannedTo + this.cursors.logs.scannedTo,
      spans: this.spans.count - this.syntheticCount,
      logLines: this.logs.count,
    };
  }

  /**
   * Everything this index holds, for a save; null when a file was written over since it was read
   * (this is then not its index). Takes the columns as they are: nothing may read meanwhile.
   */
  async snapshot(realRunDir: string): Promise<RunIndexSnapshot | null> {
    const { snapshot, writtenOver } = await this.snapshotForHandOver(realRunDir);
    return writtenOver.length === 0 ? snapshot : null;
  }

  /**
   * Everything this index holds, to hand to another thread, with the files written over since they
   * were read (their states are placeholders: such an index is never saved).
   */
  async snapshotForHandOver(
    realRunDir: string,
  ): Promise<{ snapshot: RunIndexSnapshot; writtenOver: string[] }> {
    const cursors = [this.cursors.trace, this.cursors.logs, this.cursors.metrics];
    const writtenOver = RUN_FILES.filter((_, i) => cursors[i]?.fileState === null);
    const { tree, stats } = await this.currentView();
    const snapshot: RunIndexSnapshot = {
      runDir: realRunDir,
      spans: this.spans,
      logs: this.logs,
      tree,
      stats,
      metricLines: this.metricLines,
      problems: this.problems,
      cursors: {
        trace: this.cursorState(this.cursors.trace),
        logs: this.cursorState(this.cursors.logs),
        metrics: this.cursorState(this.cursors.metrics),
      },
      syntheticCount: this.syntheticCount,
      maxProblemsPerFile: maxProblemsOf(this.options),
      files: cursors.map((cursor, i) => cursor.fileState ?? absentFileState(RUN_FILES[i] as string)),
    };
    return { snapshot, writtenOver };
  }

  /** Files written over while a worker read them: this index is not theirs, and is never saved as such. */
  private forgetFileStates(files: readonly string[]): void {
    for (const name of ['trace', 'logs', 'metrics'] as const) {
      if (files.includes(FILE_OF[name])) this.cursors[name].fileState = null;
    }
  }

  /** Resolves once the saves asked for so far are written (or failed: a cache is never required). */
  async saved(): Promise<void> {
    await this.lastSave;
  }

  private adoptSnapshot(realRunDir: string | null, snapshot: RunIndexSnapshot, source: IndexSource): void {
    this.realRunDir = realRunDir;
    this.loadedFrom = source;
    this.problems.push(...snapshot.problems);
    for (const name of ['trace', 'logs', 'metrics'] as const) {
      const saved = snapshot.cursors[name];
      Object.assign(this.cursors[name], {
        resumeOffset: saved.resumeOffset,
        nextLineNumber: saved.nextLineNumber,
        unreported: saved.unreported,
        reported: saved.reported,
        missing: saved.missingProblem === null ? null : (this.problems[saved.missingProblem] ?? null),
        tailNote: saved.tailNote,
        fileState: snapshot.files.find((file) => file.file === FILE_OF[name]) ?? null,
        scannedTo: saved.resumeOffset,
      });
    }
    this.metricLines.push(...snapshot.metricLines);
    this.syntheticCount = snapshot.syntheticCount;
    this.adoptView(snapshot.tree, snapshot.stats);
    // A saved index stands where it was saved; a worker's build is not saved yet.
    this.savedAt = source === 'saved' || source === 'grown' ? this.readPosition() : null;
  }

  /** Where reading stands in each file: the saved index is behind when this moved on. */
  private readPosition(): string {
    const { trace, logs, metrics } = this.cursors;
    return [trace, logs, metrics]
      .map((cursor) => `${cursor.resumeOffset}:${cursor.missing !== null}`)
      .join(',');
  }

  /**
   * Saves the index, after whatever read is under way and before the next one (a save takes the
   * columns as they are: nothing may change them meanwhile), when there is a cache folder and
   * something was read since the last save.
   */
  private saveWhenChanged(laidOut?: LaidOutIndex): void {
    const cacheDir = this.options.cacheDir;
    if (cacheDir === undefined || this.realRunDir === null || this.readPosition() === this.savedAt) return;
    const position = this.readPosition();
    const save = this.refreshing.then(() =>
      // The worker's layout is this index only while nothing was read since it was made.
      laidOut !== undefined && this.readPosition() === position
        ? this.writeSaved(position, () => saveIndexFile(cacheDir, laidOut.meta, laidOut.sections))
        : this.save(cacheDir, this.realRunDir as string),
    );
    this.refreshing = save;
    this.lastSave = save;
  }

  private async save(cacheDir: string, realRunDir: string): Promise<void> {
    const position = this.readPosition();
    if (position === this.savedAt) return;
    await this.writeSaved(position, async () => {
      // A file written over since it was read: this index is not the index of what is there now.
      const snapshot = await this.snapshot(realRunDir);
      if (snapshot) await saveIndex(cacheDir, snapshot);
      return snapshot !== null;
    });
  }

  private async writeSaved(position: string, write: () => Promise<boolean | void>): Promise<void> {
    try {
      if ((await write()) !== false) this.savedAt = position;
    } catch {
      // A cache that cannot be written (full disk, run folder gone) costs the next open a build.
    }
  }

  private cursorState(cursor: FileCursor): FileCursorState {
    const missing = cursor.missing === null ? -1 : this.problems.indexOf(cursor.missing);
    return {
      resumeOffset: cursor.resumeOffset,
      nextLineNumber: cursor.nextLineNumber,
      unreported: cursor.unreported,
      reported: cursor.reported,
      missingProblem: missing < 0 ? null : missing,
      tailNote: cursor.tailNote,
    };
  }

  /**
   * Reads lines appended since the last read. Returns how many spans, logs and exports were added.
   * With a cache folder, an index that read something is saved again once the run is final: a
   * run still being written, or `interrupted` (its writer may be alive without a lock), is saved
   * when opened, not at every read of what it appended (each save rewrites the whole index).
   */
  async refresh(): Promise<{ spans: number; logs: number; metrics: number }> {
    // A preview is a moment of a build under way: the build's own index reads on.
    if (this.loadedFrom === 'preview') return { spans: 0, logs: 0, metrics: 0 };
    const added = await this.readQueued();
    if (
      this.options.cacheDir !== undefined &&
      this.readPosition() !== this.savedAt &&
      isFinalStatus((await readRunRecord(this.runDir)).status)
    ) {
      this.saveWhenChanged();
    }
    return added;
  }

  private readQueued(): Promise<{ spans: number; logs: number; metrics: number }> {
    // One read at a time: two at once would both start from the same offsets.
    const next = this.refreshing.then(() => this.readAppended());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async readAppended(): Promise<{ spans: number; logs: number; metrics: number }> {
    const spansBefore = this.spans.count - this.syntheticCount;
    const logsBefore = this.logs.count;
    const metricsBefore = this.metricLines.length;
    const files = this.readingFiles;
    await Promise.all([
      files.includes('trace') ? this.readTrace() : null,
      files.includes('logs') ? this.readLogs() : null,
      files.includes('metrics') ? this.readMetrics() : null,
    ]);
    await this.prepareView();
    return {
      spans: this.spans.count - this.syntheticCount - spansBefore,
      logs: this.logs.count - logsBefore,
      metrics: this.metricLines.length - metricsBefore,
    };
  }

  protected async header(): Promise<RunHeader> {
    const record = await readRunRecord(this.runDir);
    // A trace file carries no logs or metrics: their absence is no problem in a run made from one.
    const expected = (problem: FileProblem) =>
      record.importedFrom === null ||
      (problem !== this.cursors.logs.missing && problem !== this.cursors.metrics.missing);
    const problems: FileProblem[] = [
      ...record.problems.map((problem) => ({ file: problem.file, line: null, message: problem.message })),
      ...inFileOrder(this.problems.filter(expected)),
    ];
    for (const [file, cursor] of [
      [TRACE_FILE, this.cursors.trace],
      [LOGS_FILE, this.cursors.logs],
      [METRICS_FILE, this.cursors.metrics],
    ] as const) {
      if (cursor.unreported > 0) {
        problems.push({ file, line: null, message: `${cursor.unreported} more broken lines not listed` });
      }
    }
    const notes = [this.cursors.trace, this.cursors.logs, this.cursors.metrics]
      .map((cursor) => cursor.tailNote)
      .filter((note): note is FileProblem => note !== null);
    return {
      runId: record.runId,
      status: record.status,
      live: false,
      rootComponentId: record.rootComponentId,
      previousRunId: record.previousRunId,
      startHierarchyPath: record.startHierarchyPath,
      error: record.error,
      problems,
      notes,
      importedFrom: record.importedFrom ? { ...record.importedFrom, notCarried: [...NOT_CARRIED] } : null,
    };
  }

  protected async spanRecord(row: number): Promise<Record<string, unknown> | null> {
    const spans = this.spans;
    if ((spans.flags[row] as number) & FLAG_SYNTHETIC) return null;
    const [bytes] = await this.readBack(TRACE_FILE, [
      { offset: spans.lineOffset[row] as number, length: spans.lineLength[row] as number },
    ]);
    const text = utf8(bytes as Buffer, 0, (bytes as Buffer).length);
    let record: unknown;
    try {
      record = parseJsonLine(text);
    } catch (error) {
      throw new Error(
        `${TRACE_FILE} changed since it was indexed: not valid JSON${jsonErrorDetail(error, text)}`,
      );
    }
    if (record === null || typeof record !== 'object') throw new Error('the line is not a JSON object');
    return record as Record<string, unknown>;
  }

  protected async logRecords(rows: readonly number[], mustContain?: string): Promise<LogRecordRead[]> {
    const logs = this.logs;
    let blocks: Buffer[];
    try {
      blocks = await this.readBack(
        LOGS_FILE,
        rows.map((row) => ({
          offset: logs.lineOffset[row] as number,
          length: logs.lineLength[row] as number,
        })),
      );
    } catch (error) {
      const message = `${LOGS_FILE} could not be read: ${errorText(error)}`;
      return rows.map(() => ({ error: message }));
    }
    return blocks.map((bytes) => {
      const text = utf8(bytes, 0, bytes.length);
      if (mustContain !== undefined && !text.toLowerCase().includes(mustContain)) return null;
      try {
        const record = parseJsonLine(text);
        if (record === null || typeof record !== 'object') return { error: 'the line is not a JSON object' };
        return { record: record as Record<string, unknown> };
      } catch (error) {
        return { error: `the line could not be read back: not valid JSON${jsonErrorDetail(error, text)}` };
      }
    });
  }

  /** Reads indexed lines back, from the file opened the same guarded way as when it was indexed. */
  private async readBack(
    file: string,
    ranges: readonly { offset: number; length: number }[],
  ): Promise<Buffer[]> {
    const handle = await openFileInside(this.runDir, file);
    if (!handle) throw new ReaderError('not_found', `${file} is gone`);
    try {
      return await readRanges(handle, ranges);
    } finally {
      await handle.close();
    }
  }

  protected async metricsExport(asOf?: number): Promise<MetricsExportLine | null> {
    const lines = this.metricLines;
    for (let line = lines.length - 1; line >= 0; line--) {
      if (asOf === undefined && this.lastExport?.line === line) return this.lastExport.value;
      const value = await this.readExport(line);
      if (!value) continue;
      if (asOf === undefined) {
        this.lastExport = { line, value };
        return value;
      }
      if (exportTimeUs(value) <= asOf) return value;
    }
    return null;
  }

  protected metricExportCount(): number {
    return this.metricLines.length;
  }

  protected runDirectory(): string {
    return this.runDir;
  }

  private async readExport(line: number): Promise<MetricsExportLine | null> {
    const range = this.metricLines[line];
    if (!range) return null;
    try {
      const [bytes] = await this.readBack(METRICS_FILE, [range]);
      const value = parseJsonLine(utf8(bytes as Buffer, 0, (bytes as Buffer).length));
      const exports = (value as { resource_metrics?: unknown } | null)?.resource_metrics;
      return Array.isArray(exports) ? (value as MetricsExportLine) : null;
    } catch {
      return null;
    }
  }

  /** Reads the trace on from where it stopped (up to `toOffset`: a stage of a build). */
  private async readTrace(toOffset?: number): Promise<void> {
    const spans = this.spans;
    const cursor = this.cursors.trace;
    const fields = emptySpanFields();
    const firstNewRow = spans.count;
    // Stand-ins replaced by their lines, with how many rows were added before each: their own
    // parents are checked in the order the lines were read, among the new rows'.
    const replaced: { row: number; addedBefore: number }[] = [];
    const scan = await this.scan(
      TRACE_FILE,
      cursor,
      toOffset,
      (bytes, start, end, offset, lineNumber, terminated) => {
        const parsed = this.parseOrReport(TRACE_FILE, cursor, bytes, start, end, lineNumber, terminated);
        if (parsed === undefined) return false;
        if (!spanFieldsOfRecord(parsed, fields)) {
          this.report(cursor, lineProblem(TRACE_FILE, lineNumber, 'not a JSON object'));
          return true;
        }
        const length = end - start;
        if (this.syntheticCount > 0) {
          const existing = spans.rowOf(fields.spanId ?? '');
          if (existing >= 0 && (spans.flags[existing] as number) & FLAG_SYNTHETIC) {
            spans.replaceSynthetic(existing, fields, offset, length);
            this.syntheticCount--;
            replaced.push({ row: existing, addedBefore: spans.count - firstNewRow });
            return true;
          }
        }
        const added = spans.add(fields, offset, length);
        if ('problem' in added) this.report(cursor, lineProblem(TRACE_FILE, lineNumber, added.problem));
        return true;
      },
    );
    if (scan) await this.addMissingParents(firstNewRow, replaced);
  }

  /**
   * Parents referenced but never written (a run cut short before they ended) get stand-ins. The
   * rows looked at are those this read added and the stand-ins it replaced by their lines, in the
   * order their lines were read: a stand-in takes its first child's place and time, as in one read.
   */
  private async addMissingParents(
    firstNewRow: number,
    replaced: readonly { row: number; addedBefore: number }[],
  ): Promise<void> {
    const spans = this.spans;
    const count = spans.count;
    const slices = new WorkSlices();
    let next = 0;
    for (let row = firstNewRow; row <= count; row++) {
      // Rows are only added here, and by this loop: pausing leaves nothing half done.
      if ((row & 4095) === 0 && slices.due()) await slices.pause();
      while (
        next < replaced.length &&
        (replaced[next] as { addedBefore: number }).addedBefore <= row - firstNewRow
      )
        await this.parentOf((replaced[next++] as { row: number }).row);
      if (row < count) await this.parentOf(row);
    }
  }

  /** Gives a row's parent a stand-in when it has no line, or widens the stand-in it has. */
  private async parentOf(row: number): Promise<void> {
    const spans = this.spans;
    const hi = spans.parentHi[row] as number;
    const lo = spans.parentLo[row] as number;
    if (hi === 0 && lo === 0) return;
    const parent = spans.ids.get(hi, lo);
    if (parent < 0) {
      // A run imported from a trace file is complete: a parent it lacks was not in the file.
      this.standInKind ??= (await readImportRecord(this.runDir)).kind === 'ok' ? 'not-in-file' : 'not-ended';
      spans.addStandIn(row, this.standInKind);
      this.syntheticCount++;
    } else if ((spans.flags[parent] as number) & FLAG_SYNTHETIC) {
      spans.coverChild(parent, row);
    }
  }

  private async readLogs(): Promise<void> {
    const logs = this.logs;
    const cursor = this.cursors.logs;
    const fields = emptyLogFields();
    await this.scan(LOGS_FILE, cursor, undefined, (bytes, start, end, offset, lineNumber, terminated) => {
      const parsed = this.parseOrReport(LOGS_FILE, cursor, bytes, start, end, lineNumber, terminated);
      if (parsed === undefined) return false;
      if (!logFieldsOfRecord(parsed, fields)) {
        this.report(cursor, lineProblem(LOGS_FILE, lineNumber, 'not a JSON object'));
        return true;
      }
      logs.add(fields, offset, end - start);
      return true;
    });
  }

  private async readMetrics(): Promise<void> {
    const cursor = this.cursors.metrics;
    await this.scan(METRICS_FILE, cursor, undefined, (bytes, start, end, offset, lineNumber, terminated) => {
      if (
        !terminated &&
        this.parseOrReport(METRICS_FILE, cursor, bytes, start, end, lineNumber, false) === undefined
      ) {
        return false;
      }
      // Exports are parsed when asked for (the last one, or the one in force at a time).
      this.metricLines.push({ offset, length: end - start });
      return true;
    });
  }

  /**
   * Scans a file from where the last scan stopped. `onLine` returns false for a last line that
   * could not be read (it stays unread, for the next refresh) and true when the line was consumed.
   */
  private async scan(
    file: string,
    cursor: FileCursor,
    toOffset: number | undefined,
    onLine: (
      bytes: Buffer,
      start: number,
      end: number,
      offset: number,
      lineNumber: number,
      terminated: boolean,
    ) => boolean,
  ): Promise<ScanResult | null> {
    let tailConsumed = false;
    let scan: ScanResult;
    let handle: FileHandle | null = null;
    const offsetBefore = cursor.resumeOffset;
    try {
      handle = await openFileInside(this.runDir, file);
      if (!handle) throw Object.assign(new Error(`${file} is missing`), { code: 'ENOENT' });
      // Taken before the read: any write after it shows in the times, so it cannot pass as read.
      const before = fileIdentityOf(await handle.stat());
      scan = await scanLines(
        handle,
        (bytes, start, end, offset, lineNumber, terminated) => {
          // Nobody waits for this index any more: stop here (the scan lets the error through).
          if (this.options.signal?.aborted) throw stoppedError(this.runDir);
          const consumed = onLine(bytes, start, end, offset, lineNumber, terminated);
          if (!terminated) tailConsumed = consumed;
          cursor.scannedTo = offset + (end - start);
        },
        {
          toOffset,
          fromOffset: cursor.resumeOffset,
          firstLineNumber: cursor.nextLineNumber,
          chunkBytes: this.options.chunkBytes,
          onOversized: (line) => {
            // A stage of a build that stopped inside it meets it again: reported once.
            if (line <= cursor.lastOversizedLine) return;
            cursor.lastOversizedLine = line;
            this.report(
              cursor,
              lineProblem(file, line, `longer than ${formatBytes(DEFAULT_MAX_LINE_BYTES)}; skipped`),
            );
          },
        },
      );
      const readTo = scan.resumeOffset + (tailConsumed ? scan.tailBytes : 0);
      cursor.fileState = await nextFileState(file, handle, cursor.fileState, before, offsetBefore, readTo);
    } catch (error) {
      if (error instanceof ReaderError && error.code === 'cancelled') throw error;
      cursor.fileState = offsetBefore === 0 ? absentFileState(file) : null;
      if (!cursor.missing) {
        cursor.missing = { file, line: null, message: unreadableMessage(file, error) };
        this.problems.push(cursor.missing);
      }
      return null;
    } finally {
      await handle?.close();
    }
    if (cursor.missing) {
      this.problems.splice(this.problems.indexOf(cursor.missing), 1);
      cursor.missing = null;
    }
    cursor.resumeOffset = scan.resumeOffset + (tailConsumed ? scan.tailBytes : 0);
    cursor.scannedTo = cursor.resumeOffset;
    cursor.nextLineNumber = scan.nextLineNumber;
    cursor.tailNote =
      scan.tailBytes > 0 && !tailConsumed
        ? lineProblem(
            file,
            scan.nextLineNumber,
            'the last line is cut short (still being written, or cut by a crash); it was left out',
          )
        : null;
    return scan;
  }

  /**
   * Parses one line. A broken line is reported (unless it is the last line, still unterminated,
   * which is left for later); undefined means "skip it".
   */
  private parseOrReport(
    file: string,
    cursor: FileCursor,
    bytes: Buffer,
    start: number,
    end: number,
    lineNumber: number,
    terminated: boolean,
  ): unknown {
    // Past the cap a line that cannot be an object is only counted: not parsed, as a failed parse
    // costs an exception (a file of garbage lines would make hundreds of thousands).
    if (terminated && !opensObject(bytes, start, end) && this.countedOnly(cursor)) return undefined;
    const text = utf8(bytes, start, end);
    try {
      return parseJsonLine(text);
    } catch (error) {
      // Described, never quoted: the line may hold anything (a link's target, a secret).
      // Described only when listed: past the cap a broken line is only counted.
      if (terminated && !this.countedOnly(cursor))
        this.report(cursor, lineProblem(file, lineNumber, `not valid JSON${jsonErrorDetail(error, text)}`));
      return undefined;
    }
  }

  /** True once a file's problems are no longer listed, only counted (and counts this one). */
  private countedOnly(cursor: FileCursor): boolean {
    if (cursor.reported < maxProblemsOf(this.options)) return false;
    cursor.unreported++;
    return true;
  }

  private report(cursor: FileCursor, problem: FileProblem): void {
    if (this.countedOnly(cursor)) return;
    cursor.reported++;
    this.problems.push(problem);
  }
}

const FILE_OF = { trace: TRACE_FILE, logs: LOGS_FILE, metrics: METRICS_FILE } as const;
const RUN_FILES = [TRACE_FILE, LOGS_FILE, METRICS_FILE] as const;

/** Why an open ended early: nobody waited for it (its id, not its path: it may reach a window). */
function stoppedError(runDir: string): ReaderError {
  return new ReaderError('cancelled', `the reading of run ${basename(runDir)} was stopped`);
}

/** A status no writer changes any more: `interrupted` may still be a writer without a lock. */
function isFinalStatus(status: RunStatus): boolean {
  return isEndedStatus(status) && status !== 'interrupted';
}

/**
 * The file's state after a read from `offsetBefore` to `readTo`. A read that moved on takes it
 * anew; one that read nothing keeps the last one unless the file was written over meanwhile.
 */
async function nextFileState(
  file: string,
  handle: FileHandle,
  previous: RunFileState | null,
  before: ReturnType<typeof fileIdentityOf>,
  offsetBefore: number,
  readTo: number,
): Promise<RunFileState | null> {
  if (readTo !== offsetBefore || offsetBefore === 0)
    return runFileStateAfterRead(file, handle, before, readTo);
  // Written over once already: what this index read is not in the file any more.
  if (previous === null) return null;
  const known = previous.identity;
  const writtenOver =
    !sameFileObject(known, before) ||
    before[0] < known[0] ||
    (before[0] === known[0] && !sameFileIdentity(known, before));
  return writtenOver ? null : previous;
}

/** The sizes of the trace and logs (lstat: a link's target is not looked at; the scan refuses it). */
export async function runFileSizes(runDir: string): Promise<{ trace: number; logs: number }> {
  const [trace, logs] = await Promise.all(
    [TRACE_FILE, LOGS_FILE].map((file) =>
      lstat(join(runDir, file)).then(
        (info) => (info.isFile() ? info.size : 0),
        () => 0,
      ),
    ),
  );
  return { trace: trace ?? 0, logs: logs ?? 0 };
}

/**
 * Problems by file (trace, logs, metrics), then line: files are read side by side (or by different
 * workers), so the order they were found in says nothing.
 */
function inFileOrder(problems: readonly FileProblem[]): FileProblem[] {
  const rank = (file: string) => {
    const known = (RUN_FILES as readonly string[]).indexOf(file);
    return known < 0 ? RUN_FILES.length : known;
  };
  return [...problems].sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

function maxProblemsOf(options: RunIndexOptions): number {
  return options.maxProblemsPerFile ?? 200;
}

/** True when the line's first byte that is not white space is `{`. */
function opensObject(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return byte === 0x7b;
  }
  return false;
}

/** A problem with one line; the message names the file and the line too, for lists that show only it. */
function lineProblem(file: string, line: number, what: string): FileProblem {
  return { file, line, message: `${file} line ${line}: ${what}` };
}

/** Why a run file could not be scanned, naming it and never quoting it. */
function unreadableMessage(file: string, error: unknown): string {
  if (error instanceof RunFileRefusedError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file} is missing`;
  return `${file} could not be read (${code ?? errorText(error)})`;
}

function newCursor(): FileCursor {
  return {
    resumeOffset: 0,
    nextLineNumber: 1,
    unreported: 0,
    reported: 0,
    missing: null,
    tailNote: null,
    fileState: null,
    scannedTo: 0,
    lastOversizedLine: 0,
  };
}

/** When an export was made: the latest `time_unix_nano` of its data points, in µs. */
function exportTimeUs(value: MetricsExportLine): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const resource of value.resource_metrics) {
    for (const scope of arrayOf((resource as { scope_metrics?: unknown }).scope_metrics)) {
      for (const metric of arrayOf((scope as { metrics?: unknown }).metrics)) {
        const data = (metric as { data?: { data_points?: unknown } }).data;
        for (const point of arrayOf(data?.data_points)) {
          const time = timestampToMicros((point as { time_unix_nano?: unknown }).time_unix_nano);
          if (time > latest) latest = time;
        }
      }
    }
  }
  return latest;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
