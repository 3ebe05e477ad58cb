import { describe, expect, it } from 'vitest';
import { ProviderError } from './provider-error';
import { parseRetryAfter, retryDelayMs, withRetries } from './retry';

const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 300, maxRetryAfterMs: 1_000 };

describe('retries', () => {
  it('reads retry-after-ms, retry-after in seconds and as an HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    const fromDate = parseRetryAfter(new Headers({ 'retry-after': inFiveSeconds })) ?? -1;
    expect(fromDate).toBeGreaterThan(3_000);
    expect(fromDate).toBeLessThanOrEqual(5_000);
    expect(parseRetryAfter(new Headers())).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeNull();
  });

  it('waits what the server asked within the cap, else backs off exponentially up to the maximum', () => {
    expect(retryDelayMs(policy, 1, 700)).toBe(700);
    const ignoredTooLong = retryDelayMs(policy, 1, 5_000);
    expect(ignoredTooLong).toBeGreaterThan(74);
    expect(ignoredTooLong).toBeLessThanOrEqual(100);
    expect(retryDelayMs(policy, 2, null)).toBeGreaterThan(149);
    expect(retryDelayMs(policy, 2, null)).toBeLessThanOrEqual(200);
    expect(retryDelayMs(policy, 6, null)).toBeLessThanOrEqual(300);
  });

  it('retries retryable errors only, up to the limit', async () => {
    let calls = 0;
    const fast = { ...policy, baseDelayMs: 1, maxDelayMs: 2 };
    const retryable = () =>
      withRetries(
        async () => {
          calls++;
          throw new ProviderError('openai', 'http', 'openai: HTTP 503 server error: busy', {
            status: 503,
            retryable: true,
          });
        },
        fast,
        new AbortController().signal,
      );
    await expect(retryable()).rejects.toThrow(
      'openai: HTTP 503 server error: busy (gave up after 3 attempts)',
    );
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new ProviderError('openai', 'http', 'openai: HTTP 400', { status: 400 });
        },
        fast,
        new AbortController().signal,
      ),
    ).rejects.toThrow(/^openai: HTTP 400$/);
    expect(calls).toBe(1);

    calls = 0;
    const value = await withRetries(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new ProviderError('anthropic', 'connection', 'down', { retryable: true });
        return 'up';
      },
      fast,
      new AbortController().signal,
    );
    expect(value).toBe('up');
    expect(calls).toBe(3);
  });
});
