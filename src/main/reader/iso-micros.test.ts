import { describe, expect, it } from 'vitest';
import { isoToMicros, microsToIso, timestampToMicros } from './iso-micros';

describe('timestamps', () => {
  it('reads ISO text to the microsecond, agreeing with Date to the millisecond', () => {
    const text = '2026-11-25T20:49:29.123456Z';
    expect(isoToMicros(text)).toBe(Date.parse('2026-11-25T20:49:29.123Z') * 1000 + 456);
    expect(isoToMicros('1999-02-28T23:59:59Z')).toBe(Date.parse('1999-02-28T23:59:59Z') * 1000);
    expect(isoToMicros('2024-02-29T12:00:00.5+02:00')).toBe(Date.parse('2024-02-29T10:00:00.500Z') * 1000);
    expect(isoToMicros('2024-02-29 12:00:00.123456789')).toBe(
      Date.parse('2024-02-29T12:00:00.123Z') * 1000 + 456,
    );
    expect(microsToIso(isoToMicros(text))).toBe(text);
  });

  it('gives NaN for text that is not a timestamp', () => {
    for (const text of [
      '',
      'yesterday',
      '2026-13-01T00:00:00Z',
      '2026-11-25T20:49:29.Z',
      '2026-11-25T20:49:29Q',
    ]) {
      expect(isoToMicros(text), text).toBeNaN();
    }
  });

  it('takes epoch numbers in nanoseconds, microseconds, milliseconds or seconds', () => {
    const micros = Date.parse('2026-01-01T00:00:00Z') * 1000;
    expect(timestampToMicros(micros * 1000)).toBe(micros);
    expect(timestampToMicros(String(micros * 1000))).toBe(micros);
    expect(timestampToMicros(micros)).toBe(micros);
    expect(timestampToMicros(micros / 1000)).toBe(micros);
    expect(timestampToMicros(micros / 1e6)).toBe(micros);
    expect(timestampToMicros(null)).toBeNaN();
  });
});
