const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/** A byte count for people: "812 bytes", "3.4 MB" (powers of 1000, as file managers show them). */
export function formatByteSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

/** Whole percent done, 0 for an empty total; never 100 before every byte is there. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  const percent = Math.floor((done / total) * 100);
  return Math.min(percent, 100);
}
