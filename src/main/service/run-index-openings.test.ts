import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventBatch, ResultOf, RunIndexing } from '../../shared/contract';
import { generateLargeRun } from '../../../bench/support/generate-large-run';
import { withTempDir } from '../../../test-support/engine/test-node-types';
import { threadCount, threadsDownTo } from '../../../test-support/reader/threads';
import { openTestService } from '../../../test-support/service';

/** A run large enough to be read in a worker (over 16 MiB of trace and logs). */
async function largeRun(dir: string) {
  return generateLargeRun({ runRoot: join(dir, 'runs'), spans: 16_000, logs: 3_000, flows: 4 });
}

function indexingEvents(batches: EventBatch[], runId: string): RunIndexing[] {
  return batches.flatMap((batch) =>
    batch.events.flatMap((event) =>
      event.type === 'run.indexing' && event.runId === runId ? [event.indexing] : [],
    ),
  );
}

describe('a large run opened by a window', () => {
  it('answers from the spans read so far, tells the watching window how reading goes, then answers for the whole run', async () => {
    await withTempDir(async (dir) => {
      const run = await largeRun(dir);
      const batches: EventBatch[] = [];
      const { service, session } = await openTestService(dir, { send: (batch) => batches.push(batch) });
      await service.handlers.watchRun({ runId: run.runId }, session);
      const first = (await service.handlers.runSummary(
        { runId: run.runId },
        session,
      )) as ResultOf<'runSummary'>;
      // The first answer came before the last line was read: a preview of part of the run.
      expect(first.spanCount).toBeGreaterThan(0);
      expect(first.spanCount).toBeLessThan(run.spans);
      const rows = (await service.handlers.spanRows(
        { runId: run.runId, collapsed: [], offset: 0, limit: 20 },
        session,
      )) as ResultOf<'spanRows'>;
      expect(rows.rows.length).toBe(20);

      await expect
        .poll(() => indexingEvents(batches, run.runId).at(-1)?.state, { timeout: 60_000 })
        .toBe('done');
      const told = indexingEvents(batches, run.runId);
      expect(told.some((step) => step.state === 'reading' && step.previewSpans > 0)).toBe(true);
      expect(told.at(-1)).toMatchObject({
        bytesRead: run.traceBytes + run.logBytes,
        totalBytes: run.traceBytes + run.logBytes,
      });
      const whole = (await service.handlers.runSummary(
        { runId: run.runId },
        session,
      )) as ResultOf<'runSummary'>;
      expect(whole.spanCount).toBe(run.spans);
      await service.shutdown();
    });
  });

  it('stops reading when the last window leaves the run, and reads it again when one comes back', async () => {
    await withTempDir(async (dir) => {
      // Seconds of reading: a reading that went on after the window left would still be there.
      const run = await generateLargeRun({
        runRoot: join(dir, 'runs'),
        spans: 50_000,
        logs: 20_000,
        flows: 4,
      });
      const batches: EventBatch[] = [];
      const { service, session } = await openTestService(dir, { send: (batch) => batches.push(batch) });
      const threadsBefore = await threadCount();
      await service.handlers.watchRun({ runId: run.runId }, session);
      const firstAnswer = Promise.resolve(service.handlers.runSummary({ runId: run.runId }, session));
      await expect
        .poll(() => indexingEvents(batches, run.runId).length, { timeout: 30_000 })
        .toBeGreaterThan(0);
      await service.handlers.unwatchRun({ runId: run.runId }, session);
      await firstAnswer.catch(() => undefined);
      // The workers reading it are gone at once.
      expect(await threadsDownTo(threadsBefore, 500)).toBeLessThanOrEqual(threadsBefore);
      const toldBefore = indexingEvents(batches, run.runId).length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      // Nobody watches: nothing more is told, and the reading was not finished.
      expect(indexingEvents(batches, run.runId).length).toBe(toldBefore);
      expect(indexingEvents(batches, run.runId).some((step) => step.state === 'done')).toBe(false);

      await service.handlers.watchRun({ runId: run.runId }, session);
      await service.handlers.runSummary({ runId: run.runId }, session);
      await expect
        .poll(() => indexingEvents(batches, run.runId).at(-1)?.state, { timeout: 60_000 })
        .toBe('done');
      const whole = (await service.handlers.runSummary(
        { runId: run.runId },
        session,
      )) as ResultOf<'runSummary'>;
      expect(whole.spanCount).toBe(run.spans);
      await service.shutdown();
    });
  });
});
