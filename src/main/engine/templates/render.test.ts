import { describe, expect, it } from 'vitest';
import { hasTemplate, renderTemplate } from './index';
import { MapScope } from '../../../../test-support/engine/test-scope';

const summary = { outcome: { text: 'short', tags: ['a', 'b'] }, execution_status: 'completed' };

function scope(): MapScope {
  return new MapScope(
    {
      topic: 'rivers',
      count: 3,
      ratio: 0.5,
      enabled: true,
      nothing: null,
      unset: undefined,
      items: ['x', 'y', 'z'],
      config: { model: 'small', limits: { tokens: 100 } },
    },
    { summarize: summary, 'main_flow.summarize': summary },
  );
}

describe('$var{}', () => {
  it('replaces a variable inside text', () => {
    expect(renderTemplate('Write about $var{topic}.', scope())).toBe('Write about rivers.');
  });

  it('gives the typed value when the string is exactly one $var{}', () => {
    const s = scope();
    expect(renderTemplate('$var{count}', s)).toBe(3);
    expect(renderTemplate('$var{items}', s)).toEqual(['x', 'y', 'z']);
    expect(renderTemplate('$var{nothing}', s)).toBeNull();
    expect(renderTemplate('$var{unset}', s)).toBeUndefined();
  });

  it('renders a string, not a typed value, when anything surrounds the template, even a space', () => {
    expect(renderTemplate(' $var{count}', scope())).toBe(' 3');
    expect(renderTemplate('$var{count}\n', scope())).toBe('3\n');
  });

  it('ignores whitespace just inside the braces', () => {
    expect(renderTemplate('$var{ topic }', scope())).toBe('rivers');
  });

  it('writes numbers, booleans, null, arrays and objects as text inside a larger string', () => {
    const s = scope();
    expect(renderTemplate('n=$var{count} r=$var{ratio} e=$var{enabled} z=$var{nothing}', s)).toBe(
      'n=3 r=0.5 e=true z=null',
    );
    expect(renderTemplate('items: $var{items}', s)).toBe('items: ["x","y","z"]');
    expect(renderTemplate('config: $var{config}', s)).toBe(
      'config: {"model":"small","limits":{"tokens":100}}',
    );
  });

  it('does not render templates held in a value', () => {
    const s = new MapScope({ text: 'see $var{secret}', secret: 'no' });
    expect(renderTemplate('quote: $var{text}', s)).toBe('quote: see $var{secret}');
  });
});

describe('$hier{}', () => {
  it('gives the result of an element, typed when it is the whole string', () => {
    const s = scope();
    expect(renderTemplate('$hier{summarize}', s)).toBe(summary);
    expect(s.hierLookups).toEqual(['summarize']);
  });

  it('passes a dotted path to the scope as it is written', () => {
    const s = scope();
    expect(renderTemplate('$hier{main_flow.summarize}', s)).toBe(summary);
    expect(s.hierLookups).toEqual(['main_flow.summarize']);
  });

  it('writes a result as JSON inside text', () => {
    expect(renderTemplate('result: $hier{summarize}', scope())).toBe(`result: ${JSON.stringify(summary)}`);
  });

  it('treats ".field" after a standalone $hier{} as plain text; field access belongs in $expr{}', () => {
    const s = new MapScope({}, { n: 'R' });
    expect(renderTemplate('$hier{n}.outcome', s)).toBe('R.outcome');
  });
});

describe('$expr{}', () => {
  it('gives the typed value when the string is exactly one $expr{}', () => {
    const s = scope();
    expect(renderTemplate('$expr{config.limits}', s)).toEqual({ tokens: 100 });
    expect(renderTemplate('$expr{count > 2}', s)).toBe(true);
    expect(renderTemplate('$expr{items[1]}', s)).toBe('y');
  });

  it('reads into an element result with $hier{path} as a primary', () => {
    const s = scope();
    expect(renderTemplate('$expr{$hier{summarize}.outcome.tags[1]}', s)).toBe('b');
    expect(renderTemplate('$expr{$hier{ main_flow.summarize }.execution_status == "completed"}', s)).toBe(
      true,
    );
    expect(s.hierLookups).toEqual(['summarize', 'main_flow.summarize']);
  });

  it('mixes several templates and text in one string', () => {
    expect(
      renderTemplate('$var{topic}: $expr{config.model} ($expr{count >= 3}) $hier{summarize}', scope()),
    ).toBe(`rivers: small (true) ${JSON.stringify(summary)}`);
  });

  it('does not end the template at braces inside string literals', () => {
    const s = scope();
    expect(renderTemplate('$expr{"}"}', s)).toBe('}');
    expect(renderTemplate("$expr{'{' || '}'}", s)).toBe('{');
    expect(renderTemplate('a $expr{"{}" == "{}"} b', s)).toBe('a true b');
  });

  it('gives undefined for an index out of range when it is the whole string', () => {
    expect(renderTemplate('$expr{items[10]}', scope())).toBeUndefined();
  });
});

describe('escapes and plain text', () => {
  it('renders $$var{, $$expr{, $$hier{ as the literal prefixes and leaves the rest as text', () => {
    const s = scope();
    expect(renderTemplate('$$var{topic}', s)).toBe('$var{topic}');
    expect(renderTemplate('$$expr{count > 1}', s)).toBe('$expr{count > 1}');
    expect(renderTemplate('$$hier{summarize}', s)).toBe('$hier{summarize}');
    expect(s.variableLookups).toEqual([]);
    expect(s.hierLookups).toEqual([]);
  });

  it('mixes escapes with real templates', () => {
    expect(renderTemplate('write $$var{topic} for $var{topic}', scope())).toBe(
      'write $var{topic} for rivers',
    );
  });

  it('does not treat an escaped expression with an open brace in a string as a template', () => {
    expect(renderTemplate('$$expr{"}"} $var{topic}', scope())).toBe('$expr{"}"} rivers');
  });

  it('leaves a $ or braces without a template prefix as they are', () => {
    const s = scope();
    const plain = 'costs $5, {"json": true}, $, $$, ${x}, $variable{y}, $var {z}, $$ $var{topic}';
    expect(renderTemplate(plain, s)).toBe(
      'costs $5, {"json": true}, $, $$, ${x}, $variable{y}, $var {z}, $$ rivers',
    );
  });

  it('returns text without a $ unchanged and asks the scope nothing', () => {
    const s = scope();
    expect(renderTemplate('no templates {here}', s)).toBe('no templates {here}');
    expect(renderTemplate('', s)).toBe('');
    expect(s.variableLookups).toEqual([]);
  });

  it('keeps a third $ before an escape', () => {
    expect(renderTemplate('$$$var{topic}', scope())).toBe('$$var{topic}');
  });
});

describe('hasTemplate', () => {
  it('is true for text that rendering could change', () => {
    expect(hasTemplate('a $var{x}')).toBe(true);
    expect(hasTemplate('$expr{1}')).toBe(true);
    expect(hasTemplate('$hier{n}')).toBe(true);
    expect(hasTemplate('$$var{x}')).toBe(true);
    expect(hasTemplate('$var{unterminated')).toBe(true);
  });

  it('is false for plain text, even with $ and braces', () => {
    expect(hasTemplate('plain')).toBe(false);
    expect(hasTemplate('costs $5 {x} ${y} $var {z}')).toBe(false);
  });
});
