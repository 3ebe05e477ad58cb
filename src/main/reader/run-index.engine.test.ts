import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentDefinition, FlowDefinition } from '../engine/definitions/component';
import { NodeDefinition } from '../engine/definitions/node';
import type { RunEvent } from '../engine/events';
import type { NodeTypeHandler } from '../engine/node-types/types';
import { RunContext } from '../engine/run-context';
import { AgentRunner } from '../engine/runners/agent-runner';
import { testNodeTypes } from '../../../test-support/engine/test-node-types';
import { LiveRunIndex } from './live-run-index';
import { RunIndex } from './run-index';
import type { ReaderSpanRow } from './types';

/** Reports token usage and cost on its span the way a model call does, and logs a warning. */
const modelLike: NodeTypeHandler<{ tokens: number; cost: number }, unknown> = {
  nodeType: 'model_like',
  settingsSchema: z.object({ tokens: z.number(), cost: z.number() }),
  inputSchema: z.unknown(),
  async execute(context, settings) {
    context.log('warn', `spent ${settings.tokens} tokens`);
    return {
      data: { response: 'ok' },
      outcome: { text: 'ok' },
      usage: { totalTokens: settings.tokens, cost: settings.cost },
      spanAttributes: {
        'dad.node_internal.cost': settings.cost,
        'dad.result.token_usage': {
          prompt_tokens: settings.tokens - 1,
          completion_tokens: 1,
          total_tokens: settings.tokens,
        },
      },
    };
  },
};

let peeked: ReaderSpanRow[] = [];
let liveIndex: LiveRunIndex | null = null;

/** Looks at the live index while it runs, to see its own ancestors drawn open-ended. */
const peek: NodeTypeHandler<Record<string, never>, unknown> = {
  nodeType: 'peek',
  settingsSchema: z.object({}),
  inputSchema: z.unknown(),
  async execute() {
    peeked = liveIndex?.spanRows({ collapsed: [], offset: 0, limit: 100 }).rows ?? [];
    return { data: {}, outcome: {} };
  },
};

const echo = (value: unknown) => new NodeDefinition('echo', { value });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-reader-'));
  peeked = [];
});
afterEach(async () => {
  liveIndex = null;
  await rm(dir, { recursive: true, force: true });
});

/** Runs a small agent into the temp dir, feeding a live index with its events as it goes. */
async function runAgent(): Promise<{ runDir: string; live: LiveRunIndex; events: RunEvent[] }> {
  const body = new FlowDefinition().node('shout', echo('$var{index}:$var{item}'));
  const flow = new FlowDefinition()
    .vars({ items: ['a', 'b'] })
    .node('first', echo('hello'))
    .node('ask', new NodeDefinition('model_like', { tokens: 40, cost: 0.25 }))
    .forEach('each', '$expr{items}', body)
    .node('peek', new NodeDefinition('peek', {}))
    .node('boom', new NodeDefinition('fail', { message: 'disk on fire' }, { onError: 'continue' }));
  const agent = new AgentDefinition().flow('main', flow);
  const context = new RunContext({ rootComponentId: 'demo', projectRoot: dir, enableOutcomeRepo: false });
  const live = new LiveRunIndex();
  liveIndex = live;
  const events: RunEvent[] = [];
  context.events.subscribe((event) => {
    events.push(event);
    live.apply(event);
  });
  const runner = new AgentRunner(agent, context, {
    nodeTypes: testNodeTypes().register(modelLike).register(peek),
  });
  const { runDir } = await runner.setupRun({});
  await runner.run();
  return { runDir, live, events };
}

const shape = (rows: ReaderSpanRow[]) =>
  rows.map((row) => [row.depth, row.name, row.hierarchyPath, row.status]);

