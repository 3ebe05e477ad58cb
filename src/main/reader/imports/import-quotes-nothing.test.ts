import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../list-runs';
import { RunIndex } from '../run-index';
import { TraceImportError } from './import-error';
import { importTraceFile, type ImportedTrace } from './import-trace-file';

/** Stands for whatever a trace file may hold that must not leak into messages (a token, a path). */
const CANARY = 'Zq9canarySecret';
const TRACE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const START = '1746093600000000000';
const END = '1746093601000000000';
const T0 = 1_746_093_600_000_000;

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-quotes-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
}

/** JSON paths (`a.b[0]`) of every string or key in `value` that holds the canary. */
function canaryPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes(CANARY) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => canaryPaths(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return [...(key.includes(CANARY) ? [`key ${at}`] : []), ...canaryPaths(item, at)];
  });
}

/** The import's error; nothing may be left in the runs folder. */
async function failure(path: string): Promise<TraceImportError> {
  let thrown: unknown = null;
  try {
    await importTraceFile(path, runsDir);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TraceImportError);
  expect(await readdir(runsDir).catch(() => [])).toEqual([]);
  return thrown as TraceImportError;
}

/** Where the canary is in the one imported run's files, and that the reader's problems hold none. */
async function canaryInRun(imported: ImportedTrace): Promise<{ trace: string[][]; record: string[] }> {
  expect(imported.runs).toHaveLength(1);
  const dir = imported.runs[0]!.dir;
  const traceText = await readFile(join(dir, '.trace', 'trace.jsonl'), 'utf8');
  const trace = traceText
    .trimEnd()
    .split('\n')
    .map((line) => canaryPaths(JSON.parse(line)));
  const record = canaryPaths(JSON.parse(await readFile(join(dir, '.trace', 'import.json'), 'utf8')));
  const summary = await (await RunIndex.open(dir)).summary();
  expect(JSON.stringify(summary.problems)).not.toContain(CANARY);
  expect(JSON.stringify((await listRuns(runsDir)).map((entry) => entry.problems ?? []))).not.toContain(
    CANARY,
  );
  return { trace, record };
}

const otlpString = (key: string, text: string) => ({ key, value: { stringValue: text } });

