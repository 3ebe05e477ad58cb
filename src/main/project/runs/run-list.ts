import { lstat, readdir } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { findRunDirs } from '../../reader/list-runs';
import { isFolderInside, RunFileRefusedError } from '../../reader/run-files';
import { ProjectError } from '../project-error';

const RUN_ID_PATTERN = /^[a-zA-Z0-9_]{1,200}$/;
/** Folders of a run directory that hold the run's own files, not its components. */
export const RUN_FILE_FOLDERS = new Set(['.trace', 'static_inputs']);

/** A folder holding a `.trace` entry (a linked one too: reading the run then names it as refused). */
async function isRunDir(dir: string): Promise<boolean> {
  return lstat(join(dir, '.trace')).then(
    () => true,
    () => false,
  );
}

/** Run directories under a run root: the reader's rule, the one the run list follows. */
export { findRunDirs } from '../../reader/list-runs';

/**
 * The directory of run `runId` under a run root; an error naming the root when there is none, and
 * one naming the link when the run's folder is a symbolic link (never followed).
 */
export async function findRunDir(runRoot: string, runId: string): Promise<string> {
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new ProjectError('run_not_found', `"${runId}" is not a run id (letters, digits and _ only)`);
  }
  const direct = join(runRoot, runId);
  try {
    await isFolderInside(runRoot, runId);
  } catch (error) {
    if (!(error instanceof RunFileRefusedError)) throw error;
    throw new ProjectError('run_not_found', `run "${runId}" is not read: ${runRoot}${sep}${error.message}`);
  }
  if (await isRunDir(direct)) return direct;
  const nested = (await findRunDirs(runRoot)).find((dir) => basename(dir) === runId);
  if (nested) return nested;
  throw new ProjectError(
    'run_not_found',
    `no run "${runId}" in ${runRoot}; \`dad runs list\` shows the runs there`,
  );
}

/** Every run under a run root, the newest first: the reader's listing, shared with the window. */
export { listRuns } from '../../reader/list-runs';

/** What a run's files say about it, as `dad runs list` and the window show it. */
export { listEntryOf as readRunEntry } from '../../reader/list-runs';

/** Real subfolders (readdir's entry types do not follow links, so linked folders are left out). */
export async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
