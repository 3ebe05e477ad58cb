export type {
  ExecutionStatus,
  UsageTotals,
  NodeUsage,
  NodeExecutionResult,
  ComponentExecutionResult,
} from '../../shared/run-records';
import type { NodeExecutionResult, NodeUsage, UsageTotals } from '../../shared/run-records';

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
