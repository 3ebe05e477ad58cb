import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunsPage } from './pages/runs-page';
import { startDadServe, type DadServe } from './support/dad-serve';

/**
 * `dad serve`'s own defaults, under a HOME of the test's: where opened trace files are imported
 * (`~/.config/dad-run-inspector/imported-traces`) and where recent projects are kept.
 */
const OTLP_EXPORT = resolve(import.meta.dirname, '..', 'test-support', 'fixtures', 'otlp-agent-trace.json');
const IMPORTED_RUN_ID = 'otlp_agent_trace_5b8efff798038103';

let home: string;
const servers: DadServe[] = [];
test.beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'dad-e2e-home-'));
});
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await rm(home, { recursive: true, force: true });
});

test('a trace file opened by dad serve is imported under ~/.config/dad-run-inspector/imported-traces', async ({
  page,
}) => {
  await mkdir(join(home, 'traces'));
  const traceFile = join(home, 'traces', 'otlp-agent-trace.json');
  await copyFile(OTLP_EXPORT, traceFile);
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'elsewhere') };
  const first = await startDadServe(['--project-root', traceFile], env);
  servers.push(first);

  const importsDir = join(home, '.config', 'dad-run-inspector', 'imported-traces');
  expect(await readdir(join(importsDir, 'runs'))).toEqual([IMPORTED_RUN_ID]);
  const record = JSON.parse(
    await readFile(join(importsDir, 'runs', IMPORTED_RUN_ID, '.trace', 'import.json'), 'utf8'),
  ) as Record<string, unknown>;
  expect(record).toMatchObject({ format: 'otlp-json', sourceFile: traceFile });
  // Nothing was written where the desktop app keeps its data, nor in the test's own home.
  expect(existsSync(join(home, 'elsewhere'))).toBe(false);

  const runs = new RunsPage(page);
  await page.goto(first.url);
  await expect(runs.root.or(page.getByTestId('run-view')).first()).toBeVisible();
  await runs.open();
  await expect(runs.projectName).toHaveText('Imported traces');
  await expect(runs.runRow(IMPORTED_RUN_ID)).toBeVisible();

  // Restarted on nothing, the server offers the imports folder among the recent projects. (The
  // window leaves first: a window whose server went away rightly reports its lost connection.)
  await page.goto('about:blank');
  await first.stop();
  const second = await startDadServe([], env);
  servers.push(second);
  const recent = JSON.parse(
    await readFile(join(home, '.config', 'dad-run-inspector', 'recent-projects.json'), 'utf8'),
  ) as { path: string; name: string }[];
  expect(recent.map(({ path, name }) => ({ path, name }))).toEqual([
    { path: importsDir, name: 'Imported traces' },
  ]);
  await page.goto(second.url);
  const picker = new ProjectPage(page);
  await expect(picker.root.or(runs.root).first()).toBeVisible();
  if (!(await picker.root.isVisible())) await picker.open();
  const suggestion = picker.suggestions.and(page.locator('[data-kind="recent"]'));
  await expect(suggestion).toHaveCount(1);
  await expect(suggestion).toContainText('Imported traces');
  await suggestion.click();
  await expect(runs.runRow(IMPORTED_RUN_ID)).toBeVisible();
  await page.goto('about:blank');
});
