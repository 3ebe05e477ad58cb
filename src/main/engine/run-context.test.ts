import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunContext } from './run-context';
import { readJson, withTempDir } from '../../../test-support/engine/test-node-types';

describe('RunContext', () => {
  it('writes nothing until setupRun, then lays out the run directory', async () => {
    await withTempDir(async (dir) => {
      const ctx = new RunContext({
        rootComponentId: 'agent',
        projectRoot: dir,
        runRootSubpath: 'nightly',
        enableOutcomeRepo: false,
      });
      expect(existsSync(join(dir, 'runs'))).toBe(false);
      const { runId, runDir } = await ctx.setupRun();
      expect(runId).toMatch(/^run_\d{8}_\d{6}_[0-9a-f]{6}$/);
      expect(runDir).toBe(join(dir, 'runs', 'nightly', runId));
      for (const file of ['trace.jsonl', 'metrics.jsonl', 'logs.jsonl']) {
        expect(await readFile(join(runDir, '.trace', file), 'utf8')).toBe('');
      }
      expect(existsSync(join(runDir, 'static_inputs'))).toBe(true);
      const metadata = await readJson(join(runDir, '.trace', 'dad_metadata.json'));
      expect(metadata).toEqual({
        run_id: runId,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        status: 'initialized',
        pid: process.pid,
      });
      expect(ctx.runVariables()).toMatchObject({
        run_id: runId,
        run_dir: runDir,
        effective_run_root: join(dir, 'runs', 'nightly'),
      });
      await ctx.completeRun({ status: 'completed' });
    });
  });

  it('records a failure with its message, and says so when completed twice or before setup', async () => {
    await withTempDir(async (dir) => {
      const early = new RunContext({ rootComponentId: 'agent', projectRoot: dir, enableOutcomeRepo: false });
      expect(await early.completeRun({ status: 'completed' })).toEqual({
        recorded: false,
        reason: 'the run was never set up',
      });

      const ctx = new RunContext({ rootComponentId: 'agent', projectRoot: dir, enableOutcomeRepo: false });
      await ctx.setupRun({ runIdPrefix: 'nightly' });
      expect(ctx.runId.startsWith('nightly_run_')).toBe(true);
      expect(await ctx.completeRun({ status: 'failed', errorMsg: 'the model said no' })).toEqual({
        recorded: true,
        status: 'failed',
        error: 'the model said no',
      });
      expect(await ctx.completeRun({ status: 'completed' })).toEqual({
        recorded: false,
        reason: 'the run was already completed',
      });
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata).toMatchObject({ status: 'failed', error: 'the model said no' });
      expect(metadata.completed_at).toMatch(/Z$/);
    });
  });

  it('refuses an invalid run id prefix', async () => {
    await withTempDir(async (dir) => {
      const ctx = new RunContext({ rootComponentId: 'agent', projectRoot: dir, enableOutcomeRepo: false });
      await expect(ctx.setupRun({ runIdPrefix: '../evil' })).rejects.toThrow(/run id prefix/);
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    });
  });
});
