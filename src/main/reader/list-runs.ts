import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunListEntry } from '../../shared/run-data';
import { ReaderError } from './reader-error';
import { factsOfRun, keepFactsOfRun, runFactsShelf } from './run-facts-cache';
import type { EndedEntry, RunFacts } from './run-facts-file';
import { isFolderInside, RunFileRefusedError } from './run-files';
import { readRunRecord, type RunRecord } from './run-record';
import { runStampsMatch, stampsEqual, takeRunStamps } from './run-stamps';
import { traceStats, type TraceStatsRead } from './trace-stats';
import { WorkSlices } from './work-slices';

const PARALLEL = 16;
const FINAL_STATUSES = new Set(['completed', 'failed', 'cancelled', 'timeout']);

export interface ListRunsOptions {
  /**
   * The app's cache folder: the runs' facts are saved there (one file per runs folder), so that
   * after a restart a run whose files did not change is not read again. Without it they are kept
   * for this process only.
   */
  cacheDir?: string | null;
}

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
 * runs without a summary, are counted from `trace.jsonl` (model calls of other tools' traces
 * included). A run no span of which said any usage has none (null), never 0. What was read is kept with the stamps
 * of the files it came from (see run-stamps.ts): a run that has ended is not read again while its
 * files keep their stamps (a few `lstat`s each), and a trace that grew is counted on from where
 * its count stopped. Runs gone from the folder are forgotten.
 */
