import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunIndex } from '../run-index';
import { TraceImportError } from './import-error';
import { importTraceFile, type ImportTraceOptions } from './import-trace-file';
import { detectTraceFormat } from './trace-format';

const TRACE_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const TRACE_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const START = '1746093600000000000';
const END = '1746093601000000000';

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-errors-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fileWith(name: string, text: string | Buffer): Promise<string> {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
}

/** The import's error, after checking that nothing (not even a temporary folder) was left in the runs folder. */
async function failure(path: string, options: ImportTraceOptions = {}): Promise<TraceImportError> {
  let thrown: unknown = null;
  try {
    await importTraceFile(path, runsDir, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TraceImportError);
  expect(await readdir(runsDir).catch(() => [])).toEqual([]);
  return thrown as TraceImportError;
}

/** An OTLP export with one span a line, so each span's line number is its index + 2. */
function otlpText(spans: Record<string, unknown>[]): string {
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[\n${spans.map((span) => JSON.stringify(span)).join(',\n')}\n]}]}]}\n`;
}

const otlpSpan = (traceId: string, spanId: string, extra: Record<string, unknown> = {}) => ({
  traceId,
  spanId,
  name: `span ${spanId}`,
  startTimeUnixNano: START,
  endTimeUnixNano: END,
  ...extra,
});

describe('importTraceFile refuses bad input with an error naming the file and the place', () => {
  it('a file that is not JSON', async () => {
    const path = await fileWith('notes.txt', 'these are notes, not a trace\n');
    const error = await failure(path);
    expect(error.code).toBe('import_not_json');
    expect(error.message).toBe(`${path}, line 1: not valid JSON: something other than a value stands here`);
    // Nothing of the file's own text is echoed back: the file may be a secret the user mistyped.
    expect(error.message).not.toContain('these');
    const html = await fileWith('page.html', '<!doctype html>');
    expect((await failure(html)).message).toBe(
      `${html}, line 1: not valid JSON at column 1: expected a value, found "<"`,
    );
    const gzip = await fileWith('trace.json.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    // Read as gzip by its magic bytes, whatever its name; a broken one says so.
    expect((await failure(gzip)).message).toBe(
      `${gzip}: the file is gzip-compressed but cannot be decompressed: unexpected end of file`,
    );
  });

  it('JSON of neither format', async () => {
    const path = await fileWith('other.json', '{"foo": 1, "bar": [1, 2]}');
    const error = await failure(path);
    expect(error.code).toBe('import_unknown_format');
    expect(error.message).toBe(
      `${path}: this is not an OpenTelemetry OTLP/JSON trace export (no "resourceSpans"), a Jaeger JSON trace (no "data" or "spans") or a Zipkin v2 JSON trace (no spans with "traceId" and "id"); it holds an object with 2 other top-level keys`,
    );
    const number = await fileWith('number.json', '42\n');
    expect((await failure(number)).message).toContain('it holds a JSON number, not an object');
  });

  it('an empty file, or one of white space only', async () => {
    const empty = await fileWith('empty.json', '');
    expect(await failure(empty)).toMatchObject({
      code: 'import_empty',
      message: `${empty}: the file is empty`,
    });
    const blank = await fileWith('blank.json', '\n  \n');
    expect(await failure(blank)).toMatchObject({
      code: 'import_empty',
      message: `${blank}: the file holds only white space`,
    });
  });

  it('a truncated file', async () => {
    const whole = otlpText([otlpSpan(TRACE_A, '0000000000000001'), otlpSpan(TRACE_A, '0000000000000002')]);
    const path = await fileWith('cut.json', whole.slice(0, whole.indexOf('0000000000000002') + 5));
    const error = await failure(path);
    expect(error.code).toBe('import_truncated');
    expect(error).toMatchObject({ line: 3, location: 'resourceSpans[0].scopeSpans[0].spans[1]' });
    expect(error.message).toContain(
      `${path}, line 3, resourceSpans[0].scopeSpans[0].spans[1]: the file ends`,
    );

    const lines = await fileWith(
      'cut.jsonl',
      `${otlpText([otlpSpan(TRACE_A, '0000000000000001')]).replace(/\n/g, '')}\n{"resourceSpans":[{"scopeSp`,
    );
    expect(await failure(lines)).toMatchObject({ code: 'import_truncated', line: 2 });
  });

  it('a span missing its id, its trace id or its start time, or with an id that is not hex', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ traceId: TRACE_A, name: 'no id', startTimeUnixNano: START }, 'spanId', 'the span has no span id'],
      [{ spanId: '0000000000000002', startTimeUnixNano: START }, 'traceId', 'the span has no trace id'],
      [{ traceId: TRACE_A, spanId: '0000000000000002' }, 'startTimeUnixNano', 'the span has no start time'],
      [
        { traceId: TRACE_A, spanId: 'not-hex', startTimeUnixNano: START },
        'spanId',
        'not an 8-byte span id (up to 16 hex digits, or base64); it holds a string of 7 characters',
      ],
      [
        { traceId: TRACE_A, spanId: '0000000000000002', startTimeUnixNano: 'yesterday' },
        'startTimeUnixNano',
        'not a time in nanoseconds since the epoch (decimal digits); it holds a string of 9 characters',
      ],
    ];
    for (const [span, field, problem] of cases) {
      const path = await fileWith('bad-span.json', otlpText([otlpSpan(TRACE_A, '0000000000000001'), span]));
      const error = await failure(path);
      expect(error.code).toBe('import_bad_span');
      expect(error.message).toBe(
        `${path}, line 3, resourceSpans[0].scopeSpans[0].spans[1].${field}: ${problem}`,
      );
    }

    const jaeger = await fileWith(
      'jaeger-bad.json',
      JSON.stringify({
        data: [{ traceID: TRACE_A, spans: [{ traceID: TRACE_A, spanID: '1', duration: 5 }] }],
      }),
    );
    expect((await failure(jaeger)).message).toBe(
      `${jaeger}, line 1, data[0].spans[0].startTime: the span has no start time`,
    );
    const noId = await fileWith(
      'jaeger-no-id.json',
      JSON.stringify({ data: [{ traceID: TRACE_A, spans: [{ operationName: 'x', startTime: 1 }] }] }),
    );
    expect((await failure(noId)).message).toBe(
      `${noId}, line 1, data[0].spans[0].spanID: the span has no span id`,
    );
  });

  it('a file that holds no spans', async () => {
    for (const [name, text] of [
      ['no-resources.json', '{"resourceSpans": []}'],
      ['no-spans.json', '{"resourceSpans": [{"resource": {}, "scopeSpans": [{"spans": []}]}]}'],
      ['jaeger-empty.json', '{"data": [], "total": 0}'],
      ['jaeger-null.json', '{"data": null}'],
    ] as const) {
      const path = await fileWith(name, text);
      const error = await failure(path);
      expect(error.code).toBe('import_no_spans');
      expect(error.message.startsWith(`${path}: `)).toBe(true);
    }
  });

  it('a file over the size cap, or with more traces than allowed', async () => {
    const path = await fileWith(
      'two.json',
      otlpText([otlpSpan(TRACE_A, '0000000000000001'), otlpSpan(TRACE_B, '0000000000000002')]),
    );
    const large = await failure(path, { maxBytes: 100 });
    expect(large.code).toBe('import_too_large');
    expect(large.message).toMatch(/the file is 0\.\d MB, more than the 0\.0 MB that can be imported$/);
    const many = await failure(path, { maxTraces: 1 });
    expect(many.code).toBe('import_too_many_traces');
    expect(many.message).toBe(
      `${path}, line 3, resourceSpans[0].scopeSpans[0].spans[1]: the file holds more than 1 traces; each would become a run`,
    );
  });

  it('a file that does not exist, and an import cancelled half-way', async () => {
    const missing = join(root, 'missing.json');
    expect(await failure(missing)).toMatchObject({
      code: 'import_io_error',
      message: `${missing}: the file does not exist`,
    });
    await expect(detectTraceFormat(missing)).rejects.toMatchObject({ code: 'import_io_error' });

    const spans = Array.from({ length: 200 }, (_, i) =>
      otlpSpan(i % 2 ? TRACE_A : TRACE_B, (i + 1).toString(16).padStart(16, '0')),
    );
    const path = await fileWith('long.json', otlpText(spans));
    const controller = new AbortController();
    const error = await failure(path, {
      chunkBytes: 1024,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'converting' && progress.bytesRead > 4096) controller.abort();
      },
    });
    expect(error.code).toBe('import_cancelled');
  });

  it('a bad span after good ones of several traces leaves nothing behind', async () => {
    const spans: Record<string, unknown>[] = Array.from({ length: 300 }, (_, i) =>
      otlpSpan(i % 2 ? TRACE_A : TRACE_B, (i + 1).toString(16).padStart(16, '0')),
    );
    spans.push({ traceId: TRACE_A, name: 'last', startTimeUnixNano: START });
    const path = await fileWith('late.json', otlpText(spans));
    const error = await failure(path, { chunkBytes: 1024 });
    expect(error).toMatchObject({ code: 'import_bad_span', line: 302 });
  });
});

