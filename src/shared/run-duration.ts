/** A run's first and last records: `created_at` and `completed_at` (or an imported trace's first start and last end). */
export interface RunTimes {
  createdAt: string | null;
  completedAt: string | null;
}

/**
 * How long a run took, in seconds: from its first record to its last. The runs table, the run's
 * header and the compare card all show this one figure. A run that has not ended is measured up
 * to `nowMs` when given (a run going on), else has no duration yet.
 */
export function runDurationSeconds(times: RunTimes, nowMs?: number): number | null {
  if (times.createdAt === null) return null;
  const start = Date.parse(times.createdAt);
  const end = times.completedAt !== null ? Date.parse(times.completedAt) : (nowMs ?? Number.NaN);
  const seconds = (end - start) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}
