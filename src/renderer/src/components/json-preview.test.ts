import { describe, expect, it } from 'vitest';
import { embeddedJson, jsonKind, previewOf, textChunks } from './json-preview';

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

describe('textChunks', () => {
  it('cuts a long text into blocks that put together give it back, ending after a line where one falls', () => {
    const text = 'line of text 😀 café\n'.repeat(5000) + 'x'.repeat(3000) + '😀'.repeat(2000);
    const chunks = textChunks(text, 1000);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      expect(chunk).not.toMatch(/^[\uDC00-\uDFFF]/);
      expect(chunk).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    // Blocks of lines end after their line break.
    expect(chunks.slice(0, 50).every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(textChunks('')).toEqual(['']);
  });
});
