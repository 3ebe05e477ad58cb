import { expect, test } from './fixtures';
import { RUN_TIMEOUT_MS } from './support/runs';
import { LaunchPage } from './pages/launch-page';
import { RerunDialog } from './pages/rerun-dialog';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { TimelinePanel } from './pages/timeline-panel';
import { ARTICLE_WRITER } from './support/sample-answers';

test('re-running from a node with its input edited runs live, then opens the comparison with the original', async ({
  page,
}) => {
  await TimelinePanel.recordChanges(page);
  await new RunsPage(page).goto();
  const original = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  const originalId = await original.runId();
  expect(await original.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');

  await original.timeline.select('outline');
  const dialog = new RerunDialog(page);
  await dialog.open();
  // The original ran with no input for the node: the editor starts from an empty object.
  await expect(dialog.input).toHaveValue('{}');

  await dialog.input.fill('{ "prompt_variables": { "topic": tomatoes } }');
  await expect(dialog.jsonError).toContainText('Line 1, column 34');
  await expect(dialog.start).toBeDisabled();

  await dialog.input.fill('{ "prompt_variables": "tomatoes" }');
  await expect(dialog.validation).toHaveAttribute('data-state', 'invalid');
  await expect(dialog.validation).toContainText('outline');
  await expect(dialog.start).toBeDisabled();

  await dialog.input.fill('{ "prompt_variables": { "topic": "tomatoes" } }');
  await expect(dialog.validation).toHaveAttribute('data-state', 'valid');
  await page.screenshot({ path: test.info().outputPath('rerun-dialog.png') });
  await dialog.start.click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', /^rerun_/);

  // When the continuation has ended, the comparison with the original opens by itself.
  const compare = page.getByTestId('compare-screen');
  await expect(compare).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  const rerunId = (
    await compare.getByTestId('compare-run-b').getByTestId('compare-run-id').innerText()
  ).trim();
  expect(rerunId).not.toBe(originalId);
  await expect(compare.getByTestId('compare-run-a')).toContainText(originalId);
  await expect(compare.getByTestId('compare-run-b')).toContainText(rerunId);
  await expect(compare.getByTestId('compare-run-b')).toContainText('completed');
  // The edited topic gave another article: the outcome files differ.
  await expect(compare.getByTestId('compare-summary')).not.toContainText('no outcome file differs');
  await page.screenshot({ path: test.info().outputPath('rerun-compare.png') });

  // Before that, the continuation ran live in the window.
  const samples = await new TimelinePanel(page).recordedSamples(rerunId);
  expect(
    samples.some((sample) => sample.runStatus === 'running' && sample.rows > 0),
    'the re-run was shown running, with spans, before the comparison opened',
  ).toBe(true);
  await page.getByTestId('nav-run').click();
  const rerun = new RunViewPage(page);
  await expect(rerun.root).toHaveAttribute('data-run-id', rerunId);
  await expect(page.getByTestId('run-previous')).toHaveText(`re-run of ${originalId}`);
  await expect(rerun.nodePane.title).toHaveText(ARTICLE_WRITER.agentId);
  await expect(page.getByTestId('node-detail-error')).toHaveCount(0);
});

test('re-running from a later node reuses the nodes before it', async ({ page }) => {
  await new RunsPage(page).goto();
  const original = await new LaunchPage(page).launch(ARTICLE_WRITER.agentId, {});
  const originalId = await original.runId();
  expect(await original.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');

  await original.timeline.select('plan');
  const dialog = new RerunDialog(page);
  await dialog.open();
  await expect(dialog.validation).toHaveAttribute('data-state', 'valid');
  await dialog.start.click();

  const rerun = new RunViewPage(page);
  const compare = page.getByTestId('compare-screen');
  await expect(compare).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  // Compared once the re-run's files are all written: it ended, and reused two nodes.
  await expect(compare.getByTestId('compare-run-b')).toContainText('completed');
  await expect(compare.getByTestId('compare-summary')).toContainText('2 reused');
  await expect(compare.getByTestId('compare-run-a')).toContainText(originalId);
  // Back on the re-run: plan ran again; outline and draft were loaded from the original, not run.
  await page.getByTestId('nav-run').click();
  await expect(rerun.status).toHaveAttribute('data-status', 'completed');
  await expect(rerun.timeline.rowsOf('plan')).toHaveCount(1);
  await expect(rerun.timeline.rowsOf('outline')).toHaveCount(0);
  await expect(rerun.timeline.rowsOf('draft')).toHaveCount(0);
});

test('a running run cannot be re-run from a node, and says why', async ({ page }) => {
  await new RunsPage(page).goto();
  const launch = new LaunchPage(page);
  await launch.open();
  await launch.chooseAgent('folder_report');
  await launch.setInputs({ line_counts: { commands: ['sleep 3'] } });
  const runView = await launch.run();
  await runView.timeline.select('line_counts');
  const button = new RerunDialog(page).openButton;
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', /still going/);
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(button).toBeEnabled();
});
