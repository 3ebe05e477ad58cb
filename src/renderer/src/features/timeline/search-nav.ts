import type { SpanRow } from '../../../../shared/run-data';
import { spanKey } from '../../live/rows-model';

/**
 * The next (direction 1) or previous (-1) row after `fromIndex` whose span is a search match,
 * among `rows` starting at absolute index `offset`; -1 when none of them is.
 */
export function findMatchIndex(
  rows: readonly SpanRow[],
  offset: number,
  matches: ReadonlySet<string>,
  fromIndex: number,
  direction: 1 | -1,
): number {
  if (matches.size === 0) return -1;
  if (direction === 1) {
    for (let at = Math.max(0, fromIndex + 1 - offset); at < rows.length; at++) {
      if (matches.has(spanKey((rows[at] as SpanRow).spanId))) return offset + at;
    }
  } else {
    for (let at = Math.min(rows.length - 1, fromIndex - 1 - offset); at >= 0; at--) {
      if (matches.has(spanKey((rows[at] as SpanRow).spanId))) return offset + at;
    }
  }
  return -1;
}
