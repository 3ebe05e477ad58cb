/** How numbers and times look in the command line's output. */

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '-' : formatSeconds(ms / 1000);
}

/** Usage not known (no model call said any, or a model of unknown price) reads as the window shows it. */
const UNKNOWN_USAGE = '—';

export function formatTokens(tokens: number | null | undefined): string {
  return tokens === null || tokens === undefined ? UNKNOWN_USAGE : tokens.toLocaleString('en-US');
}

export function formatCost(cost: number | null | undefined): string {
  return cost === null || cost === undefined ? UNKNOWN_USAGE : `$${cost.toFixed(4)}`;
}

/** A local date and time to the second, from an ISO timestamp. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
