import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { withTempDir } from '../../../test-support/engine/test-node-types';
import { writeInterruptedDadRun } from '../../../test-support/reader/python-dad-run';
import { openTestService } from '../../../test-support/service';

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'test-support', 'fixtures');

describe('opening what others wrote', () => {
  it('imports a Jaeger trace file into the imported traces and names the run to show', async () => {
    await withTempDir(async (dir) => {
      const { service, session } = await openTestService(null, { importsDir: join(dir, 'imports') });
      const project = await service.openProject(join(FIXTURES, 'jaeger-trace.json'));
      expect(project).toMatchObject({ name: 'Imported traces', isDadProject: false, agents: [] });
      const runId = project.openedRunId as string;
      expect(runId).toMatch(/^jaeger_trace_/);
      const runs = (await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>;
      expect(runs.map((run) => run.runId)).toEqual([runId]);

      const summary = (await service.handlers.runSummary({ runId }, session)) as ResultOf<'runSummary'>;
      expect(summary.importedFrom).toMatchObject({
        format: 'jaeger-json',
        sourceFile: join(FIXTURES, 'jaeger-trace.json'),
      });
      expect(summary.importedFrom?.notCarried).toEqual(
        expect.arrayContaining(['logs', 'metrics', 'runStatus']),
      );
      // No logs or metrics file is no problem for an imported trace; its status is unknown, not invented.
      expect(summary.problems).toEqual([]);
      expect(summary.status).toBe('unknown');
      expect(summary.spanCount).toBeGreaterThan(0);
      await service.shutdown();
    });
  });

  it('opens a run folder the Python DAD wrote within its folder of runs, naming that run', async () => {
    await withTempDir(async (dir) => {
      const runDir = join(dir, 'shared-runs', 'run_20250501_100000_a1b2c3');
      await writeInterruptedDadRun(runDir);
      const { service, session } = await openTestService(null, { importsDir: null });
      const project = await service.openProject(runDir);
      expect(project.root).toBe(join(dir, 'shared-runs'));
      expect(project.openedRunId).toBe('run_20250501_100000_a1b2c3');
      const summary = (await service.handlers.runSummary(
        { runId: 'run_20250501_100000_a1b2c3' },
        session,
      )) as ResultOf<'runSummary'>;
      expect(summary.status).toBe('interrupted');
      expect(summary.problems).toEqual([expect.objectContaining({ file: '.trace/trace.jsonl', line: 3 })]);
      await service.shutdown();
    });
  });

  it('refuses a file that is no trace, naming it, and leaves no run behind', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'notes.json');
      await writeFile(file, '{"hello": "world"}');
      const importsDir = join(dir, 'imports');
      const { service } = await openTestService(null, { importsDir });
      await expect(service.openProject(file)).rejects.toThrow(file);
      const left = await readdir(join(importsDir, 'runs')).catch(() => []);
      expect(left.filter((name) => !name.startsWith('.'))).toEqual([]);
      await service.shutdown();
    });
  });

  it('says what it opens when given a file it cannot import into anything', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'trace.json');
      await mkdir(dir, { recursive: true });
      await writeFile(file, '{"data": []}');
      const { service } = await openTestService(null, { importsDir: null });
      await expect(service.openProject(file)).rejects.toThrow(/is a file: open a project folder/);
      await service.shutdown();
    });
  });

  it('opens a trace file imported before on its earlier run, instead of importing it again', async () => {
    await withTempDir(async (dir) => {
      const { service, session } = await openTestService(null, { importsDir: join(dir, 'imports') });
      const first = await service.openProject(join(FIXTURES, 'otlp-agent-trace.json'));
      const second = await service.openProject(join(FIXTURES, 'otlp-agent-trace.json'));
      expect(second.openedRunId).toBe(first.openedRunId);
      const runs = (await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>;
      expect(runs).toHaveLength(1);
      await service.shutdown();
    });
  });

  it('reads no file but a trace export: a secrets file is refused unread, nothing of it echoed', async () => {
    await withTempDir(async (dir) => {
      const secrets = join(dir, '.credentials.yaml');
      await writeFile(secrets, 'openai:\n  api_key: sk-very-secret\n');
      const { service } = await openTestService(null, { importsDir: join(dir, 'imports') });
      const refusal = service.openProject(secrets);
      await expect(refusal).rejects.toThrow(/is a file: open a folder, or a trace export/);
      await expect(refusal).rejects.not.toThrow(/sk-very-secret|api_key/);
      await service.shutdown();
    });
  });
});
