import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent, SpanRecord } from '../events';
import { RunObservability } from './index';
import { createTestTraceDir, type TestTraceDir } from '../../../../test-support/engine/test-trace-dir';

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const TRACE_ID = /^0x[0-9a-f]{32}$/;
const SPAN_ID = /^0x[0-9a-f]{16}$/;

let dir: TestTraceDir;
beforeEach(async () => {
  dir = await createTestTraceDir();
});
afterEach(async () => {
  await dir.remove();
});

function observe(options: Partial<ConstructorParameters<typeof RunObservability>[0]> = {}): RunObservability {
  return new RunObservability({
    runId: 'run_1',
    traceDir: dir.traceDir,
    writer: dir.writer,
    bus: dir.bus,
    ...options,
  });
}

async function spanLines(): Promise<SpanRecord[]> {
  return (await dir.readLines('trace.jsonl')) as unknown as SpanRecord[];
}

describe('trace.jsonl', () => {
  it('writes nested spans children first, linked by parent_id, in the shape DAD writes', async () => {
    const observability = observe();
    const before = Date.now();
    const run = observability.startSpan('FlowRunner.run_flow', { 'dad.generic.component_id': 'main_flow' });
    const flow = observability.startSpan('flow.execute', { 'dad.generic.component_id': 'main_flow' }, run);
    const node = observability.startSpan('command.execute', { 'dad.generic.node_id': 'list_files' }, flow);
    node.setAttributes({
      'dad.generic.execution_status': 'completed',
      'dad.generic.execution_duration_ms': 3.5,
    });
    node.end('OK');
    flow.end('OK');
    run.end('OK');
    const after = Date.now();
    await observability.shutdown();

    const lines = await spanLines();
    expect(lines.map((line) => line.name)).toEqual([
      'command.execute',
      'flow.execute',
      'FlowRunner.run_flow',
    ]);
    const [nodeLine, flowLine, runLine] = lines;
    expect(runLine.parent_id).toBeNull();
    expect(flowLine.parent_id).toBe(runLine.context.span_id);
    expect(nodeLine.parent_id).toBe(flowLine.context.span_id);
    expect(new Set(lines.map((line) => line.context.trace_id)).size).toBe(1);
    expect(nodeLine.context.trace_id).toBe(`0x${node.traceId}`);
    expect(nodeLine.context.span_id).toBe(`0x${node.spanId}`);

    for (const line of lines) {
      expect(Object.keys(line)).toEqual([
        'name',
        'context',
        'kind',
        'parent_id',
        'start_time',
        'end_time',
        'status',
        'attributes',
        'events',
        'links',
        'resource',
      ]);
      expect(line.context.trace_id).toMatch(TRACE_ID);
      expect(line.context.span_id).toMatch(SPAN_ID);
      expect(line.context.trace_state).toBe('[]');
      expect(line.kind).toBe('SpanKind.INTERNAL');
      expect(line.start_time).toMatch(ISO_MICROS);
      expect(line.end_time).toMatch(ISO_MICROS);
      expect(line.end_time >= line.start_time).toBe(true);
      expect(Date.parse(line.start_time)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(line.end_time)).toBeLessThanOrEqual(after + 1);
      expect(line.status).toEqual({ status_code: 'OK' });
      expect(line.events).toEqual([]);
      expect(line.links).toEqual([]);
      expect(line.resource).toEqual({
        attributes: {
          'service.name': 'dad-agent',
          'telemetry.sdk.language': 'nodejs',
          'telemetry.sdk.name': 'opentelemetry',
          'telemetry.sdk.version': expect.stringMatching(/^\d+\.\d+\.\d+/),
        },
        schema_url: '',
      });
    }
    expect(lines[0].start_time >= lines[1].start_time && lines[1].start_time >= lines[2].start_time).toBe(
      true,
    );
    expect(nodeLine.attributes).toEqual({
      'dad.generic.node_id': 'list_files',
      'dad.generic.execution_status': 'completed',
      'dad.generic.execution_duration_ms': 3.5,
    });
  });

  it('records sub-millisecond times, not whole milliseconds', async () => {
    const observability = observe();
    for (let i = 0; i < 20; i++) observability.startSpan('command.execute', {}).end('OK');
    await observability.shutdown();
    const lines = await spanLines();
    // With millisecond timestamps the last three digits would all be 000.
    expect(lines.some((line) => !line.start_time.endsWith('000Z'))).toBe(true);
    expect(lines.some((line) => !line.end_time.endsWith('000Z'))).toBe(true);
  });

  it('records an error as an exception event and an ERROR status with its description', async () => {
    const observability = observe();
    const span = observability.startSpan('command.execute', { 'dad.generic.node_id': 'build' });
    class CommandFailedError extends Error {
      override name = 'CommandFailedError';
    }
    span.recordException(new CommandFailedError('exit code 2'));
    span.setAttributes({ 'dad.generic.error_type': 'CommandFailedError' });
    span.end('ERROR', 'exit code 2');
    await observability.shutdown();

    const [line] = await spanLines();
    expect(line.status).toEqual({ status_code: 'ERROR', description: 'exit code 2' });
    expect(line.events).toHaveLength(1);
    const [event] = line.events;
    expect(event.name).toBe('exception');
    expect(event.timestamp).toMatch(ISO_MICROS);
    expect(event.timestamp >= line.start_time && event.timestamp <= line.end_time).toBe(true);
    expect(event.attributes['exception.type']).toBe('CommandFailedError');
    expect(event.attributes['exception.message']).toBe('exit code 2');
    expect(event.attributes['exception.stacktrace']).toMatch(/^CommandFailedError: exit code 2\n\s+at /);
  });

  it('converts attribute values: structures to JSON strings, long strings cut with a marker', async () => {
    const observability = observe();
    const prompt = 'p'.repeat(5000);
    const span = observability.startSpan('ai_model_call.execute', {
      'dad.result.token_usage': { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      'dad.node_internal.final_prompt': prompt,
      'dad.generic.missing': undefined,
      'dad.node_internal.cost': 0.0012,
    });
    span.setAttributes({ 'dad.result.finish_reason': 'stop', 'dad.result.tags': ['a', 'b'] });
    span.end('OK');
    await observability.shutdown();

    const [line] = await spanLines();
    expect(line.attributes['dad.result.token_usage']).toBe(
      '{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}',
    );
    expect(line.attributes['dad.node_internal.final_prompt']).toBe(
      `${'p'.repeat(4096)}…[truncated 904 chars]`,
    );
    expect(line.attributes).not.toHaveProperty('dad.generic.missing');
    expect(line.attributes['dad.node_internal.cost']).toBe(0.0012);
    expect(line.attributes['dad.result.finish_reason']).toBe('stop');
    expect(line.attributes['dad.result.tags']).toEqual(['a', 'b']);
  });

  it('marks a re-run in the resource', async () => {
    const observability = observe({
      serviceName: 'my-agent',
      rerun: { previousRunId: 'run_20261125_101010_abcdef', startHierarchyPath: 'agent.flow.summarize' },
    });
    observability.startSpan('AgentRunner.run_agent', {}).end('OK');
    await observability.shutdown();

    const [line] = await spanLines();
    expect(line.resource.attributes['service.name']).toBe('my-agent-rerun');
    expect(line.resource.attributes.previous_run_id).toBe('run_20261125_101010_abcdef');
    expect(line.resource.attributes.start_hierarchy_path).toBe('agent.flow.summarize');
  });

  it('publishes span_started before span_ended with the same ids', async () => {
    const observability = observe();
    const parent = observability.startSpan('flow.execute', { 'dad.generic.component_id': 'f' });
    const child = observability.startSpan('command.execute', { 'dad.generic.node_id': 'n' }, parent);
    const startedWhileRunning = dir.events.filter((event) => event.type === 'span_started');
    expect(startedWhileRunning).toHaveLength(2);
    expect(dir.events.some((event) => event.type === 'span_ended')).toBe(false);
    child.end('OK');
    parent.end('OK');
    await observability.shutdown();

    const spanEvents = dir.events.filter(
      (event): event is Extract<RunEvent, { type: 'span_started' | 'span_ended' }> =>
        event.type === 'span_started' || event.type === 'span_ended',
    );
    expect(spanEvents.map((event) => event.type)).toEqual([
      'span_started',
      'span_started',
      'span_ended',
      'span_ended',
    ]);
    const [parentStarted, childStarted, childEnded, parentEnded] = spanEvents;
    if (parentStarted.type !== 'span_started' || childStarted.type !== 'span_started')
      throw new Error('order');
    if (childEnded.type !== 'span_ended' || parentEnded.type !== 'span_ended') throw new Error('order');
    expect(childStarted).toMatchObject({
      runId: 'run_1',
      name: 'command.execute',
      traceId: childEnded.span.context.trace_id,
      spanId: childEnded.span.context.span_id,
      parentId: parentEnded.span.context.span_id,
      startTime: childEnded.span.start_time,
      attributes: { 'dad.generic.node_id': 'n' },
    });
    expect(parentStarted.parentId).toBeNull();
    expect(parentStarted.spanId).toBe(`0x${parent.spanId}`);
    expect(await spanLines()).toEqual([childEnded.span, parentEnded.span]);
  });

  it('keeps several runs in one process apart', async () => {
    const first = observe({ runId: 'run_a' });
    const other = await createTestTraceDir();
    try {
      const second = new RunObservability({
        runId: 'run_b',
        traceDir: other.traceDir,
        writer: other.writer,
        bus: other.bus,
        rerun: { previousRunId: 'run_a', startHierarchyPath: null },
      });
      first.startSpan('flow.execute', {}).end('OK');
      second.startSpan('agent.execute', {}).end('OK');
      await Promise.all([first.shutdown(), second.shutdown()]);
      const [firstLine] = await spanLines();
      const secondLines = (await other.readLines('trace.jsonl')) as unknown as SpanRecord[];
      expect(firstLine.name).toBe('flow.execute');
      expect(firstLine.resource.attributes['service.name']).toBe('dad-agent');
      expect(secondLines.map((line) => line.name)).toEqual(['agent.execute']);
      expect(secondLines[0].resource.attributes).toMatchObject({
        'service.name': 'dad-agent-rerun',
        previous_run_id: 'run_a',
      });
      expect(secondLines[0].resource.attributes).not.toHaveProperty('start_hierarchy_path');
      expect(other.events.every((event) => 'runId' in event && event.runId === 'run_b')).toBe(true);
    } finally {
      await other.remove();
    }
  });
});
