/** Display formats shared by every screen: durations, counts, money and times. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1) return `${sign}${Math.round(abs * 1000)} µs`;
  if (abs < 1000) return `${sign}${abs < 10 ? abs.toFixed(1) : Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  if (abs < 3_600_000) {
    const minutes = Math.floor(abs / 60_000);
    const seconds = Math.floor((abs % 60_000) / 1000);
    return `${sign}${minutes}m ${String(seconds).padStart(2, '0')}s`;
  }
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  return `${sign}${hours}h ${String(minutes).padStart(2, '0')}m`;
}

export function formatDurationSeconds(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '—' : formatDurationMs(seconds * 1000);
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : integer.format(value);
}

/** Money in dollars: small amounts keep enough digits to be told apart. */
export function formatCost(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '$0';
  if (Math.abs(value) < 0.01) return `$${value.toFixed(5).replace(/0+$/, '')}`;
  return `$${value.toFixed(value < 100 ? 3 : 2)}`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Local date and time to the second, e.g. `2026-03-14 09:26:53`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Local time of day to the millisecond, e.g. `09:26:53.589`. */
export function formatClockMicros(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '—';
  const date = new Date(Math.floor(us / 1000));
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
