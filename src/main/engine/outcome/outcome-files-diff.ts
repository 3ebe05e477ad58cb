import type { OutcomeFileChange } from '../../../shared/compare-data';
import { OutcomeRepositoryError } from '../errors';
import { lookUpObjects } from './blob-reader';
import { readNameStatusEntry, splitNulTerminated } from './name-status';
import type { GitCommand } from './repository-git';

const RAW_ENTRY =
  /^:(\d{6}) (\d{6}) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([A-Z][0-9]*)$/;
const NO_OBJECT = /^0+$/;

/**
 * The files that differ between two commits, with each side's size, whether the file is binary
 * and how many lines changed, in two git calls whatever the number of files.
 */
export async function diffOutcomeFiles(
  run: GitCommand,
  repositoryDir: string,
  tipA: string,
  tipB: string,
  source: string,
): Promise<OutcomeFileChange[]> {
  // One diff (one rename detection) gives both the raw entries and, after them, the line counts.
  const output = await run(repositoryDir, [
    'diff',
    '-z',
    '-M',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--raw',
    '--numstat',
    '--no-abbrev',
    tipA,
    tipB,
  ]);
  const tokens = splitNulTerminated(output);
  const { entries, next } = parseRaw(tokens, source);
  if (entries.length === 0) return [];
  const lineCounts = parseNumstat(tokens.slice(next), source);
  const oids = [
    ...new Set(entries.flatMap((entry) => [entry.oidA, entry.oidB]).filter((oid) => oid !== null)),
  ];
  const found = await lookUpObjects(run, repositoryDir, oids);
  const sizeOf = new Map(oids.map((oid, index) => [oid, found[index]?.size]));
  return entries.map(({ file, oidA, oidB }) => {
    const change: OutcomeFileChange = { ...file };
    const counts = lineCounts.get(file.path);
    if (counts !== undefined) {
      change.binary = counts.binary;
      if (!counts.binary) {
        change.linesAdded = counts.added;
        change.linesRemoved = counts.removed;
      }
    }
    const sizeA = oidA === null ? undefined : sizeOf.get(oidA);
    const sizeB = oidB === null ? undefined : sizeOf.get(oidB);
    if (sizeA !== undefined) change.sizeA = sizeA;
    if (sizeB !== undefined) change.sizeB = sizeB;
    return change;
  });
}

interface RawEntry {
  file: Omit<OutcomeFileChange, 'binary' | 'sizeA' | 'sizeB' | 'linesAdded' | 'linesRemoved'>;
  oidA: string | null;
  oidB: string | null;
}

/**
 * Parses the raw entries of `git diff --raw -z --no-abbrev` (each a `:mode mode oid oid status`
 * token, then its paths) up to the first token that is not one; returns where they end.
 */
export function parseRaw(tokens: string[], source: string): { entries: RawEntry[]; next: number } {
  const entries: RawEntry[] = [];
  let index = 0;
  while (index < tokens.length) {
    const match = RAW_ENTRY.exec(tokens[index]);
    if (match === null) break;
    // The rest of the entry reads as name-status does, paths checked on the way.
    tokens[index] = match[5];
    const { file, next } = readNameStatusEntry(tokens, index, source);
    entries.push({
      file,
      oidA: NO_OBJECT.test(match[3]) ? null : match[3],
      oidB: NO_OBJECT.test(match[4]) ? null : match[4],
    });
    index = next;
  }
  return { entries, next: index };
}

/** Parses the tokens of `git diff --numstat -z` into line counts by path (the new path for a rename). */
export function parseNumstat(
  tokens: readonly string[],
  source: string,
): Map<string, { binary: boolean; added: number; removed: number }> {
  const counts = new Map<string, { binary: boolean; added: number; removed: number }>();
  for (let index = 0; index < tokens.length; ) {
    const match = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(tokens[index]);
    if (match === null) {
      throw new OutcomeRepositoryError(
        `${source}: unexpected line count ${JSON.stringify(tokens[index].slice(0, 100))}`,
      );
    }
    let path = match[3];
    index += 1;
    if (path === '') {
      // A rename: the old path, then the new one, follow as tokens of their own.
      path = tokens[index + 1] ?? '';
      index += 2;
    }
    const binary = match[1] === '-';
    counts.set(path, {
      binary,
      added: binary ? 0 : Number(match[1]),
      removed: binary ? 0 : Number(match[2]),
    });
  }
  return counts;
}
