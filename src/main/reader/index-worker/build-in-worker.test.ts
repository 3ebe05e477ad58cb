import { utimesSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../../../bench/support/generate-large-run';
import { everything } from '../../../../test-support/reader/index-answers';
import { threadCount, threadsDownTo } from '../../../../test-support/reader/threads';
import { RunIndex, type IndexingProgress } from '../run-index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-index-worker-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A run whose trace is past the first preview offset (8 MiB), with a few broken lines in it. */
async function bigRun(): Promise<{ runDir: string; traceBytes: number; logBytes: number }> {
  const run = await generateLargeRun({
    runRoot: join(dir, 'runs'),
    spans: 9_000,
    logs: 4_000,
    flows: 4,
    failEvery: 11,
  });
  const trace = join(run.runDir, '.trace', 'trace.jsonl');
  await appendFile(trace, 'not json at all\n{"cut": \n');
  return { runDir: run.runDir, traceBytes: (await stat(trace)).size, logBytes: run.logBytes };
}

describe('indexing in a worker thread', () => {
  it('answers every query exactly as an index built on this thread, after previews of the spans read so far', async () => {
    const run = await bigRun();
    const progress: IndexingProgress[] = [];
    const previews: { spans: number; rows: number; refreshed: unknown; source: string; names: string[] }[] =
      [];
    const inWorker = await RunIndex.open(run.runDir, {
      workerAboveBytes: 0,
      // The first part read on this thread, the next two by the worker.
      previewAtBytes: [1 << 20, 3 << 20, 6 << 20],
      onProgress: (step) => progress.push(step),
      onPreview: (preview) => {
        void preview.summary().then(async (summary) =>
          previews.push({
            spans: summary.spanCount,
            rows: preview.spanRows({ collapsed: [], offset: 0, limit: 50 }).rows.length,
            names: preview
              .spanRows({ collapsed: [], offset: 0, limit: 1_000_000 })
              .rows.map((row) => row.name),
            refreshed: await preview.refresh(),
            source: preview.loadedFrom,
          }),
        );
      },
    });
    const onThisThread = await RunIndex.open(run.runDir, { workerAboveBytes: Number.POSITIVE_INFINITY });
    expect(inWorker.loadedFrom).toBe('built');
    expect(inWorker.readInWorkers).toBe(true);
    expect(await everything(inWorker)).toEqual(await everything(onThisThread));
    const problems = (await inWorker.summary()).problems.map((problem) => problem.message);
    expect(problems.some((message) => message.includes('not valid JSON'))).toBe(true);

    // Three previews, growing: some of the spans, already rows, never refreshed on their own.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const total = (await inWorker.summary()).spanCount;
    expect(previews.length).toBe(3);
    expect(previews[0]?.spans).toBeGreaterThan(0);
    expect(previews[0]?.spans).toBeLessThan(previews[1]?.spans ?? 0);
    expect(previews[1]?.spans).toBeLessThan(previews[2]?.spans ?? 0);
    expect(previews[2]?.spans).toBeLessThan(total);
    expect(previews[0]?.rows).toBe(50);
    expect(previews[0]?.refreshed).toEqual({ spans: 0, logs: 0, metrics: 0 });
    expect(previews[0]?.source).toBe('preview');
    // Parents whose lines come later in the file are named as not read yet, not as not ended.
    expect(previews[0]?.names).toContain('(not read yet)');
    expect(previews[0]?.names).not.toContain('(not ended)');

    // Progress, when told, counts bytes of the trace and logs and never goes back.
    for (const step of progress) expect(step.totalBytes).toBe(run.traceBytes + run.logBytes);
    const read = progress.map((step) => step.bytesRead);
    expect(read).toEqual([...read].sort((a, b) => a - b));
    expect(read.every((bytes) => bytes <= run.traceBytes + run.logBytes)).toBe(true);
  });

  it('reads large logs in a worker of their own beside the trace, and answers exactly the same', async () => {
    const run = await generateLargeRun({ runRoot: join(dir, 'runs'), spans: 3_000, logs: 18_000, flows: 3 });
    const logs = join(run.runDir, '.trace', 'logs.jsonl');
    expect((await stat(logs)).size).toBeGreaterThan(8 << 20);
    await appendFile(logs, '{"broken log line\n');
    await appendFile(join(run.runDir, '.trace', 'trace.jsonl'), '[1, 2]\n');
    const cacheDir = join(dir, 'cache');
    const inWorkers = await RunIndex.open(run.runDir, { workerAboveBytes: 0, cacheDir });
    expect(inWorkers.readInWorkers).toBe(true);
    const onThisThread = await RunIndex.open(run.runDir, { workerAboveBytes: Number.POSITIVE_INFINITY });
    const answers = await everything(inWorkers);
    expect(answers).toEqual(await everything(onThisThread));
    const problems = (await inWorkers.summary()).problems;
    expect(problems.map((problem) => problem.file)).toEqual(['.trace/trace.jsonl', '.trace/logs.jsonl']);
    // Saved as merged, and loaded back the same.
    await inWorkers.saved();
    const again = await RunIndex.open(run.runDir, { cacheDir });
    expect(again.loadedFrom).toBe('saved');
    expect(await everything(again)).toEqual(answers);
  });

  it('saves what the worker built, and the next open loads it', async () => {
    const run = await bigRun();
    const cacheDir = join(dir, 'cache');
    const built = await RunIndex.open(run.runDir, { cacheDir, workerAboveBytes: 0 });
    expect(built.readInWorkers).toBe(true);
    await built.saved();
    const again = await RunIndex.open(run.runDir, { cacheDir, workerAboveBytes: 0 });
    expect(again.loadedFrom).toBe('saved');
    expect(await everything(again)).toEqual(await everything(built));
  });

  it('stops the workers when the open is cancelled mid-read, and says so', async () => {
    // Seconds of reading left when it is cancelled: a worker that went on would still be there.
    const run = await generateLargeRun({ runRoot: join(dir, 'runs'), spans: 50_000, logs: 20_000, flows: 4 });
    const before = await threadCount();
    const controller = new AbortController();
    let threadsWhileReading = 0;
    const opening = RunIndex.open(run.runDir, {
      workerAboveBytes: 0,
      signal: controller.signal,
      onProgress: (step) => {
        // Word from a worker that read something: it is running now.
        if (step.bytesRead === 0 || controller.signal.aborted) return;
        void threadCount().then((count) => {
          threadsWhileReading = count;
          controller.abort();
        });
      },
    });
    await expect(opening).rejects.toMatchObject({ code: 'cancelled' });
    expect(threadsWhileReading).toBeGreaterThan(before);
    // The workers' threads are gone: nothing reads on for nobody.
    expect(await threadsDownTo(before, 500)).toBeLessThanOrEqual(before);
  });

  it('refuses a linked log file in the worker as on this thread, and still loads the rest', async () => {
    const run = await bigRun();
    const logs = join(run.runDir, '.trace', 'logs.jsonl');
    const secret = join(dir, 'secret.jsonl');
    await writeFile(secret, '{"body":"canary-4711"}\n');
    await unlink(logs);
    await symlink(secret, logs);
    const inWorker = await RunIndex.open(run.runDir, { workerAboveBytes: 0 });
    expect(inWorker.readInWorkers).toBe(true);
    const summary = await inWorker.summary();
    expect(summary.problems.some((problem) => /logs\.jsonl.*symbolic link/.test(problem.message))).toBe(true);
    expect(JSON.stringify(await everything(inWorker))).not.toContain('canary-4711');
    expect(summary.spanCount).toBe(9_000);
  });

  it('reads a run cut short in stages into the same tree as one read, stand-ins and all', async () => {
    const run = await generateLargeRun({
      runRoot: join(dir, 'runs'),
      spans: 9_000,
      logs: 500,
      flows: 4,
      failEvery: 13,
    });
    const trace = join(run.runDir, '.trace', 'trace.jsonl');
    // Killed before the agent's and the runner's spans ended: their lines (the last two) never came.
    const lines = (await readFile(trace, 'utf8')).split('\n').filter((line) => line !== '');
    await writeFile(trace, lines.slice(0, -2).join('\n') + '\n');
    const staged = await RunIndex.open(run.runDir, {
      workerAboveBytes: 0,
      previewAtBytes: [512 << 10, 1 << 20, 2 << 20, 4 << 20, 6 << 20],
      onPreview: () => undefined,
    });
    expect(staged.readInWorkers).toBe(true);
    const inOneGo = await RunIndex.open(run.runDir, { workerAboveBytes: Number.POSITIVE_INFINITY });
    expect(await everything(staged)).toEqual(await everything(inOneGo));
  });

  it('saves nothing of a build whose trace was written over while a worker read it', async () => {
    const run = await bigRun();
    const trace = join(run.runDir, '.trace', 'trace.jsonl');
    const cacheDir = join(dir, 'cache');
    let touched = false;
    const built = await RunIndex.open(run.runDir, {
      cacheDir,
      workerAboveBytes: 0,
      onProgress: (step) => {
        if (touched || step.bytesRead === 0) return;
        touched = true;
        // Written over in place: same size, another time (as a rewrite would leave it).
        const later = new Date(Date.now() + 60_000);
        utimesSync(trace, later, later);
      },
    });
    expect(touched).toBe(true);
    expect(built.readInWorkers).toBe(true);
    await built.saved();
    const again = await RunIndex.open(run.runDir, { cacheDir, workerAboveBytes: Number.POSITIVE_INFINITY });
    expect(again.loadedFrom).toBe('built');
    expect(again.savedIndexRefused).toBe('no saved index');
  });
});
