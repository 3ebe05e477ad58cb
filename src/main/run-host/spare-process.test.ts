import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { forkRunProcess } from './fork-run-process';
import { RunHost } from './run-host';
import { planHostedRun } from './run-plan';
import type { RunProcess, RunProcessLauncher } from './run-process';
import { loadRunner } from '../project/load-runner';

/** The process the next run will use is started ahead of it, and only ever used once and alive. */

let dir: string;
let project: string;

beforeAll(async () => {
  dir = await makeTempDir('dad-spare-process');
  project = await writeProject(join(dir, 'proj'), {
    'src/runners/quick.ts': runnerSource(
      'quick',
      "const flow = flowDef().callback('one', () => ({ ran_in_pid: process.pid }));",
      ', enableOutcomeRepo: false',
    ),
    'src/runners/own_limit.ts': runnerSource(
      'own_limit',
      "const flow = flowDef().callback('one', () => ({ ran_in_pid: process.pid }));",
      ', enableOutcomeRepo: false, memoryLimitMb: 200',
    ),
  });
});
afterAll(() => removeDir(dir));

/** Runs the agent once per call; resolves with the pid of the process its node ran in. */
function runner(host: RunHost, agentId: string): () => Promise<number | null> {
  return async () => {
    const spec = await loadRunner(project, agentId);
    let ranIn: number | null = null;
    const run = await host.start(planHostedRun(spec, { projectRoot: project, agentId }), (event) => {
      const found = /"ran_in_pid":(\d+)/.exec(JSON.stringify(event));
      if (event.type === 'node_completed' && found) ranIn = Number(found[1]);
    });
    expect(await run.ended).toMatchObject({ status: 'completed', recordedBy: 'run' });
    return ranIn;
  };
}

describe('the spare run process', () => {
  it('runs the next run in the process started ahead, and replaces one that died waiting', async () => {
    const launched: RunProcess[] = [];
    const launch: RunProcessLauncher = (options) => {
      const child = forkRunProcess(options);
      launched.push(child);
      return child;
    };
    const host = new RunHost({ launch, memoryLimitMb: 256 });
    const runOnce = runner(host, 'quick');
    try {
      expect(await runOnce()).toBe(launched[0]?.pid);
      // The first run's process, then the spare started once it was under way.
      expect(launched).toHaveLength(2);
      // The second run ran in the spare; a new spare was started after it.
      expect(await runOnce()).toBe(launched[1]?.pid);
      expect(launched).toHaveLength(3);

      const spare = launched[2] as RunProcess;
      const gone = new Promise<void>((resolve) => spare.onExit(() => resolve()));
      spare.kill();
      await gone;
      // The dead spare was not used: the run got a process of its own, then a new spare came.
      expect(await runOnce()).toBe(launched[3]?.pid);
      expect(launched).toHaveLength(5);
    } finally {
      host.close();
    }
  });

  it("keeps a spare at an agent's own memory limit, so its next run does not wait for a new process", async () => {
    const launched: { process: RunProcess; memoryLimitMb: number }[] = [];
    const host = new RunHost({
      launch: (options) => {
        const child = forkRunProcess(options);
        launched.push({ process: child, memoryLimitMb: options.memoryLimitMb });
        return child;
      },
      memoryLimitMb: 256,
    });
    const runOnce = runner(host, 'own_limit');
    try {
      expect(await runOnce()).toBe(launched[0]?.process.pid);
      expect(await runOnce()).toBe(launched[1]?.process.pid);
      expect(launched.map((entry) => entry.memoryLimitMb)).toEqual([200, 200, 200]);
    } finally {
      host.close();
    }
  });
});
