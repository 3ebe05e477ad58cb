import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { runDurationSeconds } from '../../shared/run-duration';
import type { RunStatus } from '../../shared/run-data';
import {
  IMPORT_RECORD_FILE,
  readImportRecord,
  type ImportRecord,
  type RunFromFile,
  type TraceFormat,
} from './imports/import-record';
import type { ImportWarning } from './imports/import-warnings';
import { readRunLock } from './run-lock';
import { jsonObjectOf, readJsonInside } from './run-json';

/** What `dad_metadata.json`, `run_summary.json` and `run.lock` say about a run. */
export interface RunRecord {
  runId: string;
  dir: string;
  status: RunStatus;
  rootComponentId: string | null;
  createdAt: string | null;
  completedAt: string | null;
  /** From the first record to the last (shared/run-duration.ts); null until the run has ended. */
  durationSeconds: number | null;
  previousRunId: string | null;
  startHierarchyPath: string | null;
  error: string | null;
  /** From `run_summary.json`; null when the run has none (it is written when a run ends). */
  summaryTokens: number | null;
  summaryCost: number | null;
  /** The JSON objects read, for callers that show more of them (null when missing or unreadable). */
  metadata: Record<string, unknown> | null;
  summary: Record<string, unknown> | null;
  /**
   * Set for a run made from a foreign trace file (`.trace/import.json`): such a run has no
   * metadata, logs, metrics or node files, and its status stays `unknown`.
   */
  importedFrom: ImportedFrom | null;
  /** Each names the file and what is wrong with it. */
  problems: RecordProblem[];
}

export interface ImportedFrom {
  format: TraceFormat;
  /** The file the trace was read from. */
  sourceFile: string;
  /** `0x` + 32 hex digits. */
  traceId: string;
  /** What the import read anyway or left out (this trace's, and the whole file's). */
  warnings: ImportWarning[];
  unlistedWarnings: number;
  /** Traces the file held, each made its own run, and those runs (at most 100). */
  tracesInFile: number;
  runsFromFile: RunFromFile[];
}

export interface RecordProblem {
  /** Relative to the run directory. */
  file: string;
  /** A sentence that names the file too. */
  message: string;
}

const LOCK_NAME = '.trace/run.lock';
const KNOWN_STATUSES = new Set<RunStatus>([
  'initialized',
  'running',
  'completed',
  'failed',
  'cancelled',
  'timeout',
]);

type JsonFile =
  | { kind: 'ok'; value: Record<string, unknown> }
  | { kind: 'missing' }
  | { kind: 'bad'; problem: RecordProblem };

/**
 * Reads a run's own record, never throwing: what is missing or corrupt is named in `problems`.
 * Status: `dad_metadata.json`'s; `initialized` while the `run.lock` holder lives is `running`,
 * and without a living holder `interrupted`; a missing or unreadable metadata file is `unknown`.
 */
export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const problems: RecordProblem[] = [];
  const metadataName = '.trace/dad_metadata.json';
  const [metadataFile, summaryFile, importFile] = await Promise.all([
    readJsonObject(runDir, metadataName),
    readJsonObject(runDir, 'run_summary.json'),
    readImportRecord(runDir),
  ]);
  const metadata = metadataFile.kind === 'ok' ? metadataFile.value : {};
  const summary = summaryFile.kind === 'ok' ? summaryFile.value : {};
  const imported: ImportRecord | null = importFile.kind === 'ok' ? importFile.record : null;
  // An imported trace has no metadata by nature; its absence is not a problem.
  if (metadataFile.kind === 'missing' && importFile.kind === 'missing')
    problems.push({ file: metadataName, message: `${metadataName} is missing` });
  if (importFile.kind === 'bad') problems.push({ file: IMPORT_RECORD_FILE, message: importFile.message });
  if (metadataFile.kind === 'bad') problems.push(metadataFile.problem);
  if (summaryFile.kind === 'bad') problems.push(summaryFile.problem);

  let status: RunStatus = 'unknown';
  const written = metadata.status;
  if (metadataFile.kind === 'ok') {
    if (typeof written === 'string' && KNOWN_STATUSES.has(written as RunStatus))
      status = written as RunStatus;
    else {
      problems.push({
        file: metadataName,
        message: `${metadataName} has an unknown status ${JSON.stringify(written ?? null)}`,
      });
    }
  }
  if (status === 'initialized' || status === 'running' || metadataFile.kind !== 'ok') {
    const lock = await readRunLock(runDir);
    switch (lock.kind) {
      case 'alive':
        status = 'running';
        break;
      case 'other_host':
        if (status !== 'unknown') status = 'running';
        problems.push({
          file: LOCK_NAME,
          message: `${LOCK_NAME} is held by pid ${lock.pid} on host ${lock.host}, which cannot be checked from here`,
        });
        break;
      case 'unreadable':
        problems.push({ file: LOCK_NAME, message: lock.message });
        if (status !== 'unknown') status = 'interrupted';
        break;
      case 'dead':
      case 'none':
        if (status !== 'unknown') status = 'interrupted';
        break;
    }
  }

  const rerun = objectOrEmpty(metadata.rerun_info);
  const createdAt =
    stringOrNull(metadata.created_at) ?? stringOrNull(summary.created_at) ?? imported?.traceStart ?? null;
  const completedAt =
    stringOrNull(metadata.completed_at) ?? stringOrNull(summary.completed_at) ?? imported?.traceEnd ?? null;
  return {
    runId: stringOrNull(metadata.run_id) ?? stringOrNull(summary.run_id) ?? basename(runDir),
    dir: runDir,
    status,
    rootComponentId: stringOrNull(summary.root_component_id) ?? (await rootFolderOf(runDir)),
    createdAt,
    completedAt,
    durationSeconds: runDurationSeconds({ createdAt, completedAt }),
    previousRunId: stringOrNull(rerun.previous_run_id),
    startHierarchyPath: stringOrNull(rerun.start_hierarchy_path),
    error: stringOrNull(metadata.error),
    summaryTokens: numberOrNull(summary.agg_usage_total_tokens),
    summaryCost: numberOrNull(summary.agg_usage_cost),
    metadata: metadataFile.kind === 'ok' ? metadataFile.value : null,
    summary: summaryFile.kind === 'ok' ? summaryFile.value : null,
    importedFrom: imported
      ? {
          format: imported.format,
          sourceFile: imported.sourceFile,
          traceId: imported.traceId,
          warnings: imported.warnings,
          unlistedWarnings: imported.unlistedWarnings,
          tracesInFile: imported.tracesInFile,
          runsFromFile: imported.runsFromFile,
        }
      : null,
    problems,
  };
}

async function readJsonObject(runDir: string, name: string): Promise<JsonFile> {
  const read = await readJsonInside(runDir, name);
  if (read.kind === 'missing') return { kind: 'missing' };
  if (read.kind === 'bad') return { kind: 'bad', problem: { file: name, message: read.message } };
  const value = jsonObjectOf(read.value);
  if (value === null)
    return { kind: 'bad', problem: { file: name, message: `${name} does not hold a JSON object` } };
  return { kind: 'ok', value };
}

/** The root component's folder: the one folder of the run directory that is not the reader's or the engine's own. */
async function rootFolderOf(runDir: string): Promise<string | null> {
  try {
    const entries = await readdir(runDir, { withFileTypes: true });
    const folders = entries.filter(
      (entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'static_inputs',
    );
    return folders.length === 1 ? (folders[0]?.name ?? null) : null;
  } catch {
    return null;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
