import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { runnerSource, writeProject } from '../test-support/projects';
import { expect, test } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { NodePane } from './pages/node-pane';
import { NoticesPanel } from './pages/notices-panel';
import { ProjectPage } from './pages/project-page';
import { RunsPage } from './pages/runs-page';
import { RUN_TIMEOUT_MS } from './support/runs';

/** Agents whose own code ends the process their run executes in, mid-run. */
const AGENTS = {
  exits:
    "const flow = flowDef().callback('bug', () => { console.error('giving up on purpose'); process.exit(3); });",
  killed:
    "const flow = flowDef().callback('bug', () => { console.error('about to kill myself'); process.kill(process.pid, 'SIGKILL'); return new Promise(() => {}); });",
};

function projectRoot(): string {
  const workDir = process.env.E2E_WORK_DIR;
  if (!workDir)
    throw new Error('E2E_WORK_DIR is not set: run the browser tests through playwright.config.ts');
  return join(workDir, 'crashing-project');
}

test.beforeAll(async () => {
  await writeProject(
    projectRoot(),
    Object.fromEntries(
      Object.entries(AGENTS).map(([agentId, body]) => [
        `src/runners/${agentId}.ts`,
        runnerSource(agentId, body),
      ]),
    ),
    "project:\n  name: 'Crashing project'\n  identifier: crashing_project\n",
  );
});
test.afterAll(async () => {
  await rm(projectRoot(), { recursive: true, force: true });
});

async function withCrashingProject(page: Page, use: (runs: RunsPage) => Promise<void>): Promise<void> {
  const runs = new RunsPage(page);
  await runs.goto();
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(projectRoot());
  await expect(runs.projectName).toHaveText('Crashing project');
  try {
    await use(runs);
  } finally {
    await picker.reopenSample();
  }
}

const CASES = [
  { agentId: 'exits', how: 'exited with code 3', stderr: 'giving up on purpose' },
  { agentId: 'killed', how: 'was ended by signal SIGKILL', stderr: 'about to kill myself' },
] as const;

for (const { agentId, how, stderr } of CASES) {
  test(`an agent whose process ${how} is shown failed, with the reason and its last stderr lines`, async ({
    page,
  }) => {
    await withCrashingProject(page, async (runs) => {
      const runView = await new LaunchPage(page).launch(agentId, {});
      const runId = await runView.runId();
      expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('failed');
      await expect(runView.error).toContainText(`the run's process ${how} before the run ended`);
      // The last stderr lines are shown as written, apart from the reason.
      await expect(runView.error.getByTestId('run-error-detail')).toHaveText(stderr);

      const toast = new NoticesPanel(page).ofRun(runId);
      await expect(toast.root).toContainText('Run failed');
      await expect(toast.message).toContainText(`${agentId} failed: the run's process ${how}`);
      // The node the process died in was cut off, not left running.
      await runView.timeline.select('bug');
      await expect(new NodePane(page).status).toHaveAttribute('data-status', 'interrupted');
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: test.info().outputPath(`crashed-${agentId}.png`) });

      await runView.backToRuns();
      await expect(runs.runStatus(runId)).toHaveAttribute('data-status', 'failed');
      // The run's own record says so too, for any other reader of the folder.
      const metadata = JSON.parse(
        await readFile(join(projectRoot(), 'runs', runId, '.trace', 'dad_metadata.json'), 'utf8'),
      ) as Record<string, unknown>;
      expect(metadata.status).toBe('failed');
      expect(String(metadata.error)).toContain(how);
    });
  });
}
