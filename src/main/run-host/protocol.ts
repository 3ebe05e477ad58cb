import { z } from 'zod';
import type { RunEvent } from '../../shared/run-events';

/**
 * The messages between the service (parent) and the process a run executes in (child). Both sides
 * check every message they receive against these schemas: the child runs agent code, which is not
 * trusted to behave, and the parent never acts on a message that does not fit.
 */

const text = z.string();
const nullableText = z.string().nullable();

// Events are checked for the fields the service reads; the records they carry keep any extra field.
const runEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('run_started'),
    runId: text,
    runDir: text,
    executionId: text,
    rootComponentId: text,
    previousRunId: nullableText,
    startHierarchyPath: nullableText,
    at: text,
  }),
  z.looseObject({
    type: z.literal('run_ended'),
    runId: text,
    status: z.enum(['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout']),
    error: nullableText,
    at: text,
  }),
  z.looseObject({
    type: z.literal('span_started'),
    runId: text,
    name: text,
    traceId: text,
    spanId: text,
    parentId: nullableText,
    startTime: text,
    attributes: z.record(z.string(), z.unknown()),
  }),
  z.looseObject({
    type: z.literal('span_ended'),
    runId: text,
    span: z.looseObject({
      name: text,
      context: z.looseObject({ trace_id: text, span_id: text }),
      parent_id: nullableText,
      start_time: text,
      end_time: text,
      status: z.looseObject({ status_code: z.enum(['OK', 'ERROR', 'UNSET']) }),
      attributes: z.record(z.string(), z.unknown()),
      events: z.array(z.unknown()),
    }),
  }),
  z.looseObject({
    type: z.literal('node_started'),
    runId: text,
    nodeId: text,
    nodeType: text,
    hierarchyPath: text,
    at: text,
  }),
  z.looseObject({
    type: z.literal('node_completed'),
    runId: text,
    nodeId: text,
    nodeType: text,
    hierarchyPath: text,
    result: z.looseObject({}),
    reusedFrom: nullableText,
  }),
  z.looseObject({
    type: z.literal('node_input_required'),
    runId: text,
    nodeId: text,
    nodeType: text,
    hierarchyPath: text,
    inputSchema: z.unknown(),
  }),
  z.looseObject({
    type: z.literal('node_output_delta'),
    runId: text,
    nodeId: text,
    hierarchyPath: text,
    text,
  }),
  z.looseObject({
    type: z.literal('log'),
    runId: text,
    record: z.looseObject({ severity_text: text, timestamp: text }),
  }),
  z.looseObject({
    type: z.literal('metrics'),
    runId: text,
    export: z.looseObject({ resource_metrics: z.array(z.unknown()) }),
  }),
  z.looseObject({
    type: z.literal('outcome_commit'),
    runId: text,
    sha: text,
    branch: text,
    message: text,
    nodeId: nullableText,
  }),
]);

const errorDataSchema = z.object({ code: text, message: text });
export type ErrorData = z.infer<typeof errorDataSchema>;

/** What the child needs to run one agent: the parent has already named the run. */
export const startRequestSchema = z.object({
  runId: text,
  projectRoot: text,
  agentId: text,
  staticInputs: z.record(z.string(), z.unknown()).optional(),
  previousRunId: text.optional(),
  startHierarchyPath: text.optional(),
});
export type StartRequest = z.infer<typeof startRequestSchema>;

/** Parent to child. */
export const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), request: startRequestSchema }),
  z.object({ type: z.literal('cancel'), reason: text }),
  z.object({
    type: z.literal('provide_input'),
    requestId: z.number().int(),
    hierarchyPath: text,
    input: z.unknown(),
  }),
  /** The parent has what it needs: the child ends (agent timers would otherwise keep it alive). */
  z.object({ type: z.literal('exit') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** Child to parent. */
export const childMessageSchema = z.discriminatedUnion('type', [
  /** The child listens: the start request can go. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('started'), runId: text, runDir: text }),
  /** The run could not start (bad inputs, bad definition, agent file that does not load). */
  z.object({ type: z.literal('start_failed'), error: errorDataSchema }),
  z.object({ type: z.literal('events'), events: z.array(runEventSchema).min(1) }),
  z.object({
    type: z.literal('input_answered'),
    requestId: z.number().int(),
    error: errorDataSchema.nullable(),
  }),
  /** The run recorded its own end in its folder; the child exits next. */
  z.object({
    type: z.literal('ended'),
    status: z.enum(['completed', 'failed', 'cancelled', 'timeout']),
    error: nullableText,
  }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
/** A child message as the child builds it: events are the engine's own. */
export type OutgoingChildMessage =
  | Exclude<ChildMessage, { type: 'events' }>
  | { type: 'events'; events: RunEvent[] };

/** Events as the child sends them (the schema's output type is wider than RunEvent's). */
export function eventsOf(message: Extract<ChildMessage, { type: 'events' }>): RunEvent[] {
  // Checked field by field above; the loose records are the engine's own shapes.
  return message.events as unknown as RunEvent[];
}

/** Where a message failed its schema, without quoting what it held. */
export function describeSchemaIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not fit the protocol';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `field ${path}: ${issue.code.replace(/_/g, ' ')}`;
}

export function errorDataOf(error: unknown): ErrorData {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  return { code: /^[a-z_]{1,64}$/.test(code) ? code : 'internal_error', message };
}
