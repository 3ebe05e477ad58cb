import { describe, expect, it } from 'vitest';
import { EngineError, TemplateError } from '../errors';
import { renderTemplate } from './index';
import { MapScope } from '../../../../test-support/engine/test-scope';

const scope = new MapScope(
  {
    count: 3,
    nothing: null,
    list: [1, 2],
    config: { model: 'small' },
    label: 'abc',
    unset: undefined,
    fn: () => 1,
  },
  { summarize: { outcome: null } },
);

function errorOf(text: string, renderScope = scope): TemplateError {
  try {
    renderTemplate(text, renderScope);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as TemplateError).code).toBe('template_error');
    return error as TemplateError;
  }
  throw new Error(`rendering ${JSON.stringify(text)} did not fail`);
}

describe('names that do not exist', () => {
  it('names the template and the missing variable', () => {
    const error = errorOf('$var{topic}');
    expect(error.message).toBe('template "$var{topic}" names variable "topic", which does not exist');
    expect(error.template).toBe('$var{topic}');
    expect(error.missingName).toBe('topic');
  });

  it('names just the failing template when it sits in a larger string', () => {
    const error = errorOf('About $var{count} $var{topic}, please.');
    expect(error.message).toBe('template "$var{topic}" names variable "topic", which does not exist');
    expect(error.template).toBe('$var{topic}');
    expect(error.missingName).toBe('topic');
  });

  it('names a missing variable used inside an expression', () => {
    const error = errorOf('$expr{count > limit}');
    expect(error.message).toBe(
      'template "$expr{count > limit}" names variable "limit", which does not exist',
    );
    expect(error.template).toBe('$expr{count > limit}');
    expect(error.missingName).toBe('limit');
  });

  it('fails on a missing name on the left of || (only null/undefined values fall through)', () => {
    const error = errorOf('$expr{topic || "default"}');
    expect(error.missingName).toBe('topic');
  });

  it('names a hierarchy path with no result', () => {
    const error = errorOf('$hier{main_flow.summary}');
    expect(error.message).toBe(
      'template "$hier{main_flow.summary}" names element "main_flow.summary", which has no result (no such element, or it has not run yet)',
    );
    expect(error.template).toBe('$hier{main_flow.summary}');
    expect(error.missingName).toBe('main_flow.summary');
  });

  it('names a hierarchy path with no result inside an expression', () => {
    const error = errorOf('x $expr{$hier{other}.outcome} y');
    expect(error.message).toBe(
      'template "$expr{$hier{other}.outcome}" names element "other", which has no result (no such element, or it has not run yet)',
    );
    expect(error.missingName).toBe('other');
  });
});

describe('unterminated templates', () => {
  it.each([
    ['$var{topic', 'template "$var{topic" is not terminated: no closing "}"'],
    ['see $hier{node', 'template "$hier{node" is not terminated: no closing "}"'],
    ['$expr{count > 1', 'template "$expr{count > 1" is not terminated: no closing "}"'],
    ['$expr{"abc}', 'template "$expr{"abc}" is not terminated: a string is never closed (column 7)'],
    [
      "$expr{x == 'a\\'}",
      'template "$expr{x == \'a\\\'}" is not terminated: a string is never closed (column 12)',
    ],
    [
      '$expr{$hier{a.b',
      'template "$expr{$hier{a.b" is not terminated: a "$hier{" has no closing "}" (column 7)',
    ],
  ])('reports %j', (text, message) => {
    const error = errorOf(text);
    expect(error.message).toBe(message);
    expect(error.template).toBe(text.slice(text.indexOf('$')));
  });
});

describe('syntax errors name the column within the template', () => {
  it.each([
    ['$expr{count ==}', 15, 'expected a value, found the closing "}"'],
    ['$expr{count label}', 13, 'expected an operator or "}", found name "label"'],
    ['$expr{}', 7, 'the expression is empty'],
    ['$expr{   }', 10, 'the expression is empty'],
    ['$expr{config.}', 14, 'expected a property name after ".", found the closing "}"'],
    ['$expr{config.1}', 14, 'expected a property name after ".", found number 1'],
    ['$expr{list[1}', 13, 'expected "]" to close the "[", found the closing "}"'],
    ['$expr{(count > 1}', 17, 'expected ")" to close the "(", found the closing "}"'],
    ['$expr{count = 1}', 13, 'unexpected "=" (compare with "==")'],
    ['$expr{count & 1}', 13, 'unexpected "&" (write "&&")'],
    ['$expr{count | 1}', 13, 'unexpected "|" (write "||")'],
    ['$expr{count + 1}', 13, 'unexpected character "+"'],
    ['$expr{{a}}', 7, 'unexpected character "{"'],
    ['$expr{1abc}', 7, 'invalid number "1a"'],
    ['$expr{"\\q"}', 8, 'unknown escape "\\q" in a string'],
    ['$expr{"\\u12"}', 8, '"\\u" must be followed by four hex digits'],
    ['$expr{$var{count} > 1}', 7, '"$var{" cannot appear inside "$expr{}": write the variable name itself'],
    ['$expr{$expr{1}}', 7, '"$expr{" cannot appear inside "$expr{}"'],
    ['$expr{$x}', 7, 'unexpected character "$"'],
    [
      '$expr{$hier{a..b}.x}',
      7,
      'invalid hierarchy path "a..b" in "$hier{}" (ids of letters, digits and "_", joined by ".")',
    ],
  ])('%j at column %i', (text, column, detail) => {
    const error = errorOf(text);
    expect(error.message).toBe(`template "${text}" has a syntax error at column ${column}: ${detail}`);
    expect(error.template).toBe(text);
  });

  it('counts the column from the start of the template, not of the string', () => {
    const error = errorOf('Hello there $expr{count ==} and more');
    expect(error.message).toBe(
      'template "$expr{count ==}" has a syntax error at column 15: expected a value, found the closing "}"',
    );
    expect(error.template).toBe('$expr{count ==}');
  });

  it('quotes the template up to the next "}" when the fault comes before the closing brace is known', () => {
    const error = errorOf('$expr{count # 1} trailing text');
    expect(error.message).toBe(
      'template "$expr{count # 1}" has a syntax error at column 13: unexpected character "#"',
    );
    expect(error.template).toBe('$expr{count # 1}');
  });

  it('refuses expressions nested too deeply instead of overflowing the stack', () => {
    const text = `$expr{${'('.repeat(5000)}1${')'.repeat(5000)}}`;
    const error = errorOf(text);
    expect(error.message).toMatch(
      /has a syntax error at column \d+: the expression is nested more than 100 levels deep$/,
    );
    expect(error.template).toBe(text);
  });

  it('cuts a very long template in the message but keeps it whole on the error', () => {
    const text = `$expr{count == ${'1'.repeat(200)} ==}`;
    const error = errorOf(text);
    expect(error.message).toContain('…" has a syntax error at column');
    expect(error.message.length).toBeLessThan(250);
    expect(error.template).toBe(text);
  });
});

