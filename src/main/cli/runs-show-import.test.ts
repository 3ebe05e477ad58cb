import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDad } from '../../../test-support/cli/dad-process';
import { makeTempDir, removeDir, REPO_ROOT } from '../../../test-support/projects';
import { importTraceFile, type ImportedTrace } from '../reader/imports';

/** Three traces; the first with a repeated span, two orphans, a self-parent and a cycle; then a metrics line. */
const OTLP_FILE = join(REPO_ROOT, 'test-support', 'fixtures', 'otlp-import-warnings.jsonl');

let root: string;
let imported: ImportedTrace;
beforeAll(async () => {
  root = await makeTempDir('dad-runs-show-import');
  // A project's runs folder, as `--project-root` takes it.
  await mkdir(join(root, '.dhenara'));
  imported = await importTraceFile(OTLP_FILE, join(root, 'runs'));
});
afterAll(() => removeDir(root));

describe('dad runs show, for a run imported from a trace file', () => {
  it('says where it came from, which runs the file made, and every warning of its import', async () => {
    const [checkout, reports, probe] = imported.runs.map((run) => run.runId);
    const show = await runDad(['runs', 'show', checkout as string, '--project-root', root]);
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    const lines = show.stdout.split('\n');
    expect(lines).toContain(`imported  from the OpenTelemetry OTLP JSON file ${OTLP_FILE}`);
    expect(lines).toContain('trace     0x4bf92f3577b34da6a3ce929d0e0e4736');
    expect(lines).toContain(
      `traces    3 in the file, each made its own run: ${checkout}, ${reports}, ${probe}`,
    );
    expect(lines.filter((line) => line.startsWith('warning   '))).toEqual([
      'warning   line 2, resourceMetrics: holds metrics, not spans: left out',
      'warning   line 1, resourceSpans[0].scopeSpans[0].spans[2]: span id 0x1a2b3c4d5e6f7081 appears twice (first on line 1): this one is left out',
      'warning   line 1: span 0x2b3c4d5e6f708192 names parent 0xdeadbeefcafef00d, which is not in the file: the span is kept, under a placeholder for the missing parent',
      'warning   line 1: span 0x3c4d5e6f708192a3 names parent 0xdeadbeefcafef00d, which is not in the file: the span is kept, under a placeholder for the missing parent',
      'warning   line 1: span 0x4d5e6f708192a3b4 names itself as its parent: it is shown as a root',
      'warning   line 1: spans 0x5e6f708192a3b4c5, 0x6f708192a3b4c5d6 name each other as parents in a cycle: the cycle is broken at span 0x5e6f708192a3b4c5, shown as a root',
    ]);
  });

  it('gives the same in its JSON', async () => {
    const show = await runDad(['runs', 'show', imported.runs[1]!.runId, '--json', '--project-root', root]);
    expect(show.code).toBe(0);
    const detail = JSON.parse(show.stdout) as {
      importedFrom: {
        tracesInFile: number;
        runsFromFile: { runId: string }[];
        warnings: { message: string }[];
      };
    };
    expect(detail.importedFrom.tracesInFile).toBe(3);
    expect(detail.importedFrom.runsFromFile.map((run) => run.runId)).toEqual(
      imported.runs.map((run) => run.runId),
    );
    expect(detail.importedFrom.warnings.map((warning) => warning.message)).toEqual([
      'holds metrics, not spans: left out',
    ]);
  });
});
