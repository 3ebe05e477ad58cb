import { useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCost, formatCount, formatDurationMs, formatDurationSeconds } from '../../format/format';
import { useNowUs } from '../../hooks/useNowUs';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';

/** The run's id, status, duration, tokens and cost, with Cancel while it runs. */
export function RunTopBar({ runId }: { runId: string }) {
  const status = useLiveRunStore((state) => state.run?.status ?? 'unknown');
  const live = useLiveRunStore((state) => state.run?.live ?? false);
  const startUs = useLiveRunStore((state) => state.run?.startUs ?? null);
  const endUs = useLiveRunStore((state) => state.run?.endUs ?? null);
  const error = useLiveRunStore((state) => state.run?.error ?? null);
  const usage = useLiveRunStore((state) => state.run?.usage);
  const previousRunId = useLiveRunStore((state) => state.summary?.previousRunId ?? null);
  const entry = useProjectStore((state) => state.runs.find((run) => run.runId === runId));
  const nowUs = useNowUs(live, 250);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<CallError | null>(null);

  const running = status === 'running' || live;
  const durationText =
    startUs !== null && (endUs !== null || nowUs !== null)
      ? formatDurationMs((((live ? nowUs : endUs) ?? endUs ?? startUs) - startUs) / 1000)
      : formatDurationSeconds(entry?.durationSeconds);
  // The runs list has the totals of the whole run; events add up only what happened while watching.
  const tokens = Math.max(entry?.tokens ?? 0, usage?.tokens ?? 0);
  const cost = Math.max(entry?.cost ?? 0, usage?.cost ?? 0);

  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    const result = await request('cancelRun', { runId });
    setCancelling(false);
    if (!result.ok) setCancelError(result.error);
    else if (!result.value.cancelled)
      setCancelError({
        code: 'not_cancelled',
        message: 'The run had already ended or is not run by this app.',
      });
  };

  return (
    <div className="run-top" data-testid="run-top-bar">
      <div className="run-top__main">
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="run-back"
          onClick={() => useViewStore.getState().showScreen('runs')}
          aria-label="Back to the runs"
        >
          ← Runs
        </button>
        <h2 className="run-top__id mono" data-testid="run-id">
          {runId}
        </h2>
        <StatusBadge status={status} testId="run-status-badge" />
        {previousRunId ? (
          <button
            type="button"
            className="link-button"
            data-testid="run-previous"
            onClick={() => useViewStore.getState().openRun(previousRunId)}
          >
            re-run of {previousRunId}
          </button>
        ) : null}
        <dl className="run-top__stats">
          <dt>Duration</dt>
          <dd data-testid="run-duration">{durationText}</dd>
          <dt>Tokens</dt>
          <dd data-testid="run-tokens">{formatCount(tokens)}</dd>
          <dt>Cost</dt>
          <dd data-testid="run-cost">{formatCost(cost)}</dd>
        </dl>
        {running ? (
          <button
            type="button"
            className="button button--danger"
            data-testid="run-cancel"
            disabled={cancelling}
            onClick={() => void cancel()}
          >
            {cancelling ? 'Cancelling…' : 'Cancel run'}
          </button>
        ) : null}
      </div>
      {error ? (
        <div className="run-top__error" role="alert" data-testid="run-error">
          {error}
        </div>
      ) : null}
      <ErrorBanner
        title="Could not cancel the run"
        error={cancelError}
        testId="run-cancel-error"
        compact
        onDismiss={() => setCancelError(null)}
      />
    </div>
  );
}
