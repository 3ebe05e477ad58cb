import { useLiveRunStore } from '../stores/live-run-store';
import { useReplayAsOf } from '../stores/replay-store';
import { useNowUs } from './useNowUs';

const STOPPED = new Set(['interrupted', 'failed', 'cancelled', 'timeout']);

/**
 * "Now" in a run's time, where spans that have not ended end: the replayed moment in a replay; the
 * clock, ticking every `tickMs`, while the run is live; the run's last record when its process died
 * (an interrupted, failed, cancelled or timed-out run's open spans stop there); null for a run that
 * completed.
 */
export function useRunNowUs(runId: string, tickMs: number, ticking = true): number | null {
  const asOf = useReplayAsOf(runId);
  const live = useLiveRunStore((state) => state.run?.runId === runId && state.run.live);
  // A run that did not complete may have spans its dead process never ended: they stop at its end.
  const stoppedAt = useLiveRunStore((state) =>
    state.run?.runId === runId && !state.run.live && STOPPED.has(state.run.status) ? state.run.endUs : null,
  );
  const clock = useNowUs(live && ticking && asOf === undefined, tickMs);
  return asOf ?? clock ?? stoppedAt;
}
