import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunIndex } from '../run-index';
import { importTraceFile } from './import-trace-file';
import type { ImportRecord } from './import-record';
import { detectTraceFormat } from './trace-format';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test-support', 'fixtures');
const ZIPKIN = join(FIXTURES, 'zipkin-two-services.json');
const TRACE_ID = '0x5af7183fb1d4cf5f6b9a4cd2e8c1d0a7';
const T0 = 1_746_093_600_000_000;

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-zipkin-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const rowsOf = (index: RunIndex) => index.spanRows({ collapsed: [], offset: 0, limit: 100 }).rows;

describe('importTraceFile with a Zipkin v2 JSON trace', () => {
  it('nests spans by parentId, keeps both sides of a shared span, with times in µs and the error tag', async () => {
    expect(await detectTraceFormat(ZIPKIN)).toBe('zipkin-json');
    const imported = await importTraceFile(ZIPKIN, runsDir);
    expect(imported.format).toBe('zipkin-json');
    expect(imported.runs.map((run) => [run.traceId, run.spanCount])).toEqual([[TRACE_ID, 4]]);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    expect(
      rowsOf(index).map((row) => [row.depth, row.name, row.status, row.start - T0, row.end! - T0]),
    ).toEqual([
      [0, 'get /checkout', 'UNSET', 0, 900_000],
      [1, 'post /charge', 'ERROR', 100_000, 700_000],
      // The server side of the shared span, under its client; the client's children stay on the client.
      [2, 'post /charge', 'UNSET', 120_000, 670_000],
      [2, 'insert charge', 'UNSET', 200_000, 250_000],
    ]);
    const shared = imported.warnings.filter((warning) => warning.message.includes('shared'));
    expect(shared).toHaveLength(1);
    expect(shared[0]!.message).toMatch(/span id 0x5b4185666d50f68b is shared by a client and a server span/);
    expect(imported.warnings.some((warning) => warning.message.includes('appears twice'))).toBe(false);

    const record = JSON.parse(
      await readFile(join(imported.runs[0]!.dir, '.trace', 'import.json'), 'utf8'),
    ) as ImportRecord;
    expect(record).toMatchObject({ format: 'zipkin-json', spanCount: 4, services: ['frontend', 'payments'] });
  });

  it('reads endpoints as services, annotations as events and tags as attributes', async () => {
    const [run] = (await importTraceFile(ZIPKIN, runsDir)).runs;
    const index = await RunIndex.open(run!.dir);
    const client = await index.spanDetail('0x5b4185666d50f68b');
    expect(client.kind).toBe('SpanKind.CLIENT');
    expect(client.status).toEqual({ status_code: 'ERROR', description: 'upstream refused the card' });
    expect(client.attributes).toEqual({
      'http.method': 'POST',
      'http.status_code': '502',
      error: 'upstream refused the card',
      'peer.service': 'payments',
      'zipkin.remoteEndpoint.ipv4': '10.0.0.5',
      'zipkin.remoteEndpoint.port': 9000,
    });
    expect(client.events).toEqual([
      { name: 'retrying after timeout', timestamp: '2025-05-01T10:00:00.150000Z', attributes: {} },
    ]);
    expect(client.resource).toEqual({
      attributes: {
        'service.name': 'frontend',
        'zipkin.localEndpoint.ipv4': '10.0.0.2',
        'zipkin.localEndpoint.port': 8080,
      },
      schema_url: '',
    });

    const server = rowsOf(index).find((row) => row.depth === 2 && row.name === 'post /charge')!;
    const serverDetail = await index.spanDetail(server.spanId);
    expect(serverDetail.kind).toBe('SpanKind.SERVER');
    expect(serverDetail.parentId).toBe('0x5b4185666d50f68b');
    expect(serverDetail.attributes).toMatchObject({ 'zipkin.shared': true, 'zipkin.id': '5b4185666d50f68b' });
    expect(serverDetail.resource).toMatchObject({ attributes: { 'service.name': 'payments' } });
    expect((await index.spanDetail('0x6b221d5bc9e6496c')).attributes).toMatchObject({ 'zipkin.debug': true });
  });

  it("reads the API's array of traces as one run per trace", async () => {
    const spans = JSON.parse(await readFile(ZIPKIN, 'utf8')) as Record<string, unknown>[];
    const other = { ...spans[0], traceId: '0badc0ffee0ddf00', id: '1111111111111111' };
    const file = join(root, 'traces.json');
    await writeFile(file, JSON.stringify([spans, [other]]));
    const imported = await importTraceFile(file, runsDir);
    expect(imported.format).toBe('zipkin-json');
    expect(imported.runs.map((run) => [run.traceId, run.spanCount])).toEqual([
      [TRACE_ID, 4],
      ['0x00000000000000000badc0ffee0ddf00', 1],
    ]);
  });
});
