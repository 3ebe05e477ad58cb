import { readJsonInside } from '../run-json';
import type { ImportWarning } from './import-warnings';

/** Written beside `trace.jsonl` in a run directory made from a foreign trace file. */
export const IMPORT_RECORD_FILE = '.trace/import.json';

export type TraceFormat = 'otlp-json' | 'jaeger-json' | 'zipkin-json';

/** What a run directory holds for runs of this engine, and an imported trace does not. */
export type NotCarried = 'logs' | 'metrics' | 'nodeFiles' | 'runStatus' | 'outcomeRepository';

export const NOT_CARRIED: readonly NotCarried[] = [
  'logs',
  'metrics',
  'nodeFiles',
  'runStatus',
  'outcomeRepository',
];

export interface ImportRecord {
  version: 1;
  format: TraceFormat;
  /** Absolute path of the file the trace was read from. */
  sourceFile: string;
  sourceBytes: number;
  /** `0x` + 32 hex digits. */
  traceId: string;
  spanCount: number;
  /** UTC ISO with µs. */
  importedAt: string;
  /** Earliest span start and latest span end; null when no span has one. */
  traceStart: string | null;
  traceEnd: string | null;
  /** `service.name` of the spans' resources. */
  services: string[];
  /** Traces in the source file (each made its own run). */
  tracesInFile: number;
  notCarried: NotCarried[];
  warnings: ImportWarning[];
  unlistedWarnings: number;
  /** The runs the source file made (this one too), in file order; the first 100 of them. */
  runsFromFile: RunFromFile[];
}

/** One run made from the same source file. */
export interface RunFromFile {
  runId: string;
  /** `0x` + 32 hex digits. */
  traceId: string;
  spanCount: number;
}

export type ImportRecordRead =
  | { kind: 'ok'; record: ImportRecord }
  | { kind: 'missing' }
  | { kind: 'bad'; message: string };

const FORMATS = new Set<string>(['otlp-json', 'jaeger-json', 'zipkin-json']);

/** Reads a run directory's import record, never throwing; `bad` names the file and what is wrong. */
export async function readImportRecord(runDir: string): Promise<ImportRecordRead> {
  const read = await readJsonInside(runDir, IMPORT_RECORD_FILE);
  if (read.kind !== 'ok') return read.kind === 'missing' ? read : { kind: 'bad', message: read.message };
  const value = read.value;
  const record = value !== null && typeof value === 'object' ? (value as Partial<ImportRecord>) : {};
  if (typeof record.format !== 'string' || !FORMATS.has(record.format))
    return { kind: 'bad', message: `${IMPORT_RECORD_FILE} names no known trace format` };
  if (typeof record.sourceFile !== 'string' || typeof record.traceId !== 'string')
    return { kind: 'bad', message: `${IMPORT_RECORD_FILE} lacks its sourceFile or traceId` };
  // Records written before warnings and sibling runs were kept, or edited by hand: what is not
  // well formed is left out rather than shown.
  return {
    kind: 'ok',
    record: {
      ...(record as ImportRecord),
      warnings: listOf(record.warnings, MAX_WARNINGS, warningOf),
      unlistedWarnings: countOf(record.unlistedWarnings, 0),
      tracesInFile: countOf(record.tracesInFile, 1),
      runsFromFile: listOf(record.runsFromFile, MAX_RUNS_FROM_FILE, runFromFileOf),
    },
  };
}

const MAX_WARNINGS = 200;
const MAX_RUNS_FROM_FILE = 100;
const MAX_MESSAGE_CHARS = 2000;
const TRACE_ID = /^0x[0-9a-f]{32}$/;

function listOf<T>(value: unknown, max: number, itemOf: (item: Record<string, unknown>) => T | null): T[] {
  if (!Array.isArray(value)) return [];
  const items: T[] = [];
  for (const item of value.slice(0, max)) {
    const read = item !== null && typeof item === 'object' ? itemOf(item as Record<string, unknown>) : null;
    if (read !== null) items.push(read);
  }
  return items;
}

function warningOf(item: Record<string, unknown>): ImportWarning | null {
  const { message, line, location, traceId } = item;
  if (typeof message !== 'string' || message.length > MAX_MESSAGE_CHARS) return null;
  return {
    message,
    line: typeof line === 'number' && Number.isInteger(line) && line > 0 ? line : null,
    location: typeof location === 'string' && location.length <= MAX_MESSAGE_CHARS ? location : null,
    traceId: typeof traceId === 'string' && TRACE_ID.test(traceId) ? traceId : null,
  };
}

function runFromFileOf(item: Record<string, unknown>): RunFromFile | null {
  const { runId, traceId, spanCount } = item;
  if (typeof runId !== 'string' || !/^[a-zA-Z0-9_]{1,150}$/.test(runId)) return null;
  if (typeof traceId !== 'string' || !TRACE_ID.test(traceId)) return null;
  return { runId, traceId, spanCount: countOf(spanCount, 0) };
}

function countOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= fallback ? value : fallback;
}
