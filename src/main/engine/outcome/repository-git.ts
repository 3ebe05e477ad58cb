import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleGit, type SimpleGitOptions } from 'simple-git';
import { OutcomeRepositoryError, errorMessage } from '../errors';
import { withKeyedMutex } from './keyed-mutex';

/** Who commits to outcome repositories, so that commits work where git has no identity configured. */
export const OUTCOME_COMMITTER = { name: 'DAD Run Engine', email: 'run-engine@dad.localhost' } as const;

const PER_COMMAND_CONFIG = [
  `user.name=${OUTCOME_COMMITTER.name}`,
  `user.email=${OUTCOME_COMMITTER.email}`,
  // A user's global signing setup would prompt for a passphrase or fail in the middle of a run.
  'commit.gpgsign=false',
];

export const DEFAULT_LOCK_WAIT_MS = 2000;
const FIRST_RETRY_DELAY_MS = 20;
const MAX_RETRY_DELAY_MS = 400;
// A git that says nothing for this long (a hung hook, say) is stopped rather than holding the run forever.
const SILENT_GIT_LIMIT_MS = 5 * 60 * 1000;

/** Runs one git command in `cwd` and resolves with its standard output. */
export type GitCommand = (
  cwd: string,
  args: readonly string[],
  options?: { stdin?: string },
) => Promise<string>;

/**
 * Runs git commands against one repository: one operation at a time within this process (git's
 * ref and index locks race otherwise), waiting a bounded time for locks held by other processes.
 */
export class RepositoryGit {
  constructor(
    private readonly mutexKey: string,
    private readonly lockWaitMs: number = DEFAULT_LOCK_WAIT_MS,
  ) {}

  /** Runs `operation` alone among this repository's operations in this process. */
  exclusive<T>(operation: (git: GitCommand) => Promise<T>): Promise<T> {
    return withKeyedMutex(this.mutexKey, () =>
      operation((cwd, args, options) => this.run(cwd, args, options)),
    );
  }

  private async run(cwd: string, args: readonly string[], options: { stdin?: string } = {}): Promise<string> {
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await runOnce(cwd, args, options.stdin);
      } catch (error) {
        const message = errorMessage(error).trim();
        const lockFile = lockFileNamedIn(message, cwd);
        if (lockFile === null) {
          throw new OutcomeRepositoryError(`${describe(args)} in ${cwd} failed: ${message}`, {
            cause: error,
          });
        }
        const waited = Date.now() - startedAt;
        if (waited >= this.lockWaitMs) {
          throw new OutcomeRepositoryError(
            `${describe(args)} in ${cwd} could not run: the lock file ${lockFile} exists, so another git ` +
              `process seems to be using the repository (waited ${waited} ms). If no git process is ` +
              `running, remove ${lockFile} and try again. git said: ${message}`,
            { cause: error },
          );
        }
        const backoff = Math.min(FIRST_RETRY_DELAY_MS * 2 ** attempt, MAX_RETRY_DELAY_MS);
        await sleep(Math.min(backoff, this.lockWaitMs - waited));
      }
    }
  }
}

async function runOnce(cwd: string, args: readonly string[], stdin: string | undefined): Promise<string> {
  const options: Partial<SimpleGitOptions> = {
    baseDir: cwd,
    config: PER_COMMAND_CONFIG,
    errors: failOnNonZeroExit,
    trimmed: false,
    timeout: { block: SILENT_GIT_LIMIT_MS },
  };
  if (stdin !== undefined) options.input = () => stdin;
  return simpleGit(options).raw([...args]);
}

/**
 * simple-git only treats a non-zero exit as failure when git wrote to stderr; `git commit` with
 * nothing to commit, for one, exits 1 and explains on stdout. Every non-zero exit is a failure here.
 */
function failOnNonZeroExit(
  error: Buffer | Error | undefined,
  result: { stdOut: Buffer[]; stdErr: Buffer[]; exitCode: number },
): Buffer | Error | undefined {
  if (error !== undefined || result.exitCode === 0) return error;
  const text = Buffer.concat([...result.stdErr, ...result.stdOut])
    .toString('utf8')
    .trim();
  return Buffer.from(text === '' ? `git exited with code ${result.exitCode}` : text);
}

/**
 * The lock file a failed command ran into, or null when the failure had nothing to do with a lock.
 * git quotes the path in English and most translations; a path that still exists on disk counts too.
 */
export function lockFileNamedIn(message: string, cwd: string): string | null {
  const quoted = /'([^'\r\n]+\.lock)'/.exec(message)?.[1];
  const bare = /([^\s'"«»‘’“”]+\.lock)(?![\w.])/.exec(message)?.[1];
  const candidate = quoted ?? bare;
  if (candidate === undefined) return null;
  const path = isAbsolute(candidate) ? candidate : resolve(cwd, candidate);
  return /File exists/i.test(message) || existsSync(path) ? path : null;
}

function describe(args: readonly string[]): string {
  return ['git', ...args.map((arg) => (/[\s"']/.test(arg) ? JSON.stringify(arg) : arg))].join(' ');
}
