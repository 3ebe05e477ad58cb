import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-delay';
import { accessCheckUrl, addressWithoutToken, apiSocketUrl, tokenFromLocation } from './ws-url';

const page = (hash: string, search = '', pathname = '/') => ({ pathname, hash, search });

describe('the token in the page address', () => {
  it('is read from the hash, a bare hash, or the query', () => {
    expect(tokenFromLocation(page('#token=abc'))).toBe('abc');
    expect(tokenFromLocation(page('#abc'))).toBe('abc');
    expect(tokenFromLocation(page('', '?token=q1'))).toBe('q1');
    expect(tokenFromLocation(page('#%E0%A4%A'))).toBe('%E0%A4%A');
    expect(tokenFromLocation(page(''))).toBeNull();
  });

  it('is taken out of the address, leaving the rest of it', () => {
    expect(addressWithoutToken(page('#token=abc'))).toBe('/');
    expect(addressWithoutToken(page('#abc', '', '/runs'))).toBe('/runs');
    expect(addressWithoutToken(page('', '?token=q1&view=2'))).toBe('/?view=2');
    expect(addressWithoutToken(page('#token=abc&tab=log', '?token=q1'))).toBe('/#tab=log');
    expect(addressWithoutToken(page('', '?view=2'))).toBe('/?view=2');
  });
});

describe('apiSocketUrl', () => {
  const host = (protocol = 'http:') => ({ protocol, host: '127.0.0.1:5199' });

  it('connects to /api on the page’s host with the token, secure when the page is', () => {
    expect(apiSocketUrl(host(), 'a b')).toBe('ws://127.0.0.1:5199/api?token=a%20b');
    expect(apiSocketUrl(host('https:'), null)).toBe('wss://127.0.0.1:5199/api');
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
