import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ProjectError } from './project-error';

export const DHENARA_DIR = '.dhenara';

function hasDhenaraFolder(dir: string): boolean {
  const marker = join(dir, DHENARA_DIR);
  return existsSync(marker) && statSync(marker).isDirectory();
}

/** The nearest folder at or above `start` that holds `.dhenara/`. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (hasDhenaraFolder(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ProjectError(
    'no_project',
    `no DAD project here: neither ${resolve(start)} nor any folder above it has a ${DHENARA_DIR}/ folder; ` +
      'run `dad startproject <name>` to make a project, or pass --project-root',
  );
}

/** A folder given as the project root must be one itself: no walking up from it. */
export function assertProjectRoot(path: string): string {
  const root = resolve(path);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ProjectError('no_project', `no DAD project at ${root}: there is no such folder`);
  }
  if (!hasDhenaraFolder(root)) {
    throw new ProjectError(
      'no_project',
      `no DAD project at ${root}: it has no ${DHENARA_DIR}/ folder; ` +
        'run `dad startproject <name>` to make a project, or pass the folder that holds .dhenara/ as --project-root',
    );
  }
  return root;
}
