import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh token for one start of the server: 256 random bits, base64url. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie that carries the token; named with the port, since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `dad-serve-token-${port}`;
}

/** Set by the first page load with the token: only this host's pages send it, and no script reads it. */
export function tokenCookieHeader(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Constant-time comparison, so the time taken says nothing about how much of a guess was right. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents: the `token` query parameter, else this server's cookie. */
export function presentedTokens(request: IncomingMessage, url: URL, port: number): string[] {
  const tokens = url.searchParams.getAll('token');
  const name = tokenCookieName(port);
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) tokens.push(pair.slice(at + 1).trim());
  }
  return tokens;
}

/** Whether a request holds this server's token (always true when the server runs without one). */
export function requestAuthorised(
  request: IncomingMessage,
  url: URL,
  port: number,
  token: string | null,
): boolean {
  if (token === null) return true;
  return presentedTokens(request, url, port).some((given) => tokensEqual(given, token));
}
