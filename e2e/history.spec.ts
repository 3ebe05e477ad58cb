import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyntheticHistory } from '../src/main/engine/outcome/synthetic-history';
import { expect, test } from './fixtures';
import { launchCompletedRun, screenshotBothThemes } from './support/runs';
import { HistoryPage } from './pages/history-page';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { ARTICLE_WRITER, FOLDER_REPORT } from './support/sample-answers';

/** The node of each sample agent that commits its outcome file, and that file. */
const ARTICLE_NODE = 'write_article';
const REPORT_NODE = 'write_report';
const REPORT_PATH = 'report.md';

test('the history shows both agents’ commits with their runs and nodes, files, diff and content', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await new RunsPage(page).goto();
  const reportRun = (await launchCompletedRun(page, FOLDER_REPORT.agentId)).runId;
  const articleRun = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;

  const history = new HistoryPage(page);
  await history.open();
  await history.waitForRows();
  await expect(history.count).toContainText(/\d+ commits/);

  // Each node that committed is named beside its run; the runs' own commits carry the run only.
  const articleRow = history.rowOf(articleRun, ARTICLE_NODE);
  const reportRow = history.rowOf(reportRun, REPORT_NODE);
  await expect(articleRow).toHaveCount(1);
  await expect(reportRow).toHaveCount(1);
  await expect(articleRow).toContainText(`Add the article "${ARTICLE_WRITER.outlineTitle}"`);
  await expect(articleRow.getByTestId('history-row-run')).toHaveText(articleRun);
  await expect(articleRow.getByRole('gridcell').nth(4)).toHaveText(ARTICLE_NODE);
  expect(
    await history.rowsOfRun(articleRun).count(),
    'the article run’s node and completion commits',
  ).toBeGreaterThan(1);
  // The newest commit is the article run's last, and carries its branch as a ref.
  await expect(history.rowAt(0)).toHaveAttribute('data-run-id', articleRun);
  // (The tag shows the end of the run id; its title names the whole branch.)
  const branchTag = history
    .rowAt(0)
    .getByTestId('history-ref')
    .and(page.getByTitle(`run/${articleRun}`));
  await expect(branchTag).toHaveText(`run/…${articleRun.slice(-6)}`);

  // The article's commit: its facts, its files, the article's diff and its content.
  await history.select(articleRow);
  await expect(articleRow).toHaveAttribute('aria-selected', 'true');
  const articleSha = (await articleRow.getAttribute('data-sha'))!;
  await expect(history.detail).toHaveAttribute('data-sha', articleSha);
  await expect(history.detailSubject).toHaveText(`Add the article "${ARTICLE_WRITER.outlineTitle}"`);
  await expect(history.detailSha).toHaveText(articleSha);
  await expect(history.detailRun).toHaveText(articleRun);
  await expect(history.detailNode).toHaveText(
    new RegExp(`^${ARTICLE_WRITER.agentId}\\..*\\.${ARTICLE_NODE}$`),
  );
  await expect(history.detailParents.getByTestId('history-detail-parent')).toHaveCount(1);
  await expect(history.file(ARTICLE_WRITER.articlePath)).toHaveAttribute('data-status', 'added');

  await history.file(ARTICLE_WRITER.articlePath).click();
  await expect(history.file(ARTICLE_WRITER.articlePath)).toHaveAttribute('aria-selected', 'true');
  await expect(history.fileDiff.getByTestId('file-diff-header')).toContainText(ARTICLE_WRITER.articlePath);
  await expect(history.fileDiff.getByTestId('file-diff-counts')).toContainText(/\+\d+ −0/);
  await expect(history.diffLines.filter({ hasText: ARTICLE_WRITER.outlineTitle }).first()).toHaveAttribute(
    'data-kind',
    'added',
  );
  await screenshotBothThemes(page, 'history-diff');

  await history.diffLayout('side-by-side');
  await expect(history.fileDiff).toHaveAttribute('data-mode', 'side-by-side');
  await expect(history.splitRows.filter({ hasText: ARTICLE_WRITER.draftOpening }).first()).toBeVisible();

  await history.show('content');
  await expect(history.fileText).toContainText(`# ${ARTICLE_WRITER.outlineTitle}`);
  await expect(history.fileText).toContainText(ARTICLE_WRITER.draftOpening);
  for (const section of ARTICLE_WRITER.outlineSections) await expect(history.fileText).toContainText(section);
  await expect(history.fileTextMessage).toHaveCount(0);
  await screenshotBothThemes(page, 'history-content');

  // The report's commit shows the report it added.
  await history.select(reportRow);
  await expect(history.detailNode).toHaveText(`${FOLDER_REPORT.agentId}.${REPORT_NODE}`);
  await expect(history.file(REPORT_PATH)).toHaveAttribute('data-status', 'added');
  await expect(history.fileText).toContainText('# Folder report');

  // A parent is a link to its commit: the report run started from the first commit.
  await history.detailParents.getByTestId('history-detail-parent').click();
  await expect(history.detailSubject).toHaveText('Initial commit');
  await expect(history.selectedRow).toContainText('Initial commit');
  await history.select(reportRow);
  await expect(history.detailNode).toHaveText(`${FOLDER_REPORT.agentId}.${REPORT_NODE}`);

  // From a commit to the run that made it.
  await history.detailRun.click();
  const runView = new RunViewPage(page);
  await expect(runView.root).toHaveAttribute('data-run-id', reportRun);
  await expect(runView.status).toHaveAttribute('data-status', 'completed');
});

