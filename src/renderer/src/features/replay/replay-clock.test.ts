import { describe, expect, it } from 'vitest';
import { advanceReplay, clampMoment, offsetLabel, speedLabel } from './replay-clock';

describe('the replay clock', () => {
  it('moves the moment by wall time times the speed', () => {
    expect(advanceReplay(1_000_000, 100, 1, 10_000_000)).toEqual({ asOfUs: 1_100_000, ended: false });
    expect(advanceReplay(1_000_000, 100, 10, 10_000_000)).toEqual({ asOfUs: 2_000_000, ended: false });
    expect(advanceReplay(1_000_000, 100, 100, 20_000_000)).toEqual({ asOfUs: 11_000_000, ended: false });
  });

  it('stops at the end of the run and says so', () => {
    expect(advanceReplay(9_990_000, 100, 1, 10_000_000)).toEqual({ asOfUs: 10_000_000, ended: true });
    expect(advanceReplay(10_000_000, 0, 100, 10_000_000)).toEqual({ asOfUs: 10_000_000, ended: true });
  });

  it('keeps a sought moment inside the run', () => {
    expect(clampMoment(5, 10, 20)).toBe(10);
    expect(clampMoment(25, 10, 20)).toBe(20);
    expect(clampMoment(15, 10, 20)).toBe(15);
  });

  it('labels moments from the start of the run and speeds as a user reads them', () => {
    expect(offsetLabel(1_012_345_678, 1_000_000_000)).toBe('+12.346 s');
    expect(offsetLabel(999, 1000)).toBe('+0.000 s');
    expect(speedLabel(100)).toBe('100×');
    expect(speedLabel('max')).toBe('Max');
  });
});
