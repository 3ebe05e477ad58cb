import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch, ResultOf } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { EVENT_MESSAGE_MAX_BYTES } from './event-batcher';
import { InspectorService, type Session } from './inspector-service';

/**
 * A live run's events go to every watching window as they happen: a node whose span carries a
 * 5 MB attribute and whose result is 3 MB must not push megabytes; the values stay reachable.
 */

const MB = 1024 * 1024;
// Span strings are cut at 4,096 characters as they are recorded: a 5 MB attribute is a list of them.
const LINES = 1280;
const BIG_VALUE_LENGTH = JSON.stringify(Array.from({ length: LINES }, () => 'a'.repeat(4096))).length;
// A node type of the project's own, so the node's span gets the attribute (callbacks set none).
const agent = `
const anything = { safeParse: (data: unknown) => ({ success: true, data }) } as never;
const big = {
  nodeType: 'big_values',
  settingsSchema: anything,
  inputSchema: anything,
  // Waits first, so the window watches the run before the values come.
  execute: async () => new Promise((resolve) => setTimeout(resolve, 1500)).then(() => ({
    data: { text: 'r'.repeat(${3 * MB}) },
    outcome: null,
    spanAttributes: { 'big.value': Array.from({ length: ${LINES} }, () => 'a'.repeat(4096)) },
  })),
};
const flow = flowDef().node('make', nodeDef('big_values', {}));
`;

let dir: string;
let service: InspectorService;
let session: Session;
const batches: EventBatch[] = [];

beforeAll(async () => {
  dir = await makeTempDir('dad-live-event-bounds');
  const project = await writeProject(join(dir, 'proj'), {
    'src/runners/big.ts': runnerSource('big', agent, ', nodeTypes: [big as never]'),
  });
  service = new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
    eventBatchMs: 5,
    runs: { spareProcess: false },
  });
  await service.openProject(project);
  session = service.connect((batch) => batches.push(batch));
}, 60_000);

afterAll(async () => {
  await service?.shutdown();
  await removeDir(dir);
});

function runEvents(): RunEvent[] {
  return batches.flatMap((batch) =>
    batch.events.flatMap((pushed) => (pushed.type === 'run.events' ? pushed.events : [])),
  );
}

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('events pushed while a run with big values goes on', () => {
  it('stay under the message cap, say which values were cut, and the values stay reachable', async () => {
    const { runId } = (await service.handlers.startRun(
      { agentId: 'big', staticInputs: {} },
      session,
    )) as ResultOf<'startRun'>;
    service.handlers.watchRun({ runId }, session);
    await waitFor('the run to end', () => runEvents().find((event) => event.type === 'run_ended'));

    for (const batch of batches)
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(EVENT_MESSAGE_MAX_BYTES);

    const spanEnd = runEvents().find(
      (event) => event.type === 'span_ended' && event.span.name === 'big_values.execute',
    );
    if (spanEnd?.type !== 'span_ended') throw new Error('the node span did not end');
    expect(spanEnd.longAttributes?.['big.value']).toEqual({ totalLength: BIG_VALUE_LENGTH, kind: 'json' });
    expect(BIG_VALUE_LENGTH).toBeGreaterThan(5 * MB);
    const completed = runEvents().find((event) => event.type === 'node_completed');
    if (completed?.type !== 'node_completed') throw new Error('the node did not complete');
    expect(completed.resultCut).toBe(true);
    expect(completed.result.execution_status).toBe('completed');

    // The whole values are still there: the attribute's last piece and the file's last bytes.
    const spanId = spanEnd.span.context.span_id;
    const piece = (await service.handlers.spanValuePiece(
      { runId, spanId, key: 'big.value', offset: BIG_VALUE_LENGTH - 12, length: 100 },
      session,
    )) as ResultOf<'spanValuePiece'>;
    expect(piece).toMatchObject({
      text: `${'a'.repeat(10)}"]`,
      totalLength: BIG_VALUE_LENGTH,
      nextOffset: BIG_VALUE_LENGTH,
    });
    const head = (await service.handlers.nodeFileRange(
      { runId, hierarchyPath: completed.hierarchyPath, name: 'result.json', offset: 0, length: 1 },
      session,
    )) as ResultOf<'nodeFileRange'>;
    expect(head.totalLength).toBeGreaterThan(3 * MB);
    const tail = (await service.handlers.nodeFileRange(
      { runId, hierarchyPath: completed.hierarchyPath, name: 'result.json', offset: 3 * MB, length: 1000 },
      session,
    )) as ResultOf<'nodeFileRange'>;
    expect(tail.text).toMatch(/^r+"/);
  }, 90_000);
});
