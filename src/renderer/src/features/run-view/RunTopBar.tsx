import { useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { runDurationSeconds } from '../../../../shared/run-duration';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCost, formatCount, formatDurationMs, formatDurationSeconds } from '../../format/format';
import { useNowUs } from '../../hooks/useNowUs';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useProjectStore } from '../../stores/project-store';
import { useReplayStore } from '../../stores/replay-store';
import { useViewStore } from '../../stores/view-store';
import { RunErrorText } from './RunErrorText';

function largestKnown(listed: number | null | undefined, seen: number | undefined): number | null {
  if ((listed === null || listed === undefined) && !seen) return null;
  return Math.max(listed ?? 0, seen ?? 0);
}

/** The run's id, status, duration, tokens and cost, with Cancel while it runs. */
export function RunTopBar({ runId }: { runId: string }) {
  const status = useLiveRunStore((state) => state.run?.status ?? 'unknown');
  const live = useLiveRunStore((state) => state.run?.live ?? false);
  const startUs = useLiveRunStore((state) => state.run?.startUs ?? null);
  const endUs = useLiveRunStore((state) => state.run?.endUs ?? null);
  const error = useLiveRunStore((state) => state.run?.error ?? null);
  const usage = useLiveRunStore((state) => state.run?.usage);
  const previousRunId = useLiveRunStore((state) => state.summary?.previousRunId ?? null);
  const summaryTokens = useLiveRunStore((state) => state.summary?.tokens);
  const summaryCost = useLiveRunStore((state) => state.summary?.cost);
  const entry = useProjectStore((state) => state.runs.find((run) => run.runId === runId));
  const nowUs = useNowUs(live, 250);
  const replaying = useReplayStore((state) => state.runId === runId);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<CallError | null>(null);

  const running = status === 'running' || live;
  // The run's one duration (shared/run-duration.ts), as the runs table and the compare card show
  // it; the spans' extent only for a run the list does not hold yet.
  const durationText = entry
    ? formatDurationSeconds(runDurationSeconds(entry, live && nowUs !== null ? nowUs / 1000 : undefined))
    : startUs !== null && (endUs !== null || nowUs !== null)
      ? formatDurationMs((((live ? nowUs : endUs) ?? endUs ?? startUs) - startUs) / 1000)
      : formatDurationSeconds(null);
  // The runs list and the run's summary have the totals of the whole run (the summary also counts
  // other tools' model calls); events add up only what happened while watching. None known (a run
  // without model calls, a model of unknown price): shown as absent, not as zero.
  const tokens = largestKnown(entry?.tokens ?? summaryTokens, usage?.tokens);
  const cost = largestKnown(entry?.cost ?? summaryCost, usage?.cost);

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
        <div className="run-top__actions">
          {!running && !replaying && startUs !== null && endUs !== null ? (
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="run-replay"
              title="Replay the run: its timeline, logs, metrics and outcome files as of any moment"
              onClick={() => useReplayStore.getState().start(runId, startUs)}
            >
              Replay
            </button>
          ) : null}
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid="run-compare"
            title={
              previousRunId
                ? `Compare with ${previousRunId}, the run this one continues`
                : 'Compare with another run'
            }
            onClick={() => useViewStore.getState().openCompare({ runA: previousRunId, runB: runId })}
          >
            Compare
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid="run-history"
            title="This run's commits in the outcome history"
            onClick={() => useViewStore.getState().openHistory({ runId })}
          >
            History
          </button>
        </div>
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
      {error ? <RunErrorText error={error} /> : null}
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
