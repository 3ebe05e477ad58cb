import { StringInterner } from './interner';
import { parseSpanId, type SpanIdParts } from './span-id';
import type { LogLineFields } from './log-line';
import { resizeColumnSteps, worthCompacting, type TypedColumn } from './typed-columns';
import { runWhole, type SteppedWork } from './work-slices';

/**
 * Every log line of a run as parallel typed arrays (about 40 bytes a line): enough to filter by
 * time, severity, node and span without reading the lines; the text is read back on demand.
 */
export class LogColumns {
  readonly strings = new StringInterner();
  count = 0;
  timestampUs: Float64Array;
  severity: Uint8Array;
  nodeId: Uint32Array;
  traceId: Uint32Array;
  spanHi: Uint32Array;
  spanLo: Uint32Array;
  lineOffset: Float64Array;
  lineLength: Uint32Array;
  private readonly scratch: SpanIdParts = { hi: 0, lo: 0 };

  constructor(expected = 1024) {
    const capacity = Math.max(16, expected);
    this.timestampUs = new Float64Array(capacity);
    this.severity = new Uint8Array(capacity);
    this.nodeId = new Uint32Array(capacity);
    this.traceId = new Uint32Array(capacity);
    this.spanHi = new Uint32Array(capacity);
    this.spanLo = new Uint32Array(capacity);
    this.lineOffset = new Float64Array(capacity);
    this.lineLength = new Uint32Array(capacity);
  }

  add(fields: LogLineFields, lineOffset = -1, lineLength = 0): number {
    const row = this.count;
    if (row === this.timestampUs.length) this.grow();
    this.count++;
    this.timestampUs[row] = fields.timestampUs;
    this.severity[row] = Math.max(0, Math.min(255, fields.severityNumber));
    this.nodeId[row] = this.strings.id(fields.nodeId);
    this.traceId[row] = this.strings.id(fields.traceId);
    const span = this.scratch;
    if (parseSpanId(fields.spanId, span)) {
      this.spanHi[row] = span.hi;
      this.spanLo[row] = span.lo;
    } else {
      this.spanHi[row] = 0;
      this.spanLo[row] = 0;
    }
    this.lineOffset[row] = lineOffset;
    this.lineLength[row] = lineLength;
    return row;
  }

  /** Gives back the room reserved beyond the lines held (after a file has been read). */
  compact(): void {
    runWhole(this.compactSteps());
  }

  /** `compact()` in steps, for `runInSlices`; nothing may be added until it is done. */
  *compactSteps(): SteppedWork<void> {
    if (worthCompacting(this.timestampUs.length, this.count))
      yield* resizeColumnSteps(this.columns(), LOG_COLUMNS, this.count + 16);
  }

  /** The columns cut to the lines held, for saving: views of the columns, not copies. */
  savedColumns(): Record<LogColumnName, TypedColumn> {
    const columns = {} as Record<LogColumnName, TypedColumn>;
    for (const name of LOG_COLUMNS) columns[name] = this[name].subarray(0, this.count);
    return columns;
  }

  /** Log lines as a saved index held them: columns taken as they are, strings with their ids. */
  static restored(
    count: number,
    columns: Record<LogColumnName, TypedColumn>,
    strings: readonly (string | null)[],
  ): LogColumns {
    const logs = new LogColumns(0);
    const owner: Record<LogColumnName, TypedColumn> = logs;
    for (const name of LOG_COLUMNS) owner[name] = columns[name];
    logs.strings.adopt(strings);
    logs.count = count;
    return logs;
  }

  private grow(): void {
    runWhole(resizeColumnSteps(this.columns(), LOG_COLUMNS, Math.max(16, this.timestampUs.length * 2)));
  }

  private columns(): Record<LogColumnName, TypedColumn> {
    return this;
  }
}

export type LogColumnName = (typeof LOG_COLUMNS)[number];

export const LOG_COLUMNS = [
  'timestampUs',
  'severity',
  'nodeId',
  'traceId',
  'spanHi',
  'spanLo',
  'lineOffset',
  'lineLength',
] as const;
