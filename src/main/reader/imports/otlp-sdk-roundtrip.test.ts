import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { context, SpanKind, SpanStatusCode, trace, type HrTime, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../../../../test-support/otlp-receiver';
import { makeTempDir, removeDir } from '../../../../test-support/projects';
import { RunIndex } from '../run-index';
import { importTraceFile } from './import-trace-file';

/**
 * A round trip through the OpenTelemetry JS SDK's own OTLP/HTTP exporter: what it really sends
 * (JSON encoding) is captured, written to a file, imported, and read back span for span.
 */

/** 2026-01-02T03:04:05Z plus sub-second parts chosen per span; the ns past the µs must be dropped. */
const BASE_SECONDS = 1_767_323_045;
const at = (offsetMs: number, extraNs = 0): HrTime => {
  const ns = offsetMs * 1_000_000 + extraNs;
  return [BASE_SECONDS + Math.floor(ns / 1e9), ns % 1e9];
};
const micros = ([seconds, nanos]: HrTime) => seconds * 1_000_000 + Math.floor(nanos / 1000);
const isoMicros = (time: HrTime) => {
  const us = micros(time);
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(us % 1_000_000).padStart(6, '0')}Z`;
};

const EVERY_TYPE = {
  'attr.string': 'tide pools',
  'attr.int': 42,
  'attr.negative': -7,
  'attr.double': 0.25,
  'attr.true': true,
  'attr.false': false,
  'attr.strings': ['a', 'b'],
  'attr.ints': [1, 2, 3],
  'attr.doubles': [1.5, 2.5],
  'attr.bools': [true, false],
};

let dir: string;
let receiver: OtlpReceiver;
let sdkSpans: ReadableSpan[];
let index: RunIndex;
let captured: string;

beforeAll(async () => {
  dir = await makeTempDir('dad-otlp-roundtrip');
  receiver = await startOtlpReceiver();
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'roundtrip-service', 'deployment.env': 'test' }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` })),
      new SimpleSpanProcessor(memory),
    ],
  });
  const tracer = provider.getTracer('roundtrip.scope', '3.1.4');
  const child = (name: string, parent: Span, options: Parameters<typeof tracer.startSpan>[1]) =>
    tracer.startSpan(name, options, trace.setSpan(context.active(), parent));

  const root = tracer.startSpan('agent.run', {
    kind: SpanKind.SERVER,
    startTime: at(0, 123_456),
    attributes: EVERY_TYPE,
  });
  const flow = child('flow.execute', root, {
    startTime: at(10, 1_999),
    attributes: { 'dad.generic.node_id': 'main' },
  });
  const call = child('ai_model_call.execute', flow, {
    kind: SpanKind.CLIENT,
    startTime: at(20, 500),
    attributes: { 'dad.generic.node_id': 'outline', 'llm.tokens': 15 },
  });
  call.addEvent('model.response', { chars: 120, final: true }, at(35, 250_999));
  call.setStatus({ code: SpanStatusCode.OK });
  call.end(at(40, 7));
  const failing = child('command.execute', flow, {
    startTime: at(50),
    attributes: { 'dad.generic.node_id': 'build' },
    links: [{ context: call.spanContext(), attributes: { 'link.reason': 'retry of' } }],
  });
  failing.addEvent('exception', { 'exception.message': 'exit code 3' }, at(55, 1_000));
  failing.setStatus({ code: SpanStatusCode.ERROR, message: 'exit code 3' });
  failing.end(at(60, 999));
  flow.end(at(70));
  root.end(at(80, 1));

  await provider.forceFlush();
  sdkSpans = [...memory.getFinishedSpans()];
  await provider.shutdown();
  const [body, ...more] = receiver.received.filter((request) => request.path === '/v1/traces');
  if (!body || more.length > 0) throw new Error(`expected one export, got ${more.length + (body ? 1 : 0)}`);
  if (!String(body.headers['content-type']).startsWith('application/json'))
    throw new Error(`the exporter sent ${String(body.headers['content-type'])}, not JSON`);
  // The request body exactly as the exporter sent it.
  captured = body.text;
  const file = join(dir, 'sdk-export.json');
  await writeFile(file, captured);
  const imported = await importTraceFile(file, join(dir, 'runs'));
  if (imported.runs.length !== 1 || imported.warnings.length > 0)
    throw new Error(`unexpected import: ${JSON.stringify(imported)}`);
  index = await RunIndex.open(imported.runs[0]!.dir);
});
afterAll(async () => {
  await receiver.close();
  await removeDir(dir);
});

