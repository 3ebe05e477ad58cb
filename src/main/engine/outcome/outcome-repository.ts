import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  CommitFiles,
  CommitGraphPage,
  FileAtCommit,
  FileDiff,
  OutcomeFileChange,
  RunBranchState,
} from '../../../shared/compare-data';
import { OutcomeRepositoryError, errorMessage } from '../errors';
import { firstParentOf, readCommitFiles } from './commit-files';
import { COMMIT_LOG_FORMAT, type OutcomeCommit, parseCommitLog, parseFilesPerCommit } from './commit-log';
import { createRepository, isFsError, removeAbandonedBuilds } from './create-repository';
import { removeEndedRunWorktrees, type RunLiveness } from './ended-run-worktrees';
import { readFileAt } from './file-content';
import { diffLoadedSides, type FileDiffOptions, loadDiffSides } from './file-diff';
import { CommitGraphReader, type CommitGraphOptions, type KnownRun } from './history-graph';
import { diffOutcomeFiles } from './outcome-files-diff';
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
  private graphReader: CommitGraphReader | null = null;

  private constructor(
    readonly dir: string,
    readonly projectIdentifier: string,
    private readonly worktreesDir: string,
    private readonly git: RepositoryGit,
  ) {}

  /** Opens the repository, creating it (README, "Initial commit" on `main`) when it is missing. */
  static async open(options: OutcomeRepositoryOptions): Promise<OutcomeRepository> {
    const { projectIdentifier } = options;
    assertProjectIdentifier(projectIdentifier);
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
      await removeAbandonedBuilds(outcomeDir);
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

  /**
   * Opens a repository that must already exist, for reading its history: nothing is created, and
   * a missing folder is an error that names it. A repository without `main` still opens.
   */
  static async openExisting(options: OutcomeRepositoryOptions): Promise<OutcomeRepository> {
    const { projectIdentifier } = options;
    assertProjectIdentifier(projectIdentifier);
    const outcomeDir = join(resolve(options.effectiveRunRoot), 'outcome');
    const dir = join(outcomeDir, projectIdentifier);
    if (!existsSync(dir)) {
      throw new OutcomeRepositoryError(
        `the outcome repository ${dir} does not exist: no run of project ${projectIdentifier} has kept ` +
          `outcomes there, or the folder was moved or deleted`,
      );
    }
    // The same key as `open` uses, so that both share the in-process queue.
    const git = new RepositoryGit(
      join(await realpath(outcomeDir), projectIdentifier),
      options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
    );
    await git.exclusive((run) => checkRepository(run, dir, { requireMain: false }));
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
   * continuation, and checks it out in the run's own worktree. With `isLive`, the worktrees of
   * runs whose process is gone are removed first (see {@link removeEndedRunWorktrees}).
   */
  async startRun(
    runId: string,
    options: { fromRunId?: string; isLive?: RunLiveness } = {},
  ): Promise<RunWorktree> {
    assertRunId(runId);
    const fromRunId = options.fromRunId;
    if (fromRunId !== undefined) assertRunId(fromRunId);
    const branch = runBranchOf(runId);
    const worktreeDir = this.worktreeDirOf(runId);
    return this.git.exclusive(async (run) => {
      // Forget worktrees whose folders are gone (a crashed run's folder deleted by hand), and clear
      // those of runs whose process died.
      if (options.isLive) {
        const isLive = options.isLive;
        await removeEndedRunWorktrees(run, this.dir, this.worktreesDir, (id) =>
          id === runId ? Promise.resolve(true) : isLive(id),
        );
      } else {
        await run(this.dir, ['worktree', 'prune']);
      }
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

  /**
   * A window of the history of every branch as a drawable graph, newest first: each commit with
   * its run, node, refs, lane and the lines to the next row; with `runs`, whether each of those
   * runs still has its branch and the commits it recorded.
   */
  async commitGraph(options: CommitGraphOptions = {}): Promise<CommitGraphPage> {
    for (const known of options.runs ?? []) assertRunId(known.runId);
    return this.git.exclusive((run) => this.history.page(run, options));
  }

  /** Whether each run still has its branch, and every commit its run directory recorded. */
  async runBranchStates(runs: readonly KnownRun[]): Promise<RunBranchState[]> {
    for (const known of runs) assertRunId(known.runId);
    return this.git.exclusive((run) => this.history.runStates(run, runs));
  }

  /** The graph rows of commits (full ids or prefixes), null for one no ref reaches: to scroll the graph to them. */
  async commitRows(shas: readonly string[]): Promise<(number | null)[]> {
    return this.git.exclusive((run) => this.history.rowsOf(run, shas));
  }

  /**
   * The commits run `runId` made (by their `Dad-Run` trailer or `[<run_id>]` subject), newest first,
   * with their graph rows; `branchMissing` when the run has no branch any more.
   */
  async runCommits(
    runId: string,
  ): Promise<{ runId: string; branchMissing: boolean; commits: (OutcomeCommit & { row: number | null })[] }> {
    assertRunId(runId);
    const tips = await this.git.exclusive((run) => branchTips(run, this.dir, [runBranchOf(runId)]));
    if (!tips.has(runBranchOf(runId))) return { runId, branchMissing: true, commits: [] };
    const own = (await this.runHistory(runId)).filter((commit) => commit.runId === runId);
    const rows = await this.commitRows(own.map((commit) => commit.sha));
    return {
      runId,
      branchMissing: false,
      commits: own.map((commit, index) => ({ ...commit, row: rows[index] })),
    };
  }

  /** The files commit `sha` changed against its first parent. */
  async commitFiles(sha: string): Promise<CommitFiles> {
    return this.git.exclusive((run) => readCommitFiles(run, this.dir, sha));
  }

  /** A file as it was at commit `sha`: size, binary or not, and its text up to 1 MiB. */
  async fileAt(sha: string, path: string): Promise<FileAtCommit> {
    return this.git.exclusive((run) => readFileAt(run, this.dir, sha, path));
  }

  /**
   * The diff of one file between two commits (jsdiff hunks and unified text). A side over 1 MiB
   * is not read: the answer says how large it is. The diffing itself runs outside the repository lock.
   */
  async fileDiff(shaA: string, shaB: string, path: string, options: FileDiffOptions = {}): Promise<FileDiff> {
    const loaded = await this.git.exclusive((run) => loadDiffSides(run, this.dir, shaA, shaB, path, options));
    return diffLoadedSides(loaded, options);
  }

  /**
   * The diff of one file that commit `sha` changed, against the commit's first parent (against
   * nothing for a root commit): what the history shows beside a commit's file list.
   */
  async commitFileDiff(sha: string, path: string, options: FileDiffOptions = {}): Promise<FileDiff> {
    const loaded = await this.git.exclusive(async (run) => {
      const commit = await firstParentOf(run, this.dir, sha);
      return loadDiffSides(run, this.dir, commit.parentSha, commit.sha, path, options);
    });
    return diffLoadedSides(loaded, options);
  }

  /**
   * The files that differ between the tips of two runs' branches, with sizes, line counts and
   * which are binary, and the two tips (for {@link fileDiff}).
   */
  async compareRunOutcomes(
    runA: string,
    runB: string,
  ): Promise<{ tipA: string; tipB: string; files: OutcomeFileChange[] }> {
    assertRunId(runA);
    assertRunId(runB);
    return this.git.exclusive(async (run) => {
      const [tipA, tipB] = await this.requireRunTips(run, [runA, runB]);
      const files = await diffOutcomeFiles(
        run,
        this.dir,
        tipA,
        tipB,
        `the difference between runs ${runA} and ${runB} in ${this.dir}`,
      );
      return { tipA, tipB, files };
    });
  }

  private get history(): CommitGraphReader {
    this.graphReader ??= new CommitGraphReader(this.dir);
    return this.graphReader;
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

function assertProjectIdentifier(projectIdentifier: string): void {
  if (!NAME_PATTERN.test(projectIdentifier)) {
    throw new OutcomeRepositoryError(
      `invalid project identifier ${JSON.stringify(projectIdentifier)}: it names the outcome repository's ` +
        `folder, so it must be 1-150 characters of letters, digits, "_" and "-"`,
    );
  }
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
async function checkRepository(
  run: GitCommand,
  dir: string,
  options: { requireMain: boolean } = { requireMain: true },
): Promise<void> {
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
  if (options.requireMain && !(await branchTips(run, dir, [MAIN_BRANCH])).has(MAIN_BRANCH)) {
    throw new OutcomeRepositoryError(
      `the git repository ${dir} has no ${MAIN_BRANCH} branch, so runs cannot start from it`,
    );
  }
}
