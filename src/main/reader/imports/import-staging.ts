import { lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { microsToIso } from '../iso-micros';
import { TraceImportError, type SourcePlace } from './import-error';
import { IMPORT_RECORD_FILE, NOT_CARRIED, type ImportRecord, type TraceFormat } from './import-record';
import type { ImportWarnings } from './import-warnings';
import type { ImportedSpan } from './imported-span';
import { runIdBase, runIdCandidate } from './run-ids';
import { StagedTrace } from './staged-trace';

/** Buffered span lines across all traces before they are written out. */
const BUFFER_BUDGET_CHARS = 16 << 20;
const MAX_NAME_TRIES = 10_000;
/** Runs of the same file each record: enough to list them all in the window in most cases. */
const LISTED_SIBLING_RUNS = 100;
/** The high half of a 64-bit trace id padded to 128 bits. */
const SHORT_TRACE_ID_PAD = '0'.repeat(16);

export interface ImportedRun {
  runId: string;
  dir: string;
  /** `0x` + 32 hex digits. */
  traceId: string;
  spanCount: number;
}

export interface StagingOptions {
  file: string;
  maxTraces: number;
  warnings: ImportWarnings;
  /** Span text held in memory across all traces before it is written out; 16 M characters by default. */
  bufferBudgetChars?: number;
}

/**
 * The run directories of one import, written under a hidden temporary folder inside the runs
 * directory (hidden folders are not listed as runs) and moved into place only once every trace is
 * complete, so a failure leaves nothing half-written.
 */
export class ImportStaging {
  readonly runsDir: string;
  private readonly tempRoot: string;
  private readonly options: StagingOptions;
  private readonly traces = new Map<string, StagedTrace>();
  private readonly records = new Map<StagedTrace, ImportRecord>();
  private bufferedChars = 0;

  private constructor(runsDir: string, tempRoot: string, options: StagingOptions) {
    this.runsDir = runsDir;
    this.tempRoot = tempRoot;
    this.options = options;
  }

  static async create(runsDir: string, options: StagingOptions): Promise<ImportStaging> {
    try {
      await mkdir(runsDir, { recursive: true });
      return new ImportStaging(runsDir, await mkdtemp(join(runsDir, '.import-')), options);
    } catch (error) {
      throw new TraceImportError(
        'import_io_error',
        options.file,
        { line: null, location: null },
        `cannot write into the runs folder ${runsDir}: ${(error as Error).message}`,
      );
    }
  }

  get spanCount(): number {
    let count = 0;
    for (const trace of this.traces.values()) count += trace.spanCount;
    return count;
  }

  add(span: ImportedSpan, place: SourcePlace): void {
    let trace = this.traces.get(span.traceId);
    if (!trace) {
      if (this.traces.size >= this.options.maxTraces) {
        throw new TraceImportError(
          'import_too_many_traces',
          this.options.file,
          place,
          `the file holds more than ${this.options.maxTraces} traces; each would become a run`,
        );
      }
      trace = new StagedTrace(span.traceId, join(this.tempRoot, String(this.traces.size + 1)));
      this.traces.set(span.traceId, trace);
      if (span.traceId.startsWith(SHORT_TRACE_ID_PAD)) {
        this.options.warnings.add({
          traceId: span.traceId,
          ...place,
          message: `trace id 0x${span.traceId.slice(16)} has 64 bits: padded to 128 bits with zeros`,
        });
      }
    }
    this.bufferedChars += trace.add(span, place, this.options.warnings);
  }

  /** Writes buffered lines out once they pass the budget. */
  async flushIfFull(): Promise<void> {
    if (this.bufferedChars < (this.options.bufferBudgetChars ?? BUFFER_BUDGET_CHARS)) return;
    for (const trace of this.traces.values()) await trace.flush();
    this.bufferedChars = 0;
  }

  /** Flushes everything, checks parents, and writes each run's import record. */
  async finish(source: { format: TraceFormat; sourceFile: string; sourceBytes: number }): Promise<void> {
    const importedAt = microsToIso(Date.now() * 1000);
    for (const trace of this.traces.values()) trace.checkParents(this.options.warnings);
    for (const trace of this.traces.values()) {
      await trace.flush();
      const warnings = this.options.warnings;
      const record: ImportRecord = {
        version: 1,
        format: source.format,
        sourceFile: source.sourceFile,
        sourceBytes: source.sourceBytes,
        traceId: `0x${trace.traceId}`,
        spanCount: trace.spanCount,
        importedAt,
        traceStart: Number.isFinite(trace.startUs) ? microsToIso(trace.startUs) : null,
        traceEnd: Number.isFinite(trace.endUs) ? microsToIso(trace.endUs) : null,
        services: [...trace.services].sort(),
        tracesInFile: this.traces.size,
        notCarried: [...NOT_CARRIED],
        warnings: warnings.of(trace.traceId),
        unlistedWarnings: warnings.unlisted,
        runsFromFile: [],
      };
      this.records.set(trace, record);
      await writeRecord(trace.dir, record);
    }
  }

  /**
   * Moves each run directory into place under a name not taken yet (never over an existing
   * directory). If one move fails, the runs already moved are removed again.
   */
  async commit(sourceFile: string): Promise<ImportedRun[]> {
    const runs: ImportedRun[] = [];
    const taken = new Set<string>();
    try {
      for (const trace of this.traces.values()) {
        const runId = await this.moveIntoPlace(trace.dir, runIdBase(sourceFile, trace.traceId), taken);
        taken.add(runId);
        runs.push({
          runId,
          dir: join(this.runsDir, runId),
          traceId: `0x${trace.traceId}`,
          spanCount: trace.spanCount,
        });
      }
      // Run ids are known only now: each record then lists the runs its file made.
      const siblings = runs
        .slice(0, LISTED_SIBLING_RUNS)
        .map(({ runId, traceId, spanCount }) => ({ runId, traceId, spanCount }));
      let index = 0;
      for (const trace of this.traces.values()) {
        const record = this.records.get(trace);
        const run = runs[index++];
        if (record && run) await writeRecord(run.dir, { ...record, runsFromFile: siblings });
      }
    } catch (error) {
      await Promise.all(runs.map((run) => rm(run.dir, { recursive: true, force: true })));
      throw new TraceImportError(
        'import_io_error',
        this.options.file,
        { line: null, location: null },
        `cannot move the imported runs into ${this.runsDir}: ${(error as Error).message}`,
      );
    }
    return runs;
  }

  /** Removes the temporary folder and whatever is left in it. */
  async discard(): Promise<void> {
    await rm(this.tempRoot, { recursive: true, force: true });
  }

  private async moveIntoPlace(from: string, base: string, taken: Set<string>): Promise<string> {
    for (let n = 1; n <= MAX_NAME_TRIES; n++) {
      const name = runIdCandidate(base, n);
      if (taken.has(name)) continue;
      const target = join(this.runsDir, name);
      if (await exists(target)) continue;
      try {
        await rename(from, target);
        return name;
      } catch (error) {
        // Made by someone else since the check: try the next name.
        if (await exists(target)) continue;
        throw error;
      }
    }
    throw new Error(`no free name found for ${base}`);
  }
}

/** Written beside and renamed over, so a reader never sees half a record. */
async function writeRecord(runDir: string, record: ImportRecord): Promise<void> {
  const target = join(runDir, IMPORT_RECORD_FILE);
  const temp = `${target}.tmp`;
  await writeFile(temp, JSON.stringify(record, null, 2) + '\n', 'utf8');
  await rename(temp, target);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
