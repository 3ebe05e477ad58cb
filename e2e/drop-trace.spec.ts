import { copyFile, mkdir, open, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DropTarget } from './pages/drop-target';
import { ProjectPage } from './pages/project-page';
import { RunViewPage } from './pages/run-view-page';
import { RunsPage } from './pages/runs-page';
import { TraceFileChooser } from './pages/trace-file-chooser';

const FIXTURES = fileURLToPath(new URL('../test-support/fixtures/', import.meta.url));
const WORK_DIR = process.env.E2E_WORK_DIR as string;
const DROPS = join(WORK_DIR, 'drops');

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeAll(async () => {
  await mkdir(DROPS, { recursive: true });
});

/** What the window sent to the server since the page loaded, counted by call. */
interface SentCalls {
  uploadPieces: number;
  uploadCancels: number;
}
let sent: SentCalls;

test.beforeEach(async ({ page }) => {
  // Watched before the page loads: a socket opened earlier would go uncounted.
  sent = countSentCalls(page);
  await new RunsPage(page).goto();
});

// Every other test expects the sample project open: put it back.
test.afterEach(async ({ page }) => {
  await new ProjectPage(page).reopenSample();
});

/** A copy of the OTLP JSON export fixture (an agent's two nodes) under `name`, on disk. */
async function otlpTraceFile(name: string): Promise<string> {
  const path = join(DROPS, name);
  await copyFile(join(FIXTURES, 'otlp-agent-trace.json'), path);
  return path;
}

/** Counts the upload calls the window sends on any socket it opens from now on. */
function countSentCalls(page: Page): SentCalls {
  const counter = { uploadPieces: 0, uploadCancels: 0 };
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const text = String(payload);
      if (text.includes('"uploadTraceChunk"')) counter.uploadPieces += 1;
      if (text.includes('"cancelTraceUpload"')) counter.uploadCancels += 1;
    }),
  );
  return counter;
}

/** A sparse file of `megabytes` MiB (its bytes never written): big enough that its upload lasts. */
async function bigFile(name: string, megabytes: number): Promise<string> {
  const path = join(DROPS, name);
  const handle = await open(path, 'w');
  await handle.truncate(megabytes * 1024 * 1024);
  await handle.close();
  return path;
}

test('a file dragged over the window brings an overlay saying what a drop does; Escape or leaving removes it', async ({
  page,
}) => {
  const file = await otlpTraceFile('overlay-trace.json');
  const drop = new DropTarget(page);

  await drop.dragOver([file]);
  await expect(drop.overlay).toBeVisible();
  await drop.dragOut([file]);
  await expect(drop.overlay).toBeHidden();

  await drop.dragOver([file]);
  await expect(drop.overlay).toBeVisible();
  await expect(drop.overlay).toContainText(
    'Drop a trace file (OTLP or Jaeger JSON) or a project folder to open it',
  );
  await expect(drop.overlay).toContainText('paste its path');
  await page.screenshot({ path: test.info().outputPath('drop-overlay.png') });
  await page.keyboard.press('Escape');
  await expect(drop.overlay).toBeHidden();
  await drop.dragOut([file]);
});

test('a dropped OTLP trace is uploaded and opens on its run; dropped again, the same run opens', async ({
  page,
}) => {
  const file = await otlpTraceFile('dropped-agent-trace.json');
  const drop = new DropTarget(page);
  const runView = new RunViewPage(page);

  await drop.drop([file]);
  await runView.root.waitFor();
  await expect(page.getByTestId('run-imported')).toContainText('OpenTelemetry OTLP JSON');
  await expect(runView.timeline.rowsOf('summarize')).toHaveCount(1);
  await expect(runView.timeline.rowsOf('check')).toHaveCount(1);
  const runId = await runView.runId();
  await expect(page.getByTestId('nav-project')).toHaveText('Imported traces');
  const runs = new RunsPage(page);
  await page.getByTestId('nav-runs').click();
  await expect(runs.runRows.first()).toBeVisible();
  const runCount = await runs.runRows.count();

  await drop.drop([file]);
  await expect(runView.root).toHaveAttribute('data-run-id', runId);
  await expect(runView.timeline.rowsOf('summarize')).toHaveCount(1);
  await page.getByTestId('nav-runs').click();
  await expect(runs.runRows).toHaveCount(runCount);
});

test('a dropped file that is no trace is refused with its name, and nothing is uploaded', async ({
  page,
}) => {
  const notes = join(DROPS, 'meeting-notes.txt');
  await writeFile(notes, 'not a trace');
  const drop = new DropTarget(page);

  await drop.drop([notes]);
  await expect(drop.error).toContainText('"meeting-notes.txt" is not a trace file');
  await expect(new RunsPage(page).root).toBeVisible();
  expect(sent.uploadPieces).toBe(0);
});

test('a dropped folder cannot be uploaded: the window says so and leads to the path field', async ({
  page,
}) => {
  const folder = join(DROPS, 'colleague-project');
  await mkdir(join(folder, 'runs'), { recursive: true });
  const drop = new DropTarget(page);

  await drop.drop([folder]);
  await expect(drop.error).toContainText('"colleague-project" is a folder');
  await expect(drop.error).toContainText("paste the folder's path into the path field");
  expect(sent.uploadPieces).toBe(0);
  await page.screenshot({ path: test.info().outputPath('dropped-folder.png') });
  await drop.goToPathField.click();
  const picker = new ProjectPage(page);
  await expect(picker.pathInput).toBeFocused();
  await expect(picker.openError).toContainText('"colleague-project" is a folder');
});

