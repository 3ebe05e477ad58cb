import { lstat, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isEndedStatus, type FileProblem, type RunStatus } from '../../shared/run-data';
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
import { NOT_CARRIED } from './imports/import-record';
import { readRunRecord } from './run-record';
import { FLAG_SYNTHETIC, SpanColumns } from './span-columns';
import { emptySpanFields, spanFieldsOfRecord } from './span-line';
import type { FileCursorState, RunIndexSnapshot } from './saved-index/run-index-snapshot';
import { absentFileState, runFileStateAfterRead, type RunFileState } from './saved-index/run-file-state';
import { fileIdentityOf, sameFileIdentity, sameFileObject } from './file-identity';
import { loadSavedIndex, saveIndex } from './saved-index/saved-run-indexes';

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
}

/** Where an opened index came from: its saved copy, its saved copy and what was appended since, or the files. */
export type IndexSource = 'saved' | 'grown' | 'built';

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
  private refreshing: Promise<unknown> = Promise.resolve();
  /** How this index was opened. */
  loadedFrom: IndexSource = 'built';
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
        index.adoptSnapshot(realRunDir, loaded.snapshot, loaded.match);
        // In the background: the first page of rows does not look spans up by id.
        void runInSlices(index.spans.indexIdsSteps());
        // What was appended since it was saved (and a cut last line, once ended).
        await index.readQueued();
        index.saveWhenChanged();
        return index;
      }
      refused = loaded.reason;
    }
    // Sizing the columns from the file sizes saves the copies of growing them a line at a time.
    // lstat: a link's target is not looked at (the scan refuses it).
    const [traceSize, logsSize] = await Promise.all(
      [TRACE_FILE, LOGS_FILE].map((file) =>
        lstat(join(runDir, file)).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    const index = new RunIndex(
      runDir,
      options,
      new SpanColumns(Math.ceil((traceSize ?? 0) / 700) + 16),
      new LogColumns(Math.ceil((logsSize ?? 0) / 400) + 16),
    );
    await index.readQueued();
    // In slices, like the reading: a call about another run waits for one column, not for all.
    await runInSlices(index.spans.compactSteps());
    await runInSlices(index.logs.compactSteps());
    index.realRunDir = realRunDir;
    index.savedIndexRefused = refused;
    index.saveWhenChanged();
    return index;
  }

  /** Resolves once the saves asked for so far are written (or failed: a cache is never required). */
  async saved(): Promise<void> {
    await this.lastSave;
  }

  private adoptSnapshot(realRunDir: string, snapshot: RunIndexSnapshot, match: 'same' | 'grown'): void {
    this.realRunDir = realRunDir;
    this.loadedFrom = match === 'same' ? 'saved' : 'grown';
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
      });
    }
    this.metricLines.push(...snapshot.metricLines);
    this.syntheticCount = snapshot.syntheticCount;
    this.adoptView(snapshot.tree, snapshot.stats);
    this.savedAt = this.readPosition();
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
  private saveWhenChanged(): void {
    const cacheDir = this.options.cacheDir;
    if (cacheDir === undefined || this.realRunDir === null || this.readPosition() === this.savedAt) return;
    const save = this.refreshing.then(() => this.save(cacheDir, this.realRunDir as string));
    this.refreshing = save;
    this.lastSave = save;
  }

  private async save(cacheDir: string, realRunDir: string): Promise<void> {
    const position = this.readPosition();
    if (position === this.savedAt) return;
    try {
      const files = [this.cursors.trace, this.cursors.logs, this.cursors.metrics].map(
        (cursor) => cursor.fileState,
      );
      // A file written over since it was read: this index is not the index of what is there now.
      if (files.some((file) => file === null)) return;
      const { tree, stats } = await this.currentView();
      await saveIndex(cacheDir, {
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
        files: files as RunFileState[],
      });
      this.savedAt = position;
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
    await Promise.all([this.readTrace(), this.readLogs(), this.readMetrics()]);
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
      ...this.problems.filter(expected),
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

  private async readTrace(): Promise<void> {
    const spans = this.spans;
    const cursor = this.cursors.trace;
    const fields = emptySpanFields();
    const firstNewRow = spans.count;
    const scan = await this.scan(TRACE_FILE, cursor, (bytes, start, end, offset, lineNumber, terminated) => {
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
          return true;
        }
      }
      const added = spans.add(fields, offset, length);
      if ('problem' in added) this.report(cursor, lineProblem(TRACE_FILE, lineNumber, added.problem));
      return true;
    });
    if (scan) await this.addMissingParents(firstNewRow);
  }

  /** Parents referenced but never written (a run cut short before they ended) get stand-ins. */
  private async addMissingParents(firstNewRow: number): Promise<void> {
    const spans = this.spans;
    const count = spans.count;
    const slices = new WorkSlices();
    for (let row = firstNewRow; row < count; row++) {
      // Rows are only added here, and by this loop: pausing leaves nothing half done.
      if ((row & 4095) === 0 && slices.due()) await slices.pause();
      const hi = spans.parentHi[row] as number;
      const lo = spans.parentLo[row] as number;
      if (hi === 0 && lo === 0) continue;
      const parent = spans.ids.get(hi, lo);
      if (parent < 0) {
        spans.addSynthetic(
          hi,
          lo,
          spans.startUs[row] as number,
          spans.traceId[row] as number,
          spans.componentPath[row] as number,
        );
        this.syntheticCount++;
      } else if ((spans.flags[parent] as number) & FLAG_SYNTHETIC) {
        spans.startUs[parent] = Math.min(spans.startUs[parent] as number, spans.startUs[row] as number);
      }
    }
  }

  private async readLogs(): Promise<void> {
    const logs = this.logs;
    const cursor = this.cursors.logs;
    const fields = emptyLogFields();
    await this.scan(LOGS_FILE, cursor, (bytes, start, end, offset, lineNumber, terminated) => {
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
    await this.scan(METRICS_FILE, cursor, (bytes, start, end, offset, lineNumber, terminated) => {
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
          const consumed = onLine(bytes, start, end, offset, lineNumber, terminated);
          if (!terminated) tailConsumed = consumed;
        },
        {
          fromOffset: cursor.resumeOffset,
          firstLineNumber: cursor.nextLineNumber,
          chunkBytes: this.options.chunkBytes,
          onOversized: (line) =>
            this.report(
              cursor,
              lineProblem(file, line, `longer than ${formatBytes(DEFAULT_MAX_LINE_BYTES)}; skipped`),
            ),
        },
      );
      const readTo = scan.resumeOffset + (tailConsumed ? scan.tailBytes : 0);
      cursor.fileState = await nextFileState(file, handle, cursor.fileState, before, offsetBefore, readTo);
    } catch (error) {
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
