import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeInterruptedDadRun } from '../test-support/reader/python-dad-run';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';

const FIXTURES = fileURLToPath(new URL('../test-support/fixtures/', import.meta.url));
const WORK_DIR = process.env.E2E_WORK_DIR as string;

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

test('a Jaeger JSON trace opens as a run: its spans nested, logs and the rest shown as absent', async ({
  page,
}) => {
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(join(FIXTURES, 'jaeger-trace.json'));

  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  await expect(page.getByTestId('run-imported')).toContainText('Jaeger JSON');
  await expect(page.getByTestId('run-imported')).toContainText('no logs, metrics');
  await expect(runView.timeline.rowsOf('HTTP GET /dispatch')).toHaveCount(1);
  await expect(runView.timeline.rowsOf('FindDriverIDs')).toHaveAttribute('aria-level', '2');
  await expect(runView.status).toHaveAttribute('data-status', 'unknown');
  await expect(page.getByTestId('run-summary-error')).toHaveCount(0);
  await runView.logs.open();
  expect(await runView.logs.settleOn((count) => count === 0)).toBe(0);
  await page.screenshot({ path: test.info().outputPath('jaeger.png') });

  await expect(page.getByTestId('nav-project')).toHaveText('Imported traces');
});

test('an OTLP JSON export opens as a run with its DAD nodes recognised', async ({ page }) => {
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(join(FIXTURES, 'otlp-agent-trace.json'));

  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  await expect(page.getByTestId('run-imported')).toContainText('OpenTelemetry OTLP JSON');
  const nodes = page.locator('[data-testid="timeline-row"][data-node-id]');
  await expect.poll(() => nodes.count()).toBeGreaterThan(0);
  const nodeId = (await nodes.first().getAttribute('data-node-id')) as string;
  await runView.timeline.select(nodeId);
  await expect(runView.nodePane.path).not.toHaveText('');
});

test('a run folder the Python DAD left interrupted opens on that run, broken line named', async ({
  page,
}) => {
  const runDir = join(WORK_DIR, 'colleague', 'runs', 'run_20250501_100000_a1b2c3');
  await writeInterruptedDadRun(runDir);
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(runDir);

  const runView = new RunViewPage(page);
  await expect(runView.root).toHaveAttribute('data-run-id', 'run_20250501_100000_a1b2c3');
  await expect(runView.status).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('nav-project')).toHaveText('colleague');
  await expect(page.getByTestId('run-summary-error')).toHaveCount(0);
  await expect(runView.timeline.rowsOf('summarize')).toHaveCount(1);
  await expect(runView.timeline.rowsOf('check')).toHaveAttribute('data-status', 'ERROR');
  await expect(page.getByTestId('run-file-problems')).toContainText('trace.jsonl');
  await expect(page.getByTestId('run-file-problems')).toContainText('line 3');
  // The flow that never ended is shown up to the run's last record, not up to the wall clock.
  await expect(runView.nodePane.title).toHaveText('main');
  await expect(page.getByTestId('node-timing')).toContainText('not ended (the run stopped)');
  await expect(page.getByTestId('node-duration')).toHaveText(/^2\.25 s/);
  await page.getByTestId('run-file-problems').locator('summary').click();
  await page.screenshot({ path: test.info().outputPath('python-dad-run.png') });
});

test('a file that is no trace is refused with its name, and nothing opens', async ({ page }) => {
  const file = join(WORK_DIR, 'not-a-trace.json');
  await writeFile(file, '{"hello": "world"}');
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(file);
  await expect(picker.openError).toContainText(file);
  await expect(picker.root).toBeVisible();
});
