import type { RunBranchState } from '../../../../shared/compare-data';
import type { ResultOf } from '../../../../shared/contract';

export type RunCommits = ResultOf<'runCommits'>;
export type RunCommit = RunCommits['commits'][number];

/** Why the run shows no commits (or not all it made), in words; null when nothing is wrong. */
export function branchProblem(
  runId: string,
  commits: RunCommits | null,
  branchState: RunBranchState | undefined,
): string | null {
  if (branchState !== undefined && branchState.state !== 'present' && branchState.detail) {
    return `Run ${runId}: ${branchState.detail}.`;
  }
  if (commits === null || commits.runId !== runId) return null;
  if (commits.branchMissing) {
    return (
      `Run ${runId} has no branch in the outcome repository: run/${runId} was deleted or renamed, ` +
      'or the run never kept outcome files. Its commits cannot be shown.'
    );
  }
  if (commits.commits.length === 0) {
    return `Run ${runId} has a branch but made no commits of its own in the outcome repository.`;
  }
  return null;
}

/** Where `sha` (a full id or a prefix) is among the run's commits, newest first; -1 when it is not. */
export function positionAmong(commits: readonly { sha: string }[], sha: string | null): number {
  if (sha === null || sha === '') return -1;
  const wanted = sha.toLowerCase();
  return commits.findIndex((commit) => commit.sha.startsWith(wanted));
}

/**
 * The runs the history can be focused on, newest first: the project's runs, and the focused one
 * even when the list does not hold it (a run another window or the CLI just made).
 */
export function runChoices(
  runs: readonly { runId: string; createdAt: string | null }[],
  focusedRunId: string | null,
): string[] {
  const ordered = [...runs].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  const ids = ordered.map((run) => run.runId);
  if (focusedRunId !== null && !ids.includes(focusedRunId)) ids.unshift(focusedRunId);
  return ids;
}
