import type { RunBranchState } from '../../../../shared/compare-data';
import type { CallError } from '../../../../shared/contract';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useViewStore } from '../../stores/view-store';
import { branchProblem, positionAmong } from './run-focus';
import type { RunCommit, RunCommits } from './run-focus';

interface RunCommitsBarProps {
  runId: string;
  commits: RunCommits | null;
  error: CallError | null;
  onRetry(): void;
  /** What the graph's pages say of the run's branch, when they say anything. */
  branchState: RunBranchState | undefined;
  selectedSha: string | null;
  onPick(commit: RunCommit): void;
}

/**
 * The run the history is focused on: a chip that clears the focus, where the selection is among
 * the run's commits with steps to the newer and older ones, and in words why there are none.
 */
export function RunCommitsBar({
  runId,
  commits,
  error,
  onRetry,
  branchState,
  selectedSha,
  onPick,
}: RunCommitsBarProps) {
  const list = commits !== null && commits.runId === runId ? commits.commits : null;
  const position = list === null ? -1 : positionAmong(list, selectedSha);
  const problem = branchProblem(runId, commits, branchState);
  return (
    <div className="history-run" data-testid="history-run-focus" data-run-id={runId}>
      <div className="history-run__line">
        <span className="history-run__chip" data-testid="history-run-chip">
          Commits of run <span className="mono">{runId}</span>
          <button
            type="button"
            className="history-run__clear"
            aria-label={`Show all commits, not only those of run ${runId}`}
            title="Show all commits"
            data-testid="history-run-clear"
            onClick={() => useViewStore.getState().openHistory(null)}
          >
            ×
          </button>
        </span>
        {list === null && error === null ? <span className="muted">reading the run’s commits…</span> : null}
        {list !== null && list.length > 0 ? (
          <>
            <span className="muted" data-testid="history-run-count">
              {position >= 0 ? `${position + 1} of ${list.length}` : `${list.length}`} commit
              {list.length === 1 ? '' : 's'}
            </span>
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="history-run-newer"
              disabled={position <= 0}
              onClick={() => onPick(list[position - 1])}
            >
              ↑ Newer
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="history-run-older"
              disabled={position < 0 ? list.length === 0 : position >= list.length - 1}
              onClick={() => onPick(list[position < 0 ? 0 : position + 1])}
            >
              ↓ Older
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="link-button history-run__open"
          data-testid="history-run-open"
          onClick={() => useViewStore.getState().openRun(runId)}
        >
          Open the run
        </button>
      </div>
      <ErrorBanner
        title={`Could not list the commits of run ${runId}`}
        error={error}
        onRetry={onRetry}
        compact
        testId="history-run-error"
      />
      {problem !== null ? (
        <p className="notice history-run__notice" data-testid="history-run-notice">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
