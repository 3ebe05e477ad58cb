import type { IncomingMessage } from 'node:http';
import { isLoopbackHost, isWildcardHost } from './loopback';

/**
 * Which Host headers and Origins belong to this server. On loopback the Host header must name this
 * server (a page on a rebound DNS name is refused); an Origin must be exactly one of the server's
 * own (scheme, host and port), so no other site's page and no other local port can open the API.
 */
export interface ServerOrigins {
  /** `host:port` as a browser writes it in the Host header, lower case. */
  readonly authorities: ReadonlySet<string> | null;
  hostAllowed(request: IncomingMessage): boolean;
  originAllowed(request: IncomingMessage): boolean;
}

export function serverOrigins(bindHost: string, port: number): ServerOrigins {
  const loopback = isLoopbackHost(bindHost);
  const names = new Set([hostInUrl(bindHost).toLowerCase()]);
  if (loopback) for (const name of ['127.0.0.1', 'localhost', '[::1]']) names.add(name);
  // Bound to every interface, the server is reached by names it cannot list: the token guards.
  const authorities = isWildcardHost(bindHost)
    ? null
    : new Set([...names].flatMap((name) => (port === 80 ? [`${name}:80`, name] : [`${name}:${port}`])));

  const hostAllowed = (request: IncomingMessage): boolean =>
    !loopback || (authorities?.has((request.headers.host ?? '').toLowerCase()) ?? false);

  const originAllowed = (request: IncomingMessage): boolean => {
    const origin = request.headers.origin;
    // Tools other than browsers send no Origin; the token still stands in their way.
    if (origin === undefined) return true;
    const authority = exactHttpOriginAuthority(origin);
    if (authority === null) return false;
    if (authorities) return authorities.has(authority);
    return authority === (request.headers.host ?? '').toLowerCase();
  };
  return { authorities, hostAllowed, originAllowed };
}

/** `host:port` of an origin that is exactly `http://host[:port]` (no user, path, other scheme), else null. */
function exactHttpOriginAuthority(origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' || parsed.origin !== origin.toLowerCase()) return null;
  return parsed.port ? parsed.host : `${parsed.hostname}:80`;
}

export function hostInUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
