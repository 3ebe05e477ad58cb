import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as PlaywrightTest from '@playwright/test';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { BUILT_WINDOW, PACKAGE_ROOT } from '../src/main/web/serve';
import type { RunningWebServer } from '../src/main/web/web-server';
import { newBenchService, startBenchServer } from './bench-service';
import type { ProgressReporter } from './measure';
import { formatDuration } from './scale-suite';
import type { TempRoot } from './temp-root';

// Imported as an ES module under jiti's loader hooks, Playwright's CommonJS bundle fails to load
// its own parts (Node 20 routes its require calls through the hooks); required, it loads.
const { chromium } = createRequire(import.meta.url)('@playwright/test') as typeof PlaywrightTest;

/** Chromium as the browser tests launch it (playwright.config.ts): Debian's build where there is one. */
const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A desktop window's size; the timeline shows about 20 rows in it. */
export const VIEWPORT = { width: 1440, height: 900 } as const;

/** Builds the window (out/renderer) when it is missing, as `npm run build` would. */
export async function ensureWindowBuilt(progress: ProgressReporter): Promise<void> {
  if (existsSync(join(BUILT_WINDOW, 'index.html'))) return;
  progress(`window     ${BUILT_WINDOW} is missing: running electron-vite build`);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['electron-vite', 'build'], {
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-4000)));
    child.once('error', (error) => reject(new Error(`could not run electron-vite build: ${error.message}`)));
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`electron-vite build exited with ${code}: ${stderr.trim().slice(-1000)}`)),
    );
  });
  progress(`window     built in ${formatDuration(performance.now() - started)}`);
}

/** A page in its own browser context (so its own renderer process), with a CDP session on it. */
export interface WindowPage {
  page: Page;
  cdp: CDPSession;
  /** Console errors and uncaught exceptions of the window so far. */
  problems: string[];
}

export interface InspectorInBrowser {
  browser: Browser;
  /** What is measured: Chromium's version and when the served window was built. */
  describe(): string;
  /** Opens the window in a fresh context; closed with the browser, or by `closePage`. */
  openWindow(): Promise<WindowPage>;
  closePage(windowPage: WindowPage): Promise<void>;
}

/**
 * Serves a copy of the built window (others may rebuild out/renderer meanwhile) over the browser
 * adapter with `projectDir` open (a folder holding `runs/`), as `serveInspector` does, launches
 * Chromium, runs `work`, and closes Chromium and the server and removes the copy whatever happens.
 */
export async function withInspectorInBrowser<T>(
  projectDir: string,
  temp: TempRoot,
  progress: ProgressReporter,
  work: (inspector: InspectorInBrowser) => Promise<T>,
): Promise<T> {
  await ensureWindowBuilt(progress);
  const copyDir = await temp.newDir('window-');
  const service = newBenchService();
  let server: RunningWebServer | null = null;
  let browser: Browser | null = null;
  try {
    const staticDir = join(copyDir, 'renderer');
    await cp(BUILT_WINDOW, staticDir, { recursive: true });
    const builtAt = (await stat(join(staticDir, 'index.html'))).mtime;
    progress(`window     serving a copy of ${BUILT_WINDOW} (built ${builtAt.toLocaleString('en-GB')})`);
    await service.openProject(projectDir);
    server = await startBenchServer(service, staticDir);
    const url = server.url;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const contexts = new Map<Page, BrowserContext>();
    const opened = browser;
    return await work({
      browser: opened,
      describe: () =>
        `Chromium ${opened.version()} headless, no GPU, ${VIEWPORT.width}×${VIEWPORT.height} window ` +
        `(out/renderer built ${builtAt.toLocaleString('en-GB')}) through the browser adapter`,
      async openWindow() {
        const context = await opened.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
        const page = await context.newPage();
        contexts.set(page, context);
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`uncaught ${error.name}: ${error.message}`));
        const cdp = await context.newCDPSession(page);
        await page.goto(url);
        await page.getByTestId('runs-screen').waitFor({ timeout: 60_000 });
        return { page, cdp, problems };
      },
      async closePage({ page }) {
        const context = contexts.get(page);
        contexts.delete(page);
        await context?.close();
      },
    });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await service.shutdown();
    await temp.remove(copyDir);
  }
}

