/**
 * How much one browser connection may ask of the server. The window sends a few calls per user
 * action and a few dozen a second while scrolling a timeline; these bounds sit far above that, so
 * only a runaway or hostile client meets them.
 */
export const CONNECTION_LIMITS = {
  /** The largest message accepted (the largest real call, static inputs as JSON, is a few KiB). */
  maxMessageBytes: 1024 * 1024,
  /** Calls a connection may send at once before the steady rate applies. */
  burstCalls: 200,
  /** Calls per second a connection may keep up. */
  callsPerSecond: 300,
  /** Calls refused for the rate, at once, before the connection is closed as abusive (1008)... */
  refusalsBeforeClose: 1000,
  /** ...a budget that refills this fast, so a client that backs off when told is never cut off. */
  refusalsForgivenPerSecond: 100,
  /** Calls answered concurrently per connection; more are answered `busy` at once. */
  maxCallsInFlight: 64,
  /** Connections open at once, all clients together; more are refused with 503. */
  maxConnections: 64,
  /** TCP connections at once (page loads, refused upgrades and sockets together); more are dropped. */
  maxTcpConnections: 256,
  /** TCP connections one remote address may hold before it has shown the token; more are dropped. */
  maxUnauthorisedPerAddress: 32,
  /** How long a client may take to send a request's headers, then the whole request (ms). */
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  /** Replies and events queued for a connection that does not read them; past this it is closed (1008). */
  maxBufferedBytes: 16 * 1024 * 1024,
} as const;

export type ConnectionLimits = { readonly [Name in keyof typeof CONNECTION_LIMITS]: number };

/** A token bucket: `capacity` calls at once, refilled at `perSecond`. */
export class CallRateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes one call's token, or says the call is over the rate. */
  tryTake(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((at - this.last) / 1000) * this.perSecond);
    this.last = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
