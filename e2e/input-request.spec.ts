import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test, watchWindowProblems } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { NodeInputForm } from './pages/node-input-form';
import { NoticesPanel } from './pages/notices-panel';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { RUN_TIMEOUT_MS } from './support/runs';

/**
 * A project of its own beside the server's sample copy, with agents whose node asks for its input:
 * `asks_later`'s `ask` after a first node that takes a moment, `asks_first`'s `ask` as its first
 * node, `asks_model`'s model call `write` (whose input has a `model` that may not be empty).
 */
const AGENT_ID = 'asks_later';
const FIRST_AGENT_ID = 'asks_first';
const MODEL_AGENT_ID = 'asks_model';
const ANSWER = { commands: ['echo answered from the window'] };

/** The calls each page sent over its WebSocket, as `{ call, payload }`, recorded from its first load. */
const sentFrames = new WeakMap<Page, { call?: string; payload?: unknown }[]>();

test.beforeEach(({ page }) => {
  recordCalls(page);
});

function recordCalls(page: Page): void {
  const frames: { call?: string; payload?: unknown }[] = [];
  sentFrames.set(page, frames);
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      try {
        frames.push(JSON.parse(payload) as { call?: string; payload?: unknown });
      } catch {
        // Not a call.
      }
    }),
  );
}

/** The payloads of the calls named `call` a page has sent. */
function sentCalls(page: Page, call: string): unknown[] {
  return (sentFrames.get(page) ?? []).filter((frame) => frame.call === call).map((frame) => frame.payload);
}

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
const WRITE =
  "\n  .node('write', nodeDef('ai_model_call', { prompt: 'Say hello.' }, { inputRequired: true }))";

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
  await writeFile(
    join(root, 'src', 'runners', `${MODEL_AGENT_ID}.ts`),
    runnerFile(MODEL_AGENT_ID, [WRITE, AFTER]),
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

    // The form starts from a value that fits the schema: none of the node's optional fields.
    expect(JSON.parse(await form.text.inputValue())).toEqual({});
    await expect(form.invalid).toHaveCount(0);
    await expect(form.submit).toBeEnabled();

    // An answer that does not fit the schema is refused in the form, naming the field, and is not
    // sent: the node keeps waiting.
    await form.fill({ commands: 'echo not a list' });
    await expect(form.invalid).toHaveAttribute('data-field', 'commands');
    await expect(form.invalid).toContainText('commands');
    await expect(form.submit).toBeDisabled();
    await form.text.press('Control+Enter');
    await expect(form.root).toBeVisible();
    await expect(runView.status).toHaveAttribute('data-status', 'running');
    expect(sentCalls(page, 'provideNodeInput')).toEqual([]);

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

test('a request raised while no window watched the run shows its form when the run opens, and after a reload', async ({
  page,
}) => {
  await withInputProject(page, async (runs) => {
    const runView = await new LaunchPage(page).launch(AGENT_ID, {});
    const runId = await runView.runId();
    // Away from the run before its node asks: no window watches it when the request is raised.
    await runView.backToRuns();
    const toast = new NoticesPanel(page).ofRun(runId);
    await expect(toast.message).toContainText(`${AGENT_ID}.ask`, { timeout: RUN_TIMEOUT_MS });
    await toast.close.click();

    await runs.openRun(runId);
    const form = new NodeInputForm(page).of(`${AGENT_ID}.ask`);
    await expect(form.root).toBeVisible();

    // A reload is a new window: the run, opened again, shows the request again.
    await page.reload();
    await runs.root.or(runView.root).waitFor();
    if (!(await runView.root.isVisible())) await runs.openRun(runId);
    await expect(form.root).toBeVisible();
    await expect(runView.status).toHaveAttribute('data-status', 'running');

    await form.answer(ANSWER);
    await expect(form.root).toHaveCount(0);
    expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('completed');
  });
});

test('a request answered in one window leaves the other at once, while the node goes on', async ({
  page,
  context,
}) => {
  await withInputProject(page, async () => {
    const runView = await new LaunchPage(page).launch(AGENT_ID, {});
    const runId = await runView.runId();
    const form = new NodeInputForm(page).of(`${AGENT_ID}.ask`);
    await expect(form.root).toBeVisible({ timeout: RUN_TIMEOUT_MS });

    const other = await context.newPage();
    const otherProblems = watchWindowProblems(other, 'second window');
    const otherRuns = new RunsPage(other);
    await otherRuns.goto();
    await otherRuns.openRun(runId);
    const otherRunView = new RunViewPage(other);
    const otherForm = new NodeInputForm(other).of(`${AGENT_ID}.ask`);
    await expect(otherForm.root).toBeVisible();

    try {
      // The node works far longer than the form may take to go: its end is not what removes it.
      await form.answer({ commands: ['sleep 40'] });
      await expect(form.root).toHaveCount(0);
      await expect(otherForm.root).toHaveCount(0);
      await expect(otherRunView.status).toHaveAttribute('data-status', 'running');
    } finally {
      await runView.cancelButton.click();
      expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('cancelled');
      await other.close();
    }
    expect(otherProblems.messages).toEqual([]);
  });
});

test('the launch form and the input form start valid and refuse an invalid value, naming the field', async ({
  page,
}) => {
  await withInputProject(page, async () => {
    const launch = new LaunchPage(page);
    await launch.open();
    await launch.chooseAgent(MODEL_AGENT_ID);

    // The first state is accepted as it is: nothing the user must give is pre-filled as "".
    expect(await launch.inputsValue()).toEqual({});
    await launch.expectInputsAccepted();
    await launch.addNodeButton('write').click();
    expect(await launch.inputsValue()).toEqual({ write: {} });
    expect(await launch.inputs.inputValue()).not.toContain('""');
    await launch.expectInputsAccepted();
    await expect(launch.addNodeButton('write')).toBeDisabled();

    // An empty model is refused by the form before any run starts, the field named, even when
    // Run is pressed before the check of the typed text came back.
    await launch.setInputs({ write: { model: '' } });
    await launch.inputs.press('Control+Enter');
    await expect(launch.validationErrors).toContainText('write.model');
    await expect(launch.root).toBeVisible();
    expect(sentCalls(page, 'startRun')).toEqual([]);

    // Started with the first state, the node asks; its form starts valid too.
    await launch.resetButton.click();
    const runView = await launch.run();
    expect(sentCalls(page, 'startRun')).toEqual([expect.objectContaining({ staticInputs: {} })]);
    const runId = await runView.runId();
    const form = new NodeInputForm(page).of(`${MODEL_AGENT_ID}.write`);
    await expect(form.root).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    expect(JSON.parse(await form.text.inputValue())).toEqual({});
    await expect(form.submit).toBeEnabled();

    await form.fill({ model: '' });
    await expect(form.invalid).toHaveAttribute('data-field', 'model');
    await expect(form.submit).toBeDisabled();
    expect(sentCalls(page, 'provideNodeInput')).toEqual([]);

    await form.answer({});
    await expect(form.root).toHaveCount(0);
    expect(sentCalls(page, 'provideNodeInput')).toEqual([
      { runId, hierarchyPath: `${MODEL_AGENT_ID}.write`, input: {} },
    ]);
    expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('completed');
  });
});

/**
 * Routes a page's connections to the server through the test, which can lose what the server
 * sends (as a dropped connection does) and then drop the connection: the window reconnects.
 */
async function droppableConnection(page: Page) {
  let current: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
  let losing = false;
  let connections = 0;
  await page.routeWebSocket(/./, (socket) => {
    connections++;
    const server = socket.connectToServer();
    socket.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (!losing) socket.send(message);
    });
    current = { page: socket, server };
  });
  return {
    /** From now on what the server sends is lost, until the connection drops. */
    loseWhatComes(): void {
      losing = true;
    },
    /** Drops the connection and waits until the window has connected again. */
    async drop(): Promise<void> {
      const dropped = current;
      const before = connections;
      current = null;
      losing = false;
      await dropped?.server.close();
      await dropped?.page.close();
      await expect.poll(() => connections).toBeGreaterThan(before);
    },
  };
}

