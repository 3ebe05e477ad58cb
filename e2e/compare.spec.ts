import { expect, test } from './fixtures';
import { launchCompletedRun, screenshotBothThemes } from './support/runs';
import { ComparePage } from './pages/compare-page';
import { RunsPage } from './pages/runs-page';
import { ARTICLE_WRITER, FOLDER_REPORT } from './support/sample-answers';

/** With a topic, the local provider answers the outline "The Short Version" (model-responses.yaml). */
const TOPIC_INPUTS = { outline: { prompt_variables: { topic: 'tomatoes' } } };
const TOPIC_TITLE = 'The Short Version';
const TOPIC_ARTICLE_PATH = 'articles/the-short-version/article.md';
const OUTLINE_PATH = 'article_writer.main.outline';

test('two article runs with different topics: files, diffs, nodes and a swap', async ({ page }) => {
  test.setTimeout(120_000);
  await new RunsPage(page).goto();
  const runA = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;
  const runB = (await launchCompletedRun(page, ARTICLE_WRITER.agentId, TOPIC_INPUTS)).runId;

  const compare = new ComparePage(page);
  await compare.open();
  await compare.pick(runA, runB);

  // The summary line names both runs and says which outcome files differ.
  await expect(compare.summary).toContainText(/files? added/);
  await expect(compare.summary).toContainText('removed');
  await expect(compare.runB.getByTestId('compare-run-status')).toHaveAttribute('data-status', 'completed');

  // The article moved: the old path is removed, the topic's path added.
  await expect(compare.filesTab).toContainText(/Outcome files \(\d+\)/);
  await expect(compare.file(ARTICLE_WRITER.articlePath)).toHaveAttribute('data-status', 'removed');
  await expect(compare.file(TOPIC_ARTICLE_PATH)).toHaveAttribute('data-status', 'added');

  await compare.file(TOPIC_ARTICLE_PATH).click();
  await expect(compare.file(TOPIC_ARTICLE_PATH)).toHaveAttribute('aria-selected', 'true');
  await expect(compare.fileDiff.getByTestId('file-diff-header')).toContainText(TOPIC_ARTICLE_PATH);
  await expect(compare.fileDiff.getByTestId('file-diff-counts')).toContainText(/\+\d+ −0/);
  await expect(compare.unifiedLines.filter({ hasText: TOPIC_TITLE }).first()).toHaveAttribute(
    'data-kind',
    'added',
  );
  await screenshotBothThemes(page, 'compare-files-unified');

  await compare.showDiffAs('side-by-side');
  const titleRow = compare.splitRows.filter({ hasText: TOPIC_TITLE }).first();
  await expect(titleRow).toHaveAttribute('data-kind', 'added');
  await expect(titleRow.locator('[data-side="new"]')).toContainText(TOPIC_TITLE);
  await expect(titleRow.locator('[data-side="old"]')).toHaveText('');

  // The removed article, chosen with the keyboard from the list, shows its old text as removed.
  await compare.file(TOPIC_ARTICLE_PATH).focus();
  const removedIndex = Number(await compare.file(ARTICLE_WRITER.articlePath).getAttribute('data-row-index'));
  const addedIndex = Number(await compare.file(TOPIC_ARTICLE_PATH).getAttribute('data-row-index'));
  const key = removedIndex < addedIndex ? 'ArrowUp' : 'ArrowDown';
  for (let step = 0; step < Math.abs(addedIndex - removedIndex); step += 1) await page.keyboard.press(key);
  await expect(compare.file(ARTICLE_WRITER.articlePath)).toHaveAttribute('aria-selected', 'true');
  await expect(compare.file(ARTICLE_WRITER.articlePath)).toBeFocused();
  const oldTitleRow = compare.splitRows.filter({ hasText: ARTICLE_WRITER.outlineTitle }).first();
  await expect(oldTitleRow).toHaveAttribute('data-kind', 'removed');
  await screenshotBothThemes(page, 'compare-files-split');

  // Node by node: the outline's output differs, and its outcome's title changed from A to B.
  await compare.nodesTab.click();
  await expect(compare.nodesTab).toContainText(/Nodes \(\d+ differ\)/);
  await expect(compare.onlyDiffering).toBeChecked();
  await compare.node(OUTLINE_PATH).click();
  await expect(compare.node(OUTLINE_PATH).getByTestId('compare-node-differs')).toContainText('output');
  const titleChange = compare.changes('outcome').and(page.locator('[data-path="structured.title"]'));
  await expect(titleChange.getByTestId('compare-change-before')).toHaveText(ARTICLE_WRITER.outlineTitle);
  await expect(titleChange.getByTestId('compare-change-after')).toHaveText(TOPIC_TITLE);
  await expect(compare.changes('output').first()).toBeVisible();
  // A has four sections and B three: the fourth section's nodes ran only in A.
  await expect(compare.node('article_writer.main.sections.iter_3.write_section')).toContainText('only in A');

  await compare.node(OUTLINE_PATH).focus();
  await page.keyboard.press('ArrowDown');
  await expect(compare.node(OUTLINE_PATH)).toHaveAttribute('aria-selected', 'false');
  await expect(compare.nodes.and(page.locator('[aria-selected="true"]'))).toBeFocused();
  await screenshotBothThemes(page, 'compare-nodes');

  // Every node, also those that do not differ, once the filter is off.
  const differing = await compare.nodes.count();
  await compare.onlyDiffering.uncheck();
  await expect.poll(() => compare.nodes.count()).toBeGreaterThanOrEqual(differing);

  // Swapped, the screen stays on the nodes, the fourth section ran only in B, and B's article is the one removed.
  await compare.swapButton.click();
  await compare.expectComparing(runB, runA);
  await expect(compare.nodesTab).toHaveAttribute('aria-selected', 'true');
  await expect(compare.node('article_writer.main.sections.iter_3.write_section')).toContainText('only in B');
  await compare.filesTab.click();
  await expect(compare.file(TOPIC_ARTICLE_PATH)).toHaveAttribute('data-status', 'removed');
  await expect(compare.file(ARTICLE_WRITER.articlePath)).toHaveAttribute('data-status', 'added');

  // Over plain http the clipboard API is missing: Copy selects the line instead, or copies it.
  await compare.copyButton.click();
  await expect(compare.copyState).toHaveText(/Copied|Selected/);
  const selected = await compare.summary.evaluate(
    (element) => element.ownerDocument.getSelection()?.toString() ?? '',
  );
  if ((await compare.copyState.textContent())?.startsWith('Selected')) {
    expect(selected).toBe(await compare.summary.textContent());
  }
});

