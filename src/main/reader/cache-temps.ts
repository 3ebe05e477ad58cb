import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Removes the `*.tmp` files in a cache folder older than `olderThanMs`: what writers killed
 * before their rename left. A younger one may be a save under way in another process.
 */
export async function removeStaleTemps(folder: string, olderThanMs: number): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.endsWith('.tmp')) continue;
    const file = join(folder, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > olderThanMs) await rm(file, { force: true }).catch(() => undefined);
  }
}
