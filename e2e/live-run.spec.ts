import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { launchCompletedRun, RUN_TIMEOUT_MS } from './support/runs';
import { LaunchPage } from './pages/launch-page';
import { ProjectPage } from './pages/project-page';
import type { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { TimelinePanel } from './pages/timeline-panel';
import { ARTICLE_WRITER, FOLDER_REPORT, SAMPLE_PROJECT_NAME } from './support/sample-answers';

/** Opens the window, launches article_writer with no inputs and waits until it has completed. */
async function completedArticleRun(page: Page): Promise<{ runView: RunViewPage; runId: string }> {
  await new RunsPage(page).goto();
  return launchCompletedRun(page, ARTICLE_WRITER.agentId);
}

test('the open sample project lists both agents, each ready to launch', async ({ page }) => {
  const runs = new RunsPage(page);
  await runs.goto();

  await expect(runs.projectName).toHaveText(SAMPLE_PROJECT_NAME);
  await expect(runs.agents).toHaveCount(2);
  for (const agentId of [ARTICLE_WRITER.agentId, FOLDER_REPORT.agentId]) {
    await expect(runs.agent(agentId), `${agentId} is listed`).toBeVisible();
  }
  // The list arrives whole with the project: what it shows now is final.
  for (const agentId of [ARTICLE_WRITER.agentId, FOLDER_REPORT.agentId]) {
    expect.soft(await runs.loadErrorOf(agentId), `${agentId} loads without an error`).toBeNull();
    expect.soft(await runs.agentLaunchButton(agentId).count(), `${agentId} can be launched`).toBe(1);
  }
});

test('the picker offers the sample project and opening it shows its runs screen', async ({ page }) => {
  const runs = new RunsPage(page);
  await runs.goto();
  const picker = new ProjectPage(page);
  await picker.open();

  await expect(picker.sampleSuggestion()).toHaveCount(1);
  await expect(picker.sampleSuggestion()).toContainText(SAMPLE_PROJECT_NAME);
  await picker.sampleSuggestion().click();

  await expect(runs.root).toBeVisible();
  await expect(runs.projectName).toHaveText(SAMPLE_PROJECT_NAME);
  await expect(runs.agentLaunchButton(ARTICLE_WRITER.agentId)).toBeVisible();
});

test('launching article_writer shows the timeline grow and the run end completed', async ({ page }) => {
  await TimelinePanel.recordChanges(page);
  const runs = new RunsPage(page);
  await runs.goto();
  const launch = new LaunchPage(page);
  await launch.open();
  await launch.chooseAgent(ARTICLE_WRITER.agentId);
  await launch.setInputs({});

  const runView = await launch.run();
  const runId = await runView.runId();
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('completed');
  await expect(runView.timeline.rows.first()).toBeVisible();

  const samples = await runView.timeline.recordedSamples(runId);
  const described = samples.map((s) => `${s.runStatus}: ${s.rows} rows, ${s.runningRows} running`).join('\n');
  await test.info().attach('timeline as it changed', { body: described, contentType: 'text/plain' });
  const rowCounts = samples.map((sample) => sample.rows);
  expect(rowCounts[0], 'the run view opens with an empty timeline').toBe(0);
  expect(Math.max(...rowCounts), 'the run’s spans appear in the timeline').toBeGreaterThanOrEqual(10);
  // Whether rows arrived before the run ended depends on how fast it went (about a second here).
  const grewWhileRunning = samples.some(
    (s) => s.rows > 0 && (s.runStatus === 'running' || s.runningRows > 0),
  );
  test.info().annotations.push({
    type: 'live growth',
    description: grewWhileRunning
      ? 'rows appeared while the run was running'
      : 'the run ended before rows were drawn',
  });

  await expect(runView.status).toHaveAttribute('data-status', 'completed');
  await expect(runView.status).toHaveText('completed');
  await expect(runView.runIdHeading).toHaveText(runId);
  await expect(runView.error).toHaveCount(0);
  await expect(runView.timeline.rows.and(page.locator('[data-status="RUNNING"]'))).toHaveCount(0);
  await expect(runView.timeline.rows.and(page.locator('[data-status="ERROR"]'))).toHaveCount(0);

  await runView.backToRuns();
  await expect(runs.runRow(runId)).toBeVisible();
  await expect(runs.runRow(runId)).toContainText(ARTICLE_WRITER.agentId);
  await expect(runs.runStatus(runId)).toHaveAttribute('data-status', 'completed');
});

test('selecting a model call shows its prompt, output and outcome in the node pane', async ({ page }) => {
  const { runView } = await completedArticleRun(page);
  const pane = runView.nodePane;

  await runView.timeline.select('outline');
  await expect(pane.status).toHaveAttribute('data-status', 'OK');
  await expect(pane.path).toHaveText(`${ARTICLE_WRITER.agentId}.main.outline`);
  await expect(pane.prompt).toContainText('Outline a short article about {topic}');
  await expect(pane.output).toContainText(ARTICLE_WRITER.outlineTitle);
  await expect(pane.outcome).toContainText(ARTICLE_WRITER.outlineTitle);
  for (const section of ARTICLE_WRITER.outlineSections) await expect(pane.outcome).toContainText(section);
  await expect(pane.usage).toBeVisible();

  await runView.timeline.select('draft');
  await expect(pane.outcome).toContainText(ARTICLE_WRITER.draftOpening);
  await expect(pane.outcome).not.toContainText(ARTICLE_WRITER.outlineTitle);
});

test('the logs tab filters by level and by text, and follows the selected node', async ({ page }) => {
  const { runView } = await completedArticleRun(page);
  const logs = runView.logs;
  await logs.open();

  const all = await logs.settleOn((count) => count > 0);

  await logs.showLevels('Warnings and up');
  const warnings = await logs.settleOn((count) => count > 0 && count < all);
  await expect(logs.rows).toHaveCount(warnings);
  for (const level of await logs.column(0)) expect(['WARN', 'ERROR', 'FATAL']).toContain(level);

  await logs.showLevels('All levels');
  await logs.settleOn((count) => count === all);
  await logs.filterText('create_file');
  const fileLines = await logs.settleOn((count) => count > 0 && count < all);
  await expect(logs.rows).toHaveCount(fileLines);
  for (const message of await logs.column(3)) expect(message).toContain('create_file');
  expect(await logs.column(3)).toContainEqual(expect.stringContaining(ARTICLE_WRITER.articlePath));

  await logs.filterText('');
  await logs.settleOn((count) => count === all);
  await expect(logs.followSelection).toBeChecked();
  await runView.timeline.select('outline');
  await expect(logs.nodeFilter).toHaveValue('outline');
  await logs.settleOn((count) => count > 0 && count < all);
  for (const node of await logs.column(2)) expect(node).toBe('outline');
});

test('the metrics tab draws the run’s charts', async ({ page }) => {
  const { runView } = await completedArticleRun(page);
  const metrics = runView.metrics;
  await metrics.open();

  await expect(metrics.error).toHaveCount(0);
  await expect(metrics.empty).toHaveCount(0);
  for (const chart of metrics.charts) {
    await expect(chart).toBeVisible();
    await expect(chart.locator('svg').first()).toBeVisible();
  }
  // Bars are drawn as paths; the durations chart names the nodes on its axis.
  await expect(metrics.durations.locator('svg path').first()).toBeVisible();
  await expect(metrics.durations).toContainText('outline');
  await page.screenshot({ path: test.info().outputPath('metrics.png') });
});