describe('RunIndex over a run the engine wrote', () => {
  it('lists the spans as a tree, collapses subtrees and reads spans back with their events', async () => {
    const { runDir } = await runAgent();
    const index = await RunIndex.open(runDir);
    const summary = await index.summary();
    expect(summary).toMatchObject({
      status: 'completed',
      live: false,
      rootComponentId: 'demo',
      spanCount: 11,
    });
    expect(summary.problems).toEqual([]);
    expect(summary.notes).toEqual([]);
    expect(summary.rootSpanIds).toHaveLength(1);
    expect(summary.startUs).toBeLessThan(summary.endUs ?? 0);

    const page = index.spanRows({ collapsed: [], offset: 0, limit: 100 });
    expect(page.total).toBe(11);
    expect(shape(page.rows)).toEqual([
      [0, 'AgentRunner.run_agent', 'demo', 'OK'],
      [1, 'agent.execute', 'demo', 'OK'],
      [2, 'flow.execute', 'demo.main', 'OK'],
      [3, 'echo.execute', 'demo.main.first', 'OK'],
      [3, 'model_like.execute', 'demo.main.ask', 'OK'],
      [3, 'flow.execute', 'demo.main.each.iter_0', 'OK'],
      [4, 'echo.execute', 'demo.main.each.iter_0.shout', 'OK'],
      [3, 'flow.execute', 'demo.main.each.iter_1', 'OK'],
      [4, 'echo.execute', 'demo.main.each.iter_1.shout', 'OK'],
      [3, 'peek.execute', 'demo.main.peek', 'OK'],
      [3, 'fail.execute', 'demo.main.boom', 'ERROR'],
    ]);
    const byPath = (path: string) => page.rows.find((row) => row.hierarchyPath === path) as ReaderSpanRow;
    expect(byPath('demo.main')).toMatchObject({ nodeId: 'main', nodeType: 'flow', childCount: 6 });
    expect(byPath('demo.main.ask')).toMatchObject({
      nodeId: 'ask',
      nodeType: 'model_like',
      hasChildren: false,
    });

    const flowCollapsed = index.spanRows({ collapsed: [byPath('demo.main').spanId], offset: 0, limit: 100 });
    expect(flowCollapsed.total).toBe(3);
    const iterationCollapsed = index.spanRows({
      collapsed: [byPath('demo.main.each.iter_0').spanId],
      offset: 4,
      limit: 3,
    });
    expect(iterationCollapsed.total).toBe(10);
    expect(iterationCollapsed.rows.map((row) => row.hierarchyPath)).toEqual([
      'demo.main.ask',
      'demo.main.each.iter_0',
      'demo.main.each.iter_1',
    ]);
    expect(
      index.spanRowIndex(byPath('demo.main.boom').spanId, {
        collapsed: [byPath('demo.main.each.iter_0').spanId],
      }),
    ).toBe(9);

    const boom = await index.spanDetail(byPath('demo.main.boom').spanId);
    expect(boom).toMatchObject({
      name: 'fail.execute',
      status: { status_code: 'ERROR', description: 'disk on fire' },
      nodeId: 'boom',
      hierarchyPath: 'demo.main.boom',
      kind: 'SpanKind.INTERNAL',
      synthetic: false,
      detailError: null,
      parentId: byPath('demo.main').spanId,
    });
    expect(boom.attributes).toMatchObject({
      'dad.generic.node_id': 'boom',
      'dad.generic.execution_status': 'failed',
    });
    expect(boom.events).toHaveLength(1);
    expect(boom.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.message': 'disk on fire' },
    });
    expect(boom.resource).toMatchObject({ attributes: { 'service.name': 'dad-agent' } });
    const ask = await index.spanDetail(byPath('demo.main.ask').spanId);
    // Written as JSON text (structured values are), read back as the object.
    expect(ask.attributes['dad.result.token_usage']).toEqual({
      prompt_tokens: 39,
      completion_tokens: 1,
      total_tokens: 40,
    });
    await expect(index.spanDetail('0x00000000000000ff')).rejects.toMatchObject({ code: 'not_found' });

    expect(index.searchSpans('shout', 10).total).toBe(2);
    const iterationOne = index.searchSpans('ITER_1', 10);
    expect(iterationOne.spanIds).toEqual([
      byPath('demo.main.each.iter_1').spanId,
      byPath('demo.main.each.iter_1.shout').spanId,
    ]);
    expect(index.searchSpans('  ', 10)).toEqual({ spanIds: [], total: 0 });
  });

  it('filters log lines by severity, node, text and time, and pages them', async () => {
    const { runDir } = await runAgent();
    const index = await RunIndex.open(runDir);
    const all = await index.logLines({ offset: 0, limit: 100 });
    expect(all.lines.map((line) => line.body)).toEqual([
      'echo "hello"',
      'spent 40 tokens',
      'echo "0:a"',
      'echo "1:b"',
      'node "demo.main.boom" failed: disk on fire',
    ]);
    expect(all).toMatchObject({ total: 5, more: false, offset: 0 });
    expect(all.lines.map((line) => line.index)).toEqual([0, 1, 2, 3, 4]);
    expect(all.lines[1]).toMatchObject({ severityText: 'WARN', severityNumber: 13, nodeId: 'ask' });

    const page = await index.logLines({ offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 5, more: true, offset: 1 });
    expect(page.lines.map((line) => line.index)).toEqual([1, 2]);

    const errors = await index.logLines({ offset: 0, limit: 10, minSeverity: 17 });
    expect(errors.total).toBe(1);
    const boomRow = index
      .spanRows({ collapsed: [], offset: 0, limit: 100 })
      .rows.find((row) => row.nodeId === 'boom');
    expect(errors.lines[0]).toMatchObject({ nodeId: 'boom', severityText: 'ERROR', spanId: boomRow?.spanId });
    expect(errors.lines[0]?.attributes['exception.message']).toBe('disk on fire');
    expect(errors.lines[0]?.traceId).toMatch(/^0x[0-9a-f]{32}$/);

    expect(
      (await index.logLines({ offset: 0, limit: 10, nodeId: 'shout' })).lines.map((l) => l.body),
    ).toEqual(['echo "0:a"', 'echo "1:b"']);
    expect(await index.logLines({ offset: 0, limit: 10, nodeId: 'nobody' })).toMatchObject({
      total: 0,
      lines: [],
    });
    const warnings = await index.logLines({ offset: 0, limit: 10, minSeverity: 13 });
    expect(warnings.lines.map((line) => line.nodeId)).toEqual(['ask', 'boom']);

    const text = await index.logLines({ offset: 0, limit: 10, text: 'ECHO "' });
    expect(text).toMatchObject({ total: 3, more: false });
    const textPage = await index.logLines({ offset: 1, limit: 1, text: 'echo' });
    expect(textPage.lines.map((line) => line.body)).toEqual(['echo "0:a"']);
    // All five lines were looked at in one batch, so the total is known.
    expect(textPage).toMatchObject({ more: true, total: 3 });
    expect(
      (await index.logLines({ offset: 0, limit: 10, text: 'fire', minSeverity: 17 })).lines,
    ).toHaveLength(1);
    expect((await index.logLines({ offset: 0, limit: 10, text: 'nowhere' })).total).toBe(0);

    const firstTime = all.lines[0]?.timestamp as string;
    const upTo = Date.parse(firstTime) * 1000 + Number(firstTime.slice(23, 26));
    expect((await index.logLines({ offset: 0, limit: 10, until: upTo })).lines.map((l) => l.index)).toEqual([
      0,
    ]);
  });

  it('gives per-node durations, tokens and cost, per node id and per time bucket', async () => {
    const { runDir } = await runAgent();
    const index = await RunIndex.open(runDir);
    const series = await index.metricSeries({ buckets: 10 });
    expect(series.totalNodes).toBe(6);
    expect(series.nodes.map((node) => node.hierarchyPath)).toEqual([
      'demo.main.first',
      'demo.main.ask',
      'demo.main.each.iter_0.shout',
      'demo.main.each.iter_1.shout',
      'demo.main.peek',
      'demo.main.boom',
    ]);
    expect(series.nodes[1]).toMatchObject({
      nodeId: 'ask',
      nodeType: 'model_like',
      tokens: 40,
      cost: 0.25,
      status: 'OK',
    });
    expect(series.nodes[5]).toMatchObject({ nodeId: 'boom', status: 'ERROR', tokens: null });
    for (const node of series.nodes) expect(node.durationMs).toBeGreaterThanOrEqual(0);
    expect(series.totals).toMatchObject({ executions: 6, failures: 1, tokens: 40, cost: 0.25 });
    expect(series.byNode.find((node) => node.nodeId === 'shout')).toMatchObject({
      executions: 2,
      failures: 0,
    });
    expect(series.buckets).toHaveLength(10);
    expect(series.buckets.reduce((sum, bucket) => sum + bucket.ended, 0)).toBe(6);
    expect(series.buckets.reduce((sum, bucket) => sum + bucket.tokens, 0)).toBe(40);
    expect(JSON.stringify(series.lastExport)).toContain('node_execution_success');
    expect((await index.metricSeries({ limit: 2 })).nodes).toHaveLength(2);

    // The charts ask for the leaders only: the longest, the most tokens and the costliest, in tree order.
    const leaders = await index.metricSeries({ top: 1, buckets: 10 });
    const longest = [...series.nodes].sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0))[0];
    const expected = [...new Set(['demo.main.ask', longest?.hierarchyPath])];
    expect(leaders.nodes.map((node) => node.hierarchyPath).sort()).toEqual(expected.sort());
    expect(leaders.totalNodes).toBe(6);
    expect(leaders.buckets).toEqual(series.buckets);
  });

  it("reads a node's result, outcome and (missing) state files", async () => {
    const { runDir } = await runAgent();
    const index = await RunIndex.open(runDir);
    const files = await index.nodeFiles('demo.main.first');
    expect(files.files.map((file) => file.name)).toEqual(['result.json', 'outcome.json', 'state.json']);
    expect(files.files[0]).toMatchObject({
      error: null,
      content: { node_identifier: 'first', execution_status: 'completed' },
    });
    expect(files.files[1]).toMatchObject({ error: null, content: { value: 'hello' } });
    expect(files.files[2]).toMatchObject({ content: null, error: 'state.json does not exist' });
    const shout = await index.nodeFiles('demo.main.each.iter_1.shout');
    expect(shout.files[1]?.content).toEqual({ value: '1:b' });
    await writeFile(join(runDir, 'demo', 'main', 'first', 'state.json'), '{"prompt": ');
    expect((await index.nodeFiles('demo.main.first')).files[2]?.error).toMatch(
      /^state.json is not readable JSON/,
    );
    expect((await index.nodeFiles('demo.main.never')).files[0]?.error).toContain('does not exist');
  });

  it('as of a time shows only what had started, and what was still running as running', async () => {
    const { runDir } = await runAgent();
    const index = await RunIndex.open(runDir);
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 100 }).rows;
    const ask = rows.find((row) => row.nodeId === 'ask') as ReaderSpanRow;
    const asOf = index.spanRows({ collapsed: [], offset: 0, limit: 100, asOf: ask.start });
    expect(shape(asOf.rows)).toEqual([
      [0, 'AgentRunner.run_agent', 'demo', 'RUNNING'],
      [1, 'agent.execute', 'demo', 'RUNNING'],
      [2, 'flow.execute', 'demo.main', 'RUNNING'],
      [3, 'echo.execute', 'demo.main.first', 'OK'],
      [3, 'model_like.execute', 'demo.main.ask', 'RUNNING'],
    ]);
    expect(asOf.rows[2]).toMatchObject({ childCount: 2, end: null });
    const series = await index.metricSeries({ asOf: ask.start });
    expect(series.totalNodes).toBe(2);
    expect(series.totals.executions).toBe(1);
    expect(series.nodes[1]).toMatchObject({ status: 'RUNNING', durationMs: null, tokens: null });
    const logs = await index.logLines({ offset: 0, limit: 10, until: ask.start });
    expect(logs.lines.map((line) => line.body)).toEqual(['echo "hello"']);
  });
});

