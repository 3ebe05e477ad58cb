import { describe, expect, it } from 'vitest';
import { attributeMatches, foldedStart, FOLD_LENGTH, parsedJsonOf, valueTypeOf } from './span-values';

describe('valueTypeOf', () => {
  it('names each JSON type, and a JSON-looking string stays a string', () => {
    expect([1.5, true, 'x', '{"a":1}', [1], { a: 1 }, null].map(valueTypeOf)).toEqual([
      'number',
      'boolean',
      'string',
      'string',
      'array',
      'object',
      'null',
    ]);
    expect(parsedJsonOf('{"a":1}')).toEqual({ a: 1 });
    expect(parsedJsonOf('plain')).toBeUndefined();
  });
});

describe('foldedStart', () => {
  it('leaves short text whole and folds long text to its start', () => {
    expect(foldedStart('short')).toBeNull();
    const long = 'a'.repeat(FOLD_LENGTH * 2);
    expect(foldedStart(long)).toBe('a'.repeat(FOLD_LENGTH));
    expect(foldedStart('1\n2\n3\n4\n5\n6\n7\n8')).toBe('1\n2\n3\n4\n5\n6');
  });

  it('never cuts a character in two', () => {
    const text = `${'a'.repeat(FOLD_LENGTH - 1)}😀${'b'.repeat(10)}`;
    const start = foldedStart(text) as string;
    expect(start).toBe('a'.repeat(FOLD_LENGTH - 1));
  });
});

describe('attributeMatches', () => {
  it('finds an attribute by key or by value, whatever the case', () => {
    expect(attributeMatches('http.status_code', 503, 'STATUS')).toBe(true);
    expect(attributeMatches('http.status_code', 503, '503')).toBe(true);
    expect(attributeMatches('peer.service', 'redis', 'RED')).toBe(true);
    expect(attributeMatches('peer.service', 'redis', 'mysql')).toBe(false);
    expect(attributeMatches('anything', null, '  ')).toBe(true);
  });
});
