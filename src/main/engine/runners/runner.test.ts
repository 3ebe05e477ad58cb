import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentDefinition, FlowDefinition } from '../definitions/component';
import { NodeDefinition } from '../definitions/node';
import type { RunEvent } from '../events';
import { RunContext } from '../run-context';
import {
  readJson,
  readJsonLines,
  testNodeTypes,
  withTempDir,
} from '../../../../test-support/engine/test-node-types';
import { AgentRunner } from './agent-runner';
import { FlowRunner } from './flow-runner';

const echo = (value: unknown, extra: Record<string, unknown> = {}) =>
  new NodeDefinition('echo', { value, ...extra });

function context(projectRoot: string, extra: Partial<ConstructorParameters<typeof RunContext>[0]> = {}) {
  return new RunContext({ rootComponentId: 'demo', projectRoot, enableOutcomeRepo: false, ...extra });
}

function recordEvents(ctx: RunContext): RunEvent[] {
  const events: RunEvent[] = [];
  ctx.events.subscribe((event) => events.push(event));
  return events;
}

describe('AgentRunner and FlowRunner', () => {
  it('runs an agent and writes the run directory of the spec', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition()
        .node('first', echo('hello', { tokens: 10, cost: 0.5 }))
        .node('second', echo('$expr{$hier{first}.outcome.value} world', { tokens: 5, cost: 0.25 }));
      const agent = new AgentDefinition().flow('main', flow);
      const ctx = context(dir);
      const runner = new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() });
      const { runId, runDir } = await runner.setupRun({ runIdPrefix: 'demo' });
      expect(runId).toMatch(/^demo_run_\d{8}_\d{6}_[0-9a-f]{6}$/);
      expect(runDir).toBe(join(dir, 'runs', runId));

      const result = await runner.run();
      expect(result.execution_status).toBe('completed');

      const second = await readJson(join(runDir, 'demo', 'main', 'second', 'result.json'));
      expect(second).toMatchObject({
        executable_type: 'flow_node',
        node_identifier: 'second',
        execution_status: 'completed',
        outcome: { value: 'hello world' },
        usage_prompt_tokens: 5,
        usage_total_tokens: 6,
        usage_cost: 0.25,
      });
      expect(second).not.toHaveProperty('error');
      expect(await readJson(join(runDir, 'demo', 'main', 'second', 'outcome.json'))).toEqual({
        value: 'hello world',
      });

      const flowResult = await readJson(join(runDir, 'demo', 'main', 'component_result.json'));
      expect(flowResult).toMatchObject({
        executable_type: 'flow',
        component_id: 'main',
        is_rerun: false,
        execution_status: 'completed',
        agg_usage_prompt_tokens: 15,
        agg_usage_total_tokens: 17,
        agg_usage_cost: 0.75,
      });
      expect(Object.keys(flowResult.execution_results as object)).toEqual(['first', 'second']);
      expect(await readJson(join(runDir, 'demo', 'component_result.json'))).toMatchObject({
        executable_type: 'agent',
        agg_usage_total_tokens: 17,
      });

      const summary = await readJson(join(runDir, 'run_summary.json'));
      expect(summary).toMatchObject({
        run_id: runId,
        root_component_id: 'demo',
        agg_usage_total_tokens: 17,
        agg_usage_cost: 0.75,
      });
      expect(summary.execution_id).toMatch(/^dadex-[0-9a-f]{16}$/);

      const metadata = await readJson(join(runDir, '.trace', 'dad_metadata.json'));
      expect(metadata).toMatchObject({ run_id: runId, status: 'completed', error: null });
      expect(typeof metadata.duration_seconds).toBe('number');
      expect(existsSync(join(runDir, 'static_inputs'))).toBe(true);
      expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);

      const spans = await readJsonLines(join(runDir, '.trace', 'trace.jsonl'));
      expect(spans.map((s) => s.name)).toEqual([
        'echo.execute',
        'echo.execute',
        'flow.execute',
        'agent.execute',
        'AgentRunner.run_agent',
      ]);
      const [firstSpan, , flowSpan] = spans;
      expect(firstSpan?.parent_id).toBe((flowSpan?.context as { span_id: string }).span_id);
      expect(firstSpan?.attributes).toMatchObject({
        'dad.generic.node_id': 'first',
        'dad.generic.node_type': 'echo',
        'dad.generic.node_hierarchy': 'demo.main.first',
        'dad.generic.execution_status': 'completed',
      });
      const logs = await readJsonLines(join(runDir, '.trace', 'logs.jsonl'));
      expect(logs.map((l) => l.body)).toContain('echo "hello"');
      const metrics = await readJsonLines(join(runDir, '.trace', 'metrics.jsonl'));
      expect(JSON.stringify(metrics.at(-1))).toContain('node_execution_success');
    });
  });

  it('runs loops and conditionals into iter_<k> and is_true/is_false folders, with loop variables', async () => {
    await withTempDir(async (dir) => {
      const body = new FlowDefinition().node('shout', echo('$var{index}:$var{item}'));
      const yes = new FlowDefinition().node('big', echo('big'));
      const no = new FlowDefinition().node('small', echo('small'));
      const flow = new FlowDefinition()
        .vars({ items: ['a', 'b', 'c'] })
        .forEach('each', '$expr{items}', body, { startIndex: 1 })
        .conditional('check', '$expr{$hier{each}.iterations > 1}', yes, no)
        .conditional('other', 'items[0] == "z"', yes, no);
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      const loopDir = join(ctx.runDir, 'demo', 'each');
      expect((await readdir(loopDir)).sort()).toEqual(['iter_1', 'iter_2']);
      expect(await readJson(join(loopDir, 'iter_2', 'shout', 'outcome.json'))).toEqual({ value: '2:c' });
      expect(existsSync(join(ctx.runDir, 'demo', 'check', 'is_true', 'big', 'result.json'))).toBe(true);
      expect(existsSync(join(ctx.runDir, 'demo', 'other', 'is_false', 'small', 'result.json'))).toBe(true);
      const spans = await readJsonLines(join(ctx.runDir, '.trace', 'trace.jsonl'));
      expect(spans.at(-1)?.name).toBe('FlowRunner.run_flow');
    });
  });

  it('gives run and element variables to templates and finds $hier by bare id in parent components', async () => {
    await withTempDir(async (dir) => {
      const inner = new FlowDefinition().node(
        'uses_parent',
        echo('$expr{$hier{top}.outcome.value}|$var{element_hier_path}|$var{greeting}'),
      );
      const flow = new FlowDefinition()
        .node('top', echo('$var{run_id}'))
        .subflow('inner', inner, { greeting: 'hi' });
      const ctx = context(dir);
      await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      const outcome = await readJson(join(ctx.runDir, 'demo', 'inner', 'uses_parent', 'outcome.json'));
      expect(outcome.value).toBe(`${ctx.runId}|demo.inner.uses_parent|hi`);
    });
  });

  it('propagates a failure to every ancestor and ends the run failed, keeping the error at each level', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition()
        .node('ok', echo(1))
        .node('boom', new NodeDefinition('fail', { message: 'disk on fire' }))
        .node('never', echo(2));
      const agent = new AgentDefinition().flow('main', flow);
      const ctx = context(dir);
      const result = await new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('failed');
      expect(result.error).toContain('disk on fire');
      const boom = await readJson(join(ctx.runDir, 'demo', 'main', 'boom', 'result.json'));
      expect(boom).toMatchObject({ execution_status: 'failed', error: 'disk on fire' });
      expect(existsSync(join(ctx.runDir, 'demo', 'main', 'never'))).toBe(false);
      const flowResult = await readJson(join(ctx.runDir, 'demo', 'main', 'component_result.json'));
      expect(flowResult).toMatchObject({
        execution_status: 'failed',
        error: 'element "boom" failed: disk on fire',
      });
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.status).toBe('failed');
      expect(metadata.error).toBe('element "main" failed: element "boom" failed: disk on fire');
      const spans = await readJsonLines(join(ctx.runDir, '.trace', 'trace.jsonl'));
      const failSpan = spans.find((s) => s.name === 'fail.execute');
      expect(failSpan?.status).toMatchObject({ status_code: 'ERROR' });
      expect(JSON.stringify(failSpan?.events)).toContain('exception.message');
    });
  });

  it('lets a node opt out of failing its component with on_error "continue"', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition()
        .node('boom', new NodeDefinition('fail', { message: 'tolerated' }, { onError: 'continue' }))
        .node('after', echo('still here'));
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('completed');
      expect(result.errors).toEqual(['element "boom" failed: tolerated']);
      expect((await readJson(join(ctx.runDir, 'demo', 'after', 'outcome.json'))).value).toBe('still here');
    });
  });

  it('fails a node whose template names a missing variable, naming the template and the name', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node('greet', echo('Hello $var{missing_name}'));
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect(result.execution_status).toBe('failed');
      const greet = await readJson(join(ctx.runDir, 'demo', 'greet', 'result.json'));
      expect(greet.error).toContain('$var{missing_name}');
      expect(greet.error).toContain('missing_name');
    });
  });

  it('runs callbacks with rendered args and records their result', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition()
        .node('n', echo(21))
        .callback('double', (args) => (args.x as number) * 2, { x: '$expr{$hier{n}.outcome.value}' });
      const ctx = context(dir);
      await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      const result = await readJson(join(ctx.runDir, 'demo', 'double', 'result.json'));
      expect(result).toMatchObject({
        executable_type: 'callback',
        execution_status: 'completed',
        output: { data: { callable_result: 42 } },
        outcome: { callable_result: 42 },
      });
    });
  });

  it('ends a run cancelled when a node never settles, with its files consistent', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node('before', echo(1)).node('stuck', new NodeDefinition('hang', {}));
      const ctx = context(dir);
      const events = recordEvents(ctx);
      const runner = new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() });
      ctx.events.subscribe((event) => {
        if (event.type === 'node_started' && event.nodeId === 'stuck')
          setTimeout(() => runner.cancel('stopped by the user'), 20);
      });
      const result = await runner.run();
      expect(result.execution_status).toBe('cancelled');
      expect(await readJson(join(ctx.runDir, 'demo', 'stuck', 'result.json'))).toMatchObject({
        execution_status: 'cancelled',
        error: 'stopped by the user',
      });
      expect((await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'))).status).toBe('cancelled');
      expect(events.at(-1)).toMatchObject({ type: 'run_ended', status: 'cancelled' });
      const spans = await readJsonLines(join(ctx.runDir, '.trace', 'trace.jsonl'));
      expect(spans.map((s) => s.name)).toContain('hang.execute');
    });
  });

  it('ends a run as timeout when it runs past its time limit', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node('stuck', new NodeDefinition('hang', {}));
      const ctx = context(dir);
      const result = await new FlowRunner(flow, ctx, {
        nodeTypes: testNodeTypes(),
        timeoutSeconds: 0.1,
      }).run();
      expect(result.execution_status).toBe('timeout');
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata).toMatchObject({
        status: 'timeout',
        error: expect.stringContaining('timed out after 0.1 s'),
      });
    });
  });

  it('publishes span and node events in order, with span_started before the node ends', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node('a', echo(1));
      const ctx = context(dir);
      const events = recordEvents(ctx);
      await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      const types = events.map((e) => e.type);
      expect(types[0]).toBe('run_started');
      expect(types.at(-1)).toBe('run_ended');
      const started = events.findIndex((e) => e.type === 'span_started' && e.name === 'echo.execute');
      const completed = events.findIndex((e) => e.type === 'node_completed');
      const ended = events.findIndex((e) => e.type === 'span_ended' && e.span.name === 'echo.execute');
      expect(started).toBeGreaterThan(0);
      expect(started).toBeLessThan(completed);
      expect(started).toBeLessThan(ended);
      const startedEvent = events[started] as Extract<RunEvent, { type: 'span_started' }>;
      const endedEvent = events[ended] as Extract<RunEvent, { type: 'span_ended' }>;
      expect(endedEvent.span.context.span_id).toBe(startedEvent.spanId);
    });
  });
});

