import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * What tells one version of a file from another without reading it: `[size, mtimeMs, ctimeMs,
 * inode, device]`. The ctime moves with every write, even one that keeps the size and puts the
 * mtime back (`touch -r`, `cp -p`, `rsync --inplace -t`); the inode and device when the file is
 * replaced.
 */
export type FileIdentity = [number, number, number, number, number];

export function fileIdentityOf(info: Stats): FileIdentity {
  return [info.size, info.mtimeMs, info.ctimeMs, info.ino, info.dev];
}

export function sameFileIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

/** True when `b` is the same file as `a` (same inode on the same device), whatever its content. */
export function sameFileObject(a: FileIdentity, b: FileIdentity): boolean {
  return a[3] === b[3] && a[4] === b[4];
}

/**
 * CRC-32 of the `length` bytes before `end`: a file that was only appended to still holds them,
 * a rewritten one rarely does. Null when the file no longer reaches `end`.
 */
export async function tailChecksum(handle: FileHandle, end: number, length: number): Promise<number | null> {
  if (length > end || length < 0) return null;
  const bytes = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(bytes, got, length - got, end - length + got);
    if (bytesRead === 0) return null;
    got += bytesRead;
  }
  return crc32(bytes);
}
