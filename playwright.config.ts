import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The server's copy of the sample project lives here; tests that must put a run on disk themselves
// (one cut short, one made elsewhere) find it through the same variable. Workers inherit it.
process.env.E2E_WORK_DIR ??= mkdtempSync(join(tmpdir(), 'dad-e2e-'));
// The server's token, made here so the server and every worker's pages share it (workers inherit it).
process.env.E2E_TOKEN ??= randomBytes(32).toString('base64url');

// Debian's Chromium where it is installed (these machines); Playwright's own browser elsewhere.
const systemChromium =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const port = Number(process.env.E2E_PORT ?? 5199);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `node --import jiti/register e2e/support/start-server.ts --port ${port}`,
    env: { E2E_WORK_DIR: process.env.E2E_WORK_DIR, E2E_TOKEN: process.env.E2E_TOKEN },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    // SIGTERM lets the server remove its temp copy of the sample project.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
