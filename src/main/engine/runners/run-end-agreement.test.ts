import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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

/**
 * The end is written twice (before and after the outcome repository's closing commit). A git
 * post-commit hook runs between the two writes: it lets a test break or mend the metadata file.
 */
async function installPostCommitHook(outcomeRepoDir: string, script: string): Promise<void> {
  const common = execFileSync('git', ['rev-parse', '--git-common-dir'], {
    cwd: outcomeRepoDir,
    encoding: 'utf8',
  }).trim();
  const hooks = join(resolve(outcomeRepoDir, common), 'hooks');
  await mkdir(hooks, { recursive: true });
  await writeFile(join(hooks, 'post-commit'), `#!/bin/sh\n${script}\n`);
  await chmod(join(hooks, 'post-commit'), 0o755);
}

describe('when only one of the two writes of the end succeeds, run() reports the one on disk', () => {
  async function runWith(
    prepare: (paths: { metadata: string; trace: string; outcomeRepoDir: string }) => Promise<void>,
  ) {
    return withTempDir(async (dir) => {
      const ctx = new RunContext({ rootComponentId: 'agent', projectRoot: dir, projectIdentifier: 'demo' });
      const flow = new FlowDefinition()
        .node('say', new NodeDefinition('echo', { value: 'hi' }))
        .callback('arrange', async (_args, node: { outcomeRepoDir: string | null }) => {
          const trace = join(ctx.runDir, '.trace');
          await prepare({
            metadata: join(trace, 'dad_metadata.json'),
            trace,
            outcomeRepoDir: node.outcomeRepoDir as string,
          });
        });
      const runner = new AgentRunner(new AgentDefinition().flow('main', flow), ctx, {
        nodeTypes: testNodeTypes(),
      });
      const result = await runner.run();
      // A folder moved away by the hook is put back to read what the first write left.
      await rename(`${join(ctx.runDir, '.trace')}-held`, join(ctx.runDir, '.trace')).catch(() => {});
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      return { result, metadata };
    });
  }

  it('the first write fails and the second succeeds: both say completed', async () => {
    const { result, metadata } = await runWith(async ({ metadata, outcomeRepoDir }) => {
      // A folder in the metadata file's place makes the first write fail; the hook clears it.
      await rm(metadata);
      await mkdir(join(metadata, 'in-the-way'), { recursive: true });
      await installPostCommitHook(outcomeRepoDir, `rm -rf '${metadata}'`);
    });
    expect(metadata.status).toBe('completed');
    expect(result.execution_status).toBe(metadata.status);
    expect(result.error ?? null).toBe(metadata.error ?? null);
  });

  it('the first write succeeds and the second fails: both say what the first wrote', async () => {
    const { result, metadata } = await runWith(async ({ trace, outcomeRepoDir }) => {
      // The hook moves the trace folder away, so the second write has nowhere to go.
      await installPostCommitHook(outcomeRepoDir, `mv '${trace}' '${trace}-held'`);
    });
    expect(metadata.status).toBe('completed');
    expect(result.execution_status).toBe(metadata.status);
    expect(result.error ?? null).toBe(metadata.error ?? null);
  });
});
