import { readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resultFiles, runDad, runIdAndDir } from '../../../test-support/cli/dad-process';
import { copySampleProject, makeTempDir, removeDir } from '../../../test-support/projects';

/**
 * Our run files read by an independent reader written here to DAD's published field names
 * (run-system spec §3, §4, §6), not by the project's own reader: a drift in either is caught.
 */

const TRACE_ID = /^0x[0-9a-f]{32}$/;
const SPAN_ID = /^0x[0-9a-f]{16}$/;
/** UTC ISO with microseconds and Z, as Python's OpenTelemetry SDK writes it. */
const ISO_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const iso = z.string().regex(ISO_MICROS);
const DAD_ATTRIBUTE = /^dad\.[a-z_]+\.[a-z_]+$/;
const SPAN_NAME =
  /^(AgentRunner\.run_agent|FlowRunner\.run_flow|agent\.execute|flow\.execute|[a-z_]+\.execute)$/;

/** An OpenTelemetry attribute value: a primitive or a list of one primitive type. */
const attributeValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.number()),
  z.array(z.boolean()),
]);
const resource = z.strictObject({
  attributes: z.looseObject({
    'service.name': z.string(),
    'telemetry.sdk.language': z.string(),
    'telemetry.sdk.name': z.string(),
    'telemetry.sdk.version': z.string(),
  }),
  schema_url: z.literal(''),
});

const spanLine = z.strictObject({
  name: z.string().regex(SPAN_NAME),
  context: z.strictObject({
    trace_id: z.string().regex(TRACE_ID),
    span_id: z.string().regex(SPAN_ID),
    trace_state: z.literal('[]'),
  }),
  kind: z.literal('SpanKind.INTERNAL'),
  parent_id: z.string().regex(SPAN_ID).nullable(),
  start_time: iso,
  end_time: iso,
  status: z.strictObject({
    status_code: z.enum(['OK', 'ERROR', 'UNSET']),
    description: z.string().optional(),
  }),
  attributes: z.record(z.string().regex(DAD_ATTRIBUTE), attributeValue),
  events: z.array(
    z.strictObject({ name: z.string(), timestamp: iso, attributes: z.record(z.string(), attributeValue) }),
  ),
  links: z.array(z.unknown()).length(0),
  resource,
});

const logLine = z.strictObject({
  body: z.string(),
  severity_number: z.number().int().min(1).max(24),
  severity_text: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']),
  attributes: z.looseObject({
    node_id: z.string().optional(),
    component_id: z.string().optional(),
    trace_id: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .optional(),
    span_id: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
  }),
  // Not in the spec's list, but part of the OpenTelemetry log record JSON DAD's SDK writes.
  dropped_attributes: z.number().int().optional(),
  timestamp: iso,
  observed_timestamp: iso,
  trace_id: z.string().regex(TRACE_ID).nullable(),
  span_id: z.string().regex(SPAN_ID).nullable(),
  trace_flags: z.number().int().nullable(),
  resource,
});

const metricsLine = z.strictObject({
  resource_metrics: z.array(
    z.strictObject({
      resource,
      scope_metrics: z.array(
        z.strictObject({
          scope: z.looseObject({ name: z.string() }),
          metrics: z.array(
            z.strictObject({
              name: z.string(),
              description: z.string(),
              unit: z.string(),
              data: z.looseObject({
                data_points: z.array(z.looseObject({ attributes: z.record(z.string(), attributeValue) })),
                aggregation_temporality: z.literal(2),
              }),
            }),
          ),
          schema_url: z.string().optional(),
        }),
      ),
      schema_url: z.string().optional(),
    }),
  ),
});

const metadata = z.strictObject({
  run_id: z.string(),
  created_at: iso,
  status: z.enum(['completed', 'failed', 'cancelled', 'timeout']),
  completed_at: iso,
  duration_seconds: z.number().nonnegative(),
  error: z.string().nullable(),
  rerun_info: z
    .strictObject({ previous_run_id: z.string(), start_hierarchy_path: z.string().nullable() })
    .optional(),
  // Beyond the spec: the run's outcome branch and last commit (a DAD reader ignores unknown keys).
  outcome: z.strictObject({ branch: z.string(), final_commit: z.string().nullable() }).optional(),
});

