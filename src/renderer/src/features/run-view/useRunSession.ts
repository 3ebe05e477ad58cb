import { useEffect, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { useConnectionStore } from '../../stores/connection-store';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useReplayStore } from '../../stores/replay-store';

/**
 * Opens the run for the view: watches it (pushed events start) and reads its summary; on leaving,
 * stops watching. After a reconnect it watches again and refreshes, since the new connection has
 * no subscriptions.
 */
export function useRunSession(runId: string): { watchError: CallError | null; reloadSummary(): void } {
  const generation = useConnectionStore((state) => state.generation);
  const live = useLiveRunStore((state) => state.run?.live ?? false);
  const [watchError, setWatchError] = useState<CallError | null>(null);
  const [summaryRequests, setSummaryRequests] = useState(0);

  useEffect(() => {
    useLiveRunStore.getState().open(runId);
    return () => {
      useLiveRunStore.getState().close();
      if (useReplayStore.getState().runId === runId) useReplayStore.getState().stop();
    };
  }, [runId]);

  useEffect(() => {
    if (generation === 0) return;
    let current = true;
    void request('watchRun', { runId }).then((result) => {
      if (current) setWatchError(result.ok ? null : result.error);
    });
    useLiveRunStore.getState().markRowsStale();
    return () => {
      current = false;
      void request('unwatchRun', { runId });
    };
  }, [runId, generation]);

  // Read the summary on open, after a reconnect, and again when the run stops being live.
  useEffect(() => {
    if (generation === 0) return;
    let current = true;
    void request('runSummary', { runId }).then((result) => {
      if (!current) return;
      if (result.ok) useLiveRunStore.getState().setSummary(result.value);
      else useLiveRunStore.getState().setSummaryError(result.error);
    });
    return () => {
      current = false;
    };
  }, [runId, generation, live, summaryRequests]);

  return { watchError, reloadSummary: () => setSummaryRequests((n) => n + 1) };
}
