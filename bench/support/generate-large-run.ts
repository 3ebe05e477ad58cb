import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export interface LargeRunOptions {
  /** The runs folder to create the run in. */
  runRoot: string;
  /** Spans in the trace, at least 8 (the run, the agent, one flow and its nodes). */
  spans: number;
  logs: number;
  runId?: string;
  /** Flows under the agent; each runs a loop of iterations of four nodes. 10 by default. */
  flows?: number;
  /** One node in this many fails (with an exception event); 100 by default. */
  failEvery?: number;
}

export interface LargeRun {
  runId: string;
  runDir: string;
  spans: number;
  nodeSpans: number;
  logs: number;
  traceBytes: number;
  logBytes: number;
}

const TRACE_ID = '0x5b8efff798038103d269b633813fc60c';
const NODES_PER_ITERATION = ['fetch', 'summarize', 'check', 'store'] as const;
const NODE_TYPES = ['command', 'ai_model_call', 'folder_analyzer', 'file_operation'] as const;
const RESOURCE = {
  attributes: {
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '2.11.0',
    'service.name': 'dad-agent',
  },
  schema_url: '',
};
const RESOURCE_JSON = JSON.stringify(RESOURCE);
const PROMPT = 'Summarize the following findings for the weekly report. '.repeat(6);
const RESPONSE = 'The findings show steady progress; two items need a follow-up next week. '.repeat(3);
const FLUSH_BYTES = 8 << 20;

/**
 * Writes a synthetic run directory in this engine's exact file shapes: a trace of `spans` spans
 * nested agent → flows → loop iterations → nodes (written children first, as spans end), `logs`
 * log lines spread over the nodes, a few metrics exports, and the run's metadata and summary.
 * Lines are built as text and written in 8 MB chunks, so a million spans take seconds.
 */
