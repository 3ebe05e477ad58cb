import { open, type FileHandle } from 'node:fs/promises';
import { WorkSlices } from './work-slices';

/**
 * Called for each line with the bytes of the chunk holding it (valid only during the call), the
 * line's range in them (without the newline or a `\r` before it), where it starts in the file,
 * and its 1-based line number. `terminated` is false for a last line that has no newline yet.
 */
export type OnLine = (
  bytes: Buffer,
  start: number,
  end: number,
  fileOffset: number,
  lineNumber: number,
  terminated: boolean,
) => void;

export interface ScanOptions {
  /** Where to start reading (a line start); 0 by default. */
  fromOffset?: number;
  /** The line number of the line at `fromOffset`; 1 by default. */
  firstLineNumber?: number;
  chunkBytes?: number;
  /** Longer lines are skipped and reported through `onOversized`. */
  maxLineBytes?: number;
  onOversized?: (lineNumber: number, fileOffset: number) => void;
  /**
   * Stops before this offset: only the lines that end before it are read, and a line it cuts is
   * left whole for the next scan (never reported as a cut last line).
   */
  toOffset?: number;
}

export interface ScanResult {
  /** Just past the last newline read: where a later scan of the same file resumes. */
  resumeOffset: number;
  /** The line number of the line at `resumeOffset`. */
  nextLineNumber: number;
  /** Bytes after the last newline (a line still being written, or cut by a crash). */
  tailBytes: number;
}

const DEFAULT_CHUNK = 1 << 20;
export const DEFAULT_MAX_LINE_BYTES = 256 << 20;
/** Lines handled between looks at the clock. */
const LINES_PER_CLOCK_LOOK = 64;

/**
 * A file to read lines from: an open handle (run files come opened by `openFileInside`, and stay
 * open: the caller closes them) or a path the caller made itself (benchmarks, tests).
 */
export type LineSource = FileHandle | string;

/**
 * Reads a JSONL file line by line in large chunks, the next chunk being read while this one's
 * lines are handled. No string is made for a line unless the callback makes one. Reads stop at
 * the size the file had when the scan began (a file that grows for ever is read on the next
 * scan), and the loop lets other work in every few ms, so a large file never holds up the rest.
 */
