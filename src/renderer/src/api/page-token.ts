import { addressWithoutToken, tokenFromLocation, type PageLocation } from './ws-url';

/**
 * Where the window keeps `dad serve`'s token: this origin's storage. An origin is scheme, host and
 * port, so no other server on this machine can read it (a cookie would be sent to every port).
 */
export const TOKEN_STORAGE_KEY = 'dad-serve-token';

/** Kept here for this page's life when storage refuses it. */
let fallbackToken: string | null = null;

/** The parts of `localStorage` and `history` used here. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
export interface AddressBar {
  readonly state: unknown;
  replaceState(state: unknown, unused: string, url: string): void;
}

/**
 * At start-up and when the fragment changes: a token in the address (the printed link's `#token=…`, or `?token=…`) is
 * kept for this origin and taken out of the address, so it is neither shown, bookmarked nor
 * shared; reloads and the bare address then find it kept. Says whether a token was taken.
 */
export function keepTokenFromAddress(
  location: Pick<PageLocation, 'pathname' | 'hash' | 'search'>,
  storage: TokenStorage | null,
  addressBar: AddressBar,
): boolean {
  const token = tokenFromLocation(location);
  if (!token) return false;
  try {
    storage?.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage refused (full, or disabled): this load still connects with the token it was given.
    fallbackToken = token;
  }
  addressBar.replaceState(addressBar.state, '', addressWithoutToken(location));
  return true;
}

/** The token kept for this origin, read afresh each time (another tab may have opened the link since). */
export function keptToken(storage: TokenStorage | null): string | null {
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? fallbackToken;
  } catch {
    return fallbackToken;
  }
}
