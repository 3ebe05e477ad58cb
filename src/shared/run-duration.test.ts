import { describe, expect, it } from 'vitest';
import { runDurationSeconds } from './run-duration';

describe('runDurationSeconds', () => {
  it('runs from the first record to the last, microseconds and zones alike', () => {
    expect(
      runDurationSeconds({
        createdAt: '2026-01-01T10:00:00.250000Z',
        completedAt: '2026-01-01T10:01:02.750000Z',
      }),
    ).toBe(62.5);
    expect(
      runDurationSeconds({ createdAt: '2026-01-01T10:00:00+01:00', completedAt: '2026-01-01T09:00:30Z' }),
    ).toBe(30);
  });

  it('a run not ended has none, unless measured up to now while it goes on', () => {
    const times = { createdAt: '2026-01-01T10:00:00Z', completedAt: null };
    expect(runDurationSeconds(times)).toBeNull();
    expect(runDurationSeconds(times, Date.parse('2026-01-01T10:00:04Z'))).toBe(4);
  });

  it('unknown or unreadable times give no duration, never a made-up one', () => {
    expect(runDurationSeconds({ createdAt: null, completedAt: '2026-01-01T10:00:00Z' })).toBeNull();
    expect(runDurationSeconds({ createdAt: 'yesterday', completedAt: '2026-01-01T10:00:00Z' })).toBeNull();
  });
});
