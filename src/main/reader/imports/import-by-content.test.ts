import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunIndex } from '../run-index';
import { TraceImportError } from './import-error';
import { importTraceFile } from './import-trace-file';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test-support', 'fixtures');
const OTLP = join(FIXTURES, 'otlp-three-services.json');
const OTLP_GZIP = join(FIXTURES, 'otlp-three-services.json.gz');
const OTLP_LINES = join(FIXTURES, 'otlp-collector-lines.jsonl');
const METRICS = join(FIXTURES, 'otlp-metrics-export.json');

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-content-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What a user checks of an imported file: its span names by depth and its services. */
async function shapeOf(file: string, chunkBytes?: number) {
  const imported = await importTraceFile(file, join(runsDir, String(Math.random()).slice(2)), { chunkBytes });
  const runs = [];
  for (const run of imported.runs) {
    const index = await RunIndex.open(run.dir);
    runs.push({
      traceId: run.traceId,
      rows: index
        .spanRows({ collapsed: [], offset: 0, limit: 100 })
        .rows.map((row) => [row.depth, row.name, row.status]),
    });
  }
  return { format: imported.format, runs };
}

async function refusalOf(file: string): Promise<TraceImportError> {
  const error = await importTraceFile(file, runsDir).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TraceImportError);
  return error as TraceImportError;
}

describe('a trace file is recognised by its content, not its name', () => {
  it('reads the same OTLP export gzip-compressed, as .txt, .ndjson and with no extension', async () => {
    const expected = await shapeOf(OTLP);
    expect(expected.runs[0]!.rows.length).toBeGreaterThan(2);
    expect(await shapeOf(OTLP_GZIP)).toEqual(expected);
    // Chunks far smaller than the file: the gzip stream is read piece by piece.
    expect(await shapeOf(OTLP_GZIP, 1024)).toEqual(expected);
    for (const name of ['export.txt', 'export', 'export.ndjson', 'export.jsonl.gz.bak']) {
      const copy = join(root, name);
      await copyFile(name.includes('.gz') ? OTLP_GZIP : OTLP, copy);
      expect(await shapeOf(copy)).toEqual(expected);
    }
  });

  it('reads gzip by its magic bytes, also for a file of export lines', async () => {
    const expected = await shapeOf(OTLP_LINES);
    const file = join(root, 'lines.jsonl.gz');
    await writeFile(file, gzipSync(await readFile(OTLP_LINES)));
    expect(await shapeOf(file)).toEqual(expected);
  });

  it('refuses a gzip file that is cut short, and leaves nothing behind', async () => {
    const whole = await readFile(OTLP_GZIP);
    const file = join(root, 'cut.json.gz');
    await writeFile(file, whole.subarray(0, whole.length - 40));
    const error = await refusalOf(file);
    expect(error.message).toMatch(/cut short|cannot be decompressed|ends in the middle/);
    expect(await readdir(runsDir).catch(() => [])).toEqual([]);
  });
});

describe('a known file that is not a trace is refused by name', () => {
  it('names an OTLP metrics export', async () => {
    const error = await refusalOf(METRICS);
    expect(error.code).toBe('import_unknown_format');
    expect(error.message).toContain(
      'this is an OTLP metrics export, not a trace export; open a trace export',
    );
    expect(error.message).not.toContain('checkout');
  });

  it('names an OTLP logs export, gzip-compressed too', async () => {
    const logs = {
      resourceLogs: [
        {
          resource: { attributes: [] },
          scopeLogs: [{ logRecords: [{ body: { stringValue: 'secret-canary' } }] }],
        },
      ],
    };
    const file = join(root, 'logs');
    await writeFile(file, gzipSync(JSON.stringify(logs)));
    const error = await refusalOf(file);
    expect(error.message).toContain('this is an OTLP logs export');
    expect(error.message).not.toContain('secret-canary');
  });

  it('names a Tempo batches payload and a bare array of spans of unknown shape', async () => {
    const tempo = join(root, 'tempo.json');
    await writeFile(tempo, JSON.stringify({ batches: [{ resource: {}, instrumentationLibrarySpans: [] }] }));
    expect((await refusalOf(tempo)).message).toContain('Tempo "batches" payload');

    const bare = join(root, 'spans.json');
    await writeFile(bare, JSON.stringify([{ traceId: 'a1', spanId: 'b2', name: 'secret-canary' }]));
    const error = await refusalOf(bare);
    expect(error.message).toContain('an array of spans in a shape not known here');
    expect(error.message).not.toContain('secret-canary');
  });
});
