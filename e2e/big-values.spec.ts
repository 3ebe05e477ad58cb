import { join } from 'node:path';
import {
  BIG_ATTRIBUTE,
  BIG_RUN_ID,
  writeBigValuesRun,
  type BigValuesRun,
} from '../test-support/big-values-run';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';

const WORK_DIR = process.env.E2E_WORK_DIR as string;
const PREVIEW = 64 * 1024;
const PIECE = 1024 * 1024;

let run: BigValuesRun;

test.beforeAll(async () => {
  // A 50 MB span attribute, and a 2 MB result.json: small enough to be offered whole.
  run = await writeBigValuesRun(join(WORK_DIR, 'big-values', 'runs'), { result: 2 * 1024 * 1024 });
});

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

test('a 50 MB attribute and a 2 MB result.json show their start, and the rest loads from the keyboard', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(run.runDir);
  const runView = new RunViewPage(page);
  await expect(runView.root).toHaveAttribute('data-run-id', BIG_RUN_ID);
  await runView.timeline.select('summarize');

  // result.json: its first bytes, what is left, and (under a few MiB) the whole on request.
  const file = page.getByTestId('node-long-file');
  await expect(file).toContainText('result.json');
  const fileText = file.getByTestId('node-long-file-text');
  await expect(file.getByTestId('node-long-file-text-remaining')).toContainText('more bytes');
  expect(
    run.resultText.startsWith((await fileText.getByTestId('node-long-file-text-text').textContent()) ?? '-'),
  ).toBe(true);
  await expect(runView.nodePane.output).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('big-values-preview.png') });
  const loadAll = file.getByTestId('node-long-file-text-all');
  await loadAll.focus();
  await page.keyboard.press('Enter');
  // The machine is shared: reading and serializing 2 MB may take a while under load.
  await expect(fileText).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });
  expect((await fileText.getByTestId('node-long-file-text-text').textContent()) === run.resultText).toBe(
    true,
  );
  await expect(fileText.getByTestId('node-long-file-text-text')).toBeFocused();
  // Loaded whole, the file is read as JSON: the node's output shows as usual.
  await expect(runView.nodePane.output).toContainText('result 0000000');

  // The span attribute: its first 64 KiB, what is left, and the next piece on request.
  const attributes = page.getByTestId('node-attributes');
  await attributes.locator('summary').focus();
  await page.keyboard.press('Enter');
  const value = attributes.getByTestId('paged-text');
  await expect(value).toHaveCount(1);
  const shown = value.getByTestId('paged-text-text');
  expect(((await shown.textContent()) ?? '').length).toBe(PREVIEW);
  const total = run.attributeValue.length;
  await expect(value.getByTestId('paged-text-remaining')).toContainText(
    `${(total - PREVIEW).toLocaleString('en-US')} more characters`,
  );
  await expect(value.getByTestId('paged-text-all')).toHaveCount(0);
  await value.getByTestId('paged-text-next').focus();
  await page.keyboard.press('Enter');
  // A piece holds up to 1 MiB of JSON: fewer characters when some take several bytes.
  await expect
    .poll(async () => ((await shown.textContent()) ?? '').length)
    .toBeGreaterThan(PREVIEW + PIECE / 2);
  const loaded = (await shown.textContent()) ?? '';
  expect(loaded === run.attributeValue.slice(0, loaded.length)).toBe(true);
  await expect(value.getByTestId('paged-text-remaining')).toContainText(
    `${(total - loaded.length).toLocaleString('en-US')} more characters`,
  );
  await expect(page.getByTestId('node-attributes')).toContainText(BIG_ATTRIBUTE);
  await value.getByTestId('paged-text-next').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('big-values-loaded.png') });
});
