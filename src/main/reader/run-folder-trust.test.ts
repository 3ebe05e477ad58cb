import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDad } from '../../../test-support/cli/dad-process';
import { makeTempDir, removeDir } from '../../../test-support/projects';
import { openTestService } from '../../../test-support/service';
import type { FileProblem, RunListEntry, RunSummary } from '../../shared/run-data';
import { importTraceFile } from './imports';
import { readRunStaticInputs } from './run-static-inputs';

/**
 * A copied runs folder is data from someone else: links planted in it must not lead the readers
 * to the user's files, FIFOs and devices must not hang them, and nothing a file holds may appear
 * in a message. Every answer below is searched for the content of a secret file outside the
 * folder, which the planted links point at.
 */

const CANARY = `canary_${randomBytes(8).toString('hex')}`;
const RUN = 'run_20260101_100000_aaaaaa';
const OTHER = 'run_20260101_110000_bbbbbb';
const LINKED = 'run_20260101_120000_cccccc';
const HANG_LIMIT_MS = 10_000;

let root: string;
let runs: string;
let outside: string;

const iso = (second: number) => `2026-01-01T10:00:0${second}.000000Z`;
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/** A span line in the engine's shape; `word` goes into every text it holds. */
function spanLine(n: number, word: string, parent: number | null): string {
  return JSON.stringify({
    name: `${word}.execute`,
    context: { trace_id: `0x${hex(1, 32)}`, span_id: `0x${hex(n, 16)}`, trace_state: '[]' },
    kind: 'SpanKind.INTERNAL',
    parent_id: parent === null ? null : `0x${hex(parent, 16)}`,
    start_time: iso(n),
    end_time: iso(n + 1),
    status: { status_code: 'OK' },
    attributes: {
      'dad.generic.node_id': `${word}_${n}`,
      'dad.generic.node_hierarchy': `demo.a${n}`,
      'dad.generic.execution_duration_ms': 1000,
      'dad.node_internal.final_prompt': word,
    },
    events: [],
    links: [],
  });
}

function logLine(n: number, word: string): string {
  return JSON.stringify({
    body: `${word} log ${n}`,
    severity_number: 9,
    severity_text: 'INFO',
    attributes: { node_id: word },
    timestamp: iso(n),
    trace_id: hex(1, 32),
    span_id: hex(2, 16),
  });
}

