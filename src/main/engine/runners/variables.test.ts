import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentDefinition, FlowDefinition } from '../definitions/component';
import { NodeDefinition } from '../definitions/node';
import { PLACEHOLDER } from '../index';
import type { RunEvent } from '../events';
import { RunContext } from '../run-context';
import { readJson, testNodeTypes, withTempDir } from '../../../../test-support/engine/test-node-types';
import { AgentRunner } from './agent-runner';
import { FlowRunner } from './flow-runner';

const echo = (value: unknown) => new NodeDefinition('echo', { value });

function context(projectRoot: string) {
  return new RunContext({ rootComponentId: 'demo', projectRoot, enableOutcomeRepo: false });
}

async function outcomeValue(runDir: string, ...segments: string[]): Promise<unknown> {
  return (await readJson(join(runDir, ...segments, 'outcome.json'))).value;
}

describe('component variables', () => {
  it("lets a caller's subflow variables replace the flow's defaults, per use", async () => {
    await withTempDir(async (dir) => {
      const greeting = new FlowDefinition()
        .vars({ tone: 'plain', audience: 'everyone' })
        .node('say', echo('$var{tone} for $var{audience}'));
      const flow = new FlowDefinition()
        .vars({ tone: 'outer' })
        .node('top', echo('computed'))
        .subflow('bold', greeting, { tone: 'bold' })
        .subflow('from_node', greeting, { tone: '$expr{$hier{top}.outcome.value}' })
        .subflow('as_defined', greeting);
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      expect(await outcomeValue(ctx.runDir, 'demo', 'bold', 'say')).toBe('bold for everyone');
      expect(await outcomeValue(ctx.runDir, 'demo', 'from_node', 'say')).toBe('computed for everyone');
      expect(await outcomeValue(ctx.runDir, 'demo', 'as_defined', 'say')).toBe('plain for everyone');
    });
  });

  it("gives a loop body its body variables and the loop's item and index in each iteration", async () => {
    await withTempDir(async (dir) => {
      const body = new FlowDefinition()
        .vars({ label: 'default label', item: 'default item', index: -1 })
        .node('show', echo('$var{label} #$var{index}: $var{item}'));
      const flow = new FlowDefinition()
        .vars({ words: ['tide', 'pool'] })
        .forEach('each', '$expr{words}', body, { itemVar: 'item', bodyVariables: { label: 'word' } });
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      expect(await outcomeValue(ctx.runDir, 'demo', 'each', 'iter_0', 'show')).toBe('word #0: tide');
      expect(await outcomeValue(ctx.runDir, 'demo', 'each', 'iter_1', 'show')).toBe('word #1: pool');
    });
  });

  it('gives branch variables to the branch taken only', async () => {
    await withTempDir(async (dir) => {
      const sunny = new FlowDefinition().vars({ sky: 'unknown' }).node('yes', echo('$var{sky}'));
      const rainy = new FlowDefinition().vars({ sky: 'unknown' }).node('no', echo('$var{sky}'));
      const branchVariables = {
        trueBranchVariables: { sky: 'blue' },
        falseBranchVariables: { sky: 'grey' },
      };
      const flow = new FlowDefinition()
        .vars({ sky: 'outside' })
        .conditional('when_true', 'true', sunny, rainy, branchVariables)
        .conditional('when_false', 'false', sunny, rainy, branchVariables)
        .conditional('true_given_only', 'false', sunny, rainy, { trueBranchVariables: { sky: 'blue' } })
        .node('after', echo('$var{sky}'));
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      expect(await outcomeValue(ctx.runDir, 'demo', 'when_true', 'is_true', 'yes')).toBe('blue');
      expect(existsSync(join(ctx.runDir, 'demo', 'when_true', 'is_false'))).toBe(false);
      expect(await outcomeValue(ctx.runDir, 'demo', 'when_false', 'is_false', 'no')).toBe('grey');
      expect(existsSync(join(ctx.runDir, 'demo', 'when_false', 'is_true'))).toBe(false);
      expect(await outcomeValue(ctx.runDir, 'demo', 'true_given_only', 'is_false', 'no')).toBe('unknown');
      expect(await outcomeValue(ctx.runDir, 'demo', 'after')).toBe('outside');
    });
  });
});

describe('PLACEHOLDER variables', () => {
  it('fails the run at load, naming every unfilled variable and its component, with no node started', async () => {
    await withTempDir(async (dir) => {
      const writer = new FlowDefinition().vars({ topic: PLACEHOLDER }).node('write', echo('$var{topic}'));
      const body = new FlowDefinition()
        .vars({ item: PLACEHOLDER, style: PLACEHOLDER })
        .node('each_one', echo('$var{item}'));
      const main = new FlowDefinition()
        .node('first', echo('would run first'))
        .subflow('writer', writer)
        .forEach('sections', '$expr{sections}', body);
      const agent = new AgentDefinition().flow('main', main);
      const ctx = context(dir);
      const events: RunEvent[] = [];
      ctx.events.subscribe((event) => events.push(event));
      const runner = new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() });

      await expect(runner.run()).rejects.toThrow(
        'variable "topic" of component "demo.main.writer", ' +
          'variable "style" of component "demo.main.sections.iter_*"',
      );
      expect(await readdir(ctx.runDir)).not.toContain('demo');
      expect(events.some((event) => event.type === 'node_started')).toBe(false);
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.status).toBe('failed');
      expect(metadata.error).toContain('PLACEHOLDER left unfilled: variable "topic" of component');
      expect(metadata.error).not.toContain('"item"');
    });
  });

  it('runs when every caller fills the PLACEHOLDER', async () => {
    await withTempDir(async (dir) => {
      const writer = new FlowDefinition().vars({ topic: PLACEHOLDER }).node('write', echo('$var{topic}'));
      const agent = new AgentDefinition().flow('main', writer, { topic: 'tide pools' });
      const ctx = context(dir);
      const result = await new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      expect(await outcomeValue(ctx.runDir, 'demo', 'main', 'write')).toBe('tide pools');
      expect((await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'))).status).toBe('completed');
    });
  });
});