/** `NodeExecutionResult`: null fields are left out, so none may be null. */
const nodeResult = z.strictObject({
  executable_type: z.enum(['flow_node', 'callback']),
  node_identifier: z.string(),
  execution_status: z.enum(['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout']),
  input: z
    .unknown()
    .refine((value) => value !== null)
    .optional(),
  output: z.looseObject({ data: z.unknown() }).optional(),
  outcome: z
    .unknown()
    .refine((value) => value !== null)
    .optional(),
  error: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
  created_at: iso,
  usage_cost: z.number().optional(),
  usage_charge: z.number().optional(),
  usage_prompt_tokens: z.number().int().optional(),
  usage_completion_tokens: z.number().int().optional(),
  usage_total_tokens: z.number().int().optional(),
});

/** The output `data` and outcome keys §3 lists per node type. */
const OUTPUT_KEYS: Record<string, { data: string[]; outcome: string[] }> = {
  // `structured` and `files` are null (so left out) for a plain-text answer.
  'ai_model_call.execute': { data: ['response'], outcome: ['text'] },
  'command.execute': { data: ['all_succeeded', 'results'], outcome: ['results'] },
  'file_operation.execute': {
    data: [
      'base_directory',
      'success',
      'errors',
      'operations_count',
      'successful_operations',
      'failed_operations',
    ],
    outcome: ['base_directory', 'results'],
  },
  'folder_analyzer.execute': { data: [], outcome: ['base_directory', 'results'] },
  'callback.execute': { data: ['callable_result'], outcome: ['callable_result'] },
};

type Span = z.infer<typeof spanLine>;

/** Every line of a .jsonl file parsed and checked; a failure names the file and the line. */
async function readLines<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n'), `${file} ends with a newline`).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, index) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

/** The spans form one tree: one trace, one root, each parent present and written after its children. */
function expectOneTree(spans: Span[]): void {
  const lineOf = new Map(spans.map((span, line) => [span.context.span_id, line]));
  expect(lineOf.size, 'span ids are unique').toBe(spans.length);
  expect(new Set(spans.map((span) => span.context.trace_id)).size, 'one trace').toBe(1);
  const roots = spans.filter((span) => span.parent_id === null);
  expect(roots).toHaveLength(1);
  expect(['AgentRunner.run_agent', 'FlowRunner.run_flow']).toContain(roots[0]?.name);
  expect(spans.at(-1)?.parent_id, 'the root ends last').toBeNull();
  for (const [line, span] of spans.entries()) {
    expect(span.start_time <= span.end_time, `${span.name} ends after it starts`).toBe(true);
    if (span.parent_id === null) continue;
    const parentLine = lineOf.get(span.parent_id);
    expect(parentLine, `the parent of line ${line + 1} is in the file`).toBeDefined();
    expect(parentLine as number, `line ${line + 1} comes before its parent`).toBeGreaterThan(line);
    const parent = spans[parentLine as number] as Span;
    expect(parent.start_time <= span.start_time && span.end_time <= parent.end_time).toBe(true);
  }
}

let dir: string;
let project: string;
beforeAll(async () => {
  dir = await makeTempDir('dad-spec-reader');
  project = await copySampleProject(join(dir, 'project'));
});
afterAll(() => removeDir(dir));

async function runAgent(agentId: string, extra: string[] = []): Promise<string> {
  const run = await runDad(['agent', 'run', agentId, '--project-root', project, ...extra]);
  return runIdAndDir(run.stdout).runDir;
}

