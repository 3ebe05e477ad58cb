import { rename, writeFile } from 'node:fs/promises';

let counter = 0;

/** Replaces a file through a temp file and a rename, so a crash never leaves half of it. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${++counter}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
