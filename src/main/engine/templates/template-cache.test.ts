import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache';
import { renderTemplate } from './index';
import { PARSED_TEMPLATE_CACHE_LIMIT, parsedTemplateFor } from './parsed-templates';
import { MapScope } from '../../../../test-support/engine/test-scope';

describe('BoundedCache', () => {
  it('drops the least recently used entry when full', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // "b" is now the least recently used
    cache.set('c', 3);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.has('c')).toBe(true);
    expect(cache.size).toBe(2);
  });

  it('replaces the value of a key set again without growing', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 5);
    expect(cache.get('a')).toBe(5);
    expect(cache.size).toBe(1);
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedCache<string, number>(0)).toThrow(RangeError);
  });
});

describe('parsed template cache', () => {
  it('parses a string once and reuses the parse', () => {
    const text = 'cache check $var{topic} $expr{count > 1}';
    expect(parsedTemplateFor(text)).toBe(parsedTemplateFor(text));
  });

  it('gives the same result when the same string renders twice', () => {
    const scope = new MapScope({ topic: 'rivers', count: 2 });
    const text = 'twice: $var{topic} $expr{count > 1}';
    expect(renderTemplate(text, scope)).toBe('twice: rivers true');
    expect(renderTemplate(text, scope)).toBe('twice: rivers true');
  });

  it('caches the parse, not the values: a later render sees the new scope', () => {
    const text = 'loop $var{index}: $expr{items[index]}';
    const rendered = [0, 1, 2].map((index) =>
      renderTemplate(text, new MapScope({ index, items: ['a', 'b', 'c'] })),
    );
    expect(rendered).toEqual(['loop 0: a', 'loop 1: b', 'loop 2: c']);
  });

  it('stays bounded and correct when more distinct strings render than it holds', () => {
    const scope = new MapScope({ topic: 'rivers' });
    const first = 'bounded 0 $var{topic}';
    const firstParse = parsedTemplateFor(first);
    for (let i = 1; i <= PARSED_TEMPLATE_CACHE_LIMIT + 10; i += 1) {
      expect(renderTemplate(`bounded ${i} $var{topic}`, scope)).toBe(`bounded ${i} rivers`);
    }
    // The first parse was evicted: asking again parses afresh, with the same result.
    expect(parsedTemplateFor(first)).not.toBe(firstParse);
    expect(renderTemplate(first, scope)).toBe('bounded 0 rivers');
  });

  it('fails the same way every time for text that does not parse', () => {
    const scope = new MapScope({ count: 1 });
    const text = 'broken $expr{count ==}';
    expect(() => renderTemplate(text, scope)).toThrow('has a syntax error at column 15');
    expect(() => renderTemplate(text, scope)).toThrow('has a syntax error at column 15');
  });
});
