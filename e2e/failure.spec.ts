import { expect, test } from './fixtures';
import { RUN_TIMEOUT_MS } from './support/runs';
import { LaunchPage } from './pages/launch-page';
import { RunsPage } from './pages/runs-page';
import { ARTICLE_WRITER, FOLDER_REPORT } from './support/sample-answers';

const FAILING_COMMAND = 'echo about to fail; exit 3';

test('a run whose command node exits with code 3 is shown as failed, the node in red with its error', async ({
  page,
}) => {
  const runs = new RunsPage(page);
  await runs.goto();
  await expect(runs.agent(FOLDER_REPORT.agentId)).toBeVisible();
  expect(await runs.loadErrorOf(FOLDER_REPORT.agentId), 'folder_report loads without an error').toBeNull();

  // The static inputs replace the command node's commands: valid input, a failure at run time.
  const launch = new LaunchPage(page);
  await launch.open();
  await launch.chooseAgent(FOLDER_REPORT.agentId);
  await launch.setInputs({ [FOLDER_REPORT.commandNodeId]: { commands: [FAILING_COMMAND] } });
  const runView = await launch.run();
  const runId = await runView.runId();

  expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('failed');
  await expect(runView.status).toHaveText('failed');
  await expect(runView.error).toContainText(FOLDER_REPORT.commandNodeId);
  await expect(runView.error).toContainText('exited with code 3');

  const timeline = runView.timeline;
  await expect(timeline.rowsOf(FOLDER_REPORT.commandNodeId)).toHaveAttribute('data-status', 'ERROR');
  expect(await timeline.isNamedInRed(FOLDER_REPORT.commandNodeId), 'the failed node is marked red').toBe(
    true,
  );
  await expect(timeline.rowsOf('analyze')).toHaveAttribute('data-status', 'OK');
  expect(await timeline.isNamedInRed('analyze'), 'a node that succeeded is not marked red').toBe(false);

  await timeline.select(FOLDER_REPORT.commandNodeId);
  const pane = runView.nodePane;
  await expect(pane.status).toHaveAttribute('data-status', 'ERROR');
  await expect(pane.errors).toContainText(`command "${FAILING_COMMAND}" exited with code 3`);
  await expect(pane.input).toContainText(FAILING_COMMAND);

  await runView.backToRuns();
  await expect(runs.runStatus(runId)).toHaveAttribute('data-status', 'failed');
  await expect(runs.runStatus(runId)).toHaveText('failed');
});

test('invalid JSON in the static inputs names its line and column, and Run is refused', async ({ page }) => {
  const runs = new RunsPage(page);
  await runs.goto();
  const runsBefore = await runs.refreshedRunCount();

  const launch = new LaunchPage(page);
  await launch.open();
  await launch.chooseAgent(ARTICLE_WRITER.agentId);
  // "bread" lacks its quotes: the error is at line 3, column 36.
  await launch.setInputs('{\n  "outline": {\n    "prompt_variables": { "topic": bread }\n  }\n}');

  await expect(launch.jsonError).toContainText('Line 3, column 36');
  await expect(launch.jsonError).toContainText("found 'b'");
  await expect(launch.inputs).toHaveAttribute('aria-invalid', 'true');
  await expect(launch.runButton).toBeDisabled();

  // The keyboard shortcut is refused too: no run starts and the form stays.
  await launch.inputs.press('Control+Enter');
  await expect(page.getByTestId('app')).toHaveAttribute('data-screen', 'launch');
  await expect(launch.jsonError).toBeVisible();

  await runs.open();
  expect(await runs.refreshedRunCount(), 'no run was started').toBe(runsBefore);
});

test('a static input that fails validation names the node and the field, and Run is refused', async ({
  page,
}) => {
  await new RunsPage(page).goto();
  const launch = new LaunchPage(page);
  await launch.open();
  await launch.chooseAgent(ARTICLE_WRITER.agentId);
  await launch.setInputs({ outline: { prompt_variables: { topic: ['not', 'a', 'scalar'] } } });

  await expect(launch.jsonError).toHaveCount(0);
  await expect(launch.validation).toHaveAttribute('data-state', 'invalid');
  await expect(launch.validationErrors).toHaveCount(1);
  await expect(launch.validationErrors).toContainText('outline');
  await expect(launch.validationErrors).toContainText('prompt_variables.topic');
  await expect(launch.runButton).toBeDisabled();
});