describe('static inputs', () => {
  it('reads static_inputs.json from the input source, validates it and gives each node its input', async () => {
    await withTempDir(async (dir) => {
      const source = join(dir, 'inputs');
      await mkdir(source);
      await writeFile(join(source, 'static_inputs.json'), JSON.stringify({ greet: { value: 'from file' } }));
      await writeFile(join(source, 'notes.txt'), 'copied along');
      const flow = new FlowDefinition().node('greet', echo('default'));
      const ctx = context(dir, { inputSource: source });
      await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect((await readJson(join(ctx.runDir, 'demo', 'greet', 'outcome.json'))).value).toBe('from file');
      expect((await readJson(join(ctx.runDir, 'demo', 'greet', 'result.json'))).input).toEqual({
        value: 'from file',
      });
      expect(existsSync(join(ctx.runDir, 'static_inputs', 'notes.txt'))).toBe(true);
    });
  });

  it('refuses a static input of the wrong shape before the run starts, naming the node and the field', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node('run_it', new NodeDefinition('command', { commands: ['true'] }));
      const ctx = context(dir);
      ctx.registerNodeStaticInput('run_it', { env_vars: { A: 42 } });
      const runner = new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() });
      await expect(runner.setupRun()).rejects.toThrow(/static input for "run_it", field "env_vars.A"/);
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    });
  });

  it('refuses a static input naming no node, and scopes inputs by component id', async () => {
    await withTempDir(async (dir) => {
      const inner = new FlowDefinition().node('step', echo('inner default'));
      const flow = new FlowDefinition().node('step', echo('outer default')).subflow('inner', inner);
      const bad = context(dir);
      bad.registerNodeStaticInput('stpe', { value: 1 });
      await expect(new FlowRunner(flow, bad, { nodeTypes: testNodeTypes() }).setupRun()).rejects.toThrow(
        /no node or component with id "stpe"/,
      );

      const ctx = context(dir);
      ctx.registerNodeStaticInput('inner', { step: { value: 'scoped' } });
      await new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() }).run();
      expect((await readJson(join(ctx.runDir, 'demo', 'inner', 'step', 'outcome.json'))).value).toBe(
        'scoped',
      );
      expect((await readJson(join(ctx.runDir, 'demo', 'step', 'outcome.json'))).value).toBe('outer default');
      expect(await readJson(join(ctx.runDir, 'static_inputs', 'static_inputs.json'))).toEqual({
        inner: { step: { value: 'scoped' } },
      });
    });
  });

  it('reports a broken static_inputs.json with the file name, and records the failed run', async () => {
    await withTempDir(async (dir) => {
      const source = join(dir, 'inputs');
      await mkdir(source);
      await writeFile(join(source, 'static_inputs.json'), '{"greet": ');
      const ctx = context(dir, { inputSource: source });
      const runner = new FlowRunner(new FlowDefinition().node('greet', echo(1)), ctx, {
        nodeTypes: testNodeTypes(),
      });
      await expect(runner.setupRun()).rejects.toThrow(/static_inputs\.json is not valid JSON/);
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata).toMatchObject({ status: 'failed', error: expect.stringContaining('not valid JSON') });
    });
  });
});

