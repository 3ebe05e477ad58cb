import type { ReplaySpeed } from '../../stores/replay-store';

/**
 * The replayed moment after `elapsedMs` of wall time at a speed (times real time), stopped at the
 * run's end. The "as fast as possible" speed steps by recorded moments instead (see ReplayBar).
 */
export function advanceReplay(
  asOfUs: number,
  elapsedMs: number,
  speed: Exclude<ReplaySpeed, 'max'>,
  endUs: number,
): { asOfUs: number; ended: boolean } {
  const next = asOfUs + elapsedMs * 1000 * speed;
  return next >= endUs ? { asOfUs: endUs, ended: true } : { asOfUs: next, ended: false };
}

/** Keeps a moment inside the run. */
export function clampMoment(atUs: number, startUs: number, endUs: number): number {
  return Math.min(Math.max(atUs, startUs), endUs);
}

/** `+12.345 s` from the run's start, the way the slider's readout shows it. */
export function offsetLabel(atUs: number, startUs: number): string {
  const seconds = Math.max(0, atUs - startUs) / 1_000_000;
  return `+${seconds.toFixed(3)} s`;
}

export function speedLabel(speed: ReplaySpeed): string {
  return speed === 'max' ? 'Max' : `${speed}×`;
}
