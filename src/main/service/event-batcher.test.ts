import { describe, expect, it } from 'vitest';
import type { EventBatch, RunIndexing } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';
import { EVENT_MESSAGE_MAX_BYTES, EventBatcher } from './event-batcher';

const log = (n: number, text = String(n)): RunEvent => ({
  type: 'node_output_delta',
  runId: 'r1',
  nodeId: 'n',
  hierarchyPath: 'a.n',
  text,
});

describe('EventBatcher', () => {
  it('sends one message per interval however many events arrive, losing none and keeping order', async () => {
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher((batch) => sent.push(batch), 20);
    for (let i = 0; i < 1000; i++) batcher.push({ type: 'run.events', runId: 'r1', events: [log(i)] });
    expect(sent).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toHaveLength(1);
    const first = sent[0]?.events[0];
    expect(first?.type).toBe('run.events');
    const texts = (first as { events: { text: string }[] }).events.map((e) => e.text);
    expect(texts).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  it('sends every notice and command, in order, however close together', () => {
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher((batch) => sent.push(batch), 1000);
    const notice = (runId: string) => ({
      runId,
      agentId: 'a',
      projectRoot: '/projects/p',
      kind: 'ended' as const,
      status: 'completed',
      message: 'a completed',
    });
    batcher.push({ type: 'app.command', command: { name: 'open-project' } });
    batcher.push({ type: 'run.notice', notice: notice('r1') });
    batcher.push({ type: 'app.command', command: { name: 'open-path', path: '/tmp/p' } });
    batcher.push({ type: 'run.notice', notice: notice('r2') });
    batcher.flush();
    expect(sent.flatMap((batch) => batch.events)).toEqual([
      { type: 'app.command', command: { name: 'open-project' } },
      { type: 'run.notice', notice: notice('r1') },
      { type: 'app.command', command: { name: 'open-path', path: '/tmp/p' } },
      { type: 'run.notice', notice: notice('r2') },
    ]);
  });

  it('keeps only the newest runs list and separates runs', () => {
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher((batch) => sent.push(batch), 1000);
    batcher.push({ type: 'runs.changed', runs: [] });
    batcher.push({ type: 'run.events', runId: 'r1', events: [log(1)] });
    batcher.push({ type: 'run.events', runId: 'r2', events: [log(2)] });
    batcher.push({ type: 'runs.changed', runs: [{ runId: 'x' } as never] });
    batcher.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.events.map((e) => e.type)).toEqual(['run.events', 'run.events', 'runs.changed']);
    expect((sent[0]?.events[2] as { runs: unknown[] }).runs).toHaveLength(1);
    batcher.close();
  });

  it('splits a flush heavier than the message cap into messages under it, keeping every event in order', () => {
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher((batch) => sent.push(batch), 1000);
    const text = 'x'.repeat(10_000);
    batcher.push({ type: 'runs.changed', runs: [] });
    for (let i = 0; i < 300; i++)
      batcher.push({ type: 'run.events', runId: 'r1', events: [log(i, `${i} ${text}`)] });
    batcher.flush();
    expect(sent.length).toBeGreaterThan(2);
    for (const batch of sent)
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(EVENT_MESSAGE_MAX_BYTES);
    const pushed = sent.flatMap((batch) => batch.events);
    expect(pushed[0]?.type).toBe('runs.changed');
    const texts = pushed.flatMap((event) =>
      event.type === 'run.events' ? event.events.map((e) => (e as { text: string }).text.split(' ')[0]) : [],
    );
    expect(texts).toEqual(Array.from({ length: 300 }, (_, i) => String(i)));
    batcher.close();
  });

  it("keeps a run's latest reading progress, its end, and no word of reading after the end", () => {
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher((batch) => sent.push(batch), 1000);
    const step = (state: RunIndexing['state'], bytesRead: number, previewSpans = 0): RunIndexing => ({
      state,
      bytesRead,
      totalBytes: 100,
      spans: bytesRead,
      logLines: 0,
      previewSpans,
    });
    for (const indexing of [
      step('reading', 1),
      step('reading', 5),
      step('reading', 9, 7),
      step('reading', 20, 7),
    ])
      batcher.push({ type: 'run.indexing', runId: 'r1', indexing });
    batcher.push({ type: 'run.indexing', runId: 'r2', indexing: step('reading', 3) });
    batcher.push({ type: 'run.indexing', runId: 'r1', indexing: step('done', 100, 7) });
    // A late word from a part read on the side, after the end.
    batcher.push({ type: 'run.indexing', runId: 'r1', indexing: step('reading', 8, 7) });
    batcher.flush();
    const told = sent
      .flatMap((batch) => batch.events)
      .map((event) =>
        event.type === 'run.indexing'
          ? `${event.runId} ${event.indexing.state} ${event.indexing.bytesRead}`
          : '',
      );
    expect(told).toEqual(['r1 reading 5', 'r1 reading 20', 'r2 reading 3', 'r1 done 100']);
  });
});
