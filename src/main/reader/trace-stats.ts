import { join } from 'node:path';
import { scanLines } from './line-reader';
import { parseJsonLine } from './json-text';
import { openFileInside, RunFileRefusedError } from './run-files';
import { emptySpanFields, spanFieldsOfRecord } from './span-line';
import { utf8 } from './utf8-text';

/** Node executions and their usage as counted from a trace file. */
export interface TraceStats {
  nodeCount: number;
  tokens: number;
  cost: number;
}

export type TraceStatsRead =
  | { kind: 'ok'; stats: TraceStats }
  | { kind: 'missing' }
  /** `message` names the file and why it was not read. */
  | { kind: 'bad'; message: string };

interface CachedStats extends TraceStats {
  size: number;
  mtimeMs: number;
  resumeOffset: number;
}

const TRACE_FILE = '.trace/trace.jsonl';
const MAX_CACHED = 20_000;
const cache = new Map<string, CachedStats>();

/**
 * Counts node spans (lines with `dad.generic.node_id`) and sums their tokens and cost. Cached by
 * path, size and modification time; a file that only grew (a run still going) is read from where
 * the last count stopped, so listing runs again costs an open and a `stat` per unchanged run.
 * The file is opened as every run file is (see run-files.ts): a link or a FIFO is refused.
 */
export async function traceStats(runDir: string): Promise<TraceStatsRead> {
  let handle;
  try {
    handle = await openFileInside(runDir, TRACE_FILE);
  } catch (error) {
    return { kind: 'bad', message: unreadable(error) };
  }
  if (!handle) return { kind: 'missing' };
  try {
    return { kind: 'ok', stats: await countFrom(join(runDir, TRACE_FILE), handle) };
  } catch (error) {
    return { kind: 'bad', message: unreadable(error) };
  } finally {
    await handle.close();
  }
}

async function countFrom(
  tracePath: string,
  handle: NonNullable<Awaited<ReturnType<typeof openFileInside>>>,
): Promise<TraceStats> {
  const info = await handle.stat();
  const cached = cache.get(tracePath);
  if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached;
  const resumable = cached && info.size > cached.size;
  const stats: CachedStats = resumable
    ? { ...cached }
    : { nodeCount: 0, tokens: 0, cost: 0, size: 0, mtimeMs: 0, resumeOffset: 0 };
  const fields = emptySpanFields();
  const scan = await scanLines(
    handle,
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
  );
  stats.resumeOffset = scan.resumeOffset;
  stats.size = info.size;
  stats.mtimeMs = info.mtimeMs;
  cache.delete(tracePath);
  cache.set(tracePath, stats);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return stats;
}

function unreadable(error: unknown): string {
  if (error instanceof RunFileRefusedError) return error.message;
  return `${TRACE_FILE} could not be read (${(error as NodeJS.ErrnoException).code ?? 'an I/O error'})`;
}
