import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { importTraceFile, readImportRecord } from '../reader/imports';

/**
 * The run to show for a trace file: one imported before from the same file, unchanged since (same
 * path and size, imported after its last change), or else a new import of it.
 */
export async function runForTraceFile(file: string, runsDir: string): Promise<string | null> {
  const earlier = await earlierImportOf(file, runsDir);
  if (earlier !== null) return earlier;
  const imported = await importTraceFile(file, runsDir);
  return imported.runs[0]?.runId ?? null;
}

async function earlierImportOf(file: string, runsDir: string): Promise<string | null> {
  const [source, entries] = await Promise.all([
    stat(file),
    readdir(runsDir, { withFileTypes: true }).catch(() => []),
  ]);
  // Real folders only: a linked one in the imports folder is not looked into.
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const read = await readImportRecord(join(runsDir, name));
    if (read.kind !== 'ok') continue;
    const { record } = read;
    const importedAt = Date.parse(record.importedAt);
    if (record.sourceFile === file && record.sourceBytes === source.size && importedAt >= source.mtimeMs)
      return name;
  }
  return null;
}
