import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RunListEntry, RunStatus } from '../../../shared/run-data';
import { ProjectError } from '../project-error';
import { numberOr, readJsonObject, stringOr, type JsonObject } from './json-files';
import { isRunHeld } from './run-liveness';

export const METADATA_PATH = join('.trace', 'dad_metadata.json');
export const SUMMARY_FILE = 'run_summary.json';
const OUTCOME_DIR = 'outcome';
const RUN_ID_PATTERN = /^[a-zA-Z0-9_]{1,200}$/;
/** Folders of a run directory that hold the run's own files, not its components. */
export const RUN_FILE_FOLDERS = new Set(['.trace', 'static_inputs']);
const FINAL_STATUSES = new Set<RunStatus>(['completed', 'failed', 'cancelled', 'timeout']);

function isRunDir(dir: string): boolean {
  return existsSync(join(dir, '.trace'));
}

/** Run directories under a run root: its own children, and those one level down (`run_root_subpath`). */
export async function findRunDirs(runRoot: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of await subfolders(runRoot)) {
    if (name === OUTCOME_DIR) continue;
    const dir = join(runRoot, name);
    if (isRunDir(dir)) dirs.push(dir);
    else
      for (const inner of await subfolders(dir)) if (isRunDir(join(dir, inner))) dirs.push(join(dir, inner));
  }
  return dirs;
}

/** The directory of run `runId` under a run root; an error naming the root when there is none. */
export async function findRunDir(runRoot: string, runId: string): Promise<string> {
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new ProjectError('run_not_found', `"${runId}" is not a run id (letters, digits and _ only)`);
  }
  const direct = join(runRoot, runId);
  if (isRunDir(direct)) return direct;
  const nested = (await findRunDirs(runRoot)).find((dir) => basename(dir) === runId);
  if (nested) return nested;
  throw new ProjectError(
    'run_not_found',
    `no run "${runId}" in ${runRoot}; \`dad runs list\` shows the runs there`,
  );
}

/** Every run under a run root, the newest first. */
export async function listRuns(runRoot: string): Promise<RunListEntry[]> {
  const entries = await Promise.all((await findRunDirs(runRoot)).map((dir) => readRunEntry(dir)));
  return entries.sort(
    (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.runId.localeCompare(a.runId),
  );
}

/** What a run's files say about it, as `dad runs list` shows it. */
export async function readRunEntry(runDir: string): Promise<RunListEntry> {
  const metadata = await readJsonObject(join(runDir, METADATA_PATH));
  const summary = await readJsonObject(join(runDir, SUMMARY_FILE));
  const problems: string[] = [];
  if (!metadata) problems.push(`${METADATA_PATH} is missing or not a JSON object`);
  const rerun = (metadata?.rerun_info ?? null) as JsonObject | null;
  const runId = stringOr(metadata?.run_id) ?? stringOr(summary?.run_id) ?? basename(runDir);
  const entry: RunListEntry = {
    runId,
    dir: runDir,
    rootComponentId: stringOr(summary?.root_component_id) ?? (await guessRootComponent(runDir)),
    status: await statusOf(metadata, runDir),
    createdAt: stringOr(metadata?.created_at) ?? stringOr(summary?.created_at),
    completedAt: stringOr(metadata?.completed_at) ?? stringOr(summary?.completed_at),
    durationSeconds: numberOr(metadata?.duration_seconds),
    nodeCount: await countNodes(runDir),
    tokens: numberOr(summary?.agg_usage_total_tokens),
    cost: numberOr(summary?.agg_usage_cost),
    previousRunId: stringOr(rerun?.previous_run_id),
    startHierarchyPath: stringOr(rerun?.start_hierarchy_path),
    error: stringOr(metadata?.error),
  };
  if (problems.length > 0) entry.problems = problems;
  return entry;
}

async function statusOf(metadata: JsonObject | null, runDir: string): Promise<RunStatus> {
  const status = stringOr(metadata?.status);
  if (status === 'initialized' || status === 'running') {
    return (await isRunHeld(runDir)) ? 'running' : 'interrupted';
  }
  return status !== null && FINAL_STATUSES.has(status as RunStatus) ? (status as RunStatus) : 'unknown';
}

/** Nodes that have a `result.json`, anywhere below the run directory. */
async function countNodes(runDir: string): Promise<number> {
  let count = 0;
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && entry.name === 'result.json') count++;
      else if (entry.isDirectory() && !(dir === runDir && RUN_FILE_FOLDERS.has(entry.name)))
        await visit(join(dir, entry.name));
    }
  };
  await visit(runDir);
  return count;
}

/** Without a run summary (a run still going, or killed), the one component folder is the root. */
async function guessRootComponent(runDir: string): Promise<string | null> {
  const folders = (await subfolders(runDir)).filter((name) => !RUN_FILE_FOLDERS.has(name));
  return folders.length === 1 ? (folders[0] ?? null) : null;
}

export async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
