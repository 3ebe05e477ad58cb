import { errorMessage } from '../errors';
import { ProviderError, providerMessageOf, redact, statusHint } from './provider-error';
import { parseRetryAfter } from './retry';

/** The error classes both official SDKs export under the same names. */
export interface SdkErrorClasses {
  APIError: abstract new (
    ...args: never[]
  ) => Error & { status?: number; headers?: Headers; error?: unknown };
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

/**
 * Turns what an SDK threw before the answer started into a ProviderError that names the provider,
 * the host, the HTTP status and the provider's own message; never the key, which is cut out of any
 * text a server echoed back.
 */
export function providerErrorFromSdk(
  provider: 'openai' | 'anthropic',
  error: unknown,
  sdk: SdkErrorClasses,
  context: { secret: string | null; host: string },
): ProviderError {
  if (error instanceof ProviderError) return error;
  const clean = (text: string): string => redact(text, context.secret);
  if (error instanceof sdk.APIUserAbortError) {
    return new ProviderError(provider, 'aborted', `${provider}: the model call was aborted`);
  }
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError(provider, 'timeout', `${provider}: no answer from ${context.host} in time`);
  }
  if (error instanceof sdk.APIConnectionError) {
    const cause = error.cause instanceof Error ? describeCause(error.cause) : errorMessage(error);
    return new ProviderError(
      provider,
      'connection',
      clean(`${provider}: cannot reach ${context.host}: ${cause}`),
      {
        retryable: true,
      },
    );
  }
  if (error instanceof sdk.APIError && typeof error.status === 'number') {
    const status = error.status;
    const said = providerMessageOf(error.error) ?? error.message.replace(/^\d{3}\s*/, '');
    return new ProviderError(
      provider,
      'http',
      clean(`${provider}: HTTP ${status} ${statusHint(provider, status)}: ${said}`),
      {
        status,
        retryable: status === 408 || status === 429 || status >= 500,
        retryAfterMs: parseRetryAfter(error.headers),
      },
    );
  }
  if (error instanceof sdk.APIError) {
    const said = providerMessageOf(error.error) ?? error.message;
    return new ProviderError(
      provider,
      'stream',
      clean(`${provider}: the answer stream reported an error: ${said}`),
    );
  }
  return new ProviderError(provider, 'invalid_response', clean(`${provider}: ${errorMessage(error)}`));
}

/** An error thrown while the answer was streaming: the connection broke or the data was unreadable. */
export function streamBrokeError(
  provider: 'openai' | 'anthropic',
  error: unknown,
  received: number,
  context: { secret: string | null; sdk: SdkErrorClasses },
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof context.sdk.APIError && typeof (error as { status?: unknown }).status !== 'number') {
    return providerErrorFromSdk(provider, error, context.sdk, { secret: context.secret, host: '' });
  }
  const reason = error instanceof Error ? describeCause(error) : String(error);
  return new ProviderError(
    provider,
    'stream',
    redact(
      `${provider}: the answer stream broke off after ${received} characters: ${reason}`,
      context.secret,
    ),
  );
}

function describeCause(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const inner = error.cause instanceof Error ? `: ${describeCause(error.cause)}` : '';
  return `${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}${inner}`;
}
