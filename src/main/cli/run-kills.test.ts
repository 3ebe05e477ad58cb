import { execFileSync } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '../reader/list-runs';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { outcomeLog, readJson, runDad, runIdAndDir, startDad } from '../../../test-support/cli/dad-process';
import { isProcessRunning, waitFor } from '../../../test-support/engine/process-state';

/** `dad agent run` processes killed or stopped by signals at chosen moments: how their runs end on disk. */

let dir: string;
let project: string;
const IDENTIFIER = 'test_project';

beforeAll(async () => {
  dir = await makeTempDir('dad-run-kills');
  project = await writeProject(join(dir, 'proj'), {
    'src/runners/sleeps.ts': runnerSource(
      'sleeps',
      "const flow = flowDef().node('wait', nodeDef('command', { commands: ['sleep 5'] }));",
    ),
    'src/runners/quick.ts': runnerSource(
      'quick',
      "const flow = flowDef().node('say', nodeDef('command', { commands: ['echo hi'] }));",
    ),
  });
  await mkdir(join(project, 'runs'));
});
afterAll(() => removeDir(dir));

const runsDir = () => join(project, 'runs');
const repoDir = () => join(project, 'runs', 'outcome', IDENTIFIER);
const worktreeOf = (runId: string) => join(project, 'runs', 'outcome', '.worktrees', IDENTIFIER, runId);
const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir(), encoding: 'utf8' });

/** Worktrees git knows of, other than the repository's own folder. */
function runWorktrees(): string[] {
  return git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .slice(1);
}

/** Starts `sleeps` and SIGKILLs it `delayMs` after the first entry appears in runs/ (its set-up begins). */
async function killDuringSetUp(delayMs: number): Promise<void> {
  const watcher = watch(runsDir());
  const { child, done } = startDad(['agent', 'run', 'sleeps', '--project-root', project]);
  watcher.once('change', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
  try {
    const result = await done;
    expect(result.signal).toBe('SIGKILL');
  } finally {
    watcher.close();
  }
}

describe('killed runs (SIGKILL)', () => {
  it('every run folder left reads interrupted; the next run clears dead worktrees; git stays sound', async () => {
    // From the first moment of set-up to well into it (outcome repository, worktree, inputs).
    for (const delayMs of [0, 3, 10, 30, 80, 200]) await killDuringSetUp(delayMs);
    // And once while its node runs.
    const running = await runDad(['agent', 'run', 'sleeps', '--project-root', project], {
      onStdout: (text, child) => {
        if (text.includes('started    sleeps.wait')) child.kill('SIGKILL');
      },
    });
    expect(running.signal).toBe('SIGKILL');

    const left = await listRuns(runsDir());
    expect(left.length).toBeGreaterThanOrEqual(1);
    for (const entry of left) {
      expect({ run: entry.runId, status: entry.status, problems: entry.problems }).toEqual({
        run: entry.runId,
        status: 'interrupted',
        problems: undefined,
      });
      expect(await readJson(join(entry.dir, '.trace', 'dad_metadata.json'))).toMatchObject({
        status: 'initialized',
        pid: expect.any(Number),
      });
    }
    expect(existsSync(worktreeOf(runIdAndDir(running.stdout).runId))).toBe(true);

    const next = await runDad(['agent', 'run', 'quick', '--project-root', project]);
    expect(next.code).toBe(0);
    expect(runWorktrees()).toEqual([]);
    const worktreeFolders = await readdir(join(project, 'runs', 'outcome', '.worktrees', IDENTIFIER));
    expect(worktreeFolders).toEqual([]);
    git('fsck', '--no-progress');
    const outcomeEntries = await readdir(join(runsDir(), 'outcome'));
    expect(outcomeEntries.filter((name) => name.startsWith('.creating-'))).toEqual([]);
    // Folders of set-ups killed before the rename stay hidden, and those a dead process held are gone.
    const hidden = (await readdir(runsDir())).filter((entry) => entry.startsWith('.'));
    expect(hidden.filter((name) => existsSync(join(runsDir(), name, '.trace', 'run.lock')))).toEqual([]);
  }, 120_000);
});

describe('stop signals', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s cancels the run, which makes its closing commit and removes its worktree; exit %i',
    async (signal, code) => {
      let sent = false;
      const run = await runDad(['agent', 'run', 'sleeps', '--project-root', project], {
        onStdout: (text, child) => {
          if (!sent && text.includes('started    sleeps.wait')) {
            sent = true;
            child.kill(signal);
          }
        },
      });
      expect(sent).toBe(true);
      expect(run.code).toBe(code);
      expect(run.stderr).toContain(`cancelling the run (${signal} again to exit at once)`);
      const { runId, runDir } = runIdAndDir(run.stdout);
      const metadata = await readJson(join(runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.status).toBe('cancelled');
      expect(metadata.error).toContain(`cancelled by the user (${signal})`);
      expect(outcomeLog(project, IDENTIFIER, runId)[0]).toMatch(
        new RegExp(`^\\[${runId}\\] Run cancelled at `),
      );
      expect(existsSync(worktreeOf(runId))).toBe(false);
      expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
    },
    60_000,
  );
});

