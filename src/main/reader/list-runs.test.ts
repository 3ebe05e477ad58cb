import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowDefinition } from '../engine/definitions/component';
import { NodeDefinition } from '../engine/definitions/node';
import { RunContext } from '../engine/run-context';
import { FlowRunner } from '../engine/runners/flow-runner';
import type { RunListEntry } from '../../shared/run-data';
import { testNodeTypes } from '../../../test-support/engine/test-node-types';
import { listEntryOf, listRuns } from './list-runs';
import { readRunLock } from './run-lock';

let root: string;
let runRoot: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-reader-runs-'));
  runRoot = join(root, 'runs');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const nodeSpan = (n: number, tokens?: number) =>
  JSON.stringify({
    name: 'ai_model_call.execute',
    context: { trace_id: '0x01', span_id: `0x${n.toString(16).padStart(16, '0')}`, trace_state: '[]' },
    parent_id: null,
    start_time: '2026-01-01T00:00:00.000000Z',
    end_time: '2026-01-01T00:00:01.000000Z',
    status: { status_code: 'OK' },
    attributes: {
      'dad.generic.node_id': `n${n}`,
      ...(tokens === undefined
        ? {}
        : {
            'dad.result.token_usage': JSON.stringify({ total_tokens: tokens }),
            'dad.node_internal.cost': tokens / 1000,
          }),
    },
  });

async function makeRun(
  path: string,
  options: {
    metadata?: string | Record<string, unknown>;
    lock?: unknown;
    spans?: string[];
    summary?: Record<string, unknown>;
  },
): Promise<string> {
  const dir = join(runRoot, path);
  await mkdir(join(dir, '.trace'), { recursive: true });
  await writeFile(
    join(dir, '.trace', 'trace.jsonl'),
    (options.spans ?? []).map((line) => line + '\n').join(''),
  );
  if (options.metadata !== undefined) {
    const text = typeof options.metadata === 'string' ? options.metadata : JSON.stringify(options.metadata);
    await writeFile(join(dir, '.trace', 'dad_metadata.json'), text);
  }
  if (options.lock !== undefined)
    await writeFile(join(dir, '.trace', 'run.lock'), JSON.stringify(options.lock));
  if (options.summary) await writeFile(join(dir, 'run_summary.json'), JSON.stringify(options.summary));
  return dir;
}

