import type { RunProcessExit } from './run-process';
import type { StderrTail } from './stderr-tail';

/** Why a run's process ended before recording the run's end, in words a user can act on. */
export function describeChildDeath(
  exit: RunProcessExit,
  stderr: StderrTail,
  context: {
    memoryLimitMb: number;
    killedAfterCancelMs: number | null;
    /** Set when the host killed a process that ran on past the run's timeout (in seconds). */
    killedAfterTimeoutS?: number | null;
    fault: string | null;
  },
): string {
  const how = exit.startError
    ? `could not be started (${exit.startError})`
    : exit.signal
      ? `was ended by signal ${exit.signal}`
      : `exited with code ${exit.code ?? 'unknown'}`;
  let reason: string;
  if (context.fault !== null) reason = `the run's process misbehaved (${context.fault}) and was killed`;
  else if (context.killedAfterCancelMs !== null)
    reason = `run cancelled: its process did not stop and was killed after ${formatSeconds(context.killedAfterCancelMs)} s`;
  else if (context.killedAfterTimeoutS)
    reason = `run timed out after ${context.killedAfterTimeoutS} s: its process did not stop and was killed`;
  else if (stderr.ranOutOfMemory)
    reason = `the run's process ran out of memory (limit ${context.memoryLimitMb} MB) and ${how}`;
  else reason = `the run's process ${how} before the run ended`;
  const tail = stderr.toString();
  return tail ? `${reason}; last stderr lines:\n${tail}` : reason;
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
