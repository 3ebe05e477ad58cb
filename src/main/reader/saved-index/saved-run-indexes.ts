import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTemps } from '../cache-temps';
import { markUsed, MAX_SAVED_INDEX_BYTES, trimSavedIndexes } from './cache-size';
import { errorText } from '../json-text';
import { IndexFileRefused, openIndexFile, writeIndexFile, type Sections } from './index-file';
import { compareRunFile, type FileMatch } from './run-file-state';
import {
  snapshotFromFile,
  snapshotMetaOf,
  snapshotToFile,
  type RunIndexSnapshot,
  type SnapshotMeta,
} from './run-index-snapshot';

/** Which cursor of a saved index reads which run file. */
const CURSOR_OF = {
  '.trace/trace.jsonl': 'trace',
  '.trace/logs.jsonl': 'logs',
  '.trace/metrics.jsonl': 'metrics',
} as const;

/** The folder of saved indexes inside the app's cache folder. */
const FOLDER = 'run-indexes';

/** A temp file this old is what a save cut short left (its process killed): removed by the next save. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** A saved index that still answers for the run, or why there is none to use. */
export type SavedIndexLoad =
  | { snapshot: RunIndexSnapshot; match: Exclude<FileMatch, 'changed'> }
  | { snapshot: null; reason: string };

/** Where the index of a run folder (its real path) is saved: one file per folder, named by a hash. */
export function savedIndexPath(cacheDir: string, realRunDir: string): string {
  const key = createHash('sha256').update(realRunDir).digest('hex').slice(0, 40);
  return join(cacheDir, FOLDER, `${key}.dadidx`);
}

/**
 * The saved index of a run, when there is one, this reader wrote it for this very folder, and the
 * run's files are still those it read (or those and more). Anything else (no file, another
 * version, a damaged file, a file rewritten since) is a reason, never an error: the run is then
 * indexed from its files. Sections are read only once the run's files were found to match, so a
 * stale index is never held in memory beside the one built in its place.
 */
export async function loadSavedIndex(
  cacheDir: string,
  realRunDir: string,
  maxProblemsPerFile: number,
): Promise<SavedIndexLoad> {
  const path = savedIndexPath(cacheDir, realRunDir);
  let opened;
  try {
    opened = await openIndexFile(path);
  } catch (error) {
    return { snapshot: null, reason: refusalText(error) };
  }
  if (!opened) return { snapshot: null, reason: 'no saved index' };
  try {
    const meta = snapshotMetaOf(opened.meta);
    if (meta.runDir !== realRunDir) return { snapshot: null, reason: 'it was saved for another run folder' };
    if (meta.maxProblemsPerFile !== maxProblemsPerFile)
      return { snapshot: null, reason: 'it was saved listing another number of problems per file' };
    let grown = false;
    for (const file of meta.files) {
      // A file recorded as absent was never read: an index that read some of it is not to be trusted.
      const cursor = meta.cursors[CURSOR_OF[file.file as keyof typeof CURSOR_OF]];
      if (!file.present && cursor !== undefined && cursor.resumeOffset > 0)
        return { snapshot: null, reason: `its record of ${file.file} does not hold together` };
      const match = await compareRunFile(realRunDir, file);
      if (match === 'changed') return { snapshot: null, reason: `${file.file} changed since it was saved` };
      if (match === 'grown') grown = true;
    }
    const snapshot = await snapshotFromFile(meta, await opened.readSections());
    await markUsed(path);
    return { snapshot, match: grown ? 'grown' : 'same' };
  } catch (error) {
    return { snapshot: null, reason: refusalText(error) };
  } finally {
    await opened.close().catch(() => undefined);
  }
}

/** Saves a run's index in the cache folder, replacing the one saved before as a whole. */
export async function saveIndex(cacheDir: string, snapshot: RunIndexSnapshot): Promise<void> {
  const { meta, sections } = await snapshotToFile(snapshot);
  await saveIndexFile(cacheDir, meta, sections);
}

/** Saves an index already laid out as a file's header and sections (`snapshotToFile`). */
export async function saveIndexFile(cacheDir: string, meta: SnapshotMeta, sections: Sections): Promise<void> {
  const path = savedIndexPath(cacheDir, meta.runDir);
  await mkdir(join(cacheDir, FOLDER), { recursive: true, mode: 0o700 });
  await writeIndexFile(path, meta, sections);
  await removeStaleTemps(join(cacheDir, FOLDER), STALE_TEMP_MS);
  await trimSavedIndexes(join(cacheDir, FOLDER), MAX_SAVED_INDEX_BYTES, path);
}

function refusalText(error: unknown): string {
  if (error instanceof IndexFileRefused) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return `the saved index could not be read (${code ?? errorText(error)})`;
}
