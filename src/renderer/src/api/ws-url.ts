/** Where the browser window finds the API: the page's own host, path /api, with the token the page was opened with. */
export interface PageLocation {
  protocol: string;
  host: string;
  hash: string;
  search: string;
}

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
