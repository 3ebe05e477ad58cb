import { expect, test } from './fixtures';
import { PaneDivider } from './pages/pane-divider';
import { RunsPage } from './pages/runs-page';
import { launchCompletedRun } from './support/runs';
import { ARTICLE_WRITER } from './support/sample-answers';

test.use({ viewport: { width: 1280, height: 800 } });

test('the divider between timeline and node pane drags, keeps its place across a reload, and resets', async ({
  page,
}) => {
  const runs = new RunsPage(page);
  await runs.goto();
  const { runId } = await launchCompletedRun(page, ARTICLE_WRITER.agentId);
  const divider = new PaneDivider(page);
  await expect(divider.root).toHaveAttribute('role', 'separator');
  const initialPercent = await divider.percent();
  const initialWidth = await divider.timelineWidth();

  await divider.dragBy(-250);
  await expect.poll(() => divider.timelineWidth()).toBeLessThan(initialWidth - 200);
  const draggedPercent = await divider.percent();
  const draggedWidth = await divider.timelineWidth();
  expect(draggedPercent).toBeLessThan(initialPercent);
  await page.screenshot({ path: test.info().outputPath('divider-dragged.png') });

  // A reload comes back on the runs screen; the run opened again shows the same split.
  await page.reload();
  await runs.openRun(runId);
  expect(await divider.percent()).toBe(draggedPercent);
  expect(Math.abs((await divider.timelineWidth()) - draggedWidth)).toBeLessThan(2);

  // The keyboard moves it too, and a double-click puts it back where it started.
  await divider.root.focus();
  await page.keyboard.press('ArrowRight');
  await expect(divider.root).toHaveAttribute('aria-valuenow', String(draggedPercent + 2));
  await page.keyboard.press('Home');
  await expect(divider.root).toHaveAttribute(
    'aria-valuenow',
    (await divider.root.getAttribute('aria-valuemin')) ?? '',
  );
  await divider.root.dblclick();
  await expect(divider.root).toHaveAttribute('aria-valuenow', String(initialPercent));
  expect(Math.abs((await divider.timelineWidth()) - initialWidth)).toBeLessThan(2);
});
