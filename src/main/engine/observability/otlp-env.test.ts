import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDad, runIdAndDir } from '../../../../test-support/cli/dad-process';
import { startOtlpReceiver, type OtlpReceiver } from '../../../../test-support/otlp-receiver';
import { copySampleProject, makeTempDir, removeDir } from '../../../../test-support/projects';

type Attribute = { key: string; value: Record<string, unknown> };
type TraceBody = {
  resourceSpans: { scopeSpans: { spans: { name: string; traceId: string; spanId: string }[] }[] }[];
};
type LogBody = {
  resourceLogs: { scopeLogs: { logRecords: { body?: { stringValue?: string } }[] }[] }[];
};
type MetricBody = {
  resourceMetrics: {
    resource: { attributes: Attribute[] };
    scopeMetrics: { metrics: { name: string }[] }[];
  }[];
};

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `0xABC…` as written in trace.jsonl, to the bare lower-case hex OTLP JSON uses. */
const bareHex = (id: unknown) => String(id).replace(/^0x/, '').toLowerCase();

let dir: string;
let project: string;
let receiver: OtlpReceiver;
beforeAll(async () => {
  dir = await makeTempDir('dad-otlp-env');
  project = await copySampleProject(join(dir, 'project'));
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
  await removeDir(dir);
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT from the environment', () => {
  it('sends a run’s spans, metrics and logs to the collector it names, the same ones the files hold', async () => {
    // No endpoint is passed anywhere: the agent process finds it in its environment alone.
    const run = await runDad(['agent', 'run', 'folder_report', '--project-root', project], {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { runDir } = runIdAndDir(run.stdout);

    const fileSpans = await jsonLines(join(runDir, '.trace', 'trace.jsonl'));
    const sentSpans = (receiver.bodiesOf('/v1/traces') as TraceBody[]).flatMap((body) =>
      body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
    );
    const key = (traceId: unknown, spanId: unknown, name: unknown) =>
      `${bareHex(traceId)}/${bareHex(spanId)} ${String(name)}`;
    expect(fileSpans.length).toBeGreaterThan(3);
    expect(sentSpans.map((span) => key(span.traceId, span.spanId, span.name)).sort()).toEqual(
      fileSpans
        .map((span) => {
          const context = span.context as Record<string, unknown>;
          return key(context.trace_id, context.span_id, span.name);
        })
        .sort(),
    );

    const fileLogs = await jsonLines(join(runDir, '.trace', 'logs.jsonl'));
    const sentLogs = (receiver.bodiesOf('/v1/logs') as LogBody[]).flatMap((body) =>
      body.resourceLogs.flatMap((resource) => resource.scopeLogs.flatMap((scope) => scope.logRecords)),
    );
    expect(fileLogs.length).toBeGreaterThan(0);
    expect(sentLogs.map((record) => record.body?.stringValue).sort()).toEqual(
      fileLogs.map((line) => line.body).sort(),
    );

    const sentMetricNames = new Set(
      (receiver.bodiesOf('/v1/metrics') as MetricBody[]).flatMap((body) =>
        body.resourceMetrics.flatMap((resource) =>
          resource.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.name)),
        ),
      ),
    );
    expect(sentMetricNames).toContain('node_execution_duration');
    const fileMetrics = JSON.stringify(await jsonLines(join(runDir, '.trace', 'metrics.jsonl')));
    for (const name of sentMetricNames) expect(fileMetrics).toContain(`"${name}"`);
  });
});