export async function generateLargeRun(options: LargeRunOptions): Promise<LargeRun> {
  const runId = options.runId ?? 'run_20260101_000000_abcdef';
  const runDir = join(options.runRoot, runId);
  const traceDir = join(runDir, '.trace');
  await mkdir(traceDir, { recursive: true });
  await mkdir(join(runDir, 'static_inputs'), { recursive: true });

  const flows = Math.max(1, Math.min(options.flows ?? 10, Math.floor((options.spans - 2) / 5)));
  const nodeBudget = Math.max(0, options.spans - 2 - flows);
  const failEvery = options.failEvery ?? 100;
  const startUs = Date.UTC(2026, 0, 1, 9, 0, 0) * 1000;
  let nextSpan = 1;
  let clockUs = startUs;
  let nodeSpans = 0;
  let logsWritten = 0;
  let tokens = 0;
  let cost = 0;
  const logsPerNode = nodeBudget > 0 ? options.logs / nodeBudget : 0;
  let logDebt = 0;

  const trace = await ChunkWriter.open(join(traceDir, 'trace.jsonl'));
  const logs = await ChunkWriter.open(join(traceDir, 'logs.jsonl'));
  try {
    const rootId = spanIdOf(nextSpan++);
    const agentId = spanIdOf(nextSpan++);
    const runStart = clockUs;
    clockUs += 50;
    const agentStart = clockUs;
    for (let flow = 0; flow < flows; flow++) {
      const flowId = spanIdOf(nextSpan++);
      const flowName = `flow_${flow}`;
      const flowStart = (clockUs += 20);
      // Spread the node budget over the flows; each iteration holds up to four nodes.
      const flowNodes = Math.floor(nodeBudget / flows) + (flow < nodeBudget % flows ? 1 : 0);
      for (let done = 0, iteration = 0; done < flowNodes; iteration++) {
        for (let n = 0; n < NODES_PER_ITERATION.length && done < flowNodes; n++, done++) {
          const nodeId = NODES_PER_ITERATION[n] as string;
          const nodeType = NODE_TYPES[n] as string;
          const hierarchy = `agent.${flowName}.each.iter_${iteration}.${nodeId}`;
          const spanId = spanIdOf(nextSpan++);
          const start = (clockUs += 10);
          const end = (clockUs += 900 + ((nodeSpans * 37) % 400));
          const failed = failEvery > 0 && nodeSpans % failEvery === failEvery - 1;
          const model = nodeType === 'ai_model_call';
          const usage = {
            prompt_tokens: 120 + (nodeSpans % 50),
            completion_tokens: 40,
            total_tokens: 160 + (nodeSpans % 50),
          };
          const nodeCost = model ? usage.total_tokens * 0.000002 : 0;
          if (model) {
            tokens += usage.total_tokens;
            cost += nodeCost;
          }
          logDebt += logsPerNode;
          while (logDebt >= 1 && logsWritten < options.logs) {
            logDebt--;
            const at = start + ((end - start) * (logsWritten % 7)) / 8;
            await logs.add(logLine(logsWritten, at, nodeId, flowName, spanId, failed && logDebt < 1));
            logsWritten++;
          }
          const attributes: Record<string, unknown> = {
            'dad.generic.node_id': nodeId,
            'dad.generic.node_type': nodeType,
            'dad.generic.node_hierarchy': hierarchy,
            'dad.generic.component_id': flowName,
            'dad.generic.component_hierarchy': `agent.${flowName}`,
            'dad.generic.execution_start_time': isoMillis(start),
            ...(model
              ? {
                  'dad.node_internal.ai_model_name': 'claude-sonnet-4-5',
                  'dad.node_internal.ai_model_provider': 'anthropic',
                  'dad.node_internal.final_prompt': PROMPT,
                  'dad.node_internal.cost': nodeCost,
                  'dad.result.token_usage': JSON.stringify(usage),
                  'dad.result.response_text': RESPONSE,
                  'dad.result.finish_reason': 'end_turn',
                }
              : {}),
            'dad.generic.execution_end_time': isoMillis(end),
            'dad.generic.execution_duration_ms': Math.round((end - start) / 1000),
            'dad.generic.execution_status': failed ? 'failed' : 'completed',
            ...(failed
              ? { 'dad.generic.error_type': 'failed', 'dad.generic.error_message': `${nodeId} failed` }
              : {}),
          };
          await trace.add(spanLine(`${nodeType}.execute`, spanId, flowId, start, end, failed, attributes));
          nodeSpans++;
        }
      }
      const flowEnd = (clockUs += 30);
      await trace.add(
        spanLine('flow.execute', flowId, agentId, flowStart, flowEnd, false, {
          'dad.generic.component_id': flowName,
          'dad.generic.component_type': 'flow',
          'dad.generic.component_hierarchy': `agent.${flowName}`,
          'dad.generic.execution_start_time': isoMillis(flowStart),
          'dad.generic.execution_end_time': isoMillis(flowEnd),
          'dad.generic.execution_duration_ms': Math.round((flowEnd - flowStart) / 1000),
          'dad.generic.execution_status': 'completed',
        }),
      );
    }
    while (logsWritten < options.logs) {
      await logs.add(logLine(logsWritten, clockUs, 'agent', 'agent', agentId, false));
      logsWritten++;
    }
    const agentEnd = (clockUs += 40);
    await trace.add(
      spanLine('agent.execute', agentId, rootId, agentStart, agentEnd, false, {
        'dad.generic.component_id': 'agent',
        'dad.generic.component_type': 'agent',
        'dad.generic.component_hierarchy': 'agent',
        'dad.generic.execution_status': 'completed',
      }),
    );
    const runEnd = (clockUs += 20);
    await trace.add(
      spanLine('AgentRunner.run_agent', rootId, null, runStart, runEnd, false, {
        'dad.generic.component_id': 'agent',
        'dad.generic.component_type': 'agent',
        'dad.generic.component_hierarchy': 'agent',
      }),
    );
    await Promise.all([trace.close(), logs.close()]);

    const endIso = isoMicros(clockUs);
    await writeFile(join(traceDir, 'metrics.jsonl'), metricsLine(clockUs, nodeSpans) + '\n');
    await writeFile(
      join(traceDir, 'dad_metadata.json'),
      JSON.stringify(
        {
          run_id: runId,
          created_at: isoMicros(startUs),
          status: 'completed',
          completed_at: endIso,
          duration_seconds: (clockUs - startUs) / 1e6,
          error: null,
        },
        null,
        2,
      ),
    );
    await writeFile(
      join(runDir, 'run_summary.json'),
      JSON.stringify(
        {
          run_id: runId,
          execution_id: 'dadex-0123456789abcdef',
          root_component_id: 'agent',
          created_at: isoMicros(startUs),
          completed_at: endIso,
          agg_usage_cost: cost,
          agg_usage_charge: 0,
          agg_usage_prompt_tokens: 0,
          agg_usage_completion_tokens: 0,
          agg_usage_total_tokens: tokens,
        },
        null,
        2,
      ),
    );
  } finally {
    await Promise.all([trace.close(), logs.close()]);
  }
  return {
    runId,
    runDir,
    spans: nextSpan - 1,
    nodeSpans,
    logs: logsWritten,
    traceBytes: trace.bytes,
    logBytes: logs.bytes,
  };
}

