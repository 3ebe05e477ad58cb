import { describe, expect, it } from 'vitest';
import { initialInputText, rerunStaticInputs } from './rerun-inputs';

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

  it('starts the editor from the original input of the node, or from an empty object', () => {
    expect(initialInputText({ outline: { topic: 'x' } }, 'outline')).toBe('{\n  "topic": "x"\n}');
    expect(initialInputText({ other: 1 }, 'outline')).toBe('{}');
    expect(initialInputText(null, 'outline')).toBe('{}');
  });
});
