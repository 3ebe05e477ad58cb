import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RerunDialog } from './pages/rerun-dialog';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { launchCompletedRun, RUN_TIMEOUT_MS } from './support/runs';
import { serverProjectRoot } from './support/server-project';

/**
 * An agent whose runner names its root component `<agent>_root`, as DAD's projects do, written
 * into the served project while the window is open: three steps that each take a moment.
 */
const AGENT_ID = 'three_steps';
const ROOT_ID = `${AGENT_ID}_root`;
const RUNNER = [
  "import { defineRunner, flowDef } from 'dad-run-inspector/engine';",
  'const pause = (value: string) => new Promise((done) => setTimeout(() => done(value), 300));',
  "const flow = flowDef().callback('gather', () => pause('notes')).callback('draft', () => pause('text')).callback('polish', () => pause('done'));",
  `export const runner = defineRunner({ definition: flow, rootComponentId: '${ROOT_ID}', description: 'three steps' });`,
  '',
].join('\n');
const runnerFile = () => join(serverProjectRoot(), 'src', 'runners', `${AGENT_ID}.ts`);

test.afterEach(async () => {
  await rm(runnerFile(), { force: true });
});

/** Writes the agent's runner into the served project and reloads until the runs screen lists it. */
async function addAgentAndWaitForIt(page: Page): Promise<void> {
  const runs = new RunsPage(page);
  await writeFile(runnerFile(), RUNNER);
  await expect(async () => {
    await page.reload();
    await expect(runs.agent(AGENT_ID)).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** The compare card's duration of one side. */
function compareDuration(page: Page, side: 'a' | 'b'): Locator {
  return page
    .getByTestId(`compare-run-${side}`)
    .locator('dt', { hasText: /^Duration$/ })
    .locator('xpath=following-sibling::dd');
}

test('an agent added to the project re-runs from a node; the continuation adds up', async ({ page }) => {
  const runs = new RunsPage(page);
  await runs.goto();
  await expect(runs.agent(AGENT_ID)).toHaveCount(0);
  // Written while the project is open: the window lists it without opening the project again.
  await addAgentAndWaitForIt(page);

  const { runView: original, runId: originalId } = await launchCompletedRun(page, AGENT_ID);
  await original.timeline.select('draft');
  const dialog = new RerunDialog(page);
  // The run names its root component `three_steps_root`; the agent that gives it is found anyway.
  await expect(dialog.openButton).toBeEnabled();
  await dialog.open();
  await expect(dialog.validation).toHaveAttribute('data-state', 'valid');
  await dialog.start.click();

  const compare = page.getByTestId('compare-screen');
  await expect(compare).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  await expect(compare.getByTestId('compare-run-b')).toContainText('completed');
  const rerunId = (
    await compare.getByTestId('compare-run-b').getByTestId('compare-run-id').innerText()
  ).trim();
  await expect(compare.getByTestId('compare-run-a')).toContainText(originalId);
  // The reused step's time is shown beside the continuation's own: no saving it did not make.
  await expect(compare.getByTestId('compare-summary')).toContainText('1 reused');
  await expect(compare.getByTestId('compare-summary')).toContainText(
    /time [0-9.]+ s → [0-9.]+ s \+ [0-9.]+ s reused/,
  );
  // No model calls: tokens and cost are unknown, not zero.
  await expect(compare.getByTestId('compare-run-tokens').first()).toHaveText('—');
  const cardDuration = (await compareDuration(page, 'b').innerText()).trim();
  expect(cardDuration).toMatch(/\d/);
  await page.screenshot({ path: test.info().outputPath('rerun-whole-compare.png') });

  // One duration for the run, alike in the runs table, the run's header and the compare card.
  await runs.open();
  await expect(runs.runRow(rerunId).locator('[data-column="duration"]')).toHaveText(cardDuration);
  await page.screenshot({ path: test.info().outputPath('rerun-whole-runs.png') });
  await runs.openRun(rerunId);
  const rerun = new RunViewPage(page);
  await expect(rerun.status).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('run-duration')).toHaveText(cardDuration);
  await expect(page.getByTestId('run-previous')).toHaveText(`re-run of ${originalId}`);
  await page.screenshot({ path: test.info().outputPath('rerun-whole-run.png') });
});

test('the timeline of a continuation shows the nodes it reused, marked with their run', async ({ page }) => {
  // Needs the run index to give reused nodes rows (reader/run-index.ts fills `SpanTreeView.reused`).
  test.fixme(true, 'reused nodes get no rows until the run index adds them');
  await new RunsPage(page).goto();
  await addAgentAndWaitForIt(page);
  const { runView: original, runId: originalId } = await launchCompletedRun(page, AGENT_ID);
  await original.timeline.select('draft');
  const dialog = new RerunDialog(page);
  await dialog.open();
  await dialog.start.click();
  await expect(page.getByTestId('compare-screen')).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  await page.getByTestId('nav-run').click();
  const rerun = new RunViewPage(page);
  await expect(rerun.timeline.rowsOf('gather')).toHaveCount(1);
  await expect(rerun.timeline.rowsOf('gather')).toContainText(`reused from ${originalId}`);
  await expect(rerun.timeline.rowsOf('draft')).not.toContainText('reused from');
  await expect(rerun.timeline.rowsOf('polish')).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('rerun-whole-timeline.png') });
});