async function checkRunDirectory(runDir: string, expectedStatus: string): Promise<Span[]> {
  const trace = join(runDir, '.trace');
  const spans = await readLines(join(trace, 'trace.jsonl'), spanLine);
  expectOneTree(spans);
  const spanIds = new Set(spans.map((span) => span.context.span_id));
  const traceId = spans[0]?.context.trace_id;

  for (const span of spans.filter((each) => each.status.status_code === 'ERROR')) {
    expect(span.status.description, `${span.name} says why it failed`).toMatch(/\S/);
  }
  // An error raised in a node is kept as an `exception` event with its type, message and stack.
  for (const event of spans.flatMap((span) => span.events).filter((each) => each.name === 'exception')) {
    expect(Object.keys(event.attributes)).toEqual(
      expect.arrayContaining(['exception.message', 'exception.stacktrace', 'exception.type']),
    );
  }

  const logs = await readLines(join(trace, 'logs.jsonl'), logLine);
  expect(logs.length).toBeGreaterThan(0);
  for (const log of logs) {
    if (log.span_id === null) continue;
    expect(spanIds.has(log.span_id), `log "${log.body.slice(0, 40)}" names a span of the run`).toBe(true);
    expect(log.trace_id).toBe(traceId);
    if (log.attributes.span_id) expect(`0x${log.attributes.span_id}`).toBe(log.span_id);
  }

  const exports = await readLines(join(trace, 'metrics.jsonl'), metricsLine);
  const last = exports.at(-1);
  const scopes = new Map(
    (last?.resource_metrics ?? []).flatMap((entry) =>
      entry.scope_metrics.map((scope) => [scope.scope.name, scope.metrics] as const),
    ),
  );
  const nodeDuration = scopes
    .get('dhenara.dad.node')
    ?.find((metric) => metric.name === 'node_execution_duration');
  expect(nodeDuration?.unit).toBe('ms');
  for (const point of nodeDuration?.data.data_points ?? []) {
    expect(Object.keys(point.attributes).sort()).toEqual(['node_id', 'node_type']);
  }
  const countedRuns = (nodeDuration?.data.data_points ?? []).reduce(
    (sum, point) => sum + Number(point.count),
    0,
  );
  const nodeSpans = spans.filter(
    (span) => 'dad.generic.node_type' in span.attributes && span.name !== 'callback.execute',
  );
  expect(countedRuns, 'the last metrics export holds every node run').toBe(nodeSpans.length);

  const meta = metadata.parse(JSON.parse(await readFile(join(trace, 'dad_metadata.json'), 'utf8')));
  expect(meta.status).toBe(expectedStatus);
  expect(runDir.endsWith(`${sep}${meta.run_id}`)).toBe(true);

  // Every node span has its node's result.json, at the folder its hierarchy names.
  const resultDirs = await resultFiles(runDir);
  const nodeFolders = spans
    .filter((span) => typeof span.attributes['dad.generic.node_hierarchy'] === 'string')
    .map((span) => String(span.attributes['dad.generic.node_hierarchy']).split('.').join('/'))
    .sort();
  expect(resultDirs).toEqual(nodeFolders);
  for (const span of spans.filter((each) => 'dad.generic.node_hierarchy' in each.attributes)) {
    const folder = join(runDir, ...String(span.attributes['dad.generic.node_hierarchy']).split('.'));
    const parsed = nodeResult.safeParse(JSON.parse(await readFile(join(folder, 'result.json'), 'utf8')));
    if (!parsed.success) throw new Error(`${folder}/result.json: ${z.prettifyError(parsed.error)}`);
    const result = parsed.data;
    expect(result.node_identifier).toBe(span.attributes['dad.generic.node_id']);
    expect(result.executable_type).toBe(span.name === 'callback.execute' ? 'callback' : 'flow_node');
    if (result.execution_status !== 'completed') continue;
    const keys = OUTPUT_KEYS[span.name];
    expect(keys, `§3 lists ${span.name}`).toBeDefined();
    expect(Object.keys((result.output?.data ?? {}) as object)).toEqual(
      expect.arrayContaining(keys?.data ?? []),
    );
    expect(Object.keys((result.outcome ?? {}) as object)).toEqual(
      expect.arrayContaining(keys?.outcome ?? []),
    );
  }
  return spans;
}

describe('run files read to DAD’s published field names, by a reader of their own', () => {
  it('article_writer: every line and file has exactly the spec’s fields and shapes, the spans one tree', async () => {
    const runDir = await runAgent('article_writer');
    const spans = await checkRunDirectory(runDir, 'completed');
    expect(new Set(spans.map((span) => span.name))).toEqual(
      new Set([
        'AgentRunner.run_agent',
        'agent.execute',
        'flow.execute',
        'ai_model_call.execute',
        'callback.execute',
        'file_operation.execute',
      ]),
    );
    expect(spans.every((span) => span.status.status_code === 'OK')).toBe(true);
  });

  it('a failed folder_report: the failing span is ERROR with its reason, the files still to the spec', async () => {
    const inputs = join(dir, 'failing-inputs.json');
    await writeFile(inputs, JSON.stringify({ line_counts: { commands: ['echo about to fail; exit 3'] } }));
    const runDir = await runAgent('folder_report', ['--static-inputs', inputs]);
    const spans = await checkRunDirectory(runDir, 'failed');
    const failed = spans.find((span) => span.attributes['dad.generic.node_id'] === 'line_counts');
    expect(failed?.status.status_code).toBe('ERROR');
    expect(failed?.attributes['dad.generic.execution_status']).toBe('failed');
  });
});
