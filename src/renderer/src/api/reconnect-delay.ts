/** How long to wait before reconnect attempt `attempt` (0-based): doubling from 250 ms, capped at 10 s. */
export function reconnectDelayMs(attempt: number, jitter: number = 0): number {
  const base = Math.min(10_000, 250 * 2 ** Math.max(0, attempt));
  // Jitter (0..1) spreads reconnects of many windows after a server restart.
  return Math.round(base * (1 + 0.2 * Math.min(1, Math.max(0, jitter))));
}
