import type { HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';

/**
 * Wall-clock time with sub-millisecond resolution for one run: `performance.now()` anchored to
 * `Date.now()` when the run starts. Spans, their events and logs all read it, so their times agree
 * with each other to the microsecond and with the run's other timestamps to the millisecond.
 */
export class RunClock {
  private readonly offsetMs = Date.now() - performance.now();

  now(): HrTime {
    return millisToHrTime(this.offsetMs + performance.now());
  }
}

let cachedSecond = Number.NaN;
let cachedSecondText = '';

/**
 * Formats an OpenTelemetry high-resolution time as DAD writes it: UTC ISO 8601 with microseconds
 * and `Z` (`2026-11-25T20:49:29.123456Z`).
 */
export function hrTimeToIsoMicros(time: HrTime): string {
  const [seconds, nanos] = time;
  // Many timestamps fall in the same second; formatting a Date is the expensive part.
  if (seconds !== cachedSecond) {
    cachedSecond = seconds;
    cachedSecondText = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  const micros = Math.min(Math.floor(nanos / 1000), 999_999);
  return `${cachedSecondText}.${String(micros).padStart(6, '0')}Z`;
}

/** Nanoseconds since the epoch as a JSON number (exact to a few hundred nanoseconds). */
export function hrTimeToEpochNanos(time: HrTime): number {
  return time[0] * 1e9 + time[1];
}
