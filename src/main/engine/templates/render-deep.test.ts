import { describe, expect, it } from 'vitest';
import { TemplateError } from '../errors';
import { renderDeep } from './index';
import { MapScope } from '../../../../test-support/engine/test-scope';

const scope = new MapScope(
  { topic: 'rivers', max_tokens: 512, models: ['small', 'large'], temperature: 0.2 },
  { plan: { outcome: { steps: ['a', 'b'] } } },
);

class Endpoint {
  constructor(readonly url: string) {}
}

describe('renderDeep', () => {
  it('renders every string in nested objects and arrays, typed where a string is one whole template', () => {
    const settings = {
      model: '$expr{models[1]}',
      options: { max_tokens: '$var{max_tokens}', temperature: 0.7, stream: false, stop: null },
      prompt: {
        messages: [
          { role: 'system', content: 'You write about $var{topic}.' },
          { role: 'user', content: 'Follow: $expr{$hier{plan}.outcome.steps}' },
        ],
      },
      steps: '$expr{$hier{plan}.outcome.steps}',
      untouched: 'plain text',
    };
    expect(renderDeep(settings, scope)).toEqual({
      model: 'large',
      options: { max_tokens: 512, temperature: 0.7, stream: false, stop: null },
      prompt: {
        messages: [
          { role: 'system', content: 'You write about rivers.' },
          { role: 'user', content: 'Follow: ["a","b"]' },
        ],
      },
      steps: ['a', 'b'],
      untouched: 'plain text',
    });
  });

  it('does not change its input', () => {
    const settings = { text: '$var{topic}', list: ['$var{max_tokens}'] };
    const copy = structuredClone(settings);
    renderDeep(settings, scope);
    expect(settings).toEqual(copy);
  });

  it('leaves keys, numbers and class instances as they are', () => {
    const endpoint = new Endpoint('$var{topic}');
    const when = new Date(0);
    const rendered = renderDeep({ '$var{topic}': 'key stays', endpoint, when, n: 1 }, scope) as Record<
      string,
      unknown
    >;
    expect(Object.keys(rendered)).toEqual(['$var{topic}', 'endpoint', 'when', 'n']);
    expect(rendered.endpoint).toBe(endpoint);
    expect((rendered.endpoint as Endpoint).url).toBe('$var{topic}');
    expect(rendered.when).toBe(when);
  });

  it('renders a bare string and passes other top-level values through', () => {
    expect(renderDeep('$var{max_tokens}', scope)).toBe(512);
    expect(renderDeep(42, scope)).toBe(42);
    expect(renderDeep(null, scope)).toBeNull();
    expect(renderDeep(undefined, scope)).toBeUndefined();
  });

  it('does not render strings inside values that templates give', () => {
    const inner = new MapScope({ data: { text: '$var{secret}' }, secret: 'x' });
    expect(renderDeep({ copy: '$var{data}' }, inner)).toEqual({ copy: { text: '$var{secret}' } });
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const settings = JSON.parse('{"__proto__": {"polluted": "$var{topic}"}}') as object;
    const rendered = renderDeep(settings, scope) as Record<string, unknown>;
    expect(Object.hasOwn(rendered, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
    expect(rendered['__proto__']).toEqual({ polluted: 'rivers' });
  });

  it('names the field of a failing template and keeps the template and missing name', () => {
    const settings = { prompt: { messages: [{ content: 'fine' }, { content: 'About $var{subject}' }] } };
    let caught: unknown;
    try {
      renderDeep(settings, scope);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const error = caught as TemplateError;
    expect(error.message).toBe(
      'at field prompt.messages[1].content: template "$var{subject}" names variable "subject", which does not exist',
    );
    expect(error.template).toBe('$var{subject}');
    expect(error.missingName).toBe('subject');
  });

  it('quotes keys that are not plain names in the field path', () => {
    expect(() => renderDeep({ headers: { 'x-topic': '$var{nope}' } }, scope)).toThrow(
      /^at field headers\["x-topic"\]: template "\$var\{nope\}"/,
    );
    expect(() => renderDeep(['ok', '$var{nope}'], scope)).toThrow(/^at field \[1\]: /);
  });
});
