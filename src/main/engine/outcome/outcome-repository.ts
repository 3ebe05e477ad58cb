import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutcomeRepositoryError, errorMessage } from '../errors';
import { COMMIT_LOG_FORMAT, type OutcomeCommit, parseCommitLog, parseFilesPerCommit } from './commit-log';
import { createRepository, isFsError } from './create-repository';
import { type ChangedFile, parseNameStatus } from './name-status';
import { DEFAULT_LOCK_WAIT_MS, type GitCommand, RepositoryGit } from './repository-git';
import { RunWorktree } from './run-worktree';

/** Project identifiers and run ids become folder and branch names. */
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,150}$/;
const MAIN_BRANCH = 'main';
const RUN_BRANCH_PREFIX = 'run/';

export interface OutcomeRepositoryOptions {
  effectiveRunRoot: string;
  projectIdentifier: string;
  /** How long to wait for a lock held by another git process before giving up. */
  lockWaitMs?: number;
}

export interface OutcomeRunBranch {
  runId: string;
  branch: string;
  /** The branch's tip commit. */
  head: string;
  /** Committer date of the tip, strict ISO 8601 with offset. */
  lastCommitAt: string;
}

/**
 * The git repository at `<effective_run_root>/outcome/<project_identifier>` that holds what a
 * project's agents produce. Each run works on branch `run/<run_id>` in its own worktree under
 * `<effective_run_root>/outcome/.worktrees/<project_identifier>/<run_id>`; the repository's own
 * work tree is never touched, so a user's edits there are safe.
 */
export class OutcomeRepository {
  private constructor(
    readonly dir: string,
    readonly projectIdentifier: string,
    private readonly worktreesDir: string,
    private readonly git: RepositoryGit,
  ) {}

