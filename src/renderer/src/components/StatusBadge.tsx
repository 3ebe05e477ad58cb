import type { RunStatus } from '../../../shared/run-data';

const LABELS: Record<string, string> = {
  initialized: 'initialized',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  timeout: 'timed out',
  interrupted: 'interrupted',
  unknown: 'unknown',
  OK: 'ok',
  ERROR: 'error',
  UNSET: 'unset',
  RUNNING: 'running',
  pending: 'pending',
  'not-read-yet': 'not read yet',
};

/** A run's or span's status as a coloured badge; running pulses, interrupted is marked apart from failed. */
export function StatusBadge({
  status,
  testId = 'status-badge',
}: {
  status: RunStatus | string;
  testId?: string;
}) {
  const key = status.toLowerCase();
  return (
    <span className={`status-badge status-badge--${key}`} data-testid={testId} data-status={status}>
      {key === 'running' ? <span className="status-badge__pulse" aria-hidden="true" /> : null}
      {LABELS[status] ?? status}
    </span>
  );
}
