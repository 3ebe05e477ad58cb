import type { FileHandle } from 'node:fs/promises';
import { tailChecksum } from './file-identity';
import { scanLines } from './line-reader';
import { parseJsonLine } from './json-text';
import { openFileInside, RunFileRefusedError } from './run-files';
import { emptySpanFields, spanFieldsOfRecord } from './span-line';
import { utf8 } from './utf8-text';

/** Node executions and their usage as counted from a trace file. */
export interface TraceStats {
  nodeCount: number;
  /** Null when no span said what it used: a run without model calls has no usage, not a zero one. */
  tokens: number | null;
  /** The cost of the spans whose cost is known. */
  cost: number | null;
  /** Spans that used tokens but have no cost (a model of unknown price): the run's cost is then unknown. */
  unpriced: number;
}

/** Stats with where counting stopped, so that a file that grew is counted on from there. */
export interface TraceCount extends TraceStats {
  /** The counts cover the lines before this offset (just past the last newline read). */
  end: number;
  /** A CRC-32 of the bytes just before `end`: a file that grew keeps them, a rewritten one does not. */
  tail: number;
}

export type TraceStatsRead =
  | { kind: 'ok'; count: TraceCount }
  | { kind: 'missing' }
  /** `message` names the file and why it was not read. */
  | { kind: 'bad'; message: string };

/** Trace files opened for counting, and bytes read from them, since the process started (for the bench). */
export const traceFileReads = { files: 0, bytes: 0 };

const TRACE_FILE = '.trace/trace.jsonl';
const TAIL_BYTES = 4096;

/**
 * Counts node spans (lines with `dad.generic.node_id`) and sums their tokens and cost, and those of
 * the model calls of other tools' traces (`gen_ai.*`, OpenInference; see genai-usage.ts). Given the
 * count of an earlier read (`known`), a file that still holds the same bytes where that count
 * stopped is read on from there; any other file is counted from its start. The file is opened as
 * every run file is (see run-files.ts): a link or a FIFO is refused.
 */
export async function traceStats(runDir: string, known: TraceCount | null = null): Promise<TraceStatsRead> {
  let handle;
  try {
    handle = await openFileInside(runDir, TRACE_FILE);
  } catch (error) {
    return { kind: 'bad', message: unreadable(error) };
  }
  if (!handle) return { kind: 'missing' };
  traceFileReads.files++;
  try {
    return { kind: 'ok', count: await countFrom(handle, known) };
  } catch (error) {
    return { kind: 'bad', message: unreadable(error) };
  } finally {
    await handle.close();
  }
}

async function countFrom(handle: FileHandle, known: TraceCount | null): Promise<TraceCount> {
  const { size } = await handle.stat();
  const resumable =
    known !== null && known.end <= size && (await countedTail(handle, known.end)) === known.tail;
  const count: TraceCount = resumable
    ? { ...known }
    : { nodeCount: 0, tokens: null, cost: null, unpriced: 0, end: 0, tail: 0 };
  if (count.end === size) return count;
  const fields = emptySpanFields();
  traceFileReads.bytes += size - count.end;
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
      if (!ok || (fields.nodeId === null && !fields.modelCall)) return;
      if (fields.nodeId !== null) count.nodeCount++;
      if (!Number.isNaN(fields.tokens)) count.tokens = (count.tokens ?? 0) + fields.tokens;
      if (!Number.isNaN(fields.cost)) count.cost = (count.cost ?? 0) + fields.cost;
      else if (!Number.isNaN(fields.tokens)) count.unpriced++;
    },
    { fromOffset: count.end },
  );
  if (scan.resumeOffset !== count.end) {
    count.end = scan.resumeOffset;
    count.tail = (await countedTail(handle, count.end)) ?? 0;
  }
  return count;
}

/** The checksum of up to `TAIL_BYTES` bytes before `end` (null when the file is shorter). */
async function countedTail(handle: FileHandle, end: number): Promise<number | null> {
  const length = Math.min(TAIL_BYTES, end);
  traceFileReads.bytes += length;
  return tailChecksum(handle, end, length);
}

function unreadable(error: unknown): string {
  if (error instanceof RunFileRefusedError) return error.message;
  return `${TRACE_FILE} could not be read (${(error as NodeJS.ErrnoException).code ?? 'an I/O error'})`;
}
