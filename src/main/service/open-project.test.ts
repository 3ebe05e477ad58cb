import type { EventBatch } from '../../shared/contract';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../shared/run-data';
import type { ResultOf } from '../../shared/contract';
import { readRunDetail } from '../project/runs';
import { OpenProject } from './open-project';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { openTestService } from '../../../test-support/service';

/** A runner whose root component is named apart from the agent, as DAD's `<agent>_root` convention does. */
const SUMMARIZE_RUNNER = [
  "import { defineRunner, flowDef } from 'dad-run-inspector/engine';",
  "const flow = flowDef().callback('gather', () => 'notes').callback('write', () => 'summary');",
  "export const runner = defineRunner({ definition: flow, rootComponentId: 'summarize_root', description: 'sums up' });",
  '',
].join('\n');

let dir: string;
const opened: OpenProject[] = [];

beforeAll(async () => {
  dir = await makeTempDir('dad-open-project');
});

afterEach(() => {
  for (const project of opened.splice(0)) project.close();
});

afterAll(async () => {
  await removeDir(dir);
});

async function openProject(name: string, files: Record<string, string>): Promise<OpenProject> {
  const root = await writeProject(join(dir, name), files);
  const project = await OpenProject.open(root);
  opened.push(project);
  return project;
}

const agentIds = (info: ProjectInfo) => info.agents.map((agent) => agent.id);

describe('the agents of an open project', () => {
  it('names the root component each agent gives its runs', async () => {
    const project = await openProject('roots', {
      'src/runners/summarize.ts': SUMMARIZE_RUNNER,
      'src/runners/plain.ts': runnerSource('plain', "const flow = flowDef().callback('one', () => 1);"),
    });
    expect(project.info.agents.map((agent) => [agent.id, agent.rootComponentId])).toEqual([
      ['plain', 'plain'],
      ['summarize', 'summarize_root'],
    ]);
  });

  it('follows src/: an agent added, edited or removed shows without opening the project again', async () => {
    const project = await openProject('watched', {
      'src/runners/first.ts': runnerSource('first', "const flow = flowDef().callback('one', () => 1);"),
    });
    const told: ProjectInfo[] = [];
    project.onAgentsChanged((info) => told.push(info));

    await writeFile(
      join(project.root, 'src/runners/second.ts'),
      runnerSource('second', "const flow = flowDef().callback('two', () => 2);"),
    );
    await expect.poll(() => agentIds(project.info), { timeout: 10_000 }).toEqual(['first', 'second']);
    await expect.poll(() => told.at(-1) && agentIds(told.at(-1)!)).toEqual(['first', 'second']);

    await writeFile(
      join(project.root, 'src/runners/second.ts'),
      runnerSource('second', "const flow = flowDef().callback('two', () => 2).callback('three', () => 3);"),
    );
    await expect
      .poll(() => project.info.agents[1]?.nodes.map((node) => node.nodeId), { timeout: 10_000 })
      .toEqual(['two', 'three']);

    await rm(join(project.root, 'src/runners/first.ts'));
    await expect.poll(() => agentIds(project.info), { timeout: 10_000 }).toEqual(['second']);
  });

  it('reads the agents again when asked (Refresh), watched or not', async () => {
    const project = await openProject('refreshed', {
      'src/runners/first.ts': runnerSource('first', "const flow = flowDef().callback('one', () => 1);"),
    });
    project.close();
    await writeFile(
      join(project.root, 'src/runners/later.ts'),
      runnerSource('later', "const flow = flowDef().callback('two', () => 2);"),
    );
    expect(await project.refreshAgents()).toBe(true);
    expect(agentIds(project.info)).toEqual(['first', 'later']);
    expect(await project.refreshAgents()).toBe(false);
  });
});

describe('a window of a project whose src/ changes', () => {
  it('is sent the project again with the agent added', async () => {
    const root = await writeProject(join(dir, 'pushed'), {
      'src/runners/first.ts': runnerSource('first', "const flow = flowDef().callback('one', () => 1);"),
    });
    const batches: EventBatch[] = [];
    const { service } = await openTestService(root, { send: (batch) => batches.push(batch) });
    try {
      await writeFile(
        join(root, 'src/runners/second.ts'),
        runnerSource('second', "const flow = flowDef().callback('two', () => 2);"),
      );
      const told = () =>
        batches
          .flatMap((batch) => batch.events)
          .flatMap((event) => (event.type === 'project.changed' ? [agentIds(event.project)] : []));
      await expect.poll(() => told().at(-1), { timeout: 10_000 }).toEqual(['first', 'second']);
    } finally {
      await service.shutdown();
    }
  });
});

describe('re-running an agent whose root component is `<agent>_root`', () => {
  it('continues the run from a node, reusing the one before it', async () => {
    const root = await writeProject(join(dir, 'rerun'), { 'src/runners/summarize.ts': SUMMARIZE_RUNNER });
    const { service, session } = await openTestService(root);
    try {
      const ended = async (runId: string) => {
        await expect
          .poll(
            async () =>
              ((await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>).find(
                (run) => run.runId === runId,
              )?.status,
            { timeout: 30_000 },
          )
          .toBe('completed');
      };
      const first = (await service.handlers.startRun(
        { agentId: 'summarize', staticInputs: {} },
        session,
      )) as ResultOf<'startRun'>;
      await ended(first.runId);
      const runs = (await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>;
      const original = runs.find((run) => run.runId === first.runId)!;
      // The run names its root component; the project says which agent gives it.
      expect(original.rootComponentId).toBe('summarize_root');
      const info = (await service.handlers.currentProject(undefined, session)) as ResultOf<'currentProject'>;
      const agent = info?.agents.find((candidate) => candidate.rootComponentId === original.rootComponentId);
      expect(agent?.id).toBe('summarize');

      const rerun = (await service.handlers.startRun(
        {
          agentId: agent!.id,
          staticInputs: {},
          previousRunId: original.runId,
          startHierarchyPath: 'summarize_root.write',
        },
        session,
      )) as ResultOf<'startRun'>;
      await ended(rerun.runId);
      const detail = await readRunDetail(join(root, 'runs', rerun.runId));
      expect(detail.tree?.children.map((node) => [node.path, node.reusedFrom])).toEqual([
        ['summarize_root.gather', original.runId],
        ['summarize_root.write', null],
      ]);
    } finally {
      await service.shutdown();
    }
  }, 60_000);
});
