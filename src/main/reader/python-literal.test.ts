import { describe, expect, it } from 'vitest';
import { normaliseLogAttributes, structuredValue, totalTokensOf } from './attribute-values';
import { parsePythonLiteral } from './python-literal';

describe('parsePythonLiteral', () => {
  it('reads the reprs DAD writes for dicts, lists, tuples and constants', () => {
    expect(parsePythonLiteral("{'a': 1, 'b': None}")).toEqual({ ok: true, value: { a: 1, b: null } });
    expect(parsePythonLiteral("['x', 'y']")).toEqual({ ok: true, value: ['x', 'y'] });
    expect(parsePythonLiteral("('x', 2.5, -3e2)")).toEqual({ ok: true, value: ['x', 2.5, -300] });
    expect(parsePythonLiteral('(1,)')).toEqual({ ok: true, value: [1] });
    expect(parsePythonLiteral('{"k": [True, False, None], 1: {}, None: ()}')).toEqual({
      ok: true,
      value: { k: [true, false, null], '1': {}, null: [] },
    });
    expect(parsePythonLiteral("{'usage': {'prompt_tokens': 10, 'total_tokens': 12},}")).toEqual({
      ok: true,
      value: { usage: { prompt_tokens: 10, total_tokens: 12 } },
    });
  });

  it("handles Python's string quoting and escapes", () => {
    expect(parsePythonLiteral(`"it's"`)).toEqual({ ok: true, value: "it's" });
    expect(parsePythonLiteral(`'say "hi"'`)).toEqual({ ok: true, value: 'say "hi"' });
    expect(parsePythonLiteral(`'a\\'b'`)).toEqual({ ok: true, value: "a'b" });
    expect(parsePythonLiteral(`'line\\nnext\\ttab \\\\ \\x41\\u00e9\\U0001F600'`)).toEqual({
      ok: true,
      value: 'line\nnext\ttab \\ Aé😀',
    });
    expect(parsePythonLiteral(`r'C:\\new'`)).toEqual({ ok: true, value: 'C:\\new' });
    expect(parsePythonLiteral(`u'\\101'`)).toEqual({ ok: true, value: 'A' });
  });

  it('refuses what has no JSON equivalent, so the text is kept', () => {
    for (const text of [
      "{'a', 'b'}",
      "b'bytes'",
      'nan',
      '[inf]',
      'datetime.datetime(2024, 1, 1, 0, 0)',
      "Decimal('1.5')",
      '<Foo object at 0x7f>',
      "['unterminated",
      "{'a': 1} trailing",
      '[1 2]',
      "'\\N{BULLET}'",
      '['.repeat(300) + ']'.repeat(300),
      '',
    ]) {
      expect(parsePythonLiteral(text), text).toEqual({ ok: false });
    }
  });
});

describe('structuredValue', () => {
  it('turns JSON text and Python reprs into values and leaves other text alone', () => {
    expect(structuredValue('{"prompt_tokens": 3}')).toEqual({ prompt_tokens: 3 });
    expect(structuredValue("{'prompt_tokens': 3}")).toEqual({ prompt_tokens: 3 });
    expect(structuredValue('None')).toBeNull();
    expect(structuredValue('True')).toBe(true);
    expect(structuredValue('plain text')).toBe('plain text');
    expect(structuredValue('[not json or python')).toBe('[not json or python');
    const cut = `{"text": "${'x'.repeat(50)}…[truncated 9,000 chars]`;
    expect(structuredValue(cut)).toBe(cut);
    expect(structuredValue(42)).toBe(42);
  });

  it('finds total tokens in every shape a token_usage attribute comes in', () => {
    expect(totalTokensOf('{"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}')).toBe(7);
    expect(totalTokensOf("{'prompt_tokens': 3, 'completion_tokens': 4}")).toBe(7);
    expect(totalTokensOf({ input_tokens: 5, output_tokens: 1 })).toBe(6);
    expect(totalTokensOf('prompt_tokens=3 completion_tokens=4 total_tokens=7')).toBe(7);
    expect(totalTokensOf('Usage(prompt_tokens=3, completion_tokens=4)')).toBe(7);
    expect(totalTokensOf('nothing')).toBeNaN();
    expect(totalTokensOf(undefined)).toBeNaN();
  });

  it('moves older OpenTelemetry logging keys to the current names', () => {
    expect(
      normaliseLogAttributes({ 'code.filepath': '/a.py', 'code.lineno': 3, 'code.function': 'f', other: 1 }),
    ).toEqual({ 'code.file.path': '/a.py', 'code.line.number': 3, 'code.function.name': 'f', other: 1 });
    expect(normaliseLogAttributes({ 'code.filepath': '/old.py', 'code.file.path': '/new.py' })).toEqual({
      'code.file.path': '/new.py',
    });
  });
});
