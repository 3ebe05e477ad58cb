import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunObservability } from './index';
import { createTestTraceDir, type TestTraceDir } from '../../../../test-support/engine/test-trace-dir';

interface DataPoint {
  attributes: Record<string, string>;
  start_time_unix_nano: number;
  time_unix_nano: number;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucket_counts?: number[];
  explicit_bounds?: number[];
  value?: number;
}
interface Metric {
  name: string;
  description: string;
  unit: string;
  data: { data_points: DataPoint[]; aggregation_temporality: number; is_monotonic?: boolean };
}
interface ExportLine {
  resource_metrics: {
    resource: { attributes: Record<string, unknown>; schema_url: string };
    scope_metrics: { scope: { name: string; version: unknown; schema_url: string }; metrics: Metric[] }[];
    schema_url: string;
  }[];
}

let dir: TestTraceDir;
beforeEach(async () => {
  dir = await createTestTraceDir();
});
afterEach(async () => {
  await dir.remove();
});

function observe(metricExportIntervalMs?: number): RunObservability {
  return new RunObservability({
    runId: 'run_1',
    traceDir: dir.traceDir,
    writer: dir.writer,
    bus: dir.bus,
    metricExportIntervalMs,
  });
}

async function exportLines(): Promise<ExportLine[]> {
  return (await dir.readLines('metrics.jsonl')) as unknown as ExportLine[];
}

function metric(line: ExportLine, scope: string, name: string): Metric {
  const scopeMetrics = line.resource_metrics[0].scope_metrics.find((entry) => entry.scope.name === scope);
  const found = scopeMetrics?.metrics.find((entry) => entry.name === name);
  if (!found) throw new Error(`no metric ${name} in scope ${scope}`);
  return found;
}

