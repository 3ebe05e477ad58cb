import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunListEntry } from '../../shared/run-data';
import { ReaderError } from './reader-error';
import { isFolderInside, RunFileRefusedError } from './run-files';
import { readRunRecord, type RunRecord } from './run-record';
import { traceStats } from './trace-stats';

const PARALLEL = 16;
const FINAL_STATUSES = new Set(['completed', 'failed', 'cancelled', 'timeout']);
const MAX_CACHED = 20_000;

/** Entries of runs that have ended, by directory, with the metadata file's stamp they were read at. */
const endedRuns = new Map<string, { stamp: string; entry: RunListEntry }>();

/**
 * Every run directory under `runRoot`, newest first. A run directory is a folder holding
 * `.trace/`. Folders without one (other than `outcome/` and hidden ones) are looked into one
 * level deep, for runs made with a `run_root_subpath`; deeper nesting is not searched (each level
 * costs a directory read per folder, on every refresh). One bad run never fails the list: it is
 * listed with status `unknown` and `problems`. A symbolic link where a run folder would be is
 * listed that way too, refused, and never followed: a copied runs folder must not lead elsewhere.
 *
 * Node count, tokens and cost: tokens and cost come from `run_summary.json` when the run has one
 * (it is written when a run ends); the node count, which no summary holds, and tokens and cost of
 * runs without a summary, are counted from `trace.jsonl`, cached per file so that listing again
 * only re-reads traces that grew (and only their new lines). A run that has ended is not read
 * again while its `dad_metadata.json` keeps its size and time: listing 2,000 ended runs again
 * costs about one `stat` each.
 */
export async function listRuns(runRoot: string): Promise<RunListEntry[]> {
  const runDirs = await findRunDirs(runRoot);
  const entries = await mapInParallel(runDirs, PARALLEL, (dir) => listEntryOf(dir));
  return entries.sort(
    (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.runId.localeCompare(a.runId),
  );
}

export async function findRunDirs(runRoot: string): Promise<string[]> {
  let entries: FolderEntries;
  try {
    entries = await folderEntries(runRoot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ReaderError('io_error', `cannot list runs in ${runRoot}: ${(error as Error).message}`);
  }
  // Links are listed (as refused) where they stand, never looked through.
  const found: string[] = entries.links
    .filter((name) => name !== 'outcome')
    .map((name) => join(runRoot, name));
  await mapInParallel(
    entries.folders.filter((name) => name !== 'outcome'),
    PARALLEL,
    async (name) => {
      const dir = join(runRoot, name);
      if (endedRuns.has(dir) || (await hasTraceEntry(dir))) {
        found.push(dir);
        return;
      }
      const children = await folderEntries(dir).catch((): FolderEntries => ({ folders: [], links: [] }));
      for (const link of children.links) found.push(join(dir, link));
      for (const child of children.folders) {
        if (await hasTraceEntry(join(dir, child))) found.push(join(dir, child));
      }
    },
  );
  return found;
}

interface FolderEntries {
  folders: string[];
  links: string[];
}

/** A folder's subfolders and symbolic links, hidden ones left out (readdir's types do not follow links). */
async function folderEntries(dir: string): Promise<FolderEntries> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter(
    (entry) => !entry.name.startsWith('.'),
  );
  return {
    folders: entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
    links: entries.filter((entry) => entry.isSymbolicLink()).map((entry) => entry.name),
  };
}

/** Whether the folder holds a `.trace` entry: a real folder, or a link the run's reading will refuse. */
async function hasTraceEntry(dir: string): Promise<boolean> {
  try {
    const info = await lstat(join(dir, '.trace'));
    return info.isDirectory() || info.isSymbolicLink();
  } catch {
    return false;
  }
}

/** One run's list entry (cached while an ended run's metadata is unchanged). */
export async function listEntryOf(dir: string): Promise<RunListEntry> {
  const refusal = await linkRefusal(dir);
  if (refusal !== null) return unreadableEntry(dir, refusal);
  const stamp = await lstat(join(dir, '.trace', 'dad_metadata.json')).then(
    (info) => `${info.size}:${info.mtimeMs}`,
    () => null,
  );
  const cached = endedRuns.get(dir);
  if (stamp !== null && cached?.stamp === stamp) return { ...cached.entry };
  const { entry } = await readListEntry(dir);
  endedRuns.delete(dir);
  if (stamp !== null && FINAL_STATUSES.has(entry.status) && !entry.problems) {
    endedRuns.set(dir, { stamp, entry });
    if (endedRuns.size > MAX_CACHED) endedRuns.delete(endedRuns.keys().next().value as string);
    // A copy, as on a hit: callers may change what they get, the cache must not change with it.
    return { ...entry };
  }
  return entry;
}

/**
 * One run's list entry with the record it was made from (its metadata and summary objects), read
 * afresh: for a view that shows more of the run than the list does.
 */
export async function readListEntryAndRecord(
  dir: string,
): Promise<{ entry: RunListEntry; record: RunRecord | null }> {
  const refusal = await linkRefusal(dir);
  if (refusal !== null) return { entry: unreadableEntry(dir, refusal), record: null };
  return readListEntry(dir);
}

async function readListEntry(dir: string): Promise<{ entry: RunListEntry; record: RunRecord | null }> {
  try {
    const [record, traceRead] = await Promise.all([readRunRecord(dir), traceStats(dir)]);
    const problems = record.problems.map((problem) => problem.message);
    const stats = traceRead.kind === 'ok' ? traceRead.stats : null;
    if (traceRead.kind === 'missing') problems.push('.trace/trace.jsonl is missing');
    if (traceRead.kind === 'bad') problems.push(traceRead.message);
    const entry: RunListEntry = {
      runId: record.runId,
      dir,
      rootComponentId: record.rootComponentId,
      status: record.status,
      createdAt: record.createdAt,
      completedAt: record.completedAt,
      durationSeconds: record.durationSeconds,
      nodeCount: stats?.nodeCount ?? null,
      tokens: record.summaryTokens ?? stats?.tokens ?? null,
      cost: record.summaryCost ?? stats?.cost ?? null,
      previousRunId: record.previousRunId,
      startHierarchyPath: record.startHierarchyPath,
      error: record.error,
    };
    if (problems.length > 0) entry.problems = problems;
    return { entry, record };
  } catch (error) {
    // Unexpected (the record reader does not throw for bad files): still list the run.
    return {
      entry: unreadableEntry(dir, `the run could not be read: ${(error as Error).message}`),
      record: null,
    };
  }
}

/** The refusal of a run folder that is a symbolic link, or null for a real folder (or none). */
async function linkRefusal(dir: string): Promise<string | null> {
  try {
    await isFolderInside(dirname(dir), basename(dir));
    return null;
  } catch (error) {
    if (error instanceof RunFileRefusedError) return error.message;
    return null;
  }
}

function unreadableEntry(dir: string, problem: string): RunListEntry {
  return {
    runId: basename(dir),
    dir,
    rootComponentId: null,
    status: 'unknown',
    createdAt: null,
    completedAt: null,
    durationSeconds: null,
    nodeCount: null,
    tokens: null,
    cost: null,
    previousRunId: null,
    startHierarchyPath: null,
    error: null,
    problems: [problem],
  };
}

async function mapInParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