describe('invalid names', () => {
  it.each([
    ['$var{a.b}', '"a.b"'],
    ['$var{}', '""'],
    ['$var{1x}', '"1x"'],
    ['$var{a b}', '"a b"'],
  ])('refuses the variable name in %j', (text, quotedName) => {
    const error = errorOf(text);
    expect(error.message).toBe(
      `template "${text}" has an invalid variable name ${quotedName}: a variable name is letters, digits and "_", not starting with a digit`,
    );
    expect(error.template).toBe(text);
  });

  it.each([
    ['$hier{a..b}', '"a..b"'],
    ['$hier{a-b}', '"a-b"'],
    ['$hier{.a}', '".a"'],
  ])('refuses the hierarchy path in %j', (text, quotedPath) => {
    const error = errorOf(text);
    expect(error.message).toBe(
      `template "${text}" has an invalid hierarchy path ${quotedPath}: a path is ids of letters, digits and "_", joined by "."`,
    );
  });
});

describe('evaluation errors name the expression', () => {
  it.each([
    ['$expr{nothing.x}', 'reads "x" of nothing, which is null'],
    ['$expr{config.missing.deeper}', 'reads "deeper" of config.missing, which is undefined'],
    ['$expr{$hier{summarize}.outcome.text}', 'reads "text" of $hier{summarize}.outcome, which is null'],
    ['$expr{nothing[0]}', 'reads [0] of nothing, which is null'],
    ['$expr{list[5]["k"]}', 'reads ["k"] of list[5], which is undefined'],
    ['$expr{count.x}', 'reads "x" of count, which is a number'],
    ['$expr{count[0]}', 'reads [0] of count, which is a number'],
    [
      '$expr{list.first}',
      'reads "first" of list, which is an array: only "length" can be read from it with "."',
    ],
    [
      '$expr{list["0"]}',
      'indexes list, which is an array, with "0", which is a string "0": the index must be a whole number',
    ],
    [
      '$expr{list[0.5]}',
      'indexes list, which is an array, with 0.5, which is a number 0.5: the index must be a whole number',
    ],
    [
      '$expr{config[1]}',
      'indexes config, which is an object, with 1, which is a number 1: an object key must be a string',
    ],
    [
      '$expr{label > 1}',
      'compares label (a string) with 1 (a number) using ">": both sides must be numbers, or both strings',
    ],
    [
      '$expr{nothing <= 1}',
      'compares nothing (null) with 1 (a number) using "<=": both sides must be numbers, or both strings',
    ],
    ['$expr{-label}', 'negates label, which is a string, not a number'],
  ])('%j', (text, detail) => {
    const error = errorOf(text);
    expect(error.message).toBe(`template "${text}" ${detail}`);
    expect(error.template).toBe(text);
    expect(error.missingName).toBeUndefined();
  });
});

describe('values that cannot be placed in text', () => {
  it('fails on undefined inside a larger string, naming the expression', () => {
    const error = errorOf('item: $expr{list[5]}!');
    expect(error.message).toBe(
      'template "$expr{list[5]}" gives undefined (a missing key or an index out of range), which cannot be placed in text',
    );
    expect(error.template).toBe('$expr{list[5]}');
  });

  it('fails on a variable whose value is undefined inside a larger string', () => {
    expect(errorOf('x $var{unset}').template).toBe('$var{unset}');
  });

  it('fails on a function value', () => {
    expect(errorOf('x $var{fn}').message).toBe(
      'template "$var{fn}" cannot be placed in text: it gives a function',
    );
  });

  it('fails on a value JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = errorOf('x $var{cyclic}', new MapScope({ cyclic }));
    expect(error.message).toMatch(/^template "\$var\{cyclic\}" cannot be placed in text: .*circular/i);
  });

  it('still gives such values as typed values when the template is the whole string', () => {
    expect(renderTemplate('$var{fn}', scope)).toBeTypeOf('function');
    expect(renderTemplate('$expr{list[5]}', scope)).toBeUndefined();
  });
});
