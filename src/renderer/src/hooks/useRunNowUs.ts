import { useLiveRunStore } from '../stores/live-run-store';
import { useReplayAsOf } from '../stores/replay-store';
import { isEndedStatus } from '../../../shared/run-data';
import { useNowUs } from './useNowUs';

/** A run that ended without completing: its dead process may have left spans open. */
function cutShort(status: string): boolean {
  return isEndedStatus(status) && status !== 'completed';
}

/**
 * "Now" in a run's time, where spans that have not ended end: the replayed moment in a replay; the
 * clock, ticking every `tickMs`, while the run is live; the run's last record when its process died
 * (a run that ended without completing may have spans its dead process never ended: they stop
 * there, where the now line is drawn); null for a run that completed.
 */
export function useRunNowUs(runId: string, tickMs: number, ticking = true): number | null {
  const asOf = useReplayAsOf(runId);
  const live = useLiveRunStore((state) => state.run?.runId === runId && state.run.live);
  const stoppedAt = useLiveRunStore((state) =>
    state.run?.runId === runId && !state.run.live && cutShort(state.run.status) ? state.run.endUs : null,
  );
  const clock = useNowUs(live && ticking && asOf === undefined, tickMs);
  return asOf ?? clock ?? stoppedAt;
}
