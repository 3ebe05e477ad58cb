import { sep } from 'node:path';
import { readRunFacts, removeStaleFactsTemps, writeRunFacts, type RunFacts } from './run-facts-file';

/**
 * What this process knows of runs, by real run folder: shared by every listing of a runs folder
 * and by the views that read one run's entry, so nothing is counted twice.
 */
const known = new Map<string, RunFacts>();
/**
 * Runs past this many, besides those of a list in use, are forgotten, the longest unchanged first
 * (each is a few hundred bytes). As many as a facts file has room for (see run-facts-file.ts).
 */
export const MAX_KEPT_UNLISTED = 100_000;
/** The runs of every list in use (by real path, with how many shelves list each): never forgotten. */
const inUse = new Map<string, number>();
/** Facts are saved at most once in this long: a list is re-read every second or two while runs go on. */
const SAVE_DELAY_MS = 2000;

const shelves = new Map<string, Promise<RunFactsShelf>>();
/** The shelves loaded so far: a run's facts kept by a view of it are saved with its folder's list. */
const loadedShelves = new Set<RunFactsShelf>();

/**
 * The facts of one runs folder (by its real path), loaded once per process from `cacheDir` when one
 * is given (else kept in memory only), and saved there after listings that changed them.
 */
export function runFactsShelf(realRunRoot: string, cacheDir: string | null): Promise<RunFactsShelf> {
  const key = `${cacheDir ?? ''}\0${realRunRoot}`;
  let shelf = shelves.get(key);
  if (!shelf) {
    shelf = RunFactsShelf.load(realRunRoot, cacheDir);
    shelves.set(key, shelf);
  }
  return shelf;
}

/** Saves every change not saved yet, now: before the process ends (a save is otherwise delayed). */
export async function flushRunFacts(): Promise<void> {
  await Promise.all([...shelves.values()].map(async (shelf) => (await shelf).flush()));
}

/** The facts of one run folder, known from any listing or view in this process. */
export function factsOfRun(realRunDir: string): RunFacts | undefined {
  return known.get(realRunDir);
}

/** Keeps a run's facts; true when they differ from what was known. */
export function keepFactsOfRun(realRunDir: string, facts: RunFacts): boolean {
  const before = known.get(realRunDir);
  const changed = before === undefined || JSON.stringify(before) !== JSON.stringify(facts);
  if (!changed) return false;
  known.delete(realRunDir);
  known.set(realRunDir, facts);
  if (known.size > MAX_KEPT_UNLISTED + inUse.size) forgetOneUnlisted();
  if (inUse.has(realRunDir)) for (const shelf of loadedShelves) shelf.changed(realRunDir);
  return true;
}

/** Forgets the run unchanged the longest that no list in use holds. */
function forgetOneUnlisted(): void {
  for (const path of known.keys()) {
    if (inUse.has(path)) continue;
    known.delete(path);
    return;
  }
}

export class RunFactsShelf {
  /** Run folders (relative to the runs folder) found by the last listing: what a save holds. */
  private listed = new Set<string>();
  private unsaved = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  private readonly prefix: string;

  private constructor(
    readonly realRunRoot: string,
    readonly cacheDir: string | null,
  ) {
    this.prefix = realRunRoot.endsWith(sep) ? realRunRoot : realRunRoot + sep;
  }

  static async load(realRunRoot: string, cacheDir: string | null): Promise<RunFactsShelf> {
    const shelf = new RunFactsShelf(realRunRoot, cacheDir);
    loadedShelves.add(shelf);
    if (cacheDir === null) return shelf;
    // A file that cannot be trusted is no facts: every run is read, and the next save replaces it.
    const saved = await readRunFacts(cacheDir, realRunRoot).catch(() => null);
    for (const [run, facts] of saved ?? []) {
      shelf.list(run);
      // What this process read itself is newer than what was saved.
      if (!known.has(shelf.pathOf(run))) keepFactsOfRun(shelf.pathOf(run), facts);
    }
    // Housekeeping the listing need not wait for.
    void removeStaleFactsTemps(cacheDir).catch(() => undefined);
    return shelf;
  }

  get(run: string): RunFacts | undefined {
    return known.get(this.pathOf(run));
  }

  /** Keeps a run's facts after it was read; a change is saved with the next save. */
  put(run: string, facts: RunFacts): void {
    if (keepFactsOfRun(this.pathOf(run), facts)) this.unsaved = true;
  }

  /** The facts of a run at `realRunDir` changed (read by a view of it): saved later if it is listed here. */
  changed(realRunDir: string): void {
    if (!realRunDir.startsWith(this.prefix) || !this.listed.has(realRunDir.slice(this.prefix.length))) return;
    this.unsaved = true;
    this.saveLater();
  }

  /**
   * Ends a listing that found `runs`: runs gone since the last one are forgotten, and changes are
   * saved after `SAVE_DELAY_MS` (one save for however many listings come in between).
   */
  listingEnded(runs: ReadonlySet<string>): void {
    for (const run of this.listed) {
      if (runs.has(run)) continue;
      this.unlist(run);
      known.delete(this.pathOf(run));
      this.unsaved = true;
    }
    for (const run of runs) if (!this.listed.has(run)) this.list(run);
    this.saveLater();
  }

  private saveLater(): void {
    if (!this.unsaved || this.cacheDir === null || this.timer !== null) return;
    this.timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    // A pending save does not keep a command-line process alive; it calls `flushRunFacts`.
    this.timer.unref();
  }

  /** Saves now what is not saved yet; a failed save leaves the cache as it was (it is only a cache). */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.unsaved || this.cacheDir === null) return this.writing;
    const cacheDir = this.cacheDir;
    this.unsaved = false;
    const runs = new Map<string, RunFacts>();
    for (const run of this.listed) {
      const facts = known.get(this.pathOf(run));
      if (facts) runs.set(run, facts);
    }
    this.writing = this.writing.then(() =>
      writeRunFacts(cacheDir, this.realRunRoot, runs).catch(() => undefined),
    );
    return this.writing;
  }

  private list(run: string): void {
    this.listed.add(run);
    const path = this.pathOf(run);
    inUse.set(path, (inUse.get(path) ?? 0) + 1);
  }

  private unlist(run: string): void {
    this.listed.delete(run);
    const path = this.pathOf(run);
    const shelves = (inUse.get(path) ?? 1) - 1;
    if (shelves === 0) inUse.delete(path);
    else inUse.set(path, shelves);
  }

  /** The real path of a run folder given relative to the runs folder. */
  pathOf(run: string): string {
    // Concatenated: the run is a clean relative path, and this runs for every run of every listing.
    return this.prefix + run;
  }
}
