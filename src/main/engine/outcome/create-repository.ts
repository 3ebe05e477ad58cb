import { mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutcomeRepositoryError, errorMessage } from '../errors';
import type { GitCommand } from './repository-git';

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
  const buildDir = await mkdtemp(join(parentDir, `.creating-${projectIdentifier}-`));
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
