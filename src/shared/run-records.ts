/** Result shapes that land on disk (shared by the engine, the reader and the window). Field names are DAD's, exactly: they are the on-disk contract. */

export type ExecutionStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout';

export interface UsageTotals {
  cost: number;
  charge: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface NodeUsage {
  cost?: number;
  charge?: number;
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/** `result.json` of a node or callback. */
export interface NodeExecutionResult {
  executable_type: 'flow_node' | 'callback';
  node_identifier: string;
  execution_status: ExecutionStatus;
  input?: unknown;
  output?: { data: unknown } | null;
  outcome?: unknown;
  error?: string | null;
  errors?: string[] | null;
  created_at: string;
  usage_cost?: number | null;
  usage_charge?: number | null;
  usage_prompt_tokens?: number | null;
  usage_completion_tokens?: number | null;
  usage_total_tokens?: number | null;
}

/** `component_result.json` of a flow or agent. */
export interface ComponentExecutionResult {
  executable_type: 'flow' | 'agent';
  component_id: string;
  is_rerun: boolean;
  start_hierarchy_path: string | null;
  execution_status: ExecutionStatus;
  execution_results: Record<string, unknown>;
  error: string | null;
  errors: string[] | null;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  agg_usage_cost: number;
  agg_usage_charge: number;
  agg_usage_prompt_tokens: number;
  agg_usage_completion_tokens: number;
  agg_usage_total_tokens: number;
}
