/**
 * Run directories written the way the Python DAD writes them (its `json.dumps`, Python-repr
 * attribute values, older log keys, CRLF lines, cut last lines), for the reader's tests and the
 * browser tests that open one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `json.dumps` as Python writes it: spaces after `:` and `,`, non-ASCII escaped, NaN bare. */
export function pyJson(value: unknown): string {
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyJson(key)}: ${pyJson(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

export const TRACE = '0x8f1c2b7a9d4e4f60a1b2c3d4e5f60718';
const RESOURCE = {
  attributes: { 'telemetry.sdk.language': 'python', 'service.name': 'dad-agent' },
  schema_url: '',
};

export function dadSpan(
  spanId: string,
  parentId: string | null,
  name: string,
  start: string,
  end: string,
  attributes: Record<string, unknown>,
  status = 'OK',
) {
  return pyJson({
    name,
    context: { trace_id: TRACE, span_id: spanId, trace_state: '[]' },
    kind: 'SpanKind.INTERNAL',
    parent_id: parentId,
    start_time: start,
    end_time: end,
    status: status === 'OK' ? { status_code: 'OK' } : { status_code: status, description: 'boom' },
    attributes,
    events:
      status === 'OK'
        ? []
        : [
            {
              name: 'exception',
              timestamp: end,
              attributes: { 'exception.type': 'ValueError', 'exception.message': 'boom' },
            },
          ],
    links: [],
    resource: RESOURCE,
  });
}

export function dadLog(
  body: unknown,
  severity: unknown,
  text: string,
  at: string,
  attributes: Record<string, unknown> | null,
  spanId: string,
) {
  return pyJson({
    body,
    severity_number: severity,
    severity_text: text,
    attributes,
    dropped_attributes: 0,
    timestamp: at,
    observed_timestamp: at,
    trace_id: spanId === '' ? '' : TRACE,
    span_id: spanId,
    trace_flags: 1,
    resource: RESOURCE,
  });
}

export const FLOW = '0x00000000000000f1';
export const SUMMARIZE = '0x000000000000000a';
export const FAILING = '0x000000000000000b';

export const nodeAttributes = (nodeId: string, extra: Record<string, unknown> = {}) => ({
  'dad.generic.node_id': nodeId,
  'dad.generic.node_type': 'ai_model_call',
  'dad.generic.node_hierarchy': `agent.main.${nodeId}`,
  'dad.generic.component_id': 'main',
  'dad.generic.component_hierarchy': 'agent.main',
  ...extra,
});

/** A DAD run killed mid-flow: its flow and agent spans never ended, so only nodes are written. */
export async function writeInterruptedDadRun(runDir: string): Promise<void> {
  await mkdir(join(runDir, '.trace'), { recursive: true });
  const trace = [
    dadSpan(
      SUMMARIZE,
      FLOW,
      'ai_model_call.execute',
      '2025-05-01T10:00:01.000001Z',
      '2025-05-01T10:00:02.500000Z',
      {
        ...nodeAttributes('summarize', {
          'dad.result.token_usage': "{'prompt_tokens': 10, 'completion_tokens': 5, 'total_tokens': 15}",
          'dad.node_internal.cost': 0.0025,
          'dad.node_internal.ai_model_name': 'claude',
          'dad.result.response_text': 'Résumé: café',
          'dad.result.finish_reason': 'None',
          'dad.node_internal.tags': "['a', 'b']",
          'dad.node_internal.temperature': Number.NaN,
        }),
      },
    ),
    '',
    '{"name": "broken", "context": {"trace_id": "0x1"',
    dadSpan(
      FAILING,
      FLOW,
      'ai_model_call.execute',
      '2025-05-01T10:00:03.000000Z',
      '2025-05-01T10:00:03.250000Z',
      nodeAttributes('check'),
      'ERROR',
    ),
  ];
  await writeFile(
    join(runDir, '.trace', 'trace.jsonl'),
    trace.join('\n') + '\n' + '{"name": "ai_model_call.exe',
  );
  const logs = [
    dadLog(
      'starting',
      '<SeverityNumber.INFO: 9>',
      'INFO',
      '2025-05-01T10:00:00.500000Z',
      { 'code.filepath': '/app/run.py', 'code.lineno': 12, 'code.function': 'main' },
      '',
    ),
    dadLog(
      { event: 'model_call', tokens: 15 },
      13,
      'WARNING',
      '2025-05-01T10:00:02.000000Z',
      { node_id: 'summarize', 'code.filepath': '/app/node.py' },
      SUMMARIZE,
    ),
    dadLog('no attributes — café', 9, 'INFO', '2025-05-01T10:00:02.100000Z', null, '0x0000000000000000'),
    dadLog('check failed: boom', 17, 'ERROR', '2025-05-01T10:00:03.200000Z', { node_id: 'check' }, FAILING),
  ];
  await writeFile(join(runDir, '.trace', 'logs.jsonl'), logs.join('\r\n') + '\r\n{"body": "cut sho');
  await writeFile(join(runDir, '.trace', 'metrics.jsonl'), '');
  await writeFile(
    join(runDir, '.trace', 'dad_metadata.json'),
    pyJson({
      run_id: 'run_20250501_100000_a1b2c3',
      created_at: '2025-05-01T10:00:00.000000',
      status: 'initialized',
    }),
  );
}
