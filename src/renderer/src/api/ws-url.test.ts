import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-delay';
import { accessCheckUrl, apiSocketUrl, tokenFromLocation } from './ws-url';

const page = (hash: string, search = '', protocol = 'http:') => ({
  protocol,
  host: '127.0.0.1:5199',
  hash,
  search,
});

describe('apiSocketUrl', () => {
  it('takes the token from the hash, a bare hash, or the query', () => {
    expect(tokenFromLocation(page('#token=abc'))).toBe('abc');
    expect(tokenFromLocation(page('#abc'))).toBe('abc');
    expect(tokenFromLocation(page('', '?token=q1'))).toBe('q1');
    expect(tokenFromLocation(page(''))).toBeNull();
  });

  it('connects to /api on the page’s host, secure when the page is', () => {
    expect(apiSocketUrl(page('#token=a b'))).toBe('ws://127.0.0.1:5199/api?token=a%20b');
    expect(apiSocketUrl(page('', '', 'https:'))).toBe('wss://127.0.0.1:5199/api');
  });

  it('connects without a token once the server holds it in a cookie (the address has none)', () => {
    expect(apiSocketUrl(page('', ''))).toBe('ws://127.0.0.1:5199/api');
  });

  it('checks access with the same credentials as the socket', () => {
    expect(accessCheckUrl('ws://127.0.0.1:5199/api?token=a%20b')).toBe(
      'http://127.0.0.1:5199/api/auth-check?token=a%20b',
    );
    expect(accessCheckUrl('wss://example.test/api')).toBe('https://example.test/api/auth-check');
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 250 ms up to 10 s', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n))).toEqual([250, 500, 1000, 2000]);
    expect(reconnectDelayMs(30)).toBe(10_000);
    expect(reconnectDelayMs(0, 1)).toBe(300);
  });
});
