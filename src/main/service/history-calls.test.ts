import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { runAgent, writerAgent } from '../../../test-support/compare/compare-projects';
import { withTempDir } from '../../../test-support/engine/test-node-types';
import { openTestService } from '../../../test-support/service';

describe('the outcome history of a run whose branch changed after it ran', () => {
  it('says a run is present, rewritten or missing by what its directory recorded', async () => {
    await withTempDir(async (dir) => {
      const kept = await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      const rewritten = await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      const deleted = await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      const { service, session } = await openTestService(dir);
      const graph = async () =>
        (await service.handlers.outcomeGraph(
          { offset: 0, limit: 50, runs: [kept.runId, rewritten.runId, deleted.runId] },
          session,
        )) as ResultOf<'outcomeGraph'>;
      const repo = (await graph()).repositoryDir;
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

      // The branch moved back past the commits the run's nodes recorded; another one was deleted.
      git('update-ref', `refs/heads/run/${rewritten.runId}`, 'main');
      git('branch', '-D', `run/${deleted.runId}`);

      const states = (await graph()).runs.map((run) => [run.runId, run.state]);
      expect(states).toEqual([
        [kept.runId, 'present'],
        [rewritten.runId, 'rewritten'],
        [deleted.runId, 'branch_missing'],
      ]);
      const detail = (await graph()).runs[1]?.detail ?? '';
      expect(detail).toMatch(/no longer|not on/);
      await service.shutdown();
    });
  });
});

describe('finding a commit in the outcome history', () => {
  it('answers the graph row of a commit by its full id or a prefix, and null for one not there', async () => {
    await withTempDir(async (dir) => {
      await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      await runAgent(dir, writerAgent('second'), { projectIdentifier: basename(dir) });
      const { service, session } = await openTestService(dir);
      const graph = (await service.handlers.outcomeGraph(
        { offset: 0, limit: 50, runs: [] },
        session,
      )) as ResultOf<'outcomeGraph'>;
      const rowOf = async (sha: string) =>
        ((await service.handlers.commitRow({ sha }, session)) as ResultOf<'commitRow'>).row;
      const last = graph.commits.at(-1);
      expect(last?.subject).toBe('Initial commit');
      expect(await rowOf(last?.sha ?? '')).toBe(last?.row);
      expect(await rowOf((last?.sha ?? '').slice(0, 9))).toBe(last?.row);
      expect(await rowOf('0000000000000000000000000000000000000000')).toBeNull();
      await service.shutdown();
    });
  });
});
