import { ProviderError } from './provider-error';
import type { RetryPolicy } from './types';

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or the retries run
 * out. Waits `retry-after` when the server sent one (up to `maxRetryAfterMs`), else an exponential
 * backoff with a little jitter. Stops waiting as soon as `signal` fires.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (!error.retryable || attemptNumber > policy.maxRetries || signal.aborted) {
        throw error.afterAttempts(attemptNumber);
      }
      await sleep(retryDelayMs(policy, attemptNumber, error.retryAfterMs), signal);
    }
  }
}

export function retryDelayMs(
  policy: RetryPolicy,
  attemptNumber: number,
  retryAfterMs: number | null,
): number {
  if (retryAfterMs !== null && retryAfterMs >= 0 && retryAfterMs <= policy.maxRetryAfterMs)
    return retryAfterMs;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
  return backoff * (1 - Math.random() * 0.25);
}

/** `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date), as milliseconds. */
export function parseRetryAfter(headers: Headers | undefined | null): number | null {
  if (!headers) return null;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null || retryAfter.trim() === '') return null;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
