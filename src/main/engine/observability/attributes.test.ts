import { describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTE_LENGTH, toAttributeValue, toAttributes } from './index';

describe('toAttributeValue', () => {
  it('keeps strings, numbers and booleans', () => {
    expect(toAttributeValue('completed')).toBe('completed');
    expect(toAttributeValue(42.5)).toBe(42.5);
    expect(toAttributeValue(false)).toBe(false);
  });

  it('turns objects and mixed arrays into JSON text', () => {
    expect(toAttributeValue({ model: 'gpt', usage: { total_tokens: 3 } })).toBe(
      '{"model":"gpt","usage":{"total_tokens":3}}',
    );
    expect(toAttributeValue([1, 'two', { three: 3 }])).toBe('[1,"two",{"three":3}]');
  });

  it('keeps arrays of one primitive type as arrays', () => {
    expect(toAttributeValue(['ls', 'pwd'])).toEqual(['ls', 'pwd']);
    expect(toAttributeValue([1, 2, 3])).toEqual([1, 2, 3]);
    expect(toAttributeValue([])).toEqual([]);
  });

  it('leaves out null and undefined', () => {
    expect(toAttributeValue(null)).toBeUndefined();
    expect(toAttributeValue(undefined)).toBeUndefined();
    expect(toAttributes({ a: null, b: undefined, c: 1 })).toEqual({ c: 1 });
  });

  it('keeps a string of exactly 4,096 characters whole', () => {
    const text = 'x'.repeat(MAX_ATTRIBUTE_LENGTH);
    expect(toAttributeValue(text)).toBe(text);
  });

  it('cuts longer strings at 4,096 characters and says how many were cut', () => {
    const text = 'a'.repeat(MAX_ATTRIBUTE_LENGTH) + 'b'.repeat(12_345);
    expect(toAttributeValue(text)).toBe(`${'a'.repeat(4096)}…[truncated 12,345 chars]`);
  });

  it('cuts the JSON of a large structure and the strings of an array the same way', () => {
    const json = toAttributeValue({ text: 'y'.repeat(5000) });
    expect(typeof json).toBe('string');
    expect(json).toMatch(/^\{"text":"y{4087}…\[truncated 915 chars\]$/);
    const [cut] = toAttributeValue(['z'.repeat(4100)]) as string[];
    expect(cut).toBe(`${'z'.repeat(4096)}…[truncated 4 chars]`);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const text = 'a'.repeat(MAX_ATTRIBUTE_LENGTH - 1) + '😀' + 'tail';
    expect(toAttributeValue(text)).toBe(`${'a'.repeat(4095)}…[truncated 6 chars]`);
  });

  it('survives cycles, bigints, dates and errors', () => {
    const node: Record<string, unknown> = { id: 'n1' };
    node.self = node;
    expect(toAttributeValue(node)).toBe('{"id":"n1","self":"[Circular]"}');
    expect(toAttributeValue({ big: 12n })).toBe('{"big":"12"}');
    expect(toAttributeValue(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z');
    expect(toAttributeValue(new TypeError('bad input'))).toBe('TypeError: bad input');
  });
});
