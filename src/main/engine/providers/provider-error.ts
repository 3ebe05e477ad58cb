import type { ProviderName } from './types';

export type ProviderErrorKind =
  | 'http' // the API answered with an error status
  | 'connection' // no answer: refused, reset, DNS
  | 'timeout'
  | 'aborted'
  | 'stream' // the answer stream broke off or ended early
  | 'invalid_response'
  | 'config'; // no credentials, unknown provider for a model

/** A failed model call. The message names the provider, the HTTP status and the provider's own message. */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly kind: ProviderErrorKind;
  readonly status: number | null;
  /** Attempts made, retries included. */
  readonly attempts: number;
  /** Whether another attempt may succeed (429, 5xx, a failed connection). */
  readonly retryable: boolean;
  /** What the server asked for with `retry-after` / `retry-after-ms`, if anything. */
  readonly retryAfterMs: number | null;

  constructor(
    provider: ProviderName,
    kind: ProviderErrorKind,
    message: string,
    details: ProviderErrorDetails = {},
  ) {
    super(message);
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.status = details.status ?? null;
    this.attempts = details.attempts ?? 1;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  /** The same error, saying how many attempts were made. */
  afterAttempts(attempts: number): ProviderError {
    if (attempts <= 1) return this;
    return new ProviderError(
      this.provider,
      this.kind,
      `${this.message} (gave up after ${attempts} attempts)`,
      {
        status: this.status,
        attempts,
        retryable: false,
        retryAfterMs: null,
      },
    );
  }
}

export interface ProviderErrorDetails {
  status?: number | null;
  attempts?: number;
  retryable?: boolean;
  retryAfterMs?: number | null;
}

/** Where a user sets each provider's key: named in errors so the fix is one step away. */
export const KEY_ENV_VAR: Record<'openai' | 'anthropic', string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

const CREDENTIALS_FILE_HINT = '.dhenara/.secrets/.credentials.yaml';

/** A short explanation of an HTTP status, with what to check. */
export function statusHint(provider: 'openai' | 'anthropic', status: number): string {
  if (status === 401) {
    return `authentication failed: check ${KEY_ENV_VAR[provider]} (or ${provider}.api_key in ${CREDENTIALS_FILE_HINT})`;
  }
  if (status === 403) return `permission denied: the key may not have access to this model`;
  if (status === 404) return `not found: check the model name and the base URL`;
  if (status === 400 || status === 422) return `the request was refused`;
  if (status === 429) return `rate limited or out of quota`;
  if (status >= 500) return `server error`;
  return `request failed`;
}

/** The provider's own error text from an error body (`{error: {message}}` or `{message}`), if any. */
export function providerMessageOf(body: unknown): string | null {
  if (typeof body === 'string') return body.trim() || null;
  if (body === null || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  if (typeof record.message === 'string') return record.message;
  if (record.error !== undefined) return providerMessageOf(record.error);
  return null;
}

/** Replaces every occurrence of a secret: some servers echo the key they were sent. */
export function redact(text: string, secret: string | null): string {
  if (!secret) return text;
  return text.split(secret).join('[redacted]');
}