/**
 * Opens a run from the runs table and waits for its timeline's first rows (the service indexes the
 * run first: seconds for a million spans). Returns the milliseconds from the click to the rows.
 */
export async function openRunView(windowPage: WindowPage, runId: string): Promise<number> {
  const { page } = windowPage;
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await row.waitFor({ timeout: 30_000 });
  const started = performance.now();
  await row.click();
  try {
    await page.getByTestId('timeline-row').first().waitFor({ timeout: OPEN_TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `the run view of ${runId} showed no timeline row in ${OPEN_TIMEOUT_MS / 1000} s; ` +
        `the window shows: ${await describeWindow(windowPage)} (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const openedMs = performance.now() - started;
  await waitForRowsLoaded(page, `the first rows of ${runId}`);
  return openedMs;
}

/** Opening the million-span run takes 10–25 s here, more under load. */
const OPEN_TIMEOUT_MS = 120_000;

/** What a stuck window shows: its error banners, the timeline's notice, what it logged. */
async function describeWindow({ page, problems }: WindowPage): Promise<string> {
  const banners = await page.locator('[data-testid$="error"]').allInnerTexts();
  const notices = await page.locator('.timeline__loading').allInnerTexts();
  const parts = [...banners, ...notices, ...problems].map((text) => text.replace(/\s+/g, ' ').trim());
  return parts.filter(Boolean).join(' | ') || 'no error, no notice, nothing logged';
}

/** The lowest and highest row index the timeline's labels show. */
export interface ShownRows {
  first: number;
  last: number;
}

/**
 * Waits until the timeline shows rows, none of them still a placeholder awaiting its data, and
 * (when given) `accept` takes the rows shown. Two animation frames go by first, so that a scroll
 * just made has reached the window's state. Returns the milliseconds waited and the rows shown.
 */
export async function waitForRowsLoaded(
  page: Page,
  what: string,
  accept: (shown: ShownRows) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<{ waitedMs: number; shown: ShownRows }> {
  const started = performance.now();
  await page.locator('html').evaluate(
    (root) =>
      new Promise<void>((resolve) => {
        const view = root.ownerDocument.defaultView;
        if (!view) return resolve();
        view.requestAnimationFrame(() => view.requestAnimationFrame(() => resolve()));
      }),
  );
  const pending = page.locator('.timeline-label--pending');
  let shown: ShownRows | null = null;
  for (;;) {
    if ((await pending.count()) === 0) {
      shown = await shownRows(page);
      if (shown && accept(shown)) return { waitedMs: performance.now() - started, shown };
    }
    if (performance.now() - started > timeoutMs) {
      const rows = shown ? `rows ${shown.first}–${shown.last} shown` : 'no rows shown';
      throw new Error(`waited ${timeoutMs / 1000} s for ${what} to load in the timeline (${rows})`);
    }
    await sleep(10);
  }
}

/** The lowest and highest `data-index` of the labels drawn, or null when there are none. */
export async function shownRows(page: Page): Promise<ShownRows | null> {
  const indexes = await page
    .getByTestId('timeline-row')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-index'))));
  if (indexes.length === 0 || indexes.some((index) => !Number.isInteger(index))) return null;
  return { first: Math.min(...indexes), last: Math.max(...indexes) };
}

/** The centre of the bars canvas, where the gestures are made. */
export async function canvasCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('timeline-canvas').boundingBox();
  if (!box || box.width < 50 || box.height < 50) {
    throw new Error(`the timeline canvas is ${box ? `${box.width}×${box.height} px` : 'not laid out'}`);
  }
  return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
}

/** A `performance.mark` in the page, which Chrome's trace records under blink.user_timing. */
export async function markInPage(page: Page, name: string): Promise<void> {
  await page.locator('html').evaluate((root, markName) => {
    root.ownerDocument.defaultView?.performance.mark(markName);
  }, name);
}

/** Fails with what the window said when it logged errors or threw. */
export function throwOnWindowProblems(windowPage: WindowPage, during: string): void {
  if (windowPage.problems.length === 0) return;
  throw new Error(
    `the window reported ${windowPage.problems.length} error(s) during ${during}: ` +
      windowPage.problems.slice(0, 3).join(' | '),
  );
}
