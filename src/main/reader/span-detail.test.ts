import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VALUE_PREVIEW_LENGTH } from '../../shared/text-pieces';
import { oneSpanOtlpExport, otlpString } from '../../../test-support/reader/otlp-export';
import { SUMMARIZE, writeInterruptedDadRun } from '../../../test-support/reader/python-dad-run';
import { importTraceFile } from './imports/import-trace-file';
import { RunIndex } from './run-index';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test-support', 'fixtures');
const OTLP = join(FIXTURES, 'otlp-span-details.json');
const JAEGER = join(FIXTURES, 'jaeger-span-details.json');
const CHECKOUT = '0xa1a1a1a1a1a1a1a1';
const CHARGE = '0xb2b2b2b2b2b2b2b2';
const FIRST_TRY = '0xc3c3c3c3c3c3c3c3';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-span-detail-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function openImported(file: string): Promise<RunIndex> {
  const [run] = (await importTraceFile(file, join(root, 'runs'))).runs;
  return RunIndex.open(run!.dir);
}

describe('spanDetail of a span from an imported trace', () => {
  it('keeps every attribute typed as the file wrote it: a JSON-looking string stays a string', async () => {
    const index = await openImported(OTLP);
    const detail = await index.spanDetail(CHECKOUT);
    expect(detail.attributeTyping).toBe('as-written');
    expect(detail.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'cart.skus': ['sku-1', 'sku-2'],
      'user.vip': true,
      'order.total': 42.5,
      'order.summary': '{"items":2,"coupon":null}',
      'note.flag': 'True',
    });
  });

  it('gives the kind, the ids, the service, resource and instrumentation scope', async () => {
    const index = await openImported(OTLP);
    const charge = await index.spanDetail(CHARGE);
    expect(charge).toMatchObject({
      name: 'charge card',
      kind: 'SpanKind.CLIENT',
      spanId: CHARGE,
      parentId: CHECKOUT,
      traceId: '0x4bf92f3577b34da6a3ce929d0e0e4736',
      status: { status_code: 'ERROR', description: 'card declined' },
    });
    expect(charge.origin).toEqual({
      serviceName: 'payments',
      resourceAttributes: { 'service.name': 'payments', 'deployment.environment': 'staging' },
      schemaUrl: null,
      scope: { name: 'payments.client', version: '2.0.0' },
    });
    const checkout = await index.spanDetail(CHECKOUT);
    expect(checkout.origin).toMatchObject({
      serviceName: 'frontend',
      resourceAttributes: { 'host.name': 'web-7', 'process.pid': 4242 },
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      scope: { name: '@opentelemetry/instrumentation-http', version: '0.52.1' },
    });
  });

  it('gives events with their times and attributes, the error event included', async () => {
    const index = await openImported(OTLP);
    expect((await index.spanDetail(FIRST_TRY)).events).toEqual([
      {
        name: 'retry.scheduled',
        timestamp: '2025-05-01T10:00:00.250000Z',
        attributes: { 'retry.delay_ms': 250 },
      },
    ]);
    const [exception] = (await index.spanDetail(CHARGE)).events;
    expect(exception).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'CardError', 'exception.message': 'card declined by issuer' },
    });
    expect(exception?.attributes['exception.stacktrace']).toContain('at charge (payments/client.js:41:11)');
  });

  it('says which links point to a span of this run and which to another trace', async () => {
    const index = await openImported(OTLP);
    const charge = await index.spanDetail(CHARGE);
    expect(charge.linkCount).toBe(1);
    expect(charge.spanLinks).toEqual([
      {
        traceId: '0x4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: FIRST_TRY,
        traceState: null,
        attributes: { 'link.reason': 'retry of' },
        inRun: true,
      },
    ]);
    const checkout = await index.spanDetail(CHECKOUT);
    expect(checkout.spanLinks).toEqual([
      {
        traceId: '0x0af7651916cd43dd8448eb211c80319c',
        spanId: '0x00f067aa0ba902b7',
        traceState: 'vendor=1',
        attributes: { 'link.reason': 'caused by' },
        inRun: false,
      },
    ]);
    expect((await index.spanDetail(FIRST_TRY)).linkCount).toBe(0);
  });

  it('reads Jaeger logs as events, the error tag and the process as service and resource', async () => {
    const index = await openImported(JAEGER);
    const redis = await index.spanDetail('0x2222222222222222');
    expect(redis.status.status_code).toBe('ERROR');
    expect(redis.attributes).toMatchObject({ error: true, 'db.statement': 'GET driver:42' });
    expect(redis.events).toEqual([
      {
        name: 'error',
        timestamp: '2025-05-01T10:00:00.290000Z',
        attributes: { 'error.kind': 'Timeout', message: 'redis timed out after 200ms' },
      },
    ]);
    expect(redis.kind).toBe('SpanKind.CLIENT');
    expect(redis.origin).toMatchObject({
      serviceName: 'redis',
      resourceAttributes: { hostname: 'cache-1', ip: '10.0.0.7' },
      scope: null,
    });
  });

  it('sends a long resource value as its start with its whole length', async () => {
    const long = 'x'.repeat(VALUE_PREVIEW_LENGTH + 10);
    const file = join(root, 'long-resource.json');
    await writeFile(
      file,
      oneSpanOtlpExport({
        resourceAttributes: [otlpString('service.name', 'batch'), otlpString('process.command_line', long)],
      }),
    );
    const index = await openImported(file);
    const origin = (await index.spanDetail('0x0000000000000001')).origin;
    expect((origin?.resourceAttributes['process.command_line'] as string).length).toBe(VALUE_PREVIEW_LENGTH);
    expect(origin?.cutResourceAttributes).toEqual({ 'process.command_line': long.length });
    expect(origin?.resourceAttributes['service.name']).toBe('batch');
  });
});

describe('spanDetail of a DAD run', () => {
  it('still reads DAD’s JSON-text values as what they spell, and gives its service', async () => {
    const runDir = join(root, 'runs', 'run_20250501_100000_a1b2c3');
    await writeInterruptedDadRun(runDir);
    const index = await RunIndex.open(runDir);
    const detail = await index.spanDetail(SUMMARIZE);
    expect(detail.attributeTyping).toBe('structured');
    expect(detail.attributes['dad.result.token_usage']).toEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
    });
    expect(detail.origin).toMatchObject({ serviceName: 'dad-agent', scope: null });
    expect(detail.spanLinks).toEqual([]);
  });
});
