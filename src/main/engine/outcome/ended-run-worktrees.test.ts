import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunContext } from '../run-context';
import { withTempDir } from '../../../../test-support/engine/test-node-types';
import { gitLines, gitOutput } from '../../../../test-support/engine/outcome-repos';

/** A new run clears the worktrees of runs whose process is gone, and never one of a run still going. */

const context = (projectRoot: string) =>
  new RunContext({ rootComponentId: 'agent', projectRoot, projectIdentifier: 'demo' });

/** The id of a process that has ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '']);
  return ended.pid as number;
}

describe('worktrees of ended runs', () => {
  it('are removed when a run starts, their uncommitted files kept on the branch; a live run’s stays', async () => {
    await withTempDir(async (dir) => {
      const live = context(dir);
      await live.setupRun();
      const killed = context(dir);
      await killed.setupRun();
      const killedTree = killed.outcomeWorktree!.dir;
      await writeFile(join(killedTree, 'draft.md'), 'written before the kill\n');
      // The run's process is gone, as after a SIGKILL: its lock names a pid that has ended.
      await writeFile(
        join(killed.runDir, '.trace', 'run.lock'),
        JSON.stringify({ pid: deadPid(), host: hostname() }) + '\n',
      );
      await killed.observability.shutdown();

      const next = context(dir);
      await next.setupRun();
      const repo = join(dir, 'runs', 'outcome', 'demo');
      expect(existsSync(killedTree)).toBe(false);
      expect(existsSync(live.outcomeWorktree!.dir)).toBe(true);
      const listed = gitLines(repo, ['worktree', 'list', '--porcelain']).filter((line) =>
        line.startsWith('worktree '),
      );
      expect(listed.map((line) => line.split('/').at(-1)).sort()).toEqual(
        ['demo', live.runId, next.runId].sort(),
      );
      expect(gitOutput(repo, ['show', `run/${killed.runId}:draft.md`])).toBe('written before the kill\n');
      expect(gitOutput(repo, ['log', '-1', '--format=%s', `run/${killed.runId}`]).trim()).toBe(
        `[${killed.runId}] Files the run left uncommitted when its process ended`,
      );

      await live.completeRun({ status: 'completed' });
      await next.completeRun({ status: 'completed' });
      expect(gitLines(repo, ['worktree', 'list'])).toHaveLength(1);
    });
  });
});
