import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { RunsPage } from './pages/runs-page';
import { readRunJson, runMetadata, serverRunDir } from './support/run-files';
import { RUN_TIMEOUT_MS } from './support/runs';
import { FOLDER_REPORT } from './support/sample-answers';

/** Far longer than the test: the run can only end early by being cancelled. */
const SLOW_COMMAND = 'sleep 120';

test('Cancel on a running run ends it cancelled, in the window and in its files', async ({ page }) => {
  const runs = new RunsPage(page);
  await runs.goto();
  const launch = new LaunchPage(page);
  const runView = await launch.launch(FOLDER_REPORT.agentId, {
    [FOLDER_REPORT.commandNodeId]: { commands: [SLOW_COMMAND] },
  });
  const runId = await runView.runId();

  // The slow command is under way: the run is running and its node is drawn open-ended.
  await expect(runView.status).toHaveAttribute('data-status', 'running', { timeout: RUN_TIMEOUT_MS });
  await expect(runView.timeline.rowsOf(FOLDER_REPORT.commandNodeId)).toHaveAttribute(
    'data-status',
    'RUNNING',
    { timeout: RUN_TIMEOUT_MS },
  );
  expect((await runMetadata(runId)).status, 'the files say the run is going').toBe('initialized');

  await runView.cancelButton.click();
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('cancelled');
  await expect(runView.status).toHaveText('cancelled');
  await expect(runView.cancelButton).toHaveCount(0);
  await expect(runView.cancelError).toHaveCount(0);
  await expect(runView.timeline.rows.and(page.locator('[data-status="RUNNING"]'))).toHaveCount(0);

  // The files agree: the run ended cancelled, its node too, and no process holds it any more.
  const metadata = await runMetadata(runId);
  expect(metadata).toMatchObject({ run_id: runId, status: 'cancelled' });
  expect(typeof metadata.completed_at).toBe('string');
  const node = await readRunJson(runId, FOLDER_REPORT.agentId, FOLDER_REPORT.commandNodeId, 'result.json');
  expect(node.execution_status).toBe('cancelled');
  expect(existsSync(join(serverRunDir(runId), '.trace', 'run.lock'))).toBe(false);
  // Nodes after the cancelled one never ran.
  expect(existsSync(join(serverRunDir(runId), FOLDER_REPORT.agentId, 'summarize'))).toBe(false);

  await runView.backToRuns();
  await expect(runs.runStatus(runId)).toHaveAttribute('data-status', 'cancelled');
  await expect(runs.runStatus(runId)).toHaveText('cancelled');
});
