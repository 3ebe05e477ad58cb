import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { loadRunner } from '../project/load-runner';
import { forkRunProcess } from './fork-run-process';
import { ProcessHostedRun } from './hosted-run';
import { RunHost } from './run-host';
import { planHostedRun } from './run-plan';

/** A run's start settles, and says why, whatever the child says first. */

let dir: string;
let project: string;

beforeAll(async () => {
  dir = await makeTempDir('dad-start-handshake');
  project = await writeProject(join(dir, 'proj'), {
    // Agent code runs in the child before the run starts and can write into the channel itself.
    'src/runners/early.ts': runnerSource(
      'early',
      "process.send?.({ type: 'ended', status: 'completed', error: null });\nconst flow = flowDef().callback('one', () => 1);",
      ', enableOutcomeRepo: false',
    ),
    'src/runners/plain.ts': runnerSource(
      'plain',
      "const flow = flowDef().callback('one', () => 1);",
      ', enableOutcomeRepo: false',
    ),
  });
});
afterAll(() => removeDir(dir));

describe('the start of a hosted run', () => {
  it('fails, naming why, when the child says the run ended before saying it started', async () => {
    const host = new RunHost({ launch: forkRunProcess, spareProcess: false });
    const spec = await loadRunner(project, 'early');
    await expect(
      host.start(planHostedRun(spec, { projectRoot: project, agentId: 'early' }), () => undefined),
    ).rejects.toThrow(/could not start: .*ended before saying it started/);
    host.close();
  }, 30_000);

  it('ends a run that could not start with the start error, not with how its process exited', async () => {
    const spec = await loadRunner(project, 'plain');
    const plan = planHostedRun(spec, {
      projectRoot: project,
      agentId: 'plain',
      staticInputs: { nowhere: { a: 1 } },
    });
    const run = new ProcessHostedRun(forkRunProcess({ memoryLimitMb: 256 }), plan, () => undefined, {
      memoryLimitMb: 256,
      cancelGraceMs: 2000,
    });
    const startError = await run.started.then(
      () => null,
      (error: Error) => error.message,
    );
    expect(startError).toMatch(/nowhere/);
    const end = await run.ended;
    expect(end.status).toBe('failed');
    expect(end.error).toBe(startError);
    expect(end.error).not.toMatch(/exited with code/);
  }, 30_000);
});
