import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { writeInterruptedDadRun } from '../test-support/reader/python-dad-run';
import { expect, test } from './fixtures';
import { ComparePage } from './pages/compare-page';
import { HistoryPage } from './pages/history-page';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { launchCompletedRun } from './support/runs';
import { ARTICLE_WRITER } from './support/sample-answers';

const FIXTURES = fileURLToPath(new URL('../test-support/fixtures/', import.meta.url));
const WORK_DIR = process.env.E2E_WORK_DIR as string;
const PLAIN_FOLDER = 'switch-plain';
const PLAIN_RUN = 'run_20250501_100000_a1b2c3';
const NO_REPOSITORY = 'This folder has no outcome repository, so it has no outcome history to show.';

// Every other test expects the sample project open: put it back even when this one fails.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

/** Nothing on screen speaks of the last project's runs, or of the channel an error came through. */
async function expectNothingLeftBehind(page: Page): Promise<void> {
  await expect(page.locator('body')).not.toContainText('was not found');
  await expect(page.locator('body')).not.toContainText('dad:');
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

test('another project, folder or trace file shows its own state, never the last project’s', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const runs = new RunsPage(page);
  const compare = new ComparePage(page);
  const history = new HistoryPage(page);
  const picker = new ProjectPage(page);
  const runTab = page.getByTestId('nav-run');

  // Deep in the sample: a run tab, a comparison, the history at one run's commit.
  await runs.goto();
  const runA = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;
  const runB = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;
  await compare.open();
  await compare.pick(runA, runB);
  await history.open();
  await history.focusRun(runB);
  await history.waitForRows();
  await history.select(history.rowsOfRun(runB).first());
  await expect(history.detailRun).toHaveText(runB);
  await expect(runTab).toHaveText(runB);

  // A plain runs folder: no run tab, its own runs to compare, and no history in one sentence.
  const folder = join(WORK_DIR, PLAIN_FOLDER);
  await writeInterruptedDadRun(join(folder, 'runs', PLAIN_RUN));
  await picker.openAs(folder, PLAIN_FOLDER);
  await expect(runs.runRow(PLAIN_RUN)).toBeVisible();
  await expect(runTab).toHaveCount(0);
  await expectNothingLeftBehind(page);

  await compare.open();
  await expect(compare.chooseA).toContainText(`${PLAIN_RUN} is not a re-run`);
  await expect(compare.pickB).toHaveValue(PLAIN_RUN);
  await expect(compare.error).toHaveCount(0);
  await expectNothingLeftBehind(page);
  await screenshot(page, 'folder-compare');

  await history.open();
  await expect(history.emptyText).toHaveText(NO_REPOSITORY);
  await expect(history.error).toHaveCount(0);
  await expect(history.runFocus).toHaveCount(0);
  await expectNothingLeftBehind(page);
  await screenshot(page, 'folder-history');

  // A trace file opens the imported-traces folder on its run: that run is the run tab.
  await picker.openAs(join(FIXTURES, 'jaeger-trace.json'), 'Imported traces');
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  const importedRun = await runView.runId();
  await expect(runTab).toHaveText(importedRun);
  await expect(page.getByTestId('run-summary-error')).toHaveCount(0);
  await expectNothingLeftBehind(page);

  await compare.open();
  await expect(compare.pickB.locator(`option[value="${importedRun}"]`)).toHaveCount(1);
  await expect(compare.pickB.locator(`option[value="${runB}"]`)).toHaveCount(0);
  await expectNothingLeftBehind(page);
  await screenshot(page, 'trace-compare');

  await history.open();
  await expect(history.emptyText).toHaveText(NO_REPOSITORY);
  await expectNothingLeftBehind(page);
  await screenshot(page, 'trace-history');

  // Back in the sample, its screens work again, with no tab of the imported run.
  await picker.reopenSample();
  await expect(runTab).toHaveCount(0);
  await compare.open();
  await compare.expectComparing(runA, runB);
  await expectNothingLeftBehind(page);
  await history.open();
  await history.waitForRows();
  await expect(history.rowsOfRun(runB).first()).toBeVisible();
  await expectNothingLeftBehind(page);
  await screenshot(page, 'sample-history-again');
  await runs.open();
  await runs.openRun(runB);
  await expect(runView.status).toHaveAttribute('data-status', 'completed');
  await expect(runTab).toHaveText(runB);
});

test('a project opened in another window moves this one to it, with nothing of the last one left', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const runs = new RunsPage(page);
  const history = new HistoryPage(page);
  const runTab = page.getByTestId('nav-run');

  await runs.goto();
  const { runId } = await launchCompletedRun(page, ARTICLE_WRITER.agentId);
  await history.open();
  await history.focusRun(runId);
  await history.waitForRows();
  await expect(runTab).toHaveText(runId);

  const folder = join(WORK_DIR, PLAIN_FOLDER);
  await writeInterruptedDadRun(join(folder, 'runs', PLAIN_RUN));
  const other = await context.newPage();
  await other.goto('/');
  await new ProjectPage(other).openAs(folder, PLAIN_FOLDER);

  // This window stays on the history, now of the folder the other one opened.
  await expect(page.getByTestId('nav-project')).toHaveText(PLAIN_FOLDER);
  await expect(history.emptyText).toHaveText(NO_REPOSITORY);
  await expect(history.rows).toHaveCount(0);
  await expect(runTab).toHaveCount(0);
  await expectNothingLeftBehind(page);
  await screenshot(page, 'other-window-history');

  const compare = new ComparePage(page);
  await compare.open();
  await expect(compare.chooseA).toContainText(`${PLAIN_RUN} is not a re-run`);
  await expectNothingLeftBehind(page);
  await other.close();
});
