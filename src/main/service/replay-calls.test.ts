import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { runAgent, sayAgent, writerAgent } from '../../../test-support/compare/compare-projects';
import { withTempDir } from '../../../test-support/engine/test-node-types';
import { openTestService } from '../../../test-support/service';

describe('the calls a replay makes', () => {
  it('places each outcome commit at the end of the node that made it, oldest first, with its files', async () => {
    await withTempDir(async (dir) => {
      const { runId } = await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      const { service, session } = await openTestService(dir);
      const timeline = (await service.handlers.outcomeTimeline(
        { runId },
        session,
      )) as ResultOf<'outcomeTimeline'>;
      expect(timeline.available).toBe(true);
      const own = timeline.commits.filter((commit) => !commit.inherited && commit.nodeId !== null);
      expect(own.map((commit) => commit.files.map((file) => `${file.status} ${file.path}`))).toEqual([
        ['added a.md', 'added b.md'],
        ['added c.md'],
      ]);
      expect(timeline.commits.findIndex((commit) => !commit.inherited)).toBeGreaterThan(0);
      const closing = timeline.commits.at(-1);
      const summary = (await service.handlers.runSummary({ runId }, session)) as ResultOf<'runSummary'>;
      expect(closing).toMatchObject({
        nodeId: null,
        inherited: false,
        timeSource: 'run_end',
        timeUs: summary.endUs,
      });

      const rows = (
        (await service.handlers.spanRows(
          { runId, collapsed: [], offset: 0, limit: 100 },
          session,
        )) as ResultOf<'spanRows'>
      ).rows;
      for (const commit of own) {
        const node = rows.find(
          (row) => row.hierarchyPath === commit.nodeId && row.nodeType === 'file_operation',
        );
        expect(node, `the span of ${commit.nodeId}`).toBeDefined();
        expect(commit.timeSource).toBe('node_end');
        expect(commit.timeUs).toBe(node?.end);
      }
      await service.shutdown();
    });
  });

  it('says why there is nothing to show for a run without a branch, instead of failing', async () => {
    await withTempDir(async (dir) => {
      const { runId } = await runAgent(dir, sayAgent('no files'), {
        projectIdentifier: basename(dir),
        enableOutcomeRepo: false,
      });
      const { service, session } = await openTestService(dir);
      const timeline = (await service.handlers.outcomeTimeline(
        { runId },
        session,
      )) as ResultOf<'outcomeTimeline'>;
      expect(timeline.available).toBe(false);
      expect(timeline.reason).toMatch(/outcome repository|run\//);
      await service.shutdown();
    });
  });

  it('steps through every recorded moment forwards and backwards, in order, and stops at the ends', async () => {
    await withTempDir(async (dir) => {
      const { runId } = await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      const { service, session } = await openTestService(dir);
      const summary = (await service.handlers.runSummary({ runId }, session)) as ResultOf<'runSummary'>;
      const start = summary.startUs as number;
      const end = summary.endUs as number;

      const forward: number[] = [];
      let from = start - 1;
      for (;;) {
        const moment = (await service.handlers.adjacentMoment(
          { runId, fromUs: from, direction: 1 },
          session,
        )) as ResultOf<'adjacentMoment'>;
        if (!moment) break;
        expect(moment.timeUs).toBeGreaterThan(from);
        forward.push(moment.timeUs);
        from = moment.timeUs;
      }
      expect(forward[0]).toBe(start);
      // 5 spans start and end (agent, flow, three nodes) and the failing-free run logs nothing else.
      expect(forward.length).toBeGreaterThanOrEqual(6);
      expect(Math.max(...forward)).toBeGreaterThanOrEqual(end);

      const first = (await service.handlers.adjacentMoment(
        { runId, fromUs: start, direction: -1 },
        session,
      )) as ResultOf<'adjacentMoment'>;
      expect(first).toBeNull();
      const last = (await service.handlers.adjacentMoment(
        { runId, fromUs: Math.max(...forward) + 1, direction: -1 },
        session,
      )) as ResultOf<'adjacentMoment'>;
      expect(last?.timeUs).toBe(Math.max(...forward));
      expect(last?.label).toMatch(/ended|log line/);
      await service.shutdown();
    });
  });

  it('refuses a file diff whose path leaves the repository, naming the path', async () => {
    await withTempDir(async (dir) => {
      const { runId } = await runAgent(dir, writerAgent('first'), { projectIdentifier: basename(dir) });
      const { service, session } = await openTestService(dir);
      const timeline = (await service.handlers.outcomeTimeline(
        { runId },
        session,
      )) as ResultOf<'outcomeTimeline'>;
      const [a, b] = timeline.commits.filter((commit) => !commit.inherited).map((commit) => commit.sha);
      const diff = (await service.handlers.fileDiff(
        { shaA: a as string, shaB: b as string, path: 'c.md', sideBySide: true },
        session,
      )) as ResultOf<'fileDiff'>;
      expect(diff.status).toBe('added');
      expect(diff.sideBySide?.[0]).toMatchObject({ kind: 'added', newText: 'gamma' });
      await expect(
        service.handlers.fileDiff(
          { shaA: a as string, shaB: b as string, path: '../../etc/passwd', sideBySide: false },
          session,
        ),
      ).rejects.toThrow(/\.\.\/\.\.\/etc\/passwd/);
      await service.shutdown();
    });
  });
});
