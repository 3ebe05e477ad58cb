import type { ModelCallFacts } from '../../shared/run-data';
import { BUILT_IN_PRICES, costFor } from '../engine/providers/prices';
import { numberOf } from './attribute-values';

/**
 * What a span of another tool says of one model call, by the OpenTelemetry GenAI conventions
 * (`gen_ai.*`) or OpenInference's (`llm.*`). Unknown numbers are NaN.
 */
export interface ModelCallUsage {
  model: string | null;
  provider: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** USD from the built-in price table; NaN when the model's price or the token split is unknown. */
  cost: number;
}

/**
 * Operations of `gen_ai.operation.name` that are a call to a model. Agent and tool spans
 * (`invoke_agent`, `execute_tool`…) may repeat their calls' usage: counting them would count it twice.
 */
const MODEL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);
/** OpenInference span kinds that are a call to a model (CHAIN and AGENT spans may sum their calls'). */
const MODEL_SPAN_KINDS = new Set(['LLM', 'EMBEDDING']);

/** Whether the span's attributes describe one call to a model, by either convention. */
export function isModelCallSpan(attributes: Record<string, unknown>): boolean {
  const spanKind = attributes['openinference.span.kind'];
  if (typeof spanKind === 'string') return MODEL_SPAN_KINDS.has(spanKind.toUpperCase());
  const operation = attributes['gen_ai.operation.name'];
  if (typeof operation === 'string') return MODEL_OPERATIONS.has(operation);
  // Conventions before `gen_ai.operation.name` named only the system and the model.
  const system = attributes['gen_ai.provider.name'] ?? attributes['gen_ai.system'];
  return (
    typeof system === 'string' &&
    (typeof attributes['gen_ai.request.model'] === 'string' ||
      typeof attributes['gen_ai.response.model'] === 'string')
  );
}

/** The model, provider, tokens and cost of a model call span; null for any other span. */
export function modelCallUsageOf(attributes: Record<string, unknown>): ModelCallUsage | null {
  if (!isModelCallSpan(attributes)) return null;
  const inputTokens = firstNumber(attributes, INPUT_TOKEN_KEYS);
  const outputTokens = firstNumber(attributes, OUTPUT_TOKEN_KEYS);
  let totalTokens = firstNumber(attributes, TOTAL_TOKEN_KEYS);
  if (Number.isNaN(totalTokens) && !(Number.isNaN(inputTokens) && Number.isNaN(outputTokens)))
    totalTokens =
      (Number.isNaN(inputTokens) ? 0 : inputTokens) + (Number.isNaN(outputTokens) ? 0 : outputTokens);
  const model = firstText(attributes, MODEL_KEYS);
  const provider = firstText(attributes, PROVIDER_KEYS);
  return {
    model,
    provider,
    inputTokens,
    outputTokens,
    totalTokens,
    cost: costOf(model, inputTokens, outputTokens),
  };
}

// Current names first, then those of earlier versions of each convention.
const INPUT_TOKEN_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
];
const OUTPUT_TOKEN_KEYS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
];
const TOTAL_TOKEN_KEYS = ['llm.token_count.total'];
/** The model that answered names the price better than the one asked for (`gpt-4o` → `gpt-4o-2024-08-06`). */
const MODEL_KEYS = [
  'gen_ai.response.model',
  'gen_ai.request.model',
  'llm.response.model_name',
  'llm.model_name',
  'llm.request.model_name',
];
const PROVIDER_KEYS = ['gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system'];

/** A half of the split not reported counts as none used; with neither, there is no cost. */
function costOf(model: string | null, inputTokens: number, outputTokens: number): number {
  if (model === null || (Number.isNaN(inputTokens) && Number.isNaN(outputTokens))) return Number.NaN;
  const promptTokens = Number.isNaN(inputTokens) ? 0 : inputTokens;
  const completionTokens = Number.isNaN(outputTokens) ? 0 : outputTokens;
  const cost = costFor(BUILT_IN_PRICES, model, {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
  });
  return cost ?? Number.NaN;
}

function firstNumber(attributes: Record<string, unknown>, keys: readonly string[]): number {
  for (const key of keys) {
    const value = numberOf(attributes[key]);
    if (!Number.isNaN(value)) return value;
  }
  return Number.NaN;
}

function firstText(attributes: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/** The same for the window: unknown numbers as null. */
export function modelCallFactsOf(attributes: Record<string, unknown>): ModelCallFacts | null {
  const usage = modelCallUsageOf(attributes);
  if (usage === null) return null;
  const known = (value: number) => (Number.isNaN(value) ? null : value);
  return {
    model: usage.model,
    provider: usage.provider,
    inputTokens: known(usage.inputTokens),
    outputTokens: known(usage.outputTokens),
    totalTokens: known(usage.totalTokens),
    cost: known(usage.cost),
  };
}
