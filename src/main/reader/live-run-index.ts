import type { RunStatus } from '../../shared/run-data';
import type { LogRecordLine, MetricsExportLine, RunEvent, SpanRecord } from '../engine/events';
import { IndexedRun, type LogRecordRead, type RunHeader } from './indexed-run';
import { LogColumns } from './log-columns';
import { emptyLogFields, logFieldsOfRecord } from './log-line';
import { SpanColumns } from './span-columns';
import { emptySpanFields, spanFieldsOfRecord } from './span-line';

export interface LiveRunIndexOptions {
  /**
   * The run to follow, when known. Otherwise the first `run_started` decides, and events of other
   * runs (a bus shared by several runs) are ignored from then on.
   */
  runId?: string;
  /** Known before `run_started` arrives (node files are read from it). */
  runDir?: string;
  /**
   * Span and log records kept in memory for details; older ones are let go (their rows stay).
   * 100,000 each by default: a few hundred MB at most for records of a few KB.
   */
  maxKeptRecords?: number;
}

const DEFAULT_MAX_KEPT = 100_000;

/**
 * A run followed by its events instead of its files, answering the same queries as a file index.
 * A started span is a row with no end (drawn open-ended) until its `span_ended` brings the full
 * record. Records are kept in memory for details, up to `maxKeptRecords` each; a live run is
 * expected to be far smaller than the million spans a file index handles (the inspector switches
 * to the files once the run ends).
 */
export class LiveRunIndex extends IndexedRun {
  private runId: string | null = null;
  private runDir: string | null;
  private rootComponentId: string | null = null;
  private previousRunId: string | null = null;
  private startHierarchyPath: string | null = null;
  private status: RunStatus = 'running';
  private error: string | null = null;
  private readonly spanRecords: (Record<string, unknown> | undefined)[] = [];
  private readonly logRecordList: (LogRecordLine | undefined)[] = [];
  private keptSpanFrom = 0;
  private keptLogFrom = 0;
  private lastExport: MetricsExportLine | null = null;
  private exportCount = 0;
  private readonly maxKept: number;
  private readonly spanFields = emptySpanFields();
  private readonly logFields = emptyLogFields();

  constructor(options: LiveRunIndexOptions = {}) {
    super(new SpanColumns(1024), new LogColumns(1024));
    this.runId = options.runId ?? null;
    this.runDir = options.runDir ?? null;
    this.maxKept = Math.max(1, options.maxKeptRecords ?? DEFAULT_MAX_KEPT);
  }

  /** Takes one event of the run into the index; events of other kinds, or of other runs, are ignored. */
  apply(event: RunEvent): void {
    if (this.runId !== null && event.runId !== this.runId) return;
    switch (event.type) {
      case 'run_started':
        this.runId = event.runId;
        this.runDir = event.runDir;
        this.rootComponentId = event.rootComponentId;
        this.previousRunId = event.previousRunId;
        this.startHierarchyPath = event.startHierarchyPath;
        this.status = 'running';
        break;
      case 'run_ended':
        this.status = event.status === 'pending' || event.status === 'running' ? 'unknown' : event.status;
        this.error = event.error;
        break;
      case 'span_started':
        this.spanStarted(event);
        break;
      case 'span_ended':
        this.spanEnded(event.span);
        break;
      case 'log':
        this.logAdded(event.record);
        break;
      case 'metrics':
        this.lastExport = event.export;
        this.exportCount++;
        break;
    }
  }

  private spanStarted(event: Extract<RunEvent, { type: 'span_started' }>): void {
    const fields = this.spanFields;
    const record = {
      name: event.name,
      context: { trace_id: event.traceId, span_id: event.spanId, trace_state: '[]' },
      parent_id: event.parentId,
      start_time: event.startTime,
      attributes: event.attributes,
    };
    spanFieldsOfRecord(record, fields);
    const added = this.spans.add(fields);
    if ('row' in added) this.keepSpanRecord(added.row, record);
  }

  private spanEnded(span: SpanRecord): void {
    const fields = this.spanFields;
    if (!spanFieldsOfRecord(span, fields)) return;
    const row = this.spans.rowOf(span.context.span_id);
    if (row >= 0) {
      this.spans.update(row, fields);
      if (row >= this.keptSpanFrom) this.spanRecords[row] = span as unknown as Record<string, unknown>;
      return;
    }
    const added = this.spans.add(fields);
    if ('row' in added) this.keepSpanRecord(added.row, span as unknown as Record<string, unknown>);
  }

  private logAdded(record: LogRecordLine): void {
    if (!logFieldsOfRecord(record, this.logFields)) return;
    const row = this.logs.add(this.logFields);
    this.logRecordList[row] = record;
    if (row - this.keptLogFrom >= this.maxKept) this.logRecordList[this.keptLogFrom++] = undefined;
  }

  private keepSpanRecord(row: number, record: Record<string, unknown>): void {
    this.spanRecords[row] = record;
    if (row - this.keptSpanFrom >= this.maxKept) this.spanRecords[this.keptSpanFrom++] = undefined;
  }

  protected async header(): Promise<RunHeader> {
    return {
      runId: this.runId,
      status: this.status,
      live: this.status === 'running',
      rootComponentId: this.rootComponentId,
      previousRunId: this.previousRunId,
      startHierarchyPath: this.startHierarchyPath,
      error: this.error,
      importedFrom: null,
      problems: [],
      notes:
        this.keptSpanFrom > 0 || this.keptLogFrom > 0
          ? [
              {
                file: '(live)',
                line: null,
                message: `details of the first ${this.keptSpanFrom} spans and ${this.keptLogFrom} log lines were let go to bound memory; the run's files hold them`,
              },
            ]
          : [],
    };
  }

  protected async spanRecord(row: number): Promise<Record<string, unknown> | null> {
    const record = this.spanRecords[row];
    if (record === undefined) {
      throw new Error(
        `the live index no longer keeps this span's detail (it keeps the last ${this.maxKept})`,
      );
    }
    return record;
  }

  protected async logRecords(rows: readonly number[]): Promise<LogRecordRead[]> {
    return rows.map((row) => {
      const record = this.logRecordList[row];
      return record === undefined
        ? { error: `not kept in memory (the live index keeps the last ${this.maxKept} log lines)` }
        : { record: record as unknown as Record<string, unknown> };
    });
  }

  protected async metricsExport(): Promise<MetricsExportLine | null> {
    return this.lastExport;
  }

  protected metricExportCount(): number {
    return this.exportCount;
  }

  protected runDirectory(): string | null {
    return this.runDir;
  }
}
