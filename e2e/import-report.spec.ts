import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';

const FIXTURES = fileURLToPath(new URL('../test-support/fixtures/', import.meta.url));
/** Three traces; the first with a repeated span, two orphans, a self-parent and a cycle; then a metrics line. */
const OTLP_FILE = join(FIXTURES, 'otlp-import-warnings.jsonl');
const RUNS = [
  'otlp_import_warnings_4bf92f3577b34da6',
  'otlp_import_warnings_7a3c1e5f2b9d4c6e',
  'otlp_import_warnings_0af7651916cd43dd',
];

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

test('an import says what it did: its warnings, the missing parent as a placeholder, the other traces of the file', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(OTLP_FILE);

  const runView = new RunViewPage(page);
  await expect(runView.root).toHaveAttribute('data-run-id', RUNS[0] as string);

  // The file held three traces: said at once, each run listed, the others a click away.
  const traces = page.getByTestId('run-import-traces');
  await expect(traces).toContainText('The file held 3 traces; each opened as its own run');
  const listed = traces.getByTestId('run-import-trace-run');
  await expect(listed).toHaveCount(3);
  for (const [index, runId] of RUNS.entries()) await expect(listed.nth(index)).toContainText(runId);
  await expect(listed.nth(0)).toContainText('(this run)');

  // Every warning of the import, listed like broken lines are.
  const warnings = page.getByTestId('run-import-warnings');
  await expect(warnings).toContainText('6 warnings from importing the trace file');
  await warnings.locator('summary').click();
  const items = warnings.getByTestId('run-import-warning');
  await expect(items).toHaveCount(6);
  await expect(items.nth(0)).toContainText('line 2, resourceMetrics: holds metrics, not spans: left out');
  await expect(items.nth(1)).toContainText('span id 0x1a2b3c4d5e6f7081 appears twice');
  await expect(items.nth(2)).toContainText('names parent 0xdeadbeefcafef00d, which is not in the file');
  await expect(items.nth(4)).toContainText('span 0x4d5e6f708192a3b4 names itself as its parent');
  await expect(items.nth(5)).toContainText('the cycle is broken at span 0x5e6f708192a3b4c5');
  await page.screenshot({ path: test.info().outputPath('import-warnings.png') });
  await warnings.locator('summary').click();

  // The missing parent: a placeholder named so, over its two children, neither running nor "not ended".
  const placeholder = runView.timeline.rowsOf('parent 0xdeadbeefcafef00d not in this file');
  await expect(placeholder).toHaveCount(1);
  await expect(placeholder).not.toHaveAttribute('data-status', 'RUNNING');
  await expect(placeholder).toHaveAttribute('aria-level', '1');
  await expect(runView.timeline.rowsOf('charge card')).toHaveAttribute('aria-level', '2');
  await expect(runView.timeline.rowsOf('send receipt')).toHaveAttribute('aria-level', '2');
  await placeholder.click();
  await expect(page.getByTestId('node-timing')).not.toContainText('not ended');
  await expect(page.getByTestId('node-timing')).not.toContainText('running');
  // Seven spans in the file's first trace: the placeholder is not one of them.
  await expect(listed.nth(0)).toContainText('7 spans');
  await page.screenshot({ path: test.info().outputPath('import-report.png') });

  // Another trace of the file opens from the list.
  await listed.nth(1).getByRole('button').click();
  await expect(runView.root).toHaveAttribute('data-run-id', RUNS[1] as string);
  await expect(runView.timeline.rowsOf('render pdf')).toHaveCount(1);
  await expect(
    page.getByTestId('run-import-traces').getByTestId('run-import-trace-run').nth(1),
  ).toContainText('(this run)');
});
