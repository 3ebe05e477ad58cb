const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A byte count for people: `812 B`, `4.1 KiB`, `1 GiB`. Powers of 1024, as the service's own
 * limits are, so a limit shown here reads as the round number it is.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Three figures at most, and no ".0": a decimal only while it tells sizes apart.
  const shown = Math.abs(value) < 100 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${shown} ${UNITS[unit]}`;
}

/** Whole percent done, 0 for an empty total; never 100 before every byte is there. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  const percent = Math.floor((done / total) * 100);
  return Math.min(percent, 100);
}