describe('node_input_required', () => {
  it('asks the input handler when a node needs input and has no static input', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node(
        'ask',
        new NodeDefinition('echo', { value: 'unset' }, { inputRequired: true }),
      );
      const ctx = context(dir);
      const events = recordEvents(ctx);
      await new FlowRunner(flow, ctx, {
        nodeTypes: testNodeTypes(),
        inputHandler: async (request) => ({ value: `answer for ${request.hierarchyPath}` }),
      }).run();
      expect((await readJson(join(ctx.runDir, 'demo', 'ask', 'outcome.json'))).value).toBe(
        'answer for demo.ask',
      );
      const request = events.find((e) => e.type === 'node_input_required');
      expect(request).toMatchObject({ nodeId: 'ask', hierarchyPath: 'demo.ask' });
      expect(JSON.stringify((request as { inputSchema: unknown }).inputSchema)).toContain('value');
    });
  });

  it('waits for the host to answer, refusing an invalid answer while the node keeps waiting', async () => {
    await withTempDir(async (dir) => {
      const flow = new FlowDefinition().node(
        'ask',
        new NodeDefinition('echo', { value: 'unset' }, { inputRequired: true }),
      );
      const ctx = context(dir);
      const runner = new FlowRunner(flow, ctx, { nodeTypes: testNodeTypes() });
      ctx.events.subscribe((event) => {
        if (event.type !== 'node_input_required') return;
        setTimeout(() => {
          expect(() => runner.provideNodeInput('demo.ask', { wrong: true })).toThrow(
            /static input for "demo.ask"/,
          );
          expect(runner.nodesWaitingForInput).toEqual(['demo.ask']);
          runner.provideNodeInput('demo.ask', { value: 'typed by the user' });
        }, 10);
      });
      await runner.run();
      expect((await readJson(join(ctx.runDir, 'demo', 'ask', 'outcome.json'))).value).toBe(
        'typed by the user',
      );
    });
  });
});
