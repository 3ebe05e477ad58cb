import { expect, test } from '@playwright/test';
import { RunsPage } from './pages/runs-page';

/**
 * The browser window as someone who has only the address sees it, then with the link `dad serve`
 * printed. Browsers of their own (not the signed-in fixture), so no token is kept to begin with.
 */
test('without the token the window says what it needs; the printed link signs this browser in', async ({
  browser,
  baseURL,
}) => {
  const token = process.env.E2E_TOKEN ?? '';
  const context = await browser.newContext();
  const stranger = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('/');
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toHaveAttribute('data-needs-token', 'true');
    await expect(banner).toContainText('This address needs its token');
    await expect(page.getByTestId('runs-screen')).toHaveCount(0);

    // The printed link: the token sits in the fragment, which no server receives; the window keeps
    // it for this address and takes it out of the address bar.
    await page.goto(`${baseURL}/#token=${token}`);
    const runs = new RunsPage(page);
    await expect(runs.root).toBeVisible();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(banner).toHaveCount(0);
    expect(await context.cookies(), 'no cookie carries the token').toEqual([]);

    // A reload, or the bare address pasted again, still connects in this browser.
    await page.reload();
    await runs.root.waitFor();
    await page.goto('/');
    await runs.root.waitFor();

    // Another browser that never opened the link is still refused, and says why.
    const other = await stranger.newPage();
    await other.goto('/');
    await expect(other.getByTestId('connection-banner')).toHaveAttribute('data-needs-token', 'true');
    await expect(other.getByTestId('runs-screen')).toHaveCount(0);

    // `?token=` in the address is taken the same way, and leaves the address too.
    await other.goto(`${baseURL}/?token=${token}`);
    await new RunsPage(other).root.waitFor();
    await expect(other).toHaveURL(`${baseURL}/`);
  } finally {
    await stranger.close();
    await context.close();
  }
});
