import { lstatSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { fileIdentityOf, sameFileIdentity, type FileIdentity } from './file-identity';

/**
 * One file's or folder's state: its kind (0 a file, 1 a folder, 2 a link, 3 anything else), then
 * its identity (`[size, mtimeMs, ctimeMs, inode, device]`, see file-identity.ts).
 */
export type Stamp = [number, ...FileIdentity];

/** What a run's list entry is read from, each stamped, or null where nothing is. */
export interface RunStamps {
  /**
   * The run folder: its mtime moves when `run_summary.json` or a component folder comes or goes.
   * Null when the facts depend on neither (a summary that names the root component).
   */
  dir: Stamp | null;
  /** `.trace`: its mtime moves when a file in it comes, goes or is replaced by a rename. */
  traceDir: Stamp | null;
  metadata: Stamp | null;
  summary: Stamp | null;
  importRecord: Stamp | null;
  trace: Stamp | null;
}

/** Paths below the run folder with their leading separator: concatenated, not joined, for speed. */
const STAMPED: readonly (readonly [keyof RunStamps, string])[] = [
  ['dir', ''],
  ['traceDir', '.trace'],
  ['metadata', join('.trace', 'dad_metadata.json')],
  ['summary', 'run_summary.json'],
  ['importRecord', join('.trace', 'import.json')],
  ['trace', join('.trace', 'trace.jsonl')],
].map(([name, path]) => [name as keyof RunStamps, path === '' ? '' : sep + path] as const);

/**
 * The run's stamps, taken before its files are read (a change during the read then shows next
 * time). Synchronous: on a local disk a synchronous `lstat` costs a few µs where an asynchronous
 * one costs five times more in thread-pool round trips; callers pause between runs.
 */
export function takeRunStamps(runDir: string): RunStamps {
  const stamps = {} as RunStamps;
  for (const [name, path] of STAMPED) {
    const info = lstatOrNull(runDir + path);
    stamps[name] = info && [kindOf(info), ...fileIdentityOf(info)];
  }
  return stamps;
}

/**
 * Whether the run's files are as stamped. An entry that was missing is not looked at: it can
 * only appear by changing its folder, whose stamp is compared.
 */
export function runStampsMatch(runDir: string, stamps: RunStamps): boolean {
  for (const [name, path] of STAMPED) {
    const known = stamps[name];
    if (known === null) continue;
    const info = lstatOrNull(runDir + path);
    if (info === null || known[0] !== kindOf(info)) return false;
    const [, ...identity] = known;
    if (!sameFileIdentity(identity, fileIdentityOf(info))) return false;
  }
  return true;
}

export function stampsEqual(a: Stamp | null, b: Stamp | null): boolean {
  return a === b || (a !== null && b !== null && a.every((value, i) => value === b[i]));
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    // Unreadable (a permission, a loop): nothing to compare with; the run's read reports it.
    return null;
  }
}

function kindOf(info: Stats): number {
  return info.isFile() ? 0 : info.isDirectory() ? 1 : info.isSymbolicLink() ? 2 : 3;
}
