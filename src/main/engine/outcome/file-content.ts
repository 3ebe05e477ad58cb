import type { FileAtCommit } from '../../../shared/compare-data';
import { OutcomeRepositoryError } from '../errors';
import {
  assertCommitId,
  decodeHead,
  formatBytes,
  type GitObjectInfo,
  lookUpObjects,
  looksBinary,
  readBlobHead,
} from './blob-reader';
import type { GitCommand } from './repository-git';
import { assertRepositoryRelativePath } from './repository-path';

/** At most this much of a file's text is shown; a larger file is shown cut, with its size. */
export const TEXT_SHOWN_BYTES = 1024 * 1024;

/** One side of a comparison: the object at `<sha>:<path>`, or null where there is none. */
export interface FileSide {
  sha: string;
  path: string;
  object: GitObjectInfo | null;
}

/** Checks a commit id and a path from outside before either reaches git. */
export function checkFileRequest(sha: string, path: string, source: string): void {
  assertCommitId(sha, source);
  assertRepositoryRelativePath(path, source);
}

/**
 * Looks up the commits and the objects at the given paths in one git call. Throws, naming the
 * commit, when a commit is not in the repository.
 */
export async function lookUpSides(
  run: GitCommand,
  repositoryDir: string,
  requests: readonly { sha: string; path: string }[],
): Promise<FileSide[]> {
  const specs = requests.flatMap(({ sha, path }) => [`${sha}^{commit}`, `${sha}:${path}`]);
  const found = await lookUpObjects(run, repositoryDir, specs);
  return requests.map(({ sha, path }, index) => {
    const commit = found[index * 2];
    if (commit === null) {
      throw new OutcomeRepositoryError(`commit ${sha} is not in the outcome repository ${repositoryDir}`);
    }
    return { sha: commit.oid, path, object: found[index * 2 + 1] };
  });
}

/** The file at one commit: its size, whether it is binary, and its text up to the cap. */
export async function readFileAt(
  run: GitCommand,
  repositoryDir: string,
  sha: string,
  path: string,
): Promise<FileAtCommit> {
  checkFileRequest(sha, path, `the file asked for at commit ${sha}`);
  const [side] = await lookUpSides(run, repositoryDir, [{ sha, path }]);
  const base = { sha: side.sha, path, binary: false, truncated: false, text: null };
  const object = side.object;
  if (object === null) {
    return { ...base, exists: false, size: null, message: `${path} does not exist at this commit` };
  }
  if (object.type !== 'blob') {
    const what = object.type === 'tree' ? 'a folder' : `a ${object.type}`;
    return { ...base, exists: false, size: null, message: `${path} is ${what} at this commit, not a file` };
  }
  const truncated = object.size > TEXT_SHOWN_BYTES;
  const head = await readBlobHead(repositoryDir, object.oid, Math.min(object.size, TEXT_SHOWN_BYTES));
  if (looksBinary(head)) {
    return {
      ...base,
      exists: true,
      size: object.size,
      binary: true,
      message: `binary file (${formatBytes(object.size)})`,
    };
  }
  return {
    ...base,
    exists: true,
    size: object.size,
    truncated,
    text: decodeHead(head, !truncated),
    message: truncated
      ? `only the first ${formatBytes(TEXT_SHOWN_BYTES)} of ${formatBytes(object.size)} are shown`
      : null,
  };
}
