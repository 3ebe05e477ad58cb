import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { findMatchIndex } from './search-nav';

const PAGE = 5000;
const MAX_PAGES = 40;

export type ScanResult = { found: number } | { found: null; reason: string } | { error: CallError };

/**
 * Looks for the next search match beyond the rows the window holds, page by page in the direction
 * asked, wrapping around once; gives up after {@link MAX_PAGES} pages.
 */
export async function scanForMatch(
  runId: string,
  collapsed: readonly string[],
  matches: ReadonlySet<string>,
  fromIndex: number,
  direction: 1 | -1,
  total: number,
): Promise<ScanResult> {
  if (total === 0 || matches.size === 0) return { found: null, reason: 'No matches' };
  let pages = 0;
  // Visit [from → end] then [start → from] (or the mirror for backwards), a page at a time.
  const segments: [number, number][] =
    direction === 1
      ? [
          [fromIndex + 1, total - 1],
          [0, fromIndex],
        ]
      : [
          [0, fromIndex - 1],
          [fromIndex, total - 1],
        ];
  for (const [low, high] of segments) {
    if (high < low) continue;
    let cursor = direction === 1 ? low : high;
    while (direction === 1 ? cursor <= high : cursor >= low) {
      if (++pages > MAX_PAGES) return { found: null, reason: `No match within ${MAX_PAGES * PAGE} rows` };
      const offset = direction === 1 ? cursor : Math.max(low, cursor - PAGE + 1);
      const limit = direction === 1 ? Math.min(PAGE, high - cursor + 1) : cursor - offset + 1;
      const result = await request('spanRows', { runId, collapsed: [...collapsed], offset, limit });
      if (!result.ok) return { error: result.error };
      const rows = result.value.rows;
      const from = direction === 1 ? offset - 1 : offset + rows.length;
      const found = findMatchIndex(rows, offset, matches, from, direction);
      if (found >= 0) return { found };
      if (rows.length === 0) break;
      cursor = direction === 1 ? offset + rows.length : offset - 1;
    }
  }
  return {
    found: null,
    reason: 'No match among the shown rows (matches inside collapsed spans stay hidden)',
  };
}
