import { describe, expect, it } from 'vitest';
import { inputText, originalInputOf, rerunStaticInputs } from './rerun-inputs';

describe('the static inputs of a re-run from a node', () => {
  it('sends nothing when the node input was left as it was, whatever the key order', () => {
    expect(rerunStaticInputs('outline', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual(
      {},
    );
    expect(rerunStaticInputs('outline', {}, {})).toEqual({});
  });

  it('sends the node entry alone when it was edited', () => {
    expect(rerunStaticInputs('outline', { topic: 'herbs' }, { topic: 'tomatoes' })).toEqual({
      outline: { topic: 'tomatoes' },
    });
    expect(rerunStaticInputs('outline', {}, { prompt_variables: {} })).toEqual({
      outline: { prompt_variables: {} },
    });
  });

  it('finds the node input the engine would use, the most specifically scoped first', () => {
    const inputs = {
      outline: { a: 1 },
      main: { outline: { a: 2 }, other: { a: 3 } },
      elsewhere: { outline: { a: 4 } },
    };
    expect(originalInputOf(inputs, 'outline', ['agent', 'main'])).toEqual({
      scope: ['main'],
      value: { a: 2 },
    });
    expect(originalInputOf(inputs, 'outline', ['agent'])).toEqual({ scope: [], value: { a: 1 } });
    expect(originalInputOf({ other: 1 }, 'outline', ['agent'])).toBeNull();
    expect(originalInputOf(null, 'outline', [])).toBeNull();
  });

  it('starts the editor from the input, or from an empty object', () => {
    expect(inputText({ topic: 'x' })).toBe('{\n  "topic": "x"\n}');
    expect(inputText(undefined)).toBe('{}');
  });
});