const initialized = (runId: string, createdAt: string) => ({
  run_id: runId,
  created_at: createdAt,
  status: 'initialized',
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

describe('listRuns', () => {
  it('lists every run with its true state, newest first, and never fails for one bad run', async () => {
    await makeRun('run_a_done', {
      metadata: {
        run_id: 'run_a_done',
        created_at: '2026-01-01T00:00:00Z',
        status: 'completed',
        completed_at: '2026-01-01T00:01:00Z',
        duration_seconds: 60,
        error: null,
      },
      spans: [nodeSpan(1, 10), nodeSpan(2)],
      summary: {
        run_id: 'run_a_done',
        root_component_id: 'agent',
        agg_usage_total_tokens: 99,
        agg_usage_cost: 0.5,
      },
    });
    await makeRun('run_b_dead', {
      metadata: initialized('run_b_dead', '2026-01-02T00:00:00Z'),
      lock: { pid: deadPid(), host: hostname() },
    });
    await makeRun('run_c_alive', {
      metadata: initialized('run_c_alive', '2026-01-03T00:00:00Z'),
      lock: { pid: process.pid, host: hostname() },
      spans: [nodeSpan(1, 7)],
    });
    await makeRun('run_d_nolock', { metadata: initialized('run_d_nolock', '2026-01-04T00:00:00Z') });
    await makeRun('run_e_corrupt', { metadata: '{"run_id": "run_e', spans: ['not json'] });
    await makeRun('run_f_nometa', {});
    await makeRun('run_g_elsewhere', {
      metadata: initialized('run_g_elsewhere', '2026-01-05T00:00:00Z'),
      lock: { pid: 1, host: 'another-machine' },
    });
    await makeRun('run_h_rerun', {
      metadata: {
        run_id: 'run_h_rerun',
        created_at: '2026-01-06T00:00:00Z',
        status: 'failed',
        error: 'element "x" failed: no',
        rerun_info: { previous_run_id: 'run_a_done', start_hierarchy_path: 'agent.main.x' },
      },
    });
    await makeRun('nightly/run_i_nested', {
      metadata: { run_id: 'run_i_nested', created_at: '2026-01-07T00:00:00Z', status: 'cancelled' },
    });
    await makeRun('deep/er/run_j_too_deep', {
      metadata: { run_id: 'run_j', created_at: '2026-01-08T00:00:00Z', status: 'completed' },
    });
    await makeRun('outcome/project', { metadata: { run_id: 'not_a_run', status: 'completed' } });
    await mkdir(join(runRoot, 'run_a_done', 'agent', 'main'), { recursive: true });

    const runs = await listRuns(runRoot);
    expect(runs.map((run) => [run.runId, run.status])).toEqual([
      ['run_i_nested', 'cancelled'],
      ['run_h_rerun', 'failed'],
      ['run_g_elsewhere', 'running'],
      ['run_d_nolock', 'interrupted'],
      ['run_c_alive', 'running'],
      ['run_b_dead', 'interrupted'],
      ['run_a_done', 'completed'],
      ['run_f_nometa', 'unknown'],
      ['run_e_corrupt', 'unknown'],
    ]);
    const byId = (id: string) => runs.find((run) => run.runId === id);
    expect(byId('run_a_done')).toEqual({
      runId: 'run_a_done',
      dir: join(runRoot, 'run_a_done'),
      rootComponentId: 'agent',
      status: 'completed',
      createdAt: '2026-01-01T00:00:00Z',
      completedAt: '2026-01-01T00:01:00Z',
      durationSeconds: 60,
      nodeCount: 2,
      tokens: 99,
      cost: 0.5,
      previousRunId: null,
      startHierarchyPath: null,
      error: null,
    });
    // No summary yet: tokens and cost are counted from the trace.
    expect(byId('run_c_alive')).toMatchObject({ nodeCount: 1, tokens: 7, cost: 0.007 });
    expect(byId('run_h_rerun')).toMatchObject({
      previousRunId: 'run_a_done',
      startHierarchyPath: 'agent.main.x',
      error: 'element "x" failed: no',
    });
    expect(byId('run_i_nested')?.dir).toBe(join(runRoot, 'nightly', 'run_i_nested'));
    expect(byId('run_e_corrupt')?.problems).toEqual([
      expect.stringMatching(/^\.trace\/dad_metadata\.json is not valid JSON/),
    ]);
    expect(byId('run_e_corrupt')?.nodeCount).toBe(0);
    expect(byId('run_f_nometa')?.problems).toEqual(['.trace/dad_metadata.json is missing']);
    expect(byId('run_g_elsewhere')?.problems).toEqual([expect.stringContaining('host another-machine')]);
    expect(byId('run_a_done')?.problems).toBeUndefined();
  });

  it('sees a run that is still writing its trace grow', async () => {
    const dir = await makeRun('run_live', {
      metadata: initialized('run_live', '2026-01-01T00:00:00Z'),
      lock: { pid: process.pid, host: hostname() },
      spans: [nodeSpan(1, 5)],
    });
    expect((await listRuns(runRoot))[0]).toMatchObject({ status: 'running', nodeCount: 1, tokens: 5 });
    await appendFile(join(dir, '.trace', 'trace.jsonl'), nodeSpan(2, 6) + '\n' + nodeSpan(3).slice(0, 40));
    expect((await listRuns(runRoot))[0]).toMatchObject({ nodeCount: 2, tokens: 11 });
    await appendFile(join(dir, '.trace', 'trace.jsonl'), nodeSpan(3).slice(40) + '\n');
    expect((await listRuns(runRoot))[0]).toMatchObject({ nodeCount: 3, tokens: 11 });
    await rm(join(dir, '.trace', 'run.lock'));
    expect((await listRuns(runRoot))[0]?.status).toBe('interrupted');
  });

  it('reads an ended run again when one of its files changes, even in place at the same size and time', async () => {
    const metadata = {
      run_id: 'run_x',
      created_at: '2026-01-01T00:00:00Z',
      status: 'completed',
      error: null,
    };
    const dir = await makeRun('run_x', { metadata, spans: [nodeSpan(1)] });
    expect((await listRuns(runRoot))[0]).toMatchObject({ status: 'completed', nodeCount: 1 });
    await appendFile(join(dir, '.trace', 'trace.jsonl'), nodeSpan(2) + '\n');
    expect((await listRuns(runRoot))[0]).toMatchObject({ nodeCount: 2 });
    // Rewritten in place at the same size, its times put back to the nanosecond (`touch -r`).
    const metadataFile = join(dir, '.trace', 'dad_metadata.json');
    execFileSync('touch', ['-r', metadataFile, join(root, 'times')]);
    await writeFile(metadataFile, JSON.stringify({ ...metadata, status: 'cancelled' }));
    execFileSync('touch', ['-r', join(root, 'times'), metadataFile]);
    expect(statSync(metadataFile).mtimeMs).toBe(statSync(join(root, 'times')).mtimeMs);
    expect((await listRuns(runRoot))[0]).toMatchObject({ status: 'cancelled', nodeCount: 2 });
    await writeFile(
      join(dir, 'run_summary.json'),
      JSON.stringify({ run_id: 'run_x', root_component_id: 'agent', agg_usage_total_tokens: 5 }),
    );
    expect((await listRuns(runRoot))[0]).toMatchObject({ rootComponentId: 'agent', tokens: 5 });
  });

  it('gives each caller its own entry: changing one never changes the next listing', async () => {
    const metadata = { run_id: 'run_y', created_at: '2026-01-01T00:00:00Z', status: 'completed' };
    const dir = await makeRun('run_y', { metadata, spans: [nodeSpan(1)] });
    const first = await listEntryOf(dir);
    first.status = 'running';
    first.nodeCount = 99;
    expect(await listEntryOf(dir)).toMatchObject({ status: 'completed', nodeCount: 1 });
    const [listed] = await listRuns(runRoot);
    (listed as RunListEntry).nodeCount = 99;
    expect((await listRuns(runRoot))[0]).toMatchObject({ status: 'completed', nodeCount: 1 });
  });

  it('counts the nodes of a run the engine wrote, and gives nothing for a runs folder that does not exist', async () => {
    expect(await listRuns(runRoot)).toEqual([]);
    const flow = new FlowDefinition()
      .node('one', new NodeDefinition('echo', { value: 1, tokens: 3, cost: 0.1 }))
      .node('two', new NodeDefinition('echo', { value: 2 }));
    const context = new RunContext({ rootComponentId: 'demo', projectRoot: root, enableOutcomeRepo: false });
    await new FlowRunner(flow, context, { nodeTypes: testNodeTypes() }).run();
    const [run] = await listRuns(runRoot);
    expect(run).toMatchObject({
      runId: context.runId,
      status: 'completed',
      rootComponentId: 'demo',
      nodeCount: 2,
      tokens: 4,
      cost: 0.1,
      error: null,
    });
    expect(run?.problems).toBeUndefined();
    expect(typeof run?.durationSeconds).toBe('number');
  });
});

describe('readRunLock', () => {
  it('tells a living holder from a dead one, and from a reused pid', async () => {
    const dir = await makeRun('run_lock', { lock: { pid: process.pid, host: hostname() } });
    expect(await readRunLock(dir)).toEqual({ kind: 'alive', pid: process.pid, host: hostname() });
    await writeFile(join(dir, '.trace', 'run.lock'), JSON.stringify({ pid: deadPid(), host: hostname() }));
    expect((await readRunLock(dir)).kind).toBe('dead');
    await writeFile(join(dir, '.trace', 'run.lock'), 'pid=12');
    expect(await readRunLock(dir)).toMatchObject({
      kind: 'unreadable',
      message: expect.stringContaining('not valid JSON'),
    });
    await rm(join(dir, '.trace', 'run.lock'));
    expect(await readRunLock(dir)).toEqual({ kind: 'none' });
    if (process.platform === 'linux') {
      // This process started after a lock dated 2001: the pid was reused, the writer is gone.
      await writeFile(
        join(dir, '.trace', 'run.lock'),
        JSON.stringify({ pid: process.pid, host: hostname() }),
      );
      await utimes(join(dir, '.trace', 'run.lock'), new Date('2001-01-01'), new Date('2001-01-01'));
      expect((await readRunLock(dir)).kind).toBe('dead');
    }
  });
});