test('the graph is driven by the keyboard: arrows move the selection, Enter opens the commit', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await new RunsPage(page).goto();
  const articleRun = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;

  const history = new HistoryPage(page);
  await history.open();
  await history.waitForRows();
  // Without a focus, the newest commit is selected: the article run's last.
  await expect(history.rowAt(0)).toHaveAttribute('aria-selected', 'true');
  await expect(history.rowAt(0)).toHaveAttribute('data-run-id', articleRun);

  await history.graph.focus();
  await page.keyboard.press('ArrowDown');
  await expect(history.rowAt(1)).toHaveAttribute('aria-selected', 'true');
  await expect(history.rowAt(0)).toHaveAttribute('aria-selected', 'false');
  const second = (await history.rowAt(1).getAttribute('data-sha'))!;
  await expect(history.detail).toHaveAttribute('data-sha', second);
  await expect(history.detailSha).toHaveText(second);

  await page.keyboard.press('ArrowDown');
  await expect(history.rowAt(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(history.rowAt(1)).toHaveAttribute('aria-selected', 'true');
  // End reaches the oldest commit, the repository's first; ArrowDown goes no further.
  await page.keyboard.press('End');
  await expect(history.selectedRow).toContainText('Initial commit');
  await expect(history.detailSubject).toHaveText('Initial commit');
  const last = await history.selectedIndex();
  await page.keyboard.press('ArrowDown');
  await expect(history.rowAt(last)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(history.rowAt(0)).toHaveAttribute('aria-selected', 'true');
  await expect(history.detail).toHaveAttribute(
    'data-sha',
    (await history.rowAt(0).getAttribute('data-sha'))!,
  );

  // Below the run's own last commit, the article's: Enter opens it and the keyboard moves into its files.
  await page.keyboard.press('ArrowDown');
  await expect(history.rowAt(1)).toHaveAttribute('data-node-id', /write_article$/);
  await expect(history.file(ARTICLE_WRITER.articlePath)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(history.files).toBeFocused();
  await page.keyboard.press('End');
  await expect(history.fileRows.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(history.fileRows.first()).toHaveAttribute('aria-selected', 'true');
  const firstPath = (await history.fileRows.first().getAttribute('data-path'))!;
  await expect(history.fileDiff.getByTestId('file-diff-header')).toContainText(firstPath);
});

test('focusing the history on a run marks its commits and steps through them', async ({ page }) => {
  test.setTimeout(120_000);
  await new RunsPage(page).goto();
  const articleRun = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;
  const reportRun = (await launchCompletedRun(page, FOLDER_REPORT.agentId)).runId;

  const history = new HistoryPage(page);
  await history.open();
  await history.waitForRows();
  await history.focusRun(articleRun);

  await expect(history.runChip).toContainText(articleRun);
  await expect(history.runNotice).toHaveCount(0);
  // The run's newest commit is selected; every commit of the run is marked, and only those.
  await expect(history.selectedRow).toHaveAttribute('data-run-id', articleRun);
  const marked = history.rows.and(page.locator('[data-marked="true"]'));
  const ofRun = await history.rowsOfRun(articleRun).count();
  await expect(marked).toHaveCount(ofRun);
  await expect(history.runCount).toHaveText(`1 of ${ofRun} commits`);
  await expect(history.runNewer).toBeDisabled();
  const newest = await history.selectedIndex();

  await history.runOlder.click();
  await expect(history.runCount).toHaveText(`2 of ${ofRun} commits`);
  await expect(history.selectedRow).toHaveAttribute('data-run-id', articleRun);
  expect(await history.selectedIndex()).toBeGreaterThan(newest);
  await history.runNewer.click();
  await expect(history.runCount).toHaveText(`1 of ${ofRun} commits`);

  // The article run is older than the report run: its newest commit is not the graph's first.
  expect(newest).toBeGreaterThan(0);
  await screenshotBothThemes(page, 'history-run-focus');

  // Another run, then every run again.
  await history.focusRun(reportRun);
  await expect(history.runChip).toContainText(reportRun);
  await expect(history.selectedRow).toHaveAttribute('data-run-id', reportRun);
  await history.runClear.click();
  await expect(history.runFocus).toHaveCount(0);
  await expect(marked).toHaveCount(0);
  await expect(history.runFilter).toHaveValue('');
});

test('other folders: none has outcomes yet, one holds a broken repository, one 10,000 commits', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const root = await mkdtemp(join(tmpdir(), 'dad-history-e2e-'));
  const runs = new RunsPage(page);
  const picker = new ProjectPage(page);
  const history = new HistoryPage(page);
  // A folder of runs names its outcome repository after itself: <folder>/runs/outcome/<folder name>.
  const folderOfRuns = async (name: string): Promise<{ dir: string; outcomeDir: string }> => {
    const dir = join(root, name);
    await mkdir(join(dir, 'runs'), { recursive: true });
    return { dir, outcomeDir: join(dir, 'runs', 'outcome', name) };
  };
  const openFolder = async (dir: string): Promise<void> => {
    await picker.open();
    await picker.openFolder(dir);
    await runs.root.waitFor();
    await history.open();
  };
  await runs.goto();
  try {
    const none = await folderOfRuns('no_outcomes');
    await openFolder(none.dir);
    await expect(history.emptyText).toHaveText(
      'This folder has no outcome repository, so it has no outcome history to show.',
    );
    await expect(history.rows).toHaveCount(0);

    const broken = await folderOfRuns('broken_outcomes');
    await mkdir(broken.outcomeDir, { recursive: true });
    await openFolder(broken.dir);
    await expect(history.error).toContainText('The outcome repository could not be read');
    await expect(history.error).toContainText('is not a git repository');

    const big = await folderOfRuns('big_history');
    const built = await buildSyntheticHistory(big.outcomeDir, { commits: 10_000 });
    expect(built.commitCount).toBe(10_000);
    await openFolder(big.dir);
    const opened = Date.now();
    await history.waitForRows();
    const firstScreen = `${Date.now() - opened} ms from opening the screen to its first rows`;
    test.info().annotations.push({ type: 'first screen of 10,000 commits', description: firstScreen });
    console.log(`history of 10,000 commits: ${firstScreen}`);
    await expect(history.count).toHaveText('10,000 commits');
    await expect(history.rowAt(0)).toHaveAttribute('data-run-id', built.runIds.at(-1)!);
    // Only the rows on screen are drawn.
    expect(await history.rows.count()).toBeLessThan(100);
    await screenshotBothThemes(page, 'history-10k');

    // The newest run started from the first commit, 10,000 rows down: its parent link finds it there.
    const newestRun = built.runIds.at(-1)!;
    await history.graph.focus();
    for (let press = 0; press < 20 && !(await history.rowAt(100).isVisible()); press += 1) {
      await page.keyboard.press('PageDown');
    }
    await history.select(history.rowAt(100));
    await expect(history.rowAt(100)).toHaveAttribute('data-run-id', newestRun);
    await expect(history.detailSubject).toHaveText('write step 0');
    await history.detailParents.getByTestId('history-detail-parent').click();
    await expect(history.rowAt(9_999)).toHaveAttribute('aria-selected', 'true');
    await expect(history.rowAt(9_999)).toContainText('Initial commit');
    await expect(history.detailSubject).toHaveText('Initial commit');
    await expect(history.detailParents).toContainText('none (the first commit)');
    await expect(history.file('README.md')).toHaveAttribute('data-status', 'added');
    await screenshotBothThemes(page, 'history-10k-end');

    // Home and End cross the whole graph, reading the pages they land on.
    await history.graph.focus();
    await page.keyboard.press('Home');
    await expect(history.rowAt(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(history.rowAt(9_999)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowUp');
    await expect(history.rowAt(9_998)).toHaveAttribute('aria-selected', 'true');
    await expect(history.detailNode).toHaveText(/^node_\d$/);
  } finally {
    await picker.open();
    await picker.sampleSuggestion().click();
    await runs.root.waitFor();
    await rm(root, { recursive: true, force: true });
  }
});

test('from a run, its commits open in the history; from one of them, the run again', async ({ page }) => {
  await new RunsPage(page).goto();
  const runId = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;

  await page.getByTestId('run-history').click();
  const history = new HistoryPage(page);
  await history.root.waitFor();
  await expect(history.runChip).toContainText(runId);
  await expect(history.selectedRow).toHaveAttribute('data-run-id', runId);
  await expect(history.runNotice).toHaveCount(0);

  await history.detailRun.click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runId);

  // The run's outcome files tab leads there too.
  await page.getByTestId('run-tab-outcome').click();
  await page.getByTestId('outcome-open-history').click();
  await expect(history.runChip).toContainText(runId);
});
