import { describe, expect, it } from 'vitest';
import { TraceImportError } from './import-error';
import { JsonValueStream, pathText, type PathStep, type Selection } from './json-value-stream';

interface Captured {
  path: string | null;
  value: unknown;
  line: number;
}

/** Captures every value whose last step is `spans` element or named `resource`; descends everything else. */
function run(text: string, chunkSize: number): Captured[] {
  const captured: Captured[] = [];
  const stream = new JsonValueStream('test.json', {
    select(path: readonly PathStep[]): Selection {
      const last = path[path.length - 1];
      if (last === 'resource' || (path.length >= 2 && path[path.length - 2] === 'spans')) return 'capture';
      if (last === 'ignored') return 'skip';
      return 'descend';
    },
    onValue(path, value, line) {
      captured.push({ path: stepsText(path), value, line });
    },
  });
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += chunkSize) stream.push(bytes.subarray(at, at + chunkSize));
  stream.end();
  return captured;
}

/** The path as read, keys unescaped (`pathText` would describe keys the formats do not define). */
function stepsText(path: readonly PathStep[]): string {
  return path
    .slice(1)
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`))
    .join('');
}

function errorOf(action: () => unknown): TraceImportError {
  try {
    action();
  } catch (error) {
    if (error instanceof TraceImportError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

const DOCUMENT = `\uFEFF{
  "ignored": {"deep": [1, {"x": "a \\" ] } tricky"}], "n": -1.5e3},
  "resource": {"name": "café ☕", "list": [true, false, null]},
  "spans": [
    {"id": 1, "text": "line\\nbreak"},
    {"id": 2, "nested": {"spans": []}}
  ],
  "esc\\u0061ped": {"spans": [{"id": 3}]}
}
{"spans": [{"id": 4}]}`;

describe('JsonValueStream', () => {
  it('hands over the chosen values with their paths and lines, whatever the chunk size', () => {
    const expected: Captured[] = [
      { path: 'resource', value: { name: 'café ☕', list: [true, false, null] }, line: 3 },
      { path: 'spans[0]', value: { id: 1, text: 'line\nbreak' }, line: 5 },
      { path: 'spans[1]', value: { id: 2, nested: { spans: [] } }, line: 6 },
      { path: 'escaped.spans[0]', value: { id: 3 }, line: 8 },
      { path: 'spans[0]', value: { id: 4 }, line: 10 },
    ];
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(run(DOCUMENT, size)).toEqual(expected);
  });

  it('names the line and column of a byte that is not JSON', () => {
    const error = errorOf(() => run('{"spans": [\n  {"id": 1},\n  nope\n]}', 5));
    expect(error.code).toBe('import_not_json');
    expect(error.message).toBe(
      'test.json, line 3, spans[1]: not valid JSON: something other than a value stands here',
    );
    expect(errorOf(() => run('{"spans": [\n  oops]}', 5)).message).toBe(
      'test.json, line 2, spans[0]: not valid JSON at column 3: expected a value, found a letter',
    );
    const structural = errorOf(() => run('{"a": 1 "b": 2}', 4));
    expect(structural.message).toBe(
      'test.json, line 1: not valid JSON at column 9: expected "," or "}", found """',
    );
    expect(errorOf(() => run('<html></html>', 100)).message).toContain('expected a value, found "<"');
  });

  it('reports a captured value that does not parse at the line it starts on', () => {
    const error = errorOf(() => run('{\n"spans": [{"id": 1,}]}', 3));
    expect(error.code).toBe('import_not_json');
    expect(error).toMatchObject({ line: 2, location: 'spans[0]' });
  });

  it('names the keys the trace formats define, and only describes any other', () => {
    expect(pathText([0, 'resourceSpans', 2, 'scopeSpans', 0, 'spans', 3, 'traceId'])).toBe(
      'resourceSpans[2].scopeSpans[0].spans[3].traceId',
    );
    const error = errorOf(() => run('{"token-abc123": {"tags": [1, 2', 8));
    expect(error.location).toBe('<a key of 12 characters>.tags[1]');
    expect(error.message).not.toContain('abc123');
  });

  it('says a document cut short is truncated, and where', () => {
    const error = errorOf(() => run('{"spans": [{"id": 1}, {"id": 2, "na', 8));
    expect(error.code).toBe('import_truncated');
    expect(error).toMatchObject({ line: 1, location: 'spans[1]' });
    expect(errorOf(() => run('{"spans": [', 8)).code).toBe('import_truncated');
  });

  it('stops reading when told to', () => {
    const seen: PathStep[][] = [];
    const stream: JsonValueStream = new JsonValueStream('test.json', {
      select(path) {
        seen.push([...path]);
        if (path[1] === 'b') stream.stop();
        return path.length === 1 ? 'descend' : 'skip';
      },
      onValue() {},
    });
    stream.push(Buffer.from('{"a": 1, "b": 2, "c": 3} this is not read'));
    stream.end();
    expect(stream.stopped).toBe(true);
    expect(seen).toEqual([[0], [0, 'a'], [0, 'b']]);
  });
});
