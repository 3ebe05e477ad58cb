import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * How much the saved indexes may take together. One 1M-span run's index is about 180 MB: this
 * keeps a dozen such runs, and thousands of ordinary ones.
 */
export const MAX_SAVED_INDEX_BYTES = 2 * 1024 ** 3;

const INDEX_SUFFIX = '.dadidx';

/** Marks a saved index as just used, so that trimming keeps it over ones not opened for longer. */
export async function markUsed(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
}

/**
 * Removes the least recently used saved indexes (by their modification time, which saving and
 * `markUsed` set) until those left fit in `maxBytes`; `keep` is never removed. Their runs are then
 * indexed from their files again when opened: nothing is lost but time.
 */
export async function trimSavedIndexes(folder: string, maxBytes: number, keep: string): Promise<void> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) =>
    name.endsWith(INDEX_SUFFIX),
  );
  const files = [];
  for (const name of names) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push({ path, bytes: info.size, usedMs: info.mtimeMs });
  }
  let total = files.reduce((sum, file) => sum + file.bytes, 0);
  for (const file of files.sort((a, b) => a.usedMs - b.usedMs)) {
    if (total <= maxBytes) break;
    if (file.path === keep) continue;
    await rm(file.path, { force: true }).catch(() => undefined);
    total -= file.bytes;
  }
}
