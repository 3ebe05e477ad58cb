import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { launchCompletedRun } from './support/runs';
import { OutcomePanel, ReplayBar } from './pages/replay-bar';
import type { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { ARTICLE_WRITER } from './support/sample-answers';
import { serverProjectRoot } from './support/server-project';

/** Opens the window, launches article_writer with no inputs and waits until it has completed. */
async function completedArticleRun(page: Page): Promise<{ runView: RunViewPage; runId: string }> {
  await new RunsPage(page).goto();
  return launchCompletedRun(page, ARTICLE_WRITER.agentId);
}

test('replaying a run: at each moment the timeline, node pane, logs and outcome files agree', async ({
  page,
}) => {
  const { runView } = await completedArticleRun(page);
  const timeline = runView.timeline;
  const outcome = new OutcomePanel(page);
  const replay = new ReplayBar(page);

  // The finished run, whole: every span, the article among its outcome files.
  await expect(timeline.rows.first()).toBeVisible();
  const allRows = await timeline.totalRows();
  // Every node's lines, whichever span is selected.
  await runView.logs.followSelection.uncheck();
  const allLogLines = await runView.logs.settleOn((count) => count > 0);
  await outcome.open();
  await expect(outcome.file(ARTICLE_WRITER.articlePath)).toHaveAttribute('data-status', 'added');

  // At the run's first moment: one span begun, no commit made, no article yet.
  await replay.start();
  await expect(replay.offset).toHaveText('+0.000 s');
  await expect(timeline.total).toHaveAttribute('data-total', '1');
  await expect(outcome.summary).toContainText('At this moment: 0 of');
  await expect(outcome.file(ARTICLE_WRITER.articlePath)).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('replay-start.png') });

  // Step by step the timeline grows, never shrinks, until some node is running at the moment.
  let rows = 1;
  let running = 0;
  for (let step = 0; step < 40 && running === 0; step++) {
    await replay.stepForward();
    await expect.poll(() => timeline.totalRows()).toBeGreaterThanOrEqual(rows);
    rows = await timeline.totalRows();
    running = await timeline.rows.and(page.locator('[data-status="RUNNING"][data-node-id]')).count();
  }
  expect(running, 'a node runs at some recorded moment').toBeGreaterThan(0);
  expect(rows).toBeLessThan(allRows);
  const runningRow = timeline.rows.and(page.locator('[data-status="RUNNING"][data-node-id]')).first();
  const runningNode = (await runningRow.getAttribute('data-node-id')) as string;
  await runningRow.click();
  await expect(runView.nodePane.title).toHaveText(runningNode);
  await expect(runView.nodePane.status).toHaveAttribute('data-status', 'RUNNING');
  await expect(page.getByTestId('node-running-at-moment')).toBeVisible();
  await expect(runView.nodePane.output).toHaveCount(0);

  // At the end everything is there again: all spans, the node's output, the article's text.
  await replay.seekToEnd();
  await expect(timeline.total).toHaveAttribute('data-total', String(allRows));
  await expect(runView.nodePane.status).toHaveAttribute('data-status', 'OK');
  await expect(runView.nodePane.output).toBeVisible();
  await outcome.file(ARTICLE_WRITER.articlePath).click();
  await expect(outcome.content).toContainText(ARTICLE_WRITER.draftOpening);
  await runView.logs.open();
  await runView.logs.followSelection.uncheck();
  expect(await runView.logs.settleOn((count) => count === allLogLines)).toBe(allLogLines);
  await page.screenshot({ path: test.info().outputPath('replay-end.png') });

  // Part-way through: some lines, fewer than at the end, and none written after the moment.
  await replay.seekToStart();
  let moment = 0;
  for (let step = 0; step < 12; step++) moment = await replay.stepForward();
  const early = await runView.logs.settleOn((count) => count > 0 && count < allLogLines);
  expect(early).toBeLessThan(allLogLines);
  const times = await runView.logs.rows.evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-timestamp') ?? ''),
  );
  expect(times.length).toBe(early);
  for (const time of times) {
    expect(Date.parse(time) * 1000, `a line of ${time} shown at the moment ${moment}`).toBeLessThanOrEqual(
      moment,
    );
  }

  // "As fast as possible" plays every recorded moment through to the end, then stops.
  await replay.seekToStart();
  await replay.speed('max').click();
  await replay.play.click();
  await expect(replay.play).toHaveText(/Pause/);
  await expect(replay.play).toHaveText(/Play/, { timeout: 30_000 });
  await expect(timeline.total).toHaveAttribute('data-total', String(allRows));
  const end = Number(await replay.slider.getAttribute('max'));
  expect(await replay.moment()).toBeLessThanOrEqual(end);
  expect(await replay.moment()).toBeGreaterThan(Number(await replay.slider.getAttribute('min')));
  await expect(replay.note).toContainText('Nothing happened after this moment');

  // The metric charts too: nothing had ended at the first moment; at the end, every node is there.
  await runView.metrics.open();
  await replay.seekToStart();
  await expect(runView.metrics.empty).toBeVisible();
  await replay.seekToEnd();
  await expect(runView.metrics.durations).toContainText('outline');
  await expect(runView.metrics.empty).toHaveCount(0);

  await replay.exit.click();
  await expect(replay.root).toHaveCount(0);
  await expect(timeline.total).toHaveAttribute('data-total', String(allRows));
});

test('a run cut short replays up to its last record and is labelled interrupted', async ({ page }) => {
  const { runId } = await completedArticleRun(page);
  const runsDir = join(serverProjectRoot(), 'runs');
  const cutId = `${runId}_cut`;
  const cutDir = join(runsDir, cutId);
  await cp(join(runsDir, runId), cutDir, { recursive: true });
  try {
    // The process "died" half-way: metadata still `initialized`, the trace cut mid-line, no lock holder.
    const metadataFile = join(cutDir, '.trace', 'dad_metadata.json');
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
    await writeFile(metadataFile, JSON.stringify({ ...metadata, run_id: cutId, status: 'initialized' }));
    await rm(join(cutDir, '.trace', 'run.lock'), { force: true });
    await rm(join(cutDir, 'run_summary.json'), { force: true });
    const traceFile = join(cutDir, '.trace', 'trace.jsonl');
    const lines = (await readFile(traceFile, 'utf8')).split('\n').filter((line) => line !== '');
    const kept = lines.slice(0, Math.ceil(lines.length / 2));
    const cutLine = lines[kept.length] ?? '';
    await writeFile(traceFile, `${kept.join('\n')}\n${cutLine.slice(0, Math.floor(cutLine.length / 2))}`);
    expect((await readdir(cutDir)).length).toBeGreaterThan(0);

    const runs = new RunsPage(page);
    await runs.open();
    await runs.refreshedRunCount();
    await expect(runs.runStatus(cutId)).toHaveAttribute('data-status', 'interrupted');
    await runs.openRun(cutId);
    const replay = new ReplayBar(page);
    await replay.start();
    await expect(replay.interrupted).toBeVisible();
    await replay.seekToEnd();
    const total = page.getByTestId('timeline-total');
    await expect.poll(async () => Number(await total.getAttribute('data-total'))).toBeGreaterThan(0);
    // The last record is the end: nothing recorded after the replay's end.
    await replay.next.click();
    await expect(replay.note).toContainText('Nothing happened after this moment');
  } finally {
    await rm(cutDir, { recursive: true, force: true });
  }
});