test('two identical folder reports: the screen opens on them and no outcome file differs', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await new RunsPage(page).goto();
  const first = (await launchCompletedRun(page, FOLDER_REPORT.agentId)).runId;
  const second = (await launchCompletedRun(page, FOLDER_REPORT.agentId)).runId;

  // With nothing asked for, the newest run is compared with the agent's run before it.
  const compare = new ComparePage(page);
  await compare.open();
  await compare.expectComparing(first, second);
  await expect(compare.summary).toContainText('no outcome file differs');
  await expect(compare.filesTab).toContainText('Outcome files (0)');
  await expect(compare.noFiles).toBeVisible();
  await screenshotBothThemes(page, 'compare-identical');
});

test('runs of two different agents are compared with a warning that they are not one project', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await new RunsPage(page).goto();
  const article = (await launchCompletedRun(page, ARTICLE_WRITER.agentId)).runId;
  const report = (await launchCompletedRun(page, FOLDER_REPORT.agentId)).runId;

  const compare = new ComparePage(page);
  await compare.open();
  await compare.pick(article, report);
  await compare.expectComparing(article, report);
  await expect(page.getByTestId('compare-project-note')).toContainText('Not the same project');
  await expect(page.getByTestId('compare-project-note')).toContainText('article_writer');
  await expect(compare.summary).toContainText(article);
});
