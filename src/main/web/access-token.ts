import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh token for one start of the server: 256 random bits, base64url. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the time taken says nothing about how much of a guess was right. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a request's `token` query parameter is this server's (always true when it runs without one). */
export function requestAuthorised(url: URL, token: string | null): boolean {
  if (token === null) return true;
  return url.searchParams.getAll('token').some((given) => tokensEqual(given, token));
}
