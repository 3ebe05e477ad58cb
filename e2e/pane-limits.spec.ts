import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PaneDivider } from './pages/pane-divider';
import { RunsPage } from './pages/runs-page';
import { launchCompletedRun } from './support/runs';
import { ARTICLE_WRITER } from './support/sample-answers';

/** Counts the window's writes of its preferences to localStorage, from before it loads. */
async function countPreferenceWrites(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(`(() => {
    window.e2ePreferenceWrites = 0;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'dad-inspector.preferences') window.e2ePreferenceWrites += 1;
      return setItem.call(this, key, value);
    };
  })()`);
  return async () => (await page.evaluate('window.e2ePreferenceWrites')) as number;
}

test('a drag of the divider is saved once, when it ends', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const writes = await countPreferenceWrites(page);
  await new RunsPage(page).goto();
  await launchCompletedRun(page, ARTICLE_WRITER.agentId);
  const divider = new PaneDivider(page);
  const before = await writes();
  const startPercent = await divider.percent();

  await divider.dragBy(-300);
  expect(await divider.percent()).toBeLessThan(startPercent);
  expect((await writes()) - before).toBe(1);
  await divider.root.focus();
  await page.keyboard.press('ArrowRight');
  expect((await writes()) - before).toBe(2);
  await divider.root.dblclick();
});

test('on a narrow window the node pane keeps its least width, dragged, keyed or remembered', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await new RunsPage(page).goto();
  await launchCompletedRun(page, ARTICLE_WRITER.agentId);
  const divider = new PaneDivider(page);
  const detailWidth = async () => (await divider.detailPane.boundingBox())?.width ?? 0;

  // The widest timeline, remembered on a wide window, then the window narrowed.
  await divider.root.focus();
  await page.keyboard.press('End');
  await page.setViewportSize({ width: 760, height: 800 });
  await expect.poll(detailWidth).toBeGreaterThanOrEqual(299);

  // Keys and drags on the narrow window stop where the pane would get too narrow.
  await page.keyboard.press('Home');
  await page.keyboard.press('End');
  await expect.poll(detailWidth).toBeGreaterThanOrEqual(299);
  await divider.dragBy(600);
  await expect.poll(detailWidth).toBeGreaterThanOrEqual(299);
  await divider.root.dblclick();
});
