import { rename, rm, writeFile } from 'node:fs/promises';

let counter = 0;

/**
 * Replaces a file through a temp file and a rename, so a crash never leaves half of it. When the
 * write fails (a full disk, say) the temp file is removed, so no `*.tmp` is left behind.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${++counter}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
