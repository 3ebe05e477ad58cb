import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunsPage } from './pages/runs-page';
import { openTraceFixture } from './support/trace-fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

test('a Zipkin v2 trace opens with both sides of its shared span, services and the error tag', async ({
  page,
}) => {
  const runView = await openTraceFixture(page, 'zipkin-two-services.json');
  const timeline = runView.timeline;
  await expect(timeline.rowsOf('get /checkout')).toHaveAttribute('aria-level', '1');
  // The client and the server side of the shared span: two rows, the server under the client.
  await expect(timeline.rowsOf('post /charge')).toHaveCount(2);
  await expect(timeline.rowsOf('post /charge').nth(0)).toHaveAttribute('aria-level', '2');
  await expect(timeline.rowsOf('post /charge').nth(1)).toHaveAttribute('aria-level', '3');
  await expect(timeline.rowsOf('post /charge').nth(0)).toHaveAttribute('data-status', 'ERROR');
  await expect(timeline.rowsOf('insert charge')).toHaveAttribute('aria-level', '3');

  await timeline.select('insert charge');
  await expect(page.getByTestId('node-service')).toHaveText('payments');
  await expect(page.getByTestId('node-kind')).toHaveText('producer');
  await timeline.select('get /checkout');
  await expect(page.getByTestId('node-service')).toHaveText('frontend');
  await page.screenshot({ path: test.info().outputPath('zipkin.png') });
});

test('a gzip-compressed OTLP export opens like the plain file', async ({ page }) => {
  const runView = await openTraceFixture(page, 'otlp-three-services.json.gz');
  const timeline = runView.timeline;
  await expect(page.getByTestId('run-imported')).toContainText('OpenTelemetry OTLP JSON');
  await expect(timeline.rowsOf('GET /checkout')).toHaveAttribute('aria-level', '1');
  await expect(timeline.rowsOf('render widgets')).toHaveAttribute('aria-level', '2');
  await expect(timeline.rowsOf('render widget 0')).toHaveAttribute('aria-level', '3');
  await expect.poll(() => timeline.totalRows()).toBe(65);

  await timeline.select('render widget 0');
  await expect(page.getByTestId('node-service')).toHaveText('frontend');
  await page.screenshot({ path: test.info().outputPath('gzip.png') });
});