test('after a dropped connection the window shows the requests still waiting, and only those', async ({
  page,
  context,
}) => {
  const connection = await droppableConnection(page);
  await withInputProject(page, async () => {
    const runView = await new LaunchPage(page).launch(AGENT_ID, {});
    const runId = await runView.runId();
    const form = new NodeInputForm(page).of(`${AGENT_ID}.ask`);
    await expect(form.root).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    const draft = { commands: ['echo typed before the drop'] };
    await form.fill(draft);

    // Still waiting after a reconnect: the form stays, with what was typed in it.
    await connection.drop();
    await expect(form.root).toBeVisible();
    await expect(form.text).toHaveValue(JSON.stringify(draft, null, 2));

    // Answered in another window while this one heard nothing: after the reconnect, it is gone.
    const other = await context.newPage();
    const otherRuns = new RunsPage(other);
    await otherRuns.goto();
    await otherRuns.openRun(runId);
    const otherForm = new NodeInputForm(other).of(`${AGENT_ID}.ask`);
    try {
      connection.loseWhatComes();
      await otherForm.answer({ commands: ['sleep 40'] });
      await expect(otherForm.root).toHaveCount(0);
      await expect(form.root).toBeVisible();
      await connection.drop();
      await expect(form.root).toHaveCount(0);
      await expect(runView.status).toHaveAttribute('data-status', 'running');
    } finally {
      await runView.cancelButton.click();
      expect(await runView.waitForEnd(RUN_TIMEOUT_MS), `status of ${runId}`).toBe('cancelled');
      await other.close();
    }
  });
});
