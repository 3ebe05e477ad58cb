import { describe, expect, it } from 'vitest';
import { lineColumnAt, parseJsonInput, parseStaticInputs } from './json-input';

describe('parseJsonInput', () => {
  it('reads valid JSON', () => {
    expect(parseJsonInput('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('names the line and column of a syntax error', () => {
    const text = '{\n  "a": 1,\n  "b": ,\n}';
    const result = parseJsonInput(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ line: result.line, column: result.column }).toEqual({ line: 3, column: 8 });
    expect(result.message).not.toMatch(/position/);
  });

  it('points at the end for text cut short', () => {
    const result = parseJsonInput('{\n  "a": [1, 2');
    expect(result).toMatchObject({ ok: false, line: 2, column: 13 });
  });

  it('refuses empty input with a message', () => {
    expect(parseJsonInput('  ')).toMatchObject({ ok: false, message: expect.stringMatching(/Empty/) });
  });
});

describe('parseStaticInputs', () => {
  it('wants an object keyed by node id', () => {
    expect(parseStaticInputs('[1]')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/keyed by node id/),
    });
    expect(parseStaticInputs('{"n": {"x": 1}}')).toEqual({ ok: true, value: { n: { x: 1 } } });
  });
});

describe('lineColumnAt', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
