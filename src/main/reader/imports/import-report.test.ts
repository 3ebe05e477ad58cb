import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunIndex } from '../run-index';
import { importTraceFile } from './import-trace-file';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test-support', 'fixtures');
/** Three traces; the first with a repeated span, two orphans, a self-parent and a cycle; then a metrics line. */
const OTLP_FILE = join(FIXTURES, 'otlp-import-warnings.jsonl');
/** Two traces; the first with a 64-bit id, a repeated span, an orphan, a self-parent and a cycle of three. */
const JAEGER_FILE = join(FIXTURES, 'jaeger-import-warnings.json');

let runsDir: string;
beforeEach(async () => {
  runsDir = await mkdtemp(join(tmpdir(), 'dad-import-report-'));
});
afterEach(async () => {
  await rm(runsDir, { recursive: true, force: true });
});

const messagesOf = (warnings: { message: string }[]) => warnings.map((warning) => warning.message);

describe('what an import warned of reaches the run summary', () => {
  it('an OTLP export: a repeated span, missing parents, a self-parent, a cycle and a metrics line', async () => {
    const imported = await importTraceFile(OTLP_FILE, runsDir);
    const [checkout, reports, probe] = imported.runs;
    const summary = await (await RunIndex.open(checkout!.dir)).summary();
    const info = summary.importedFrom!;

    expect(messagesOf(info.warnings)).toEqual([
      'holds metrics, not spans: left out',
      'span id 0x1a2b3c4d5e6f7081 appears twice (first on line 1): this one is left out',
      'span 0x2b3c4d5e6f708192 names parent 0xdeadbeefcafef00d, which is not in the file: the span is kept, under a placeholder for the missing parent',
      'span 0x3c4d5e6f708192a3 names parent 0xdeadbeefcafef00d, which is not in the file: the span is kept, under a placeholder for the missing parent',
      'span 0x4d5e6f708192a3b4 names itself as its parent: it is shown as a root',
      'spans 0x5e6f708192a3b4c5, 0x6f708192a3b4c5d6 name each other as parents in a cycle: the cycle is broken at span 0x5e6f708192a3b4c5, shown as a root',
    ]);
    expect(info.warnings[0]).toMatchObject({ line: 2, location: 'resourceMetrics', traceId: null });
    expect(info.warnings[1]).toMatchObject({
      line: 1,
      location: 'resourceSpans[0].scopeSpans[0].spans[2]',
      traceId: '0x4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(info.unlistedWarnings).toBe(0);

    // The file's three traces, each its own run, listed in each of them.
    expect(info.tracesInFile).toBe(3);
    const runs = [checkout, reports, probe].map((run) => ({
      runId: run!.runId,
      traceId: run!.traceId,
      spanCount: run!.spanCount,
    }));
    expect(info.runsFromFile).toEqual(runs);
    expect(runs.map((run) => run.spanCount)).toEqual([7, 2, 1]);
    const second = (await (await RunIndex.open(reports!.dir)).summary()).importedFrom!;
    expect(second.runsFromFile).toEqual(runs);
    // Only the warnings of the file as a whole concern the other traces.
    expect(messagesOf(second.warnings)).toEqual(['holds metrics, not spans: left out']);
  });

  it('a Jaeger trace: the padded id, the repeated span, the orphan, the self-parent and a cycle of three', async () => {
    const imported = await importTraceFile(JAEGER_FILE, runsDir);
    expect(imported.runs).toHaveLength(2);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    const info = (await index.summary()).importedFrom!;
    expect(messagesOf(info.warnings)).toEqual([
      'trace id 0xa1b2c3d4e5f60718 has 64 bits: padded to 128 bits with zeros',
      'span id 0x0000000000000a02 appears twice (first on line 18): this one is left out',
      'span 0x0000000000000a03 names parent 0x0000000000000bad, which is not in the file: the span is kept, under a placeholder for the missing parent',
      'span 0x0000000000000a04 names itself as its parent: it is shown as a root',
      'spans 0x0000000000000a05, 0x0000000000000a06, 0x0000000000000a07 name each other as parents in a cycle: the cycle is broken at span 0x0000000000000a05, shown as a root',
    ]);
    expect(info.tracesInFile).toBe(2);
    expect(info.runsFromFile.map((run) => run.runId)).toEqual(imported.runs.map((run) => run.runId));

    // The span the warning names as cut is the one the timeline shows as the cycle's root.
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 50 }).rows;
    const ring = rows.filter((row) => row.name.startsWith('ring'));
    expect(ring.map((row) => [row.name, row.depth])).toEqual([
      ['ring a', 0],
      ['ring c', 1],
      ['ring b', 2],
    ]);
    expect(rows.find((row) => row.name === 'self loop')?.depth).toBe(0);
  });
});

describe('a parent the file did not hold', () => {
  it('is a placeholder named as missing from the file, spanning its children, not running, not a span', async () => {
    const imported = await importTraceFile(OTLP_FILE, runsDir);
    const index = await RunIndex.open(imported.runs[0]!.dir);
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 50 }).rows;
    const placeholder = rows.find((row) => row.spanId === '0xdeadbeefcafef00d');
    expect(placeholder).toMatchObject({
      name: 'parent 0xdeadbeefcafef00d not in this file',
      depth: 0,
      status: 'UNSET',
      childCount: 2,
    });
    const children = rows.filter((row) => row.parentId === '0xdeadbeefcafef00d');
    expect(children.map((row) => [row.name, row.depth])).toEqual([
      ['charge card', 1],
      ['send receipt', 1],
    ]);
    // From the first child's start to the last one's end.
    expect(placeholder!.start).toBe(children[0]!.start);
    expect(placeholder!.end).toBe(children[1]!.end);
    const summary = await index.summary();
    expect(summary.spanCount).toBe(7);
    expect(rows).toHaveLength(8);
  });
});
