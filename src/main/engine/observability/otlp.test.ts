import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { RunObservability } from './index';
import { createTestTraceDir, type TestTraceDir } from '../../../../test-support/engine/test-trace-dir';

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

/** A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps every request it receives. */
async function startCollector(): Promise<{ server: Server; url: string; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text so a test can show what arrived.
      }
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

function attributeMap(attributes: OtlpAttribute[]): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}

let dir: TestTraceDir;
let collector: Awaited<ReturnType<typeof startCollector>>;
beforeEach(async () => {
  dir = await createTestTraceDir();
  collector = await startCollector();
});
afterEach(async () => {
  await new Promise((resolve) => collector.server.close(resolve));
  await dir.remove();
});

describe('OTLP export', () => {
  it('sends spans, logs and metrics as OTLP JSON to the endpoint, besides the files', async () => {
    const observability = new RunObservability({
      runId: 'run_1',
      traceDir: dir.traceDir,
      writer: dir.writer,
      bus: dir.bus,
      otlpEndpoint: `${collector.url}/`,
      rerun: { previousRunId: 'run_0', startHierarchyPath: 'agent.flow.node' },
    });
    const span = observability.startSpan('command.execute', {
      'dad.generic.node_id': 'build',
      'dad.result.token_usage': { total_tokens: 7 },
    });
    observability.log('warn', 'slow command', { attributes: { node_id: 'build' }, span });
    observability.recordExecution('node', { id: 'build', type: 'command', durationMs: 12, success: true });
    span.end('OK');
    await observability.shutdown();

    const byPath = (path: string): ReceivedRequest[] =>
      collector.requests.filter((request) => request.path === path);
    const traceRequests = byPath('/v1/traces');
    expect(traceRequests.length).toBeGreaterThan(0);
    for (const request of collector.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
    }
    type TraceBody = {
      resourceSpans: {
        resource: { attributes: OtlpAttribute[] };
        scopeSpans: {
          spans: { name: string; traceId: string; spanId: string; attributes: OtlpAttribute[] }[];
        }[];
      }[];
    };
    const resourceSpans = traceRequests.flatMap((request) => (request.body as TraceBody).resourceSpans);
    const spans = resourceSpans.flatMap((entry) => entry.scopeSpans.flatMap((scope) => scope.spans));
    const sent = spans.find((entry) => entry.name === 'command.execute');
    expect(sent).toBeDefined();
    expect(sent?.traceId).toBe(span.traceId);
    expect(sent?.spanId).toBe(span.spanId);
    expect(attributeMap(sent?.attributes ?? [])).toEqual({
      'dad.generic.node_id': 'build',
      'dad.result.token_usage': '{"total_tokens":7}',
    });
    expect(attributeMap(resourceSpans[0].resource.attributes)).toMatchObject({
      'service.name': 'dad-agent-rerun',
      previous_run_id: 'run_0',
    });

    const logBodies = JSON.stringify(byPath('/v1/logs').map((request) => request.body));
    expect(logBodies).toContain('slow command');
    const metricBodies = JSON.stringify(byPath('/v1/metrics').map((request) => request.body));
    expect(metricBodies).toContain('node_execution_duration');
    expect(metricBodies).toContain('dhenara.dad.node');

    // The files get the same telemetry.
    expect((await dir.readLines('trace.jsonl')).map((line) => line.name)).toEqual(['command.execute']);
    expect(await dir.readLines('logs.jsonl')).toHaveLength(1);
    expect(await dir.readLines('metrics.jsonl')).toHaveLength(1);
    expect(observability.exportFailures).toEqual([]);
  });

  it('still writes the files when the collector cannot be reached', async () => {
    // Exporters retry until their timeout; a short one keeps the test quick.
    const previousTimeout = process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '300';
    onTestFinished(() => {
      if (previousTimeout === undefined) delete process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
      else process.env.OTEL_EXPORTER_OTLP_TIMEOUT = previousTimeout;
    });
    await new Promise((resolve) => collector.server.close(resolve));
    const unreachable = collector.url;
    collector = await startCollector();
    const observability = new RunObservability({
      runId: 'run_1',
      traceDir: dir.traceDir,
      writer: dir.writer,
      bus: dir.bus,
      otlpEndpoint: unreachable,
    });
    observability.startSpan('flow.execute', {}).end('OK');
    observability.recordExecution('flow', { id: 'f', durationMs: 3, success: true });
    const started = Date.now();
    await observability.shutdown();
    // A hang guard, not a speed target: shutdown must give up on the collector, not retry forever.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(observability.exportFailures.length).toBeGreaterThan(0);
    expect((await dir.readLines('trace.jsonl')).map((line) => line.name)).toEqual(['flow.execute']);
    expect(await dir.readLines('metrics.jsonl')).toHaveLength(1);
  });
});
