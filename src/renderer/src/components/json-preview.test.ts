import { describe, expect, it } from 'vitest';
import { embeddedJson, jsonKind, previewOf } from './json-preview';

describe('JSON previews', () => {
  it('summarises containers by size and cuts long values', () => {
    expect(previewOf({ a: 1, b: 2 })).toBe('{2 keys}');
    expect(previewOf([1])).toBe('[1 item]');
    expect(previewOf('x'.repeat(100), 10)).toBe('"xxxxxxxx…');
    expect(previewOf(null)).toBe('null');
  });

  it('tells kinds apart', () => {
    expect([{}, [], '', 1, true, null, undefined].map(jsonKind)).toEqual([
      'object',
      'array',
      'string',
      'number',
      'boolean',
      'null',
      'other',
    ]);
  });

  it('finds JSON held in a string and leaves other text alone', () => {
    expect(embeddedJson(' {"a": [1]} ')).toEqual({ a: [1] });
    expect(embeddedJson('{not json}')).toBeUndefined();
    expect(embeddedJson('plain')).toBeUndefined();
  });
});
