import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { benchReader } from './bench-reader';
import { generateLargeRun } from './generate-large-run';
import { listRuns } from '../../src/main/reader/list-runs';
import { RunIndex } from '../../src/main/reader/run-index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-reader-gen-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateLargeRun', () => {
  it('writes a run the reader opens with the spans, nesting and log lines asked for', async () => {
    const run = await generateLargeRun({ runRoot: join(dir, 'runs'), spans: 2003, logs: 5000, flows: 3 });
    expect(run).toMatchObject({ spans: 2003, nodeSpans: 1998, logs: 5000 });
    const index = await RunIndex.open(run.runDir);
    const summary = await index.summary();
    expect(summary).toMatchObject({
      status: 'completed',
      spanCount: 2003,
      logCount: 5000,
      problems: [],
      notes: [],
    });
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 8 }).rows;
    expect(rows.map((row) => [row.depth, row.name])).toEqual([
      [0, 'AgentRunner.run_agent'],
      [1, 'agent.execute'],
      [2, 'flow.execute'],
      [3, 'command.execute'],
      [3, 'ai_model_call.execute'],
      [3, 'folder_analyzer.execute'],
      [3, 'file_operation.execute'],
      [3, 'command.execute'],
    ]);
    expect(rows[7]?.hierarchyPath).toBe('agent.flow_0.each.iter_1.fetch');
    const series = await index.metricSeries();
    expect(series.totals.executions).toBe(1998);
    expect(series.totals.failures).toBe(19);
    const recorded = JSON.parse(await readFile(join(run.runDir, 'run_summary.json'), 'utf8')) as Record<
      string,
      number
    >;
    expect(series.totals.tokens).toBe(recorded.agg_usage_total_tokens);
    const [listed] = await listRuns(join(dir, 'runs'));
    expect(listed).toMatchObject({
      nodeCount: 1998,
      tokens: recorded.agg_usage_total_tokens,
      status: 'completed',
    });
    // Each log line belongs to the node span it names.
    const logs = await index.logLines({ offset: 100, limit: 5 });
    for (const line of logs.lines) {
      const owner = index
        .spanRows({ collapsed: [], offset: 0, limit: 2003 })
        .rows.find((row) => row.spanId === line.spanId);
      expect(owner?.nodeId).toBe(line.nodeId);
    }
  });
});

describe('benchReader', () => {
  it('returns its figures and leaves nothing behind', async () => {
    const figures = await benchReader({ spans: 300, logs: 1000, workDir: dir });
    expect(figures).toMatchObject({ spans: 300, logs: 1000 });
    for (const value of [
      figures.openMs,
      figures.traceIndexMs,
      figures.traceBareParseMs,
      figures.traceSpeedRatio,
    ]) {
      expect(value).toBeGreaterThan(0);
    }
    expect(Object.values(figures.queries).every((ms) => ms >= 0)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });
});
