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

test('an imported span shows its typed attributes, events, links, ids, service and error', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const runView = await openTraceFixture(page, 'otlp-span-details.json');
  const pane = runView.nodePane;

  await runView.timeline.select('GET /checkout');
  await expect(page.getByTestId('node-kind')).toHaveText('server');
  await expect(page.getByTestId('node-service')).toHaveText('frontend');
  await expect(page.getByTestId('span-id')).toHaveText('0xa1a1a1a1a1a1a1a1');
  await expect(page.getByTestId('trace-id')).toHaveText('0x4bf92f3577b34da6a3ce929d0e0e4736');

  // Attributes keep the types of the file: a JSON-looking string is a string until asked for "parsed".
  const attributes = page.getByTestId('span-attributes');
  const row = (key: string) => attributes.locator(`[data-testid="attr-row"][data-key="${key}"]`);
  await expect(row('http.response.status_code').locator('[data-type]')).toHaveAttribute(
    'data-type',
    'number',
  );
  await expect(row('http.response.status_code')).toContainText('200');
  await expect(row('user.vip').locator('[data-type]')).toHaveAttribute('data-type', 'boolean');
  await expect(row('cart.skus').locator('[data-type]')).toHaveAttribute('data-type', 'array');
  await expect(row('cart.skus')).toContainText('["sku-1","sku-2"]');
  await expect(row('note.flag').locator('[data-type]')).toHaveAttribute('data-type', 'string');
  await expect(row('note.flag')).toContainText('True');
  const summary = row('order.summary');
  await expect(summary.getByTestId('attr-text')).toHaveText('{"items":2,"coupon":null}');
  await summary.getByTestId('attr-parse').click();
  await expect(summary.getByTestId('attr-parsed')).toContainText('coupon');
  await expect(summary.getByTestId('attr-text')).toHaveCount(0);

  await page.getByTestId('node-kind').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: test.info().outputPath('checkout-top.png') });
  await attributes.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: test.info().outputPath('attributes.png') });

  // A long value is folded to its start until the user unfolds it.
  const body = row('http.request.body');
  await body.getByTestId('attr-parse').click();
  await body.getByTestId('attr-parse').click();
  const bodyText = body.getByTestId('attr-text');
  const foldedLength = ((await bodyText.textContent()) ?? '').length;
  await body.getByTestId('attr-unfold').click();
  await expect.poll(async () => ((await bodyText.textContent()) ?? '').length).toBeGreaterThan(foldedLength);
  await expect(bodyText).toContainText('sku-039');

  // The filter finds an attribute by key, and by value.
  const filter = page.getByTestId('attr-filter');
  await filter.fill('vip');
  await expect(attributes.getByTestId('attr-row')).toHaveCount(1);
  await expect(row('user.vip')).toBeVisible();
  await filter.fill('/checkout');
  await expect(attributes.getByTestId('attr-row')).toHaveCount(1);
  await expect(row('http.route')).toBeVisible();
  await filter.fill('');

  // Service, resource and scope.
  const origin = page.getByTestId('span-origin');
  await expect(origin.getByTestId('span-scope')).toHaveText('@opentelemetry/instrumentation-http 0.52.1');
  await expect(origin.getByTestId('span-resource-attributes')).toContainText('web-7');

  // A link to another trace shows that trace's ids.
  const outside = page.getByTestId('span-link');
  await expect(outside).toHaveAttribute('data-in-run', 'false');
  await expect(outside.getByTestId('span-link-trace')).toHaveText('0x0af7651916cd43dd8448eb211c80319c');

  await page.getByTestId('span-links').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: test.info().outputPath('links-and-origin.png') });

  // The copy button puts the id on the clipboard.
  await page.getByTestId('span-id-copy').click();
  await expect(page.getByTestId('span-id-copy')).toHaveText('Copied');
  // A string, not a function: the tests are type-checked without the browser's types.
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe('0xa1a1a1a1a1a1a1a1');

  // The failed span says why at the top of its pane, and its exception event is listed.
  await runView.timeline.select('charge card');
  await expect(pane.status).toHaveAttribute('data-status', 'ERROR');
  await expect(pane.errors).toContainText('card declined');
  await expect(pane.errors).toContainText('CardError: card declined by issuer');
  await expect(page.getByTestId('node-service')).toHaveText('payments');
  await expect(page.getByTestId('parent-id')).toHaveText('0xa1a1a1a1a1a1a1a1');
  const events = page.getByTestId('node-span-events');
  await expect(events.getByTestId('span-event-name')).toHaveText('exception');
  await expect(events).toContainText('exception.stacktrace');
  await page.screenshot({ path: test.info().outputPath('error-span.png') });

  // A link to a span of this run selects it.
  const link = page.getByTestId('span-link');
  await expect(link).toHaveAttribute('data-in-run', 'true');
  await link.getByTestId('span-link-select').click();
  await expect(pane.title).toHaveText('charge card (first try)');
  await expect(page.getByTestId('span-id')).toHaveText('0xc3c3c3c3c3c3c3c3');
  await expect(page.getByTestId('span-event-name')).toHaveText('retry.scheduled');
  await expect(page.getByTestId('node-span-events')).toContainText('+150');
  await page.screenshot({ path: test.info().outputPath('linked-span.png') });
});

test('a Jaeger span shows its error log, error tag and process', async ({ page }) => {
  const runView = await openTraceFixture(page, 'jaeger-span-details.json');
  await runView.timeline.select('redis GET');
  await expect(runView.nodePane.errors).toContainText('Timeout: redis timed out after 200ms');
  await expect(page.getByTestId('node-service')).toHaveText('redis');
  await expect(page.getByTestId('node-kind')).toHaveText('client');
  const error = page.locator('[data-testid="span-attributes"] [data-key="error"] [data-type]');
  await expect(error).toHaveAttribute('data-type', 'boolean');
  await expect(page.getByTestId('span-resource-attributes')).toContainText('cache-1');
  await page.screenshot({ path: test.info().outputPath('jaeger-span.png') });
});
