import { join, sep } from 'node:path';
import { errorMessage } from '../engine/errors';
import { scanLines } from '../reader/line-reader';
import { openFileInside, RunFileRefusedError } from '../reader/run-files';

const HIERARCHY = 'dad.generic.node_hierarchy';
const DURATION = 'dad.generic.execution_duration_ms';
const NODE_TYPE = 'dad.generic.node_type';
const TRACE_FILE = join('.trace', 'trace.jsonl');
const HIERARCHY_BYTES = Buffer.from(HIERARCHY);

/** What a node's span says of it: how long it ran and its node type, each null when it does not say. */
export interface NodeSpanFacts {
  durationMs: number | null;
  nodeType: string | null;
}

/**
 * Node durations in ms by hierarchy path, from the node spans of `.trace/trace.jsonl`, read line by
 * line (opened the guarded way: a link or a FIFO is a problem, not followed). `nodes` holds every
 * node span's facts (a node with none was not executed in this run). Lines that do not parse (a
 * last line cut short by a crash) are counted in `brokenLines`.
 */
export async function readNodeDurations(runDir: string): Promise<{
  durations: Map<string, number>;
  nodes: Map<string, NodeSpanFacts>;
  brokenLines: number;
  problem: string | null;
}> {
  const durations = new Map<string, number>();
  const nodes = new Map<string, NodeSpanFacts>();
  let brokenLines = 0;
  let handle;
  try {
    handle = await openFileInside(runDir, TRACE_FILE);
    if (!handle) return { durations, nodes, brokenLines, problem: null };
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
      const found = nodeSpanOf(span);
      if (found === null) return;
      nodes.set(found.hierarchyPath, found.facts);
      if (found.facts.durationMs !== null) durations.set(found.hierarchyPath, found.facts.durationMs);
    });
  } catch (error) {
    const problem =
      error instanceof RunFileRefusedError
        ? `${runDir}${sep}${error.message}`
        : `could not read ${join(runDir, TRACE_FILE)} (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`;
    return { durations, nodes, brokenLines, problem };
  } finally {
    await handle?.close();
  }
  return { durations, nodes, brokenLines, problem: null };
}

function nodeSpanOf(span: unknown): { hierarchyPath: string; facts: NodeSpanFacts } | null {
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
  const nodeType = typeof attributes?.[NODE_TYPE] === 'string' ? (attributes[NODE_TYPE] as string) : null;
  const raw = attributes?.[DURATION];
  const recorded =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  // Older writers leave the attribute out: the span's own times say the same.
  const measured =
    typeof start === 'string' && typeof end === 'string' ? Date.parse(end) - Date.parse(start) : NaN;
  const durationMs = Number.isFinite(recorded) ? recorded : Number.isFinite(measured) ? measured : null;
  return { hierarchyPath, facts: { durationMs, nodeType } };
}