const hexId = (id: string) => `0x${id}`;
const kindName = (kind: SpanKind) => `SpanKind.${SpanKind[kind]}`;
const statusName = (code: SpanStatusCode) => SpanStatusCode[code];

describe('an OTLP JSON export made by the OpenTelemetry JS SDK, imported and read back', () => {
  it('has every span, with its id, parent, name and times to the microsecond', () => {
    expect(sdkSpans).toHaveLength(4);
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 100 }).rows;
    const readBack = rows.map((row) => ({
      spanId: row.spanId,
      parentId: row.parentId,
      name: row.name,
      start: row.start,
      end: row.end,
    }));
    const expected = sdkSpans.map((span) => ({
      spanId: hexId(span.spanContext().spanId),
      parentId: span.parentSpanContext ? hexId(span.parentSpanContext.spanId) : null,
      name: span.name,
      start: micros(span.startTime),
      end: micros(span.endTime),
    }));
    expect(readBack.sort((a, b) => a.start - b.start)).toEqual(expected.sort((a, b) => a.start - b.start));
    expect(rows.map((row) => [row.depth, row.name])).toEqual([
      [0, 'agent.run'],
      [1, 'flow.execute'],
      [2, 'ai_model_call.execute'],
      [2, 'command.execute'],
    ]);
  });

  it('keeps each span’s trace, kind, attributes with their types, events, links, status and resource', async () => {
    for (const span of sdkSpans) {
      const detail = await index.spanDetail(hexId(span.spanContext().spanId));
      expect(detail.detailError).toBeNull();
      expect(detail.traceId).toBe(hexId(span.spanContext().traceId));
      expect(detail.kind, span.name).toBe(kindName(span.kind));
      expect(detail.attributes, span.name).toEqual({
        ...span.attributes,
        'otel.scope.name': 'roundtrip.scope',
        'otel.scope.version': '3.1.4',
      });
      expect(detail.events, span.name).toEqual(
        span.events.map((event) => ({
          name: event.name,
          timestamp: isoMicros(event.time),
          attributes: event.attributes ?? {},
        })),
      );
      expect(detail.links, span.name).toEqual(
        span.links.map((link) => ({
          context: {
            trace_id: hexId(link.context.traceId),
            span_id: hexId(link.context.spanId),
            trace_state: '',
          },
          attributes: link.attributes ?? {},
        })),
      );
      expect(detail.status, span.name).toEqual(
        span.status.message
          ? { status_code: statusName(span.status.code), description: span.status.message }
          : { status_code: statusName(span.status.code) },
      );
      expect(detail.resource?.attributes).toMatchObject({
        'service.name': 'roundtrip-service',
        'deployment.env': 'test',
      });
    }
    // Integers stay integers and doubles doubles: the types survive, not only the printed values.
    const root = await index.spanDetail(
      hexId(sdkSpans.find((span) => span.name === 'agent.run')!.spanContext().spanId),
    );
    expect(Number.isInteger(root.attributes['attr.int'])).toBe(true);
    expect(typeof root.attributes['attr.true']).toBe('boolean');
    expect(captured).toContain('"intValue"');
    expect(captured).toContain('"doubleValue"');
    expect(captured).toContain('"arrayValue"');
  });
});