function spanLine(
  name: string,
  spanId: string,
  parentId: string | null,
  start: number,
  end: number,
  failed: boolean,
  attributes: Record<string, unknown>,
): string {
  const status = failed ? `{"status_code":"ERROR","description":"node failed"}` : `{"status_code":"OK"}`;
  const events = failed
    ? JSON.stringify([
        {
          name: 'exception',
          timestamp: isoMicros(end - 5),
          attributes: {
            'exception.type': 'Error',
            'exception.message': 'node failed',
            'exception.stacktrace': 'Error: node failed\n    at execute (node.ts:10:11)',
          },
        },
      ])
    : '[]';
  return (
    `{"name":${JSON.stringify(name)},"context":{"trace_id":"${TRACE_ID}","span_id":"${spanId}","trace_state":"[]"},` +
    `"kind":"SpanKind.INTERNAL","parent_id":${parentId === null ? 'null' : `"${parentId}"`},` +
    `"start_time":"${isoMicros(start)}","end_time":"${isoMicros(end)}","status":${status},` +
    `"attributes":${JSON.stringify(attributes)},"events":${events},"links":[],"resource":${RESOURCE_JSON}}`
  );
}

function logLine(
  index: number,
  atUs: number,
  nodeId: string,
  componentId: string,
  spanId: string,
  error: boolean,
): string {
  const time = isoMicros(Math.floor(atUs));
  const [severity, text] = error
    ? [17, 'ERROR']
    : index % 10 === 0
      ? [13, 'WARN']
      : index % 3 === 0
        ? [5, 'DEBUG']
        : [9, 'INFO'];
  return (
    `{"body":${JSON.stringify(`${nodeId}: step ${index} ${error ? 'failed' : 'done'}`)},"severity_number":${severity},` +
    `"severity_text":"${text}","attributes":{"node_id":"${nodeId}","component_id":"${componentId}",` +
    `"trace_id":"${TRACE_ID.slice(2)}","span_id":"${spanId.slice(2)}"},"dropped_attributes":0,` +
    `"timestamp":"${time}","observed_timestamp":"${time}","trace_id":"${TRACE_ID}","span_id":"${spanId}",` +
    `"trace_flags":1,"resource":${RESOURCE_JSON}}`
  );
}

function metricsLine(atUs: number, nodes: number): string {
  const nanos = atUs * 1000;
  return JSON.stringify({
    resource_metrics: [
      {
        resource: RESOURCE,
        scope_metrics: [
          {
            scope: { name: 'dhenara.dad.node', version: null, schema_url: '' },
            metrics: [
              {
                name: 'node_execution_success',
                description: 'Number of successful node executions',
                unit: '1',
                data: {
                  data_points: [
                    { attributes: {}, start_time_unix_nano: nanos, time_unix_nano: nanos, value: nodes },
                  ],
                  aggregation_temporality: 2,
                  is_monotonic: true,
                },
              },
            ],
            schema_url: '',
          },
        ],
        schema_url: '',
      },
    ],
  });
}

function spanIdOf(n: number): string {
  return `0x${n.toString(16).padStart(16, '0')}`;
}

let cachedSecond = Number.NaN;
let cachedPrefix = '';

function isoMicros(micros: number): string {
  const second = Math.floor(micros / 1e6);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  return `${cachedPrefix}.${String(Math.floor(micros - second * 1e6)).padStart(6, '0')}Z`;
}

function isoMillis(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}

/** Collects lines and writes them to the file in large chunks, one write in flight at a time. */
class ChunkWriter {
  bytes = 0;
  private parts: string[] = [];
  private pendingLength = 0;
  private writing: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<ChunkWriter> {
    return new ChunkWriter(await open(path, 'w'));
  }

  /** Queues a line; the promise (when there is one) says the queue is full: wait for it. */
  add(line: string): Promise<unknown> | undefined {
    this.parts.push(line, '\n');
    this.pendingLength += line.length + 1;
    if (this.pendingLength < FLUSH_BYTES) return undefined;
    // Wait for the previous chunk before queueing the next, so at most two chunks are held.
    const previous = this.writing;
    this.flush();
    return previous;
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pendingLength = 0;
    this.bytes += chunk.length;
    const previous = this.writing;
    this.writing = previous.then(() => this.handle.write(chunk));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    await this.writing;
    await this.handle.close();
  }
}
