import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';

const FIXTURES = fileURLToPath(new URL('../test-support/fixtures/', import.meta.url));
/** Three traces: an agent's model calls (GenAI attributes, GenAI events, OpenInference), a model of unknown price, no model calls. */
const FILE = join(FIXTURES, 'otlp-genai-calls.json');
const AGENT_TRACE = '0x4a11ce0000000000000000000000a9e1';
const UNKNOWN_MODEL_TRACE = '0x4a11ce0000000000000000000000b0b2';
const PLAIN_TRACE = '0x4a11ce0000000000000000000000c0c3';

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

/** The runs the file made, by trace id, as the run view lists them. */
async function runsByTrace(page: Page): Promise<Map<string, string>> {
  const items = page.getByTestId('run-import-trace-run');
  await expect(items).toHaveCount(3);
  const runs = new Map<string, string>();
  for (const item of await items.all()) {
    const runId = (await item.getAttribute('data-run-id')) as string;
    const trace = /trace (0x[0-9a-f]{32})/.exec((await item.textContent()) ?? '')?.[1] as string;
    runs.set(trace, runId);
  }
  return runs;
}

async function showRun(page: Page, runId: string): Promise<void> {
  const runView = new RunViewPage(page);
  if ((await runView.root.getAttribute('data-run-id')) !== runId) {
    await page
      .getByTestId('run-import-trace-run')
      .and(page.locator(`[data-run-id="${runId}"]`))
      .getByRole('button')
      .click();
  }
  await expect(runView.root).toHaveAttribute('data-run-id', runId);
}

/** Scrolls the pane to the section, the window itself left where it is. */
async function showInPane(section: Locator): Promise<void> {
  await section.evaluate((element) => {
    element.scrollIntoView({ block: 'start' });
    element.ownerDocument.scrollingElement?.scrollTo(0, 0);
  });
}

test('GenAI and OpenInference spans read as model calls: chat, tool calls, model, tokens and cost', async ({
  page,
}) => {
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(FILE);
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  const runs = await runsByTrace(page);
  await showRun(page, runs.get(AGENT_TRACE) as string);

  // The calls' tokens, not the agent span's repeat of them; cost by the built-in prices.
  await expect(page.getByTestId('run-tokens')).toHaveText('740');
  await expect(page.getByTestId('run-cost')).toHaveText('$0.00109');

  // Current conventions: messages as attributes, the model's answer a tool call.
  await runView.timeline.select('chat gpt-4o');
  const header = page.getByTestId('node-model-tokens');
  await expect(header).toContainText('gpt-4o-2024-08-06');
  await expect(header).toHaveText('gpt-4o-2024-08-06 · 150 tokens');
  const call = page.getByTestId('model-call');
  await expect(call.getByTestId('model-call-model')).toHaveText('gpt-4o-2024-08-06');
  await expect(call.getByTestId('model-call-provider')).toHaveText('openai');
  await expect(call.getByTestId('model-call-tokens')).toHaveText('150 (120 in · 30 out)');
  await expect(call.getByTestId('model-call-cost')).toHaveText('$0.0006');
  const messages = call.getByTestId('chat-message');
  await expect(messages.getByTestId('chat-role')).toHaveText(['system', 'user', 'assistant']);
  await expect(messages.nth(1)).toContainText('What is the weather in Paris?');
  await expect(messages.nth(2).getByTestId('chat-tool-name')).toHaveText('get_weather');
  await expect(messages.nth(2).getByTestId('chat-tool-args')).toHaveText('{"location":"Paris"}');
  await showInPane(call);
  await page.screenshot({ path: test.info().outputPath('genai-attributes-pane.png') });

  // Conventions up to 1.36: messages as events, the tool's answer and the choice among them.
  await runView.timeline.select('chat gpt-4o-mini');
  await expect(call.getByTestId('model-call-tokens')).toHaveText('240 (200 in · 40 out)');
  await expect(messages.getByTestId('chat-role')).toHaveText([
    'system',
    'user',
    'assistant',
    'tool',
    'assistant',
  ]);
  await expect(messages.nth(3)).toContainText('answers call_paris_1');
  await expect(messages.nth(3).getByTestId('chat-text')).toHaveText('rainy, 14 °C');
  await expect(messages.nth(4).getByTestId('chat-text')).toHaveText('It is rainy in Paris, 14 °C.');
  await showInPane(call);
  await page.screenshot({ path: test.info().outputPath('genai-events.png') });

  // OpenInference.
  await runView.timeline.select('ChatAnthropic');
  await expect(call.getByTestId('model-call-model')).toHaveText('claude-3-5-haiku-20241022');
  await expect(call.getByTestId('model-call-tokens')).toHaveText('350 (300 in · 50 out)');
  await expect(messages.getByTestId('chat-role')).toHaveText(['system', 'user', 'assistant']);
  await expect(messages.nth(2).getByTestId('chat-tool-name')).toHaveText('add_to_packing_list');
  await showInPane(call);
  await page.screenshot({ path: test.info().outputPath('openinference-pane.png') });

  // An agent span is no model call, whatever usage it repeats.
  await runView.timeline.select('invoke_agent weather_agent');
  await expect(page.getByTestId('node-model-tokens')).toHaveCount(0);
  await expect(call).toHaveCount(0);

  // A model no price is known for: its tokens, and "—" for its cost and the run's.
  await showRun(page, runs.get(UNKNOWN_MODEL_TRACE) as string);
  await expect(page.getByTestId('run-tokens')).toHaveText('15');
  await expect(page.getByTestId('run-cost')).toHaveText('—');
  await runView.timeline.select('chat acme-llm-7b');
  await expect(call.getByTestId('model-call-cost')).toHaveText('—');
  await expect(messages.getByTestId('chat-role')).toHaveText(['user', 'assistant']);

  // A run without model calls: "—" in the runs table, never 0; the others' totals beside it.
  await runView.backToRuns();
  const runsPage = new RunsPage(page);
  const cell = (trace: string, column: string) =>
    runsPage.runRow(runs.get(trace) as string).locator(`[data-column="${column}"]`);
  await expect(cell(PLAIN_TRACE, 'tokens')).toHaveText('—');
  await expect(cell(PLAIN_TRACE, 'cost')).toHaveText('—');
  await expect(cell(AGENT_TRACE, 'tokens')).toHaveText('740');
  await expect(cell(UNKNOWN_MODEL_TRACE, 'tokens')).toHaveText('15');
  await expect(cell(UNKNOWN_MODEL_TRACE, 'cost')).toHaveText('—');
  await page.screenshot({ path: test.info().outputPath('runs-table.png') });
});
