/** Result shapes that land on disk. Field names are DAD's, exactly: they are the on-disk contract. */

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

export function emptyUsage(): UsageTotals {
  return { cost: 0, charge: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };
}

export function addUsage(into: UsageTotals, usage: NodeUsage | UsageTotals | undefined): void {
  if (!usage) return;
  into.cost += usage.cost ?? 0;
  into.charge += usage.charge ?? 0;
  into.promptTokens += usage.promptTokens ?? 0;
  into.completionTokens += usage.completionTokens ?? 0;
  into.totalTokens += usage.totalTokens ?? 0;
}

export function usageOfNodeResult(result: NodeExecutionResult): UsageTotals {
  return {
    cost: result.usage_cost ?? 0,
    charge: result.usage_charge ?? 0,
    promptTokens: result.usage_prompt_tokens ?? 0,
    completionTokens: result.usage_completion_tokens ?? 0,
    totalTokens: result.usage_total_tokens ?? 0,
  };
}

export function aggUsageFields(usage: UsageTotals) {
  return {
    agg_usage_cost: usage.cost,
    agg_usage_charge: usage.charge,
    agg_usage_prompt_tokens: usage.promptTokens,
    agg_usage_completion_tokens: usage.completionTokens,
    agg_usage_total_tokens: usage.totalTokens,
  };
}

/** DAD leaves null fields out of result JSON; so do we (recursively, objects only). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) out[key] = withoutNulls(item);
    }
    return out as T;
  }
  return value;
}
