import { existsSync } from 'node:fs';
import { realpath, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errorMessage } from '../engine/errors';
import { jsonText, writeFileAtomic } from '../engine/io/atomic-write';
import { removeEndedRunWorktrees } from '../engine/outcome/ended-run-worktrees';
import { DEFAULT_LOCK_WAIT_MS, RepositoryGit } from '../engine/outcome/repository-git';
import { METADATA_FILE, readMetadata, RUN_LOCK_FILE, TRACE_DIR } from '../engine/run-context';
import { isoMicros } from '../engine/run-id';
import { mayStillBeRunning } from '../engine/run-liveness';
import { isEndedStatus } from '../../shared/run-data';

export interface DeadRun {
  runDir: string;
  /** The folder the run's folder is in (the runs folder, or its sub path). */
  effectiveRunRoot: string;
  projectIdentifier: string;
  outcomeRepository: boolean;
}

/** What the folder says after recording: the run's end, or null when no run folder was made. */
export type DeadRunEnd = { status: string; error: string | null; recordedNow: boolean } | null;

/**
 * Records the end of a run whose process died before recording it: `dad_metadata.json` says
 * `status` with `error`, the lock goes, and the run's outcome worktree is removed (its leftovers
 * committed on its branch first, as the engine does for dead runs). An end the run recorded itself
 * is kept as it is.
 */
export async function recordDeadRun(
  run: DeadRun,
  end: { status: 'failed' | 'cancelled' | 'timeout'; error: string },
): Promise<DeadRunEnd> {
  const metadata = await readMetadata(run.runDir);
  if (metadata === null) return null;
  let result: DeadRunEnd;
  if (isEndedStatus(typeof metadata.status === 'string' ? metadata.status : null)) {
    result = {
      status: String(metadata.status),
      error: typeof metadata.error === 'string' ? metadata.error : null,
      recordedNow: false,
    };
  } else {
    const completedAt = new Date();
    const createdMs = Date.parse(String(metadata.created_at));
    await writeFileAtomic(
      join(run.runDir, TRACE_DIR, METADATA_FILE),
      jsonText({
        ...metadata,
        status: end.status,
        completed_at: isoMicros(completedAt),
        duration_seconds: Number.isFinite(createdMs) ? (completedAt.getTime() - createdMs) / 1000 : null,
        error: end.error,
      }),
    );
    result = { status: end.status, error: end.error, recordedNow: true };
  }
  await rm(join(run.runDir, TRACE_DIR, RUN_LOCK_FILE), { force: true });
  if (run.outcomeRepository) {
    await removeDeadWorktrees(run).catch((error: unknown) => {
      console.error(`could not remove the outcome worktree of ${run.runDir}: ${errorMessage(error)}`);
    });
  }
  return result;
}

/** The engine's clean-up of dead runs' worktrees, on this project's outcome repository. */
async function removeDeadWorktrees(run: DeadRun): Promise<void> {
  const outcomeDir = join(resolve(run.effectiveRunRoot), 'outcome');
  if (!existsSync(outcomeDir)) return;
  const repositoryDir = join(outcomeDir, run.projectIdentifier);
  // Keyed as OutcomeRepository keys it, so this waits for the service's own git work on it.
  const git = new RepositoryGit(
    join(await realpath(outcomeDir), run.projectIdentifier),
    DEFAULT_LOCK_WAIT_MS,
  );
  const worktreesDir = join(outcomeDir, '.worktrees', run.projectIdentifier);
  await git.exclusive((command) =>
    removeEndedRunWorktrees(command, repositoryDir, worktreesDir, (id) =>
      mayStillBeRunning(join(run.effectiveRunRoot, id)),
    ),
  );
}
