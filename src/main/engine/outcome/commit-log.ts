import { OutcomeRepositoryError } from '../errors';
import { NODE_TRAILER, RUN_TRAILER, runIdOfSubject, trailerValue } from './commit-message';
import { type ChangedFile, readNameStatusEntry, splitNulTerminated } from './name-status';

export interface OutcomeCommit {
  sha: string;
  parents: string[];
  /** The whole message, without the final newline. */
  message: string;
  /** The message's first line. */
  subject: string;
  /** Author date, strict ISO 8601 with offset. */
  authoredAt: string;
  /** From the `Dad-Node` trailer. */
  nodeId: string | null;
  /** From the `Dad-Run` trailer, else from a DAD-style `[<run_id>] ...` subject. */
  runId: string | null;
  /** The files the commit changed against its first parent; only when asked for. */
  files?: ChangedFile[];
}

/** `git log -z` format matching {@link parseCommitLog}: the message goes last so that it may hold anything. */
export const COMMIT_LOG_FORMAT = '--format=%H%x1f%P%x1f%aI%x1f%B';

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function parseCommitLog(output: string, source: string): OutcomeCommit[] {
  return splitNulTerminated(output).map((record) => {
    const fields = record.replace(/^\n/, '').split('\x1f');
    if (fields.length < 4 || !OBJECT_ID.test(fields[0])) {
      throw new OutcomeRepositoryError(
        `${source}: unexpected git log record ${JSON.stringify(record.slice(0, 80))}`,
      );
    }
    const [sha, parents, authoredAt] = fields;
    const message = fields.slice(3).join('\x1f').replace(/\n+$/, '');
    return {
      sha,
      parents: parents === '' ? [] : parents.split(' '),
      message,
      subject: message.split('\n', 1)[0],
      authoredAt,
      nodeId: trailerValue(message, NODE_TRAILER),
      runId: trailerValue(message, RUN_TRAILER) ?? runIdOfSubject(message),
    };
  });
}

/**
 * Parses `git log -z --name-status --format=%H`: each commit id, then that commit's entries.
 * Ids and entries are told apart by position, so a file named like a commit id does no harm.
 */
export function parseFilesPerCommit(output: string, source: string): Map<string, ChangedFile[]> {
  const tokens = splitNulTerminated(output);
  const filesByCommit = new Map<string, ChangedFile[]>();
  let current: ChangedFile[] | null = null;
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index].replace(/^\n/, '');
    if (OBJECT_ID.test(token)) {
      current = [];
      filesByCommit.set(token, current);
      index += 1;
      continue;
    }
    if (current === null) {
      throw new OutcomeRepositoryError(`${source}: git log output does not start with a commit id`);
    }
    const { file, next } = readNameStatusEntry(tokens, index, source);
    current.push(file);
    index = next;
  }
  return filesByCommit;
}
