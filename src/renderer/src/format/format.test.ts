import { describe, expect, it } from 'vitest';
import { formatCost, formatCount, formatDurationMs, formatDurationSeconds } from './format';

describe('formats', () => {
  it('writes durations with a unit that fits', () => {
    expect(formatDurationMs(0.25)).toBe('250 µs');
    expect(formatDurationMs(4.56)).toBe('4.6 ms');
    expect(formatDurationMs(456)).toBe('456 ms');
    expect(formatDurationMs(4560)).toBe('4.56 s');
    expect(formatDurationMs(125_000)).toBe('2m 05s');
    expect(formatDurationMs(3_900_000)).toBe('1h 05m');
    expect(formatDurationSeconds(null)).toBe('—');
    expect(formatDurationMs(0)).toBe('0');
  });

  it('writes counts and money', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('—');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00042)).toBe('$0.00042');
    expect(formatCost(1.5)).toBe('$1.500');
  });
});
