import type { ComparedRun } from '../../../../shared/compare-data';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCost, formatCount, formatDateTime, formatDurationSeconds } from '../../format/format';
import { useViewStore } from '../../stores/view-store';

/** One side of the comparison: the run's id (opens it), status, time, tokens, cost and origin. */
export function RunHeader({ side, run }: { side: 'A' | 'B'; run: ComparedRun }) {
  return (
    <section
      className="compare-run"
      data-testid={`compare-run-${side.toLowerCase()}`}
      aria-label={`Run ${side}`}
    >
      <div className="compare-run__title">
        <span className="compare-run__side">{side}</span>
        <button
          type="button"
          className="link-button compare-run__id mono"
          data-testid="compare-run-id"
          title="Open this run"
          onClick={() => useViewStore.getState().openRun(run.runId)}
        >
          {run.runId}
        </button>
        <StatusBadge status={run.status} testId="compare-run-status" />
      </div>
      <dl className="compare-run__facts">
        <div>
          <dt>Agent</dt>
          <dd>{run.rootComponentId ?? '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd className="mono">{formatDateTime(run.createdAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDurationSeconds(run.durationSeconds)}</dd>
        </div>
        <div>
          <dt>Nodes</dt>
          <dd>{formatCount(run.nodeCount)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd data-testid="compare-run-tokens">{formatCount(run.tokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(run.cost)}</dd>
        </div>
        {run.previousRunId !== null ? (
          <div>
            <dt>Re-run of</dt>
            <dd className="mono" data-testid="compare-run-rerun-of">
              {run.previousRunId}
              {run.startHierarchyPath ? <span className="muted"> from {run.startHierarchyPath}</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {run.error ? (
        <p className="compare-run__error" data-testid="compare-run-error">
          {run.error}
        </p>
      ) : null}
    </section>
  );
}
