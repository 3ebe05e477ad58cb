import { describe, expect, it } from 'vitest';
import { exampleForSchema } from './schema-example';
import { checkStructuredAnswer } from './structured-output';

describe('exampleForSchema', () => {
  it('follows the documented rules', () => {
    expect(exampleForSchema({ type: 'string' })).toBe('item');
    expect(exampleForSchema({ type: 'number' })).toBe(0);
    expect(exampleForSchema({ type: 'integer', minimum: 3 })).toBe(3);
    expect(exampleForSchema({ type: 'integer', exclusiveMinimum: 3 })).toBe(4);
    expect(exampleForSchema({ type: 'boolean' })).toBe(false);
    expect(exampleForSchema({ type: 'null' })).toBeNull();
    expect(exampleForSchema({ const: 'fixed' })).toBe('fixed');
    expect(exampleForSchema({ type: 'string', default: 'dflt' })).toBe('dflt');
    expect(exampleForSchema({ type: 'string', enum: ['b', 'a'] })).toBe('b');
    expect(exampleForSchema({ type: 'array', items: { type: 'number' }, minItems: 2 })).toEqual([0, 0]);
    expect(exampleForSchema({ type: ['null', 'string'] })).toBe('item');
    expect(exampleForSchema({ anyOf: [{ type: 'null' }, { type: 'integer' }] })).toBe(0);
    expect(
      exampleForSchema({
        type: 'object',
        properties: { id: { type: 'string', minLength: 5 }, code: { type: 'string', maxLength: 2 } },
      }),
    ).toEqual({ id: 'idxxx', code: 'co' });
    expect(
      exampleForSchema({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } } },
          { type: 'object', properties: { b: { type: 'boolean' } } },
        ],
      }),
    ).toEqual({ a: 'a', b: false });
  });

  it('follows $ref into $defs and stops on recursive schemas', () => {
    const schema = {
      type: 'object',
      properties: { node: { $ref: '#/$defs/Node' } },
      $defs: {
        Node: { type: 'object', properties: { label: { type: 'string' }, child: { $ref: '#/$defs/Node' } } },
      },
    };
    const value = exampleForSchema(schema) as { node: { label: string; child: unknown } };
    expect(value.node.label).toBe('label');
    expect(JSON.stringify(value).length).toBeLessThan(2000);
  });

  it('produces values that pass validation against ordinary schemas', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 8 },
        rating: { type: 'integer', minimum: 1, maximum: 5 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        kind: { type: 'string', enum: ['a', 'b'] },
      },
      required: ['title', 'rating', 'tags', 'kind'],
      additionalProperties: false,
    };
    expect(checkStructuredAnswer(JSON.stringify(exampleForSchema(schema)), schema)).toMatchObject({
      ok: true,
    });
  });
});
