import { expect, test } from '@playwright/test';
import { RunsPage } from './pages/runs-page';

/**
 * The browser window as someone who has only the address sees it, then with the link `dad serve`
 * printed. A browser of its own (not the signed-in fixture), so no cookie is there to begin with.
 */
test('without the token the window says what it needs; the printed link signs this browser in', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('/');
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toHaveAttribute('data-needs-token', 'true');
    await expect(banner).toContainText('This address needs its token');
    await expect(page.getByTestId('runs-screen')).toHaveCount(0);

    // The printed link: the token is kept in a cookie and taken out of the address.
    await page.goto(`${baseURL}/?token=${process.env.E2E_TOKEN ?? ''}`);
    const runs = new RunsPage(page);
    await runs.root.waitFor();
    expect(new URL(page.url()).search).toBe('');
    await expect(banner).toHaveCount(0);

    // A reload, or the bare address pasted again, still connects in this browser.
    await page.reload();
    await runs.root.waitFor();
    await page.goto('/');
    await runs.root.waitFor();
  } finally {
    await context.close();
  }
});
