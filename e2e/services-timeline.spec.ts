import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';

const FIXTURES = fileURLToPath(new URL('../test-support/fixtures/', import.meta.url));

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

test('a trace of three services: legend, filter by service, error hover, and a link to a span under a collapsed parent', async ({
  page,
}) => {
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(join(FIXTURES, 'otlp-three-services.json'));
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  const timeline = runView.timeline;
  await expect(timeline.total).toHaveAttribute('data-total', '65');

  // Each service once in the legend, and each row names its service.
  await expect.poll(() => timeline.legendServices()).toEqual(['frontend', 'orders', 'postgres']);
  await expect(timeline.rowNamed('validate order').getByTestId('timeline-row-service')).toHaveText('orders');
  await page.screenshot({ path: test.info().outputPath('three-services.png') });

  // The error bar's hover says the span's error, as the node pane does.
  await timeline.hoverBar('validate order', 0.5);
  await expect(page.getByTestId('timeline-error-hover')).toHaveText('card declined: insufficient funds');
  await page.screenshot({ path: test.info().outputPath('error-hover.png') });
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('timeline-error-hover')).toHaveCount(0);

  // Unchecking a service hides its 20 spans, and says so; checking it shows them again.
  await timeline.setServiceShown('postgres', false);
  await expect(timeline.total).toHaveAttribute('data-total', '45');
  await expect(page.getByTestId('service-legend-hidden')).toHaveText('20 spans hidden');
  await timeline.page.getByTestId('timeline-body').evaluate((body) => (body.scrollTop = body.scrollHeight));
  await expect(timeline.rowNamed('orders db batch')).toBeVisible();
  await expect(timeline.rowsOfService('postgres')).toHaveCount(0);
  await timeline.setServiceShown('postgres', true);
  await expect(timeline.total).toHaveAttribute('data-total', '65');
  await expect(page.getByTestId('service-legend-hidden')).toHaveCount(0);

  // Collapse the batch that holds the linked span, then follow the link from the root's pane.
  await timeline.search.fill('orders db batch');
  await timeline.search.press('Enter');
  await expect(page.getByTestId('timeline-search-count')).toHaveText('1 match');
  await timeline.search.press('Enter');
  await expect(page.getByTestId('node-pane-title')).toHaveText('orders db batch');
  await timeline.rowNamed('orders db batch').getByTestId('timeline-toggle').click();
  await expect(timeline.total).toHaveAttribute('data-total', '45');
  await page.getByTestId('timeline-body').evaluate((body) => (body.scrollTop = 0));
  await timeline.rowNamed('GET /checkout').click();
  await expect(page.getByTestId('node-pane-title')).toHaveText('GET /checkout');
  await page.getByTestId('span-link-select').click();

  await expect(page.getByTestId('node-pane-title')).toHaveText('SELECT inventory');
  const target = timeline.rowNamed('SELECT inventory');
  await expect(target).toHaveAttribute('aria-selected', 'true');
  await expect(target).toBeInViewport();
  await expect(timeline.total).toHaveAttribute('data-total', '65');
  await expect(page.getByTestId('span-link-hidden')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('link-revealed.png') });
});
