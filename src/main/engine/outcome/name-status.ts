import { OutcomeRepositoryError } from '../errors';
import { assertRepositoryRelativePath } from './repository-path';

export type ChangedFileStatus = 'added' | 'removed' | 'changed' | 'renamed';

export interface ChangedFile {
  /** Repository-relative, `/`-separated. For a rename, the new path. */
  path: string;
  status: ChangedFileStatus;
  /** Only for a rename: the path before it. */
  oldPath?: string;
}

const STATUS_TOKEN = /^[ACDMRTUXB][0-9]*$/;

/**
 * Reads one `--name-status -z` entry (a status token, then one path, or two for a rename or copy)
 * starting at `tokens[index]`. Returns the file and the index after it.
 */
export function readNameStatusEntry(
  tokens: readonly string[],
  index: number,
  source: string,
): { file: ChangedFile; next: number } {
  const statusToken = (tokens[index] ?? '').replace(/^\n/, '');
  if (!STATUS_TOKEN.test(statusToken)) {
    throw new OutcomeRepositoryError(
      `${source}: unexpected status ${JSON.stringify(statusToken)} in git's output`,
    );
  }
  const letter = statusToken[0];
  const pathCount = letter === 'R' || letter === 'C' ? 2 : 1;
  const paths = tokens.slice(index + 1, index + 1 + pathCount);
  if (paths.length < pathCount) {
    throw new OutcomeRepositoryError(`${source}: git's output ends in the middle of an entry`);
  }
  for (const path of paths) assertRepositoryRelativePath(path, source);
  const next = index + 1 + pathCount;
  switch (letter) {
    case 'A':
      return { file: { path: paths[0], status: 'added' }, next };
    case 'D':
      return { file: { path: paths[0], status: 'removed' }, next };
    case 'R':
      return { file: { path: paths[1], status: 'renamed', oldPath: paths[0] }, next };
    case 'C':
      // A copy leaves its source in place, so for the reader it is a new file.
      return { file: { path: paths[1], status: 'added' }, next };
    default:
      // M (content), T (type), U (unmerged), X/B (unknown, broken pair): the file exists on both sides.
      return { file: { path: paths[0], status: 'changed' }, next };
  }
}

/** Parses the output of `git diff --name-status -z`. */
export function parseNameStatus(output: string, source: string): ChangedFile[] {
  const tokens = splitNulTerminated(output);
  const files: ChangedFile[] = [];
  for (let index = 0; index < tokens.length; ) {
    const { file, next } = readNameStatusEntry(tokens, index, source);
    files.push(file);
    index = next;
  }
  return files;
}

/** Splits NUL-separated output, dropping the empty piece after the final NUL. */
export function splitNulTerminated(output: string): string[] {
  const tokens = output.split('\0');
  if (tokens.at(-1) === '' || tokens.at(-1) === '\n') tokens.pop();
  return tokens;
}
