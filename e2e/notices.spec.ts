import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { NodeInputForm } from './pages/node-input-form';
import { BrowserNotifications } from './pages/browser-notifications';
import { NoticesPanel } from './pages/notices-panel';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { RUN_TIMEOUT_MS } from './support/runs';
import { ARTICLE_WRITER, FOLDER_REPORT } from './support/sample-answers';

const TITLE = 'DAD Run Inspector';
const ASKING_AGENT = 'asks_first';

/** A project beside the server's sample copy whose one agent asks for its first node's input. */
function askingProjectRoot(): string {
  const workDir = process.env.E2E_WORK_DIR;
  if (!workDir)
    throw new Error('E2E_WORK_DIR is not set: run the browser tests through playwright.config.ts');
  return join(workDir, 'notices-project');
}

test.beforeAll(async () => {
  const root = askingProjectRoot();
  await mkdir(join(root, '.dhenara'), { recursive: true });
  await mkdir(join(root, 'src', 'runners'), { recursive: true });
  await writeFile(
    join(root, '.dhenara', 'config.yaml'),
    "project:\n  name: 'Notices project'\n  identifier: notices_project\n",
  );
  await writeFile(
    join(root, 'src', 'runners', `${ASKING_AGENT}.ts`),
    [
      "import { defineRunner, flowDef, nodeDef } from 'dad-run-inspector/engine';",
      "const flow = flowDef().node('ask', nodeDef('command', { commands: ['echo hi'] }, { inputRequired: true }));",
      `export const runner = defineRunner({ definition: flow, rootComponentId: '${ASKING_AGENT}', enableOutcomeRepo: false });`,
      '',
    ].join('\n'),
  );
});
test.afterAll(async () => {
  await rm(askingProjectRoot(), { recursive: true, force: true });
});

test('a run launched from the window ends with a toast whose "Open run" opens it', async ({ page }) => {
  const runs = new RunsPage(page);
  await runs.goto();
  const runView = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  const runId = await runView.runId();
  await runView.backToRuns();

  const toast = new NoticesPanel(page).ofRun(runId);
  await expect(toast.root).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  await expect(toast.root).toHaveAttribute('role', 'status');
  await expect(toast.root).toContainText('Run completed');
  await expect(toast.message).toHaveText(`${ARTICLE_WRITER.agentId} completed`);
  // Notifications are not allowed yet in this tab: the toasts offer to ask.
  await expect(new NoticesPanel(page).askPermission).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath('toast-completed.png') });

  await toast.openRun.click();
  await expect(runView.root).toHaveAttribute('data-run-id', runId);
  await expect(toast.root).toHaveCount(0);
});

test("a failing run's toast says its error, and stays until dismissed", async ({ page }) => {
  await new RunsPage(page).goto();
  const runView = await new LaunchPage(page).launch(FOLDER_REPORT.agentId, {
    [FOLDER_REPORT.commandNodeId]: { commands: ['echo about to fail; exit 3'] },
  });
  const runId = await runView.runId();
  const toast = new NoticesPanel(page).ofRun(runId);
  await expect(toast.root).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  await expect(toast.root).toContainText('Run failed');
  await expect(toast.message).toContainText(`${FOLDER_REPORT.agentId} failed`);
  await expect(toast.message).toContainText('exited with code 3');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath('toast-failed.png') });

  // A completed run's toast goes by itself after a few seconds; a failed one waits for the user.
  await page.waitForTimeout(9_000);
  await expect(toast.root).toBeVisible();
  await toast.close.click();
  await expect(toast.root).toHaveCount(0);
});

test('in a hidden tab with notifications allowed, a browser notification opens the run when clicked', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['notifications']);
  const notifications = new BrowserNotifications(page);
  await notifications.record();
  const runs = new RunsPage(page);
  await runs.goto();
  await new LaunchPage(page).open();
  const launch = new LaunchPage(page);
  await launch.chooseAgent(ARTICLE_WRITER.agentId);
  await launch.setInputs({});
  await launch.expectInputsAccepted();

  await notifications.hideTab();

  await launch.runButton.click();
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  const runId = await runView.runId();
  await expect
    .poll(() => notifications.created(), { timeout: RUN_TIMEOUT_MS })
    .toEqual([
      { title: `Run completed: ${ARTICLE_WRITER.agentId}`, body: `${ARTICLE_WRITER.agentId} completed` },
    ]);

  await notifications.showTab();
  // Allowed already: nothing more to ask.
  await expect(new NoticesPanel(page).ofRun(runId).root).toBeVisible();
  await expect(new NoticesPanel(page).askPermission).toHaveCount(0);
  await runView.backToRuns();
  await notifications.click(0);
  await expect(runView.root).toHaveAttribute('data-run-id', runId);
});

test('a visible tab gets no browser notification, even with notifications allowed', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['notifications']);
  const notifications = new BrowserNotifications(page);
  await notifications.record();
  await new RunsPage(page).goto();
  const runView = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  const runId = await runView.runId();
  // The toast shows the run ended; the notification would have been created just before it.
  await expect(new NoticesPanel(page).ofRun(runId).root).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  expect(await notifications.created()).toEqual([]);
});

test('the title counts the running runs while one waits for input, whose toast opens its form', async ({
  page,
}) => {
  const runs = new RunsPage(page);
  await runs.goto();
  await expect(page).toHaveTitle(TITLE);
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(askingProjectRoot());
  await expect(runs.projectName).toHaveText('Notices project');
  try {
    const runView = await new LaunchPage(page).launch(ASKING_AGENT, {});
    const runId = await runView.runId();
    await expect(page).toHaveTitle(`(1 running) ${TITLE}`, { timeout: RUN_TIMEOUT_MS });
    await runView.backToRuns();

    const toast = new NoticesPanel(page).ofRun(runId);
    await expect(toast.root).toContainText('Waiting for input');
    await expect(toast.message).toContainText(`${ASKING_AGENT}.ask`);
    await toast.openRun.click();
    await expect(new NodeInputForm(page).of(`${ASKING_AGENT}.ask`).root).toBeVisible();

    await runView.cancelButton.click();
    expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('cancelled');
    await expect(page).toHaveTitle(TITLE);
  } finally {
    await picker.reopenSample();
  }
});
