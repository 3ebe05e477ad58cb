import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { errorMessage } from '../engine/errors';

const HIERARCHY = 'dad.generic.node_hierarchy';
const DURATION = 'dad.generic.execution_duration_ms';

/**
 * Node durations in ms by hierarchy path, from the node spans of `.trace/trace.jsonl`, read line by
 * line. Lines that do not parse (a last line cut short by a crash) are counted in `brokenLines`.
 */
export async function readNodeDurations(
  runDir: string,
): Promise<{ durations: Map<string, number>; brokenLines: number; problem: string | null }> {
  const file = join(runDir, '.trace', 'trace.jsonl');
  const durations = new Map<string, number>();
  let brokenLines = 0;
  if (!existsSync(file)) return { durations, brokenLines, problem: null };
  try {
    const lines = createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      // Only node spans carry the hierarchy attribute; other lines are not parsed at all.
      if (!line.includes(HIERARCHY)) continue;
      let span: unknown;
      try {
        span = JSON.parse(line);
      } catch {
        brokenLines += 1;
        continue;
      }
      const found = durationOf(span);
      if (found !== null) durations.set(found.hierarchyPath, found.durationMs);
    }
  } catch (error) {
    return { durations, brokenLines, problem: `could not read ${file}: ${errorMessage(error)}` };
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
