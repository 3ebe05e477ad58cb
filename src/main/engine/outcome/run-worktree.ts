import { OutcomeRepositoryError, errorMessage } from '../errors';
import { nodeCommitMessage, runCompletionMessage } from './commit-message';
import type { GitCommand, RepositoryGit } from './repository-git';

const RUN_STATUS_PATTERN = /^[a-zA-Z_]{1,50}$/;
// Node ids and hierarchy paths; anything with whitespace would break the trailer line.
const NODE_ID_PATTERN = /^[a-zA-Z0-9_.\-/]{1,1000}$/;

/**
 * One run's checkout of the outcome repository: its own git worktree on branch `run/<run_id>`,
 * so that runs going on side by side never see or disturb each other's files.
 */
export class RunWorktree {
  private finished = false;

  constructor(
    private readonly git: RepositoryGit,
    private readonly repositoryDir: string,
    readonly dir: string,
    readonly branch: string,
    readonly runId: string,
  ) {}

  /**
   * Stages everything in the worktree and commits it, with `Dad-Run` (and, for a node, `Dad-Node`)
   * trailers. Resolves with null when nothing changed.
   */
  async commit(message: string, options: { nodeId?: string } = {}): Promise<{ sha: string } | null> {
    this.assertNotFinished('commit');
    if (message.trim() === '') {
      throw new OutcomeRepositoryError(`run ${this.runId}: a commit message must not be empty`);
    }
    const nodeId = options.nodeId ?? null;
    if (nodeId !== null && !NODE_ID_PATTERN.test(nodeId)) {
      throw new OutcomeRepositoryError(
        `run ${this.runId}: node id ${JSON.stringify(nodeId)} cannot name a commit (no spaces or line breaks)`,
      );
    }
    const fullMessage = nodeCommitMessage(message, this.runId, nodeId);
    return this.git.exclusive(async (git) => {
      await git(this.dir, ['add', '-A']);
      const staged = await git(this.dir, ['diff', '--cached', '--name-only', '-z', '--no-renames']);
      if (staged === '') return null;
      return this.commitStaged(git, fullMessage, false);
    });
  }

  /**
   * Commits `[<run_id>] Run <status> at <ISO seconds>` (even when nothing changed, so every run
   * has its completion commit), then removes the worktree and keeps the branch. When the commit
   * fails the worktree stays, so that nothing the run produced is lost.
   */
  async finish(status: string, at: Date): Promise<{ sha: string }> {
    this.assertNotFinished('finish');
    if (!RUN_STATUS_PATTERN.test(status)) {
      throw new OutcomeRepositoryError(`run ${this.runId}: ${JSON.stringify(status)} is not a run status`);
    }
    return this.git.exclusive(async (git) => {
      let sha: string;
      try {
        await git(this.dir, ['add', '-A']);
        sha = (await this.commitStaged(git, runCompletionMessage(this.runId, status, at), true)).sha;
      } catch (error) {
        throw new OutcomeRepositoryError(
          `could not commit the end of run ${this.runId}; its worktree ${this.dir} is kept as it is: ` +
            errorMessage(error),
          { cause: error },
        );
      }
      this.finished = true;
      try {
        await git(this.repositoryDir, ['worktree', 'remove', this.dir]);
      } catch (error) {
        throw new OutcomeRepositoryError(
          `run ${this.runId} was committed (${sha}) on ${this.branch}, but its worktree ${this.dir} ` +
            `could not be removed: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      return { sha };
    });
  }

  private async commitStaged(
    git: GitCommand,
    message: string,
    allowEmpty: boolean,
  ): Promise<{ sha: string }> {
    const args = ['commit', '--quiet', '--cleanup=whitespace', '-F', '-'];
    if (allowEmpty) args.push('--allow-empty');
    // The message goes through stdin so that no text of a node's can be read as an option.
    await git(this.dir, args, { stdin: message });
    const sha = (await git(this.dir, ['rev-parse', 'HEAD'])).trim();
    return { sha };
  }

  private assertNotFinished(action: string): void {
    if (this.finished) {
      throw new OutcomeRepositoryError(
        `run ${this.runId} is finished: cannot ${action} in ${this.dir} any more`,
      );
    }
  }
}