function metricsLine(word: string): string {
  return JSON.stringify({
    resource_metrics: [
      {
        resource: { attributes: { 'service.name': word } },
        scope_metrics: [
          {
            scope: { name: 'dhenara.dad.node' },
            metrics: [
              {
                name: 'node_execution_success',
                description: word,
                unit: '1',
                data: {
                  data_points: [
                    { attributes: { node_id: word }, time_unix_nano: 1767261602000000000, value: 1 },
                  ],
                  aggregation_temporality: 2,
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function write(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** A finished run by hand, every text in it saying `word`. */
async function writeRun(dir: string, runId: string, word: string): Promise<void> {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  await write(
    join(dir, '.trace', 'dad_metadata.json'),
    json({
      run_id: runId,
      created_at: iso(0),
      status: 'completed',
      completed_at: iso(5),
      duration_seconds: 5,
      error: word,
    }),
  );
  await write(join(dir, '.trace', 'trace.jsonl'), `${spanLine(2, word, 1)}\n${spanLine(1, word, null)}\n`);
  await write(join(dir, '.trace', 'logs.jsonl'), `${logLine(1, word)}\n${logLine(2, word)}\n`);
  await write(join(dir, '.trace', 'metrics.jsonl'), `${metricsLine(word)}\n`);
  await write(
    join(dir, 'run_summary.json'),
    json({ run_id: runId, root_component_id: 'demo', agg_usage_total_tokens: 30, agg_usage_cost: 0.5 }),
  );
  await write(join(dir, 'static_inputs', 'static_inputs.json'), json({ a2: { prompt: word } }));
  await write(
    join(dir, 'demo', 'a2', 'result.json'),
    json({
      executable_type: 'flow_node',
      node_identifier: 'a2',
      execution_status: 'completed',
      created_at: iso(2),
      usage_total_tokens: 30,
      output: { data: { text: word } },
    }),
  );
  await write(
    join(dir, 'demo', 'component_result.json'),
    json({
      executable_type: 'flow',
      execution_status: 'completed',
      execution_results: { a2: {} },
      error: null,
    }),
  );
}

beforeEach(async () => {
  root = await makeTempDir('dad-run-trust');
  runs = join(root, 'runs');
  outside = await makeTempDir('dad-run-trust-secret');
  await writeRun(join(runs, RUN), RUN, 'good');
  await writeRun(join(runs, OTHER), OTHER, 'other');
  // The user's own files, outside the runs folder: a run in their shapes, and plain text.
  await writeRun(join(outside, 'secret-run'), CANARY, CANARY);
  await write(join(outside, 'secret.txt'), `${CANARY} is not JSON\n`);
});

afterEach(async () => {
  await removeDir(root);
  await removeDir(outside);
});

/** Replaces a file of a run with a symbolic link to `target`. */
async function plantLink(runId: string, file: string, target: string): Promise<void> {
  const path = join(runs, runId, file);
  await rm(path, { recursive: true, force: true });
  await symlink(target, path);
}

async function plantFifo(runId: string, file: string): Promise<void> {
  const path = join(runs, runId, file);
  await rm(path, { force: true });
  execFileSync('mkfifo', [path]);
}

const secretFile = (file: string) => join(outside, 'secret-run', file);

/** Everything the service answers about the project and one run; a call that fails gives its message. */
async function serviceAnswers(runId: string) {
  const { service, session } = await openTestService(root);
  const handlers = service.handlers as unknown as Record<string, (payload: unknown, s: unknown) => unknown>;
  const call = async (name: string, payload: unknown): Promise<unknown> => {
    try {
      return await handlers[name]?.(payload, session);
    } catch (error) {
      return { failed: (error as Error).message };
    }
  };
  try {
    const list = (await call('listRuns', undefined)) as RunListEntry[];
    const summary = (await call('runSummary', { runId })) as RunSummary & { failed?: string };
    const rows = (await call('spanRows', { runId, collapsed: [], offset: 0, limit: 100 })) as {
      rows?: { spanId: string }[];
    };
    const details = await Promise.all(
      (rows.rows ?? []).map((row) => call('spanDetail', { runId, spanId: row.spanId })),
    );
    const logs = (await call('logLines', { runId, offset: 0, limit: 100 })) as { lines?: unknown[] };
    const metrics = await call('metricSeries', { runId });
    const everything = JSON.stringify([list, summary, rows, details, logs, metrics]);
    return { list, entry: list.find((run) => run.runId === runId), summary, rows, logs, everything };
  } finally {
    await service.shutdown();
  }
}

function expectProblem(problems: FileProblem[] | undefined, file: string, pattern: RegExp): void {
  expect(problems ?? []).toContainEqual(
    expect.objectContaining({ file, line: null, message: expect.stringMatching(pattern) }),
  );
}

describe('a run folder read through the service', { timeout: HANG_LIMIT_MS }, () => {
  it('refuses a linked dad_metadata.json, naming it, and still loads the run', async () => {
    await plantLink(RUN, '.trace/dad_metadata.json', secretFile('.trace/dad_metadata.json'));
    const answers = await serviceAnswers(RUN);
    expect(answers.everything).not.toContain(CANARY);
    expect(answers.entry?.problems).toContainEqual(
      expect.stringMatching(/dad_metadata\.json: is a symbolic link/),
    );
    expectProblem(answers.summary.problems, '.trace/dad_metadata.json', /symbolic link/);
    expect(answers.summary.spanCount).toBe(2);
    expect(answers.logs.lines).toHaveLength(2);
  });

  it('refuses a linked run_summary.json', async () => {
    await plantLink(RUN, 'run_summary.json', secretFile('run_summary.json'));
    const answers = await serviceAnswers(RUN);
    expect(answers.everything).not.toContain(CANARY);
    expect(answers.entry?.problems).toContainEqual(
      expect.stringMatching(/^run_summary\.json: is a symbolic link/),
    );
    expect(answers.entry?.status).toBe('completed');
    expectProblem(answers.summary.problems, 'run_summary.json', /symbolic link/);
  });

  it('refuses a linked logs.jsonl and keeps the trace', async () => {
    await plantLink(RUN, '.trace/logs.jsonl', secretFile('.trace/logs.jsonl'));
    const answers = await serviceAnswers(RUN);
    expect(answers.everything).not.toContain(CANARY);
    expectProblem(answers.summary.problems, '.trace/logs.jsonl', /symbolic link/);
    expect(answers.summary.spanCount).toBe(2);
    expect(answers.logs.lines).toEqual([]);
  });

  it('answers at once when logs.jsonl leads to /dev/zero', async () => {
    await plantLink(RUN, '.trace/logs.jsonl', '/dev/zero');
    const answers = await serviceAnswers(RUN);
    expectProblem(answers.summary.problems, '.trace/logs.jsonl', /symbolic link/);
    expect(answers.summary.spanCount).toBe(2);
  });

  it('opens the project and answers when trace.jsonl is a FIFO, and reads the rest of the run', async () => {
    await plantFifo(RUN, '.trace/trace.jsonl');
    const answers = await serviceAnswers(RUN);
    expect(answers.entry?.problems).toContainEqual(
      expect.stringMatching(/trace\.jsonl: is not a regular file/),
    );
    expectProblem(answers.summary.problems, '.trace/trace.jsonl', /not a regular file/);
    expect(answers.logs.lines).toHaveLength(2);
  });

  it('refuses a linked .trace folder', async () => {
    await plantLink(RUN, '.trace', join(outside, 'secret-run', '.trace'));
    const answers = await serviceAnswers(RUN);
    expect(answers.everything).not.toContain(CANARY);
    expectProblem(answers.summary.problems, '.trace/trace.jsonl', /^\.trace: is a symbolic link/);
    expect(answers.entry?.rootComponentId).toBe('demo');
  });

  it('lists a run folder that is a link as refused, and never reads through it', async () => {
    await symlink(join(outside, 'secret-run'), join(runs, LINKED));
    const answers = await serviceAnswers(LINKED);
    expect(answers.everything).not.toContain(CANARY);
    expect(answers.entry).toMatchObject({
      status: 'unknown',
      problems: [expect.stringMatching(/symbolic link/)],
    });
    expect(answers.summary.failed).toBeDefined();
    expect(answers.list.map((run) => run.runId).sort()).toEqual([RUN, OTHER, LINKED].sort());
  });

  it('does not read through a run folder linked to another run of the same project', async () => {
    await symlink(join(runs, OTHER), join(runs, LINKED));
    const answers = await serviceAnswers(LINKED);
    expect(answers.entry).toMatchObject({
      status: 'unknown',
      problems: [expect.stringMatching(/symbolic link/)],
    });
    expect(answers.summary.failed).toMatch(/symbolic link/);
    expect(answers.rows.rows ?? []).toEqual([]);
  });

  it('does not read a linked or FIFO run.lock', async () => {
    const initialized = JSON.stringify({ run_id: RUN, created_at: iso(0), status: 'initialized' });
    await writeFile(join(runs, RUN, '.trace', 'dad_metadata.json'), initialized);
    await writeFile(join(outside, 'lock.json'), JSON.stringify({ pid: process.pid, host: CANARY }));
    await plantLink(RUN, '.trace/run.lock', join(outside, 'lock.json'));
    const linked = await serviceAnswers(RUN);
    expect(linked.everything).not.toContain(CANARY);
    expect(linked.entry?.status).toBe('interrupted');
    expect(linked.entry?.problems).toContainEqual(expect.stringMatching(/run\.lock: is a symbolic link/));
    await plantFifo(RUN, '.trace/run.lock');
    const fifo = await serviceAnswers(RUN);
    expect(fifo.entry?.problems).toContainEqual(expect.stringMatching(/run\.lock: is not a regular file/));
  });

  it('does not read a linked import record', async () => {
    await writeFile(
      join(outside, 'import.json'),
      JSON.stringify({ format: 'otlp-json', sourceFile: CANARY, traceId: CANARY }),
    );
    await plantLink(RUN, '.trace/import.json', join(outside, 'import.json'));
    const answers = await serviceAnswers(RUN);
    expect(answers.everything).not.toContain(CANARY);
    expectProblem(answers.summary.problems, '.trace/import.json', /symbolic link/);
  });

  it('names a broken trace line by file and line without quoting it', async () => {
    const trace = join(runs, RUN, '.trace', 'trace.jsonl');
    await writeFile(trace, `${spanLine(1, 'good', null)}\n{"name": "x" ${CANARY}}\n${CANARY} plain\n`);
    const answers = await serviceAnswers(RUN);
    expect(answers.everything).not.toContain(CANARY);
    const broken = answers.summary.problems.filter((problem) => problem.file === '.trace/trace.jsonl');
    // Not even the start of the line (JSON.parse's own message quotes its first characters).
    expect(JSON.stringify(broken)).not.toContain('canary');
    expect(broken.map((problem) => problem.line)).toEqual([2, 3]);
    expect(broken[0]?.message).toBe(
      ".trace/trace.jsonl line 2: not valid JSON (',' or '}' was expected, column 14)",
    );
    expect(broken[1]?.message).toBe('.trace/trace.jsonl line 3: not valid JSON (an unexpected character)');
    expect(answers.summary.spanCount).toBe(1);
  });

  it('refuses a JSON file larger than the bound, saying so', async () => {
    await writeFile(join(runs, RUN, 'run_summary.json'), `{"pad": "${'x'.repeat(9 << 20)}"}`);
    const answers = await serviceAnswers(RUN);
    expect(answers.entry?.problems).toContainEqual(
      expect.stringMatching(/^run_summary\.json: is 9\.0 MiB, more than the 8\.0 MiB read from such a file/),
    );
    expect(answers.summary.spanCount).toBe(2);
  });

  it('compares runs without reading a linked result.json or trace', async () => {
    await plantLink(OTHER, 'demo/a2/result.json', secretFile('demo/a2/result.json'));
    await plantLink(OTHER, '.trace/trace.jsonl', secretFile('.trace/trace.jsonl'));
    const { service, session } = await openTestService(root);
    try {
      const comparison = (await service.handlers.compareRuns({ runA: RUN, runB: OTHER }, session)) as {
        problems: string[];
      };
      expect(JSON.stringify(comparison)).not.toContain(CANARY);
      expect(comparison.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/demo\/a2\/result\.json: is a symbolic link/),
          expect.stringMatching(/trace\.jsonl: is a symbolic link/),
        ]),
      );
    } finally {
      await service.shutdown();
    }
  });
});

describe('files read through the reader API', { timeout: HANG_LIMIT_MS }, () => {
  it('refuses linked static inputs, naming the file', async () => {
    await plantLink(RUN, 'static_inputs/static_inputs.json', secretFile('static_inputs/static_inputs.json'));
    const error = await readRunStaticInputs(join(runs, RUN)).catch((thrown: unknown) => thrown as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^static_inputs\/static_inputs\.json: is a symbolic link/);
    expect((error as Error).message).not.toContain(CANARY);
    expect(await readRunStaticInputs(join(runs, OTHER))).toEqual({ a2: { prompt: 'other' } });
  });

  it('refuses a FIFO picked as a trace file instead of waiting on it', async () => {
    const fifo = join(outside, 'trace.json');
    execFileSync('mkfifo', [fifo]);
    await expect(importTraceFile(fifo, join(root, 'imports'))).rejects.toThrow(
      `${fifo}: it is not a regular file (a FIFO, socket or device); not read`,
    );
  });
});

describe('the runs commands', { timeout: 4 * HANG_LIMIT_MS }, () => {
  const dad = (args: string[]) =>
    runDad([...args, '--project-root', root], { cwd: root, timeoutMs: HANG_LIMIT_MS });

  beforeEach(async () => {
    await write(
      join(root, '.dhenara', 'config.yaml'),
      'project:\n  name: Copied runs\n  identifier: copied\n',
    );
  });

  it('`dad runs list` ends with a FIFO trace and a linked run, printing the problems', async () => {
    await plantFifo(RUN, '.trace/trace.jsonl');
    await plantLink(OTHER, '.trace/logs.jsonl', '/dev/zero');
    await plantLink(OTHER, 'run_summary.json', secretFile('run_summary.json'));
    await symlink(join(outside, 'secret-run'), join(runs, LINKED));
    const result = await dad(['runs', 'list']);
    expect(result.stdout + result.stderr).not.toContain(CANARY);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${RUN}: .trace/trace.jsonl: is not a regular file`);
    expect(result.stdout).toContain(`${OTHER}: run_summary.json: is a symbolic link`);
    expect(result.stdout).toContain(`${LINKED}: ${LINKED}: is a symbolic link`);
  });

  it('`dad runs show` refuses a linked run and names what it left out of another', async () => {
    await symlink(join(outside, 'secret-run'), join(runs, LINKED));
    const linked = await dad(['runs', 'show', LINKED]);
    expect(linked.stdout + linked.stderr).not.toContain(CANARY);
    expect(linked.code).toBe(1);
    expect(linked.stderr).toMatch(/is a symbolic link/);

    await plantLink(RUN, 'demo/a2/result.json', secretFile('demo/a2/result.json'));
    await plantLink(RUN, '.trace/dad_metadata.json', secretFile('.trace/dad_metadata.json'));
    await plantFifo(RUN, '.trace/trace.jsonl');
    const shown = await dad(['runs', 'show', RUN]);
    expect(shown.stdout + shown.stderr).not.toContain(CANARY);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/problem +demo\/a2\/result\.json: is a symbolic link/);
    expect(shown.stdout).toMatch(/problem +\.trace\/dad_metadata\.json: is a symbolic link/);
  });

  it('`dad runs diff` refuses a linked run and names linked files of the runs it compares', async () => {
    await symlink(join(outside, 'secret-run'), join(runs, LINKED));
    const linked = await dad(['runs', 'diff', RUN, LINKED]);
    expect(linked.stdout + linked.stderr).not.toContain(CANARY);
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain(`${LINKED} is a symbolic link`);

    await plantLink(OTHER, 'demo/a2/result.json', secretFile('demo/a2/result.json'));
    await unlink(join(runs, OTHER, '.trace', 'logs.jsonl'));
    await plantFifo(OTHER, '.trace/trace.jsonl');
    const diff = await dad(['runs', 'diff', RUN, OTHER]);
    expect(diff.stdout + diff.stderr).not.toContain(CANARY);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/demo\/a2\/result\.json: is a symbolic link/);
    expect(diff.stdout).toMatch(/trace\.jsonl: is not a regular file/);
  });
});
