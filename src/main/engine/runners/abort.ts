import { RunAbortedError } from '../errors';

interface AbortReason {
  status: 'cancelled' | 'timeout';
  reason: string;
}

export function abortErrorOf(signal: AbortSignal): RunAbortedError {
  const reason = signal.reason as Partial<AbortReason> | undefined;
  const status = reason?.status === 'timeout' ? 'timeout' : 'cancelled';
  return new RunAbortedError(status, reason?.reason ?? `run ${status}`);
}

/**
 * Settles with the work, or rejects as soon as the run is aborted: a node that never settles
 * cannot hold the run. The abandoned promise's later rejection is swallowed on purpose.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortErrorOf(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortErrorOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
