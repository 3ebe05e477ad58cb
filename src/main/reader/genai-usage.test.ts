import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunListEntry } from '../../shared/run-data';
import { isModelCallSpan } from './genai-usage';
import { importTraceFile } from './imports/import-trace-file';
import { listRuns } from './list-runs';
import { RunIndex } from './run-index';

const FIXTURE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test-support',
  'fixtures',
  'otlp-genai-calls.json',
);
const AGENT_TRACE = '0x4a11ce0000000000000000000000a9e1';
const UNKNOWN_MODEL_TRACE = '0x4a11ce0000000000000000000000b0b2';
const PLAIN_TRACE = '0x4a11ce0000000000000000000000c0c3';

// Per 1M tokens: gpt-4o 2.5 / 10, gpt-4o-mini 0.15 / 0.6, claude-3-5-haiku 0.8 / 4 (the built-in table).
const GPT_4O = (120 * 2.5 + 30 * 10) / 1e6;
const GPT_4O_MINI = (200 * 0.15 + 40 * 0.6) / 1e6;
const HAIKU = (300 * 0.8 + 50 * 4) / 1e6;

let root: string;
let runsDir: string;
let runOfTrace: Map<string, string>;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-genai-'));
  runsDir = join(root, 'runs');
  const { runs } = await importTraceFile(FIXTURE, runsDir);
  runOfTrace = new Map(runs.map((run) => [run.traceId, run.dir]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const openTrace = (traceId: string) => RunIndex.open(runOfTrace.get(traceId) as string);

describe('model calls of other tools in a run', () => {
  it('add up the tokens of GenAI (attribute and event style) and OpenInference calls, and their cost by the price table', async () => {
    const summary = await (await openTrace(AGENT_TRACE)).summary();
    // The agent span's own usage repeats its calls': 620 + 120 more would be counted twice.
    expect(summary.tokens).toBe(150 + 240 + 350);
    expect(summary.cost).toBeCloseTo(GPT_4O + GPT_4O_MINI + HAIKU, 12);
  });

  it('give tokens and no cost for a model of unknown price, and neither for a run without model calls', async () => {
    expect(await (await openTrace(UNKNOWN_MODEL_TRACE)).summary()).toMatchObject({ tokens: 15, cost: null });
    expect(await (await openTrace(PLAIN_TRACE)).summary()).toMatchObject({ tokens: null, cost: null });
  });

  it('list the same totals in the runs list, null (never 0) where nothing was used', async () => {
    const entries = await listRuns(runsDir);
    const byTrace = (traceId: string) =>
      entries.find((entry) => entry.dir === runOfTrace.get(traceId)) as RunListEntry;
    expect(byTrace(AGENT_TRACE).tokens).toBe(740);
    expect(byTrace(AGENT_TRACE).cost).toBeCloseTo(GPT_4O + GPT_4O_MINI + HAIKU, 12);
    expect(byTrace(UNKNOWN_MODEL_TRACE)).toMatchObject({ tokens: 15, cost: null });
    expect(byTrace(PLAIN_TRACE)).toMatchObject({ tokens: null, cost: null });
  });

  it('chart each call by its span name, with its tokens and cost, in the run totals and time slices', async () => {
    const series = await (await openTrace(AGENT_TRACE)).metricSeries({ buckets: 4 });
    expect(series.nodes.map(({ nodeId, tokens }) => [nodeId, tokens])).toEqual([
      ['chat gpt-4o', 150],
      ['chat gpt-4o-mini', 240],
      ['ChatAnthropic', 350],
    ]);
    expect(series.nodes[2]?.cost).toBeCloseTo(HAIKU, 12);
    expect(series.totals.tokens).toBe(740);
    expect(series.buckets.reduce((sum, bucket) => sum + bucket.tokens, 0)).toBe(740);
    expect(series.byNode.map((node) => node.nodeId).sort()).toEqual([
      'ChatAnthropic',
      'chat gpt-4o',
      'chat gpt-4o-mini',
    ]);
  });

  it('describe a call in its span detail: model, provider, tokens in and out, cost', async () => {
    const index = await openTrace(AGENT_TRACE);
    expect((await index.spanDetail('0xa100000000000005')).modelCall).toEqual({
      model: 'claude-3-5-haiku-20241022',
      provider: 'anthropic',
      inputTokens: 300,
      outputTokens: 50,
      totalTokens: 350,
      cost: HAIKU,
    });
    // Older names: prompt and completion tokens, `gen_ai.system`.
    expect((await index.spanDetail('0xa100000000000004')).modelCall).toMatchObject({
      model: 'gpt-4o-mini',
      provider: 'openai',
      inputTokens: 200,
      outputTokens: 40,
    });
    expect((await index.spanDetail('0xa100000000000001')).modelCall).toBeNull();
    const unknown = await (await openTrace(UNKNOWN_MODEL_TRACE)).spanDetail('0xb200000000000001');
    expect(unknown.modelCall).toMatchObject({ model: 'acme-llm-7b', totalTokens: 15, cost: null });
  });

  it('leave a DAD run without model calls at null, even with a summary of zeros', async () => {
    const dir = join(runsDir, 'run_20260101_100000_abcdef');
    await mkdir(join(dir, '.trace'), { recursive: true });
    const commandSpan = {
      name: 'command.execute',
      context: { trace_id: '0x01', span_id: '0x0000000000000001', trace_state: '[]' },
      parent_id: null,
      start_time: '2026-01-01T10:00:00.000000Z',
      end_time: '2026-01-01T10:00:01.000000Z',
      status: { status_code: 'OK' },
      attributes: { 'dad.generic.node_id': 'list_files', 'dad.generic.node_type': 'command' },
    };
    await writeFile(join(dir, '.trace', 'trace.jsonl'), JSON.stringify(commandSpan) + '\n');
    await writeFile(
      join(dir, '.trace', 'dad_metadata.json'),
      JSON.stringify({ run_id: 'run_20260101_100000_abcdef', created_at: 'x', status: 'completed' }),
    );
    await writeFile(
      join(dir, 'run_summary.json'),
      JSON.stringify({ run_id: 'run_20260101_100000_abcdef', agg_usage_total_tokens: 0, agg_usage_cost: 0 }),
    );
    const entry = (await listRuns(runsDir)).find((run) => run.dir === dir);
    expect(entry).toMatchObject({ nodeCount: 1, tokens: null, cost: null });
    expect(await (await RunIndex.open(dir)).summary()).toMatchObject({ tokens: null, cost: null });
  });
});

describe('which spans are model calls', () => {
  it('takes inference and embeddings, not agent or tool spans, by either convention', () => {
    expect(isModelCallSpan({ 'gen_ai.operation.name': 'chat' })).toBe(true);
    expect(isModelCallSpan({ 'gen_ai.operation.name': 'embeddings' })).toBe(true);
    expect(
      isModelCallSpan({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'gpt-4o' }),
    ).toBe(false);
    expect(isModelCallSpan({ 'gen_ai.operation.name': 'execute_tool' })).toBe(false);
    // Before `gen_ai.operation.name`: a system and a model.
    expect(isModelCallSpan({ 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4' })).toBe(true);
    expect(isModelCallSpan({ 'openinference.span.kind': 'LLM' })).toBe(true);
    expect(isModelCallSpan({ 'openinference.span.kind': 'CHAIN', 'llm.token_count.total': 9 })).toBe(false);
    expect(isModelCallSpan({ 'http.request.method': 'GET' })).toBe(false);
  });
});
