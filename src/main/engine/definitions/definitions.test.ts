import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../errors';
import { testNodeTypes } from '../../../../test-support/engine/test-node-types';
import { AgentDefinition, FlowDefinition } from './component';
import { NodeDefinition } from './node';
import { staticElements, staticPathCanEndWith } from './walk';

const echo = (value: unknown) => new NodeDefinition('echo', { value });

describe('definitions', () => {
  it.each(['', 'a/b', '..', 'has space', 'dash-ed', 'x'.repeat(151), 'naïve'])(
    'refuses the id %j, naming it',
    (id) => {
      expect(() => new FlowDefinition().node(id, echo(1))).toThrow(DefinitionError);
      expect(() => new FlowDefinition().node(id, echo(1))).toThrow(JSON.stringify(id));
    },
  );

  it('accepts ids of letters, digits and underscores up to 150 characters', () => {
    const flow = new FlowDefinition().node('a_1', echo(1)).node('x'.repeat(150), echo(2));
    expect(flow.elements.map((e) => e.id)).toEqual(['a_1', 'x'.repeat(150)]);
  });

  it('refuses a duplicate id within one component, naming it', () => {
    const flow = new FlowDefinition().node('same', echo(1));
    expect(() => flow.callback('same', () => 1)).toThrow(/duplicate id "same"/);
  });

  it('allows the same id in different components', () => {
    const inner = new FlowDefinition().node('step', echo(1));
    expect(() => new FlowDefinition().node('step', echo(2)).subflow('inner', inner)).not.toThrow();
  });

  it('checks node settings against the node type when validated, naming node and field', () => {
    const flow = new FlowDefinition().node(
      'run_it',
      new NodeDefinition('command', { commands: 'not a list' }),
    );
    expect(() => flow.validate(testNodeTypes())).toThrow(
      /node "run_it" \(command\) has invalid settings: commands/,
    );
  });

  it('leaves a field holding a template to the run-time check', () => {
    const flow = new FlowDefinition().node(
      'run_it',
      new NodeDefinition('command', { commands: '$expr{cmds}' }),
    );
    expect(() => flow.validate(testNodeTypes())).not.toThrow();
  });

  it('names an unknown node type and the known ones', () => {
    const flow = new FlowDefinition().node('n', new NodeDefinition('no_such_type', {}));
    expect(() => flow.validate(testNodeTypes())).toThrow(
      /node "n": unknown node type "no_such_type"; known types: .*echo/,
    );
  });

  it('refuses loop options that make no sense', () => {
    const body = new FlowDefinition().node('n', echo(1));
    expect(() => new FlowDefinition().forEach('loop', '$expr{items}', body, { startIndex: -1 })).toThrow(
      /startIndex/,
    );
    expect(() => new FlowDefinition().forEach('loop', '$expr{items}', body, { itemVar: 'bad var' })).toThrow(
      /item variable/,
    );
  });

  it('lists every static place of an element, loops as iter_*', () => {
    const body = new FlowDefinition().node('inner', echo(1));
    const branch = new FlowDefinition().node('yes', echo(1));
    const flow = new FlowDefinition()
      .forEach('each', '$expr{items}', body)
      .conditional('check', 'true', branch);
    const agent = new AgentDefinition().flow('main', flow);
    const paths = staticElements(agent, 'agent').map((e) => e.segments.join('.'));
    expect(paths).toEqual([
      'agent',
      'agent.main',
      'agent.main.each',
      'agent.main.each.iter_*.inner',
      'agent.main.check',
      'agent.main.check.is_true.yes',
    ]);
    expect(staticPathCanEndWith(['agent', 'main', 'each', 'iter_*', 'inner'], 'each.iter_3.inner')).toBe(
      true,
    );
    expect(staticPathCanEndWith(['agent', 'main', 'each', 'iter_*', 'inner'], 'iter_x.inner')).toBe(false);
    expect(staticPathCanEndWith(['agent', 'main', 'check'], 'heck')).toBe(false);
  });
});
