import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../engine/io/atomic-write';
import { removeStaleTemps } from './cache-temps';
import type { RunListEntry } from '../../shared/run-data';

/**
 * One runs folder's list facts, saved in the app's cache folder (never in the runs folder: DAD's
 * files are a contract): `<cacheDir>/run-facts/<hash of the folder's real path>.json`. A file that
 * is not ours, of another version, of another folder, or not whole is ignored, never trusted.
 */

const FORMAT = 'dad-run-inspector/run-facts';
/** 2: stamps hold the device, trace tails are a CRC-32. 3: usage null when no span had any, model calls of other tools counted, spans without a price. */
const VERSION = 3;
const FOLDER = 'run-facts';
/** About 600 bytes a run: room for 100,000 runs. A larger file is not ours to read. */
const MAX_FILE_BYTES = 64 << 20;
/** A temp file this old was left by a writer that died before its rename. */
const STALE_TEMP_MS = 10 * 60_000;

type Stamp = [number, number, number, number, number, number];

/** The list entry but its `dir`, kept only for a run that has ended and was read without problems. */
export type EndedEntry = Omit<RunListEntry, 'dir' | 'problems' | 'status'> & {
  status: 'completed' | 'failed' | 'cancelled' | 'timeout';
};

/** What is known of one run: its list entry's facts and the state of the files they were read from. */
export interface RunFacts {
  stamps: {
    dir: Stamp | null;
    traceDir: Stamp | null;
    metadata: Stamp | null;
    summary: Stamp | null;
    importRecord: Stamp | null;
    trace: Stamp | null;
  };
  traceCount: {
    nodeCount: number;
    tokens: number | null;
    cost: number | null;
    unpriced: number;
    end: number;
    tail: number;
  } | null;
  entry: EndedEntry | null;
}

/*
 * The file is checked by hand, not by a schema library: a file of 20,000 runs is 14 MB, and a
 * schema's check of it took as long again as JSON.parse itself, on the main thread.
 */
type Check = (value: unknown) => boolean;
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const isString: Check = (value) => typeof value === 'string';
const orNull =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const isStamp: Check = (value) => Array.isArray(value) && value.length === 6 && value.every(isNumber);
/** An object with exactly these fields, each passing its check. */
const exactly = (fields: Record<string, Check>): Check => {
  const names = Object.keys(fields);
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    let seen = 0;
    for (const name in value) {
      const check = fields[name];
      if (check === undefined || !check((value as Record<string, unknown>)[name])) return false;
      seen++;
    }
    return seen === names.length;
  };
};
const ENDED = new Set(['completed', 'failed', 'cancelled', 'timeout']);
const isRunFacts = exactly({
  stamps: exactly({
    dir: orNull(isStamp),
    traceDir: orNull(isStamp),
    metadata: orNull(isStamp),
    summary: orNull(isStamp),
    importRecord: orNull(isStamp),
    trace: orNull(isStamp),
  }),
  traceCount: orNull(
    exactly({
      nodeCount: isCount,
      tokens: orNull(isNumber),
      cost: orNull(isNumber),
      unpriced: isCount,
      end: isCount,
      tail: Number.isSafeInteger,
    }),
  ),
  entry: orNull(
    exactly({
      runId: isString,
      rootComponentId: orNull(isString),
      status: (value) => ENDED.has(value as string),
      createdAt: orNull(isString),
      completedAt: orNull(isString),
      durationSeconds: orNull(isNumber),
      nodeCount: orNull(isCount),
      tokens: orNull(isNumber),
      cost: orNull(isNumber),
      previousRunId: orNull(isString),
      startHierarchyPath: orNull(isString),
      error: orNull(isString),
    }),
  ),
});

/** A run's folder relative to the runs folder: one or two names, never climbing out. */
function isRunKey(key: string): boolean {
  return (
    key.length > 0 && !isAbsolute(key) && !key.split(/[\\/]/).some((part) => part === '..' || part === '')
  );
}

const isFactsFile = exactly({
  format: (value) => value === FORMAT,
  version: (value) => value === VERSION,
  runRoot: isString,
  runs: (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
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
  if (!isFactsFile(json)) return null;
  const file = json as { runRoot: string; runs: Record<string, unknown> };
  if (file.runRoot !== realRunRoot) return null;
  const runs = new Map<string, RunFacts>();
  for (const key in file.runs) {
    const facts = file.runs[key];
    if (!isRunKey(key) || !isRunFacts(facts)) return null;
    runs.set(key, facts as RunFacts);
  }
  return runs;
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
  await mkdir(join(cacheDir, FOLDER), { recursive: true, mode: 0o700 });
  const body = { format: FORMAT, version: VERSION, runRoot: realRunRoot, runs: Object.fromEntries(runs) };
  await writeFileAtomic(join(cacheDir, runFactsFileOf(realRunRoot)), JSON.stringify(body));
}

/** Removes temp files that writers which died mid-write left behind. */
export function removeStaleFactsTemps(cacheDir: string): Promise<void> {
  return removeStaleTemps(join(cacheDir, FOLDER), STALE_TEMP_MS);
}
