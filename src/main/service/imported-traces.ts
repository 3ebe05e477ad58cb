import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { importTraceFile, readImportRecord } from '../reader/imports';

/**
 * The run to show for a trace file: one imported before from the same file, unchanged since (same
 * path and size, imported after its last change), or else a new import of it. A file whose path
 * names its content (an upload, kept under its hash) is the same file whenever path and size match.
 */
export async function runForTraceFile(
  file: string,
  runsDir: string,
  options: { contentNamed?: boolean } = {},
): Promise<string | null> {
  const earlier = await earlierImportOf(file, runsDir, options.contentNamed ?? false);
  if (earlier !== null) return earlier;
  const imported = await importTraceFile(file, runsDir);
  return imported.runs[0]?.runId ?? null;
}

async function earlierImportOf(file: string, runsDir: string, contentNamed: boolean): Promise<string | null> {
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
    const unchanged = contentNamed || importedAt >= source.mtimeMs;
    if (record.sourceFile === file && record.sourceBytes === source.size && unchanged) return name;
  }
  return null;
}