function pointFor(found: Metric, attribute: string, id: string): DataPoint {
  const point = found.data.data_points.find((entry) => entry.attributes[attribute] === id);
  if (!point) throw new Error(`no data point for ${attribute}=${id} in ${found.name}`);
  return point;
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('metrics.jsonl', () => {
  it('ends with the cumulative totals per scope, instrument and element', async () => {
    const observability = observe();
    observability.recordExecution('node', {
      id: 'list_files',
      type: 'command',
      durationMs: 10,
      success: true,
    });
    observability.recordExecution('node', {
      id: 'list_files',
      type: 'command',
      durationMs: 20,
      success: true,
    });
    observability.recordExecution('node', {
      id: 'summarize',
      type: 'ai_model_call',
      durationMs: 5,
      success: false,
    });
    observability.recordExecution('callback', { id: 'notify', durationMs: 250, success: true });
    observability.recordExecution('flow', {
      id: 'main_flow',
      type: 'flow',
      durationMs: 1500,
      success: false,
    });
    observability.recordExecution('agent', {
      id: 'my_agent',
      type: 'agent',
      durationMs: 2000,
      success: false,
    });
    await observability.shutdown();

    const lines = await exportLines();
    expect(lines).toHaveLength(1);
    const last = lines[lines.length - 1];
    const [resourceMetrics] = last.resource_metrics;
    expect(resourceMetrics.resource.attributes['service.name']).toBe('dad-agent');
    expect(resourceMetrics.resource.schema_url).toBe('');
    expect(resourceMetrics.scope_metrics.map((entry) => entry.scope)).toEqual([
      { name: 'dhenara.dad.node', version: null, schema_url: '' },
      { name: 'dhenara.dad.callback', version: null, schema_url: '' },
      { name: 'dhenara.dad.flow', version: null, schema_url: '' },
      { name: 'dhenara.dad.agent', version: null, schema_url: '' },
    ]);

    const nodeDuration = metric(last, 'dhenara.dad.node', 'node_execution_duration');
    expect(nodeDuration.unit).toBe('ms');
    expect(nodeDuration.data.aggregation_temporality).toBe(2);
    expect(pointFor(nodeDuration, 'node_id', 'list_files')).toMatchObject({
      attributes: { node_id: 'list_files', node_type: 'command' },
      count: 2,
      sum: 30,
      min: 10,
      max: 20,
    });
    const listFilesPoint = pointFor(nodeDuration, 'node_id', 'list_files');
    expect(listFilesPoint.explicit_bounds?.length).toBe((listFilesPoint.bucket_counts?.length ?? 0) - 1);
    expect(listFilesPoint.bucket_counts?.reduce((total, count) => total + count, 0)).toBe(2);
    expect(String(listFilesPoint.time_unix_nano)).toMatch(/^\d{19}$/);
    expect(listFilesPoint.time_unix_nano).toBeGreaterThanOrEqual(listFilesPoint.start_time_unix_nano);
    expect(pointFor(nodeDuration, 'node_id', 'summarize')).toMatchObject({ count: 1, sum: 5 });

    const nodeSuccess = metric(last, 'dhenara.dad.node', 'node_execution_success');
    expect(nodeSuccess.data).toMatchObject({ aggregation_temporality: 2, is_monotonic: true });
    expect(nodeSuccess.data.data_points.map((point) => [point.attributes.node_id, point.value])).toEqual([
      ['list_files', 2],
    ]);
    const nodeFailure = metric(last, 'dhenara.dad.node', 'node_execution_failure');
    expect(nodeFailure.data.data_points.map((point) => [point.attributes.node_id, point.value])).toEqual([
      ['summarize', 1],
    ]);

    const callbackDuration = metric(last, 'dhenara.dad.callback', 'callback_execution_duration');
    expect(callbackDuration.unit).toBe('s');
    expect(pointFor(callbackDuration, 'callback_id', 'notify')).toMatchObject({
      attributes: { callback_id: 'notify' },
      count: 1,
      sum: 0.25,
    });
    const flowDuration = metric(last, 'dhenara.dad.flow', 'flow_execution_duration');
    expect(pointFor(flowDuration, 'flow_id', 'main_flow')).toMatchObject({
      attributes: { flow_id: 'main_flow', flow_type: 'flow' },
      sum: 1.5,
    });
    expect(metric(last, 'dhenara.dad.flow', 'flow_execution_failure').data.data_points[0].value).toBe(1);
    expect(metric(last, 'dhenara.dad.agent', 'agent_execution_failure').data.data_points[0]).toMatchObject({
      attributes: { agent_id: 'my_agent', agent_type: 'agent' },
      value: 1,
    });
  });

  it('exports periodically while the run goes on, each line cumulative, and publishes each line', async () => {
    const observability = observe(50);
    observability.recordExecution('node', { id: 'a', type: 'command', durationMs: 1, success: true });
    await waitFor(async () => (await exportLines()).length >= 2, 'two periodic exports');
    observability.recordExecution('node', { id: 'a', type: 'command', durationMs: 2, success: true });
    await waitFor(async () => {
      const lines = await exportLines();
      return (
        pointFor(
          metric(lines[lines.length - 1], 'dhenara.dad.node', 'node_execution_duration'),
          'node_id',
          'a',
        ).count === 2
      );
    }, 'an export with the second execution');
    await observability.shutdown();

    const lines = await exportLines();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const points = lines.map((line) =>
      pointFor(metric(line, 'dhenara.dad.node', 'node_execution_duration'), 'node_id', 'a'),
    );
    expect(points[0]).toMatchObject({ count: 1, sum: 1 });
    expect(points[points.length - 1]).toMatchObject({ count: 2, sum: 3 });
    for (let i = 1; i < points.length; i++) {
      expect(points[i].count).toBeGreaterThanOrEqual(points[i - 1].count ?? 0);
      expect(points[i].start_time_unix_nano).toBe(points[0].start_time_unix_nano);
      expect(points[i].time_unix_nano).toBeGreaterThan(points[i - 1].time_unix_nano);
    }
    const published = dir.events.flatMap((event) => (event.type === 'metrics' ? [event.export] : []));
    expect(published).toEqual(lines);
  });

  it('writes no line while nothing has been recorded', async () => {
    const observability = observe(50);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await observability.flush();
    await observability.shutdown();
    expect(await exportLines()).toEqual([]);
    expect(dir.events.filter((event) => event.type === 'metrics')).toEqual([]);
  });

  it('exports on flush, and shutdown is idempotent and stops the timer', async () => {
    const observability = observe(60_000);
    observability.recordExecution('agent', { id: 'my_agent', durationMs: 1000, success: true });
    await observability.flush();
    expect(await exportLines()).toHaveLength(1);
    await Promise.all([observability.shutdown(), observability.shutdown()]);
    await observability.shutdown();
    expect(await exportLines()).toHaveLength(2);
    observability.recordExecution('agent', { id: 'my_agent', durationMs: 1000, success: true });
    await observability.flush();
    expect(await exportLines()).toHaveLength(2);
  });
});
