import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { runModelCall, SDK_TIMEOUT_SLACK_MS } from './call-deadline';
import { composeSystemMessage, composeUserMessage } from './messages';
import { BUILT_IN_PRICES, costFor, type PriceTable } from './prices';
import { ProviderError } from './provider-error';
import { providerErrorFromSdk, streamBrokeError, type SdkErrorClasses } from './sdk-errors';
import { schemaNameFor, structuredValueOf } from './structured-output';
import { estimatedUsage } from './token-estimate';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  type ModelCallOptions,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type ModelUsage,
  type RetryPolicy,
} from './types';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiProviderOptions {
  /** May be null for an OpenAI-compatible server that needs no key (Ollama, llama.cpp, LM Studio). */
  apiKey: string | null;
  /** Default `https://api.openai.com/v1`; `http://localhost:11434/v1` for Ollama, and so on. */
  baseUrl?: string | null;
  prices?: PriceTable;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

const SDK_ERRORS: SdkErrorClasses = {
  APIError: OpenAI.APIError,
  APIUserAbortError: OpenAI.APIUserAbortError,
  APIConnectionError: OpenAI.APIConnectionError,
  APIConnectionTimeoutError: OpenAI.APIConnectionTimeoutError,
};

// The SDK insists on a key; servers that need none ignore whatever is sent.
const PLACEHOLDER_KEY = 'not-needed';

/**
 * Chat completions on the official SDK, for OpenAI and every server that speaks its API. Streams
 * with `stream_options.include_usage` so token counts arrive in the last chunk; structured output
 * goes as `response_format: {type: "json_schema"}` (strict when the schema allows it). The SDK's
 * own retries are off: `withRetries` handles 429/5xx so delays follow the policy given here.
 * The key stays inside this closure.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): ModelProvider {
  const baseUrl = options.baseUrl || OPENAI_DEFAULT_BASE_URL;
  const host = new URL(baseUrl).host;
  const secret = options.apiKey;
  const prices = options.prices ?? BUILT_IN_PRICES;
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const client = new OpenAI({
    apiKey: secret || PLACEHOLDER_KEY,
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: 'off',
  });
  // Reasoning models on OpenAI itself refuse `max_tokens`; compatible servers may not know the new name.
  const maxTokensField = host === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens';

  async function attempt(
    request: ModelRequest,
    call: ModelCallOptions,
    signal: AbortSignal,
    remainingMs: number,
  ) {
    const params = buildParams(request, maxTokensField);
    // The deadline fires first and says "timed out"; the SDK's own timer is only a backstop.
    const requestOptions = { signal, timeout: remainingMs + SDK_TIMEOUT_SLACK_MS };
    const promptText = [composeSystemMessage(request.systemInstructions) ?? '', userMessageOf(params)].join(
      '\n',
    );
    if (request.stream === false) {
      const completion = await client.chat.completions
        .create({ ...params, stream: false }, requestOptions)
        .catch((error: unknown) => {
          throw providerErrorFromSdk('openai', error, SDK_ERRORS, { secret, host });
        });
      const choice = completion.choices[0];
      const text = choice?.message.content ?? '';
      return finish(request, {
        model: completion.model || request.model,
        text,
        finishReason: choice?.finish_reason ?? null,
        usage: usageOf(completion.usage),
        promptText,
      });
    }
    const stream = await client.chat.completions
      .create({ ...params, stream: true, stream_options: { include_usage: true } }, requestOptions)
      .catch((error: unknown) => {
        throw providerErrorFromSdk('openai', error, SDK_ERRORS, { secret, host });
      });
    let text = '';
    let model = request.model;
    let finishReason: string | null = null;
    let usage: ModelUsage | null = null;
    try {
      for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
        if (chunk.model) model = chunk.model;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          call.onDelta?.(delta);
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) usage = usageOf(chunk.usage);
      }
    } catch (error) {
      throw streamBrokeError('openai', error, text.length, { secret, sdk: SDK_ERRORS });
    }
    // The SDK ends the iteration quietly on abort; the caller turns this into "aborted" or "timed out".
    if (signal.aborted) throw new ProviderError('openai', 'aborted', 'openai: the model call was aborted');
    if (finishReason === null) {
      throw new ProviderError(
        'openai',
        'stream',
        `openai: the answer stream ended before the model finished (no finish_reason) after ${text.length} characters`,
      );
    }
    return finish(request, { model, text, finishReason, usage, promptText });
  }

  function finish(
    request: ModelRequest,
    result: {
      model: string;
      text: string;
      finishReason: string | null;
      usage: ModelUsage | null;
      promptText: string;
    },
  ): ModelResponse {
    const usage = result.usage ?? estimatedUsage(result.promptText, result.text);
    return {
      model: result.model,
      provider: 'openai',
      text: result.text,
      structured: request.structuredOutput ? structuredValueOf(result.text) : null,
      finishReason: result.finishReason ?? 'unknown',
      usage,
      ...(result.usage ? {} : { usageEstimated: true }),
      cost: costFor(prices, result.model, usage) ?? costFor(prices, request.model, usage),
    };
  }

  return {
    name: 'openai',
    endpointHost: host,
    call(request, call) {
      const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      return runModelCall('openai', { outer: call.signal, timeoutMs, retry }, (signal, remainingMs) =>
        attempt(request, call, signal, remainingMs),
      );
    },
  };
}

function buildParams(
  request: ModelRequest,
  maxTokensField: 'max_tokens' | 'max_completion_tokens',
): ChatCompletionCreateParamsBase {
  const messages: ChatCompletionMessageParam[] = [];
  const system = composeSystemMessage(request.systemInstructions);
  if (system !== null) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: composeUserMessage(request.context, request.prompt) });
  const params: ChatCompletionCreateParamsBase = { model: request.model, messages };
  if (request.options.temperature !== undefined) params.temperature = request.options.temperature;
  if (request.options.topP !== undefined) params.top_p = request.options.topP;
  if (request.options.maxTokens !== undefined) params[maxTokensField] = request.options.maxTokens;
  if (request.structuredOutput) {
    const schema = request.structuredOutput.schema;
    params.response_format = {
      type: 'json_schema',
      json_schema: {
        name: schemaNameFor(request.structuredOutput.name),
        schema,
        strict: isStrictCompatible(schema),
      },
    };
  }
  return params;
}

function userMessageOf(params: ChatCompletionCreateParamsBase): string {
  const last = params.messages[params.messages.length - 1];
  return typeof last?.content === 'string' ? last.content : '';
}

function usageOf(
  usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined,
): ModelUsage | null {
  if (!usage) return null;
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
  };
}

/**
 * OpenAI's strict mode guarantees the schema but accepts only schemas where every object lists all
 * its properties as required and forbids others; anything else goes non-strict rather than refused.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return true;
  const node = schema as Record<string, unknown>;
  const properties = isRecord(node.properties) ? node.properties : null;
  if (node.type === 'object' || properties) {
    if (node.additionalProperties !== false) return false;
    const required = Array.isArray(node.required) ? node.required : [];
    if (!Object.keys(properties ?? {}).every((name) => required.includes(name))) return false;
  }
  const children: unknown[] = [
    ...Object.values(properties ?? {}),
    ...Object.values(isRecord(node.$defs) ? node.$defs : {}),
    ...Object.values(isRecord(node.definitions) ? node.definitions : {}),
    ...(['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const).flatMap((key) => {
      const list = node[key];
      return Array.isArray(list) ? list : [];
    }),
    node.items,
  ];
  return children.every(isStrictCompatible);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
