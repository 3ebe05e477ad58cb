import { describe, expect, it } from 'vitest';
import { renderTemplate } from './index';
import { MapScope } from '../../../../test-support/engine/test-scope';

const variables = {
  zero: 0,
  one: 1,
  two: 2,
  empty: '',
  text: 'abc',
  yes: true,
  no: false,
  nothing: null,
  unset: undefined,
  list: [10, 20, 30],
  nested: { a: { b: [{ c: 'deep' }] }, 'odd key': 5 },
  emptyList: [],
};

function evaluate(expression: string, scope = new MapScope(variables)): unknown {
  return renderTemplate(`$expr{${expression}}`, scope);
}

describe('literals', () => {
  it('reads numbers', () => {
    expect(evaluate('42')).toBe(42);
    expect(evaluate('3.25')).toBe(3.25);
    expect(evaluate('1e3')).toBe(1000);
    expect(evaluate('2.5E-1')).toBe(0.25);
    expect(evaluate('-7')).toBe(-7);
  });

  it('reads single- and double-quoted strings with escapes', () => {
    expect(evaluate('"double"')).toBe('double');
    expect(evaluate("'single'")).toBe('single');
    expect(evaluate(String.raw`"a\"b\\c\nd\te"`)).toBe('a"b\\c\nd\te');
    expect(evaluate(String.raw`'it\'s'`)).toBe("it's");
    expect(evaluate(String.raw`"\u00e9\/"`)).toBe('é/');
    expect(evaluate(`"a 'quoted' word"`)).toBe("a 'quoted' word");
  });

  it('reads true, false and null', () => {
    expect(evaluate('true')).toBe(true);
    expect(evaluate('false')).toBe(false);
    expect(evaluate('null')).toBeNull();
  });
});

describe('access', () => {
  it('reads object keys with . and [string], and array items with [number]', () => {
    expect(evaluate('nested.a.b[0].c')).toBe('deep');
    expect(evaluate('nested["a"]["b"][0]["c"]')).toBe('deep');
    expect(evaluate("nested['odd key']")).toBe(5);
    expect(evaluate('list[2]')).toBe(30);
  });

  it('takes the index from an expression', () => {
    const scope = new MapScope({ ...variables, key: 'a', position: 1 });
    expect(evaluate('nested[key].b[position]', scope)).toBeUndefined();
    expect(evaluate('list[(position)]', scope)).toBe(20);
    expect(evaluate('nested[key].b[0].c', scope)).toBe('deep');
  });

  it('reads .length of arrays and strings', () => {
    expect(evaluate('list.length')).toBe(3);
    expect(evaluate('text.length')).toBe(3);
    expect(evaluate('text[1]')).toBe('b');
  });

  it('gives undefined for a missing key or an index out of range', () => {
    expect(evaluate('nested.missing')).toBeUndefined();
    expect(evaluate('nested["missing"]')).toBeUndefined();
    expect(evaluate('list[3]')).toBeUndefined();
    expect(evaluate('list[-1]')).toBeUndefined();
  });

  it('does not reach inherited properties of objects', () => {
    expect(evaluate('nested.constructor')).toBeUndefined();
    expect(evaluate('nested["toString"]')).toBeUndefined();
  });

  it('accepts keywords as property names after a dot', () => {
    const scope = new MapScope({ flags: { true: 'T', null: 'N' } });
    expect(evaluate('flags.true', scope)).toBe('T');
    expect(evaluate('flags.null', scope)).toBe('N');
  });
});

