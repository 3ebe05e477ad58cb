import { describe, expect, it } from 'vitest';
import { composeUserMessage } from './messages';
import { checkStructuredAnswer, parseJsonAnswer, schemaNameFor } from './structured-output';

const schema = {
  type: 'object',
  properties: { title: { type: 'string' }, count: { type: 'integer' } },
  required: ['title', 'count'],
};

describe('structured answers', () => {
  it('parses JSON, also inside one Markdown code fence', () => {
    expect(parseJsonAnswer('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonAnswer('```json\n{"a":1}\n```')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonAnswer('Sure! {"a":1}')).toMatchObject({ ok: false });
    expect(parseJsonAnswer('  ')).toEqual({ ok: false, problem: 'the answer is empty, not JSON' });
  });

  it('names each mismatch with its path', () => {
    expect(checkStructuredAnswer('{"title":"x","count":2}', schema)).toEqual({
      ok: true,
      value: { title: 'x', count: 2 },
    });
    const bad = checkStructuredAnswer('{"title":5}', schema);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problem).toContain('the answer does not match the schema');
    expect(bad.errors).toEqual([
      'title: Invalid input: expected string, received number',
      'count: Invalid input: expected number, received undefined',
    ]);
    const notJson = checkStructuredAnswer('I cannot do that', schema);
    expect(notJson).toMatchObject({ ok: false });
    if (!notJson.ok) expect(notJson.problem).toMatch(/^the answer is not valid JSON/);
  });

  it('makes schema names the APIs accept', () => {
    expect(schemaNameFor(undefined)).toBe('structured_output');
    expect(schemaNameFor('my schema!')).toBe('my_schema_');
  });

  it('puts context texts before the prompt, each wrapped and numbered', () => {
    expect(composeUserMessage(['a', ' ', 'b'], 'Q')).toBe(
      '<context index="1">\na\n</context>\n\n<context index="2">\nb\n</context>\n\nQ',
    );
    expect(composeUserMessage([], 'Q')).toBe('Q');
  });
});