describe('an imported trace file is data: no warning, error or problem quotes it', () => {
  it('OTLP: bad values are told by place and shape, and names, attributes and statuses stay data', async () => {
    const path = await fileWith(
      'otlp.json',
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [otlpString('service.name', `svc ${CANARY}`)] },
            scopeSpans: [
              {
                scope: { name: `scope ${CANARY}` },
                spans: [
                  {
                    traceId: TRACE,
                    spanId: '0000000000000001',
                    name: `call ${CANARY}`,
                    kind: `SPAN_KIND_${CANARY}`,
                    startTimeUnixNano: START,
                    endTimeUnixNano: `at ${CANARY}`,
                    attributes: [otlpString('note', `note ${CANARY}`)],
                    status: { code: 2, message: `failed ${CANARY}` },
                    events: [{ name: `event ${CANARY}`, timeUnixNano: START }],
                    links: [{ traceId: `trace ${CANARY}`, spanId: CANARY }],
                  },
                ],
              },
            ],
          },
        ],
        resourceMetrics: [{ note: CANARY }],
      }),
    );
    const imported = await importTraceFile(path, runsDir);
    expect(canaryPaths(imported.warnings)).toEqual([]);
    expect(imported.warnings.map((warning) => [warning.location, warning.message])).toEqual([
      ['resourceMetrics', 'holds metrics, not spans: left out'],
      [
        'resourceSpans[0].scopeSpans[0].spans[0]',
        `span 0x0000000000000001: endTimeUnixNano is not a time in nanoseconds since the epoch; it holds a string of ${3 + CANARY.length} characters; it is shown as not ended`,
      ],
      [
        'resourceSpans[0].scopeSpans[0].spans[0]',
        `span 0x0000000000000001: kind is not an OpenTelemetry span kind; it holds a string of ${10 + CANARY.length} characters; read as unspecified`,
      ],
      [
        'resourceSpans[0].scopeSpans[0].spans[0]',
        'a link of span 0x0000000000000001 has no valid ids: left out',
      ],
    ]);
    expect(await canaryInRun(imported)).toEqual({
      trace: [
        [
          'name',
          'status.description',
          'attributes.note',
          'attributes.otel.scope.name',
          'events[0].name',
          'resource.attributes.service.name',
        ],
      ],
      record: ['services[0]'],
    });
  });

  it('Jaeger: bad values are told by place and shape, and names, tags, logs and processes stay data', async () => {
    const span = (spanId: string, extra: Record<string, unknown>) => ({
      traceID: TRACE,
      spanID: spanId,
      operationName: `op ${CANARY}`,
      startTime: T0,
      duration: 5,
      ...extra,
    });
    const path = await fileWith(
      'jaeger.json',
      JSON.stringify({
        data: [
          {
            traceID: TRACE,
            spans: [
              span('0000000000000001', {
                processID: 'p1',
                tags: [{ key: 'note', type: 'string', value: `note ${CANARY}` }],
                logs: [{ timestamp: T0 + 1, fields: [{ key: 'message', value: `log ${CANARY}` }] }],
                warnings: [`span warning ${CANARY}`],
              }),
              span('0000000000000002', {
                processID: `p ${CANARY}`,
                duration: `long ${CANARY}`,
                parentSpanID: `parent ${CANARY}`,
                references: [{ refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: `ref ${CANARY}` }],
              }),
            ],
            processes: { p1: { serviceName: `svc ${CANARY}`, tags: [] } },
            warnings: [`trace warning ${CANARY}`],
          },
        ],
      }),
    );
    const imported = await importTraceFile(path, runsDir);
    expect(canaryPaths(imported.warnings)).toEqual([]);
    expect(imported.warnings.map((warning) => [warning.location, warning.message])).toEqual([
      ['data[0].warnings', 'the trace carries a warning from the system that wrote it; not shown'],
      ['data[0].spans[1]', 'span 0x0000000000000002 has no duration; it is shown as not ended'],
      ['data[0].spans[1]', 'a reference of span 0x0000000000000002 has no valid ids: left out'],
      [
        'data[0].spans[1]',
        'span 0x0000000000000002 has a parentSpanID that is not a hex span id: shown as a root',
      ],
      [
        'data[0].spans[1]',
        `span 0x0000000000000002 names a processID (a string of ${2 + CANARY.length} characters) that the trace's processes do not list: read without a process`,
      ],
    ]);
    expect(await canaryInRun(imported)).toEqual({
      trace: [
        [
          'name',
          'attributes.note',
          'attributes.jaeger.warnings[0]',
          'events[0].attributes.message',
          'resource.attributes.service.name',
        ],
        ['name'],
      ],
      record: ['services[0]'],
    });
  });

  it('a file refused for a bad value names the place and the shape, never the value', async () => {
    const otlp = (span: unknown) =>
      `{"resourceSpans":[{"scopeSpans":[{"spans":[\n${typeof span === 'string' ? span : JSON.stringify(span)}\n]}]}]}`;
    const good = {
      traceId: TRACE,
      spanId: '0000000000000001',
      startTimeUnixNano: START,
      endTimeUnixNano: END,
    };
    const jaeger = (extra: Record<string, unknown>) =>
      JSON.stringify({ data: [{ spans: [{ traceID: TRACE, spanID: '1', startTime: T0, ...extra }] }] });
    const OTLP_SPAN = 'resourceSpans[0].scopeSpans[0].spans[0]';
    const cases: [string, string | null, string][] = [
      [otlp({ ...good, traceId: CANARY }), `${OTLP_SPAN}.traceId`, 'a string of 15 characters'],
      [otlp({ ...good, spanId: `0x${CANARY}` }), `${OTLP_SPAN}.spanId`, 'a string of 17 characters'],
      [otlp({ ...good, parentSpanId: CANARY }), `${OTLP_SPAN}.parentSpanId`, 'a string of 15 characters'],
      [otlp({ ...good, startTimeUnixNano: CANARY }), `${OTLP_SPAN}.startTimeUnixNano`, 'a string of 15'],
      [otlp(JSON.stringify(CANARY)), OTLP_SPAN, 'a span must be a JSON object'],
      [otlp(CANARY), OTLP_SPAN, 'expected a value, found a letter'],
      [otlp(`{"traceId": "${CANARY}" "spanId": 1}`), OTLP_SPAN, 'not valid JSON (SyntaxError)'],
      [`{"resourceSpans": [${CANARY}]}`, 'resourceSpans[0]', 'expected a value, found a letter'],
      [otlp(`1${CANARY}`), OTLP_SPAN, 'something other than a value stands here'],
      [
        `{"resourceSpans": [{"${CANARY}": [1, 2`,
        'resourceSpans[0].<a key of 15 characters>',
        'the file ends',
      ],
      [`{"resourceSpans": [{"\\q${CANARY}": 1}]}`, 'resourceSpans[0]', 'a key is not a valid string'],
      [`{"${CANARY}": {"${CANARY}x": 1}}`, null, 'an object with 1 other top-level key'],
      [jaeger({ traceID: `${CANARY}` }), 'data[0].spans[0].traceID', 'a string of 15 characters'],
      [jaeger({ spanID: CANARY }), 'data[0].spans[0].spanID', 'a string of 15 characters'],
      [jaeger({ startTime: CANARY }), 'data[0].spans[0].startTime', 'a string of 15 characters'],
    ];
    for (const [text, location, problem] of cases) {
      const error = await failure(await fileWith('bad.json', text));
      expect({ location: error.location, message: error.message }).toEqual({
        location,
        message: expect.stringContaining(problem),
      });
      expect(canaryPaths({ ...error, message: error.message })).toEqual([]);
    }
  });
});
