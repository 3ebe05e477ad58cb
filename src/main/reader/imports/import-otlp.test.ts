import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../list-runs';
import { RunIndex } from '../run-index';
import { readRunRecord } from '../run-record';
import { importTraceFile } from './import-trace-file';
import type { ImportRecord } from './import-record';
import { detectTraceFormat } from './trace-format';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test-support', 'fixtures');
const AGENT_TRACE = join(FIXTURES, 'otlp-agent-trace.json');
const COLLECTOR_LINES = join(FIXTURES, 'otlp-collector-lines.jsonl');
const TRACE_ID = '0x5b8efff798038103d269b633813fc60c';
/** 2025-05-01T10:00:00Z in µs. */
const T0 = 1_746_093_600_000_000;

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-otlp-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function importRecordOf(runDir: string): Promise<ImportRecord> {
  return JSON.parse(await readFile(join(runDir, '.trace', 'import.json'), 'utf8')) as ImportRecord;
}

describe('importTraceFile with an OTLP/JSON export', () => {
  it('writes a run the reader opens with the same nesting, names, times and statuses', async () => {
    expect(await detectTraceFormat(AGENT_TRACE)).toBe('otlp-json');
    const imported = await importTraceFile(AGENT_TRACE, runsDir);
    expect(imported).toEqual({
      format: 'otlp-json',
      sourceFile: AGENT_TRACE,
      runs: [
        {
          runId: 'otlp_agent_trace_5b8efff798038103',
          dir: join(runsDir, 'otlp_agent_trace_5b8efff798038103'),
          traceId: TRACE_ID,
          spanCount: 5,
        },
      ],
      warnings: [],
      unlistedWarnings: 0,
    });
    const runDir = imported.runs[0]!.dir;
    const index = await RunIndex.open(runDir);
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows;
    expect(
      rows.map((row) => [row.depth, row.name, row.status, row.start - T0, (row.end ?? 0) - T0, row.nodeId]),
    ).toEqual([
      [0, 'FlowRunner.run_flow', 'OK', 0, 5_500_000, null],
      // The reader names a component span by its component id.
      [1, 'flow.execute', 'UNSET', 100_000, 5_400_000, 'main'],
      // Nanoseconds past the µs are dropped: ...001999 ns starts at µs 1_000_001.
      [2, 'ai_model_call.execute', 'OK', 1_000_001, 2_500_000, 'summarize'],
      [3, 'POST /v1/messages', 'UNSET', 1_200_000, 2_000_000, null],
      [2, 'ai_model_call.execute', 'ERROR', 3_000_000, 3_250_000, 'check'],
    ]);
    expect(rows[2]).toMatchObject({ nodeType: 'ai_model_call', hierarchyPath: 'agent.main.summarize' });
    const summary = await index.summary();
    expect(summary).toMatchObject({
      status: 'unknown',
      spanCount: 5,
      syntheticSpanCount: 0,
      traceIds: [TRACE_ID],
    });
  });

  it('keeps attribute types, events, links, kind, status text, resource and scope', async () => {
    const [run] = (await importTraceFile(AGENT_TRACE, runsDir)).runs;
    const index = await RunIndex.open(run!.dir);
    const summarize = await index.spanDetail('0xa000000000000003');
    expect(summarize.kind).toBe('SpanKind.INTERNAL');
    expect(summarize.attributes).toMatchObject({
      'dad.generic.node_id': 'summarize',
      'dad.node_internal.cost': 0.0025,
      'llm.prompt_tokens': 10,
      // Past 2^53 an int64 stays exact as text.
      'llm.big_counter': '9007199254740993',
      'llm.streamed': true,
      'llm.stop': ['END', 7],
      'llm.options': { temperature: 0.2, model: 'claude' },
      'llm.raw': 'aGVsbG8=',
      'llm.nothing': null,
      'otel.scope.name': 'dad.engine',
      'otel.scope.version': '1.2.0',
    });
    expect(summarize.events).toEqual([
      { name: 'model.response', timestamp: '2025-05-01T10:00:02.000000Z', attributes: { chars: 120 } },
    ]);
    expect(summarize.links).toEqual([
      {
        context: {
          trace_id: '0x0af7651916cd43dd8448eb211c80319c',
          span_id: '0x00f067aa0ba902b7',
          trace_state: 'vendor=1',
        },
        attributes: { 'link.reason': 'retry of' },
      },
    ]);
    expect(summarize.resource).toEqual({
      attributes: { 'service.name': 'dad-agent', 'telemetry.sdk.language': 'python', 'process.pid': 4242 },
      schema_url: 'https://opentelemetry.io/schemas/1.24.0',
    });

    const check = await index.spanDetail('0xa000000000000004');
    expect(check.status).toEqual({ status_code: 'ERROR', description: 'boom' });
    expect(check.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': 'boom' } });

    // This resource comes after its spans in the file.
    const proxy = await index.spanDetail('0xb000000000000001');
    expect(proxy.kind).toBe('SpanKind.SERVER');
    expect(proxy.resource).toEqual({ attributes: { 'service.name': 'model-proxy' }, schema_url: '' });
    expect(proxy.attributes).toEqual({ 'http.response.status_code': 200, 'otel.scope.name': 'tool.http' });
  });

  it('writes only the trace and the import record, which says what the format does not carry', async () => {
    const before = Date.now();
    const [run] = (await importTraceFile(AGENT_TRACE, runsDir)).runs;
    expect(await readdir(runsDir)).toEqual(['otlp_agent_trace_5b8efff798038103']);
    expect(await readdir(run!.dir)).toEqual(['.trace']);
    expect((await readdir(join(run!.dir, '.trace'))).sort()).toEqual(['import.json', 'trace.jsonl']);
    const record = await importRecordOf(run!.dir);
    expect(record).toEqual({
      version: 1,
      format: 'otlp-json',
      sourceFile: AGENT_TRACE,
      sourceBytes: (await readFile(AGENT_TRACE)).length,
      traceId: TRACE_ID,
      spanCount: 5,
      importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      traceStart: '2025-05-01T10:00:00.000000Z',
      traceEnd: '2025-05-01T10:00:05.500000Z',
      services: ['dad-agent', 'model-proxy'],
      tracesInFile: 1,
      notCarried: ['logs', 'metrics', 'nodeFiles', 'runStatus', 'outcomeRepository'],
      warnings: [],
      unlistedWarnings: 0,
      runsFromFile: [{ runId: 'otlp_agent_trace_5b8efff798038103', traceId: TRACE_ID, spanCount: 5 }],
    });
    expect(Date.parse(record.importedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('is listed as an imported run of unknown status, without a missing-metadata problem', async () => {
    const [run] = (await importTraceFile(AGENT_TRACE, runsDir)).runs;
    const record = await readRunRecord(run!.dir);
    expect(record.importedFrom).toEqual({
      format: 'otlp-json',
      sourceFile: AGENT_TRACE,
      traceId: TRACE_ID,
      warnings: [],
      unlistedWarnings: 0,
      tracesInFile: 1,
      runsFromFile: [{ runId: 'otlp_agent_trace_5b8efff798038103', traceId: TRACE_ID, spanCount: 5 }],
    });
    expect(record.problems).toEqual([]);
    const [entry] = await listRuns(runsDir);
    expect(entry).toEqual({
      runId: 'otlp_agent_trace_5b8efff798038103',
      dir: run!.dir,
      rootComponentId: null,
      status: 'unknown',
      createdAt: '2025-05-01T10:00:00.000000Z',
      completedAt: '2025-05-01T10:00:05.500000Z',
      durationSeconds: 5.5,
      // Counted from the spans' DAD attributes.
      nodeCount: 2,
      tokens: 15,
      cost: 0.0025,
      previousRunId: null,
      startHierarchyPath: null,
      error: null,
    });
  });

  it('makes one run per trace of a JSON Lines file, leaving out lines of other signals with a warning', async () => {
    const imported = await importTraceFile(COLLECTOR_LINES, runsDir);
    expect(imported.runs.map((run) => [run.runId, run.traceId, run.spanCount])).toEqual([
      ['otlp_collector_lines_1111111111111111', `0x${'1'.repeat(32)}`, 2],
      ['otlp_collector_lines_2222222222222222', `0x${'2'.repeat(32)}`, 1],
    ]);
    expect(imported.warnings).toEqual([
      { traceId: null, line: 2, location: 'resourceMetrics', message: 'holds metrics, not spans: left out' },
    ]);
    const cart = await RunIndex.open(imported.runs[0]!.dir);
    expect(
      cart.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows.map((row) => [row.depth, row.name]),
    ).toEqual([
      [0, 'GET /cart'],
      [1, 'SELECT cart'],
    ]);
    const pay = await RunIndex.open(imported.runs[1]!.dir);
    expect(pay.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows[0]).toMatchObject({
      name: 'POST /pay',
      status: 'ERROR',
    });
    expect((await importRecordOf(imported.runs[1]!.dir)).tracesInFile).toBe(2);
    expect((await listRuns(runsDir)).map((entry) => entry.runId).sort()).toEqual([
      'otlp_collector_lines_1111111111111111',
      'otlp_collector_lines_2222222222222222',
    ]);
  });

  it('accepts base64 ids, snake_case names, {low, high} times and the API v3 `result` wrapper', async () => {
    const traceHex = '5b8efff798038103d269b633813fc60c';
    const nanos = 1_746_093_600_000_000_000n;
    const file = join(root, 'v3 answer.json');
    await writeFile(
      file,
      JSON.stringify({
        result: {
          resource_spans: [
            {
              scope_spans: [
                {
                  spans: [
                    {
                      trace_id: Buffer.from(traceHex, 'hex').toString('base64'),
                      span_id: Buffer.from('a000000000000001', 'hex').toString('base64'),
                      name: 'root',
                      start_time_unix_nano: {
                        low: Number(nanos & 0xffffffffn) | 0,
                        high: Number(nanos >> 32n),
                      },
                      end_time_unix_nano: String(nanos + 2_000_000n),
                    },
                  ],
                },
              ],
            },
          ],
        },
      }),
    );
    const imported = await importTraceFile(file, runsDir);
    expect(imported.runs.map((run) => [run.runId, run.traceId])).toEqual([
      ['v3_answer_5b8efff798038103', `0x${traceHex}`],
    ]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect(index.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows).toMatchObject([
      { spanId: '0xa000000000000001', name: 'root', start: T0, end: T0 + 2000 },
    ]);
  });

  it('never writes over an existing directory: a second import of the same file gets its own name', async () => {
    await mkdir(join(runsDir, 'otlp_agent_trace_5b8efff798038103'), { recursive: true });
    await writeFile(join(runsDir, 'otlp_agent_trace_5b8efff798038103', 'mine.txt'), 'keep me');
    const first = await importTraceFile(AGENT_TRACE, runsDir);
    const second = await importTraceFile(AGENT_TRACE, runsDir);
    expect(first.runs[0]!.runId).toBe('otlp_agent_trace_5b8efff798038103_2');
    expect(second.runs[0]!.runId).toBe('otlp_agent_trace_5b8efff798038103_3');
    expect(await readFile(join(runsDir, 'otlp_agent_trace_5b8efff798038103', 'mine.txt'), 'utf8')).toBe(
      'keep me',
    );
    expect((await readdir(runsDir)).sort()).toEqual([
      'otlp_agent_trace_5b8efff798038103',
      'otlp_agent_trace_5b8efff798038103_2',
      'otlp_agent_trace_5b8efff798038103_3',
    ]);
  });
});
