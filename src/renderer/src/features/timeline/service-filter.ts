import type { SpanRow } from '../../../../shared/run-data';
import type { RowWindow } from '../../live/rows-model';

/** The most rows a window may hold for a service filter: the filter hides rows of the whole run. */
export const MAX_FILTERED_ROWS = 5000;

/** Service names seen in `rows` added to `known`; the same set back when none is new. */
export function withServicesOf(known: readonly string[], rows: readonly SpanRow[]): readonly string[] {
  let added: string[] | null = null;
  for (const row of rows) {
    const service = row.serviceName;
    if (!service || known.includes(service) || added?.includes(service)) continue;
    (added ??= []).push(service);
  }
  return added === null ? known : [...known, ...added].sort((a, b) => a.localeCompare(b));
}

/**
 * The window without the rows of hidden services. Only a window that holds every row of the run
 * can be filtered (the indexes of the rows left are counted from its start): anything else comes
 * back as it was, with `complete` false.
 */
export function withoutServices(
  window: RowWindow,
  hidden: ReadonlySet<string>,
): { window: RowWindow; hiddenCount: number; complete: boolean } {
  if (hidden.size === 0) return { window, hiddenCount: 0, complete: true };
  const complete = window.offset === 0 && window.rows.length >= window.total;
  if (!complete) return { window, hiddenCount: 0, complete };
  const rows = window.rows.filter((row) => !row.serviceName || !hidden.has(row.serviceName));
  const hiddenCount = window.rows.length - rows.length;
  return { window: { ...window, rows, total: window.total - hiddenCount }, hiddenCount, complete };
}