describe('stop signals at other moments', () => {
  it('SIGTERM during set-up still ends the run cancelled, with its closing commit; exit 143', async () => {
    const watcher = watch(runsDir());
    const { child, done } = startDad(['agent', 'run', 'sleeps', '--project-root', project]);
    watcher.once('change', () => setTimeout(() => child.kill('SIGTERM'), 5));
    const run = await done.finally(() => watcher.close());
    expect(run.code).toBe(143);
    const { runId, runDir } = runIdAndDir(run.stdout);
    expect((await readJson(join(runDir, '.trace', 'dad_metadata.json'))).status).toBe('cancelled');
    expect(outcomeLog(project, IDENTIFIER, runId)[0]).toMatch(
      new RegExp(`^\\[${runId}\\] Run cancelled at `),
    );
    expect(existsSync(worktreeOf(runId))).toBe(false);
  }, 60_000);

  it('SIGTERM during a set-up that then fails still exits 143, with the set-up error', async () => {
    const previous = runIdAndDir((await runDad(['agent', 'run', 'quick', '--project-root', project])).stdout);
    // The re-run copies these inputs in after its folder and worktree are made, and fails on them.
    await writeFile(join(previous.runDir, 'static_inputs', 'static_inputs.json'), '{ broken');
    const watcher = watch(runsDir());
    const { child, done } = startDad([
      'agent',
      'run',
      'quick',
      '--project-root',
      project,
      '--previous-run-id',
      previous.runId,
    ]);
    watcher.once('change', () => setTimeout(() => child.kill('SIGTERM'), 5));
    const run = await done.finally(() => watcher.close());
    expect(run.stderr).toMatch(/error: .*static_inputs\.json is not valid JSON/);
    expect(run.code).toBe(143);
  }, 60_000);

  it('a second SIGTERM exits at once, leaving the run to read interrupted', async () => {
    const { child, done } = startDad(['agent', 'run', 'sleeps', '--project-root', project]);
    // Signals of one kind sent together merge into one: the second goes once the first is heard.
    child.stdout.on('data', (text: string) => {
      if (text.includes('started    sleeps.wait')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (text: string) => {
      if (text.includes('cancelling the run')) child.kill('SIGTERM');
    });
    const run = await done;
    expect(run.code).toBe(143);
    expect(run.stderr).toContain('exiting before the run has recorded its end');
    const { runId } = runIdAndDir(run.stdout);
    const entry = (await listRuns(runsDir())).find((listed) => listed.runId === runId);
    expect(entry?.status).toBe('interrupted');
  }, 60_000);
});

describe('a run killed while it ends', () => {
  it('killed between recording its end and the closing commit, the run reads completed', async () => {
    // The outcome repository exists once a run has started; its commit-msg hook then holds the
    // closing commit until the test has killed the run.
    expect((await runDad(['agent', 'run', 'quick', '--project-root', project])).code).toBe(0);
    const marker = join(dir, 'closing-commit-hook.pid');
    const hook = join(repoDir(), '.git', 'hooks', 'commit-msg');
    await writeFile(
      hook,
      `#!/bin/sh\nif grep -q "Run completed" "$1"; then echo $$ > "${marker}"; exec sleep 30; fi\n`,
    );
    await chmod(hook, 0o755);
    try {
      const { child, done } = startDad(['agent', 'run', 'quick', '--project-root', project]);
      expect(await waitFor(() => existsSync(marker), 20_000)).toBe(true);
      child.kill('SIGKILL');
      const result = await done;
      // The git commit waiting in the hook dies too, as a machine that lost power would leave it.
      const hookPid = Number((await readFile(marker, 'utf8')).trim());
      process.kill(hookPid, 'SIGKILL');
      await waitFor(() => !isProcessRunning(hookPid), 5000);
      const { runId, runDir } = runIdAndDir(result.stdout);
      expect(await readJson(join(runDir, '.trace', 'dad_metadata.json'))).toMatchObject({
        status: 'completed',
      });
      expect(existsSync(join(runDir, 'run_summary.json'))).toBe(true);
      expect(
        outcomeLog(project, IDENTIFIER, runId).some((subject) => subject.includes('Run completed')),
      ).toBe(false);
      const entry = (await listRuns(runsDir())).find((run) => run.runId === runId);
      expect(entry?.status).toBe('completed');
    } finally {
      await rm(hook, { force: true });
    }
    // The worktree the kill left is cleared by the next run.
    expect((await runDad(['agent', 'run', 'quick', '--project-root', project])).code).toBe(0);
    expect(runWorktrees()).toEqual([]);
  }, 60_000);
});
