import { ProviderError } from './provider-error';
import { withRetries } from './retry';
import type { ProviderName, RetryPolicy } from './types';

/** Added to the time an SDK request may take, so the call's own deadline is what ends it. */
export const SDK_TIMEOUT_SLACK_MS = 1_000;

/**
 * One signal for a model call that fires when the caller aborts or when the call's time is up, so
 * the request, the stream and the waits between retries all stop together.
 */
export class CallDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly detach: () => void;
  private timedOut = false;
  private readonly endsAt: number;

  constructor(
    outer: AbortSignal,
    private readonly timeoutMs: number,
  ) {
    this.signal = this.controller.signal;
    this.endsAt = Date.now() + timeoutMs;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onOuterAbort = (): void => this.controller.abort(outer.reason);
    if (outer.aborted) onOuterAbort();
    else outer.addEventListener('abort', onOuterAbort, { once: true });
    this.detach = () => outer.removeEventListener('abort', onOuterAbort);
  }

  remainingMs(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  /** The error to report once the signal has fired. */
  abortError(provider: ProviderName): ProviderError {
    if (this.timedOut) {
      return new ProviderError(
        provider,
        'timeout',
        `${provider}: the model call timed out after ${formatSeconds(this.timeoutMs)}`,
      );
    }
    return new ProviderError(provider, 'aborted', `${provider}: the model call was aborted`);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.detach();
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * Runs one model call: attempts with retries, all under one deadline. An abort or a timeout ends
 * it with an error that says which, whatever the SDK threw on the way out.
 */
export async function runModelCall<T>(
  provider: ProviderName,
  limits: { outer: AbortSignal; timeoutMs: number; retry: RetryPolicy },
  attempt: (signal: AbortSignal, remainingMs: number) => Promise<T>,
): Promise<T> {
  const deadline = new CallDeadline(limits.outer, limits.timeoutMs);
  try {
    if (deadline.signal.aborted) throw deadline.abortError(provider);
    return await withRetries(
      () => attempt(deadline.signal, deadline.remainingMs()),
      limits.retry,
      deadline.signal,
    );
  } catch (error) {
    if (deadline.signal.aborted) throw deadline.abortError(provider);
    throw error;
  } finally {
    deadline.dispose();
  }
}