describe('LiveRunIndex', () => {
  it('fed the events of a run, answers as the files of that run do afterwards', async () => {
    const { runDir, live, events } = await runAgent();
    expect(events.some((event) => event.type === 'span_started')).toBe(true);
    const index = await RunIndex.open(runDir);
    const fromFiles = index.spanRows({ collapsed: [], offset: 0, limit: 100 });
    expect(live.spanRows({ collapsed: [], offset: 0, limit: 100 })).toEqual(fromFiles);
    const collapsed = [fromFiles.rows[5]?.spanId as string];
    expect(live.spanRows({ collapsed, offset: 2, limit: 5 })).toEqual(
      index.spanRows({ collapsed, offset: 2, limit: 5 }),
    );
    const middle = fromFiles.rows[6]?.start as number;
    expect(live.spanRows({ collapsed: [], offset: 0, limit: 100, asOf: middle })).toEqual(
      index.spanRows({ collapsed: [], offset: 0, limit: 100, asOf: middle }),
    );
    for (const row of fromFiles.rows)
      expect(await live.spanDetail(row.spanId)).toEqual(await index.spanDetail(row.spanId));
    expect(await live.logLines({ offset: 0, limit: 100 })).toEqual(
      await index.logLines({ offset: 0, limit: 100 }),
    );
    expect(await live.logLines({ offset: 0, limit: 100, text: 'echo', minSeverity: 9 })).toEqual(
      await index.logLines({ offset: 0, limit: 100, text: 'echo', minSeverity: 9 }),
    );
    expect(await live.metricSeries()).toEqual(await index.metricSeries());
    expect(live.searchSpans('iter', 10)).toEqual(index.searchSpans('iter', 10));
    expect(await live.nodeFiles('demo.main.ask')).toEqual(await index.nodeFiles('demo.main.ask'));

    const [liveSummary, fileSummary] = await Promise.all([live.summary(), index.summary()]);
    const common = ({
      runId,
      status,
      spanCount,
      logCount,
      startUs,
      endUs,
      rootSpanIds,
      rootComponentId,
      error,
    }: typeof fileSummary) => ({
      runId,
      status,
      spanCount,
      logCount,
      startUs,
      endUs,
      rootSpanIds,
      rootComponentId,
      error,
    });
    expect(common(liveSummary)).toEqual(common(fileSummary));
    expect(liveSummary.live).toBe(false);
  });

  it('draws running spans open-ended while the run goes on', async () => {
    await runAgent();
    const byPath = (path: string) => peeked.find((row) => row.hierarchyPath === path);
    expect(byPath('demo')).toMatchObject({ status: 'RUNNING', end: null, depth: 0 });
    expect(byPath('demo.main')).toMatchObject({ status: 'RUNNING', end: null, depth: 2 });
    expect(byPath('demo.main.peek')).toMatchObject({ status: 'RUNNING', end: null, depth: 3 });
    expect(byPath('demo.main.first')).toMatchObject({ status: 'OK' });
    expect(byPath('demo.main.boom')).toBeUndefined();
  });

  it('follows one run on a bus that carries several', async () => {
    const { events } = await runAgent();
    const runId = (events[0] as { runId: string }).runId;
    const other = events.map((event) => ({ ...event, runId: 'run_other' }) as RunEvent);
    const interleaved = events.flatMap((event, i) => [event, other[i] as RunEvent]);
    const following = new LiveRunIndex();
    const told = new LiveRunIndex({ runId });
    for (const event of interleaved) {
      following.apply(event);
      told.apply(event);
    }
    const alone = new LiveRunIndex();
    for (const event of events) alone.apply(event);
    const rows = alone.spanRows({ collapsed: [], offset: 0, limit: 100 });
    expect(rows.total).toBe(11);
    expect(following.spanRows({ collapsed: [], offset: 0, limit: 100 })).toEqual(rows);
    expect(told.spanRows({ collapsed: [], offset: 0, limit: 100 })).toEqual(rows);
    expect((await told.summary()).runId).toBe(runId);
  });

  it('answers before anything arrived, and keeps only the last records when told to', async () => {
    const empty = new LiveRunIndex();
    expect(empty.spanRows({ collapsed: [], offset: 0, limit: 10 })).toEqual({
      total: 0,
      offset: 0,
      rows: [],
    });
    expect(await empty.summary()).toMatchObject({
      status: 'running',
      live: true,
      spanCount: 0,
      startUs: null,
    });
    await expect(empty.nodeFiles('a')).rejects.toMatchObject({ code: 'not_found' });

    const { events } = await runAgent();
    const small = new LiveRunIndex({ maxKeptRecords: 2 });
    for (const event of events) small.apply(event);
    const rows = small.spanRows({ collapsed: [], offset: 0, limit: 100 }).rows;
    expect(rows).toHaveLength(11);
    const first = rows.find((row) => row.nodeId === 'first') as ReaderSpanRow;
    expect((await small.spanDetail(first.spanId)).detailError).toContain('no longer keeps');
    const logs = await small.logLines({ offset: 0, limit: 10 });
    expect(logs.lines[0]?.body).toContain('not kept in memory');
    expect(logs.lines[4]?.body).toBe('node "demo.main.boom" failed: disk on fire');
    expect((await small.summary()).notes[0]?.message).toContain('let go');
  });
});
