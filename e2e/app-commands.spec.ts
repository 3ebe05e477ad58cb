import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { AppCommand } from '../src/shared/contract';
import { serveInspector } from '../src/main/web/serve';
import { copySampleProject, makeTempDir, removeDir, runnerSource } from '../test-support/projects';
import { expect, test } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { NodeInputForm } from './pages/node-input-form';
import { NoticesPanel } from './pages/notices-panel';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { RUN_TIMEOUT_MS } from './support/runs';
import { ARTICLE_WRITER, SAMPLE_PROJECT_NAME } from './support/sample-answers';

/**
 * The desktop app's menu asks the window to do things through the service (`sendCommand`). Here a
 * server of its own runs in the test's process, so the test can send what the menu would.
 */
const ASKING_AGENT = 'asks_first';

let dir: string;
let server: Awaited<ReturnType<typeof serveInspector>>;
const token = randomBytes(24).toString('base64url');

test.beforeAll(async () => {
  dir = await makeTempDir('dad-e2e-commands');
  const projectRoot = await copySampleProject(join(dir, 'project'));
  await writeFile(
    join(projectRoot, 'src', 'runners', `${ASKING_AGENT}.ts`),
    runnerSource(
      ASKING_AGENT,
      "const flow = flowDef().node('ask', nodeDef('command', { commands: ['echo hi'] }, { inputRequired: true }));",
      ', enableOutcomeRepo: false',
    ),
  );
  server = await serveInspector({
    projectRoot,
    port: 0,
    token,
    recentProjectsFile: null,
    importsDir: join(dir, 'imports'),
    cacheDir: join(dir, 'cache'),
  });
});
test.afterAll(async () => {
  await server?.stop();
  await removeDir(dir);
});

/** Opens the window of this test's server; the server has the project open, so the runs show. */
async function openWindow(page: Page): Promise<RunsPage> {
  await page.goto(`${new URL(server.server.url).origin}/#token=${token}`);
  const runs = new RunsPage(page);
  await runs.root.waitFor();
  return runs;
}

const send = (command: AppCommand) => server.service.sendCommand(command);

test('set-theme switches the theme, as the View menu asks', async ({ page }) => {
  await openWindow(page);
  const html = page.locator('html');
  send({ name: 'set-theme', theme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  send({ name: 'set-theme', theme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test('open-run and show-runs move between screens', async ({ page }) => {
  await openWindow(page);
  const runView = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  const runId = await runView.runId();
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');
  const app = page.getByTestId('app');

  send({ name: 'show-runs' });
  await expect(app).toHaveAttribute('data-screen', 'runs');
  send({ name: 'open-run', runId });
  await expect(app).toHaveAttribute('data-screen', 'run');
  await expect(runView.root).toHaveAttribute('data-run-id', runId);
});

test('close-project leaves the project: its screens are out of reach until one is opened', async ({
  page,
}) => {
  await openWindow(page);
  send({ name: 'close-project' });
  await expect(page.getByTestId('project-picker')).toBeVisible();
  await expect(page.getByTestId('nav-project')).toHaveText('Open project');
  await expect(page.getByTestId('nav-runs')).toHaveCount(0);

  const words = new NoticesPanel(page).words();
  for (const command of [
    { name: 'launch' },
    { name: 'show-runs' },
    { name: 'open-run', runId: 'run_20260101_120000_abcdef' },
  ] as const) {
    send(command);
    await expect(words.first()).toContainText('Open a project first.');
    await expect(page.getByTestId('project-picker')).toBeVisible();
    await expect(page.getByTestId('launch-screen')).toHaveCount(0);
    await expect(page.getByTestId('run-view')).toHaveCount(0);
    await words.first().getByTestId('toast-close').click();
  }

  // A reload picks up the project the server still holds: closing was this window's own.
  await page.reload();
  await expect(new RunsPage(page).root).toBeVisible();
});

test('"Open run" on the notice of a run in another project opens that project, then the run', async ({
  page,
}) => {
  await openWindow(page);
  const runView = await new LaunchPage(page).launch(ASKING_AGENT, {});
  const runId = await runView.runId();
  const toast = new NoticesPanel(page).ofRun(runId);
  await expect(toast.message).toContainText(`waits for input at ${ASKING_AGENT}.ask`, {
    timeout: RUN_TIMEOUT_MS,
  });

  // Another project, with runs of its own, is opened while the run waits.
  const other = join(dir, 'other-project');
  await mkdir(join(other, 'runs'), { recursive: true });
  await new ProjectPage(page).open();
  await new ProjectPage(page).openFolder(other);
  await expect(page.getByTestId('nav-project')).toHaveText('other-project');

  await toast.openRun.click();
  await expect(page.getByTestId('nav-project')).toHaveText(SAMPLE_PROJECT_NAME);
  await expect(runView.root).toHaveAttribute('data-run-id', runId);
  await expect(new NodeInputForm(page).of(`${ASKING_AGENT}.ask`).root).toBeVisible();
  send({ name: 'cancel-run' });
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('cancelled');
});

test('cancel-run cancels the run in view while it waits for input; with none, it says so', async ({
  page,
}) => {
  await openWindow(page);
  const runView = await new LaunchPage(page).launch(ASKING_AGENT, {});
  await expect(new NodeInputForm(page).of(`${ASKING_AGENT}.ask`).root).toBeVisible({
    timeout: RUN_TIMEOUT_MS,
  });
  send({ name: 'cancel-run' });
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('cancelled');

  send({ name: 'cancel-run' });
  await expect(new NoticesPanel(page).words()).toContainText('No running run is in view to cancel.');
});

test('rerun-from-node opens the re-run dialog for the selected node; with none, it says so', async ({
  page,
}) => {
  await openWindow(page);
  const runView = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');
  send({ name: 'rerun-from-node' });
  await expect(new NoticesPanel(page).words()).toContainText('Select a node of a run first');

  await runView.timeline.select('draft');
  send({ name: 'rerun-from-node' });
  await expect(page.getByTestId('rerun-dialog')).toBeVisible();
  await expect(page.getByTestId('rerun-dialog')).toContainText('draft');
});

test('open-project in a browser tab shows the project picker, where a path can be typed', async ({
  page,
}) => {
  await openWindow(page);
  send({ name: 'open-project' });
  await expect(page.getByTestId('project-picker')).toBeVisible();
  await expect(page.getByTestId('project-path-input')).toBeVisible();
});

test('open-path opens a run folder straight on its run', async ({ page }) => {
  await openWindow(page);
  const runView = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  const runId = await runView.runId();
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');
  await new RunsPage(page).open();
  send({ name: 'open-path', path: join(dir, 'project', 'runs', runId) });
  await expect(new RunViewPage(page).root).toHaveAttribute('data-run-id', runId);
});
