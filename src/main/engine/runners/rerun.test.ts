import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowDefinition } from '../definitions/component';
import { NodeDefinition } from '../definitions/node';
import type { RunEvent } from '../events';
import { RunContext } from '../run-context';
import {
  readJson,
  readJsonLines,
  testNodeTypes,
  withTempDir,
} from '../../../../test-support/engine/test-node-types';
import { FlowRunner } from './flow-runner';

let counter = 0;
function countingFlow(seen: string[]) {
  const step = (name: string) => (args: Record<string, unknown>) => {
    seen.push(name);
    return `${name}:${String(args.from ?? '')}:${++counter}`;
  };
  return new FlowDefinition()
    .callback('one', step('one'))
    .callback('two', step('two'), { from: '$expr{$hier{one}.outcome.callable_result}' })
    .callback('three', step('three'), { from: '$expr{$hier{two}.outcome.callable_result}' })
    .node('four', new NodeDefinition('echo', { value: '$expr{$hier{three}.outcome.callable_result}' }));
}

async function firstRun(dir: string, seen: string[]) {
  const ctx = new RunContext({ rootComponentId: 'demo', projectRoot: dir, enableOutcomeRepo: false });
  await new FlowRunner(countingFlow(seen), ctx, { nodeTypes: testNodeTypes() }).run();
  return ctx;
}

