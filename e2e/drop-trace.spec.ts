import { copyFile, mkdir, open, writeFile } from 'node:fs/promises';
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

test.beforeEach(async ({ page }) => {
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

/** Counts the upload pieces the window sends to the server from now on. */
function countUploadPieces(page: Page): { count: number } {
  const counter = { count: 0 };
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (String(payload).includes('"uploadTraceChunk"')) counter.count += 1;
    }),
  );
  return counter;
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
  const pieces = countUploadPieces(page);
  const drop = new DropTarget(page);

  await drop.drop([notes]);
  await expect(drop.error).toContainText('"meeting-notes.txt" is not a trace file');
  await expect(new RunsPage(page).root).toBeVisible();
  expect(pieces.count).toBe(0);
});

test('a dropped folder cannot be uploaded: the window says so and leads to the path field', async ({
  page,
}) => {
  const folder = join(DROPS, 'colleague-project');
  await mkdir(join(folder, 'runs'), { recursive: true });
  const pieces = countUploadPieces(page);
  const drop = new DropTarget(page);

  await drop.drop([folder]);
  await expect(drop.error).toContainText('"colleague-project" is a folder');
  await expect(drop.error).toContainText("paste the folder's path into the path field");
  expect(pieces.count).toBe(0);
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
  // Big enough that the upload lasts: a sparse file, its bytes never written.
  const big = join(DROPS, 'big-export.json');
  const handle = await open(big, 'w');
  await handle.truncate(400 * 1024 * 1024);
  await handle.close();
  const drop = new DropTarget(page);

  await drop.drop([big]);
  await expect(drop.progress).toBeVisible();
  await expect(drop.progress).toContainText('Uploading big-export.json');
  // Some of it sent, not all: the figures move while the file goes.
  await expect(drop.progressFigures).toHaveText(/^[\d.]+ MB of 419 MB \(([2-9]|[1-9]\d)%\)$/);
  await page.screenshot({ path: test.info().outputPath('upload-progress.png') });
  await drop.cancelUpload.click();
  await expect(drop.progress).toBeHidden();
  await expect(drop.error).toHaveCount(0);
  await expect(new RunsPage(page).root).toBeVisible();
});
