import { existsSync, lstatSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { OutcomeRepositoryError } from '../engine/errors';
import { OutcomeRepository } from '../engine/outcome';
import { projectIdentifierOf } from '../engine/project-identity';

export const RUN_ID_PATTERN = /^[a-zA-Z0-9_]{1,200}$/;

/**
 * The project folder holding `cwd`: the nearest folder, walking up, with `.dhenara/` or `runs/`.
 * Null when there is none up to the file system's root.
 */
export function findProjectRoot(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    if (isFolder(join(dir, '.dhenara')) || isFolder(join(dir, 'runs'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The runs folder of a project root (`<root>/runs`), or the folder itself when it holds runs. */
export function runsFolderOf(projectRoot: string): string | null {
  const runs = join(projectRoot, 'runs');
  if (isFolder(runs)) return runs;
  return isFolder(projectRoot) && existsSync(join(projectRoot, 'outcome')) ? projectRoot : null;
}

/** The run ids in a runs folder (folders with `.trace/`), newest first by the time in their ids. */
export async function listRunIds(runsDir: string): Promise<string[]> {
  const entries = await readdir(runsDir, { withFileTypes: true }).catch(() => []);
  const ids = entries
    .filter((entry) => entry.isDirectory() && RUN_ID_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => isRealFolder(join(runsDir, name, '.trace')));
  const stamp = (id: string): string => /(\d{8}_\d{6})_[0-9a-f]{6}$/.exec(id)?.[1] ?? '';
  return ids.sort((a, b) => stamp(b).localeCompare(stamp(a)) || b.localeCompare(a));
}

/**
 * Opens the outcome repository of the runs in `runsDir` without creating it:
 * `<runsDir>/outcome/<identifier>`, the identifier from the project's config (or its folder name);
 * failing that, the one repository the outcome folder holds. Throws, naming the folder, when there is none.
 */
export async function openOutcomeRepositoryOf(
  runsDir: string,
  projectIdentifier?: string,
): Promise<OutcomeRepository> {
  const identifier = projectIdentifier ?? projectIdentifierOf(dirname(resolve(runsDir)));
  const expected = join(runsDir, 'outcome', identifier);
  if (!existsSync(expected)) {
    const candidates = (await readdir(join(runsDir, 'outcome'), { withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
    if (candidates.length === 1) {
      return OutcomeRepository.openExisting({ effectiveRunRoot: runsDir, projectIdentifier: candidates[0] });
    }
  }
  if (!existsSync(expected)) {
    throw new OutcomeRepositoryError(
      `the outcome repository ${expected} does not exist (project identifier ${JSON.stringify(identifier)})`,
    );
  }
  return OutcomeRepository.openExisting({ effectiveRunRoot: runsDir, projectIdentifier: identifier });
}

/**
 * A run's folder in a runs folder: `missing`, a real `folder`, or `refused` with a message naming
 * it when it is a symbolic link (a copied runs folder must not lead elsewhere) or not a folder.
 */
export function runFolderOf(
  runsDir: string,
  runId: string,
): { kind: 'missing' } | { kind: 'folder'; dir: string } | { kind: 'refused'; message: string } {
  const dir = join(runsDir, runId);
  let info;
  try {
    info = lstatSync(dir);
  } catch {
    return { kind: 'missing' };
  }
  if (info.isSymbolicLink())
    return {
      kind: 'refused',
      message: `${runsDir}${sep}${runId} is a symbolic link; run folders are not followed`,
    };
  if (!info.isDirectory()) return { kind: 'refused', message: `${runsDir}${sep}${runId} is not a folder` };
  return { kind: 'folder', dir };
}

/** A folder reached without following a link at its own name. */
function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder the user named (a project, a runs folder): links the user chose are fine here. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
