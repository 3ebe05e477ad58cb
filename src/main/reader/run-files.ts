import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Files in a run folder are data from whoever made the folder (a colleague's copy, a download):
 * they are opened only when they are regular files reached without following any link, and read
 * with a size bound. Nothing here ever puts a file's content into a message.
 */

export type RefusalReason = 'outside' | 'symlink' | 'not_regular' | 'not_directory' | 'changed' | 'too_large';

/** A file the readers will not open; the message names the file and why, never its content. */
export class RunFileRefusedError extends Error {
  readonly code = 'unsafe_file';
  constructor(
    readonly file: string,
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'RunFileRefusedError';
  }
}

const REASONS: Record<Exclude<RefusalReason, 'too_large'>, string> = {
  outside: 'the path leads outside the folder it belongs to; not read',
  symlink: 'is a symbolic link; links in a run folder are not followed',
  not_regular: 'is not a regular file (a FIFO, socket or device); not read',
  not_directory: 'is not a folder',
  changed: 'was replaced by another file while it was being opened; not read',
};

function refuse(file: string, reason: Exclude<RefusalReason, 'too_large'>): never {
  throw new RunFileRefusedError(file, reason, REASONS[reason]);
}

/** The path's parts below `root`, or a refusal when it is absolute or climbs out. */
function partsInside(root: string, relativePath: string): string[] {
  const parts = relativePath.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (isAbsolute(relativePath) || parts.includes('..') || parts.length === 0) {
    refuse(relativePath, 'outside');
  }
  const full = join(root, ...parts);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) refuse(relativePath, 'outside');
  return parts;
}

/**
 * Checks each folder between `root` and the entry (not `root` itself: the user chose it) is a real
 * folder, and returns the entry's own lstat, or null when something on the way does not exist.
 */
async function lstatInside(root: string, parts: string[], shown: string): Promise<Stats | null> {
  let path = root;
  for (let i = 0; i < parts.length; i++) {
    path = join(path, parts[i] as string);
    let stats: Stats;
    try {
      stats = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (stats.isSymbolicLink()) refuse(parts.slice(0, i + 1).join(sep) || shown, 'symlink');
    if (i < parts.length - 1 && !stats.isDirectory()) return null;
    if (i === parts.length - 1) return stats;
  }
  return null;
}

/**
 * Whether `relativePath` below `root` is a real folder (no link on the way): true, false when it
 * does not exist; a link or a file in its place is refused.
 */
export async function isFolderInside(root: string, relativePath: string): Promise<boolean> {
  const parts = partsInside(root, relativePath);
  const stats = await lstatInside(root, parts, relativePath);
  if (!stats) return false;
  if (!stats.isDirectory()) refuse(relativePath, 'not_directory');
  return true;
}

/**
 * Opens a regular file below `root` for reading, or returns null when it does not exist. Links on
 * the way or at the end, FIFOs, sockets and devices are refused; opening never blocks (a FIFO
 * with no writer would otherwise hang the reader for ever).
 */
export async function openFileInside(root: string, relativePath: string): Promise<FileHandle | null> {
  const parts = partsInside(root, relativePath);
  const before = await lstatInside(root, parts, relativePath);
  if (!before) return null;
  if (!before.isFile()) refuse(relativePath, 'not_regular');
  let handle: FileHandle;
  try {
    handle = await open(
      join(root, ...parts),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') refuse(relativePath, 'symlink');
    throw error;
  }
  // The entry may have been swapped between the check and the open: trust only what was opened.
  let swapped: 'not_regular' | 'changed' | null;
  try {
    swapped = swapRefusal(before, await handle.stat());
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (swapped !== null) {
    await handle.close();
    refuse(relativePath, swapped);
  }
  return handle;
}

/**
 * Why a file opened after `before` was checked is not the one checked, or null when it is: no
 * longer a regular file, or another file (a different inode) put in its place.
 */
export function swapRefusal(before: Stats, after: Stats): 'not_regular' | 'changed' | null {
  if (!after.isFile()) return 'not_regular';
  return after.ino !== before.ino || after.dev !== before.dev ? 'changed' : null;
}

/** Reads a whole regular file below `root` as UTF-8, refusing one larger than `maxBytes`. */
export async function readTextInside(
  root: string,
  relativePath: string,
  maxBytes: number,
): Promise<string | null> {
  const handle = await openFileInside(root, relativePath);
  if (!handle) return null;
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      throw new RunFileRefusedError(
        relativePath,
        'too_large',
        `is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} read from such a file; not read`,
      );
    }
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
