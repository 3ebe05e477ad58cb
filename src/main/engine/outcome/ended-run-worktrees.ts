import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeCommitMessage } from './commit-message';
import type { GitCommand } from './repository-git';

/** Says whether run `runId` may still be going (its process holds the run). */
export type RunLiveness = (runId: string) => Promise<boolean>;

// Worktree folders are named by run id; anything else in the folder is not ours to remove.
const RUN_ID_PATTERN = /^[a-zA-Z0-9_-]{1,150}$/;

/**
 * Removes the worktrees of runs whose process is gone (killed runs never reach their closing
 * commit, so theirs stay). A worktree of a run that may still be going is never touched. What a
 * dead run left uncommitted is committed on its branch first, so no file it produced is lost; a
 * worktree that cannot be cleared is left for a later run rather than stopping this one.
 */
export async function removeEndedRunWorktrees(
  git: GitCommand,
  repositoryDir: string,
  worktreesDir: string,
  isLive: RunLiveness,
): Promise<string[]> {
  const names = await readdir(worktreesDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const runId of names) {
    if (!RUN_ID_PATTERN.test(runId) || (await isLive(runId))) continue;
    const dir = join(worktreesDir, runId);
    try {
      if (existsSync(join(dir, '.git'))) {
        await commitLeftovers(git, dir, runId);
        // Twice forced: also removes a worktree git still marks as being created.
        await git(repositoryDir, ['worktree', 'remove', '--force', '--force', dir]);
      } else {
        await rm(dir, { recursive: true, force: true });
      }
      removed.push(runId);
    } catch {
      // Left in place: the next run tries again, and this run goes on.
    }
  }
  await git(repositoryDir, ['worktree', 'prune']);
  return removed;
}

async function commitLeftovers(git: GitCommand, dir: string, runId: string): Promise<void> {
  await git(dir, ['add', '-A']);
  const staged = await git(dir, ['diff', '--cached', '--name-only', '-z', '--no-renames']);
  if (staged === '') return;
  const message = nodeCommitMessage(
    `[${runId}] Files the run left uncommitted when its process ended`,
    runId,
    null,
  );
  await git(dir, ['commit', '--quiet', '--cleanup=whitespace', '-F', '-'], { stdin: message });
}
