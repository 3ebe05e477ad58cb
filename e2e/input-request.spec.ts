import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { NodeInputForm } from './pages/node-input-form';
import { ProjectPage } from './pages/project-page';
import { RunsPage } from './pages/runs-page';
import { RUN_TIMEOUT_MS } from './support/runs';

/**
 * A project of its own beside the server's sample copy, with two agents whose node `ask` asks for
 * its input: `asks_later` after a first node that takes a moment, `asks_first` as its first node.
 */
const AGENT_ID = 'asks_later';
const FIRST_AGENT_ID = 'asks_first';
const ANSWER = { commands: ['echo answered from the window'] };

function projectRoot(): string {
  const workDir = process.env.E2E_WORK_DIR;
  if (!workDir)
    throw new Error('E2E_WORK_DIR is not set: run the browser tests through playwright.config.ts');
  return join(workDir, 'input-request-project');
}

function runnerFile(agentId: string, nodes: string[]): string {
  return [
    "import { defineRunner, flowDef, nodeDef } from 'dad-run-inspector/engine';",
    '',
    `const flow = flowDef()${nodes.join('')};`,
    '',
    'export const runner = defineRunner({',
    `  definition: flow, rootComponentId: '${agentId}', description: 'asks for the input of its node ask',`,
    '  enableOutcomeRepo: false,',
    '});',
    '',
  ].join('\n');
}

const ASK =
  "\n  .node('ask', nodeDef('command', { commands: ['echo the default'] }, { inputRequired: true }))";
const AFTER = "\n  .node('after', nodeDef('command', { commands: ['echo after the answer'] }))";
const BEFORE = "\n  .node('before', nodeDef('command', { commands: ['sleep 2'] }))";

test.beforeAll(async () => {
  const root = projectRoot();
  await mkdir(join(root, '.dhenara'), { recursive: true });
  await mkdir(join(root, 'src', 'runners'), { recursive: true });
  await mkdir(join(root, 'runs'), { recursive: true });
  await writeFile(
    join(root, '.dhenara', 'config.yaml'),
    "project:\n  name: 'Input request project'\n  identifier: input_request_project\n",
  );
  await writeFile(join(root, 'src', 'runners', `${AGENT_ID}.ts`), runnerFile(AGENT_ID, [BEFORE, ASK, AFTER]));
  await writeFile(
    join(root, 'src', 'runners', `${FIRST_AGENT_ID}.ts`),
    runnerFile(FIRST_AGENT_ID, [ASK, AFTER]),
  );
});
test.afterAll(async () => {
  await rm(projectRoot(), { recursive: true, force: true });
});

/** Opens the test's project in the window; `use` runs with it, then the sample project is back. */
async function withInputProject(page: Page, use: (runs: RunsPage) => Promise<void>): Promise<void> {
  const runs = new RunsPage(page);
  await runs.goto();
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(projectRoot());
  await expect(runs.projectName).toHaveText('Input request project');
  try {
    await use(runs);
  } finally {
    await picker.reopenSample();
  }
}

test('a node that asks for input gets it from the window, and the run goes on with it', async ({ page }) => {
  await withInputProject(page, async () => {
    // Launched without a static input for the node, so the node must ask.
    const runView = await new LaunchPage(page).launch(AGENT_ID, {});
    const runId = await runView.runId();
    const form = new NodeInputForm(page).of(`${AGENT_ID}.ask`);
    await expect(form.root).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(form.root).toContainText('ask needs input');
    await expect(form.schema).toContainText('commands');
    await expect(runView.status).toHaveAttribute('data-status', 'running');

    // An answer that does not fit the schema is refused, and the node keeps waiting.
    await form.answer({ commands: 'echo not a list' });
    await expect(form.rejected).toContainText('commands');
    await expect(form.root).toBeVisible();
    await expect(runView.status).toHaveAttribute('data-status', 'running');

    await form.answer(ANSWER);
    await expect(form.root).toHaveCount(0);
    expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('completed');

    // The node ran with the given input, as its files record, and the next node ran after it.
    const nodeDir = join(projectRoot(), 'runs', runId, AGENT_ID, 'ask');
    const result = JSON.parse(await readFile(join(nodeDir, 'result.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(result.input).toEqual(ANSWER);
    expect(result.execution_status).toBe('completed');
    const outcome = JSON.parse(await readFile(join(nodeDir, 'outcome.json'), 'utf8')) as {
      results: { stdout: string }[];
    };
    expect(outcome.results[0]?.stdout).toBe('answered from the window\n');
    await expect(runView.timeline.rowsOf('after')).toHaveAttribute('data-status', 'OK');

    await runView.timeline.select('ask');
    await expect(runView.nodePane.input).toContainText('answered from the window');
  });
});

// The request is published before the window watches the run (by the run's first node, even
// before the launch call answers): the service keeps it and sends it when the window starts watching.
test('a run whose first node asks for input shows the form too, and goes on with the answer', async ({
  page,
}) => {
  await withInputProject(page, async () => {
    const runView = await new LaunchPage(page).launch(FIRST_AGENT_ID, {});
    const runId = await runView.runId();
    const form = new NodeInputForm(page).of(`${FIRST_AGENT_ID}.ask`);
    try {
      await expect(form.root).toBeVisible({ timeout: 10_000 });
      await form.answer(ANSWER);
      await expect(form.root).toHaveCount(0);
      expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('completed');
    } finally {
      if (await runView.cancelButton.isVisible()) await runView.cancelButton.click();
      expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).not.toBe('running');
    }
  });
});
