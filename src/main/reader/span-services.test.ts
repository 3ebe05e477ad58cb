import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunIndex } from './run-index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-span-services-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TRACE_ID = '0x' + 'a'.repeat(32);

/** One ended span line as DAD writes it, made by `service` (none: no resource at all). */
function spanLine(spanId: string, parentId: string | null, name: string, service: string | null): string {
  return JSON.stringify({
    name,
    context: { trace_id: TRACE_ID, span_id: spanId, trace_state: '[]' },
    kind: 'SpanKind.INTERNAL',
    parent_id: parentId,
    start_time: '2026-01-02T10:00:00.000000Z',
    end_time: '2026-01-02T10:00:01.000000Z',
    status: { status_code: 'OK' },
    attributes: {},
    events: [],
    links: [],
    ...(service === null ? {} : { resource: { attributes: { 'service.name': service }, schema_url: '' } }),
  });
}

/** A run of three services and one span that names none; children are written before parents. */
async function makeRun(): Promise<string> {
  const runDir = join(dir, 'runs', 'run_20260102_100000_abcdef');
  await mkdir(join(runDir, '.trace'), { recursive: true });
  const lines = [
    spanLine('0x0000000000000003', '0x0000000000000002', 'SELECT orders', 'postgres'),
    spanLine('0x0000000000000004', '0x0000000000000002', 'no resource', null),
    spanLine('0x0000000000000002', '0x0000000000000001', 'GET /orders', 'orders'),
    spanLine('0x0000000000000001', null, 'checkout', 'frontend'),
  ];
  await writeFile(join(runDir, '.trace', 'trace.jsonl'), lines.join('\n') + '\n');
  for (const file of ['logs.jsonl', 'metrics.jsonl']) await writeFile(join(runDir, '.trace', file), '');
  return runDir;
}

function servicesByName(index: RunIndex): Record<string, string | null | undefined> {
  const page = index.spanRows({ offset: 0, limit: 10 });
  return Object.fromEntries(page.rows.map((row) => [row.name, row.serviceName]));
}

const EXPECTED = {
  checkout: 'frontend',
  'GET /orders': 'orders',
  'SELECT orders': 'postgres',
  'no resource': null,
};

describe('span rows and their services', () => {
  it("carry each span's service.name, and null for a span without a resource", async () => {
    const index = await RunIndex.open(await makeRun());
    expect(servicesByName(index)).toEqual(EXPECTED);
  });

  it('keeps the services in a saved index loaded on the next open', async () => {
    const runDir = await makeRun();
    const cacheDir = join(dir, 'cache');
    const first = await RunIndex.open(runDir, { cacheDir });
    await first.saved();
    const again = await RunIndex.open(runDir, { cacheDir });
    expect(again.loadedFrom).toBe('saved');
    expect(servicesByName(again)).toEqual(EXPECTED);
  });
});
