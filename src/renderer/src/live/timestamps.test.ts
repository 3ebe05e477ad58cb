import { describe, expect, it } from 'vitest';
import { isoToMicros } from './timestamps';

describe('isoToMicros', () => {
  it('keeps the microseconds that Date.parse drops', () => {
    const whole = Date.UTC(2026, 10, 25, 20, 49, 29) * 1000;
    expect(isoToMicros('2026-11-25T20:49:29.123456Z')).toBe(whole + 123_456);
    expect(isoToMicros('2026-11-25T20:49:29.1Z')).toBe(whole + 100_000);
    expect(isoToMicros('2026-11-25T20:49:29Z')).toBe(whole);
  });

  it('reads nanosecond fractions and offsets', () => {
    const whole = Date.UTC(2026, 10, 25, 18, 49, 29) * 1000;
    expect(isoToMicros('2026-11-25T20:49:29.123456789+02:00')).toBe(whole + 123_456);
  });

  it('answers null for text that is not a time', () => {
    expect(isoToMicros('yesterday')).toBeNull();
  });
});
