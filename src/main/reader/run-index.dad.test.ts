import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunIndex } from './run-index';
import {
  dadSpan,
  dadLog,
  TRACE,
  FLOW,
  SUMMARIZE,
  FAILING,
  writeInterruptedDadRun,
} from '../../../test-support/reader/python-dad-run';

let dir: string;
let runDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-reader-dad-'));
  runDir = join(dir, 'runs', 'run_20250501_100000_a1b2c3');
  await mkdir(join(runDir, '.trace'), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RunIndex over DAD-written files', () => {
  it('reports a broken middle line by number, accepts a cut last line, and stands in for parents that never ended', async () => {
    await writeInterruptedDadRun(runDir);
    const index = await RunIndex.open(runDir);
    const summary = await index.summary();
    expect(summary.status).toBe('interrupted');
    expect(summary.runId).toBe('run_20250501_100000_a1b2c3');
    expect(summary.spanCount).toBe(2);
    expect(summary.syntheticSpanCount).toBe(1);
    expect(summary.problems).toEqual([
      {
        file: '.trace/trace.jsonl',
        line: 3,
        message: expect.stringMatching(/^\.trace\/trace\.jsonl line 3: not valid JSON/),
      },
    ]);
    expect(summary.notes).toEqual([
      { file: '.trace/trace.jsonl', line: 5, message: expect.stringContaining('cut short') },
      { file: '.trace/logs.jsonl', line: 5, message: expect.stringContaining('cut short') },
    ]);

    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows;
    expect(rows.map((row) => [row.depth, row.name, row.hierarchyPath, row.status, row.end === null])).toEqual(
      [
        [0, '(not ended)', 'agent.main', 'RUNNING', true],
        [1, 'ai_model_call.execute', 'agent.main.summarize', 'OK', false],
        [1, 'ai_model_call.execute', 'agent.main.check', 'ERROR', false],
      ],
    );
    expect(rows[0]).toMatchObject({ spanId: FLOW, synthetic: true, nodeId: 'main', childCount: 2 });
    expect(rows[0]?.start).toBe(rows[1]?.start);
    const standIn = await index.spanDetail(FLOW);
    expect(standIn).toMatchObject({ synthetic: true, end: null, attributes: {}, events: [] });

    const detail = await index.spanDetail(SUMMARIZE);
    expect(detail.attributes).toMatchObject({
      'dad.result.token_usage': { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      'dad.result.response_text': 'Résumé: café',
      'dad.result.finish_reason': null,
      'dad.node_internal.tags': ['a', 'b'],
      'dad.node_internal.temperature': null,
    });
    const failing = await index.spanDetail(FAILING);
    expect(failing.status).toEqual({ status_code: 'ERROR', description: 'boom' });
    expect(failing.events[0]?.attributes['exception.type']).toBe('ValueError');

    const series = await index.metricSeries();
    expect(series.nodes.map((node) => [node.nodeId, node.tokens, node.cost, node.durationMs])).toEqual([
      ['summarize', 15, 0.0025, 1499.999],
      ['check', null, null, 250],
    ]);
    expect(series.lastExport).toBeNull();
  });

  it('reads Python log records: old severity reprs, old code.* keys, bodies that are not text, no span', async () => {
    await writeInterruptedDadRun(runDir);
    const index = await RunIndex.open(runDir);
    const page = await index.logLines({ offset: 0, limit: 10 });
    expect(page.total).toBe(4);
    expect(
      page.lines.map((line) => [line.severityNumber, line.severityText, line.nodeId, line.body, line.spanId]),
    ).toEqual([
      [9, 'INFO', null, 'starting', null],
      [13, 'WARNING', 'summarize', '{"event":"model_call","tokens":15}', SUMMARIZE],
      [9, 'INFO', null, 'no attributes — café', null],
      [17, 'ERROR', 'check', 'check failed: boom', FAILING],
    ]);
    expect(page.lines[0]?.attributes).toEqual({
      'code.file.path': '/app/run.py',
      'code.line.number': 12,
      'code.function.name': 'main',
    });
    expect(page.lines[0]?.traceId).toBeNull();
    expect(page.lines[2]?.traceId).toBe(TRACE);
    expect(page.lines[0]?.timestamp).toBe('2025-05-01T10:00:00.500000Z');
    expect(
      (await index.logLines({ offset: 0, limit: 10, minSeverity: 13, text: 'MODEL_CALL' })).lines,
    ).toHaveLength(1);
    // Python escapes non-ASCII (`\u00e9`): such text is matched on the parsed body.
    expect(
      (await index.logLines({ offset: 0, limit: 10, text: 'CAFÉ' })).lines.map((line) => line.index),
    ).toEqual([2]);
  });

  it('picks up what was appended since, including the rest of a cut line and a parent that ended late', async () => {
    await writeInterruptedDadRun(runDir);
    const index = await RunIndex.open(runDir);
    await appendFile(
      join(runDir, '.trace', 'trace.jsonl'),
      'cution_cut"}\n' +
        dadSpan(FLOW, null, 'flow.execute', '2025-05-01T10:00:00.900000Z', '2025-05-01T10:00:04.000000Z', {
          'dad.generic.component_id': 'main',
          'dad.generic.component_type': 'flow',
          'dad.generic.component_hierarchy': 'agent.main',
        }) +
        '\n',
    );
    await appendFile(join(runDir, '.trace', 'logs.jsonl'), 'rt"}\n');
    const added = await index.refresh();
    // The completed cut line is no span (no context), so it is reported; the flow replaces its stand-in.
    expect(added).toEqual({ spans: 1, logs: 1, metrics: 0 });
    const summary = await index.summary();
    expect(summary.syntheticSpanCount).toBe(0);
    expect(summary.notes).toEqual([]);
    expect(summary.problems.map((problem) => problem.line)).toEqual([3, 5]);
    const rows = index.spanRows({ collapsed: [], offset: 0, limit: 10 }).rows;
    expect(rows[0]).toMatchObject({ name: 'flow.execute', spanId: FLOW, status: 'OK', nodeType: 'flow' });
    expect(rows[0]?.synthetic).toBeUndefined();
    expect((await index.spanDetail(FLOW)).attributes['dad.generic.component_type']).toBe('flow');
    expect((await index.logLines({ offset: 4, limit: 1 })).lines[0]?.body).toBe('cut short');
    expect(await index.refresh()).toEqual({ spans: 0, logs: 0, metrics: 0 });
    await appendFile(
      join(runDir, '.trace', 'logs.jsonl'),
      dadLog('late', 9, 'INFO', '2025-05-01T10:00:05Z', null, '') + '\n',
    );
    const both = await Promise.all([index.refresh(), index.refresh()]);
    expect(both).toEqual([
      { spans: 0, logs: 1, metrics: 0 },
      { spans: 0, logs: 0, metrics: 0 },
    ]);
  });

  it('accepts empty files and reports missing ones', async () => {
    for (const file of ['trace.jsonl', 'logs.jsonl', 'metrics.jsonl'])
      await writeFile(join(runDir, '.trace', file), '');
    await writeFile(
      join(runDir, '.trace', 'dad_metadata.json'),
      '{"run_id": "r1", "created_at": "x", "status": "completed"}',
    );
    const empty = await RunIndex.open(runDir);
    const summary = await empty.summary();
    expect(summary).toMatchObject({
      status: 'completed',
      spanCount: 0,
      logCount: 0,
      startUs: null,
      problems: [],
      notes: [],
    });
    expect(empty.spanRows({ collapsed: [], offset: 0, limit: 10 })).toEqual({
      total: 0,
      offset: 0,
      rows: [],
    });
    expect(await empty.logLines({ offset: 0, limit: 10 })).toMatchObject({ total: 0, lines: [] });
    expect((await empty.metricSeries()).nodes).toEqual([]);

    await rm(join(runDir, '.trace', 'logs.jsonl'));
    await rm(join(runDir, '.trace', 'dad_metadata.json'));
    const missing = await RunIndex.open(runDir);
    const problems = (await missing.summary()).problems;
    expect(problems).toEqual([
      { file: '.trace/dad_metadata.json', line: null, message: '.trace/dad_metadata.json is missing' },
      { file: '.trace/logs.jsonl', line: null, message: '.trace/logs.jsonl is missing' },
    ]);
    expect((await missing.summary()).status).toBe('unknown');
    await writeFile(
      join(runDir, '.trace', 'logs.jsonl'),
      dadLog('now here', 9, 'INFO', '2025-05-01T10:00:00Z', null, '') + '\n',
    );
    expect(await missing.refresh()).toMatchObject({ logs: 1 });
    expect((await missing.summary()).problems.map((problem) => problem.file)).toEqual([
      '.trace/dad_metadata.json',
    ]);
    await expect(RunIndex.open(join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stops a text search once the page is full, and says more may follow', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(
        dadLog(
          `line ${i} ${i % 2 === 0 ? 'even' : 'odd'}`,
          9,
          'INFO',
          '2025-05-01T10:00:00.000000Z',
          null,
          '',
        ),
      );
    }
    await writeFile(join(runDir, '.trace', 'logs.jsonl'), lines.join('\n') + '\n');
    const index = await RunIndex.open(runDir);
    const first = await index.logLines({ offset: 0, limit: 10, text: 'odd' });
    expect(first).toMatchObject({ total: null, more: true });
    expect(first.lines.map((line) => line.index)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    const deep = await index.logLines({ offset: 1490, limit: 20, text: 'odd' });
    expect(deep.lines.map((line) => line.index)).toEqual([
      2981, 2983, 2985, 2987, 2989, 2991, 2993, 2995, 2997, 2999,
    ]);
    expect(deep).toMatchObject({ total: 1500, more: false });
    const back = await index.logLines({ offset: 5, limit: 2, text: 'odd' });
    expect(back).toMatchObject({ total: 1500, more: true });
    expect(back.lines.map((line) => line.index)).toEqual([11, 13]);
    // Two searches at once share what was matched, in order.
    const [even, evenAgain] = await Promise.all([
      index.logLines({ offset: 1400, limit: 3, text: 'even' }),
      index.logLines({ offset: 10, limit: 3, text: 'even' }),
    ]);
    expect(even.lines.map((line) => line.index)).toEqual([2800, 2802, 2804]);
    expect(evenAgain.lines.map((line) => line.index)).toEqual([20, 22, 24]);
  });

  it('reports at most the configured number of broken lines and counts the rest', async () => {
    const span = dadSpan(
      FLOW,
      null,
      'flow.execute',
      '2025-05-01T10:00:00.900000Z',
      '2025-05-01T10:00:04.000000Z',
      {},
    );
    await writeFile(
      join(runDir, '.trace', 'trace.jsonl'),
      'garbage\n'.repeat(7) + '[1, 2]\n  {"cut\n' + `  ${span}\n`,
    );
    const index = await RunIndex.open(runDir, { maxProblemsPerFile: 3 });
    const summary = await index.summary();
    const problems = summary.problems.filter((problem) => problem.file === '.trace/trace.jsonl');
    expect(problems.map((problem) => problem.line)).toEqual([1, 2, 3, null]);
    expect(problems[3]?.message).toBe('6 more broken lines not listed');
    // Lines past the cap are still read: the span after them is indexed.
    expect(summary.spanCount).toBe(1);
  });
});
