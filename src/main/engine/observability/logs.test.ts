import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecordLine } from '../events';
import { RunObservability } from './index';
import { createTestTraceDir, type TestTraceDir } from '../../../../test-support/engine/test-trace-dir';

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

let dir: TestTraceDir;
beforeEach(async () => {
  dir = await createTestTraceDir();
});
afterEach(async () => {
  await dir.remove();
});

async function logLines(): Promise<LogRecordLine[]> {
  return (await dir.readLines('logs.jsonl')) as unknown as LogRecordLine[];
}

describe('logs.jsonl', () => {
  it('writes log records with the trace and span ids of their span', async () => {
    const observability = new RunObservability({
      runId: 'run_1',
      traceDir: dir.traceDir,
      writer: dir.writer,
      bus: dir.bus,
    });
    const span = observability.startSpan('command.execute', { 'dad.generic.node_id': 'build' });
    observability.log('info', 'Executing node build', {
      attributes: { node_id: 'build', component_id: 'main_flow' },
      span,
    });
    span.end('OK');
    await observability.shutdown();

    const [line] = await logLines();
    expect(Object.keys(line)).toEqual([
      'body',
      'severity_number',
      'severity_text',
      'attributes',
      'dropped_attributes',
      'timestamp',
      'observed_timestamp',
      'trace_id',
      'span_id',
      'trace_flags',
      'resource',
    ]);
    expect(line).toMatchObject({
      body: 'Executing node build',
      severity_number: 9,
      severity_text: 'INFO',
      attributes: {
        node_id: 'build',
        component_id: 'main_flow',
        trace_id: span.traceId,
        span_id: span.spanId,
      },
      dropped_attributes: 0,
      trace_id: `0x${span.traceId}`,
      span_id: `0x${span.spanId}`,
      trace_flags: 1,
      resource: { attributes: { 'service.name': 'dad-agent' }, schema_url: '' },
    });
    expect(line.attributes.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(line.timestamp).toMatch(ISO_MICROS);
    expect(line.observed_timestamp).toMatch(ISO_MICROS);
    const [spanLine] = await dir.readLines('trace.jsonl');
    expect(line.span_id).toBe((spanLine.context as { span_id: string }).span_id);
  });

  it('writes each level with its OpenTelemetry severity and zero ids without a span', async () => {
    const observability = new RunObservability({
      runId: 'run_1',
      traceDir: dir.traceDir,
      writer: dir.writer,
      bus: dir.bus,
    });
    observability.log('debug', 'd');
    observability.log('info', 'i');
    observability.log('warn', 'w');
    observability.log('error', 'e');
    await observability.shutdown();

    const lines = await logLines();
    expect(lines.map((line) => [line.body, line.severity_number, line.severity_text])).toEqual([
      ['d', 5, 'DEBUG'],
      ['i', 9, 'INFO'],
      ['w', 13, 'WARN'],
      ['e', 17, 'ERROR'],
    ]);
    for (const line of lines) {
      expect(line.trace_id).toBe(`0x${'0'.repeat(32)}`);
      expect(line.span_id).toBe(`0x${'0'.repeat(16)}`);
      expect(line.trace_flags).toBe(0);
      expect(line.attributes).toEqual({});
    }
  });

  it('adds exception attributes for an error and publishes each record', async () => {
    const observability = new RunObservability({
      runId: 'run_1',
      traceDir: dir.traceDir,
      writer: dir.writer,
      bus: dir.bus,
    });
    observability.log('error', 'Node build failed', {
      attributes: { node_id: 'build', details: { code: 2 } },
      error: new RangeError('timeout after 60 s'),
    });
    await observability.shutdown();

    const [line] = await logLines();
    expect(line.attributes).toMatchObject({
      node_id: 'build',
      details: '{"code":2}',
      'exception.type': 'RangeError',
      'exception.message': 'timeout after 60 s',
    });
    expect(line.attributes['exception.stacktrace']).toMatch(/^RangeError: timeout after 60 s\n\s+at /);
    const published = dir.events.filter((event) => event.type === 'log');
    expect(published).toEqual([{ type: 'log', runId: 'run_1', record: line }]);
  });
});
