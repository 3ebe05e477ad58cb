import { lockShowsRunning, readRunLock, type RunLockState } from '../reader/run-lock';

/**
 * Whether a run may still be going, by its `.trace/run.lock` (the reader's rule: the pid lives and
 * started before the lock was written). A lock held on another host, or one that cannot be read,
 * counts as live: what cannot be checked is left alone.
 */
export async function mayStillBeRunning(runDir: string): Promise<boolean> {
  return holdsRun(await readRunLock(runDir));
}

export function holdsRun(lock: RunLockState): boolean {
  // Beyond what readers show as running: a lock that cannot be read is also left alone.
  return lockShowsRunning(lock) || lock.kind === 'unreadable';
}

export { readRunLock };
