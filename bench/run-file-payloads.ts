/**
 * File contents of the same shape and size as the engine writes for a no-op node, so the bare-write
 * baseline moves the same bytes. The disk does not care what they say, so they are made once.
 */
const AT = '2026-01-01T00:00:00.000000Z';
const ZERO_USAGE = {
  agg_usage_cost: 0,
  agg_usage_charge: 0,
  agg_usage_prompt_tokens: 0,
  agg_usage_completion_tokens: 0,
  agg_usage_total_tokens: 0,
};

function jsonFile(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export const NODE_RESULT = jsonFile({
  executable_type: 'flow_node',
  node_identifier: 'n0',
  execution_status: 'completed',
  output: { data: { ok: true } },
  outcome: { ok: true },
  created_at: AT,
});

export const NODE_OUTCOME = jsonFile({ ok: true });

export const ITERATION_RESULT = jsonFile({
  executable_type: 'flow',
  component_id: 'each',
  is_rerun: false,
  start_hierarchy_path: null,
  execution_status: 'completed',
  execution_results: { step: { executable_type: 'flow_node', execution_status: 'completed', ...ZERO_USAGE } },
  error: null,
  errors: null,
  metadata: { hierarchy_path: 'bench.each.iter_0', component_type: 'loop' },
  created_at: AT,
  updated_at: AT,
  completed_at: AT,
  ...ZERO_USAGE,
});

function spanLine(name: string, attributes: Record<string, unknown>): string {
  return (
    JSON.stringify({
      name,
      context: { trace_id: `0x${'7a'.repeat(16)}`, span_id: `0x${'1a'.repeat(8)}`, trace_state: '[]' },
      kind: 'SpanKind.INTERNAL',
      parent_id: `0x${'11'.repeat(8)}`,
      start_time: AT,
      end_time: AT,
      status: { status_code: 'OK' },
      attributes,
      events: [],
      links: [],
      resource: {
        attributes: {
          'telemetry.sdk.language': 'nodejs',
          'telemetry.sdk.name': 'opentelemetry',
          'telemetry.sdk.version': '2.11.0',
          'service.name': 'dad-agent',
        },
        schema_url: '',
      },
    }) + '\n'
  );
}

export const NODE_SPAN_LINE = spanLine('bench_noop.execute', {
  'dad.generic.node_id': 'n0',
  'dad.generic.node_type': 'bench_noop',
  'dad.generic.node_hierarchy': 'bench.n0',
  'dad.generic.component_id': 'bench',
  'dad.generic.component_hierarchy': 'bench',
  'dad.generic.execution_start_time': '2026-01-01T00:00:00.000Z',
  'dad.generic.execution_end_time': '2026-01-01T00:00:00.000Z',
  'dad.generic.execution_duration_ms': 0,
  'dad.generic.execution_status': 'completed',
});

export const FLOW_SPAN_LINE = spanLine('flow.execute', {
  'dad.generic.component_id': 'each',
  'dad.generic.component_type': 'loop',
  'dad.generic.component_hierarchy': 'bench.each.iter_0',
  'dad.generic.execution_start_time': '2026-01-01T00:00:00.000Z',
  'dad.generic.execution_end_time': '2026-01-01T00:00:00.000Z',
  'dad.generic.execution_duration_ms': 0,
  'dad.generic.execution_status': 'completed',
});
