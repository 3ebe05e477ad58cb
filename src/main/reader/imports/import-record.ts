import { readJsonInside } from '../run-json';
import type { ImportWarning } from './import-warnings';

/** Written beside `trace.jsonl` in a run directory made from a foreign trace file. */
export const IMPORT_RECORD_FILE = '.trace/import.json';

export type TraceFormat = 'otlp-json' | 'jaeger-json';

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
}

export type ImportRecordRead =
  | { kind: 'ok'; record: ImportRecord }
  | { kind: 'missing' }
  | { kind: 'bad'; message: string };

const FORMATS = new Set<string>(['otlp-json', 'jaeger-json']);

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
  return { kind: 'ok', record: record as ImportRecord };
}
