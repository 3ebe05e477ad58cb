import { describe, expect, it } from 'vitest';
import { keepTokenFromAddress, keptToken, TOKEN_STORAGE_KEY, type AddressBar } from './page-token';

/** An origin's storage and address bar, as a browser keeps them between loads. */
function browserOrigin() {
  const stored = new Map<string, string>();
  const storage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
  };
  const addresses: string[] = [];
  const addressBar: AddressBar = {
    state: null,
    replaceState: (_state, _unused, url) => void addresses.push(url),
  };
  return { stored, storage, addresses, addressBar };
}

describe('the window’s token', () => {
  it('is kept from the printed link, taken out of the address, and found again on a bare load', () => {
    const origin = browserOrigin();
    expect(
      keepTokenFromAddress(
        { pathname: '/', search: '', hash: '#token=t0k' },
        origin.storage,
        origin.addressBar,
      ),
    ).toBe(true);
    expect(origin.stored.get(TOKEN_STORAGE_KEY)).toBe('t0k');
    expect(origin.addresses).toEqual(['/']);

    // A reload of the bare address: nothing to take, the kept token still answers.
    expect(
      keepTokenFromAddress({ pathname: '/', search: '', hash: '' }, origin.storage, origin.addressBar),
    ).toBe(false);
    expect(origin.addresses).toEqual(['/']);
    expect(keptToken(origin.storage)).toBe('t0k');
  });

  it('takes `?token=` the same way, and a newer link replaces the kept token', () => {
    const origin = browserOrigin();
    origin.stored.set(TOKEN_STORAGE_KEY, 'old');
    keepTokenFromAddress(
      { pathname: '/runs', search: '?token=new&view=1', hash: '' },
      origin.storage,
      origin.addressBar,
    );
    expect(keptToken(origin.storage)).toBe('new');
    expect(origin.addresses).toEqual(['/runs?view=1']);
  });

  it('is none in a browser that never opened the link', () => {
    expect(keptToken(browserOrigin().storage)).toBeNull();
  });
});
