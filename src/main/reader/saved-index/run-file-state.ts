import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import {
  fileIdentityOf,
  sameFileIdentity,
  sameFileObject,
  tailChecksum,
  type FileIdentity,
} from '../file-identity';
import { openFileInside } from '../run-files';

/**
 * What a saved index remembers of one run file, to tell whether the file is still the one it
 * indexed: its identity (see file-identity.ts) as it was when read, how far it was indexed, and
 * a CRC-32 of the last bytes before that point. A file that only grew still has those bytes there.
 */
export const runFileStateSchema = z.object({
  file: z.string(),
  present: z.boolean(),
  identity: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
  indexedTo: z.number().int().nonnegative(),
  tailBytes: z.number().int().nonnegative(),
  tailCrc: z.number().int(),
});

export type RunFileState = z.infer<typeof runFileStateSchema>;

/** How a run file compares with what a saved index read of it. */
export type FileMatch = 'same' | 'grown' | 'changed';

/** Bytes before the indexed end whose checksum tells an appended file from a rewritten one. */
const TAIL_BYTES = 64 * 1024;

export function absentFileState(file: string): RunFileState {
  return { file, present: false, identity: [0, 0, 0, 0, 0], indexedTo: 0, tailBytes: 0, tailCrc: 0 };
}

/**
 * The state of a file just read up to `indexedTo` through `handle`, given its identity taken
 * before the read. Null when it was rewritten meanwhile (same size, other times or inode): what
 * was read then belongs to no one version of it, and is not saved.
 */
export async function runFileStateAfterRead(
  file: string,
  handle: FileHandle,
  before: FileIdentity,
  indexedTo: number,
): Promise<RunFileState | null> {
  const tailBytes = Math.min(TAIL_BYTES, indexedTo);
  const tailCrc = await tailChecksum(handle, indexedTo, tailBytes);
  const after = fileIdentityOf(await handle.stat());
  if (tailCrc === null || !sameFileObject(before, after)) return null;
  // Grown meanwhile is only appended to; the same size with other times was written over.
  if (after[0] === before[0] && !sameFileIdentity(before, after)) return null;
  return { file, present: true, identity: before, indexedTo, tailBytes, tailCrc };
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
    const now = fileIdentityOf(await handle.stat());
    const size = now[0];
    if (!sameFileObject(now, saved.identity) || size < saved.identity[0]) return 'changed';
    // Same size but written since: rewritten in place, as appending would have made it longer.
    if (size === saved.identity[0] && !sameFileIdentity(now, saved.identity)) return 'changed';
    const tailCrc = await tailChecksum(handle, saved.indexedTo, saved.tailBytes);
    if (tailCrc !== saved.tailCrc) return 'changed';
    return size === saved.identity[0] ? 'same' : 'grown';
  } catch {
    return 'changed';
  } finally {
    await handle.close();
  }
}
