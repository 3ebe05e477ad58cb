import { stat } from 'node:fs/promises';
import { scanLines } from './line-reader';
import { parseJsonLine } from './json-text';
import { emptySpanFields, spanFieldsOfRecord } from './span-line';
import { utf8 } from './utf8-text';

/** Node executions and their usage as counted from a trace file. */
export interface TraceStats {
  nodeCount: number;
  tokens: number;
  cost: number;
}

interface CachedStats extends TraceStats {
  size: number;
  mtimeMs: number;
  resumeOffset: number;
}

const MAX_CACHED = 20_000;
const cache = new Map<string, CachedStats>();

/**
 * Counts node spans (lines with `dad.generic.node_id`) and sums their tokens and cost. Cached by
 * path, size and modification time; a file that only grew (a run still going) is read from where
 * the last count stopped, so listing runs again costs a `stat` per unchanged run.
 */
export async function traceStats(tracePath: string): Promise<TraceStats | null> {
  let info;
  try {
    info = await stat(tracePath);
  } catch {
    return null;
  }
  const cached = cache.get(tracePath);
  if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached;
  const resumable = cached && info.size > cached.size;
  const stats: CachedStats = resumable
    ? { ...cached }
    : { nodeCount: 0, tokens: 0, cost: 0, size: 0, mtimeMs: 0, resumeOffset: 0 };
  const fields = emptySpanFields();
  const scan = await scanLines(
    tracePath,
    (bytes, start, end, _offset, _line, terminated) => {
      if (!terminated) return;
      let ok: boolean;
      try {
        ok = spanFieldsOfRecord(parseJsonLine(utf8(bytes, start, end)), fields);
      } catch {
        ok = false;
      }
      if (!ok || fields.nodeId === null) return;
      stats.nodeCount++;
      if (!Number.isNaN(fields.tokens)) stats.tokens += fields.tokens;
      if (!Number.isNaN(fields.cost)) stats.cost += fields.cost;
    },
    { fromOffset: stats.resumeOffset },
  ).catch(() => null);
  if (!scan) return null;
  stats.resumeOffset = scan.resumeOffset;
  stats.size = info.size;
  stats.mtimeMs = info.mtimeMs;
  cache.delete(tracePath);
  cache.set(tracePath, stats);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return stats;
}
