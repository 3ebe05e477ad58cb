/**
 * Where the browser window finds the API: the page's own host, path /api, with the token in the
 * query. The token reaches the window in its address (`#token=…` from `dad serve`'s link, or
 * `?token=…`); the window keeps it itself (see page-token.ts) and takes it out of the address.
 */
export interface PageLocation {
  protocol: string;
  host: string;
  pathname: string;
  hash: string;
  search: string;
}

/** What the window says when the server refuses it for want of its token. */
export const NEEDS_TOKEN_MESSAGE = 'this address needs the link with its token that `dad serve` printed';

/** The token from `#token=…`, a bare `#…`, or the `token` query parameter. */
export function tokenFromLocation(location: Pick<PageLocation, 'hash' | 'search'>): string | null {
  const hash = location.hash.replace(/^#/, '');
  if (hash) {
    const fromHash = new URLSearchParams(hash).get('token');
    if (fromHash) return fromHash;
    if (!hash.includes('=')) return safelyDecoded(hash);
  }
  return new URLSearchParams(location.search).get('token') || null;
}

/** The page's address (path, query, fragment) with every trace of the token removed. */
export function addressWithoutToken(location: Pick<PageLocation, 'pathname' | 'hash' | 'search'>): string {
  const query = new URLSearchParams(location.search);
  query.delete('token');
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const hash = location.hash.replace(/^#/, '');
  let fragment = '';
  if (hash.includes('=')) {
    const params = new URLSearchParams(hash);
    params.delete('token');
    fragment = params.size > 0 ? `#${params.toString()}` : '';
  }
  return `${location.pathname}${search}${fragment}`;
}

export function apiSocketUrl(
  location: Pick<PageLocation, 'protocol' | 'host'>,
  token: string | null,
): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
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

function safelyDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