describe('operators', () => {
  it('compares with == and != structurally, without converting types', () => {
    expect(evaluate('one == 1')).toBe(true);
    expect(evaluate('one == "1"')).toBe(false);
    expect(evaluate('one != 2')).toBe(true);
    expect(evaluate('list == list')).toBe(true);
    expect(evaluate('nested.a == nested.a')).toBe(true);
    expect(evaluate('nothing == null')).toBe(true);
    expect(evaluate('unset == null')).toBe(true);
    expect(evaluate('zero == null')).toBe(false);
    expect(evaluate('empty == false')).toBe(false);
  });

  it('compares values from different places structurally', () => {
    const scope = new MapScope({ a: { x: [1, { y: 2 }] }, b: { x: [1, { y: 2 }] }, c: { x: [1, { y: 3 }] } });
    expect(evaluate('a == b', scope)).toBe(true);
    expect(evaluate('a == c', scope)).toBe(false);
    expect(evaluate('a.x != c.x', scope)).toBe(true);
  });

  it('orders numbers and strings with > < >= <=', () => {
    expect(evaluate('two > one')).toBe(true);
    expect(evaluate('two < one')).toBe(false);
    expect(evaluate('two >= 2')).toBe(true);
    expect(evaluate('two <= 1.5')).toBe(false);
    expect(evaluate('"apple" < "banana"')).toBe(true);
    expect(evaluate('text >= "abd"')).toBe(false);
  });

  it('gives the left value of || unless it is null or undefined', () => {
    expect(evaluate('nothing || "fallback"')).toBe('fallback');
    expect(evaluate('unset || "fallback"')).toBe('fallback');
    expect(evaluate('nested.missing || list[9] || 7')).toBe(7);
    expect(evaluate('zero || 5')).toBe(0);
    expect(evaluate('empty || "x"')).toBe('');
    expect(evaluate('no || true')).toBe(false);
  });

  it('gives the left value of && if it is falsy, else the right one', () => {
    expect(evaluate('yes && "right"')).toBe('right');
    expect(evaluate('zero && "right"')).toBe(0);
    expect(evaluate('empty && "right"')).toBe('');
    expect(evaluate('nothing && "right"')).toBeNull();
    expect(evaluate('emptyList && "right"')).toBe('right');
  });

  it('negates with ! by truthiness', () => {
    expect(evaluate('!yes')).toBe(false);
    expect(evaluate('!zero')).toBe(true);
    expect(evaluate('!empty')).toBe(true);
    expect(evaluate('!nothing')).toBe(true);
    expect(evaluate('!!text')).toBe(true);
    expect(evaluate('!list')).toBe(false);
  });

  it('evaluates the right side of || and && only when needed', () => {
    const scope = new MapScope(variables);
    expect(evaluate('one || missingName', scope)).toBe(1);
    expect(evaluate('no && missingName', scope)).toBe(false);
    expect(scope.variableLookups).not.toContain('missingName');
  });
});

describe('precedence', () => {
  it('binds && tighter than ||', () => {
    // (nothing) || (no && x): || sees null on the left and gives the && result, false.
    expect(evaluate('nothing || no && "x"')).toBe(false);
    // (yes && nothing) || "d": the && gives null, so || gives "d".
    expect(evaluate('yes && nothing || "d"')).toBe('d');
  });

  it('binds equality tighter than && and comparison tighter than equality', () => {
    expect(evaluate('one == 1 && two == 2')).toBe(true);
    expect(evaluate('two > one == true')).toBe(true);
    expect(evaluate('true == two > one')).toBe(true);
  });

  it('binds ! tighter than comparison and equality', () => {
    expect(evaluate('!no == true')).toBe(true);
    expect(evaluate('!(one == 1)')).toBe(false);
  });

  it('binds . and [] tighter than !', () => {
    expect(evaluate('!nested.missing')).toBe(true);
    expect(evaluate('!list[0]')).toBe(false);
  });

  it('groups with parentheses', () => {
    expect(evaluate('(nothing || no) && "x"')).toBe(false);
    expect(evaluate('(yes || no) && "x"')).toBe('x');
    expect(evaluate('((((one))))')).toBe(1);
  });

  it('associates equality to the left', () => {
    // (one == 1) == true
    expect(evaluate('one == 1 == true')).toBe(true);
  });

  it('allows whitespace and newlines anywhere between tokens', () => {
    expect(evaluate('\n  two\t>\n one  &&\r\n  list [ 0 ] == 10 ')).toBe(true);
  });
});