export async function scanLines(
  source: LineSource,
  onLine: OnLine,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK);
  const handle = typeof source === 'string' ? await open(source, 'r') : source;
  const fileSize = await handle.stat().then(
    (info) => info.size,
    async (error: unknown) => {
      if (typeof source === 'string') await handle.close();
      throw error;
    },
  );
  const stopsEarly = options.toOffset !== undefined && options.toOffset < fileSize;
  const endOffset = stopsEarly ? (options.toOffset as number) : fileSize;
  const slices = new WorkSlices();
  let sinceClockLook = 0;
  // Two buffers in turn: one being read into while the other's lines are handled. Reusing them
  // (rather than a fresh buffer per chunk) saves mapping new memory for every megabyte read.
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let turn = 0;
  const readChunk = async (position: number): Promise<Buffer> => {
    const chunk = buffers[turn++ % 2] as Buffer;
    const wanted = Math.min(chunkBytes, endOffset - position);
    if (wanted <= 0) return chunk.subarray(0, 0);
    const { bytesRead } = await handle.read(chunk, 0, wanted, position);
    return chunk.subarray(0, bytesRead);
  };
  let pending: Promise<Buffer> | null = null;
  try {
    let readPosition = options.fromOffset ?? 0;
    // The start of a line not ended yet (pieces of earlier chunks), and where it starts in the file.
    let carry: Buffer[] = [];
    let carryLength = 0;
    let carryOffset = readPosition;
    let lineNumber = options.firstLineNumber ?? 1;
    let skipping = false;
    pending = readChunk(readPosition);
    for (;;) {
      const chunk = await pending;
      if (chunk.length === 0) break;
      const chunkOffset = readPosition;
      readPosition += chunk.length;
      pending = readChunk(readPosition);
      let start = 0;
      let newline = chunk.indexOf(10);
      if (carryLength > 0 || skipping) {
        if (newline < 0) {
          if (!skipping) {
            // Copied: this buffer is read into again two chunks from now.
            carry.push(Buffer.from(chunk));
            carryLength += chunk.length;
            if (carryLength > maxLine) {
              // A line longer than anyone should read: report it once and drop bytes until its end.
              options.onOversized?.(lineNumber, carryOffset);
              skipping = true;
              carry = [];
              carryLength = 0;
            }
          }
          continue;
        }
        if (!skipping) {
          // Only the line that spans chunks is copied together.
          carry.push(chunk.subarray(0, newline));
          const line = Buffer.concat(carry, carryLength + newline);
          const lineEnd = trimCr(line, 0, line.length);
          if (!isBlank(line, 0, lineEnd)) onLine(line, 0, lineEnd, carryOffset, lineNumber, true);
        }
        skipping = false;
        carry = [];
        carryLength = 0;
        lineNumber++;
        start = newline + 1;
        newline = chunk.indexOf(10, start);
      }
      while (newline >= 0) {
        const lineEnd = trimCr(chunk, start, newline);
        if (!isBlank(chunk, start, lineEnd))
          onLine(chunk, start, lineEnd, chunkOffset + start, lineNumber, true);
        lineNumber++;
        start = newline + 1;
        newline = chunk.indexOf(10, start);
        // This chunk's buffer is not read into while it is handled, so pausing mid-chunk is safe.
        if (++sinceClockLook >= LINES_PER_CLOCK_LOOK) {
          sinceClockLook = 0;
          if (slices.due()) await slices.pause();
        }
      }
      if (start < chunk.length) {
        carry = [Buffer.from(chunk.subarray(start))];
        carryLength = chunk.length - start;
        carryOffset = chunkOffset + start;
        if (carryLength > maxLine) {
          options.onOversized?.(lineNumber, carryOffset);
          skipping = true;
          carry = [];
          carryLength = 0;
        }
      } else {
        carryOffset = readPosition;
      }
    }
    await pending;
    if (stopsEarly) {
      // The line the stop cuts is read whole by the next scan (an oversized one is met again there).
      return { resumeOffset: carryOffset, nextLineNumber: lineNumber, tailBytes: 0 };
    }
    if (skipping) return { resumeOffset: readPosition, nextLineNumber: lineNumber, tailBytes: 0 };
    if (carryLength > 0) {
      const tail = Buffer.concat(carry, carryLength);
      const lineEnd = trimCr(tail, 0, tail.length);
      if (!isBlank(tail, 0, lineEnd)) onLine(tail, 0, lineEnd, carryOffset, lineNumber, false);
    }
    return { resumeOffset: carryOffset, nextLineNumber: lineNumber, tailBytes: carryLength };
  } finally {
    // A read still under way (the callback threw) must end before the handle may be closed.
    await pending?.catch(() => undefined);
    if (typeof source === 'string') await handle.close();
  }
}

/** The end of a line without the `\r` of a CRLF ending. */
function trimCr(bytes: Buffer, start: number, end: number): number {
  return end > start && bytes[end - 1] === 13 ? end - 1 : end;
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  if (start >= end) return true;
  const first = bytes[start];
  if (first !== 32 && first !== 9 && first !== 13) return false;
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte !== 32 && byte !== 9 && byte !== 13) return false;
  }
  return true;
}

/**
 * Reads byte ranges of a file back, merging ranges that sit close together into one read. A
 * handle given stays open.
 */
export async function readRanges(
  source: LineSource,
  ranges: readonly { offset: number; length: number }[],
): Promise<Buffer[]> {
  const out: Buffer[] = new Array<Buffer>(ranges.length);
  if (ranges.length === 0) return out;
  const order = ranges.map((_, i) => i).sort((a, b) => (ranges[a]?.offset ?? 0) - (ranges[b]?.offset ?? 0));
  const handle = typeof source === 'string' ? await open(source, 'r') : source;
  try {
    let i = 0;
    while (i < order.length) {
      const first = ranges[order[i] as number] as { offset: number; length: number };
      let groupEnd = first.offset + first.length;
      let j = i + 1;
      while (j < order.length) {
        const next = ranges[order[j] as number] as { offset: number; length: number };
        if (next.offset - groupEnd > 64 * 1024 || next.offset + next.length - first.offset > 16 << 20) break;
        groupEnd = Math.max(groupEnd, next.offset + next.length);
        j++;
      }
      const block = Buffer.allocUnsafe(groupEnd - first.offset);
      let got = 0;
      while (got < block.length) {
        const { bytesRead } = await handle.read(block, got, block.length - got, first.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      for (let k = i; k < j; k++) {
        const range = ranges[order[k] as number] as { offset: number; length: number };
        const from = range.offset - first.offset;
        out[order[k] as number] = block.subarray(from, Math.min(got, from + range.length));
      }
      i = j;
    }
  } finally {
    if (typeof source === 'string') await handle.close();
  }
  return out;
}
