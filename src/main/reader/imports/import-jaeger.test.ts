import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../list-runs';
import { RunIndex } from '../run-index';
import { importTraceFile } from './import-trace-file';
import type { ImportRecord } from './import-record';
import { detectTraceFormat } from './trace-format';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test-support', 'fixtures');
const HOTROD = join(FIXTURES, 'jaeger-trace.json');
const LEGACY = join(FIXTURES, 'jaeger-legacy.json');
const TRACE_ID = '0x2992f2a5b5d037a8aabffd08ef384237';
const T0 = 1_746_093_600_000_000;

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-jaeger-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const rowsOf = (index: RunIndex) => index.spanRows({ collapsed: [], offset: 0, limit: 100 }).rows;

const jaegerSpan = (traceID: string, spanID: string, name: string, startTime: number, extra = {}) => ({
  traceID,
  spanID,
  operationName: name,
  references: [],
  startTime,
  duration: 1000,
  tags: [],
  logs: [],
  processID: 'p1',
  ...extra,
});

describe('importTraceFile with a Jaeger JSON trace', () => {
  it('nests spans by CHILD_OF, then FOLLOWS_FROM, with their times in µs and error tags as ERROR', async () => {
    expect(await detectTraceFormat(HOTROD)).toBe('jaeger-json');
    const imported = await importTraceFile(HOTROD, runsDir);
    expect(imported.format).toBe('jaeger-json');
    expect(imported.runs).toEqual([
      {
        runId: 'jaeger_trace_2992f2a5b5d037a8',
        dir: join(runsDir, 'jaeger_trace_2992f2a5b5d037a8'),
        traceId: TRACE_ID,
        spanCount: 3,
      },
    ]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect(
      rowsOf(index).map((row) => [row.depth, row.name, row.status, row.start - T0, row.end! - T0]),
    ).toEqual([
      [0, 'HTTP GET /dispatch', 'UNSET', 0, 730_000],
      [1, 'FindDriverIDs', 'ERROR', 100_000, 350_000],
      [2, 'send-notification', 'UNSET', 400_000, 520_000],
    ]);
    expect((await index.summary()).status).toBe('unknown');
  });

  it('keeps typed tags, logs as events, processes as resources, references as links', async () => {
    const [run] = (await importTraceFile(HOTROD, runsDir)).runs;
    const index = await RunIndex.open(run!.dir);
    const root = await index.spanDetail('0x5c3f6b0a2d1e4f70');
    expect(root.kind).toBe('SpanKind.SERVER');
    expect(root.attributes).toEqual({
      'span.kind': 'server',
      'http.status_code': 200,
      'sampler.param': true,
    });
    expect(root.resource).toEqual({
      attributes: { 'service.name': 'frontend', hostname: 'web-1', 'client-uuid': '6a2f' },
      schema_url: '',
    });

    const redis = await index.spanDetail('0x1bdf4201221bb2ac');
    expect(redis.status).toEqual({ status_code: 'ERROR' });
    expect(redis.attributes).toEqual({
      'param.location': '728,326',
      error: true,
      'redis.latency': 0.25,
      payload: 'AQID',
      'jaeger.warnings': ['clock skew adjusted by 5µs'],
    });
    expect(redis.events).toEqual([
      {
        name: 'redis timeout',
        timestamp: '2025-05-01T10:00:00.200000Z',
        // An int64 written as text is read as a number.
        attributes: { driver_id: 'T751767C', retry: 2 },
      },
      { name: 'log', timestamp: '2025-05-01T10:00:00.210000Z', attributes: { message: 'giving up' } },
    ]);
    expect(redis.resource).toEqual({
      attributes: { 'service.name': 'redis', ip: '10.0.0.7' },
      schema_url: '',
    });

    const notification = await index.spanDetail('0xea7cfaca83f0724b');
    expect(notification.parentId).toBe('0x1bdf4201221bb2ac');
    expect(notification.kind).toBe('SpanKind.PRODUCER');
    expect(notification.links).toEqual([
      {
        context: { trace_id: TRACE_ID, span_id: '0x1bdf4201221bb2ac', trace_state: '' },
        attributes: { 'jaeger.ref_type': 'FOLLOWS_FROM' },
      },
    ]);
    const record = JSON.parse(
      await readFile(join(run!.dir, '.trace', 'import.json'), 'utf8'),
    ) as ImportRecord;
    expect(record).toMatchObject({
      format: 'jaeger-json',
      traceId: TRACE_ID,
      spanCount: 3,
      services: ['frontend', 'redis'],
      traceStart: '2025-05-01T10:00:00.000000Z',
      traceEnd: '2025-05-01T10:00:00.730000Z',
    });
  });

  it('reads the older shape: parentSpanID, flags, 64-bit trace ids and a process inside the span', async () => {
    const imported = await importTraceFile(LEGACY, runsDir);
    expect(imported.runs.map((run) => [run.runId, run.traceId, run.spanCount])).toEqual([
      ['jaeger_legacy_52a8e0a2cf2a1b43', '0x000000000000000052a8e0a2cf2a1b43', 2],
    ]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect(rowsOf(index).map((row) => [row.depth, row.spanId, row.name])).toEqual([
      [0, '0x52a8e0a2cf2a1b43', 'root-operation'],
      // Leading zeros that Jaeger dropped are put back.
      [1, '0x06fe2b2e6a1d7f31', 'child-operation'],
    ]);
    expect((await index.spanDetail('0x06fe2b2e6a1d7f31')).resource).toEqual({
      attributes: { 'service.name': 'inline-service' },
      schema_url: '',
    });
    expect((await index.spanDetail('0x52a8e0a2cf2a1b43')).resource).toMatchObject({
      attributes: { 'service.name': 'legacy-service' },
    });
  });

  it('accepts a bare trace and an array of traces, one run per trace', async () => {
    const a = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const b = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const bare = join(root, 'bare.json');
    await writeFile(
      bare,
      JSON.stringify({
        traceID: a,
        spans: [jaegerSpan(a, '0000000000000001', 'only', T0)],
        processes: { p1: { serviceName: 'svc', tags: [] } },
      }),
    );
    const array = join(root, 'several.json');
    await writeFile(
      array,
      JSON.stringify([
        { traceID: a, spans: [jaegerSpan(a, '0000000000000001', 'first', T0)], processes: {} },
        { traceID: b, spans: [jaegerSpan(b, '0000000000000002', 'second', T0 + 5)], processes: {} },
      ]),
    );
    const one = await importTraceFile(bare, runsDir);
    expect(one.runs.map((run) => run.runId)).toEqual(['bare_aaaaaaaaaaaaaaaa']);
    const two = await importTraceFile(array, runsDir);
    expect(two.runs.map((run) => [run.runId, run.spanCount])).toEqual([
      ['several_aaaaaaaaaaaaaaaa', 1],
      ['several_bbbbbbbbbbbbbbbb', 1],
    ]);
    // A process the trace does not list is named in a warning.
    expect(two.warnings).toEqual([
      expect.objectContaining({
        line: 1,
        location: '[0].spans[0]',
        message: expect.stringContaining('names a processID (a string of 2 characters) that the trace'),
      }),
      expect.objectContaining({
        line: 1,
        location: '[1].spans[0]',
        message: expect.stringContaining('names a processID (a string of 2 characters) that the trace'),
      }),
    ]);
    expect((await listRuns(runsDir)).map((entry) => [entry.runId, entry.status, entry.problems])).toEqual([
      ['several_bbbbbbbbbbbbbbbb', 'unknown', undefined],
      ['several_aaaaaaaaaaaaaaaa', 'unknown', undefined],
      ['bare_aaaaaaaaaaaaaaaa', 'unknown', undefined],
    ]);
  });

  it('makes one run per trace of a `data` list', async () => {
    const file = join(root, 'two traces.json');
    const a = '0123456789abcdef0123456789abcdef';
    const b = 'fedcba9876543210fedcba9876543210';
    await writeFile(
      file,
      JSON.stringify({
        data: [
          {
            traceID: a,
            spans: [
              jaegerSpan(a, '1', 'a-root', T0),
              jaegerSpan(a, '2', 'a-child', T0 + 10, childOf(a, '1')),
            ],
            processes: { p1: { serviceName: 'a' } },
          },
          {
            traceID: b,
            spans: [jaegerSpan(b, '3', 'b-root', T0 + 20)],
            processes: { p1: { serviceName: 'b' } },
          },
        ],
      }),
    );
    const imported = await importTraceFile(file, runsDir);
    expect(imported.runs.map((run) => [run.runId, run.traceId, run.spanCount])).toEqual([
      ['two_traces_0123456789abcdef', `0x${a}`, 2],
      ['two_traces_fedcba9876543210', `0x${b}`, 1],
    ]);
    const first = await RunIndex.open(imported.runs[0]!.dir);
    expect(rowsOf(first).map((row) => [row.depth, row.name])).toEqual([
      [0, 'a-root'],
      [1, 'a-child'],
    ]);
    expect((await first.spanDetail('0x0000000000000001')).resource).toMatchObject({
      attributes: { 'service.name': 'a' },
    });
    const second = await RunIndex.open(imported.runs[1]!.dir);
    expect((await second.spanDetail('0x0000000000000003')).resource).toMatchObject({
      attributes: { 'service.name': 'b' },
    });
  });
});

function childOf(traceID: string, spanID: string) {
  return { references: [{ refType: 'CHILD_OF', traceID, spanID }] };
}
