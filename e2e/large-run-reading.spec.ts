import { join } from 'node:path';
import { generateLargeRun, type LargeRun } from '../bench/support/generate-large-run';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';

const WORK_DIR = process.env.E2E_WORK_DIR as string;

let run: LargeRun;

/** The little of the page's DOM the check below uses (this file is compiled without the DOM's types). */
interface PageElement {
  textContent: string | null;
  value?: number;
  getAttribute(name: string): string | null;
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // About 300 MB of trace: read in a worker for a few seconds, its first spans shown within one.
  run = await generateLargeRun({
    runRoot: join(WORK_DIR, 'large-run', 'runs'),
    spans: 250_000,
    logs: 50_000,
  });
});

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

test('a large run shows its first rows under a progress bar while the rest is read, then all of it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(run.runDir);
  const runView = new RunViewPage(page);
  await expect(runView.root).toHaveAttribute('data-run-id', run.runId);

  // At one moment: the bar, the rows already read, and fewer of them than the run holds.
  const early = await page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      const bar = doc.querySelector('[data-testid="run-indexing"]');
      const shown = doc.querySelector('[data-testid="run-indexing-shown"]');
      const rows = doc.querySelectorAll('[data-testid="timeline-row"]').length;
      const total = Number(doc.querySelector('[data-testid="timeline-total"]')?.getAttribute('data-total'));
      const progress = doc.querySelector('[data-testid="run-indexing-progress"]');
      return bar && shown && rows > 0 && total > 0
        ? {
            text: bar.textContent ?? '',
            rows,
            total,
            percent: progress?.value ?? -1,
            firstRow: doc.querySelector('[data-testid="timeline-row"]')?.textContent ?? '',
          }
        : null;
    },
    null,
    { timeout: 60_000, polling: 50 },
  );
  const seen = (await early.jsonValue()) as {
    text: string;
    rows: number;
    total: number;
    percent: number;
    firstRow: string;
  };
  // The first flow's line comes late in the file (a span is written when it ends): a stand-in.
  expect(seen.firstRow).toContain('(not read yet)');
  expect(seen.text).toMatch(/Reading this run's files: [\d.]+ [KMG]?i?B of [\d.]+ [MG]iB \(\d+%\)/);
  expect(seen.text).toMatch(/Showing the first [\d,]+ spans read/);
  expect(seen.total).toBeLessThan(run.spans);
  expect(seen.percent).toBeGreaterThanOrEqual(0);
  expect(seen.percent).toBeLessThan(100);
  await page.screenshot({ path: test.info().outputPath('large-run-reading.png') });

  // Once read, the bar goes and the timeline holds every span.
  await expect(page.getByTestId('run-indexing')).toHaveCount(0, { timeout: 120_000 });
  await expect(runView.timeline.total).toHaveAttribute('data-total', String(run.spans), { timeout: 30_000 });
  await expect(runView.timeline.rows.first()).toBeVisible();
});