export async function listRuns(runRoot: string, options: ListRunsOptions = {}): Promise<RunListEntry[]> {
  let realRoot: string;
  try {
    realRoot = await realpath(runRoot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ReaderError('io_error', `cannot list runs in ${runRoot}: ${(error as Error).message}`);
  }
  const shelf = await runFactsShelf(realRoot, options.cacheDir ?? null);
  const runs = await findRuns(runRoot, (run) => shelf.get(run) !== undefined);
  const entries: RunListEntry[] = [];
  const listed = new Set<string>();
  const toRead: FoundRun[] = [];
  const slices = new WorkSlices();
  for (const found of runs) {
    // A link is read every time, to be refused: the stamps of what it leads to are not its own.
    const ended = found.link ? null : endedEntryIfUnchanged(shelf.pathOf(found.run), shelf.get(found.run));
    if (ended) {
      entries.push({ ...ended, dir: found.dir });
      listed.add(found.run);
    } else toRead.push(found);
    if (slices.due()) await slices.pause();
  }
  const read = await mapInParallel(toRead, PARALLEL, async ({ run, dir }) => ({
    run,
    ...(await readListEntry(dir, shelf.pathOf(run))),
  }));
  for (const { run, entry, facts } of read) {
    // A folder whose `.trace` went away since it was found is no run any more.
    if (facts?.stamps.traceDir === null) continue;
    if (facts) shelf.put(run, facts);
    entries.push(entry);
    listed.add(run);
  }
  shelf.listingEnded(listed);
  return entries.sort(
    (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.runId.localeCompare(a.runId),
  );
}

/** The run directories under a run root, as the run list finds them. */
export async function findRunDirs(runRoot: string): Promise<string[]> {
  return (await findRuns(runRoot, () => false)).map((found) => found.dir);
}

interface FoundRun {
  /** The run folder relative to the run root: its name, or `<folder>/<name>` one level down. */
  run: string;
  dir: string;
  /** A symbolic link where a run folder would be (listed, refused, never followed). */
  link: boolean;
}

/**
 * The runs under a run root. `isKnownRun` names run folders (relative to the root) already known
 * to be runs, which are taken without looking for their `.trace` (reading them checks it).
 */
async function findRuns(runRoot: string, isKnownRun: (run: string) => boolean): Promise<FoundRun[]> {
  let entries: FolderEntries;
  try {
    entries = await folderEntries(runRoot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ReaderError('io_error', `cannot list runs in ${runRoot}: ${(error as Error).message}`);
  }
  const runAt = (run: string, link: boolean): FoundRun => ({ run, dir: join(runRoot, run), link });
  // Links are listed (as refused) where they stand, never looked through.
  const found: FoundRun[] = entries.links
    .filter((name) => name !== 'outcome')
    .map((name) => runAt(name, true));
  await mapInParallel(
    entries.folders.filter((name) => name !== 'outcome'),
    PARALLEL,
    async (name) => {
      if (isKnownRun(name) || (await hasTraceEntry(join(runRoot, name)))) {
        found.push(runAt(name, false));
        return;
      }
      const children = await folderEntries(join(runRoot, name)).catch(
        (): FolderEntries => ({ folders: [], links: [] }),
      );
      for (const link of children.links) found.push(runAt(join(name, link), true));
      for (const child of children.folders) {
        const run = join(name, child);
        if (isKnownRun(run) || (await hasTraceEntry(join(runRoot, run)))) found.push(runAt(run, false));
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

/** One run's list entry, read again only where its files changed since this process last read it. */
export async function listEntryOf(dir: string): Promise<RunListEntry> {
  const refusal = await linkRefusal(dir);
  if (refusal !== null) return unreadableEntry(dir, refusal);
  const realDir = await realRunDirOf(dir);
  const ended = endedEntryIfUnchanged(realDir, factsOfRun(realDir));
  if (ended) return { ...ended, dir };
  const { entry, facts } = await readListEntry(dir, realDir);
  if (facts?.stamps.traceDir) keepFactsOfRun(realDir, facts);
  return entry;
}

/**
 * One run's list entry with the record it was made from (its metadata and summary objects), read
 * afresh (but an unchanged trace): for a view that shows more of the run than the list does.
 */
export async function readListEntryAndRecord(
  dir: string,
): Promise<{ entry: RunListEntry; record: RunRecord | null }> {
  const realDir = await realRunDirOf(dir);
  const { entry, record, facts } = await readListEntry(dir, realDir);
  if (facts?.stamps.traceDir) keepFactsOfRun(realDir, facts);
  return { entry, record };
}

/** The run's entry kept from an earlier read, when the run had ended and its files are as they were. */
function endedEntryIfUnchanged(realDir: string, facts: RunFacts | undefined): EndedEntry | null {
  if (!facts?.entry) return null;
  return runStampsMatch(realDir, facts.stamps) ? facts.entry : null;
}

interface EntryRead {
  entry: RunListEntry;
  record: RunRecord | null;
  /** What to keep of the read; null for a folder that is refused or could not be read. */
  facts: RunFacts | null;
}

async function readListEntry(dir: string, realDir: string): Promise<EntryRead> {
  const refusal = await linkRefusal(dir);
  if (refusal !== null) return { entry: unreadableEntry(dir, refusal), record: null, facts: null };
  const known = factsOfRun(realDir);
  const stamps = takeRunStamps(realDir);
  try {
    const [record, traceRead] = await Promise.all([
      readRunRecord(dir),
      known?.traceCount && stamps.trace !== null && stampsEqual(known.stamps.trace, stamps.trace)
        ? ({ kind: 'ok', count: known.traceCount } satisfies TraceStatsRead)
        : traceStats(dir, known?.traceCount ?? null),
    ]);
    const problems = record.problems.map((problem) => problem.message);
    const stats = traceRead.kind === 'ok' ? traceRead.count : null;
    if (traceRead.kind === 'missing') problems.push('.trace/trace.jsonl is missing');
    if (traceRead.kind === 'bad') problems.push(traceRead.message);
    const fields = {
      runId: record.runId,
      rootComponentId: record.rootComponentId,
      status: record.status,
      createdAt: record.createdAt,
      completedAt: record.completedAt,
      durationSeconds: record.durationSeconds,
      nodeCount: stats?.nodeCount ?? null,
      tokens: usageFigure(record.summaryTokens, stats?.tokens ?? null),
      cost: usageFigure(record.summaryCost, stats === null || stats.unpriced > 0 ? null : stats.cost),
      previousRunId: record.previousRunId,
      startHierarchyPath: record.startHierarchyPath,
      error: record.error,
    };
    // `dir` last, as in an entry made from kept facts: listings compare as JSON text.
    const entry: RunListEntry = { ...fields, dir };
    const ended: EndedEntry | null =
      FINAL_STATUSES.has(record.status) && problems.length === 0
        ? { ...fields, status: record.status as EndedEntry['status'] }
        : null;
    if (problems.length > 0) entry.problems = problems;
    // The folder's own stamp tells of a summary appearing and of its component folders; with a
    // summary naming the root component neither matters (a link in its place is seen by its lister).
    if (stamps.summary !== null && typeof record.summary?.root_component_id === 'string') stamps.dir = null;
    // Sums past what a double holds have no JSON form: such a run is counted again each time.
    const keepable = stats === null || (finiteOrNull(stats.tokens) && finiteOrNull(stats.cost));
    return { entry, record, facts: keepable ? { stamps, traceCount: stats, entry: ended } : null };
  } catch (error) {
    // Unexpected (the record reader does not throw for bad files): still list the run.
    return {
      entry: unreadableEntry(dir, `the run could not be read: ${(error as Error).message}`),
      record: null,
      facts: null,
    };
  }
}

/**
 * Tokens or cost of a run: its summary's total, else what its spans add up to. A summary's zero
 * with no span saying any usage is a run without model calls: shown as unknown, not as zero. A cost
 * of spans one of which used tokens at an unknown price is unknown too: a part would pass for all.
 */
function usageFigure(summary: number | null, counted: number | null): number | null {
  if (counted !== null) return summary ?? counted;
  return summary !== null && summary !== 0 ? summary : null;
}

function finiteOrNull(value: number | null): boolean {
  return value === null || Number.isFinite(value);
}

/** The run folder's real path (a runs folder reached through a link is one folder), or `dir`. */
async function realRunDirOf(dir: string): Promise<string> {
  return realpath(dirname(dir)).then(
    (parent) => join(parent, basename(dir)),
    () => dir,
  );
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
