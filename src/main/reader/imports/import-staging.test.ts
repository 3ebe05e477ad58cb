import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportStaging } from './import-staging';
import { ImportWarnings } from './import-warnings';
import type { ImportedSpan } from './imported-span';
import { runIdBase } from './run-ids';

let root: string;
let runsDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-import-staging-'));
  runsDir = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const span = (traceId: string, n: number): ImportedSpan => ({
  traceId,
  spanId: n.toString(16).padStart(16, '0'),
  parentId: null,
  name: `span ${n}`,
  kind: null,
  traceState: '',
  startUs: 1_700_000_000_000_000 + n,
  endUs: 1_700_000_000_000_000 + n + 10,
  statusCode: 'UNSET',
  statusDescription: null,
  attributes: {},
  events: [],
  links: [],
  resourceJson: null,
  serviceName: null,
});

describe('ImportStaging', () => {
  it('writes span lines out under a hidden folder, and leaves nothing when discarded', async () => {
    const staging = await ImportStaging.create(runsDir, {
      file: 'x.json',
      maxTraces: 10,
      warnings: new ImportWarnings(),
      bufferBudgetChars: 1000,
    });
    for (let n = 1; n <= 50; n++) staging.add(span('a'.repeat(32), n), { line: n, location: null });
    await staging.flushIfFull();
    const [hidden] = await readdir(runsDir);
    expect(hidden).toMatch(/^\.import-/);
    const written = await readFile(join(runsDir, hidden!, '1', '.trace', 'trace.jsonl'), 'utf8');
    expect(written.split('\n').filter(Boolean)).toHaveLength(50);
    await staging.discard();
    expect(await readdir(runsDir)).toEqual([]);
  });

  it('moves every trace into place under its own name when committed', async () => {
    const staging = await ImportStaging.create(runsDir, {
      file: 'x.json',
      maxTraces: 10,
      warnings: new ImportWarnings(),
    });
    staging.add(span('a'.repeat(32), 1), { line: 1, location: null });
    staging.add(span('b'.repeat(32), 2), { line: 2, location: null });
    await staging.finish({ format: 'otlp-json', sourceFile: '/data/My Trace (1).json', sourceBytes: 10 });
    const runs = await staging.commit('/data/My Trace (1).json');
    await staging.discard();
    expect(runs.map((run) => run.runId)).toEqual([
      'My_Trace_1_aaaaaaaaaaaaaaaa',
      'My_Trace_1_bbbbbbbbbbbbbbbb',
    ]);
    expect((await readdir(runsDir)).sort()).toEqual(runs.map((run) => run.runId));
  });
});

describe('runIdBase', () => {
  it('keeps only letters, digits and underscores, and the id digits that tell traces apart', () => {
    expect(runIdBase('/x/otel-export.2025-05-01.jsonl', 'f'.repeat(32))).toBe(
      'otel_export_2025_05_01_ffffffffffffffff',
    );
    expect(runIdBase('/x/….json', '0123456789abcdef'.repeat(2))).toBe('trace_0123456789abcdef');
    expect(runIdBase('/x/t.json', '0000000000000000abcdef0123456789')).toBe('t_abcdef0123456789');
    expect(runIdBase(`/x/${'long'.repeat(30)}.json`, 'a'.repeat(32))).toHaveLength(48 + 17);
  });
});
