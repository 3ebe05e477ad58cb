import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../errors';
import { FlowDefinition } from './component';
import { NodeDefinition } from './node';
import { PLACEHOLDER } from './placeholder';
import { unfilledPlaceholders } from './unfilled-placeholders';

const echo = (value: unknown) => new NodeDefinition('echo', { value });

describe('variables given by callers', () => {
  it('leaves the called definition as it is, and a use still sees defaults added later', () => {
    const inner = new FlowDefinition().vars({ tone: 'plain' }).node('say', echo('$var{tone}'));
    const outer = new FlowDefinition().subflow('loud', inner, { tone: 'loud' }).subflow('plain', inner);
    inner.vars({ audience: 'all' });
    const loud = outer.elementById('loud');
    const plain = outer.elementById('plain');
    expect(loud?.kind === 'component' && loud.component.variables).toEqual({ tone: 'loud', audience: 'all' });
    expect(plain?.kind === 'component' && plain.component.variables).toEqual({
      tone: 'plain',
      audience: 'all',
    });
    expect(inner.variables).toEqual({ tone: 'plain', audience: 'all' });
  });

  it("refuses body variables that set the loop's item or index variable, naming the loop", () => {
    const body = new FlowDefinition().node('n', echo(1));
    expect(() =>
      new FlowDefinition().forEach('each', '$expr{items}', body, {
        itemVar: 'task',
        bodyVariables: { task: 'x' },
      }),
    ).toThrow(/loop "each": bodyVariables may not set "task"/);
    expect(() =>
      new FlowDefinition().forEach('each', '$expr{items}', body, { bodyVariables: { index: 0 } }),
    ).toThrow(DefinitionError);
  });

  it('refuses false-branch variables without a false branch, and variables that are not an object', () => {
    const branch = new FlowDefinition().node('n', echo(1));
    expect(() =>
      new FlowDefinition().conditional('check', 'true', branch, null, { falseBranchVariables: { a: 1 } }),
    ).toThrow(/conditional "check": falseBranchVariables given without a false branch/);
    expect(() =>
      new FlowDefinition().subflow('inner', branch, ['not', 'an', 'object'] as unknown as Record<
        string,
        unknown
      >),
    ).toThrow(/element "inner": variables must be an object/);
  });

  it('finds a PLACEHOLDER only where no caller filled it', () => {
    const needsTopic = new FlowDefinition().vars({ topic: PLACEHOLDER }).node('n', echo('$var{topic}'));
    const flow = new FlowDefinition()
      .subflow('filled', needsTopic, { topic: 'tides' })
      .subflow('unfilled', needsTopic)
      .conditional('check', 'true', needsTopic, needsTopic, { trueBranchVariables: { topic: 'x' } })
      .forEach('each', '$expr{items}', needsTopic, { itemVar: 'topic' });
    expect(unfilledPlaceholders(flow, 'root')).toEqual([
      { variable: 'topic', componentPath: 'root.unfilled' },
      { variable: 'topic', componentPath: 'root.check.is_false' },
    ]);
  });
});