describe('re-runs and continuations', () => {
  it('reuses every element before the start path and executes from it on', async () => {
    await withTempDir(async (dir) => {
      const seen: string[] = [];
      const original = await firstRun(dir, seen);
      seen.length = 0;

      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId: original.runId,
        startHierarchyPath: 'three',
      });
      const events: RunEvent[] = [];
      ctx.events.subscribe((e) => events.push(e));
      const result = await new FlowRunner(countingFlow(seen), ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      expect(ctx.runId).toMatch(/^rerun_\d{8}_\d{6}_[0-9a-f]{6}$/);
      expect(seen).toEqual(['three']);

      // The reused files are the original ones, byte for byte.
      for (const node of ['one', 'two']) {
        expect(await readFile(join(ctx.runDir, 'demo', node, 'result.json'), 'utf8')).toBe(
          await readFile(join(original.runDir, 'demo', node, 'result.json'), 'utf8'),
        );
      }
      const originalTwo = await readJson(join(original.runDir, 'demo', 'two', 'outcome.json'));
      const three = await readJson(join(ctx.runDir, 'demo', 'three', 'outcome.json'));
      expect(three.callable_result).toMatch(new RegExp(`^three:${String(originalTwo.callable_result)}:`));

      const reused = events.filter((e) => e.type === 'node_completed' && e.reusedFrom === original.runId);
      expect(reused.map((e) => (e as { nodeId: string }).nodeId)).toEqual(['one', 'two']);
      const spans = await readJsonLines(join(ctx.runDir, '.trace', 'trace.jsonl'));
      expect(spans.filter((s) => s.name === 'callback.execute')).toHaveLength(1);
      expect((spans[0]?.resource as { attributes: Record<string, unknown> }).attributes).toMatchObject({
        previous_run_id: original.runId,
        start_hierarchy_path: 'three',
      });
      expect(
        String((spans[0]?.resource as { attributes: Record<string, unknown> }).attributes['service.name']),
      ).toMatch(/-rerun$/);

      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.rerun_info).toEqual({ previous_run_id: original.runId, start_hierarchy_path: 'three' });
      const flowResult = await readJson(join(ctx.runDir, 'demo', 'component_result.json'));
      expect(flowResult).toMatchObject({ is_rerun: true, start_hierarchy_path: 'three' });
    });
  });

  it('accepts a dotted start path that ends with the element path', async () => {
    await withTempDir(async (dir) => {
      const seen: string[] = [];
      const original = await firstRun(dir, seen);
      seen.length = 0;
      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId: original.runId,
        startHierarchyPath: 'demo.two',
      });
      await new FlowRunner(countingFlow(seen), ctx, { nodeTypes: testNodeTypes() }).run();
      expect(seen).toEqual(['two', 'three']);
    });
  });

  it('executes everything in a re-run without a start path', async () => {
    await withTempDir(async (dir) => {
      const seen: string[] = [];
      const original = await firstRun(dir, seen);
      seen.length = 0;
      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId: original.runId,
      });
      await new FlowRunner(countingFlow(seen), ctx, { nodeTypes: testNodeTypes() }).run();
      expect(seen).toEqual(['one', 'two', 'three']);
    });
  });

  it('refuses a start path that matches nothing before anything is created', async () => {
    await withTempDir(async (dir) => {
      const original = await firstRun(dir, []);
      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId: original.runId,
        startHierarchyPath: 'demo.nope',
      });
      await expect(
        new FlowRunner(countingFlow([]), ctx, { nodeTypes: testNodeTypes() }).run(),
      ).rejects.toThrow('start hierarchy path "demo.nope" matches no element of "demo"');
      expect(await readdir(join(dir, 'runs'))).toEqual([original.runId]);
    });
  });

  it('refuses a previous run id that does not exist, naming it, and creates nothing', async () => {
    await withTempDir(async (dir) => {
      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId: 'run_19990101_000000_abcdef',
      });
      await expect(
        new FlowRunner(countingFlow([]), ctx, { nodeTypes: testNodeTypes() }).run(),
      ).rejects.toThrow(/previous run "run_19990101_000000_abcdef" was not found/);
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    });
  });

  it('carries over the previous run’s static inputs, but never a link or a FIFO planted among them', async () => {
    await withTempDir(async (dir) => {
      const original = await firstRun(dir, []);
      const inputs = join(original.runDir, 'static_inputs');
      await writeFile(join(dir, 'secret.txt'), 'SECRET-CANARY');
      await writeFile(join(inputs, 'notes.txt'), 'kept');
      await symlink(join(dir, 'secret.txt'), join(inputs, 'static_inputs.json'));
      await symlink(join(dir, 'secret.txt'), join(inputs, 'leak.txt'));
      execFileSync('mkfifo', [join(inputs, 'pipe')]);

      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId: original.runId,
      });
      const result = await new FlowRunner(countingFlow([]), ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      const copied = join(ctx.runDir, 'static_inputs');
      expect((await readdir(copied)).sort()).toEqual(['notes.txt']);
      expect(await readFile(join(copied, 'notes.txt'), 'utf8')).toBe('kept');
    });
  });

  describe('reads the previous run’s node files as data, never following or blocking on them', () => {
    /** Every file of the run folder, as text, to look for the canary. */
    async function allText(root: string): Promise<string> {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const texts = await Promise.all(
        entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')),
      );
      return texts.join('\n');
    }

    async function rerunFromThree(dir: string, previousRunId: string) {
      const ctx = new RunContext({
        rootComponentId: 'demo',
        projectRoot: dir,
        enableOutcomeRepo: false,
        previousRunId,
        startHierarchyPath: 'three',
      });
      const result = await new FlowRunner(countingFlow([]), ctx, { nodeTypes: testNodeTypes() }).run();
      return { ctx, result };
    }

    it(
      'refuses a reused outcome.json that links to a file outside, copying nothing of it',
      { timeout: 10_000 },
      async () => {
        await withTempDir(async (dir) => {
          const original = await firstRun(dir, []);
          await writeFile(join(dir, 'secret.txt'), 'SECRET-CANARY');
          const outcome = join(original.runDir, 'demo', 'two', 'outcome.json');
          await rm(outcome, { force: true });
          await symlink(join(dir, 'secret.txt'), outcome);

          const { ctx, result } = await rerunFromThree(dir, original.runId);
          expect(result.execution_status).toBe('failed');
          expect(result.error).toMatch(/outcome\.json.*symbolic link/);
          expect(result.error).not.toContain('SECRET-CANARY');
          expect(await allText(ctx.runDir)).not.toContain('SECRET-CANARY');
        });
      },
    );

    it(
      'refuses a reused result.json that is a FIFO instead of hanging on it',
      { timeout: 10_000 },
      async () => {
        await withTempDir(async (dir) => {
          const original = await firstRun(dir, []);
          const resultFile = join(original.runDir, 'demo', 'two', 'result.json');
          await rm(resultFile);
          execFileSync('mkfifo', [resultFile]);

          const { result } = await rerunFromThree(dir, original.runId);
          expect(result.execution_status).toBe('failed');
          expect(result.error).toMatch(/result\.json.*not a regular file/);
        });
      },
    );

    it('names a broken result.json without quoting it', async () => {
      await withTempDir(async (dir) => {
        const original = await firstRun(dir, []);
        await writeFile(join(original.runDir, 'demo', 'two', 'result.json'), '{"a": SECRET-CANARY}');

        const { result } = await rerunFromThree(dir, original.runId);
        expect(result.execution_status).toBe('failed');
        expect(result.error).toMatch(/result\.json is not valid JSON \(an unexpected character\)/);
        expect(result.error).not.toContain('SECRET');
      });
    });

    it('refuses a previous run folder that is a link, creating nothing', async () => {
      await withTempDir(async (dir) => {
        const original = await firstRun(dir, []);
        const elsewhere = join(dir, 'elsewhere');
        await rename(original.runDir, elsewhere);
        await symlink(elsewhere, original.runDir);

        const ctx = new RunContext({
          rootComponentId: 'demo',
          projectRoot: dir,
          enableOutcomeRepo: false,
          previousRunId: original.runId,
        });
        await expect(ctx.setupRun()).rejects.toThrow(
          new RegExp(`previous run "${original.runId}".*cannot be reused: .*symbolic link`),
        );
        expect((await readdir(join(dir, 'runs'))).sort()).toEqual([original.runId]);
      });
    });
  });
});
