import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentDefinition, FlowDefinition } from '../definitions/component';
import { NodeDefinition } from '../definitions/node';
import { RunContext } from '../run-context';
import { readJson, testNodeTypes, withTempDir } from '../../../../test-support/engine/test-node-types';
import { AgentRunner } from './agent-runner';

/** What `run()` answers and what `dad_metadata.json` records are one and the same end. */

/** Another git process holding the run's index as the run ends (its lock file, left in place). */
async function holdIndexLock(_args: Record<string, unknown>, node: { outcomeRepoDir: string | null }) {
  const gitFile = await readFile(join(node.outcomeRepoDir as string, '.git'), 'utf8');
  await writeFile(join(gitFile.replace(/^gitdir: /, '').trim(), 'index.lock'), '');
}

const cases: {
  name: string;
  expected: string;
  flow: () => FlowDefinition;
  cancelAfterMs?: number;
}[] = [
  {
    name: 'a completed run',
    expected: 'completed',
    flow: () => new FlowDefinition().node('say', new NodeDefinition('echo', { value: 'hi' })),
  },
  {
    name: 'a run whose node fails',
    expected: 'failed',
    flow: () =>
      new FlowDefinition().node('boom', new NodeDefinition('fail', { message: 'the model said no' })),
  },
  {
    name: 'a cancelled run',
    expected: 'cancelled',
    flow: () => new FlowDefinition().node('stuck', new NodeDefinition('hang', {})),
    cancelAfterMs: 30,
  },
  {
    name: 'a run whose closing commit fails',
    expected: 'failed',
    flow: () =>
      new FlowDefinition()
        .node('say', new NodeDefinition('echo', { value: 'hi' }))
        .callback('lock', holdIndexLock),
  },
];

describe('the result run() returns agrees with the run folder', () => {
  it.each(cases)('$name: run() says $expected, as dad_metadata.json does', async (testCase) => {
    await withTempDir(async (dir) => {
      const ctx = new RunContext({ rootComponentId: 'agent', projectRoot: dir, projectIdentifier: 'demo' });
      const runner = new AgentRunner(new AgentDefinition().flow('main', testCase.flow()), ctx, {
        nodeTypes: testNodeTypes(),
      });
      await runner.setupRun();
      if (testCase.cancelAfterMs !== undefined) {
        setTimeout(() => runner.cancel('stopped by the user'), testCase.cancelAfterMs);
      }
      const result = await runner.run();
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.status).toBe(testCase.expected);
      expect(result.execution_status).toBe(metadata.status);
      expect(result.error ?? null).toBe(metadata.error ?? null);
    });
  });
});
