/**
 * A finished run whose values are too big to send whole: a node span with a 50 MB attribute and an
 * event carrying a 2 MB one, and the node's 5 MB result.json. The text mixes one-, two-, three- and
 * four-byte UTF-8 characters (and UTF-16 surrogate pairs), so pieces cut anywhere meet them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BIG_RUN_ID = 'run_20260101_120000_b16b16';
export const BIG_SPAN_ID = '0x00000000000000b1';
export const BIG_NODE_PATH = 'big.main.summarize';
export const BIG_ATTRIBUTE = 'dad.result.response_text';
export const BIG_EVENT_ATTRIBUTE = 'chunk.text';

const LINE = 'café 😀 naïve 漢字 — the quick brown fox jumps over the lazy dog.\n';

/** `length` UTF-16 units of text numbered line by line, never ending inside a surrogate pair. */
export function bigText(length: number, seed = 'line'): string {
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < length; n++) {
    const line = `${seed} ${String(n).padStart(7, '0')} ${LINE}`;
    parts.push(line);
    size += line.length;
  }
  let text = parts.join('').slice(0, length);
  const last = text.charCodeAt(text.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1) + 'x';
  return text;
}

export interface BigValuesRun {
  runDir: string;
  attributeValue: string;
  eventValue: string;
  /** The exact text of the node's result.json. */
  resultText: string;
}

const AT_START = '2026-01-01T12:00:00.000000Z';
const AT_END = '2026-01-01T12:00:05.000000Z';
const TRACE_ID = `0x${'ab'.repeat(16)}`;

function spanLine(
  spanId: string,
  parentId: string | null,
  name: string,
  attributes: Record<string, unknown>,
  events: unknown[] = [],
): string {
  return JSON.stringify({
    name,
    context: { trace_id: TRACE_ID, span_id: spanId, trace_state: '[]' },
    kind: 'SpanKind.INTERNAL',
    parent_id: parentId,
    start_time: AT_START,
    end_time: AT_END,
    status: { status_code: 'OK' },
    attributes,
    events,
    links: [],
    resource: { attributes: { 'service.name': 'dad-agent' }, schema_url: '' },
  });
}

/** Writes the run under `runsDir` (sizes in UTF-16 units for the span values, bytes-ish for the file). */
export async function writeBigValuesRun(
  runsDir: string,
  sizes: { attribute?: number; event?: number; result?: number } = {},
): Promise<BigValuesRun> {
  const attributeValue = bigText(sizes.attribute ?? 50 * 1024 * 1024, 'attr');
  const eventValue = bigText(sizes.event ?? 2 * 1024 * 1024, 'event');
  const runDir = join(runsDir, BIG_RUN_ID);
  await mkdir(join(runDir, '.trace'), { recursive: true });
  const flowId = '0x00000000000000f1';
  const trace = [
    spanLine(
      BIG_SPAN_ID,
      flowId,
      'ai_model_call.execute',
      {
        'dad.generic.node_id': 'summarize',
        'dad.generic.node_type': 'ai_model_call',
        'dad.generic.node_hierarchy': BIG_NODE_PATH,
        'dad.generic.component_id': 'main',
        'dad.generic.component_hierarchy': 'big.main',
        'dad.generic.execution_status': 'completed',
        [BIG_ATTRIBUTE]: attributeValue,
      },
      [{ name: 'chunk', timestamp: AT_END, attributes: { [BIG_EVENT_ATTRIBUTE]: eventValue, small: 1 } }],
    ),
    spanLine(flowId, '0x00000000000000a1', 'flow.execute', {
      'dad.generic.component_id': 'main',
      'dad.generic.component_type': 'flow',
      'dad.generic.component_hierarchy': 'big.main',
    }),
    spanLine('0x00000000000000a1', null, 'AgentRunner.run_agent', {
      'dad.generic.component_id': 'big',
      'dad.generic.component_type': 'agent',
      'dad.generic.component_hierarchy': 'big',
    }),
  ];
  await writeFile(join(runDir, '.trace', 'trace.jsonl'), trace.join('\n') + '\n');
  await writeFile(join(runDir, '.trace', 'logs.jsonl'), '');
  await writeFile(join(runDir, '.trace', 'metrics.jsonl'), '');
  await writeFile(
    join(runDir, '.trace', 'dad_metadata.json'),
    JSON.stringify({
      run_id: BIG_RUN_ID,
      created_at: '2026-01-01T12:00:00.000000',
      status: 'completed',
      completed_at: '2026-01-01T12:00:05.000000',
      duration_seconds: 5,
    }),
  );
  const nodeDir = join(runDir, ...BIG_NODE_PATH.split('.'));
  await mkdir(nodeDir, { recursive: true });
  const resultText =
    JSON.stringify(
      {
        executable_type: 'flow_node',
        node_identifier: 'summarize',
        execution_status: 'completed',
        input: { prompt_variables: { topic: 'big values' } },
        output: { data: { response: { text: bigText(sizes.result ?? 5 * 1024 * 1024, 'result') } } },
        outcome: { text: 'done' },
        created_at: AT_START,
      },
      null,
      2,
    ) + '\n';
  await writeFile(join(nodeDir, 'result.json'), resultText);
  await writeFile(join(nodeDir, 'outcome.json'), JSON.stringify({ text: 'done' }, null, 2));
  return { runDir, attributeValue, eventValue, resultText };
}