test('of several dropped files the first trace opens, and the others are named as ignored', async ({
  page,
}) => {
  const notes = join(DROPS, 'readme.txt');
  await writeFile(notes, 'not a trace');
  const trace = await otlpTraceFile('first-of-several.json');
  const other = await otlpTraceFile('second-of-several.json');
  const drop = new DropTarget(page);

  await drop.drop([notes, trace, other]);
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  await expect(runView.timeline.rowsOf('summarize')).toHaveCount(1);
  await expect(drop.note).toContainText('"readme.txt", "second-of-several.json"');
  await page.screenshot({ path: test.info().outputPath('several-dropped.png') });
});

test('"Open trace file…" in a browser uploads the chosen file and opens its run', async ({ page }) => {
  const file = await otlpTraceFile('picked-agent-trace.json');
  await new ProjectPage(page).open();
  const chooser = new TraceFileChooser(page);
  await expect(chooser.chooseTraceButton).toHaveText('Open trace file…');
  // A browser cannot hand over a folder's path: folders are typed.
  await expect(chooser.chooseFolderButton).toHaveCount(0);
  expect(await chooser.accepts()).toBe('.json,.jsonl');

  await chooser.choose(file);
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  await expect(runView.timeline.rowsOf('summarize')).toHaveCount(1);
  await expect(page.getByTestId('nav-project')).toHaveText('Imported traces');
});

test('a large upload shows its progress and can be cancelled; nothing opens', async ({ page }) => {
  const big = await bigFile('big-export.json', 400);
  const drop = new DropTarget(page);

  await drop.drop([big]);
  await expect(drop.progress).toBeVisible();
  await expect(drop.progress).toContainText('Uploading big-export.json');
  // Some of it sent, not all: the figures move while the file goes.
  await expect(drop.progressFigures).toHaveText(/^[\d.]+ MiB of 400 MiB \(([2-9]|[1-9]\d)%\)$/);
  await page.screenshot({ path: test.info().outputPath('upload-progress.png') });
  await drop.cancelUpload.click();
  await expect(drop.progress).toBeHidden();
  await expect(drop.error).toHaveCount(0);
  await expect(new RunsPage(page).root).toBeVisible();
});

test('a file changed on disk mid-upload is named in an error, and the window opens the next one', async ({
  page,
}) => {
  const changing = await bigFile('changing-export.json', 300);
  const drop = new DropTarget(page);

  await drop.drop([changing]);
  await expect(drop.progressFigures).toHaveText(/\(([2-9]|[1-9]\d)%\)$/);
  // The browser can no longer read a file whose size changed after it was dropped.
  await truncate(changing, 1024);
  await expect(drop.error).toContainText('could not read "changing-export.json"');
  await expect(drop.error).toContainText('NotReadableError');
  await expect(drop.progress).toBeHidden();
  // The server was told to drop what arrived, and the window is free to open something else.
  await expect.poll(() => sent.uploadCancels).toBe(1);
  const picker = new ProjectPage(page);
  await picker.open();
  await expect(page.getByTestId('project-choose-trace')).toBeEnabled();
  await drop.drop([await otlpTraceFile('after-a-failed-upload.json')]);
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  await expect(runView.timeline.rowsOf('summarize')).toHaveCount(1);
});

test('once every byte is sent, the window says it is importing and offers no Cancel', async ({ page }) => {
  // Large enough that its import is seen: an OTLP export of many spans.
  const path = join(DROPS, 'many-spans.json');
  await writeFile(path, otlpTraceOf(60_000));
  const drop = new DropTarget(page);
  // Every state the upload's box went through, as the user saw it.
  await page.evaluate(`(() => {
    window.e2eUploadStates = [];
    new MutationObserver(() => {
      const box = document.querySelector('[data-testid="upload-progress"]');
      if (!box) return;
      const cancel = box.querySelector('[data-testid="upload-cancel"]') !== null;
      window.e2eUploadStates.push({ text: box.textContent, cancel });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);

  await drop.drop([path]);
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  const states = (await page.evaluate('window.e2eUploadStates')) as { text: string; cancel: boolean }[];
  const importing = states.filter((state) => state.text.includes('Importing many-spans.json'));
  expect(importing.length).toBeGreaterThan(0);
  expect(importing.every((state) => !state.cancel)).toBe(true);
  expect(states.some((state) => state.text.includes('Uploading many-spans.json') && state.cancel)).toBe(true);
});

/** An OTLP JSON export (opentelemetry-proto's JSON mapping): one root span and `children` under it. */
function otlpTraceOf(children: number): string {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spanId = (index: number) => (index + 1).toString(16).padStart(16, '0');
  const start = 1_746_093_600_000_000_000n;
  const spans = Array.from({ length: children + 1 }, (_, index) => ({
    traceId,
    spanId: spanId(index),
    ...(index === 0 ? {} : { parentSpanId: spanId(0) }),
    name: index === 0 ? 'agent.execute' : `step_${index}`,
    kind: 1,
    startTimeUnixNano: String(start + BigInt(index) * 1_000_000n),
    endTimeUnixNano: String(start + BigInt(index + 1) * 1_000_000n),
    status: { code: 1 },
  }));
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'many-spans' } }] },
        scopeSpans: [{ scope: { name: 'e2e' }, spans }],
      },
    ],
  });
}
