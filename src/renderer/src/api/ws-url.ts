/**
 * Where the browser window finds the API: the page's own host, path /api. After `dad serve`'s
 * link is opened once, the server keeps the token in a cookie and the address holds none; a token
 * still given in the address (`#token=…` or `?token=…`) is passed on.
 */
export interface PageLocation {
  protocol: string;
  host: string;
  hash: string;
  search: string;
}

/** What the window says when the server refuses it for want of its token. */
export const NEEDS_TOKEN_MESSAGE = 'this address needs the link with its token that `dad serve` printed';

/** The token from `#token=…`, a bare `#…`, or the `token` query parameter. */
export function tokenFromLocation(location: PageLocation): string | null {
  const hash = location.hash.replace(/^#/, '');
  if (hash) {
    const fromHash = new URLSearchParams(hash).get('token');
    if (fromHash) return fromHash;
    if (!hash.includes('=')) return decodeURIComponent(hash);
  }
  return new URLSearchParams(location.search).get('token') || null;
}

export function apiSocketUrl(location: PageLocation): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = tokenFromLocation(location);
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/api${query}`;
}

/** The page that answers 204 or 401 for the same credentials as the socket at `socketUrl`. */
export function accessCheckUrl(socketUrl: string): string {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/api/auth-check';
  return url.toString();
}
