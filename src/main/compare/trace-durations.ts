import { join, sep } from 'node:path';
import { errorMessage } from '../engine/errors';
import { scanLines } from '../reader/line-reader';
import { openFileInside, RunFileRefusedError } from '../reader/run-files';

const HIERARCHY = 'dad.generic.node_hierarchy';
const DURATION = 'dad.generic.execution_duration_ms';
const TRACE_FILE = join('.trace', 'trace.jsonl');
const HIERARCHY_BYTES = Buffer.from(HIERARCHY);

/**
 * Node durations in ms by hierarchy path, from the node spans of `.trace/trace.jsonl`, read line by
 * line (opened the guarded way: a link or a FIFO is a problem, not followed). Lines that do not
 * parse (a last line cut short by a crash) are counted in `brokenLines`.
 */
export async function readNodeDurations(
  runDir: string,
): Promise<{ durations: Map<string, number>; brokenLines: number; problem: string | null }> {
  const durations = new Map<string, number>();
  let brokenLines = 0;
  let handle;
  try {
    handle = await openFileInside(runDir, TRACE_FILE);
    if (!handle) return { durations, brokenLines, problem: null };
    await scanLines(handle, (bytes, start, end) => {
      // Only node spans carry the hierarchy attribute; other lines are not parsed at all.
      if (bytes.subarray(start, end).indexOf(HIERARCHY_BYTES) < 0) return;
      let span: unknown;
      try {
        span = JSON.parse(bytes.toString('utf8', start, end));
      } catch {
        brokenLines += 1;
        return;
      }
      const found = durationOf(span);
      if (found !== null) durations.set(found.hierarchyPath, found.durationMs);
    });
  } catch (error) {
    const problem =
      error instanceof RunFileRefusedError
        ? `${runDir}${sep}${error.message}`
        : `could not read ${join(runDir, TRACE_FILE)} (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`;
    return { durations, brokenLines, problem };
  } finally {
    await handle?.close();
  }
  return { durations, brokenLines, problem: null };
}

function durationOf(span: unknown): { hierarchyPath: string; durationMs: number } | null {
  if (typeof span !== 'object' || span === null) return null;
  const {
    attributes,
    start_time: start,
    end_time: end,
  } = span as {
    attributes?: Record<string, unknown>;
    start_time?: unknown;
    end_time?: unknown;
  };
  const hierarchyPath = attributes?.[HIERARCHY];
  if (typeof hierarchyPath !== 'string' || hierarchyPath === '') return null;
  const raw = attributes?.[DURATION];
  const recorded =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (Number.isFinite(recorded)) return { hierarchyPath, durationMs: recorded };
  // Older writers leave the attribute out: the span's own times say the same.
  const measured =
    typeof start === 'string' && typeof end === 'string' ? Date.parse(end) - Date.parse(start) : NaN;
  return Number.isFinite(measured) ? { hierarchyPath, durationMs: measured } : null;
}
