import type { RunListEntry, RunStatus } from '../../../../shared/run-data';

export type StatusFilter = RunStatus | 'all';

/** Runs whose id, agent, status, original run or error contains `text` (any case), with the status asked for. */
export function filterRuns(
  runs: readonly RunListEntry[],
  text: string,
  status: StatusFilter,
): RunListEntry[] {
  const needle = text.trim().toLowerCase();
  return runs.filter((run) => {
    if (status !== 'all' && run.status !== status) return false;
    if (!needle) return true;
    return [run.runId, run.rootComponentId, run.status, run.previousRunId, run.error].some(
      (field) => field !== null && field.toLowerCase().includes(needle),
    );
  });
}

export const STATUS_FILTERS: readonly StatusFilter[] = [
  'all',
  'running',
  'completed',
  'failed',
  'interrupted',
  'cancelled',
  'timeout',
  'initialized',
  'unknown',
];