  /** Opens the repository, creating it (README, "Initial commit" on `main`) when it is missing. */
  static async open(options: OutcomeRepositoryOptions): Promise<OutcomeRepository> {
    const { projectIdentifier } = options;
    if (!NAME_PATTERN.test(projectIdentifier)) {
      throw new OutcomeRepositoryError(
        `invalid project identifier ${JSON.stringify(projectIdentifier)}: it names the outcome repository's ` +
          `folder, so it must be 1-150 characters of letters, digits, "_" and "-"`,
      );
    }
    const outcomeDir = join(resolve(options.effectiveRunRoot), 'outcome');
    const dir = join(outcomeDir, projectIdentifier);
    let realOutcomeDir: string;
    try {
      await mkdir(outcomeDir, { recursive: true });
      realOutcomeDir = await realpath(outcomeDir);
    } catch (error) {
      throw new OutcomeRepositoryError(`could not create the folder ${outcomeDir}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    // Keyed by the real path so that two spellings of one folder share the in-process queue.
    const git = new RepositoryGit(
      join(realOutcomeDir, projectIdentifier),
      options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
    );
    await git.exclusive(async (run) => {
      if (await isMissingOrEmptyFolder(dir)) {
        await createRepository(run, outcomeDir, dir, projectIdentifier);
      }
      await checkRepository(run, dir);
    });
    return new OutcomeRepository(
      dir,
      projectIdentifier,
      join(outcomeDir, '.worktrees', projectIdentifier),
      git,
    );
  }

  /** Where run `runId` has its worktree while it goes on. */
  worktreeDirOf(runId: string): string {
    assertRunId(runId);
    return join(this.worktreesDir, runId);
  }

  /**
   * Creates branch `run/<runId>` from `main`, or from the tip of `run/<fromRunId>` for a
   * continuation, and checks it out in the run's own worktree.
   */
  async startRun(runId: string, options: { fromRunId?: string } = {}): Promise<RunWorktree> {
    assertRunId(runId);
    const fromRunId = options.fromRunId;
    if (fromRunId !== undefined) assertRunId(fromRunId);
    const branch = runBranchOf(runId);
    const worktreeDir = this.worktreeDirOf(runId);
    return this.git.exclusive(async (run) => {
      // Forget worktrees whose folders are gone (a crashed run's folder deleted by hand).
      await run(this.dir, ['worktree', 'prune']);
      const fromBranch = fromRunId === undefined ? null : runBranchOf(fromRunId);
      const tips = await branchTips(run, this.dir, [branch, fromBranch ?? MAIN_BRANCH]);
      if (tips.has(branch)) {
        throw new OutcomeRepositoryError(
          `run ${runId} already has the branch ${branch} in the outcome repository ${this.dir}; a run id is used once`,
        );
      }
      const startPoint = tips.get(fromBranch ?? MAIN_BRANCH);
      if (startPoint === undefined) {
        throw new OutcomeRepositoryError(
          fromBranch === null
            ? `the outcome repository ${this.dir} has no ${MAIN_BRANCH} branch any more`
            : `run ${runId} cannot continue run ${fromRunId}: the outcome repository ${this.dir} has no branch ${fromBranch}`,
        );
      }
      if (existsSync(worktreeDir)) {
        throw new OutcomeRepositoryError(
          `the worktree folder ${worktreeDir} for run ${runId} already exists (left by a run that crashed?). ` +
            `Remove it, then run "git worktree prune" in ${this.dir}`,
        );
      }
      await mkdir(this.worktreesDir, { recursive: true });
      await run(this.dir, ['worktree', 'add', '--quiet', '-b', branch, worktreeDir, startPoint]);
      return new RunWorktree(this.git, this.dir, worktreeDir, branch, runId);
    });
  }

  /** Every run branch (`run/*`), the most recently committed first. */
  async listRuns(): Promise<OutcomeRunBranch[]> {
    const output = await this.git.exclusive((run) =>
      run(this.dir, [
        'for-each-ref',
        '--sort=-committerdate',
        '--format=%(refname)%00%(objectname)%00%(committerdate:iso-strict)',
        `refs/heads/${RUN_BRANCH_PREFIX}`,
      ]),
    );
    return output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [refname, head, lastCommitAt] = line.split('\0');
        const branch = refname.slice('refs/heads/'.length);
        return { runId: branch.slice(RUN_BRANCH_PREFIX.length), branch, head, lastCommitAt };
      });
  }

  /**
   * The commits of run `runId`'s branch, newest first, down to main's initial commit (for a
   * continuation, through the earlier run's commits: each commit's `runId` tells whose it is).
   */
  async runHistory(
    runId: string,
    options: { withFiles?: boolean; maxCount?: number } = {},
  ): Promise<OutcomeCommit[]> {
    assertRunId(runId);
    const source = `the history of run ${runId} in ${this.dir}`;
    return this.git.exclusive(async (run) => {
      const [tip] = await this.requireRunTips(run, [runId]);
      const limit =
        options.maxCount === undefined ? [] : [`--max-count=${Math.max(1, Math.floor(options.maxCount))}`];
      const common = ['log', '-z', '--no-color', '--no-show-signature', ...limit];
      const commits = parseCommitLog(await run(this.dir, [...common, COMMIT_LOG_FORMAT, tip]), source);
      if (options.withFiles === true) {
        const output = await run(this.dir, [...common, '--name-status', '-M', '--format=%H', tip]);
        const filesByCommit = parseFilesPerCommit(output, source);
        for (const commit of commits) commit.files = filesByCommit.get(commit.sha) ?? [];
      }
      return commits;
    });
  }

  /** The files that differ between the tips of two runs' branches, seen from `runA` to `runB`. */
  async changedFiles(runA: string, runB: string): Promise<ChangedFile[]> {
    assertRunId(runA);
    assertRunId(runB);
    return this.git.exclusive(async (run) => {
      const [tipA, tipB] = await this.requireRunTips(run, [runA, runB]);
      const output = await run(this.dir, [
        'diff',
        '--name-status',
        '-z',
        '-M',
        '--no-color',
        '--no-ext-diff',
        tipA,
        tipB,
      ]);
      return parseNameStatus(output, `the difference between runs ${runA} and ${runB} in ${this.dir}`);
    });
  }

  private async requireRunTips(run: GitCommand, runIds: string[]): Promise<string[]> {
    const tips = await branchTips(run, this.dir, runIds.map(runBranchOf));
    return runIds.map((runId) => {
      const tip = tips.get(runBranchOf(runId));
      if (tip === undefined) {
        throw new OutcomeRepositoryError(
          `run ${runId} has no branch ${runBranchOf(runId)} in the outcome repository ${this.dir}`,
        );
      }
      return tip;
    });
  }
}

export function runBranchOf(runId: string): string {
  return `${RUN_BRANCH_PREFIX}${runId}`;
}

function assertRunId(runId: string): void {
  if (!NAME_PATTERN.test(runId)) {
    throw new OutcomeRepositoryError(
      `invalid run id ${JSON.stringify(runId)}: it names a branch and a folder, so it must be 1-150 ` +
        `characters of letters, digits, "_" and "-"`,
    );
  }
}

/** The commits the given branches point at, in one git call; a missing branch has no entry. */
async function branchTips(
  run: GitCommand,
  repositoryDir: string,
  branches: string[],
): Promise<Map<string, string>> {
  const refs = branches.map((branch) => `refs/heads/${branch}`);
  const output = await run(repositoryDir, ['for-each-ref', '--format=%(refname)%00%(objectname)', ...refs]);
  const tips = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [name, sha] = line.split('\0');
    // for-each-ref also lists refs below a pattern (refs/heads/main/...), so keep only exact names.
    if (sha !== undefined && refs.includes(name)) tips.set(name.slice('refs/heads/'.length), sha);
  }
  return tips;
}

async function isMissingOrEmptyFolder(dir: string): Promise<boolean> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return false;
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if (isFsError(error, 'ENOENT')) return true;
    throw new OutcomeRepositoryError(`could not read the folder ${dir}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** Checks that `dir` is a git repository of its own (not a folder inside another one) with a main branch. */
async function checkRepository(run: GitCommand, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new OutcomeRepositoryError(`the outcome repository ${dir} is not a folder`);
  }
  let topLevel: string;
  try {
    topLevel = (await run(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new OutcomeRepositoryError(
      `the folder ${dir} exists but is not a git repository, so it cannot hold run outcomes: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const [realTop, realDir] = await Promise.all([realpath(topLevel), realpath(dir)]);
  if (realTop !== realDir) {
    throw new OutcomeRepositoryError(
      `the folder ${dir} exists but is not a git repository of its own: it lies inside the repository ${topLevel}`,
    );
  }
  if (!(await branchTips(run, dir, [MAIN_BRANCH])).has(MAIN_BRANCH)) {
    throw new OutcomeRepositoryError(
      `the git repository ${dir} has no ${MAIN_BRANCH} branch, so runs cannot start from it`,
    );
  }
}