describe('importTraceFile reads on, with a warning, through', () => {
  it("a parent that is not in the file: the span is kept, under the reader's stand-in", async () => {
    const path = await fileWith(
      'orphan.json',
      otlpText([
        otlpSpan(TRACE_A, '0000000000000001'),
        otlpSpan(TRACE_A, '0000000000000002', { parentSpanId: '00000000000000ff' }),
      ]),
    );
    const imported = await importTraceFile(path, runsDir);
    expect(imported.warnings).toEqual([
      {
        traceId: `0x${TRACE_A}`,
        line: 3,
        location: null,
        message:
          'span 0x0000000000000002 names parent 0x00000000000000ff, which is not in the file: the span is kept, under a placeholder for the missing parent',
      },
    ]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect((await index.summary()).syntheticSpanCount).toBe(1);
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows;
    expect(rows.map((row) => [row.depth, row.spanId, row.synthetic === true])).toEqual([
      [0, '0x0000000000000001', false],
      [0, '0x00000000000000ff', true],
      [1, '0x0000000000000002', false],
    ]);
  });

  it('a repeated span id: the first is kept, the later one left out', async () => {
    const path = await fileWith(
      'twice.json',
      otlpText([
        otlpSpan(TRACE_A, '0000000000000001', { name: 'first' }),
        otlpSpan(TRACE_A, '0000000000000002'),
        otlpSpan(TRACE_A, '0000000000000001', { name: 'again' }),
      ]),
    );
    const imported = await importTraceFile(path, runsDir);
    expect(imported.runs[0]!.spanCount).toBe(2);
    expect(imported.warnings).toEqual([
      {
        traceId: `0x${TRACE_A}`,
        line: 4,
        location: 'resourceSpans[0].scopeSpans[0].spans[2]',
        message: 'span id 0x0000000000000001 appears twice (first on line 2): this one is left out',
      },
    ]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect((await index.spanDetail('0x0000000000000001')).name).toBe('first');
    expect(
      (await index.summary()).problems.filter((problem) => problem.file === '.trace/trace.jsonl'),
    ).toEqual([]);
  });

  it('a span without an end time: shown as not ended', async () => {
    const path = await fileWith(
      'open.json',
      otlpText([{ traceId: TRACE_A, spanId: '0000000000000001', name: 'open', startTimeUnixNano: START }]),
    );
    const imported = await importTraceFile(path, runsDir);
    expect(imported.warnings.map((warning) => warning.message)).toEqual([
      'span 0x0000000000000001 has no end time; it is shown as not ended',
    ]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect(index.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows[0]).toMatchObject({
      name: 'open',
      end: null,
    });
  });
});
