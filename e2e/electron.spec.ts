import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, test } from '@playwright/test';
import { expect, expectNoWindowProblems, watchWindowProblems } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { RunsPage } from './pages/runs-page';
import { ARTICLE_WRITER } from './support/sample-answers';

const PACKAGE_ROOT = resolve(import.meta.dirname, '..');
const MAIN_ENTRY = join(PACKAGE_ROOT, 'out', 'main', 'index.js');
const SAMPLE_PROJECT = join(PACKAGE_ROOT, 'resources', 'sample-project');

/**
 * The Electron binary: ELECTRON_PATH, else the one the electron package installed (its path.txt
 * names it inside dist/). The package is not imported: from v42 that starts a download.
 */
function findElectronBinary(): string | null {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const packageDir = join(PACKAGE_ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

const electronBinary = findElectronBinary();
const NO_BINARY =
  'no Electron binary on this machine: the electron package downloads it at install time, which cannot be done here (set ELECTRON_PATH to use one)';

/** A green run must say plainly that the desktop path was not tested: a line in the output too. */
function reportSkip(reason: string): void {
  process.stdout.write(`[electron.spec] SKIPPED, the desktop app was not tested: ${reason}\n`);
}

if (electronBinary === null) reportSkip(NO_BINARY);
test.skip(electronBinary === null, NO_BINARY);

test('the desktop window launches article_writer and shows the run completed', async () => {
  const notBuilt = `the app is not built (${MAIN_ENTRY} is missing): run "npm run build"`;
  if (!existsSync(MAIN_ENTRY)) reportSkip(notBuilt);
  test.skip(!existsSync(MAIN_ENTRY), notBuilt);
  const workDir = await mkdtemp(join(tmpdir(), 'dad-e2e-electron-'));
  const projectRoot = join(workDir, 'sample-project');
  await cp(SAMPLE_PROJECT, projectRoot, { recursive: true, filter: (source) => !source.includes('/runs') });
  // The model calls must be answered by the local provider from the fixtures, never a paid API.
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(OPENAI|ANTHROPIC)_(API_KEY|BASE_URL)$/.test(name)) env[name] = value;
  }
  // Recent projects go to the app's userData, which follows XDG_CONFIG_HOME on Linux.
  env.XDG_CONFIG_HOME = join(workDir, 'config');

  const app = await electron.launch({
    executablePath: electronBinary ?? undefined,
    args: [MAIN_ENTRY, `--project-root=${projectRoot}`],
    env,
  });
  try {
    const window = await app.firstWindow();
    const problems = watchWindowProblems(window, 'electron window');

    const runs = new RunsPage(window);
    await expect(runs.root).toBeVisible({ timeout: 20_000 });
    const runView = await new LaunchPage(window).launch(ARTICLE_WRITER.agentId, {});
    const runId = await runView.runId();
    expect(await runView.waitForEnd(30_000), `status of ${runId}`).toBe('completed');
    await expect(runView.timeline.rows.first()).toBeVisible();

    await runView.backToRuns();
    await expect(runs.runStatus(runId)).toHaveAttribute('data-status', 'completed');
    await expectNoWindowProblems(problems, (name, body) =>
      test.info().attach(name, { body, contentType: 'text/plain' }),
    );
  } finally {
    await app.close();
    await rm(workDir, { recursive: true, force: true });
  }
});
