import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { openFileInside } from '../run-files';

/**
 * What a saved index remembers of one run file, to tell whether the file is still the one it
 * indexed: its size, modification time and inode when saved, how far it was indexed, and a
 * CRC-32 of the last bytes before that point. A file that only grew still has those bytes there.
 */
export const runFileStateSchema = z.object({
  file: z.string(),
  present: z.boolean(),
  size: z.number(),
  mtimeMs: z.number(),
  ino: z.number(),
  indexedTo: z.number().int().nonnegative(),
  tailBytes: z.number().int().nonnegative(),
  tailCrc: z.number().int(),
});

export type RunFileState = z.infer<typeof runFileStateSchema>;

/** How a run file compares with what a saved index read of it. */
export type FileMatch = 'same' | 'grown' | 'changed';

/** Bytes before the indexed end whose checksum tells an appended file from a rewritten one. */
const TAIL_BYTES = 64 * 1024;

/** The state of `file` (relative to the run folder) for an index that read it up to `indexedTo`. */
export async function runFileStateOf(runDir: string, file: string, indexedTo: number): Promise<RunFileState> {
  const handle = await openFileInside(runDir, file);
  if (!handle) {
    // Gone after it was read: nothing says what a file found there later would continue.
    if (indexedTo > 0) throw new Error(`${file} is gone`);
    return { file, present: false, size: 0, mtimeMs: 0, ino: 0, indexedTo, tailBytes: 0, tailCrc: 0 };
  }
  try {
    const info = await handle.stat();
    const tailBytes = Math.min(TAIL_BYTES, indexedTo);
    const tailCrc = await tailChecksum(handle, indexedTo, tailBytes, info.size);
    if (tailCrc === null) throw new Error(`${file} is shorter than what was indexed of it`);
    return {
      file,
      present: true,
      size: info.size,
      mtimeMs: info.mtimeMs,
      ino: info.ino,
      indexedTo,
      tailBytes,
      tailCrc,
    };
  } finally {
    await handle.close();
  }
}

/**
 * Whether the file is as it was (`same`), was only appended to (`grown`), or is something else
 * (`changed`: rewritten, cut, replaced or gone), which no saved index can answer for.
 */
export async function compareRunFile(runDir: string, saved: RunFileState): Promise<FileMatch> {
  let handle: FileHandle | null;
  try {
    handle = await openFileInside(runDir, saved.file);
  } catch {
    return 'changed';
  }
  if (!handle) return saved.present ? 'changed' : 'same';
  try {
    if (!saved.present) return 'grown';
    const info = await handle.stat();
    if (info.ino !== saved.ino || info.size < saved.indexedTo) return 'changed';
    // Same size but touched since: rewritten in place, as appending would have made it longer.
    if (info.size === saved.size && info.mtimeMs !== saved.mtimeMs) return 'changed';
    const tailCrc = await tailChecksum(handle, saved.indexedTo, saved.tailBytes, info.size);
    if (tailCrc !== saved.tailCrc) return 'changed';
    return info.size === saved.size ? 'same' : 'grown';
  } catch {
    return 'changed';
  } finally {
    await handle.close();
  }
}

async function tailChecksum(
  handle: FileHandle,
  end: number,
  length: number,
  size: number,
): Promise<number | null> {
  if (end > size || length > end) return null;
  const bytes = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(bytes, got, length - got, end - length + got);
    if (bytesRead === 0) return null;
    got += bytesRead;
  }
  return crc32(bytes);
}
