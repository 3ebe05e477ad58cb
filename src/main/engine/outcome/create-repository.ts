import { mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutcomeRepositoryError, errorMessage } from '../errors';
import { processExists } from '../../reader/run-lock';
import type { GitCommand } from './repository-git';

const BUILD_PREFIX = '.creating-';

export function outcomeReadme(projectIdentifier: string): string {
  return (
    `# Outcomes of ${projectIdentifier}\n\n` +
    `This repository holds what the agents of project ${projectIdentifier} produced: the files their ` +
    `nodes wrote, not the run records (those stay in the run directories).\n\n` +
    `Each run works on its own branch, \`run/<run_id>\`, and ends with a commit ` +
    `\`[<run_id>] Run <status> at <time>\`. A run that continues an earlier one starts its branch ` +
    `from that run's last commit; every other run starts from \`main\`.\n`
  );
}

/**
 * Creates the repository at `dir` (missing or empty): builds it in a temporary folder beside it and
 * renames that into place, so another process opening the same repository never sees half of it.
 * Resolves false when someone else created it first.
 */
export async function createRepository(
  git: GitCommand,
  parentDir: string,
  dir: string,
  projectIdentifier: string,
): Promise<boolean> {
  // The pid in the name lets a later open tell a build abandoned by a killed process from one going on.
  const buildDir = await mkdtemp(join(parentDir, `${BUILD_PREFIX}${projectIdentifier}-${process.pid}-`));
  try {
    await git(buildDir, ['init', '--quiet']);
    // Set the branch directly: `init --initial-branch` needs git 2.28, and init.defaultBranch may say otherwise.
    await git(buildDir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    await writeFile(join(buildDir, 'README.md'), outcomeReadme(projectIdentifier));
    await git(buildDir, ['add', 'README.md']);
    await git(buildDir, ['commit', '--quiet', '--cleanup=whitespace', '-F', '-'], {
      stdin: 'Initial commit\n',
    });
    await removeIfEmptyFolder(dir);
    try {
      await rename(buildDir, dir);
      return true;
    } catch (error) {
      if (isFsError(error, 'ENOTEMPTY') || isFsError(error, 'EEXIST') || isFsError(error, 'EPERM'))
        return false;
      throw new OutcomeRepositoryError(
        `could not move the new outcome repository into ${dir}: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

/** Removes the half-built repositories of processes killed while creating one. */
export async function removeAbandonedBuilds(parentDir: string): Promise<void> {
  const names = await readdir(parentDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(BUILD_PREFIX) ? /-(\d+)-[A-Za-z0-9]{6}$/.exec(name)?.[1] : undefined;
    if (pid !== undefined && !processExists(Number(pid))) {
      await rm(join(parentDir, name), { recursive: true, force: true }).catch(() => {});
    }
  }
}

async function removeIfEmptyFolder(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch (error) {
    if (!isFsError(error, 'ENOENT') && !isFsError(error, 'ENOTEMPTY')) throw error;
  }
}

export function isFsError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
