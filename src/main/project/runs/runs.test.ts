import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../../../../test-support/projects';
import { findRunDir, findRunDirs, listRuns, readRunDetail } from '.';
import { compareRuns } from '../../compare/compare-runs';

let runRoot: string;
let dir: string;

async function write(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(join(runRoot, path)), { recursive: true });
  await writeFile(join(runRoot, path), typeof value === 'string' ? value : JSON.stringify(value));
}

/** The pid of a process that has ended: nothing holds a lock naming it. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const result = (id: string, status: string, createdAt: string, tokens?: number) => ({
  executable_type: id === 'count' ? 'callback' : 'flow_node',
  node_identifier: id,
  execution_status: status,
  created_at: createdAt,
  ...(tokens ? { usage_total_tokens: tokens, usage_cost: 0.001 } : {}),
  ...(status === 'failed' ? { error: `${id} broke` } : {}),
});

const span = (path: string, type: string, ms: number) =>
  JSON.stringify({
    name: `${type}.execute`,
    attributes: {
      'dad.generic.node_hierarchy': path,
      'dad.generic.node_type': type,
      'dad.generic.execution_duration_ms': ms,
    },
  });

beforeAll(async () => {
  dir = await makeTempDir('dad-runs');
  runRoot = join(dir, 'runs');
  // A completed run: agent → flow main → [ask, loop each (2 iterations), count].
  const a = 'run_20240101_100000_aaaaaa';
  await write(`${a}/.trace/dad_metadata.json`, {
    run_id: a,
    created_at: '2024-01-01T10:00:00.000000Z',
    status: 'completed',
    completed_at: '2024-01-01T10:00:02.500000Z',
    duration_seconds: 2.5,
    error: null,
  });
  await write(`${a}/run_summary.json`, {
    run_id: a,
    root_component_id: 'demo',
    agg_usage_total_tokens: 30,
    agg_usage_cost: 0.002,
  });
  await write(`${a}/demo/component_result.json`, {
    executable_type: 'agent',
    execution_status: 'completed',
    execution_results: { main: {} },
    created_at: '2024-01-01T10:00:00.000000Z',
    completed_at: '2024-01-01T10:00:02.000000Z',
    agg_usage_total_tokens: 30,
  });
  await write(`${a}/demo/main/component_result.json`, {
    executable_type: 'flow',
    execution_status: 'completed',
    // Execution order, which is not the alphabetical order of the folders.
    execution_results: { ask: {}, each: {}, count: {} },
    created_at: '2024-01-01T10:00:00.000000Z',
    completed_at: '2024-01-01T10:00:02.000000Z',
  });
  await write(`${a}/demo/main/ask/result.json`, result('ask', 'completed', '2024-01-01T10:00:00.1Z', 10));
  for (const k of [0, 1]) {
    await write(`${a}/demo/main/each/iter_${k}/component_result.json`, {
      executable_type: 'flow',
      execution_status: 'completed',
      execution_results: { step: {} },
      created_at: `2024-01-01T10:00:0${k + 1}.000000Z`,
    });
    await write(
      `${a}/demo/main/each/iter_${k}/step/result.json`,
      result('step', 'completed', `2024-01-01T10:00:0${k + 1}.1Z`, 10),
    );
  }
  await write(`${a}/demo/main/count/result.json`, result('count', 'completed', '2024-01-01T10:00:01.9Z'));
  await write(
    `${a}/.trace/trace.jsonl`,
    [
      span('demo.main.ask', 'ai_model_call', 120),
      span('demo.main.each.iter_0.step', 'echo', 5),
      span('demo.main.each.iter_1.step', 'echo', 6),
      span('demo.main.count', 'callback', 1),
      '{"name": "cut sh', // a last line cut short by a crash
    ].join('\n'),
  );

  // A continuation of it that was killed: initialized, its lock naming a process that is gone.
  const b = 'rerun_20240101_110000_bbbbbb';
  await write(`${b}/.trace/dad_metadata.json`, {
    run_id: b,
    created_at: '2024-01-01T11:00:00.000000Z',
    status: 'initialized',
    rerun_info: { previous_run_id: a, start_hierarchy_path: 'count' },
  });
  await write(`${b}/.trace/run.lock`, { pid: deadPid(), host: hostname() });
  await write(`${b}/.trace/trace.jsonl`, '');
  await write(`${b}/demo/main/ask/result.json`, result('ask', 'completed', '2024-01-01T10:00:00.1Z', 10));
  await write(`${b}/demo/main/count/state.json`, {});

  // A run going on in this very process.
  const c = 'run_20240101_120000_cccccc';
  await write(`${c}/.trace/dad_metadata.json`, {
    run_id: c,
    created_at: '2024-01-01T12:00:00.000000Z',
    status: 'initialized',
  });
  await write(`${c}/.trace/run.lock`, { pid: process.pid, host: hostname() });

  // A run as DAD writes it (no lock file at all), under a run_root_subpath, that failed.
  const d = 'run_20231231_090000_dddddd';
  await write(`nightly/${d}/.trace/dad_metadata.json`, {
    run_id: d,
    created_at: '2023-12-31T09:00:00.000000Z',
    status: 'failed',
    error: 'element "main" failed',
  });
  await write(`nightly/${d}/demo/main/boom/result.json`, result('boom', 'failed', '2023-12-31T09:00:01Z'));

  // The outcome repository is not a run.
  await mkdir(join(runRoot, 'outcome', 'demo', '.trace'), { recursive: true });
});

afterAll(() => removeDir(dir));

describe('listing runs', () => {
  it('lists every run, newest first, with what its files say', async () => {
    const runs = await listRuns(runRoot);
    expect(runs.map((run) => [run.runId, run.status])).toEqual([
      ['run_20240101_120000_cccccc', 'running'],
      ['rerun_20240101_110000_bbbbbb', 'interrupted'],
      ['run_20240101_100000_aaaaaa', 'completed'],
      ['run_20231231_090000_dddddd', 'failed'],
    ]);
    expect(runs[2]).toMatchObject({
      rootComponentId: 'demo',
      durationSeconds: 2.5,
      tokens: 30,
      cost: 0.002,
      previousRunId: null,
    });
    expect(runs[1]).toMatchObject({
      rootComponentId: 'demo',
      previousRunId: 'run_20240101_100000_aaaaaa',
      startHierarchyPath: 'count',
    });
    expect(runs[3]).toMatchObject({ error: 'element "main" failed' });
    // Node counts come from the trace (these hand-made runs have none): see src/main/reader/list-runs.ts.
  });

  it('finds a run by id, also under a sub path, and names the root when it is not there', async () => {
    expect(await findRunDir(runRoot, 'run_20231231_090000_dddddd')).toBe(
      join(runRoot, 'nightly', 'run_20231231_090000_dddddd'),
    );
    await expect(findRunDir(runRoot, 'run_nope')).rejects.toThrow(`no run "run_nope" in ${runRoot}`);
    await expect(findRunDir(runRoot, '../x')).rejects.toThrow('is not a run id');
  });
});

describe('a run in detail', () => {
  it('builds the node tree in execution order with types, durations and statuses', async () => {
    const detail = await readRunDetail(join(runRoot, 'run_20240101_100000_aaaaaa'));
    const rows: string[] = [];
    const visit = (node: NonNullable<typeof detail.tree>, depth: number) => {
      rows.push(
        `${'  '.repeat(depth)}${node.name} ${node.nodeType ?? node.kind} ${node.status} ${node.durationMs ?? '-'}`,
      );
      node.children.forEach((child) => visit(child, depth + 1));
    };
    visit(detail.tree as NonNullable<typeof detail.tree>, 0);
    expect(rows).toEqual([
      'demo agent completed 2000',
      '  main flow completed 2000',
      '    ask ai_model_call completed 120',
      '    each loop completed -',
      '      iter_0 iteration completed -',
      '        step echo completed 5',
      '      iter_1 iteration completed -',
      '        step echo completed 6',
      '    count callback completed 1',
    ]);
    expect(detail.summary).toMatchObject({ agg_usage_total_tokens: 30 });
  });

  it('marks the nodes of a continuation that were loaded from the earlier run, and leaves unfinished ones open', async () => {
    const detail = await readRunDetail(join(runRoot, 'rerun_20240101_110000_bbbbbb'));
    const main = detail.tree?.children[0];
    expect(main?.children.map((node) => [node.name, node.status, node.reusedFrom])).toEqual([
      ['ask', 'completed', 'run_20240101_100000_aaaaaa'],
      ['count', null, null],
    ]);
    expect(main?.status).toBeNull();
    expect(detail.run.status).toBe('interrupted');
  });
});

describe('one reading of a run for the detail, the list and the comparison', () => {
  it('a node span without a recorded duration shows the duration its times give, as the comparison does', async () => {
    const root = await makeTempDir('dad-runs-detail');
    try {
      const runDir = join(root, 'run_20240102_100000_cccccc');
      await mkdir(join(runDir, '.trace'), { recursive: true });
      await mkdir(join(runDir, 'demo', 'ask'), { recursive: true });
      await writeFile(
        join(runDir, '.trace', 'dad_metadata.json'),
        JSON.stringify({ run_id: 'run_20240102_100000_cccccc', status: 'completed' }),
      );
      await writeFile(join(runDir, 'run_summary.json'), JSON.stringify({ root_component_id: 'demo' }));
      await writeFile(
        join(runDir, 'demo', 'ask', 'result.json'),
        JSON.stringify(result('ask', 'completed', '2024-01-02T10:00:00.000000Z')),
      );
      // Written by an older writer: no execution_duration_ms, only the span's own times.
      await writeFile(
        join(runDir, '.trace', 'trace.jsonl'),
        JSON.stringify({
          name: 'ai_model_call.execute',
          start_time: '2024-01-02T10:00:00.000000Z',
          end_time: '2024-01-02T10:00:00.250000Z',
          attributes: { 'dad.generic.node_hierarchy': 'demo.ask', 'dad.generic.node_type': 'ai_model_call' },
        }) + '\n',
      );
      const detail = await readRunDetail(runDir);
      const ask = detail.tree?.children.find((node) => node.name === 'ask');
      expect(ask).toMatchObject({ nodeType: 'ai_model_call', durationMs: 250, reusedFrom: null });
      const comparison = await compareRuns({ runDirA: runDir, runDirB: runDir });
      expect(comparison.nodes.find((node) => node.hierarchyPath === 'demo.ask')).toMatchObject({
        durationMsA: 250,
      });
      expect(detail.metadata).toMatchObject({ status: 'completed' });
      expect(detail.summary).toEqual({ root_component_id: 'demo' });
    } finally {
      await removeDir(root);
    }
  });

  it('finds the run folders the run list shows: a hidden folder being set up is not one', async () => {
    const root = await makeTempDir('dad-runs-find');
    try {
      await mkdir(join(root, 'run_20240103_100000_dddddd', '.trace'), { recursive: true });
      await mkdir(join(root, '.setup-run_20240103_100001_eeeeee', '.trace'), { recursive: true });
      const listed = (await listRuns(root)).map((run) => run.dir);
      expect(listed).toEqual([join(root, 'run_20240103_100000_dddddd')]);
      expect(await findRunDirs(root)).toEqual(listed);
    } finally {
      await removeDir(root);
    }
  });
});
