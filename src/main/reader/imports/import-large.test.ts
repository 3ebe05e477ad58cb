import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunIndex } from '../run-index';
import { importTraceFile } from './import-trace-file';

const SPANS = 100_000;
const COMPONENTS = 99;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const START_NS = 1_746_093_600_000_000_000n;

const spanIdOf = (n: number) => (n + 1).toString(16).padStart(16, '0');

/** Span 0 is the root, spans 1..99 are components under it, the rest are nodes spread over the components. */
function spanJson(n: number): string {
  const parent = n === 0 ? '' : n <= COMPONENTS ? spanIdOf(0) : spanIdOf(1 + (n % COMPONENTS));
  const start = START_NS + BigInt(n) * 1_000_000n;
  const attributes =
    n > COMPONENTS
      ? [
          { key: 'dad.generic.node_id', value: { stringValue: `node_${n}` } },
          { key: 'dad.generic.node_type', value: { stringValue: 'ai_model_call' } },
          { key: 'dad.generic.node_hierarchy', value: { stringValue: `agent.c${n % COMPONENTS}.node_${n}` } },
          { key: 'dad.node_internal.cost', value: { doubleValue: 0.001 } },
        ]
      : [{ key: 'dad.generic.component_id', value: { stringValue: `c${n}` } }];
  return JSON.stringify({
    traceId: TRACE_ID,
    spanId: spanIdOf(n),
    parentSpanId: parent,
    name: n === 0 ? 'FlowRunner.run_flow' : n > COMPONENTS ? 'ai_model_call.execute' : 'flow.execute',
    kind: 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 500_000n),
    attributes,
    status: { code: n % 1000 === 7 ? 2 : 1 },
  });
}

let root: string;
let source: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-large-'));
  source = join(root, 'large-export.json');
  const file = await open(source, 'w');
  await file.write(
    '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"big"}}]},' +
      '"scopeSpans":[{"scope":{"name":"dad.engine"},"spans":[\n',
  );
  for (let n = 0; n < SPANS; n += 1000) {
    const lines: string[] = [];
    for (let i = n; i < Math.min(SPANS, n + 1000); i++) lines.push(spanJson(i));
    await file.write(lines.join(',\n') + (n + 1000 < SPANS ? ',\n' : '\n'));
  }
  await file.write(']}]}]}\n');
  await file.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('importTraceFile at scale', () => {
  it('imports an export of 100,000 spans', async () => {
    const runsDir = join(root, 'runs');
    const began = performance.now();
    const imported = await importTraceFile(source, runsDir);
    const importMs = performance.now() - began;
    const openedAt = performance.now();
    const index = await RunIndex.open(imported.runs[0]!.dir);
    const openMs = performance.now() - openedAt;
    const megabytes = (await stat(source)).size / (1 << 20);
    console.log(
      `imported ${SPANS} spans (${megabytes.toFixed(1)} MB) in ${importMs.toFixed(0)} ms ` +
        `(${(megabytes / (importMs / 1000)).toFixed(0)} MB/s); the reader opened the run in ${openMs.toFixed(0)} ms`,
    );

    expect(imported.runs.map((run) => run.spanCount)).toEqual([SPANS]);
    expect(imported.warnings).toEqual([]);
    const summary = await index.summary();
    expect(summary).toMatchObject({
      spanCount: SPANS,
      syntheticSpanCount: 0,
      rootSpanIds: [`0x${spanIdOf(0)}`],
    });
    const page = index.spanRows({ collapsed: [], offset: 0, limit: 3 });
    expect(page.total).toBe(SPANS);
    expect(page.rows.map((row) => [row.depth, row.name, row.childCount])).toEqual([
      [0, 'FlowRunner.run_flow', COMPONENTS],
      [1, 'flow.execute', expect.any(Number)],
      [2, 'ai_model_call.execute', 0],
    ]);
    const failed = index
      .spanRows({ collapsed: [], offset: 0, limit: SPANS })
      .rows.filter((row) => row.status === 'ERROR');
    expect(failed).toHaveLength(SPANS / 1000);
  });
});
