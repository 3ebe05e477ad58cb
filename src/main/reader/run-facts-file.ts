import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

/**
 * One runs folder's list facts, saved in the app's cache folder (never in the runs folder: DAD's
 * files are a contract): `<cacheDir>/run-facts/<hash of the folder's real path>.json`. A file that
 * is not ours, of another version, of another folder, or not whole is ignored, never trusted.
 */

const FORMAT = 'dad-run-inspector/run-facts';
const VERSION = 1;
const FOLDER = 'run-facts';
/** About 600 bytes a run: room for 100,000 runs. A larger file is not ours to read. */
const MAX_FILE_BYTES = 64 << 20;
/** A temp file this old was left by a writer that died before its rename. */
const STALE_TEMP_MS = 10 * 60_000;

const stamp = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]).nullable();
const count = z.number().int().nonnegative();
const amount = z.number().refine(Number.isFinite, 'a finite number');

const runFactsSchema = z.strictObject({
  stamps: z.strictObject({
    dir: stamp,
    traceDir: stamp,
    metadata: stamp,
    summary: stamp,
    importRecord: stamp,
    trace: stamp,
  }),
  traceCount: z
    .strictObject({ nodeCount: count, tokens: amount, cost: amount, end: count, tail: z.string().max(100) })
    .nullable(),
  /** The list entry but its `dir`, kept only for a run that has ended and was read without problems. */
  entry: z
    .strictObject({
      runId: z.string(),
      rootComponentId: z.string().nullable(),
      status: z.enum(['completed', 'failed', 'cancelled', 'timeout']),
      createdAt: z.string().nullable(),
      completedAt: z.string().nullable(),
      durationSeconds: amount.nullable(),
      nodeCount: count.nullable(),
      tokens: amount.nullable(),
      cost: amount.nullable(),
      previousRunId: z.string().nullable(),
      startHierarchyPath: z.string().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});

/** What is known of one run: its list entry's facts and the state of the files they were read from. */
export type RunFacts = z.infer<typeof runFactsSchema>;
export type EndedEntry = NonNullable<RunFacts['entry']>;

/** A run's folder relative to the runs folder: one or two names, never climbing out. */
const runKey = z
  .string()
  .min(1)
  .refine((key) => !isAbsolute(key) && !key.split(/[\\/]/).some((part) => part === '..' || part === ''));

const factsFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  runRoot: z.string(),
  runs: z.record(runKey, runFactsSchema),
});

/** The facts file of a runs folder, relative to the cache folder. */
export function runFactsFileOf(realRunRoot: string): string {
  return join(FOLDER, `${createHash('sha256').update(realRunRoot).digest('hex').slice(0, 32)}.json`);
}

/**
 * The saved facts of the runs folder at `realRunRoot`, by run folder relative to it; null when there
 * are none, or none to be trusted (read but not whole, not ours, another version or folder).
 */
export async function readRunFacts(
  cacheDir: string,
  realRunRoot: string,
): Promise<Map<string, RunFacts> | null> {
  const text = await readFactsText(join(cacheDir, runFactsFileOf(realRunRoot)));
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = factsFileSchema.safeParse(json);
  if (!parsed.success || parsed.data.runRoot !== realRunRoot) return null;
  return new Map(Object.entries(parsed.data.runs));
}

/**
 * The file's text, or null when there is none to read: missing, a link, not a regular file (a FIFO
 * is opened without blocking, never waited on) or too large. One open, then the opened file's own
 * size: a writer renaming a new file in place meanwhile leaves this read on the old one, whole.
 */
async function readFactsText(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return null;
    return await handle.readFile('utf8');
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Replaces the saved facts in one step: written to a temp file of this writer's own, then renamed
 * over the old one, so a reader, or another process writing at the same time, sees one whole file
 * or the other, never a mix.
 */
export async function writeRunFacts(
  cacheDir: string,
  realRunRoot: string,
  runs: ReadonlyMap<string, RunFacts>,
): Promise<void> {
  const file = join(cacheDir, runFactsFileOf(realRunRoot));
  await mkdir(join(cacheDir, FOLDER), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const body = { format: FORMAT, version: VERSION, runRoot: realRunRoot, runs: Object.fromEntries(runs) };
  try {
    await writeFile(temp, JSON.stringify(body), { flag: 'wx', mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes temp files that writers which died mid-write left behind. */
export async function removeStaleTemps(cacheDir: string): Promise<void> {
  const folder = join(cacheDir, FOLDER);
  const names = await readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names.filter((entry) => entry.endsWith('.tmp'))) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
  }
}
