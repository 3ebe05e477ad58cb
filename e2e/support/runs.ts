import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { LaunchPage } from '../pages/launch-page';
import type { RunViewPage } from '../pages/run-view-page';

/** The sample agents end in a second or two offline; this leaves room for a loaded machine. */
export const RUN_TIMEOUT_MS = 30_000;

/** Launches an agent from the window and waits until its run has completed. */
export async function launchCompletedRun(
  page: Page,
  agentId: string,
  inputs: Record<string, unknown> = {},
): Promise<{ runView: RunViewPage; runId: string }> {
  const runView = await new LaunchPage(page).launch(agentId, inputs);
  const runId = await runView.runId();
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('completed');
  return { runView, runId };
}

/** Screenshots of the page in the light and the dark theme, kept with the test's results. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await page.getByTestId('theme-light').click();
  await page.screenshot({ path: test.info().outputPath(`${name}-light.png`) });
  await page.getByTestId('theme-dark').click();
  await page.screenshot({ path: test.info().outputPath(`${name}-dark.png`) });
  await page.getByTestId('theme-light').click();
}
